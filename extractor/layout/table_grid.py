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

import re
from dataclasses import dataclass, replace

from ..core.document import Document
from ..core.records import TableCell, TableRecord
from .lattice import lattices
from .lattice import record as lattice_record
from .tables import Cell, Table, by_column, centred, clean, first_value_x, row_header_cells, section_line, tables

__all__ = ["Column", "Grid", "Placed", "grid", "records", "owned_records", "placed", "record", "marks"]


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
    columns: list[Column]  #: the value columns
    row_header_cols: int = 1


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


def _header_only(columns: list[Column], headers: list[Cell], edge: float) -> list[Column]:
    """``columns`` with a column under each lowest header cell that stands over none of them
    (a "Variation" column holding only "/")."""
    lines = _lines([h for h in headers if h.x1 > edge])
    extra = [Column(h.x0, h.x1) for h in (lines[-1] if lines else [])
             if not any(min(h.x1, c.x1) - max(h.x0, c.x0) > 0 for c in columns)]
    return sorted(columns + extra, key=lambda c: c.x0)


def _label_columns(parts: dict[int, list[Cell]]) -> list[Column]:
    """Columns of the row-header cells: two when the row headers stand in two columns that
    no cell bridges (a spanning "Max 2.5 ans" beside "Dette brute", "Capitaux"…), else one."""
    columns = _columns([c for cells in parts.values() for c in cells])
    if len(columns) <= 2:
        return columns
    return [columns[0], Column(columns[1].x0, columns[-1].x1)]


def _labels(table: Table) -> tuple[dict[int, list[str]], int]:
    """Each data row's row-header path (one or two texts) and the number of row-header
    columns; a spanning left cell stands for the rows beside it that have none."""
    parts = row_header_cells(table)
    columns = _label_columns(parts)
    out: dict[int, list[str]] = {}
    for i, cells in parts.items():
        homes: list[list[Cell]] = [[] for _ in columns]
        for c in cells:
            homes[_home(c, columns) if columns else 0].append(c)
        out[i] = [clean(" ".join(c.text for c in by_column(h))) for h in homes] or [""]
    width = max(len(columns), 1)
    if width == 2:  # fill the spanning left cell down, then up
        last = next((v[0] for _, v in sorted(out.items()) if v[0]), "")
        for i in sorted(out):
            last = out[i][0] = out[i][0] or last
    return out, width


def grid(table: Table, marks: tuple[Cell, ...] | list[Cell] = ()) -> Grid:
    """``table`` as a rectangle: its header rows, then one row per data row (row header, then
    one text per column; "" where the row has no cell) and one per section line. ``marks``:
    the page's lone dashes and slashes, which ``layout.tables`` does not keep as cells."""
    edge = first_value_x(table.rows)
    labels, lead = _labels(table)
    sections = _section_rows(table)
    values = [c for i in labels for c in table.rows[i] if c.x1 > edge or c.value is not None]
    columns = _header_only(_columns(values), table.headers, edge)
    banners = [n for n in table.header_notes if centred(n, table.rows + [table.headers])]
    notes = [n for n in table.header_notes if n not in banners]
    header = [[r[0]] * lead + r[1:] for r in _header_rows(list(table.headers) + notes, columns, edge)]
    width = lead + len(columns)
    rows: list[list[str]] = [r for r in header]
    cells: list[list[Cell | None]] = [[None] * width for _ in header]
    for banner in banners:  # a row spanning the table: its text in every column, as printed
        rows.append([banner.text] * width)
        cells.append([None] * width)
    for i in sorted(set(labels) | set(sections)):
        if i in sections:
            rows.append([sections[i]] + [""] * (width - 1))
            cells.append([None] * width)
            continue
        label = labels[i]
        for text in sections.values():  # the section is its own row, not part of the label
            if label[0].startswith(text + " "):
                label[0] = label[0][len(text) + 1:]
        row: list[str] = label + [""] * len(columns)
        held: list[Cell | None] = [None] * width
        for c in table.rows[i]:
            if c.x1 > edge or c.value is not None:
                k = _home(c, columns) + lead
                row[k] = clean(f"{row[k]} {c.text}")
                held[k] = c if held[k] is None else None
        for k, col in enumerate(columns, start=lead):  # "—", "/": no value, printed
            if not row[k]:
                row[k] = next((m.text for m in marks if col.x0 - 2 <= (m.x0 + m.x1) / 2 <= col.x1 + 2
                               and table.rows[i][0].top - 2 <= (m.top + m.bottom) / 2 <= table.rows[i][0].bottom + 2), "")
        rows.append(row)
        cells.append(held)
    return Grid(len(header), rows, cells, columns, lead)


