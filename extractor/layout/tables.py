"""Tables rebuilt from glyph positions: rows, cells, header rows and the title.

A table's reading order is lost in running text ("Abonnés domestiques 545 Abonnés non
domestiques 0 587 + 7,7 %"), so tables are rebuilt from the glyph positions that the
``Document`` keeps: glyphs on one baseline form a row, a gap wider than a few character
heights splits a row into cells, and a run of rows holding numeric cells to the right of a
text cell is a table (in it, a narrower gap after a number parts it from the next column's
capitalised words: a count right-aligned against the names beside it). Its header rows (above the first numeric row) give each column a
header, the cells left of a value give its row header, the one-cell row above the header
gives the table's title. This is the row/column-header model of table understanding
(Wang, "Tabular abstraction, editing and formatting", 1996; the cell geometry heuristics of
pdfplumber's ``TableFinder`` and of Tabula's "stream" mode, which read a table from text
alignment alone). The figures of the cells are read by ``extract.figures.table_cells``;
the geometry's settings are data in ``patterns/tables/fr.yaml``.
"""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field

import regex

from ..core import rules
from ..core.document import Block, Document
from ..core.geometry import x_overlap
from ..core.numbers import parse_number
from ..core.text import BARE_YEAR, compiled
from .compiled import _glyphs
from .drawn import drawn_frames

__all__ = ["Cell", "Table", "tables", "page_rows", "row_headers", "row_header_cells", "by_column", "centred", "column_header",
           "first_value_x", "year_of", "clean",
           "section_line", "capitals"]


@functools.lru_cache(maxsize=None)
def _data() -> dict:
    return rules.load("tables")


@dataclass
class Cell:
    """A run of glyphs on one row of a page, between wide gaps."""

    text: str
    start: int  #: document offset of its first glyph
    end: int  #: one past its last glyph
    x0: float
    x1: float
    top: float
    bottom: float
    decimal: str | None = None  #: the decimal mark of its document (None: not proven)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @functools.cached_property
    def value(self) -> float | None:
        text = _unit_free(self.text)
        negative = _value_patterns()[1].match(text)
        if negative:  # an accounting negative: "(15 416,0)"
            value = parse_number(negative.group("number"), self.decimal)
            return -value if value is not None else None
        return parse_number(text, self.decimal)


@dataclass
class Table:
    page: int
    title: str | None
    headers: list[Cell]  #: header cells (all header rows)
    rows: list[list[Cell]]  #: body rows, cells left to right
    #: the one-cell lines right above the table (its caption: "(en millions de dollars)")
    caption: list[str] = field(default_factory=list)
    #: one-cell lines between the header rows and the body that stand over a value column
    #: ("(53 semaines)" under "2017"): a note on that column's header
    header_notes: list[Cell] = field(default_factory=list)
    #: the rest of a table of the page before, under its headers (``headers`` are printed there)
    carried: bool = False


_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\d]")


@functools.lru_cache(maxsize=1)
def _value_patterns() -> tuple[regex.Pattern, regex.Pattern]:
    """(what a cell's text loses before it is read as a number, an accounting negative): read
    once, not for each of the thousands of cells a report's pages hold."""
    data = _data()
    return compiled(data["strip_from_values"]), compiled(data["negative_in_parentheses"])


def _unit_free(text: str) -> str:
    return _value_patterns()[0].sub("", text).strip()


def page_rows(document: Document, page: int, glyphs: list[int] | None = None) -> list[list[Cell]]:
    """Rows of ``page`` (top to bottom), each split into cells (left to right); ``glyphs``
    are the offsets of the page's visible characters when the caller has them."""
    if glyphs is None:
        glyphs = document.glyphs_by_page().get(page, [])
    return _rows(document, _Columns(document), glyphs)


class _Columns:
    """The glyph positions of a document as float64 arrays (the values the ``array`` of
    float32 gives to Python, so the arithmetic is Python's)."""

    def __init__(self, document: Document) -> None:
        import numpy

        n = len(document.text)
        self.x0, self.x1, self.top, self.bottom = (
            numpy.asarray(getattr(document, name), dtype=numpy.float64)[:n]
            for name in ("char_x0", "char_x1", "char_top", "char_bottom"))


