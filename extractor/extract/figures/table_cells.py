"""Figures read from table cells: a value labelled by its row header and its column header.

The tables themselves are rebuilt from glyph positions by the layout (``layout.tables``:
rows, cells, header rows, title); here each numeric cell becomes a figure.

Units come from the cell, else its row header, column header or title (``€``, ``%``,
``m3``, ``km``), a currency over a volume is kept compound (``EUR/m3``); an indicator code
in the title or the section heading ("(indicateur D204.0)") goes into the label. Rules are
data in ``patterns/tables/fr.yaml``.
"""
from __future__ import annotations

import functools

from ...core import rules
from ...core.document import Document
from ...core.geometry import centre_in
from ...core.records import Figure, Previous
from ...core.text import compiled
from ...layout.tables import (
    Cell,
    Table,
    capitals,
    clean,
    column_header,
    first_value_x,
    row_header_cells,
    row_headers,
    section_line,
    tables,
    year_of,
)
from .currency import currency_of

RULE = "table_cell"


@functools.lru_cache(maxsize=None)
def _data() -> dict:
    return rules.load("tables")


def unit_of(cell: str, row: str, column: str, title: str, currency: str = "EUR") -> str | None:
    """The unit of a value: from its own cell, else its row header, column header, title;
    a currency per volume or length ("€ HT/m3", "prix au m3") is kept compound."""
    conf = _data()["units"]
    base = None
    for where in (cell, *(_without_quantity(h) for h in (row, column, title))):
        base = _unit_in(where)
        if base:
            break
    if base == rules.load("figures")["currency"]["placeholder"]:
        base = currency  # an amount without a printed currency: the document's
    if base in conf["currencies"] or base == currency:
        context = " ".join((cell, row, column, title))
        per = next((r["unit"] for r in conf["per"]["rules"] if compiled(r["pattern"]).search(context)), None)
        if per:
            return f"{base}/{per}"
    return base


# a table's row headers, column headers and title come back for each of its cells: what the
# unit rules find in a text is kept for the next cell that asks
@functools.lru_cache(maxsize=16384)
def _unit_in(text: str) -> str | None:
    """The unit of the first unit rule that ``text`` holds."""
    return next((r["unit"] for r in _data()["units"]["rules"] if compiled(r["pattern"]).search(text)), None)


@functools.lru_cache(maxsize=16384)
def _without_quantity(header: str) -> str:
    """A header without the quantities printed in it with their units ("TVA (10 %)",
    "facture type 120 m3"): they say nothing of the column's unit."""
    return compiled(_data()["units"]["quantity_in_header"]).sub(" ", header)


def unit_scope(table: Table, r: int) -> str:
    """What states the unit and scale of row ``r``: the nearest line of its section that
    says "(en …)" (a section line "PAR ACTION (en dollars)"), else the caption's."""
    pattern = compiled(_data()["unit_statement"])
    for row in reversed(table.rows[:r]):
        text = " ".join(c.text for c in row)
        if all(c.value is None for c in row) and pattern.search(text):
            return text
        if all(c.value is None for c in row) and section_line(text):
            break  # a new section that states no unit: the caption's holds
    lines = dict.fromkeys([table.title or "", *table.caption])  # the title is often a caption line
    return " ".join(line for line in lines if pattern.search(line))


def section_name(table: Table, r: int) -> str:
    """The name of the section of the table row ``r`` is in: the nearest line in capitals
    above it ("COURS BOURSIER"), or ""."""
    for row in reversed(table.rows[:r]):
        text = " ".join(c.text for c in row)
        if all(c.value is None for c in row) and capitals(text):
            return clean(text)
    return ""


def group_name(table: Table, heads: dict[int, str], r: int) -> str:
    """The group row ``r`` is in: the nearest row above it with text and no value whose next
    row opens a new header with a capital ("Refoulement" over "Réseau unitaire", "Bénéfice
    net par action" over "De base" and "Dilué"); a line that the next row continues ("(notes
    6 et 18)", "à une entreprise associée") is a wrapped header, not a group. A total row
    closes the group above it; over the body's first group, a line set across the table under
    its header (``spanning_note``)."""
    total = compiled(_data()["units"]["total_row"])
    for k in range(r - 1, -1, -1):
        row = table.rows[k]
        text = clean(" ".join(c.text for c in row))
        if k in heads and total.search(heads[k]):
            return ""
        # (a line opening in lower case ends the header above it: "Redevance pour
        # modernisation" / "des réseaux", no group)
        if (not text or any(c.value is not None for c in row) or capitals(text) or k + 1 >= len(table.rows)
                or text[:1].islower()):
            continue
        below = next((c.text for c in table.rows[k + 1] if c.value is None and c.text.strip()), "")
        if below[:1].isupper() or text.endswith(":"):
            return text
    return spanning_note(table)