def _box(cell: Cell) -> list[float]:
    """A cell's box as a list (what JSON keeps of it)."""
    return [round(cell.x0, 2), round(cell.top, 2), round(cell.x1, 2), round(cell.bottom, 2)]


def record(table: Table, number: int, page_marks: tuple[Cell, ...] | list[Cell] = ()) -> TableRecord:
    """``table`` as data: its grid, and each data cell with its row- and column-header paths."""
    g = grid(table, page_marks)
    out: list[TableCell] = []
    for r in range(g.header_rows, len(g.rows)):
        for c in range(g.row_header_cols, len(g.rows[r])):
            text = g.rows[r][c]
            if not text:
                continue
            held = g.cells[r][c]
            column = " / ".join(g.rows[h][c] for h in range(g.header_rows) if g.rows[h][c])
            path = " / ".join(dict.fromkeys(t for t in g.rows[r][:g.row_header_cols] if t))
            out.append(TableCell(r, c, text, held.value if held is not None else None, path, column,
                                 _box(held) if held is not None else None, table.page))
    # (the headers of the rest of a table continued from the page before are printed there)
    boxes = [c for row in table.rows for c in row] + ([] if table.carried else list(table.headers))
    bbox = (min(c.x0 for c in boxes), min(c.top for c in boxes), max(c.x1 for c in boxes), max(c.bottom for c in boxes))
    caption = " ".join(reversed(table.caption)) or None
    return TableRecord(f"table-{number}", table.page, [table.page], [round(v, 2) for v in bbox],
                       table.title, caption, g.header_rows, g.row_header_cols, g.rows, out)


#: a dash or a slash with white space (or the text's edge) on both sides; the standard
#: library's ``\s`` is ``str.isspace`` exactly
_LONE_MARK = re.compile(r"(?<!\S)[—–\-/](?!\S)")


def marks(document: Document) -> dict[int, list[Cell]]:
    """The lone dashes and slashes of each page that has a table ("—" or "/" for no value)."""
    out: dict[int, list[Cell]] = {}
    for m in _LONE_MARK.finditer(document.text):
        i, ch = m.start(), m.group()
        x0 = document.char_x0[i]
        if x0 == x0:  # not NaN
            out.setdefault(document.char_page[i], []).append(Cell(
                ch, i, i + 1, x0, document.char_x1[i], document.char_top[i], document.char_bottom[i]))
    return out


def records(document: Document, found: list[Table] | None = None) -> list[TableRecord]:
    """The tables of ``document`` as data, numbered in reading order: the tables read from
    text alignment (``layout.tables``) and the ruled ones read from their rules
    (``layout.lattice``). Where both read one table, the rules win, unless the alignment finds
    more columns (columns the rules leave undrawn: "Effectif | Part" under one border)."""
    return [table for table, _ in owned_records(document, found)]


@dataclass
class Placed:
    """A table of the records with the document offsets of the glyphs it holds (where a reader
    writes the table instead of its text) and what read it: a ``Table`` of ``layout.tables``,
    or None for a ruled table (``layout.lattice``)."""

    record: TableRecord
    offsets: set[int]
    aligned: Table | None


def placed(document: Document, found: list[Table] | None = None) -> list[Placed]:
    """``records`` with their offsets and readers (``Placed``), in reading order."""
    return [Placed(r, o, t) for (r, o), t in _owned(document, found)]


def owned_records(document: Document, found: list[Table] | None = None) -> list[tuple[TableRecord, set[int]]]:
    """``records``, each with the document offsets of the glyphs it holds (where a reader
    writes the table instead of its text)."""
    return [pair for pair, _ in _owned(document, found)]