def _rows(document: Document, cols: _Columns, glyphs) -> list[list[Cell]]:
    """``page_rows`` for the glyph offsets ``glyphs`` (in text order): rows are grown
    glyph by glyph in the order of their middles, the rest is done on arrays."""
    import numpy

    conf = _data()["geometry"]
    g = numpy.asarray(glyphs, dtype=numpy.int64)
    if not len(g):
        return []
    if len(g) and (int(g.max()) >= len(cols.x0) or int(g.min()) < 0):
        return _rows_python(document, list(glyphs))
    top, bottom, x0, x1 = cols.top[g], cols.bottom[g], cols.x0[g], cols.x1[g]
    if numpy.isnan(top).any() or numpy.isnan(bottom).any() or numpy.isnan(x0).any() or numpy.isnan(x1).any():
        return _rows_python(document, list(glyphs))
    mids = (top + bottom) / 2
    order = numpy.argsort(mids, kind="stable")
    tolerance = conf["row_tolerance"]
    heights = numpy.maximum(bottom - top, 1.0)
    rows = _grow_rows(numpy.ascontiguousarray(mids[order]), numpy.ascontiguousarray(tolerance * heights[order]))
    # within a row, glyphs left to right (ties in the order they joined the row)
    by_x = numpy.argsort(x0[order], kind="stable")
    by_row = numpy.argsort(rows[by_x], kind="stable")
    final = order[by_x[by_row]]
    rows = rows[by_x[by_row]]
    gx0, gx1, gtop, gbottom, h = x0[final], x1[final], top[final], bottom[final], heights[final]
    gap = gx0[1:] - gx1[:-1]
    same_row = rows[1:] == rows[:-1]
    new_cell = numpy.concatenate(([True], ~same_row | (gap > conf["cell_gap"] * h[1:])))
    space = numpy.concatenate(([False], ~new_cell[1:] & (gap > conf["word_gap"] * h[1:])))
    offsets = g[final]
    text, decimal = document.text, document.decimal_mark()
    chars = [(" " + text[i]) if sp else text[i] for i, sp in zip(offsets.tolist(), space.tolist())]
    starts = numpy.flatnonzero(new_cell)
    bounds = starts.tolist() + [len(final)]
    cell_start = numpy.minimum.reduceat(offsets, starts).tolist()
    cell_end = numpy.maximum.reduceat(offsets, starts).tolist()
    cx0 = numpy.minimum.reduceat(gx0, starts).tolist()
    cx1 = numpy.maximum.reduceat(gx1, starts).tolist()
    ctop = numpy.minimum.reduceat(gtop, starts).tolist()
    cbottom = numpy.maximum.reduceat(gbottom, starts).tolist()
    cell_row = rows[starts].tolist()
    out: list[list[Cell]] = []
    current = -1
    kept: list[Cell] = []
    for k in range(len(starts)):
        if cell_row[k] != current:
            if kept:  # "/" (no value) and bullets are not cells
                out.append(kept)
            kept, current = [], cell_row[k]
        cell_text = "".join(chars[bounds[k]:bounds[k + 1]])
        if _LETTER_OR_DIGIT.search(cell_text):
            kept.append(Cell(cell_text, cell_start[k], cell_end[k] + 1, cx0[k], cx1[k], ctop[k], cbottom[k], decimal))
    if kept:
        out.append(kept)
    return out


def _grow_rows(mids, limits):
    """Row numbers of glyphs taken in the order of their middles ``mids`` (float64 arrays):
    a glyph joins the last row while its middle is within its ``limits`` of the row's mean
    middle, else it opens the next. Compiled (``layout._glyphs.grow_rows``) when built."""
    import numpy

    rows = numpy.empty(len(mids), dtype=numpy.int64)
    if _glyphs is not None:
        _glyphs.grow_rows(mids, limits, rows)
        return rows
    rows[:] = _grow_rows_python(mids.tolist(), limits.tolist())
    return rows


