"""Tables on the real corpus: extractor side by side with pdfplumber's ``extract_tables()`` and
camelot's stream mode, on the tables of the hand-read gold (``corpus/real/*/expected.yaml``).

Every reader's tables on a gold table's page are compared with it cell by cell: a cell is
(row-header path, column-header path, text), the gold's counts of header rows and row-header
columns applied to the reader's grid, so that a table read column by column, with shifted
rows or merged columns, scores low. Each gold table is paired with the reader's table on its
page that scores best; the cell F1 is summed over all gold tables.

    python benchmarks/tables.py [--json tables.json]

camelot (``pip install camelot-py``) is optional: without it its column says so.
"""
from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accuracy  # noqa: E402  (the gold and the cell scoring live there)

Grid = list[list[str]]


def _grid(rows: list[list[Any]]) -> Grid:
    return [[" ".join(str(c or "").split()) for c in row] for row in rows]


def pdfplumber_tables(pdf: Path, page: int) -> list[Grid]:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return [_grid(t) for t in doc.pages[page - 1].extract_tables()]


def camelot_tables(pdf: Path, page: int) -> list[Grid]:
    import camelot

    tables = camelot.read_pdf(str(pdf), pages=str(page), flavor="stream")
    return [_grid(t.df.values.tolist()) for t in tables]


@functools.lru_cache(maxsize=None)
def _extracted_tables(pdf: Path) -> tuple[dict, ...]:
    """The tables of ``extractor.extract`` (``Result.tables``: each a grid in ``rows``), once
    per PDF."""
    import extractor
    from extractor.core.records import to_dict

    result = extractor.extract(pdf)
    return tuple(t if isinstance(t, dict) else to_dict(t) for t in getattr(result, "tables", None) or [])


def extractor_tables(pdf: Path, page: int) -> list[Grid]:
    return [_grid(t["rows"]) for t in _extracted_tables(pdf) if page in (t.get("pages") or [t.get("page")])]


READERS: dict[str, Callable[[Path, int], list[Grid]]] = {
    "extractor": extractor_tables, "pdfplumber": pdfplumber_tables, "camelot stream": camelot_tables}


#: leading rows of a reader's table tried as the place where the gold's header starts (a
#: caption or title row read as part of the table)
MAX_LEADING_ROWS = 3


def compact(grid: Grid) -> Grid:
    """A grid without its empty rows and empty columns (spacer columns of a ruled layout)."""
    rows = [r for r in grid if any(c for c in r)]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    keep = [j for j in range(width) if any(r[j] for r in rows)]
    return [[r[j] for j in keep] for r in rows]


def best_match(gold: dict, grids: list[Grid]) -> tuple[int, int, int]:
    """(matched, extracted, gold) cells of the reader's table that fits ``gold`` best, each
    table compacted and tried with up to ``MAX_LEADING_ROWS`` leading rows left out."""
    wanted = accuracy.table_cells(gold)
    best = (0, 0, len(wanted))
    candidates = [compact(g)[skip:] for g in grids for skip in range(MAX_LEADING_ROWS + 1)]
    for grid in candidates:
        if not grid:
            continue
        candidate = dict(gold, rows=grid)
        matched, got, _ = accuracy._set_score(accuracy.table_cells(candidate), wanted)
        f1 = 2 * matched / (got + len(wanted)) if got + len(wanted) else 0.0
        best_f1 = 2 * best[0] / (best[1] + best[2]) if best[1] + best[2] else 0.0
        if f1 > best_f1:
            best = (matched, got, len(wanted))
    return best


def run() -> dict[str, Any]:
    report: dict[str, Any] = {"tables": [], "overall": {}}
    totals = {name: [0, 0, 0] for name in READERS}
    for gold in accuracy.discover(golden=False):
        for table in gold.tables:
            page = int(table.get("page") or table["pages"][0])
            row: dict[str, Any] = {"document": gold.name, "page": page, "caption": table.get("caption")}
            for name, reader in READERS.items():
                try:
                    counts = best_match(table, reader(gold.pdf, page))
                except ImportError:
                    row[name] = None
                    continue
                row[name] = accuracy._ratio(2 * counts[0], counts[1] + counts[2]) or 0.0
                for k in range(3):
                    totals[name][k] += counts[k]
            report["tables"].append(row)
    for name, (matched, got, wanted) in totals.items():
        available = any(row[name] is not None for row in report["tables"])
        report["overall"][name] = accuracy._ratio(2 * matched, got + wanted) if available else None
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    report = run()
    names = list(READERS)
    print(f"{'document':<42} {'page':>4}  " + "  ".join(f"{n:>14}" for n in names))
    for row in report["tables"] + [{"document": "OVERALL (cell F1)", "page": "", **report["overall"]}]:
        cells = "  ".join(f"{'n/a':>14}" if row[n] is None else f"{row[n]:>14.2f}" for n in names)
        print(f"{row['document'][:42]:<42} {row['page']:>4}  {cells}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
