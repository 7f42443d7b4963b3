"""Figures read from the cells of ruled tables (``layout.lattice``): a value labelled by the
table's title, its row headers, the name beside it under the same column header, and its
column header.

A ruled table's grid is read from its rules, so its cells are known even where the reading
order mixed them ("Nice 7 Toulon 2" read across a region's border). In a region whose
border holds names and their counts ("Sud": "Nice | 7"), the name left of a value under
the same column header is part of what the value counts: "Agences / Nice — Sud".
Units and the scale come as for the other tables (``table_cells.unit_of``). A column headed
by the name of an identifier ("Code", "Numéro de lot", "Catégorie d'agrément") lists codes: its
numbers are no figures.
"""
from __future__ import annotations

import regex

from ...core import rules
from ...core.document import Document
from ...core.records import Figure, Previous, TableRecord
from ...core.text import fold
from ...layout.table_grid import Placed, placed
from ...layout.tables import clean, year_of
from .currency import currency_of
from .table_cells import RULE, unit_of

__all__ = ["figures_of", "identifier_columns", "relabel", "relabel_in_ruled_tables", "with_row_headers"]


def relabel_in_ruled_tables(document: Document, figures: list[Figure], tables: list[Placed] | None = None) -> None:
    """The figures read inside the ruled tables of ``document`` take their cells' labels and
    years (``relabel``), those of a text cell its row's header (``with_row_headers``);
    ``tables``: its tables as ``table_grid.placed`` reads them, when the caller has them."""
    ruled = [p for p in (placed(document) if tables is None else tables) if p.aligned is None]
    currency = currency_of(document.text) if ruled else "EUR"
    for p in ruled:
        columns = identifier_columns(p.record)
        if columns:  # (in place: callers hold the list)
            figures[:] = [f for f in figures if not _in_columns(f, p.record, columns)]
        relabel(figures, figures_of(document, p.record, p.offsets, currency))
        with_row_headers(figures, p.record)


def identifier_columns(table: TableRecord) -> list[tuple[float, float]]:
    """The horizontal extents of the columns of ``table`` whose header opens with the name of
    an identifier (``identifier_columns`` of ``patterns/tables``: "Code", "Numéro de
    lot"): their numbers are codes, not quantities."""
    if not table.header_rows or not table.rows:
        return []
    names = {fold(name) for name in rules.load("tables")["identifier_columns"]}
    out = []
    for col, header in enumerate(table.rows[0]):
        words = header.split()
        if not words or fold(words[0]).rstrip(".:") not in names:
            continue
        boxes = [c.bbox for c in table.cells if c.col == col and c.bbox]
        if boxes:
            out.append((min(b[0] for b in boxes), max(b[2] for b in boxes)))
        elif col == 0 and table.row_header_cols == 1 and table.bbox and table.cells:
            # the one column of row headers (no data cell of its own): up to the first data cell
            out.append((table.bbox[0], min(c.bbox[0] for c in table.cells if c.bbox) - 1))
    return out


def _in_columns(figure: Figure, table: TableRecord, columns: list[tuple[float, float]]) -> bool:
    """Is ``figure`` read inside ``table``, in one of the ``columns`` (horizontal extents)?"""
    if figure.page != table.page or figure.bbox is None or table.bbox is None:
        return False
    x, y = (figure.bbox[0] + figure.bbox[2]) / 2, (figure.bbox[1] + figure.bbox[3]) / 2
    x0, top, x1, bottom = table.bbox
    return x0 <= x <= x1 and top <= y <= bottom and any(lo - 1 <= x <= hi + 1 for lo, hi in columns)


def figures_of(document: Document, table: TableRecord, offsets: set[int], currency: str = "EUR") -> list[Figure]:
    """The figures of ``table``'s numeric cells (``offsets``: the glyphs it holds, where the
    section of each cell is read), dated by their column's or row's year when the table gives one."""
    out: list[Figure] = []
    title = clean(table.title or "")
    rows = table.rows
    for cell in table.cells:
        if cell.value is None or year_of(cell.text) and not cell.column_header:
            continue
        row = " / ".join(filter(None, [_group_above(table, cell.row), cell.row_header]))
        sibling = rows[cell.row][cell.col - 1] if cell.col - 1 >= table.row_header_cols else ""
        if sibling and _heading_of(table, cell.col - 1) == cell.column_header and not _numeric(table, cell.row, cell.col - 1):
            row = f"{row} / {sibling}" if row else sibling
        elif name := _row_name(table, cell.row, cell.col) or _shared_name(table, cell.row):
            row = f"{row} / {name}" if row else name
        column = cell.column_header
        label = " — ".join(filter(None, [row, column]))
        # the title, and the header over the row headers ("Couverture des charges")
        caption = " ".join(dict.fromkeys(t for t in [title, _stub_header(table)] if t and t.casefold() not in label.casefold()))
        if caption:
            label = f"{caption} : {label}" if label else caption
        col_year = year_of(column)
        # a row headed by a year ("2022 | Cotisations des membres | 4 500")
        row_year = next((y for c in range(table.row_header_cols) if (y := year_of(rows[cell.row][c]))), None)
        previous = []
        if col_year:
            before = next((c for c in table.cells if c.row == cell.row and year_of(c.column_header) == col_year - 1
                           and c.value is not None), None)
            if before is not None:
                previous = [Previous(float(before.value or 0.0), col_year - 1, before.text)]
        inside = document.glyphs_in(offsets, cell.bbox) if cell.bbox else []
        start = min(inside) if inside else None
        section = document.section_index().at(start) if start is not None else None
        out.append(Figure(
            id="", value=cell.value, unit=unit_of(cell.text, row, column, title, currency), label=label,
            # the year the table gives the cell, else None: the text's reader dates it
            raw=cell.text, approx=None, as_of=str(col_year or row_year) if col_year or row_year else None,
            previous=previous, page=table.page, bbox=tuple(cell.bbox) if cell.bbox else None,  # type: ignore[arg-type]
            section=section, context=" | ".join(t for t in rows[cell.row] if t), rule=RULE, kind="table"))
    return out