def _grow_rows_python(mids: list[float], limits: list[float]) -> list[int]:
    """``_grow_rows`` in Python."""
    row_of = []
    row = -1
    row_sum = 0.0  # sum of the middles of the last row's glyphs
    count = 0
    for mid, limit in zip(mids, limits):
        if count and abs(mid - row_sum / count) <= limit:
            row_sum += mid
            count += 1
        else:
            row += 1
            row_sum = mid
            count = 1
        row_of.append(row)
    return row_of


def _rows_python(document: Document, glyphs: list[int]) -> list[list[Cell]]:
    """``page_rows`` glyph by glyph (for positions the arrays cannot take: NaN)."""
    conf = _data()["geometry"]
    top, bottom = document.char_top, document.char_bottom
    glyphs = sorted(glyphs, key=lambda i: (top[i] + bottom[i]) / 2)
    rows: list[list[int]] = []
    row_sum = 0.0  # sum of the middles of the last row's glyphs
    for i in glyphs:
        mid = (top[i] + bottom[i]) / 2
        h = bottom[i] - top[i]
        if rows and abs(mid - row_sum / len(rows[-1])) <= conf["row_tolerance"] * max(h, 1.0):
            rows[-1].append(i)
            row_sum += mid
            continue
        rows.append([i])
        row_sum = mid
    out = []
    for row in rows:
        row.sort(key=lambda i: document.char_x0[i])
        cells: list[list[int]] = [[row[0]]]
        for prev, i in zip(row, row[1:]):
            h = max(document.char_bottom[i] - document.char_top[i], 1.0)
            gap = document.char_x0[i] - document.char_x1[prev]
            if gap > conf["cell_gap"] * h:
                cells.append([i])
            else:
                cells[-1].append(i)
        kept = [cell for cell in map(lambda c: _cell(document, c), cells) if _LETTER_OR_DIGIT.search(cell.text)]
        if kept:  # "/" (no value) and bullets are not cells
            out.append(kept)
    return out


def _cell(document: Document, idx: list[int]) -> Cell:
    text, x0, x1, top, bottom = document.text, document.char_x0, document.char_x1, document.char_top, document.char_bottom
    word_gap = _data()["geometry"]["word_gap"]
    parts: list[str] = [text[idx[0]]]
    prev = idx[0]
    for i in idx[1:]:
        h = max(bottom[i] - top[i], 1.0)
        if x0[i] - x1[prev] > word_gap * h:
            parts.append(" ")
        parts.append(text[i])
        prev = i
    return Cell("".join(parts), min(idx), max(idx) + 1, min([x0[i] for i in idx]),
                max([x1[i] for i in idx]), min([top[i] for i in idx]),
                max([bottom[i] for i in idx]), document.decimal_mark())


def _is_data(row: list[Cell]) -> bool:
    """A row holding a number that is not alone: right of a text cell, or beside others."""
    if len(row) < 2:  # (the cells of a one-cell row need not be read as numbers)
        return False
    numbers = [c for c in row if c.value is not None and not BARE_YEAR.match(c.text)]
    return bool(numbers) and (len(numbers) >= 2 or row[0].value is None) and len(row) >= 2


def _is_header(row: list[Cell]) -> bool:
    return all(c.value is None or year_of(c.text) for c in row)


def _new_header(row: list[Cell]) -> bool:
    """A header row of a next table: several cells, all headers, one naming a year."""
    return len(row) >= 2 and _is_header(row) and any(year_of(c.text) for c in row)


def _close(upper: list[Cell], lower: list[Cell], data: bool = True) -> bool:
    """Are two rows of one table? A row of text must follow closer than a row of numbers."""
    h = max(lower[0].height, upper[0].height, 1.0)
    gap = _data()["geometry"]["row_gap" if data else "text_row_gap"]
    return lower[0].top - max(c.bottom for c in upper) <= gap * h


