"""Regression against golden values, and year-over-year comparison of two reports.

``regress(report, golden)`` compares a report's extraction with the golden values read by a
human (``corpus/<report>/expected/``: ``figures.yaml``, the timeline of ``dates.yaml``, the
glossary of ``acronyms.yaml``); ``compare(a, b)`` compares the figures of two extractions (two
years of one report). Both match records **by label and unit, not by position** (the rule is
in ``extractor.labels``), one to one, greedily: the best-scoring pair first, a tie broken by the
closer value, so that of two "Caf" figures the one whose value moved least is the same figure.
Every record ends in one row: ``unchanged``, ``changed`` (old → new, absolute and % change),
``missing`` (in the old set only) or ``new`` (in the new set only). A value is unchanged when
it is within the golden entry's ``tolerance``; a date when its start and end are the same; a
glossary entry when its expansion says the same thing (``acronyms.same_expansion``).

``regress`` reads a set written by ``extractor golden`` (``golden_set``): scope ``all`` (the
default) compares every record, matched by kind (figure, date, acronym, organisation), unit
and label, a key figure preferring a key figure; records left over then pair when kind, unit
and value are equal (one label read two ways: a card's caption from the PDF, a heading from
its text conversion). Scope ``key`` keeps the key figures, timeline dates and glossary
entries. Hand-written expected files are read too: scope ``key`` (their default) keeps
golden entries with ``where: key_figures`` and extracted figures that ``is_key_figure``,
scope ``all`` every figure.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import regex

from ..core import rules
from ..core.errors import InputNotFound
from ..core.escape import csv_rows
from ..core.text import fold
from ..extract.acronyms import same_expansion
from . import golden_set
from .french import amount, exact, number
from .glossary import load_results
from .label_match import THRESHOLD, coverage, similarity

__all__ = [
    "STATUSES", "SCOPES", "Item", "Row", "set_items", "is_key_figure", "result_items", "golden_items", "load",
    "score", "match", "same_value", "diff", "regress", "differences", "COLUMNS", "render",
    "summary"
]

STATUSES = ("changed", "missing", "new", "unchanged")
SCOPES = ("key", "all")
_KEY_SECTION = regex.compile(r"(?i)\ben chiffres\b|\bchiffres[\s-]+cl[ée]s\b")


@functools.lru_cache(maxsize=1)
def _opens_with_number() -> "regex.Pattern":
    """patterns/quality: ``opens_with_number``."""
    return regex.compile(rules.load("quality")["opens_with_number"])



@dataclass(frozen=True)
class Item:
    """One comparable record: a figure, a timeline date or a glossary entry."""
    kind: str  #: ``figure``, ``date`` or ``acronym``
    label: str
    unit: str | None
    value: float | str
    page: int | None
    tolerance: float = 0.0
    required: tuple[str, ...] = ()  #: a golden entry's words the other label must hold
    sub: str = ""  #: the record's own kind (figure: key, statement…; date: timeline, running)
    ignore: bool = False  #: a golden entry marked ``ignore``: matched, never reported
    column: str = ""  #: a table cell's column header (``compare``): matched exactly, after folding


@dataclass
class Row:
    status: str  #: one of ``STATUSES``
    kind: str
    label: str
    unit: str | None
    old: float | str | None
    new: float | str | None
    old_page: int | None
    new_page: int | None

    @property
    def change(self) -> float | None:
        if isinstance(self.old, (int, float)) and isinstance(self.new, (int, float)):
            return self.new - self.old
        return None

    @property
    def pct(self) -> float | None:
        change = self.change
        return None if change is None or not self.old else 100.0 * change / abs(self.old)

    def as_dict(self) -> dict[str, Any]:
        """The row with exact numbers (no binary noise: 16100000, not 16100000.000000002)."""
        out = dict(asdict(self), change=self.change, pct=self.pct)
        for key in ("old", "new", "change", "pct"):
            if isinstance(out[key], float):
                out[key] = exact(out[key])
        return out


# -- reading both sides -----------------------------------------------------------------------
def is_key_figure(figure: dict) -> bool:
    """A key figure: the extractor read it from a card (``key``). Extractions written before
    that field existed fall back to the page: a section titled like "… en chiffres" or
    "chiffres clés" and a card-like statement that opens with the number ("101 Caf",
    "Plus de 3 300 points d'accueil") and is not a sentence ending in a full stop."""
    if "key" in figure:
        return bool(figure["key"])
    context = (figure.get("context") or "").rstrip()
    return bool(_KEY_SECTION.search(figure.get("section") or "")
                and _opens_with_number().match(context) and not context.endswith((".", "!", "?")))


def _date_value(start: Any, end: Any) -> str:
    start, end = str(start), str(end)
    return start if start == end else f"{start}/{end}"


def result_items(result: dict, scope: str = "key") -> list[Item]:
    """Items of one extraction (``Result.to_dict()``): its figures in ``scope``, its timeline
    dates and its glossary entries."""
    out = [Item("figure", f["label"], f["unit"], float(f["value"]), f["page"])
           for f in result.get("figures", []) if scope == "all" or is_key_figure(f)]
    out += [Item("date", d["event"] or d["raw"], None, _date_value(d["start"], d["end"]), d["page"])
            for d in result.get("dates", []) if d.get("timeline")]
    out += [Item("acronym", a["acronym"], None, a["expansion"] or "", a["page"])
            for a in result.get("acronyms", []) if a["source"] == "glossary"]
    return out


def golden_items(path: str | Path, scope: str = "key") -> list[Item]:
    """Items of the golden values: a folder of expected files, or one of them."""
    import yaml

    path = Path(path)
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not path.exists() or not files:
        raise InputNotFound(path, "no golden values (expected figures.yaml, dates.yaml, acronyms.yaml)")
    out: list[Item] = []
    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        out += [Item("figure", f["label"], f.get("unit"), float(f["value"]), f.get("page"),
                     float(f.get("tolerance") or 0), tuple(f.get("label_words") or ()))
                for f in data.get("figures", []) if scope == "all" or f.get("where") == "key_figures"]
        out += [Item("date", " ".join(map(str, t["words"])), None, _date_value(t["start"], t["end"]),
                     t.get("page"), required=tuple(map(str, t["words"])))
                for t in data.get("timeline", [])]
        out += [Item("acronym", acronym, None, expansion, None)
                for acronym, expansion in (data.get("glossary") or {}).items()]
    return out


def load(report: Any) -> dict:
    """An extraction as a dict: a ``Result``, a dict, an extraction JSON or a report to read."""

    if hasattr(report, "to_dict"):
        return report.to_dict()
    if isinstance(report, dict):
        return report
    if not Path(report).exists():
        raise InputNotFound(report, "no such file")
    return load_results([report])[0]


# -- matching ---------------------------------------------------------------------------------
def _distance(a: float | str, b: float | str) -> float:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) / max(abs(a), abs(b), 1e-9)
    return 0.0 if a == b else 1.0


def score(old: Item, new: Item) -> tuple[float, float, float, float, int] | None:
    """How well ``new`` matches ``old`` (higher is better), or None when they cannot match:
    (label score, 1 when the records' own kinds agree (a key figure with a key figure), minus
    the relative value distance, Jaccard of the labels, minus the pages between them)."""
    if old.kind != new.kind or old.unit != new.unit or fold(old.column) != fold(new.column):
        return None
    jaccard = similarity(old.label, new.label)
    best = max(jaccard, coverage(list(old.required), new.label) if old.required else 0.0,
               coverage(list(new.required), old.label) if new.required else 0.0)
    if best < THRESHOLD:
        return None
    pages = abs(old.page - new.page) if old.page is not None and new.page is not None else 0
    return best, float(old.sub == new.sub), -_distance(old.value, new.value), jaccard, -pages


def _same_value_pairs(old: list[Item], new: list[Item]) -> list[tuple[tuple, int, int]]:
    """Pairs of the same kind, unit and exactly the same value whatever their labels, nearest
    page first: the second pass of ``match`` (a label read differently, e.g. a card's caption
    in one reading and a heading in another, is still the same record when its value is)."""
    return sorted((((o.sub == n.sub), -abs((o.page or 0) - (n.page or 0))), i, j)
                  for i, o in enumerate(old) for j, n in enumerate(new)
                  if o.kind == n.kind and o.unit == n.unit and o.value == n.value)[::-1]


def match(old: list[Item], new: list[Item], by_value: bool = False) -> list[tuple[Item | None, Item | None]]:
    """One-to-one pairs, greedily by best score; unmatched items pair with None. With
    ``by_value``, items left unmatched then pair when their values are equal."""
    pairs = sorted(((s, i, j) for i, o in enumerate(old) for j, n in enumerate(new)
                    if (s := score(o, n)) is not None), key=lambda p: p[0], reverse=True)
    used_old: dict[int, int] = {}
    used_new: set[int] = set()
    for _, i, j in pairs:
        if i not in used_old and j not in used_new:
            used_old[i] = j
            used_new.add(j)
    if by_value:
        left_old = [i for i in range(len(old)) if i not in used_old]
        left_new = [j for j in range(len(new)) if j not in used_new]
        for _, a, b in _same_value_pairs([old[i] for i in left_old], [new[j] for j in left_new]):
            i, j = left_old[a], left_new[b]
            if i not in used_old and j not in used_new:
                used_old[i] = j
                used_new.add(j)
    out: list[tuple[Item | None, Item | None]] = [
        (o, new[used_old[i]] if i in used_old else None) for i, o in enumerate(old)]
    return out + [(None, n) for j, n in enumerate(new) if j not in used_new]


def same_value(old: Item, new: Item) -> bool:
    if old.kind == "acronym":
        return same_expansion(str(old.value), str(new.value))
    if isinstance(old.value, float) and isinstance(new.value, float):
        return math.isclose(old.value, new.value, rel_tol=1e-9, abs_tol=old.tolerance)
    return old.value == new.value


def diff(old: list[Item], new: list[Item], by_value: bool = False) -> list[Row]:
    """One row per record of either side, changes first (``by_value``: see ``match``)."""
    rows = []
    for o, n in match(old, new, by_value):
        if o is not None and o.ignore:
            continue
        if o is None:
            status = "new"
        elif n is None:
            status = "missing"
        else:
            status = "unchanged" if same_value(o, n) else "changed"
        first = o or n
        rows.append(Row(status, first.kind, first.label, first.unit, o and o.value, n and n.value,
                        o and o.page, n and n.page))
    return sorted(rows, key=lambda r: STATUSES.index(r.status))


def _in_scope(entry: golden_set.Entry, scope: str) -> bool:
    return scope == "all" or (entry.kind, entry.sub) in {("figure", "key"), ("date", "timeline"),
                                                         ("acronym", "glossary")}


def set_items(entries: list[golden_set.Entry], scope: str) -> list[Item]:
    """Regress items of golden-set entries (those of ``scope``)."""
    return [Item(e.kind, e.label, e.unit, e.value, e.page, e.tolerance, sub=e.sub, ignore=e.ignore)
            for e in entries if _in_scope(e, scope)]


def regress(report: Any, golden: str | Path, scope: str | None = None) -> list[Row]:
    """The report's records against the golden values (old = golden, new = report). A set
    written by ``extractor golden`` compares every record (figures, dates, acronyms,
    organisations; scope ``all`` by default), matched within their kind; hand-written
    expected files compare key figures (scope ``key`` by default, as they always did) or all
    figures, timeline dates and glossary entries."""
    if golden_set.is_golden_set(golden):
        scope = scope or "all"
        return diff(set_items(golden_set.read(golden), scope), set_items(golden_set.entries_of(load(report)), scope),
                    by_value=True)
    scope = scope or "key"
    return diff(golden_items(golden, scope), result_items(load(report), scope))


def differences(rows: list[Row]) -> list[Row]:
    return [r for r in rows if r.status != "unchanged"]


# -- output -----------------------------------------------------------------------------------
COLUMNS = ("status", "kind", "label", "unit", "old", "new", "change", "pct", "old_page", "new_page")


def _cells(row: Row) -> list[str]:
    """A row as a French reader reads it (``32,7 millions``, ``+1,5 Md€``, ``+2,2 %``)."""
    out = []
    for column in COLUMNS:
        value = getattr(row, column)
        if value is None:
            out.append("")
        elif column in ("old", "new", "change") and isinstance(value, (int, float)):
            out.append(amount(value, row.unit, sign=column == "change"))
        elif column == "pct":
            out.append(f"{number(value, 1, sign=True)} %")
        else:
            out.append(str(value))
    return out


def render(rows: list[Row], fmt: str = "table") -> str:
    """``rows`` as ``table`` (aligned text), ``markdown``, ``csv`` or ``json``."""
    if fmt == "json":
        return json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=1)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(csv_rows(r.as_dict() for r in rows))
        return buffer.getvalue()
    cells = [_cells(r) for r in rows]
    if fmt == "markdown":
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    widths = [max([len(c)] + [len(row[k]) for row in cells]) for k, c in enumerate(COLUMNS)]
    widths[2] = min(widths[2], 60)
    lines = ["  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths))]
    lines += ["  ".join(v[:w].ljust(w) for v, w in zip(row, widths)) for row in cells]
    return "\n".join(lines) + "\n"


def summary(rows: list[Row]) -> str:
    """"3 changed, 1 missing, 0 new, 97 unchanged"."""
    return ", ".join(f"{sum(r.status == s for r in rows)} {s}" for s in STATUSES)
