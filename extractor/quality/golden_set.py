"""A reviewable expected set: every record of an extraction as golden values in YAML.

``extractor golden REPORT --out DIR`` writes one file per record kind (``figures.yaml``,
``dates.yaml``, ``acronyms.yaml``, ``organisations.yaml``); ``regress`` reads them back.
Each file holds ``format: extractor-golden/1``, ``report`` (the file name it was made from)
and ``entries``, a list of mappings:

  label      what the value is: a figure's label, a date's event text (its raw text when it
             has none), an acronym, an organisation's name; matched by words, not position
  kind       the figure's kind (``key``, ``statement``, ``table``, ``chart``); ``timeline``
             or ``running`` for a date; the source of an acronym (``glossary``, ``inline``,
             ``undefined``); ``organisation``
  unit       a figure's unit (``EUR``, ``%``…, null for a count); null for the others
  value      a figure's number (scale applied), a date's ``start`` or ``start/end``, an
             acronym's expansion, an organisation's acronym ("" without one)
  raw        a date's text as printed
  page       1-based page where it was read (a tie-break only, never a match key)
  tolerance  absolute tolerance on a figure's value (0: exact)
  reviewed   true when a person checked the value against the page (kept when the set is
             regenerated from ``--reviewed`` files); false for an entry nobody read yet
  ignore     optional, true: the entry is neither compared nor reported (a value a person
             judged wrong or unstable, left in the file so that the decision is visible)

Regenerating the 2019 set marks ``reviewed: true`` on every entry that matches a value read
by a person in the hand-written files of ``corpus/cnaf-2019/expected`` (``--reviewed``): a
figure of the same page, unit and value; a date of the same raw text, start and end; an
acronym with the same expansion; an organisation the person required. ``--reviewed`` may also
name the earlier set itself: an entry of the same kind, label, unit, value and page keeps its
``reviewed``, ``tolerance`` and ``ignore``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import InputNotFound
from ..core.text import fold

__all__ = ["FORMAT", "FILES", "Entry", "entries_of", "mark_reviewed", "write", "is_golden_set", "read"]

FORMAT = "extractor-golden/1"
#: record list of a result → file of the set → entry kind
FILES = {"figures": "figure", "dates": "date", "acronyms": "acronym", "organisations": "organisation"}


@dataclass
class Entry:
    kind: str  #: ``figure``, ``date``, ``acronym`` or ``organisation`` (the file it sits in)
    label: str
    sub: str  #: the ``kind`` key of the file entry (see the module docstring)
    unit: str | None
    value: float | str
    page: int | None
    tolerance: float = 0.0
    reviewed: bool = False
    ignore: bool = False
    raw: str = ""  #: a date's text as printed (what a person compares with the page)


def _date_value(start: Any, end: Any) -> str:
    start, end = str(start), str(end)
    return start if start == end else f"{start}/{end}"


def _first_page(pages: Any) -> int | None:
    return pages[0] if pages else None


def entries_of(result: dict) -> list[Entry]:
    """One entry per record of an extraction (``Result.to_dict()``)."""
    out = [Entry("figure", f["label"], f.get("kind") or ("key" if f.get("key") else "statement"),
                 f["unit"], float(f["value"]), f["page"]) for f in result.get("figures", [])]
    # not a running header's date: it repeats the report's year on every page (a new year's
    # report changes it on each), and a text conversion of the report has no headers
    out += [Entry("date", d["event"] or d["raw"], "timeline" if d.get("timeline") else "running", None,
                  _date_value(d["start"], d["end"]), d["page"], raw=d["raw"])
            for d in result.get("dates", []) if not d.get("furniture")]
    out += [Entry("acronym", a["acronym"], a["source"], None, a["expansion"] or "", a["page"])
            for a in result.get("acronyms", [])]
    out += [Entry("organisation", o["name"], "organisation", None, o.get("acronym") or "",
                  _first_page(o.get("pages"))) for o in result.get("organisations", [])]
    return out


# -- what a person read -----------------------------------------------------------------------
def _squash(text: Any) -> str:
    return " ".join(fold(str(text)).split())


def _person_read(folder: Path) -> dict[str, Any]:
    """The hand-written expected files (figures.yaml, dates.yaml, acronyms.yaml) of ``folder``."""
    import yaml

    def load(name: str) -> dict:
        path = folder / name
        return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}

    figures, dates, acronyms = load("figures.yaml"), load("dates.yaml"), load("acronyms.yaml")
    read_dates = {(_squash(d["raw"]), str(d["start"]), str(d["end"]))
                  for d in (dates.get("timeline") or []) + (dates.get("running") or [])}
    read_dates |= {(_squash(raw), str(start), str(end)) for raw, start, end in dates.get("other") or []}
    expansions: dict[str, set[str]] = {}
    for section in ("glossary", "inline", "implicit_head"):
        for acronym, expansion in (acronyms.get(section) or {}).items():
            expansions.setdefault(_squash(acronym), set()).add(_squash(expansion))
    required = {_squash(o) for o in (acronyms.get("organisations") or {}).get("required") or []}
    return {"figures": figures.get("figures") or [], "dates": read_dates, "expansions": expansions,
            "organisations": required}


def _figure_read(entry: Entry, figures: list[dict]) -> dict | None:
    for f in figures:
        if (f.get("page") == entry.page and f.get("unit") == entry.unit
                and math.isclose(float(f["value"]), float(entry.value), rel_tol=1e-9,
                                 abs_tol=float(f.get("tolerance") or 0))):
            return f
    return None


def _same_entry(e: Entry) -> tuple:
    return e.kind, e.sub, e.label, e.unit, e.value, e.page


def _keep_earlier_marks(entries: list[Entry], folder: Path) -> int:
    """Carry ``reviewed``, ``tolerance`` and ``ignore`` over from an earlier set to the entries
    that are the same record (same kind, label, unit, value and page)."""
    earlier = {_same_entry(e): e for e in read(folder) if e.reviewed or e.ignore}
    count = 0
    for e in entries:
        old = earlier.get(_same_entry(e))
        if old is not None:
            e.reviewed, e.tolerance, e.ignore = e.reviewed or old.reviewed, old.tolerance, old.ignore
        count += e.reviewed
    return count


def mark_reviewed(entries: list[Entry], folder: str | Path) -> int:
    """Mark ``reviewed`` (and take the tolerance of) every entry a person read in ``folder``:
    hand-written expected files, or an earlier set whose marks are kept. Returns the count of
    reviewed entries."""
    if is_golden_set(folder):
        return _keep_earlier_marks(entries, Path(folder))
    read = _person_read(Path(folder))
    count = 0
    for e in entries:
        if e.kind == "figure":
            found = _figure_read(e, read["figures"])
            if found is not None:
                e.tolerance = float(found.get("tolerance") or 0)
            person_read = found is not None
        elif e.kind == "date":
            start, _, end = str(e.value).partition("/")
            person_read = (_squash(e.raw), start, end or start) in read["dates"]
        elif e.kind == "acronym":
            person_read = _squash(e.value) in read["expansions"].get(_squash(e.label), set())
        else:
            person_read = bool({_squash(e.label), _squash(e.value)} & read["organisations"])
        e.reviewed = e.reviewed or person_read  # a mark from an earlier --reviewed stays
        count += e.reviewed
    return count


# -- the files ----------------------------------------------------------------------------------
def _plain(value: float | str) -> float | int | str:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def write(entries: list[Entry], out: str | Path, report: str) -> list[Path]:
    """The set as YAML files in ``out`` (one entry per line, so that a review reads as a diff)."""
    import yaml

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, kind in FILES.items():
        rows = [e for e in entries if e.kind == kind]
        lines = [f"# Golden {name} of {report}: format in extractor/quality/golden_set.py",
                 f"format: {FORMAT}", f"report: {yaml.safe_dump(report).strip().removesuffix('...').strip()}",
                 "entries:"]
        for e in rows:
            entry = {"label": e.label, "kind": e.sub, "unit": e.unit, "value": _plain(e.value), "page": e.page,
                     "tolerance": _plain(e.tolerance), "reviewed": e.reviewed}
            if e.raw:
                entry["raw"] = e.raw
            if e.ignore:
                entry["ignore"] = True
            lines.append("  - " + yaml.safe_dump(entry, allow_unicode=True, default_flow_style=True,
                                                 sort_keys=False, width=10_000).strip())
        path = out / f"{name}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written


def is_golden_set(path: str | Path) -> bool:
    """True for a folder of the set (or one of its files), False for hand-written files."""
    path = Path(path)
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return any(f.exists() and f"format: {FORMAT}" in f.read_text(encoding="utf-8")[:2000] for f in files)


def read(path: str | Path) -> list[Entry]:
    """The entries of a set (a folder or one file), ``ignore`` entries included."""
    import yaml

    path = Path(path)
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not path.exists() or not files:
        raise InputNotFound(path, "no golden values (expected figures.yaml, dates.yaml, acronyms.yaml)")
    out = []
    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        if data.get("format") != FORMAT:
            continue
        kind = FILES.get(file.stem)
        for d in data.get("entries") or []:
            value = d["value"]
            out.append(Entry(kind or "figure", str(d["label"]), str(d.get("kind") or ""), d.get("unit"),
                             float(value) if kind == "figure" else str(value), d.get("page"),
                             float(d.get("tolerance") or 0), bool(d.get("reviewed")), bool(d.get("ignore")),
                             str(d.get("raw") or "")))
    return out