def _in_rhythm(body: list[list[Cell]], row: list[Cell]) -> bool:
    """Does ``row`` go on a table whose rows are spaced wider than ``row_gap`` (a grid with
    blank spacer rows)? It does when it has the cells of the table's last row, column under
    column, and stands at most ``rhythm`` times the table's widest spacing so far below it."""
    if len(body) < 2 or len(row) != len(body[-1]) or not all(x_overlap(a.x0, a.x1, b.x0, b.x1) > 0 for a, b in zip(body[-1], row)):
        return False
    gaps = [lower[0].top - max(c.bottom for c in upper) for upper, lower in zip(body, body[1:])]
    gap = row[0].top - max(c.bottom for c in body[-1])
    return 0 < gap <= _data()["geometry"]["rhythm"] * max(gaps)


def tables(document: Document) -> list[Table]:
    """The tables of ``document``, page by page: a run of close rows holding numbers (and
    a few text-only rows in between: section lines, row headers wrapped over several lines),
    with the header rows and the title above it. A table has column headers and at least
    ``min_rows`` rows opening with a row header."""
    if not document.has_positions():
        return []
    found: list[Table] = []
    glyphs = document.glyphs_by_page()
    cols = _Columns(document)
    carried: Table | None = None  # the table that ran to the foot of the page before
    for page in sorted(glyphs):  # the page numbers read (a page range starts past 1)
        at_foot = None
        for zone in _zones(document, page, glyphs[page]):
            rows = _without_prose(document, _without_headings(document, _without_contents(document, _rows(document, cols, zone))))
            read = _tables_in(document, page, rows, carried if carried is not None and carried.page == page - 1 else None)
            for table in read:
                _part_glued_values(document, cols, glyphs[page], table)
            found.extend(read)
            if read and rows and read[-1].rows[-1] is rows[-1]:
                at_foot = read[-1]
        carried = at_foot
    return found


#: a cell that opens with a number and goes on with a word ("195 Nantes")
_NUMBER_THEN_WORD = regex.compile(r"^[+\-–−]?\d[\d\s\u00a0\u202f,.]*\s\p{L}")


def _part_glued_values(document: Document, cols: _Columns, glyphs: list[int], table: Table) -> None:
    """Each body cell of ``table`` that is a number and the words of the next column, closer
    than ``cell_gap`` but further than ``value_gap`` ("195" right-aligned under its header,
    "Nantes" opening the next column, with a capital), made two cells (rows are changed in
    place: callers hold them)."""
    gap_share = _data()["geometry"]["value_gap"]
    for row in table.rows:
        if not any(_NUMBER_THEN_WORD.match(c.text) for c in row):
            continue
        parted: list[Cell] = []
        for cell in row:
            parted += _parted(document, cols, glyphs, cell, gap_share) if _NUMBER_THEN_WORD.match(cell.text) else [cell]
        row[:] = parted


def _parted(document: Document, cols: _Columns, glyphs: list[int], cell: Cell, gap_share: float) -> list[Cell]:
    """``cell`` as its leading number and the rest, where a gap wider than ``gap_share``
    glyph heights follows the number; else ``[cell]``."""
    own = sorted((i for i in glyphs[bisect.bisect_left(glyphs, cell.start):bisect.bisect_left(glyphs, cell.end)]
                  if cell.x0 <= cols.x0[i] and cols.x1[i] <= cell.x1 and cell.top <= cols.top[i] and cols.bottom[i] <= cell.bottom),
                 key=lambda i: cols.x0[i])
    for k in range(1, len(own)):
        before, after = own[k - 1], own[k]
        height = max(float(cols.bottom[after] - cols.top[after]), 1.0)
        if cols.x0[after] - cols.x1[before] > gap_share * height:
            left = _cell(document, own[:k])
            # the next column's words open with a capital ("Nantes", "Saint-Nazaire"); a
            # number's own words do not ("12,50  à 14,00", "12  personnes")
            if left.value is None or not document.text[after].isupper():
                return [cell]
            return [left, _cell(document, own[k:])]
    return [cell]


