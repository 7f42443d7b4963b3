"""Ruled tables read row by row: the cells the page's drawn rules enclose.

A ruled table says where its cells are: each line of text sits between a rule on its left and
one on its right, under a rule and over one. The lines of one cell wrap inside it ("13,5" /
"millions" / "d'euros"), and the cells of one row sit between the same two horizontal rules,
edge to edge. Column detection cannot tell that from a page of columns (a column of values
beside a column of labels reads as two columns of text), so the rows of a ruled table are
taken out of the page's regions and read as regions of their own, one per row, cell by cell,
where the table's first line was read. Rows of a table share its left and right edges and
follow one another rule to rule; a table has at least two rows and one of them two cells, and
each row of several cells is a quantity beside its label (a key-figure table in ruled form): a
lone ruled row is as often one line of a wider table whose other cells are empty.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence

import regex

from ..core import rules as rule_files
from .lines import Line

__all__ = ["CellRow", "ruled_rows", "with_ruled_rows"]

Rule = tuple[float, float, float, float]

#: points: how far a line may overhang its cell's rules, and how far two edges may differ and
#: still be one edge (rules are stroked, cells padded)
SLACK = 2.0


class CellRow(list):
    """A region that is one row of a ruled table: its lines cell by cell, left to right, each
    cell's lines top to bottom. ``cells`` is how many cells the row has; ``pair`` says it is a
    quantity beside its label (two cells, one opening with a number: a key figure in table
    form)."""

    cells: int = 0
    pair: bool = False


def _cell(line: Line, across: list[Rule], down: list[Rule]) -> tuple[float, float, float, float] | None:
    """The rules around ``line``: (left, top, right, bottom), or None when one side has none."""
    mx, my = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    lefts = [(x0 + x1) / 2 for x0, top, x1, bottom in down if top <= my <= bottom and (x0 + x1) / 2 <= line.x0 + SLACK]
    rights = [(x0 + x1) / 2 for x0, top, x1, bottom in down if top <= my <= bottom and (x0 + x1) / 2 >= line.x1 - SLACK]
    tops = [(t + b) / 2 for x0, t, x1, b in across if x0 - SLACK <= mx <= x1 + SLACK and (t + b) / 2 <= line.top + SLACK]
    bottoms = [(t + b) / 2 for x0, t, x1, b in across if x0 - SLACK <= mx <= x1 + SLACK
               and (t + b) / 2 >= line.bottom - SLACK]
    if not (lefts and rights and tops and bottoms):
        return None
    return max(lefts), max(tops), min(rights), min(bottoms)


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= SLACK


@functools.cache
def _date_led() -> regex.Pattern:
    """A cell opening with a day and a month ("14 JUIN", "1ER JANVIER", "14-18 OCTOBRE"): a
    timeline's date, not a quantity (month names: patterns/dates)."""
    months = sorted(rule_files.load("dates")["months"], key=len, reverse=True)
    return regex.compile(r"(?i)^\d{1,2}(?:er)?(?:\s*[-–]\s*\d{1,2})?\s+(?:" + "|".join(map(regex.escape, months))
                         + r")(?!\w)")


def _quantity_led(text: str) -> bool:
    text = text.strip().lstrip("+-–−≈~ ")
    return bool(text) and text[0].isdigit() and not _date_led().match(text)


def ruled_rows(lines: list[Line], rules: Sequence[Rule]) -> list[list[CellRow]]:
    """The ruled tables of a page's ``lines``, each as its rows top to bottom."""
    across = [r for r in rules if r[2] - r[0] > r[3] - r[1]]
    down = [r for r in rules if r[3] - r[1] > r[2] - r[0]]
    if len(across) < 3 or len(down) < 2:
        return []
    cells: dict[tuple[float, float, float, float], list[Line]] = {}
    for ln in lines:
        box = _cell(ln, across, down)
        if box is not None:
            cells.setdefault(box, []).append(ln)
    # rows: cells between the same two rules, edge to edge
    rows: list[list[tuple[float, float, float, float]]] = []
    for box in sorted(cells, key=lambda b: (round(b[1]), round(b[3]), b[0])):
        last = rows[-1][-1] if rows else None
        if last is not None and _near(last[1], box[1]) and _near(last[3], box[3]) and _near(last[2], box[0]):
            rows[-1].append(box)
        else:
            rows.append([box])
    # tables: rows of one width, each starting on the rule the one before ends on
    tables: list[list[list[tuple[float, float, float, float]]]] = []
    for row in sorted(rows, key=lambda r: (r[0][1], r[0][0])):
        home = next((t for t in tables if _near(t[-1][0][0], row[0][0]) and _near(t[-1][-1][2], row[-1][2])
                     and _near(t[-1][0][3], row[0][1])), None)
        if home is None:
            tables.append([row])
        else:
            home.append(row)
    out = []
    for table in tables:
        if len(table) < 2 or max(len(row) for row in table) < 2:
            continue
        made = []
        for row in table:
            region = CellRow(ln for box in row for ln in sorted(cells[box], key=lambda ln: (ln.top, ln.x0)))
            region.cells = len(row)
            texts = [" ".join(ln.text for ln in cells[box]) for box in row]
            region.pair = len(row) == 2 and any(_quantity_led(t) for t in texts) and not all(
                _quantity_led(t) for t in texts)
            made.append(region)
        # only a table of quantities beside their labels is read this way: in a grid of
        # numbers, the cells of a row read as one line would run into one another ("165 210
        # 154" read as one number); the table layer (layout.tables) reads those cell by cell
        if all(row.pair for row in made if row.cells > 1):
            out.append(made)
    return out


def with_ruled_rows(regions: list[list[Line]], tables: list[list[CellRow]]) -> list[list[Line]]:
    """``regions`` with the lines of ``tables`` taken out, each table's rows standing where
    its first line was read."""
    if not tables:
        return regions
    home = {id(ln): k for k, table in enumerate(tables) for row in table for ln in row}
    placed: set[int] = set()
    out: list[list[Line]] = []
    for region in regions:
        kept: list[Line] = []
        for ln in region:
            k = home.get(id(ln))
            if k is None:
                kept.append(ln)
            elif k not in placed:
                if kept:
                    out.append(type(region)(kept) if type(region) is not list else kept)
                    kept = []
                out.extend(tables[k])
                placed.add(k)
        if kept:
            out.append(kept if type(region) is list else type(region)(kept))
    return out
