"""Ruled tables read from their drawn rules: the "lattice" reading of a table.

Where a table draws the borders of its cells, the rules say where its rows and columns are,
whatever the text inside: a cell of words only, a cell wrapped over three lines, a header
spanning two columns. The cells the rules draw, and their groups, are ``layout.drawn``'s; a
group's grid is made of every cell edge, and a cell spanning several grid columns or rows
gives its text to each of them, as the gold convention writes a spanning cell.

A grid of at least ``min_rows`` rows and ``min_columns`` columns with text in
``min_filled`` of its cells is a table; a framed paragraph or a lone box is not.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..core.document import Document
from ..core.records import TableCell, TableRecord
from .drawn import Box, cells_of, groups_of, settings
from .subcells import corridors, divide
from .tables import Cell

__all__ = ["Lattice", "lattices", "grid_of", "record"]

@dataclass
class Lattice:
    """A ruled table: its grid of texts (``rows[r][c]``; a spanning cell's text in each slot
    it covers), each slot's cell box, and how many leading rows are its header."""

    page: int
    bbox: tuple[float, float, float, float]
    rows: list[list[str]]
    boxes: list[list[tuple[float, float, float, float] | None]]
    header_rows: int
    title: str | None = None  #: a row spanning the whole table above its header
    row_header_cols: int = 1
    glyphs: set[int] = field(default_factory=set)  #: the document offsets of the glyphs it holds


@dataclass
class CellLine:
    """A line of text in a ruled cell: its top, glyph height, text, and words with their x
    extents (x0, x1, word)."""

    top: float
    height: float
    text: str
    words: list[tuple[float, float, str]]


def _lines(document: Document, glyphs: list[int], box: tuple[float, float, float, float]) -> list[CellLine]:
    """The lines of text whose glyph middles fall in ``box``, top to bottom; a word is a run of
    contiguous glyphs of the text."""
    inside = document.glyphs_in(glyphs, box)
    lines: list[list[int]] = []
    for i in sorted(inside, key=lambda i: (document.char_top[i], document.char_x0[i])):
        height = document.char_bottom[i] - document.char_top[i]
        if lines and abs(document.char_top[i] - document.char_top[lines[-1][0]]) <= 0.5 * height:
            lines[-1].append(i)
        else:
            lines.append([i])
    out = []
    for line in lines:
        runs: list[list[int]] = []
        for i in sorted(line):
            if runs and i == runs[-1][-1] + 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        words = [(min(document.char_x0[i] for i in run), max(document.char_x1[i] for i in run),
                  "".join(document.text[i] for i in run)) for run in runs]
        # a lone "|" is a separator set as text, not a word of the cell; a list's marker
        # opening the line is not one either
        words = [w for w in words if w[2].strip() and w[2] != "|"]
        if words and words[0][2][0] in settings().bullets:
            rest = words[0][2][1:].lstrip()
            words = ([(words[0][0], words[0][1], rest)] if rest else []) + words[1:]
        if not words:
            continue
        text = " ".join(" ".join(w[2] for w in words).split())
        heights = [document.char_bottom[i] - document.char_top[i] for i in line]
        out.append(CellLine(document.char_top[line[0]], max(heights), text, words))
    return out