def _zones(document: Document, page: int, glyphs: list[int]) -> list[list[int]]:
    """The glyphs of ``page`` in the zones tables are read from: each drawn grid's (ruled cells
    two rows high or more, ``drawn.drawn_frames``) and the rest of the page. A table does not run
    on out of a drawn grid into the text around it, nor into it (a table of values under a
    ruled timeline is not one table with it)."""
    frames = drawn_frames(document.rules[page]) if document.rules.get(page) else []
    if not frames:
        return [glyphs]
    zones: list[list[int]] = []
    held: set[int] = set()
    for frame in frames:  # (a glyph in two frames is the first's)
        zones.append([i for i in document.glyphs_in(glyphs, frame) if i not in held])
        held.update(zones[-1])
    zones.append([i for i in glyphs if i not in held])
    return [zone for zone in zones if zone]


def _tables_in(document: Document, page: int, rows: list[list[Cell]], carried: Table | None = None) -> list[Table]:
    """The tables of the rows of one zone of ``page``; ``carried``: the table that ran to the
    foot of the page before, whose headers a run of rows at the top of this page, without
    headers of its own and under its columns, goes on under (a table continued on the next
    page without its header repeated)."""
    found = []
    max_text_rows, min_rows = _data()["max_text_rows"], _data()["min_rows"]
    data = {id(r): _is_data(r) for r in rows}  # rows are not changed from here on

    def is_data(row: list[Cell]) -> bool:
        return data[id(row)]

    i = 0
    while i < len(rows):
        if not is_data(rows[i]):
            i += 1
            continue
        start, body = i, [rows[i]]
        i += 1
        while i < len(rows) and (_close(body[-1], rows[i], _leads_to_data(rows, i, is_data))
                                 or is_data(rows[i]) and _in_rhythm(body, rows[i])) \
                and not _new_header(rows[i]):
            if not any(is_data(r) for r in [rows[i]] + body[-max_text_rows:]):
                break
            body.append(rows[i])
            i += 1
        while body and not is_data(body[-1]) and not _wrapped(body, body[-1]):
            body.pop()
        if sum(is_data(r) and r[0].value is None for r in body) < min_rows:
            continue  # a grid of key figures: numbers without row headers
        headers: list[Cell] = []
        notes: list[Cell] = []
        title = None
        k = start - 1
        while k >= 0 and _close(rows[k], rows[k + 1]) and _is_header(rows[k]):
            if len(rows[k]) == 1:
                if headers and rows[k][0].x0 > _labels_right(body) and not centred(rows[k][0], body + [headers]):
                    headers = rows[k] + headers  # "Nombre de" over "comptes actifs"
                    k -= 1
                    continue
                if headers:
                    title = None if _sentence_tail(rows, k) else rows[k][0].text
                    break
                if _wrapped(body, rows[k]):  # the first line of a wrapped row header
                    body.insert(0, rows[k])
                else:
                    notes.insert(0, rows[k][0])
            else:
                headers = rows[k] + headers
            k -= 1
        if headers:  # without column headers: a table of contents, a list of amounts
            found.append(Table(page, title, headers, body, _caption(rows, k, is_data), notes))
        elif carried is not None and start == 0 and _under_columns(body, carried):
            found.append(Table(page, carried.title, carried.headers, body, [], [], carried=True))
    return found


def _under_columns(body: list[list[Cell]], table: Table) -> bool:
    """Does each number of ``body`` stand under a value column of ``table`` (its header
    cells right of its row headers), and its first cells under the table's row headers?"""
    columns = [c for c in table.headers if c.x0 >= first_value_x(table.rows) - 1]
    lead = min(row[0].x0 for row in table.rows)
    return all(abs(row[0].x0 - lead) <= 2 * row[0].height and all(
        any(_overlap(c, h) > 0 for h in columns) for c in row[1:] if c.value is not None) for row in body)


def _heading(document: Document, cell: Cell) -> bool:
    block = document.block_at(cell.start)
    return block is not None and block.role == "heading"


def _without_headings(document: Document, rows: list[list[Cell]]) -> list[list[Cell]]:
    """Rows without the cells of headings, set larger than the cells beside them, that share
    their baseline with them: in columns of text, a heading of one column ("LA DIRECTION") beside a
    table row of the next is no cell of it. A heading alone on its row stays (a table's title,
    a section line), and so does a bold header cell of the table's own size."""
    out = []
    for row in rows:
        if len(row) > 1 and any(_heading(document, c) for c in row):
            others = [c.height for c in row if not _heading(document, c)]
            if others:  # set larger than the row's other cells: a heading of its own column
                row = [c for c in row if not (_heading(document, c) and c.height >= _HEADING_SCALE * max(others))]
        if row:
            out.append(row)
    return out