def _owned(document: Document, found: list[Table] | None) -> list[tuple[tuple[TableRecord, set[int]], Table | None]]:
    found = tables(document) if found is None else found
    on_page = marks(document) if found else {}
    aligned = [(record(t, 0, on_page.get(t.page, [])), _offsets(t), t) for t in found]
    chosen: list[tuple[TableRecord, set[int], Table | None]] = []
    decimal = document.decimal_mark() if document.rules else None
    ruled_tables = lattices(document)
    for ruled in ruled_tables:
        over = [a for a in aligned if a[0].page == ruled.page and a[0].bbox is not None
                and _shared(a[0].bbox, ruled.bbox) >= 0.5]
        if any(len(a[0].rows[0]) > len(ruled.rows[0]) for a in over if a[0].rows):
            continue
        aligned = [a for a in aligned if not any(a is o for o in over)]
        chosen.append((lattice_record(ruled, 0, decimal), ruled.glyphs, None))
    ordered = _continued(document, sorted(aligned + chosen, key=lambda t: (t[0].page, t[0].bbox[1] if t[0].bbox else 0.0)))
    for i, (table, _, _) in enumerate(ordered, start=1):
        table.id = f"table-{i}"
    return [((table, offsets), source) for table, offsets, source in ordered]


def _continued(document: Document, ordered: list) -> list:
    """``ordered`` (record, offsets, reader) with each table continued on the next page joined
    to the part before: the last table of a page that nothing follows, and the first of the
    next page that nothing precedes, with as many columns, the same row-header columns, under
    each column of the first part, and either no header rows or the first part's repeated.
    The rows after the repeated header follow the first part's rows; ``pages`` lists both."""
    out: list = []
    for item in ordered:
        if out and _runs_on(document, out[-1][0], item[0]):
            first, offsets, reader = out[-1]
            out[-1] = (_joined(first, item[0]), offsets | item[1], reader)
        else:
            out.append(item)
    return out


def _runs_on(document: Document, first: TableRecord, then: TableRecord) -> bool:
    if then.page != first.pages[-1] + 1 or not first.rows or not then.rows or first.bbox is None \
            or then.bbox is None or len(first.rows[0]) != len(then.rows[0]) \
            or first.row_header_cols != then.row_header_cols:
        return False
    if then.header_rows and then.rows[:then.header_rows] != first.rows[:first.header_rows]:
        return False
    last_part = [c for c in first.cells if c.page == first.pages[-1]]
    if not _under(last_part, then.cells):
        return False
    # nothing after the first part on its page, nothing before the second on its own
    after = any(b.page == first.pages[-1] and b.bbox is not None and b.bbox[1] > _bottom(last_part, first)
                and b.role not in ("footnote", "chart") for b in document.blocks)
    before = any(b.page == then.page and b.bbox is not None and b.bbox[3] < then.bbox[1] and b.role != "footnote"
                 for b in document.blocks)
    return not after and not before


def _bottom(cells: list[TableCell], table: TableRecord) -> float:
    boxes = [c.bbox for c in cells if c.bbox]
    return max(b[3] for b in boxes) if boxes else (table.bbox[3] if table.bbox else 0.0)


def _under(first: list[TableCell], then: list[TableCell]) -> bool:
    """Every column of ``then``'s cells stands under the same column of ``first``'s."""
    def extents(cells: list[TableCell]) -> dict[int, tuple[float, float]]:
        out: dict[int, tuple[float, float]] = {}
        for c in cells:
            if c.bbox:
                x0, x1 = out.get(c.col, (c.bbox[0], c.bbox[2]))
                out[c.col] = (min(x0, c.bbox[0]), max(x1, c.bbox[2]))
        return out

    above, below = extents(first), extents(then)
    shared = set(above) & set(below)
    return bool(shared) and set(below) <= set(above) and all(
        min(above[c][1], below[c][1]) >= max(above[c][0], below[c][0]) for c in shared)


def _joined(first: TableRecord, then: TableRecord) -> TableRecord:
    """``then``'s rows after ``first``'s, under ``first``'s column headers."""
    shift = len(first.rows) - then.header_rows

    def header(col: int) -> str:
        return " / ".join(dict.fromkeys(first.rows[h][col] for h in range(first.header_rows) if first.rows[h][col]))

    cells = first.cells + [replace(c, row=c.row + shift, column_header=c.column_header or header(c.col))
                           for c in then.cells]
    return replace(first, pages=first.pages + [then.page], rows=first.rows + then.rows[then.header_rows:], cells=cells)


def _offsets(table: Table) -> set[int]:
    return {o for row in list(table.rows) + [table.headers] for c in row for o in range(c.start, c.end)}


def _shared(a: list[float], b: tuple[float, float, float, float]) -> float:
    """The share of the smaller of two boxes that lies in both."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / smaller if smaller > 0 else 0.0
