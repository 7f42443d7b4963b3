"""Accuracy on the real corpus: the pipeline's records scored against hand-read gold.

For each PDF of ``../shared/corpus/real/`` that has a gold file ``corpus/real/<name>/expected.yaml``
(format: ``corpus/real/README.md``), and for the golden report (its ``corpus/cnaf-2019/expected``
set, read into the same shape), prints per document and overall:

- figures: **precision** (extracted figures on the gold's figure pages that match a gold figure
  by page, value and unit, over all figures extracted there), **recall** (gold figures matched),
  **labelled recall** (matched, and the label holds every required word), **unit accuracy**
  (of the extracted figures whose page and value match a gold figure, the share with its unit),
  **negatives hit** (numbers a person marked as not figures, extracted as figures);
- glossary entries P/R (acronym and expansion as printed), in-text acronym definitions P/R,
  dates P/R (page, start and end), organisations P/R;
- table-cell F1: a cell is (row-header path, column-header path, text) of a table on its page;
- reference dates: **as_of** (of the gold figures that give one, the share whose matched record,
  paired by page, value and unit as for precision, carries the same ``as_of``), the document's
  **year** (the year its data describe) and **published** date (as printed, cut to its
  precision), each right or wrong where the gold gives one.

"Overall" sums the counts of the real corpus only (the golden report is printed apart: the
rules were written against it). A metric with nothing to count (no gold and nothing extracted)
is ``-``. Writes everything to JSON with ``--json``; ``--check-floor`` exits 1 when a number
falls below ``benchmarks/accuracy-floor.json`` (a number where lower is better: above it), and
``--write-floor`` records the numbers of this run as the new floor.

    python benchmarks/accuracy.py [--backend auto] [--only NAME ...] [--json accuracy.json]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import regex
import yaml

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "corpus" / "real"
#: the real reports, beside the repository, or where EXTRACTOR_REAL_CORPUS says
REAL_DIR = Path(os.environ.get("EXTRACTOR_REAL_CORPUS", ROOT.parent / "shared" / "corpus" / "real"))
GOLDEN_PDF = ROOT / "corpus" / "cnaf-2019" / "rapport-activite-2019.pdf"
GOLDEN_EXPECTED = ROOT / "corpus" / "cnaf-2019" / "expected"
FLOOR_FILE = Path(__file__).resolve().parent / "accuracy-floor.json"
GOLDEN_NAME = "cnaf-2019 (golden)"

#: the metrics a run reports, in print order; those where lower is better are ceilings
METRICS = ("fig_precision", "fig_recall", "fig_labelled_recall", "unit_accuracy", "approx_accuracy", "negatives_hit",
           "glossary_precision", "glossary_recall", "inline_precision", "inline_recall",
           "dates_precision", "dates_recall", "orgs_precision", "orgs_recall", "table_cell_f1",
           "as_of_accuracy", "doc_year_accuracy", "published_accuracy")
LOWER_IS_BETTER = frozenset({"negatives_hit"})
REL_TOLERANCE = 1e-6  # values are compared as printed, scale applied: no rounding slack


# -- text folding -------------------------------------------------------------------------------
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ", "\u202f": " ",
                         "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})


def fold(text: str | None) -> str:
    """Case, accents, apostrophes, dashes and spacing folded: what 'as printed' means when
    two strings are compared."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return regex.sub(r"\s+", " ", text).strip().casefold()


def has_words(label: str | None, words: Iterable[str]) -> bool:
    folded = fold(label)
    return all(fold(str(w)) in folded for w in words)


_NUMBER = regex.compile(r"\d+(?:[\s\u00a0\u202f.,]\d+)*")


def numbers_in(text: str) -> set[float]:
    """Every number written in ``text`` (French or English separators): what a negative's
    printed text can be read as."""
    out: set[float] = set()
    for m in _NUMBER.finditer(str(text)):
        digits = regex.sub(r"[\s\u00a0\u202f]", "", m.group())
        for candidate in (digits.replace(".", "").replace(",", "."), digits.replace(",", "")):
            try:
                out.add(float(candidate))
            except ValueError:
                pass
    return out


def _printed_in(raw: str, text: str) -> bool:
    """``raw`` stands in ``text`` as a whole number (not "1" inside "2018")."""
    return bool(raw) and regex.search(rf"(?<![\p{{N}}]){regex.escape(raw)}(?![\p{{N}}])", text) is not None