_SENTENCE_END = regex.compile(r"[.!?](?:\s|$)")


#: a table of contents has at least this many entries, their page numbers rising
CONTENTS_MIN = 3


def _without_contents(document: Document, rows: list[list[Cell]]) -> list[list[Cell]]:
    """Rows without the entries of a table of contents: blocks of the role ``toc`` (a title
    and a lone number across a leader) whose numbers never fall from entry to entry and rise
    over the run, at least ``CONTENTS_MIN`` of them. A column of page numbers is no table, and
    running text beside it is no column of one; a table's rows that read like contents entries
    ("Agences   12") keep their cells, their numbers going up and down."""
    entries: list[tuple[float, int]] = []  # (page number, start of its entry's block), row after row
    for row in rows:
        # an entry's page number: the one number of a contents entry on its row, with no number
        # in the cell right of it (a table's row "Agences   12   14" reads as an entry)
        numbers: dict[int, list[int]] = {}  # contents entry's block start -> its numbers' cells
        for j, c in enumerate(row):
            if (b := document.block_at(c.start)) is not None and b.role == "toc" and c.value is not None:
                numbers.setdefault(b.start, []).append(j)
        for start, found in numbers.items():
            j = found[-1]
            if len(found) == 1 and (j + 1 == len(row) or row[j + 1].value is None):
                entries.append((row[j].value or 0.0, start))
    contents: set[int] = set()  # block starts
    run: list[tuple[float, int]] = []
    for entry in entries + [(-1.0, -1)]:
        if run and entry[0] >= run[-1][0] and entry[1] >= 0:  # (two entries on one page)
            run.append(entry)
            continue
        if len(run) >= CONTENTS_MIN and run[-1][0] > run[0][0]:
            contents.update(start for _, start in run)
        run = [entry]
    return _without_blocks(document, rows, contents)


def _without_prose(document: Document, rows: list[list[Cell]]) -> list[list[Cell]]:
    """Rows without the cells of a paragraph of running text set beside a table: a block (a
    paragraph or a list entry) of at least ``prose_words`` words that ends a sentence, with two
    rows of numbers or more beside it (left or right, their baselines inside its height), and
    no number beside most of its lines. Running text in the next page column keeps its own line
    spacing and meets the table's rows now and then; a table's own column of text, however
    long, has its rows' numbers beside its lines."""
    blocks: dict[int, Block] = {}
    for row in rows:
        for c in row:
            block = document.block_at(c.start)
            if block is not None and block.role in ("body", "list") and block.bbox is not None:
                blocks.setdefault(block.start, block)
    prose: set[int] = set()
    # read once for all the blocks: the cells by their top (those beside a block are within
    # its height), and each row's cells' offsets in order (a block's own rows are those with a
    # cell starting inside it); a cell's value is read only for a cell beside a block
    by_top: list[tuple[float, int, Cell]] = []
    tops: list[float] = []
    starts: list[list[int]] = []
    for start, block in blocks.items():
        text = document.block_text(block)
        if len(text.split()) < _data()["prose_words"] or not _SENTENCE_END.search(text) or block.bbox is None:
            continue
        if not starts:
            by_top = sorted(((c.top, k, c) for k, row in enumerate(rows) for c in row if c.top == c.top),  # (no NaN)
                            key=lambda entry: entry[0])
            tops = [entry[0] for entry in by_top]
            starts = [sorted(c.start for c in row) for row in rows]
        x0, top, x1, bottom = block.bbox
        beside = {k for _, k, c in by_top[bisect.bisect_left(tops, top):bisect.bisect_right(tops, bottom)]
                  if (c.x1 <= x0 or c.x0 >= x1) and c.value is not None}  # rows with a number beside the block
        own = [k for k, offsets in enumerate(starts)
               if (j := bisect.bisect_left(offsets, block.start)) < len(offsets) and offsets[j] < block.end]
        if len(beside) >= 2 and 2 * len(beside.intersection(own)) < len(own):
            prose.add(start)
    return _without_blocks(document, rows, prose)