def _group_above(table: TableRecord, row: int) -> str:
    """The nearest group row above ``row`` in the body ("Réseau principal": one text spanning the
    row, or its first cells), or ""."""
    for r in range(row - 1, table.header_rows - 1, -1):
        filled = [t for t in table.rows[r] if t]
        if len(filled) >= 2 and len(set(filled)) == 1 and table.rows[r][0] == filled[0] \
                and not any(c.row == r and c.value is not None for c in table.cells):
            return filled[0]
    return ""


def _row_name(table: TableRecord, row: int, col: int) -> str:
    """The name that tells ``row`` apart when its row header spans it and the rows next to it
    ("Agences" over the rows "Lille | 4 … | 9" and "Arras | 2 … | 5"): the row's
    first cell after the row headers, when it is text. Only where every row under that header
    has a value in column ``col``: a group's one value on its last row is the group's total
    ("Guichets": "5" on one row, "1 | 6" on the next), not that row's."""
    rows, first = table.rows, table.row_header_cols
    if first >= col or not any(rows[row][:first]):
        return ""
    group = _spanned(table, row)
    if len(group) < 2 or not all(_numeric(table, r, col) for r in group):
        return ""
    name = rows[row][first]
    return name if name and not _numeric(table, row, first) else ""


_A_WORD = regex.compile(r"\p{L}{2,}")


def _shared_name(table: TableRecord, row: int) -> str:
    """The name every named cell of ``row`` gives, when it gives one in two columns or more:
    the row's total names it too ("Partenaire | Boulangerie X | 12 | Boulangerie X | 3 | 15":
    15 is Boulangerie X's). Names that differ ("Super A | 40 | Super B | 55 | 95") name no total."""
    names = [t for c, t in enumerate(table.rows[row]) if c >= table.row_header_cols and t
             and not _numeric(table, row, c) and not year_of(t) and _A_WORD.search(t)]
    return names[0] if len(names) >= 2 and len(set(names)) == 1 else ""


def _spanned(table: TableRecord, row: int) -> list[int]:
    """The body rows next to each other under the same row headers as ``row``, ``row`` included."""
    rows, heads = table.rows, table.rows[row][:table.row_header_cols]
    start = end = row
    while start - 1 >= table.header_rows and rows[start - 1][:table.row_header_cols] == heads:
        start -= 1
    while end + 1 < len(rows) and rows[end + 1][:table.row_header_cols] == heads:
        end += 1
    return list(range(start, end + 1))


def _stub_header(table: TableRecord) -> str:
    """The header over the row-header columns, when it names something ("Couverture des
    charges" over "Recettes propres"…)."""
    return " ".join(dict.fromkeys(table.rows[h][0] for h in range(table.header_rows) if table.rows[h][0]))


def _heading_of(table: TableRecord, col: int) -> str:
    return " / ".join(dict.fromkeys(table.rows[h][col] for h in range(table.header_rows) if table.rows[h][col]))


def _numeric(table: TableRecord, row: int, col: int) -> bool:
    return any(c.row == row and c.col == col and c.value is not None for c in table.cells)


#: a row header that names something: it opens with a word of four letters or more
_NAME = regex.compile(r"\p{L}{4,}")


def with_row_headers(figures: list[Figure], table: TableRecord) -> None:
    """The figures read in the running text of a ruled table's body cell ("• 900 € par
    branchement", a tariff's cell) are of its row: their label opens with the row's header
    ("Redevance de raccordement : par branchement"), unless it holds it."""
    # (a row header that names something: not a code, "7150", nor letters set apart)
    text_cells = [c for c in table.cells if c.value is None and c.bbox and c.page == table.page
                  and _NAME.match(c.row_header)]
    if not text_cells:
        return
    for figure in figures:
        if figure.page != table.page or figure.bbox is None or figure.kind == "table":
            continue
        x, y = (figure.bbox[0] + figure.bbox[2]) / 2, (figure.bbox[1] + figure.bbox[3]) / 2
        cell = next((c for c in text_cells if c.bbox is not None
                     and c.bbox[0] - 1 <= x <= c.bbox[2] + 1 and c.bbox[1] - 1 <= y <= c.bbox[3] + 1), None)
        if cell is not None and cell.row_header.casefold() not in (figure.label or "").casefold():
            figure.label = f"{cell.row_header} : {figure.label}" if figure.label else cell.row_header


def relabel(figures: list[Figure], cells: list[Figure]) -> None:
    """Each figure of ``figures`` read inside a ruled cell of ``cells`` (same page, same value,
    its middle in the cell's box) takes that cell's label, and the year its column or row
    gives it; its unit and the rest stay as the reader of the text found them. One cell names
    one figure, in reading order."""
    free = list(cells)
    for figure in figures:
        if figure.page is None or figure.bbox is None:
            continue
        x, y = (figure.bbox[0] + figure.bbox[2]) / 2, (figure.bbox[1] + figure.bbox[3]) / 2
        for cell in free:
            box = cell.bbox
            if box is not None and cell.page == figure.page and abs(cell.value - figure.value) <= 1e-9 * max(1.0, abs(figure.value)) \
                    and box[0] - 1 <= x <= box[2] + 1 and box[1] - 1 <= y <= box[3] + 1:
                figure.label = cell.label
                if cell.as_of is not None:
                    figure.as_of = cell.as_of
                free.remove(cell)
                break
