"""Ruled cells that hold a table of their own: columns the rules leave undrawn, rows that
share one border.

A ruled table may draw a border around a region only ("Nord") and set inside it a column of
names and a column of numbers, several entries one under the other ("Lille / Lille Sud 12",
"Roubaix 4"). The rules then give one cell where the reader sees a small table. Inside a ruled
column, a corridor of white space that runs down every body row, at least ``min_gap`` wide
(about one glyph height: wider than any word space), separates two sub-columns (Tabula's and
camelot's "stream" reading, applied inside the ruled column). Inside a ruled row, each line
that holds a quantity closes an entry: the lines above it (names wrapped over several lines)
belong to it, and every column gives each entry the words of its lines. A row header set once
for several entries ("Agences") stands for each of them, as the gold convention writes a
spanning cell. Header cells give their text to each sub-column of their ruled cell but the
table's first (the row headers' column).
"""
from __future__ import annotations

from typing import Callable

__all__ = ["corridors", "divide"]

Box = tuple[float, float, float, float]


def corridors(rows: list[list[str]], boxes: list[list[Box | None]], lines: dict, header_rows: int,
              min_gap: float) -> list[list[float]]:
    """For each ruled column, the x where white space separates sub-columns (none: [])."""
    width = len(rows[0]) if rows else 0
    out: list[list[float]] = []
    for c in range(width):
        spans: list[tuple[float, float, int]] = []
        for r in range(header_rows, len(rows)):
            box = boxes[r][c]
            if box is None or (c > 0 and boxes[r][c - 1] == box) or (c + 1 < width and boxes[r][c + 1] == box):
                continue  # a cell spanning columns says nothing of this one's insides
            spans += [(x0, x1, r) for line in lines[box] for x0, x1, _ in line.words]
        # a cut divides: some row has words on both sides of it ("Roubaix | 4"), not
        # only a right-aligned line under left-aligned ones ("En %" under the labels)
        out.append([x for x in _gaps(sorted(spans), min_gap)
                    if any(any(a < x for a, _, q in spans if q == r) and any(a > x for a, _, q in spans if q == r)
                           for r in {q for _, _, q in spans})])
    return out


def _gaps(spans: list[tuple[float, float, int]], min_gap: float) -> list[float]:
    """Middles of the gaps at least ``min_gap`` wide between the words' x extents, in a column
    whose words stand on two rows or more (one row's gap may be a justified line's)."""
    if len({r for _, _, r in spans}) < 2:
        return []
    cuts: list[float] = []
    reach = None
    for x0, x1, _ in spans:
        if reach is not None and x0 - reach >= min_gap:
            cuts.append((reach + x0) / 2)
        reach = x1 if reach is None else max(reach, x1)
    return cuts


def divide(rows: list[list[str]], boxes: list[list[Box | None]], lines: dict, header_rows: int, cuts: list[list[float]],
           quantity: Callable[[str], bool]) -> tuple[list[list[str]], list[list[Box | None]]]:
    """The grid with each ruled column divided at its ``cuts`` and each body row divided into
    its entries."""
    parts = [len(c) + 1 for c in cuts]
    out_rows: list[list[str]] = []
    out_boxes: list[list[Box | None]] = []
    for r, row in enumerate(rows):
        held = boxes[r]
        if len(set(row)) == 1 and any(row):  # a group row spanning the table
            out_rows.append([row[0]] * sum(parts))
            out_boxes.append([held[0]] * sum(parts))
            continue
        if r < header_rows:
            new, new_boxes = [], []
            for c, text in enumerate(row):
                words = _by_part(lines[held[c]] if held[c] is not None else [], cuts[c])
                for k in range(parts[c]):
                    fill = "" if (c == 0 and k == 0 and parts[0] > 1) else text
                    new.append(" ".join(" ".join(line) for line in words[k] if line) or fill)
                    new_boxes.append(held[c])
            out_rows.append([" ".join(t.split()) for t in new])
            out_boxes.append(new_boxes)
            continue
        for entry in _entries(row, held, lines, cuts, parts, quantity):
            out_rows.append(entry)
            out_boxes.append([held[c] for c in range(len(row)) for _ in range(parts[c])])
    return out_rows, out_boxes


def _by_part(cell_lines: list, cut: list[float]) -> list[list[list[str]]]:
    """A cell's lines split among its sub-columns: [sub-column][line] -> words."""
    out: list[list[list[str]]] = [[[] for _ in cell_lines] for _ in range(len(cut) + 1)]
    for j, line in enumerate(cell_lines):
        for x0, x1, word in line.words:
            k = sum((x0 + x1) / 2 > x for x in cut)
            out[k][j].append(word)
    return out


def _cell_lines(row: list[str], held: list[Box | None], lines: dict, cuts: list[list[float]],
                parts: list[int]) -> list[list[tuple[float, list[str]]]]:
    """Per ruled column of a row, its lines: (top, the words of each sub-column); nothing for
    a cell that spans from the column before."""
    cells: list[list[tuple[float, list[str]]]] = []
    for c in range(len(row)):
        box = held[c]
        if box is None or (c > 0 and held[c - 1] == box):
            cells.append([])
            continue
        split = _by_part(lines[box], cuts[c])
        cells.append([(line.top, [" ".join(split[k][j]) for k in range(parts[c])])
                      for j, line in enumerate(lines[box])])
    return cells


def _entries(row: list[str], held: list[Box | None], lines: dict, cuts: list[list[float]], parts: list[int],
             quantity: Callable[[str], bool]) -> list[list[str]]:
    """A ruled body row as its entries: each line holding a quantity (right of the first
    sub-column) closes one; lines below the last quantity join the last entry."""
    cells = _cell_lines(row, held, lines, cuts, parts)
    tops: list[float] = []
    for top in sorted(top for c, found in enumerate(cells) for top, texts in found
                      if any(quantity(t) for k, t in enumerate(texts) if c > 0 or k > 0)):
        if not tops or top - tops[-1] > 2.0:
            tops.append(top)
    n = max(len(tops), 1)

    def entry_of(top: float) -> int:
        return next((e for e, end in enumerate(tops) if top <= end + 2.0), n - 1)

    out = [[""] * sum(parts) for _ in range(n)]
    for c, found in enumerate(cells):
        first = sum(parts[:c])
        for top, texts in found:
            e = entry_of(top)
            for k, text in enumerate(texts):
                if text:
                    out[e][first + k] = f"{out[e][first + k]} {text}".strip()
        if not found and c > 0 and held[c] is not None and held[c] == held[c - 1]:
            for e in range(n):  # a cell spanning from the column before: its text again
                for k in range(parts[c]):
                    out[e][first + k] = out[e][first - 1]
    for e in range(1, n):  # a row header set once heads every entry beside it
        if not out[e][0]:
            out[e][0] = out[e - 1][0]
    return out