def _without_blocks(document: Document, rows: list[list[Cell]], starts: set[int]) -> list[list[Cell]]:
    """``rows`` without the cells of the blocks that start at ``starts``, and without the rows
    left empty."""
    if not starts:
        return rows
    out = []
    for row in rows:
        kept = [c for c in row if (b := document.block_at(c.start)) is None or b.start not in starts]
        if kept:
            out.append(kept)
    return out


#: a heading beside a table row is another column's when set this much larger than the row
_HEADING_SCALE = 1.3


def centred(line: Cell, rows: list[list[Cell]]) -> bool:
    """A line centred on the table whose ``rows`` are given, not over one of its columns: a
    title or a banner ("NOMBRE D'ABONNES", "Part de la Collectivité")."""
    cells = [c for r in rows for c in r]
    x0, x1 = min(c.x0 for c in cells), max(c.x1 for c in cells)
    return abs((line.x0 + line.x1) / 2 - (x0 + x1) / 2) <= 0.08 * (x1 - x0)


def _labels_right(body: list[list[Cell]]) -> float:
    """Right edge of the row headers: a one-cell line above the headers that starts right of
    it belongs to a column's header, one reaching left of it is the table's title."""
    edge = first_value_x(body)
    return max((c.x1 for r in body for c in r if c.value is None and c.x1 <= edge), default=edge)


def _leads_to_data(rows: list[list[Cell]], i: int, is_data) -> bool:
    """Row ``i`` holds numbers, or opens a section whose lines lead to a row that does
    ("RATIOS FINANCIERS" over its ratios): either may stand a data row's gap below the table."""
    j = i  # through the section's lines: "STRUCTURE FINANCIÈRE", "(en millions de dollars)"
    while not is_data(rows[j]) and j - i < _data()["max_section_lines"] and j + 1 < len(rows) \
            and _close(rows[j], rows[j + 1], is_data(rows[j + 1])):
        j += 1
    return is_data(rows[j])


def _sentence_tail(rows: list[list[Cell]], k: int) -> bool:
    """Is the one-cell line ``rows[k]`` the last line of a paragraph's sentence ("… les charges de
    l'exercice" / "se répartissaient comme suit :" over a table's headers)? It opens in
    lower case right under a line of text: no title, the caption keeps the paragraph. A
    line in brackets stands alone ("(en millions de dollars)": the scale of the table)."""
    text = rows[k][0].text.lstrip()
    first = next((ch for ch in text if ch.isalpha()), "")
    return first.islower() and not text.startswith("(") and k > 0 and len(rows[k - 1]) == 1 and rows[k - 1][0].value is None \
        and _close(rows[k - 1], rows[k], data=False)


def _caption(rows: list[list[Cell]], k: int, is_data) -> list[str]:
    """The one-cell text lines right above row ``k`` (nearest first), at most
    ``caption_rows`` of them: where a table states its unit and scale."""
    out: list[str] = []
    while k >= 0 and len(out) < _data()["caption_rows"] and len(rows[k]) == 1 and not is_data(rows[k]):
        out.append(rows[k][0].text)
        k -= 1
    return out


def first_value_x(body: list[list[Cell]]) -> float:
    return min(c.x0 for r in body for c in r if c.value is not None)


def _wrapped(body: list[list[Cell]], row: list[Cell]) -> bool:
    """A text-only row whose cells all sit left of the numbers: a wrapped row header."""
    if not all(c.value is None for c in row):
        return False
    if not row:
        return True
    edge = first_value_x(body)
    return all(c.x1 <= edge for c in row)


def row_headers(table: Table) -> dict[int, str]:
    """Row header of each data row (by index in ``table.rows``): its text cells left of the
    numbers, with the wrapped lines of the row header above and below it."""
    return {i: clean(" ".join(c.text for c in by_column(cells))) for i, cells in row_header_cells(table).items()}