def spanning_note(table: Table) -> str:
    """A line between the header and the body set across the table rather than over one
    column ("Gravitaire" centred over a table of networks, where "(53 semaines)" stands under
    its column's "2017"): the group of the rows under it, up to the first group row of the
    body. A name: it opens with a capital and holds no digit."""
    cells = [c for row in table.rows for c in row] + list(table.headers)
    if not table.header_notes or not cells or not table.headers:
        return ""
    middle = (min(c.x0 for c in cells) + max(c.x1 for c in cells)) / 2
    for note in table.header_notes:
        text = clean(note.text)
        if not text[:1].isupper() or any(ch.isdigit() for ch in text):
            continue
        centre = (note.x0 + note.x1) / 2
        if abs(centre - middle) < min(abs(centre - (h.x0 + h.x1) / 2) for h in table.headers):
            return text
    return ""


def scale_of(scope: str, row: str, unit: str | None) -> float:
    """The factor a caption's "(en millions de dollars)" gives an amount of its table: none
    for a share, a count, or a row per unit ("par action")."""
    conf = _data()["scales"]
    if unit in (None, "%") or compiled(conf["per_unit_row"]).search(row):
        return 1.0
    return next((float(r["factor"]) for r in conf["rules"] if compiled(r["pattern"]).search(scope)), 1.0)


def indicator_code(*texts: str | None) -> str | None:
    pattern = compiled(_data()["indicator_code"])
    for text in texts:
        m = pattern.search(text or "")
        if m:
            return m.group("code")
    return None


def total_unit(table: Table, heads: dict[int, str], r: int, currency: str = "EUR") -> str | None:
    """The unit a total row at or below row ``r`` states in its header ("Total réseau (ml)"):
    the unit of the rows it sums, up to the previous total."""
    pattern = compiled(_data()["units"]["total_row"])
    for i in sorted(h for h in heads if h >= r):
        if pattern.search(heads[i]):
            return unit_of("", heads[i], "", "", currency)
    return None


def extract(document: Document, year: int | None = None,
            found: list[Table] | None = None) -> tuple[list[Figure], set[int]]:
    """Figures of the table cells of ``document`` (of its ``found`` tables when the caller
    has them), and the document offsets the tables cover (the running-text reader should
    leave them alone)."""
    figures: list[Figure] = []
    owned: set[int] = set()
    found = tables(document) if found is None else found
    currency = currency_of(document.text) if found else "EUR"
    for table in found:
        heads = row_headers(table)
        edge = first_value_x(table.rows)
        for r, row in enumerate(table.rows):
            owned.update(o for c in row for o in range(c.start, c.end))
            if r not in heads:
                continue
            values = [c for c in row if c.value is not None and c.x0 >= edge - 1]
            by_year = {year_of(column_header(table, c)): c for c in values}
            scope, head = unit_scope(table, r), heads[r]
            repeated = None if head else _repeated_row(table, heads, r, edge)
            if repeated is not None:  # a breakdown's sum, printed again under its parts
                head = heads[repeated]
            total = total_unit(table, heads, r, currency)
            name = section_name(table, r)
            if name and name not in head:  # "Bas" under "COURS BOURSIER" is the low price
                head = f"{name} {head}"
            # caption and group name what the rows count; they are words of the label only
            # (a group "Bénéfice par action (en dollars)" must not restate the rows' unit)
            group = "" if repeated is not None else group_name(table, heads, r)
            title = clean(table.title or "")
            caption = " ".join(filter(None, [
                title if title and title.casefold() not in head.casefold() else "",
                group if group and group not in head else ""]))
            for cell in values:
                figure = _figure(document, table, head, cell, by_year, year, row, scope, currency, caption)
                if figure.unit is None and total:
                    figure.unit = total
                figures.append(figure)
    return figures, owned


def _repeated_row(table: Table, heads: dict[int, str], r: int, edge: float) -> int | None:
    """The row above ``r`` with a header whose values ``r`` (a row without one) repeats, in
    the same columns: the line a breakdown splits, its total printed again under the parts
    ("Résultat net 430,3 | 345,7", then "Part des associés :" its two holders, then "430,3 |
    345,7" under a rule). At least two values, not all nil: one alike is a coincidence."""
    def values(k: int) -> list[tuple[float | None, float]]:
        return [(c.value, round(c.x1)) for c in table.rows[k] if c.value is not None and c.x0 >= edge - 1]

    own = values(r)
    if len(own) < 2 or not any(v for v, _ in own):
        return None
    for k in range(r - 1, -1, -1):
        above = values(k) if heads.get(k) else []
        if len(above) == len(own) and all(v == w and abs(a - b) <= 2 for (v, a), (w, b) in zip(above, own)):
            return k
    return None