# -- gold -----------------------------------------------------------------------------------------
@dataclass
class Gold:
    name: str
    pdf: Path
    figure_pages: set[int]
    figures: list[dict] = field(default_factory=list)
    negatives: list[dict] = field(default_factory=list)
    glossary: list[dict] = field(default_factory=list)
    inline: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)
    organisations: list[dict] = field(default_factory=list)
    optional_organisations: list[str] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    year: int | None = None  #: the year the report's data describe
    published: str | None = None  #: its publication date as printed (YYYY, YYYY-MM or YYYY-MM-DD)


def load_gold(folder: Path, real_dir: Path = REAL_DIR) -> Gold:
    data = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8")) or {}
    pages = {int(p) for p in data.get("figure_pages") or []}
    return Gold(
        name=folder.name, pdf=real_dir / data.get("document", folder.name + ".pdf"), figure_pages=pages,
        figures=list(data.get("figures") or []), negatives=list(data.get("negatives") or []),
        glossary=list(data.get("glossary") or []), inline=list(data.get("inline_acronyms") or []),
        dates=list(data.get("dates") or []), organisations=list(data.get("organisations") or []),
        tables=list(data.get("tables") or []),
        year=data.get("year"), published=None if data.get("published") is None else str(data["published"]),
    )


def load_golden_report() -> Gold:
    """The golden report's expected set in the real gold's shape. Its dates, in-text
    definitions and organisations were read for the whole report, so they have no page and
    are compared over the whole document."""
    def read(name: str) -> dict:
        return yaml.safe_load((GOLDEN_EXPECTED / f"{name}.yaml").read_text(encoding="utf-8"))

    figures, dates, acronyms = read("figures"), read("dates"), read("acronyms")
    gold = Gold(name=GOLDEN_NAME, pdf=GOLDEN_PDF, figure_pages={int(f["page"]) for f in figures["figures"]})
    gold.figures = list(figures["figures"])
    gold.negatives = list(figures.get("negatives") or [])
    gold.glossary = [{"acronym": a, "expansion": e} for a, e in acronyms["glossary"].items()]
    defined = dict(acronyms["inline"], **(acronyms.get("implicit_head") or {}))
    gold.inline = [{"acronym": a, "expansion": e} for a, e in defined.items()]
    for entry in list(dates["timeline"]) + list(dates["running"]):
        gold.dates.append({"start": str(entry["start"]), "end": str(entry["end"])})
    gold.dates += [{"start": str(s), "end": str(e)} for _, s, e in dates["other"]]
    orgs = acronyms["organisations"]
    gold.organisations = [{"name": n} for n in orgs["required"]]
    gold.optional_organisations = list(orgs.get("optional") or [])
    return gold


def discover(gold_dir: Path = GOLD_DIR, real_dir: Path = REAL_DIR, golden: bool = True) -> list[Gold]:
    golds = [load_gold(p.parent, real_dir) for p in sorted(gold_dir.glob("*/expected.yaml"))]
    if golden:
        golds.append(load_golden_report())
    return golds


# -- scoring --------------------------------------------------------------------------------------
def value_matches(value: float, gold: dict) -> bool:
    target = float(gold["value"])
    tolerance = float(gold.get("tolerance") or 0) or REL_TOLERANCE * max(1.0, abs(target))
    return abs(float(value) - target) <= tolerance


def _unit(u: Any) -> str | None:
    return None if u in (None, "", "null") else str(u)