def row_header_cells(table: Table) -> dict[int, list[Cell]]:
    """The cells of each data row's row header (``row_headers``), unordered."""
    edge = first_value_x(table.rows)
    # rows that reach into the value columns (data rows, section lines, a row of check boxes)
    # own the wrapped lines nearest to them
    anchors = [i for i, r in enumerate(table.rows) if not _wrapped(table.rows, r)]
    parts: dict[int, list[Cell]] = {i: [c for c in table.rows[i] if c.value is None and c.x1 <= edge] for i in anchors}
    for j, row in enumerate(table.rows):
        if j in parts:
            continue
        mid = (row[0].top + row[0].bottom) / 2
        nearest = min(anchors, key=lambda i: abs((table.rows[i][0].top + table.rows[i][0].bottom) / 2 - mid))
        below = [i for i in anchors if i > j]
        if below and section_line(" ".join(c.text for c in row)):
            nearest = below[0]  # a section line ("PAR ACTION", "(en dollars)") heads the rows under it
        parts[nearest].extend(row)
    return {i: cells for i, cells in parts.items() if _is_data(table.rows[i])}


def section_line(text: str) -> bool:
    """A line that heads the rows under it: in capitals ("STRUCTURE FINANCIÈRE"), or stating
    their unit ("(en dollars)")."""
    return capitals(text) or bool(compiled(_data()["unit_statement"]).search(text))


def capitals(text: str) -> bool:
    """A heading in capitals of two words or more ("PAR ACTION"; "TVA" is a row header)."""
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) >= 2 and len(letters) >= 2 and all(c.isupper() for c in letters)


def by_column(cells: list[Cell]) -> list[Cell]:
    """Cells read column by column (cells whose extents overlap share a column), each
    column top to bottom: "Redevance (€ HT/m3)" before "Modernisation du réseau"."""
    columns: list[list[Cell]] = []
    for c in sorted(cells, key=lambda c: c.x0):
        home = next((col for col in columns if any(_overlap(c, o) > 0 for o in col)), None)
        if home is None:
            columns.append([c])
        else:
            home.append(c)
    return [c for col in columns for c in sorted(col, key=lambda c: c.top)]


_YEAR = regex.compile(r"^(?:.*\s)?(?:\d\d/\d\d/)?(?:(?P<full>(?:19|20)\d\d)|(?<=/)(?P<short>\d\d))$")


def year_of(text: str) -> int | None:
    """The year a column header names: "2022", "Au 01/01/23", "Montant au 01/01/22"."""
    m = _YEAR.match(" ".join(text.split()))
    if not m:
        return None
    return int(m.group("full")) if m.group("full") else 2000 + int(m.group("short"))


def _overlap(a: Cell, b: Cell) -> float:
    return x_overlap(a.x0, a.x1, b.x0, b.x1)


#: points: two cells whose right edges are this close are right-aligned in one column
_SAME_EDGE = 1.0


def column_header(table: Table, cell: Cell) -> str:
    # a note in parentheses under a header ("(53 semaines)") remarks on it, names nothing; a
    # banner centred on the table ("Gravitaire") heads rows, not a column
    notes = [n for n in table.header_notes if not (n.text.startswith("(") and n.text.endswith(")"))
             and not centred(n, table.rows + [table.headers])]
    above = [h for h in table.headers + notes if _overlap(h, cell) > 0 and h.bottom <= cell.top]
    if not above and table.headers and cell.value is not None:
        # a short number right-aligned in its column may end past a header set narrower than
        # the column ("4,2" under "2020", whose "15,8" reaches it): the header of the numbers
        # that end where it ends
        sibling = next((c for row in table.rows for c in row if c is not cell and abs(c.x1 - cell.x1) < _SAME_EDGE
                        and c.value is not None and any(_overlap(h, c) > 0 and h.bottom <= c.top for h in table.headers)),
                       None)
        if sibling is not None:
            above = [h for h in table.headers + notes if _overlap(h, sibling) > 0 and h.bottom <= sibling.top]
    return " ".join(h.text for h in sorted(above, key=lambda h: (round(h.top), h.x0)))


def clean(text: str) -> str:
    return " ".join(text.split()).strip(" :")
