"""A table found by ``layout.tables`` laid out as a grid: header rows over columns, one row
per body row, the row header in the first column.

``layout.tables`` keeps a table as rows of cells, each where its glyphs are; a reader (a
CSV file, a Markdown table, the cell benchmark) wants a rectangle. Columns come from the
value cells: cells of different rows whose extents overlap share a column (numbers are
aligned on their right edge or their middle, so their extents overlap even when their
lengths differ), and the columns are ordered left to right. A header cell goes over every
column it overlaps: a spanning header is repeated in each column it spans, as the gold
convention writes it. Header lines that each name one column are one header row (a header
wrapped over two lines); a line whose cells span several columns is a header row of its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.document import Document
from ..core.records import TableCell, TableRecord
from .tables import Cell, Table, clean, first_value_x, row_headers, section_line, tables

__all__ = ["Column", "Grid", "grid", "records", "record"]


@dataclass
class Column:
    x0: float
    x1: float


@dataclass
class Grid:
    """A table as a rectangle of texts; ``cells[r][c]`` is the glyph cell behind a text (None
    for an empty or a composed one: a row header joined from several lines)."""

    header_rows: int
    rows: list[list[str]]
    cells: list[list[Cell | None]]
    columns: list[Column]


def _columns(cells: list[Cell]) -> list[Column]:
    """Columns of the value cells: extents that overlap merge, left to right."""
    columns: list[Column] = []
    for c in sorted(cells, key=lambda c: c.x0):
        if columns and c.x0 < columns[-1].x1:
            columns[-1].x1 = max(columns[-1].x1, c.x1)
        else:
            columns.append(Column(c.x0, c.x1))
    return columns


def _overlap(cell: Cell, col: Column) -> float:
    return min(cell.x1, col.x1) - max(cell.x0, col.x0)


def _home(cell: Cell, columns: list[Column]) -> int:
    """The column a cell overlaps most (the nearest when it overlaps none)."""
    def fit(k: int) -> float:
        col = columns[k]
        return _overlap(cell, col) if _overlap(cell, col) > 0 else -abs((cell.x0 + cell.x1) - (col.x0 + col.x1))
    return max(range(len(columns)), key=fit)


def _lines(cells: list[Cell]) -> list[list[Cell]]:
    """Cells grouped into lines by their tops (a line of header cells)."""
    lines: list[list[Cell]] = []
    for c in sorted(cells, key=lambda c: (c.top, c.x0)):
        if lines and abs(c.top - lines[-1][0].top) <= 0.5 * max(c.height, 1.0):
            lines[-1].append(c)
        else:
            lines.append([c])
    return lines


def _spans(line: list[Cell], columns: list[Column]) -> list[list[int]]:
    """The columns each header cell of ``line`` stands over: those it overlaps by half their
    width or more, else the one it overlaps most."""
    out = []
    for c in line:
        over = [k for k, col in enumerate(columns) if _overlap(c, col) >= 0.5 * (col.x1 - col.x0)]
        out.append(over or [_home(c, columns)])
    return out


def _continues(upper: list[Cell], lower: list[Cell]) -> bool:
    """Is ``lower`` the next line of the header cells of ``upper`` (a header wrapped over two
    lines)? Tight below it, in the same type size: a smaller line is a note of its own."""
    h_up = max(c.height for c in upper)
    h_low = max(c.height for c in lower)
    gap = min(c.top for c in lower) - max(c.bottom for c in upper)
    return abs(h_up - h_low) <= 0.15 * h_up and gap <= 0.6 * h_up


def _header_rows(headers: list[Cell], columns: list[Column], edge: float) -> list[list[str]]:
    """Header rows over the value columns (the row-header column's own header first)."""
    rows: list[list[str]] = []
    previous: list[Cell] = []
    single_before = False  # the line above named one column per cell
    for line in _lines(headers):
        row = [""] * (len(columns) + 1)
        inside = [c for c in line if c.x1 > edge]
        spans = _spans(inside, columns)
        row[0] = " ".join(c.text for c in line if c.x1 <= edge)
        for cell, span in zip(inside, spans):
            for k in span:
                row[k + 1] = clean(f"{row[k + 1]} {cell.text}")
        single = all(len(s) == 1 for s in spans)
        if rows and single_before and single and _continues(previous, line):
            rows[-1] = [clean(f"{a} {b}") for a, b in zip(rows[-1], row)]
        else:
            rows.append(row)
        single_before, previous = single, line
    return rows


def _centred(note: Cell, table: Table) -> bool:
    """A line centred on the whole table (not over one column): a banner over the rows
    under it ("Part de la Collectivité"), not a note on a column's header."""
    cells = [c for r in table.rows for c in r] + list(table.headers)
    x0, x1 = min(c.x0 for c in cells), max(c.x1 for c in cells)
    return abs((note.x0 + note.x1) / 2 - (x0 + x1) / 2) <= 0.08 * (x1 - x0)


def _section_rows(table: Table) -> dict[int, str]:
    """Body rows that head the rows under them ("RÉSULTATS D'EXPLOITATION", "(en millions de
    dollars)"): index of the section's first line -> the section's text, its lines joined."""
    out: dict[int, str] = {}
    last = -2
    for i, row in enumerate(table.rows):
        text = clean(" ".join(c.text for c in row))
        if all(c.value is None for c in row) and section_line(text):
            if last == i - 1 and out:
                key = max(out)
                out[key] = f"{out[key]} {text}"
            else:
                out[i] = text
            last = i
    return out


def grid(table: Table) -> Grid:
    """``table`` as a rectangle: its header rows, then one row per data row (row header, then
    one text per column; "" where the row has no cell) and one per section line."""
    edge = first_value_x(table.rows)
    labels = row_headers(table)
    sections = _section_rows(table)
    values = [c for i in labels for c in table.rows[i] if c.x1 > edge or c.value is not None]
    columns = _columns(values)
    banners = [n for n in table.header_notes if _centred(n, table)]
    notes = [n for n in table.header_notes if n not in banners]
    header = _header_rows(list(table.headers) + notes, columns, edge)
    rows: list[list[str]] = [r for r in header]
    cells: list[list[Cell | None]] = [[None] * (len(columns) + 1) for _ in header]
    for banner in banners:  # a row spanning the table: its text in every column, as printed
        rows.append([banner.text] * (len(columns) + 1))
        cells.append([None] * (len(columns) + 1))
    for i in sorted(set(labels) | set(sections)):
        if i in sections:
            rows.append([sections[i]] + [""] * len(columns))
            cells.append([None] * (len(columns) + 1))
            continue
        label = labels[i]
        for text in sections.values():  # the section is its own row, not part of the label
            if label.startswith(text + " "):
                label = label[len(text) + 1:]
        row: list[str] = [label] + [""] * len(columns)
        held: list[Cell | None] = [None] * (len(columns) + 1)
        for c in table.rows[i]:
            if c.x1 > edge or c.value is not None:
                k = _home(c, columns) + 1
                row[k] = clean(f"{row[k]} {c.text}")
                held[k] = c if held[k] is None else None
        rows.append(row)
        cells.append(held)
    return Grid(len(header), rows, cells, columns)


def _box(cell: Cell) -> list[float]:
    """A cell's box as a list (what JSON keeps of it)."""
    return [round(cell.x0, 2), round(cell.top, 2), round(cell.x1, 2), round(cell.bottom, 2)]


def record(table: Table, number: int) -> TableRecord:
    """``table`` as data: its grid, and each data cell with its row- and column-header paths."""
    g = grid(table)
    out: list[TableCell] = []
    for r in range(g.header_rows, len(g.rows)):
        for c in range(1, len(g.rows[r])):
            text = g.rows[r][c]
            if not text:
                continue
            held = g.cells[r][c]
            column = " / ".join(g.rows[h][c] for h in range(g.header_rows) if g.rows[h][c])
            out.append(TableCell(r, c, text, held.value if held is not None else None, g.rows[r][0], column,
                                 _box(held) if held is not None else None))
    boxes = [c for row in table.rows for c in row] + list(table.headers)
    bbox = (min(c.x0 for c in boxes), min(c.top for c in boxes), max(c.x1 for c in boxes), max(c.bottom for c in boxes))
    caption = " ".join(reversed(table.caption)) or None
    return TableRecord(f"table-{number}", table.page, [table.page], [round(v, 2) for v in bbox],
                       table.title, caption, g.header_rows, 1, g.rows, out)


def records(document: Document, found: list[Table] | None = None) -> list[TableRecord]:
    """The tables of ``document`` as data, numbered in reading order."""
    found = tables(document) if found is None else found
    return [record(t, i) for i, t in enumerate(found, start=1)]