def _pair(extracted: list[dict], gold: list[dict], fits) -> list[tuple[int, int]]:
    """A one-to-one matching, greedy by page order then by how well a pair fits (``fits``
    returns None for no match, else a score where higher is better)."""
    candidates = []
    for i, e in enumerate(extracted):
        for j, g in enumerate(gold):
            score = fits(e, g)
            if score is not None:
                candidates.append((-score, i, j))
    candidates.sort()
    used_e, used_g, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_e and j not in used_g:
            used_e.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def score_figures(figures: list[dict], gold: Gold) -> dict[str, int]:
    pages = gold.figure_pages
    extracted = [f for f in figures if f.get("page") in pages]
    wanted = [g for g in gold.figures if int(g["page"]) in pages]

    def same_value(e: dict, g: dict) -> bool:
        return e.get("page") == int(g["page"]) and value_matches(e["value"], g)

    def fits_vu(e, g):
        if not same_value(e, g) or _unit(e.get("unit")) != _unit(g.get("unit")):
            return None
        return 1 + has_words(e.get("label"), g.get("label_words") or [])

    value_unit = _pair(extracted, wanted, fits_vu)
    labelled = sum(has_words(extracted[i].get("label"), wanted[j].get("label_words") or []) for i, j in value_unit)
    value_only = _pair(extracted, wanted, lambda e, g: (1 + (_unit(e.get("unit")) == _unit(g.get("unit"))))
                       if same_value(e, g) else None)
    unit_right = sum(_unit(extracted[i].get("unit")) == _unit(wanted[j].get("unit")) for i, j in value_only)
    # the approximation ("environ", "plus de", "65+") of each figure found with its value and
    # unit, where the gold says it (null: an exact figure)
    approx_pairs = [(i, j) for i, j in value_unit if "approx" in wanted[j]]
    approx_right = sum(_unit(extracted[i].get("approx")) == _unit(wanted[j]["approx"]) for i, j in approx_pairs)

    matched = {i for i, _ in value_only} | {i for i, _ in value_unit}
    stray = [e for k, e in enumerate(extracted) if k not in matched]
    hits = 0
    for neg in gold.negatives:
        if int(neg["page"]) not in pages:
            continue
        text, numbers = fold(str(neg["text"])), numbers_in(str(neg["text"]))
        for k, e in enumerate(stray):
            if e.get("page") != int(neg["page"]):
                continue
            raw = fold(e.get("raw"))
            if _printed_in(raw, text) or abs(float(e["value"])) in numbers:
                hits += 1
                del stray[k]
                break
    return {"fig_extracted": len(extracted), "fig_gold": len(wanted), "fig_matched": len(value_unit),
            "fig_labelled": labelled, "unit_pairs": len(value_only), "unit_right": unit_right,
            "approx_pairs": len(approx_pairs), "approx_right": approx_right,
            "negatives_hit": hits, "negatives": sum(int(n["page"]) in pages for n in gold.negatives)}


def score_reference_dates(result: dict, gold: Gold) -> dict[str, int]:
    """Reference dates: each gold figure with an ``as_of`` is right when the record paired with
    it (by page, value and unit, as in ``score_figures``) has the same ``as_of``; the document's
    year and publication date are right or wrong where the gold gives them."""
    pages = gold.figure_pages
    extracted = [f for f in result.get("figures", []) if f.get("page") in pages]
    wanted = [g for g in gold.figures if int(g["page"]) in pages]

    def fits(e: dict, g: dict) -> float | None:
        if e.get("page") != int(g["page"]) or not value_matches(e["value"], g) \
                or _unit(e.get("unit")) != _unit(g.get("unit")):
            return None
        # records alike in value, unit and label (one row, two dated columns) pair by date
        same_date = g.get("as_of") is not None and str(e.get("as_of")) == str(g["as_of"])
        return 1 + has_words(e.get("label"), g.get("label_words") or []) + 0.5 * same_date

    pairs = {j: i for i, j in _pair(extracted, wanted, fits)}
    dated = [j for j, g in enumerate(wanted) if g.get("as_of") is not None]
    right = sum(j in pairs and str(extracted[pairs[j]].get("as_of")) == str(wanted[j]["as_of"]) for j in dated)
    document = result.get("document") or {}
    return {"as_of_right": right, "as_of_gold": len(dated),
            "doc_year_right": int(gold.year is not None and document.get("year") == gold.year),
            "doc_year_gold": int(gold.year is not None),
            "published_right": int(gold.published is not None and str(document.get("published")) == gold.published),
            "published_gold": int(gold.published is not None)}


def _in_scope(page: Any, gold_entries: list[dict], pages: set[int]) -> bool:
    """Gold read for the whole document (entries without a page) scores the whole document;
    otherwise only the figure pages, as the gold format says of each list: an empty list
    says there is none on the figure pages, not in the whole document."""
    if gold_entries and not any(g.get("page") is not None for g in gold_entries):
        return True
    if isinstance(page, list):
        return any(p in pages for p in page)
    return page in pages


def _set_score(extracted: list[tuple], gold: list[tuple]) -> tuple[int, int, int]:
    """(matched, extracted, gold) over multisets of keys."""
    remaining = list(gold)
    matched = 0
    for key in extracted:
        if key in remaining:
            remaining.remove(key)
            matched += 1
    return matched, len(extracted), len(gold)