def _figure(document: Document, table: Table, row_header: str, cell: Cell, by_year: dict,
            year: int | None, row: list[Cell], scope: str = "", currency: str = "EUR",
            caption: str = "") -> Figure:
    column = clean(column_header(table, cell))
    label = " — ".join(filter(None, [row_header, column]))
    label = f"{caption} : {label}" if caption and label else caption or label
    section = document.section_index().at(cell.start)
    code = indicator_code(table.title, section)
    if code and code not in label:
        label = f"{label} ({code})"
    col_year = year_of(column)
    before = by_year.get(col_year - 1) if col_year else None
    previous = [Previous(before.value, col_year - 1, before.text)] if before is not None else []
    page, bbox = document.locate(cell.start, cell.end)
    unit = unit_of(cell.text, row_header, column, " ".join(filter(None, [scope, table.title])), currency)
    value = cell.value * scale_of(scope, row_header, unit) if cell.value is not None else cell.value
    return Figure(
        id="", value=value, unit=unit,
        label=label, raw=cell.text, approx=None,
        as_of=str(col_year) if col_year else (str(year) if year else None),
        previous=previous, page=page, bbox=bbox, section=section,
        context=" | ".join(c.text for c in row), rule=RULE, kind="table",
    )


@functools.lru_cache(maxsize=1024)
def _indicator_in_section(section: str | None) -> str | None:
    return indicator_code((section or "").split(" > ")[-1])


def _table_boxes(found: list[Table]) -> list[tuple[int, float, float, float, float]]:
    return [(t.page, min(c.x0 for r in t.rows for c in r), min(c.top for r in t.rows for c in r),
             max(c.x1 for r in t.rows for c in r), max(c.bottom for r in t.rows for c in r)) for t in found]


def _row_header_bounds(found: list[Table], inside: list[Figure], cells: list[Figure]) -> list[Figure]:
    """The figures of ``inside`` (text figures read inside ``found`` tables) that are a
    threshold printed in a row header and standing for the rows it spans ("Max 3 ans" over a
    debt's rows, "Min 75 %"): the table gives it no figure of its own, the text one stays.
    Only an inclusive bound with its unit: "Moins de 1 an", "Plus de 5 ans" name a column's band."""
    bounds = [f for f in inside if f.approx in ("up_to", "at_least") and f.unit is not None and f.bbox is not None]
    if not bounds:  # nearly every table: its row headers are not read
        return []
    headers = [(t.page, (c.x0, c.top, c.x1, c.bottom)) for t in found for row in row_header_cells(t).values() for c in row]
    return [f for f in bounds
            if any(p == f.page and centre_in(f.bbox, box) for p, box in headers)
            and not any(c.page == f.page and c.bbox is not None and centre_in(f.bbox, c.bbox) for c in cells)]


def merge(document: Document, figures: list[Figure], year: int | None = None,
          found: list[Table] | None = None, cells: list[Figure] | None = None) -> list[Figure]:
    """The running-text ``figures`` of ``document`` with the figures of its tables: a text
    figure read inside a table (where reading order mixes the cells) gives way to the table
    cell's; a text figure in a section about an indicator ("(indicateur P201.1)") gets the
    indicator's code in its label. Idempotent: table figures already in ``figures`` are
    replaced. ``found``: the document's tables, and ``cells``: their figures (``extract``),
    when the caller has them."""
    found = tables(document) if found is None else found
    boxes = _table_boxes(found)

    def in_table(f: Figure) -> bool:
        if f.page is None or f.bbox is None:
            return False
        x, y = (f.bbox[0] + f.bbox[2]) / 2, (f.bbox[1] + f.bbox[3]) / 2
        return any(p == f.page and x0 <= x <= x1 and top <= y <= bottom for p, x0, top, x1, bottom in boxes)

    if cells is None:
        cells = extract(document, year, found)[0]
    text_figures = [f for f in figures if f.rule != RULE]
    inside = [f for f in text_figures if in_table(f)]
    left = {id(f) for f in inside} - {id(f) for f in _row_header_bounds(found, inside, cells)}
    kept = [f for f in text_figures if id(f) not in left]
    for f in kept:
        code = _indicator_in_section(f.section)
        if code and code not in f.label:
            f.label = f"{f.label} ({code})"
    return kept + cells


__all__ = ["RULE", "merge", "unit_of", "total_unit", "unit_scope", "section_name", "scale_of", "indicator_code", "extract"]