def grid_of(document: Document, page: int, glyphs: list[int], cells: list[tuple[float, float, float, float]]) -> Lattice:
    """One table's cells as a grid: rows and columns at every cell edge; a leading row that
    spans the whole table is its title."""
    xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
    ys = sorted({c[1] for c in cells} | {c[3] for c in cells})
    rows: list[list[str]] = [[""] * (len(xs) - 1) for _ in ys[:-1]]
    boxes: list[list[tuple[float, float, float, float] | None]] = [[None] * (len(xs) - 1) for _ in ys[:-1]]
    lines = {cell: _lines(document, glyphs, cell) for cell in cells}
    for cell in cells:
        text = " ".join(line.text for line in lines[cell])
        for r in range(ys.index(cell[1]), ys.index(cell[3])):
            for c in range(xs.index(cell[0]), xs.index(cell[2])):
                rows[r][c], boxes[r][c] = text, cell
    keep_rows = [r for r in range(len(rows)) if any(rows[r])]
    keep_cols = [c for c in range(len(xs) - 1) if any(rows[r][c] for r in keep_rows)]
    rows = [[rows[r][c] for c in keep_cols] for r in keep_rows]
    boxes = [[boxes[r][c] for c in keep_cols] for r in keep_rows]
    rows, boxes = _spanned_once(rows, boxes)
    rows, boxes = _subdivided(rows, boxes)
    heights = sorted(line.height for found in lines.values() for line in found)
    gap = settings().subcolumn_gap * (heights[len(heights) // 2] if heights else 10.0)
    cuts = corridors(rows, boxes, lines, _header_rows(rows, boxes), gap)
    if any(cuts):  # columns the rules leave undrawn, entries that share a border
        rows, boxes = divide(rows, boxes, lines, _header_rows(rows, boxes), cuts, _quantity)
    else:
        rows, boxes = _split_lines(rows, boxes, lines)
    title = None
    if len(rows) > 2 and len(rows[0]) > 1 and len(set(rows[0])) == 1:  # a banner over the table
        title, rows, boxes = rows[0][0], rows[1:], boxes[1:]
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    header_rows = _header_rows(rows, boxes)
    return Lattice(page, bbox, rows, boxes, header_rows, title, _row_header_cols(rows, header_rows))


def _subdivided(rows: list[list[str]], boxes: list) -> tuple[list[list[str]], list]:
    """Columns that one row alone divides, where at least three other rows hold them whole,
    are one column, that row's cells joined: the rules of a checkbox line ("☒ | oui | ☐ |
    non") inside a column every other row holds whole. (Two rows against one say nothing: a
    spanning row header over a two-column one is as common.)"""
    if len(rows) < 4:
        return rows, boxes
    c = 0
    while c + 1 < len(rows[0]):
        apart = [r for r in range(len(rows)) if boxes[r][c] != boxes[r][c + 1]]
        if len(apart) == 1:
            r = apart[0]
            rows[r][c] = " ".join(t for t in (rows[r][c], rows[r][c + 1]) if t)
            rows = [row[:c + 1] + row[c + 2:] for row in rows]
            boxes = [b[:c + 1] + b[c + 2:] for b in boxes]
            continue
        c += 1
    return rows, boxes


def _split_lines(rows: list[list[str]], boxes: list, lines: dict) -> tuple[list[list[str]], list]:
    """A ruled row whose cells hold several lines each, line beside line, with one number per
    line in a value column, is as many rows (a "dont" line under its total, rows that share
    one border; a header wrapped over two lines is not split): each multi-line cell gives one
    line to each row; a one-line cell in the first column heads all of them, elsewhere it goes
    in the row of its line."""
    out_rows, out_boxes = [], []
    for row, held in zip(rows, boxes):
        counts = [len(lines[b]) if b is not None else 0 for b in held]
        multi = [k for k, n in enumerate(counts) if n > 1]
        n = counts[multi[0]] if multi else 1
        tops = [[line.top for line in lines[held[k]]] for k in multi]
        aligned = len(multi) >= 2 and all(counts[k] == n for k in multi) and all(
            max(t[j] for t in tops) - min(t[j] for t in tops) <= 2.0 for j in range(n)) and any(
            k > 0 and all(_quantity(line.text) for line in lines[held[k]]) for k in multi)
        if not aligned:
            out_rows.append(row)
            out_boxes.append(held)
            continue
        for j in range(n):
            new = []
            for k, b in enumerate(held):
                if k in multi:
                    new.append(lines[b][j].text)
                elif b is None or not lines[b]:
                    new.append("")
                elif k == 0:
                    new.append(row[k])
                else:
                    near = min(range(n), key=lambda m: abs(tops[0][m] - lines[b][0].top))
                    new.append(row[k] if near == j else "")
            out_rows.append(new)
            out_boxes.append(held)
    return out_rows, out_boxes


def _spanned_once(rows: list[list[str]], boxes: list) -> tuple[list[list[str]], list]:
    """Adjacent columns that every row fills from one cell are one column (a grid line that
    only a few cells of another table region cross); the same for rows."""
    def same_col(c: int) -> bool:
        return all(b[c] is not None and b[c] == b[c + 1] for b in boxes)

    cols = [c for c in range(len(rows[0]) if rows else 0) if not (c + 1 < len(rows[0]) and same_col(c))]
    rows = [[row[c] for c in cols] for row in rows]
    boxes = [[b[c] for c in cols] for b in boxes]
    keep = [r for r in range(len(rows)) if not (r + 1 < len(rows) and boxes[r] == boxes[r + 1])]
    return [rows[r] for r in keep], [boxes[r] for r in keep]


def _quantity(cell: str) -> bool:
    """A cell that is a number (with its sign, unit or percent), not a year or a date: a
    header names its columns with those."""
    text = cell.strip()
    return bool(_NUMBER.match(text)) and not _YEAR.match(text) and any(ch.isdigit() for ch in text)


#: a cell that is a number: "1 721 418", "- 4,3 %", "(15 416,0)", "13 376,18 €", "6,9%"
_NUMBER = regex.compile(r"^[-+–−]?\s*\(?[\d\s.,\u00a0\u202f']+\)?\s*(?:%|€|k€|M€|\$|CHF)?$")
_YEAR = regex.compile(r"^(?:19|20)\d\d$")


def _header_rows(rows: list[list[str]], boxes: list) -> int:
    """The leading rows without a quantity right of the first column: the header (one row
    when no row holds one: a table of words reads its first row as its header); at least the
    rows that a top-left header cell spans ("Poste" beside "2023" over "Dépenses")."""
    stub = boxes[0][0] if boxes and boxes[0] and rows[0][0] else None
    spanned = 0
    while stub is not None and spanned < len(rows) - 1 and boxes[spanned][0] == stub:
        spanned += 1
    return max(spanned if spanned > 1 else 0, _unspanned_header_rows(rows))


def _unspanned_header_rows(rows: list[list[str]]) -> int:
    for k, row in enumerate(rows):
        if any(_quantity(cell) for cell in row[1:]) or k > 0 and _group_row(row):  # data, or a group row
            return k
    return 1 if len(rows) > 1 else 0


def _group_row(row: list[str]) -> bool:
    """A row whose one text spans it, or spans its first cells ("Actions de
    prévention" over the year and the label columns): it heads the rows under it."""
    filled = [t for t in row if t]
    return len(filled) >= 2 and len(set(filled)) == 1 and row[0] == filled[0]


def _row_header_cols(rows: list[list[str]], header_rows: int) -> int:
    """The leading columns where no body row holds a quantity: the row headers ("Tarif
    (€ HT/an)" | "Part fixe", "Année" | "Libellé"); but a column whose header spans the value
    column beside it ("Nord" over the agencies and their counts) is data. One when no column
    holds a quantity (a table of words)."""
    body = rows[header_rows:]
    width = len(rows[0]) if rows else 0
    k = 0
    while k < width and not any(_quantity(row[k]) for row in body if len(set(row)) > 1) and (
            k == 0 or not any(rows[h][k] and k + 1 < width and rows[h][k] == rows[h][k + 1] != rows[h][0]
                              for h in range(header_rows))):
        k += 1
    return k if 0 < k < width else 1


def _stacked(groups: list[list[Box]], tolerance: float) -> list[list[Box]]:
    """Tables drawn one under the other with the same column borders, a few points apart, are
    one table in two blocks (a total row, then a second group of rows under the same
    columns): the second is read under the first's header."""
    out: list[list[Box]] = []
    for group in groups:
        if out:
            last = out[-1]
            edges = {round(x) for c in last for x in (c[0], c[2])}
            mine = {round(x) for c in group for x in (c[0], c[2])}
            gap = min(c[1] for c in group) - max(c[3] for c in last)
            close = all(any(abs(a - b) <= tolerance for b in mine) for a in edges) and \
                all(any(abs(a - b) <= tolerance for b in edges) for a in mine)
            if close and 0 <= gap <= 4 * tolerance:
                out[-1] = last + group
                continue
        out.append(group)
    return out


def lattices(document: Document) -> list[Lattice]:
    """The ruled tables of ``document``, page by page, top to bottom."""
    if not document.has_positions() or not document.rules:
        return []
    conf = settings()
    by_page = document.glyphs_by_page(positioned=False)
    found = []
    for page in sorted(document.rules):
        cells = cells_of(document.rules[page], conf.tolerance)
        for group in _stacked(groups_of(cells), conf.tolerance):
            table = grid_of(document, page, by_page.get(page, []), group)
            filled = sum(bool(t) for row in table.rows for t in row)
            if len(table.rows) >= conf.min_rows and table.rows and len(table.rows[0]) >= conf.min_columns \
                    and filled >= conf.min_filled:
                table.glyphs = set(document.glyphs_in(by_page.get(page, []), table.bbox))
                found.append(table)
    return found


def record(table: Lattice, number: int, decimal: str | None = None) -> TableRecord:
    """``table`` as data: each data cell (right of the row-header columns, under the header
    rows) with its row-header and column-header paths; a group row spanning the table ("Part
    communale") is no data cell."""
    cells: list[TableCell] = []
    lead = table.row_header_cols
    for r in range(table.header_rows, len(table.rows)):
        row = table.rows[r]
        if len(set(row)) == 1:
            continue
        row_header = " / ".join(dict.fromkeys(t for t in row[:lead] if t))
        for c in range(lead, len(row)):
            text, box = row[c], table.boxes[r][c]
            if not text:
                continue
            column = " / ".join(dict.fromkeys(table.rows[h][c] for h in range(table.header_rows) if table.rows[h][c]))
            value = Cell(text, -1, -1, 0.0, 0.0, 0.0, 0.0, decimal).value
            cells.append(TableCell(r, c, text, value, row_header, column,
                                   [round(v, 2) for v in box] if box is not None else None, table.page))
    return TableRecord(f"table-{number}", table.page, [table.page], [round(v, 2) for v in table.bbox],
                       table.title, None, table.header_rows, lead, table.rows, cells)