def score_glossary(acronyms: list[dict], gold: Gold) -> tuple[int, int, int]:
    got = [(fold(a["acronym"]), fold(a["expansion"])) for a in acronyms
           if a.get("source") == "glossary" and a.get("expansion")]
    return _set_score(got, [(fold(g["acronym"]), fold(g["expansion"])) for g in gold.glossary])


def score_inline(acronyms: list[dict], gold: Gold) -> tuple[int, int, int]:
    """In-text definitions, each on the page where the running text gives it
    (``Acronym.definitions``, those of a glossary's acronyms too); a record without its
    definitions counts as one, on its own page. Against a gold read for the whole document,
    each distinct definition counts once."""
    got = []
    for a in acronyms:
        definitions = a.get("definitions")
        if definitions is None:
            definitions = [a] if a.get("source") == "inline" else []
        for d in definitions:
            if (d.get("source") == "inline" and d.get("expansion")
                    and _in_scope(d.get("page"), gold.inline, gold.figure_pages)):
                got.append((fold(a["acronym"]), fold(d["expansion"])))
    if not any(g.get("page") is not None for g in gold.inline):  # read for the whole document:
        got = sorted(set(got))  # each distinct definition once, not each place that gives it
    return _set_score(got, [(fold(g["acronym"]), fold(g["expansion"])) for g in gold.inline])


def score_dates(dates: list[dict], gold: Gold) -> tuple[int, int, int]:
    """Dates by page, start and end, on the pages whose dates the gold holds in full: its
    figure pages and the pages of its dated timeline events (``corpus/real/README.md``); a
    gold without pages scores each distinct date of the whole document."""
    by_page = any(g.get("page") is not None for g in gold.dates)

    def key(d: dict) -> tuple:
        return ((int(d["page"]) if by_page else None), str(d["start"]), str(d["end"]))

    pages = set(gold.figure_pages) | {int(g["page"]) for g in gold.dates if g.get("page") is not None}
    got = [key(d) for d in dates if _in_scope(d.get("page"), gold.dates, pages)]
    wanted = [key(g) for g in gold.dates]
    if not by_page:  # read for the whole document: each distinct date once, not each mention
        got, wanted = sorted(set(got)), sorted(set(wanted))
    return _set_score(got, wanted)


def score_organisations(organisations: list[dict], gold: Gold) -> tuple[int, int, int]:
    """An extracted organisation matches a gold one by name or by acronym (folded); one named
    optional by the gold counts neither way. Records are per document (with their pages), so
    a gold organisation listed on several pages counts once. A leading article is not part
    of a name: "Les Banques alimentaires du Québec" as printed is the body the extractor
    names "Banques alimentaires du Québec", as "les Restos du cœur" is its "Restos du cœur"."""
    wanted, seen = [], set()
    for g in gold.organisations:
        keys = {org_key(g.get("name")), org_key(g.get("acronym"))} - {""}
        if not keys & seen:
            wanted.append(g)
        seen |= keys
    optional = {org_key(o) for o in gold.optional_organisations}
    got = [o for o in organisations if _in_scope(o.get("pages"), wanted, gold.figure_pages)
           and org_key(o.get("name")) not in optional and org_key(o.get("acronym")) not in optional]
    matched, used = 0, set()
    for o in got:
        names = {org_key(o.get("name")), org_key(o.get("acronym"))} - {""}
        for j, g in enumerate(wanted):
            if j not in used and names & ({org_key(g.get("name")), org_key(g.get("acronym"))} - {""}):
                used.add(j)
                matched += 1
                break
    return matched, len(got), len(wanted)


_ARTICLE = regex.compile(r"^(?:(?:le|la|les)\s+|l')(?=\w)")


def org_key(name: str | None) -> str:
    """An organisation's name or acronym as compared: folded, without a leading article."""
    return _ARTICLE.sub("", fold(name))


#: a space between digit groups ("90 951,38" printed with a thin gap, "90951,38" in the
#: text layer): presentation, not content
_DIGIT_GROUP_SPACE = re.compile(r"(?<=\d)[\s\u00a0\u202f](?=\d{3}(?!\d))")


def _cell_text(text: str) -> str:
    """A cell's text as compared: folded, compatibility forms plain ("m³" is "m3"), without
    the spaces between digit groups."""
    return _DIGIT_GROUP_SPACE.sub("", fold(unicodedata.normalize("NFKC", text)))


def table_cells(table: dict) -> list[tuple[int, str, str, str]]:
    """A table's data cells as (page, row-header path, column-header path, text)."""
    rows = [[_cell_text(str(c)) for c in row] for row in table.get("rows") or []]
    header_rows, header_cols = int(table.get("header_rows", 1)), int(table.get("row_header_cols", 1))
    page = int(table.get("page") or (table.get("pages") or [0])[0])
    cells = []
    for r, row in enumerate(rows[header_rows:], start=header_rows):
        row_path = " / ".join(c for c in row[:header_cols] if c)
        for c in range(header_cols, len(row)):
            if not row[c]:
                continue
            col_path = " / ".join(rows[h][c] for h in range(header_rows) if c < len(rows[h]) and rows[h][c])
            cells.append((page, row_path, col_path, row[c]))
    return cells


def score_tables(tables: list[dict], gold: Gold) -> tuple[int, int, int]:
    gold_pages = {int(t.get("page") or (t.get("pages") or [0])[0]) for t in gold.tables}
    got = [cell for t in tables for cell in table_cells(t) if cell[0] in gold_pages]
    return _set_score(got, [cell for t in gold.tables for cell in table_cells(t)])


def score(result: dict, gold: Gold) -> dict[str, Any]:
    """Counts for one document's records (``Result.to_dict()``) against its gold."""
    counts: dict[str, Any] = score_figures(result.get("figures", []), gold)
    for name, fn, records in (("glossary", score_glossary, "acronyms"), ("inline", score_inline, "acronyms"),
                              ("dates", score_dates, "dates"), ("orgs", score_organisations, "organisations"),
                              ("tables", score_tables, "tables")):
        counts[f"{name}_matched"], counts[f"{name}_extracted"], counts[f"{name}_gold"] = fn(result.get(records, []), gold)
    counts.update(score_reference_dates(result, gold))
    return counts


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def metrics(counts: dict[str, int]) -> dict[str, float | None]:
    out: dict[str, float | None] = {
        "fig_precision": _ratio(counts["fig_matched"], counts["fig_extracted"]),
        "fig_recall": _ratio(counts["fig_matched"], counts["fig_gold"]),
        "fig_labelled_recall": _ratio(counts["fig_labelled"], counts["fig_gold"]),
        "unit_accuracy": _ratio(counts["unit_right"], counts["unit_pairs"]),
        "approx_accuracy": _ratio(counts.get("approx_right", 0), counts.get("approx_pairs", 0)),
        "negatives_hit": counts["negatives_hit"],
    }
    for name in ("glossary", "inline", "dates", "orgs"):
        matched, got, wanted = (counts[f"{name}_{k}"] for k in ("matched", "extracted", "gold"))
        out[f"{name}_precision"] = _ratio(matched, got) if (got or wanted) else None
        out[f"{name}_recall"] = _ratio(matched, wanted) if (got or wanted) else None
    matched, got, wanted = counts["tables_matched"], counts["tables_extracted"], counts["tables_gold"]
    out["table_cell_f1"] = _ratio(2 * matched, got + wanted) if (got or wanted) else None
    for name in ("as_of", "doc_year", "published"):
        out[f"{name}_accuracy"] = _ratio(counts.get(f"{name}_right", 0), counts.get(f"{name}_gold", 0))
    return out


def total(per_document: dict[str, dict[str, int]]) -> dict[str, int]:
    summed: dict[str, int] = {}
    for counts in per_document.values():
        for k, v in counts.items():
            summed[k] = summed.get(k, 0) + v
    return summed


# -- running ----------------------------------------------------------------------------------------
def extract_records(pdf: Path, backend: str, ocr: str = "auto") -> dict:
    import extractor

    result = extractor.extract(pdf, extractor.Config(backend=backend, ocr=ocr))
    records = result.to_dict()
    tables = getattr(result, "tables", None)
    if tables is not None and "tables" not in records:
        records["tables"] = [t if isinstance(t, dict) else t.to_dict() for t in tables]
    return records


def run(golds: list[Gold], backend: str = "auto", progress=None, ocr: str = "auto") -> dict[str, Any]:
    per_document: dict[str, dict[str, int]] = {}
    seconds: dict[str, float] = {}
    for gold in golds:
        start = time.perf_counter()
        per_document[gold.name] = score(extract_records(gold.pdf, backend, ocr), gold)
        seconds[gold.name] = round(time.perf_counter() - start, 2)
        if progress:
            progress(gold.name, seconds[gold.name])
    real = {k: v for k, v in per_document.items() if k != GOLDEN_NAME}
    report: dict[str, Any] = {"backend": backend, "ocr": ocr, "documents": {}, "seconds": seconds}
    for name, counts in per_document.items():
        report["documents"][name] = {"counts": counts, "metrics": metrics(counts)}
    if real:
        overall = total(real)
        report["overall"] = {"counts": overall, "metrics": metrics(overall)}
    return report


def table(report: dict[str, Any]) -> str:
    short = {"fig_precision": "figP", "fig_recall": "figR", "fig_labelled_recall": "labR",
             "unit_accuracy": "unit", "approx_accuracy": "approx", "negatives_hit": "neg", "glossary_precision": "glosP",
             "glossary_recall": "glosR", "inline_precision": "inlP", "inline_recall": "inlR",
             "dates_precision": "dateP", "dates_recall": "dateR", "orgs_precision": "orgP",
             "orgs_recall": "orgR", "table_cell_f1": "cellF1", "as_of_accuracy": "asOf",
             "doc_year_accuracy": "year", "published_accuracy": "publ"}
    rows = [(name, doc["metrics"], doc["counts"]) for name, doc in report["documents"].items()
            if name != GOLDEN_NAME]
    if "overall" in report:
        rows.append(("OVERALL (real corpus)", report["overall"]["metrics"], report["overall"]["counts"]))
    if GOLDEN_NAME in report["documents"]:
        doc = report["documents"][GOLDEN_NAME]
        rows.append((GOLDEN_NAME, doc["metrics"], doc["counts"]))
    width = max(len(r[0]) for r in rows)
    lines = [f"{'document':<{width}}  {'figs':>8} " + " ".join(f"{short[m]:>6}" for m in METRICS)]
    for name, values, counts in rows:
        cells = []
        for m in METRICS:
            v = values[m]
            cells.append(f"{'-':>6}" if v is None else (f"{v:>6d}" if m in LOWER_IS_BETTER else f"{v:>6.2f}"))
        figs = f"{counts['fig_matched']}/{counts['fig_gold']}"
        if name.startswith("OVERALL"):
            lines.append("-" * len(lines[0]))
        lines.append(f"{name:<{width}}  {figs:>8} " + " ".join(cells))
    return "\n".join(lines)


def floor_of(report: dict[str, Any]) -> dict[str, dict[str, float]]:
    out = {}
    for name, doc in list(report["documents"].items()) + [("OVERALL", report.get("overall", {"metrics": {}}))]:
        out[name] = {m: v for m, v in doc["metrics"].items() if v is not None}
    return out


def below_floor(report: dict[str, Any], floor: dict[str, dict[str, float]]) -> list[str]:
    """Every (document, metric) that fell below its floor (or rose above its ceiling)."""
    now = floor_of(report)
    failures = []
    for name, limits in floor.items():
        if name not in now:
            continue
        for metric, limit in limits.items():
            value = now[name].get(metric)
            worse = value is None or (value > limit if metric in LOWER_IS_BETTER else value < limit - 1e-9)
            if worse:
                failures.append(f"{name}: {metric} {value} (floor {limit})")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="auto", choices=["auto", "pypdfium2", "pdfplumber"])
    parser.add_argument("--ocr", default="auto", choices=["auto", "always", "never"])
    parser.add_argument("--only", nargs="*", help="document names (gold folder names) to score")
    parser.add_argument("--no-golden", action="store_true", help="leave out the golden report")
    parser.add_argument("--json", type=Path, help="write the whole report (counts and metrics) here")
    parser.add_argument("--check-floor", action="store_true", help=f"exit 1 below {FLOOR_FILE.name}")
    parser.add_argument("--write-floor", action="store_true", help=f"record this run in {FLOOR_FILE.name}")
    args = parser.parse_args(argv)
    if not REAL_DIR.is_dir():
        print(f"accuracy: the real corpus folder {REAL_DIR} is absent", file=sys.stderr)
        return 2
    golds = [g for g in discover(golden=not args.no_golden) if not args.only or g.name in args.only]
    report = run(golds, args.backend, progress=lambda n, s: print(f"  {n}: {s:.1f} s", file=sys.stderr), ocr=args.ocr)
    print(table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    if args.write_floor:
        FLOOR_FILE.write_text(json.dumps(floor_of(report), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.check_floor:
        failures = below_floor(report, json.loads(FLOOR_FILE.read_text(encoding="utf-8")))
        for line in failures:
            print(f"below floor: {line}", file=sys.stderr)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
