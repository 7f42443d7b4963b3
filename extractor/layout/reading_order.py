"""Reading order by recursive XY-cut with band merging.

The classic recursive XY-cut (Nagy & Seth 1984) splits a region at the widest whitespace
gutter, vertically or horizontally. Cutting every horizontal gap of a two-column page would
read it row by row, so horizontal bands are merged back while they share one column
structure (the merged band keeps every gutter of the bands merged so far) and are not rows
of a grid of cards (a tall blank band across all columns between them): a full-width heading,
a chapter opener or a month axis stops the merge and is read where it stands; two- and
three-column text and the rows of a timeline are then cut into columns and read top to
bottom, grids of cards row by row.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from operator import itemgetter

from ..core.geometry import BBox, centre_in
from ..core.text import BARE_YEAR
from .charts import ChartLabels, split_charts
from .drawn import drawn_frames
from .footnotes import NoteLines, split_notes
from .lines import Line
from .ruled import CellRow, ruled_rows, with_ruled_rows
from .spreads import split_spread

__all__ = ["MIN_GUTTER", "MIN_BAND_GAP", "GRID_GAP", "CARD_VALUE", "TABLE_MIN_ROWS", "TableRow", "regions", "table_rows",
           "labelled_rows", "LabelledRow", "page_regions", "ASIDE_SIZE", "Aside", "split_asides"]

_FIRST = itemgetter(0)

#: the narrowest whitespace gutter (points) that separates two columns
MIN_GUTTER = 4.0
#: the smallest vertical gap (points) between two bands
MIN_BAND_GAP = 0.5


#: a line that is only a bullet mark ("•", "–") hanging left of its entry's text
_BULLET_ONLY = re.compile(r"^[›•▪◦●■–\-]$")
#: how far (font sizes) a hanging bullet reaches to its right: the indent of its entry
BULLET_REACH = 2.5


def _reach(ln: Line) -> float:
    """The right edge of ``ln`` for column splitting: a hanging bullet mark reaches its
    entry's text (the gap after it is an indent, not a gutter: a bulleted list is not a
    column of bullets beside a column of entries)."""
    if _BULLET_ONLY.match(ln.text.strip()):
        return ln.right + BULLET_REACH * ln.size
    return ln.right


def _columns(lines: list[Line]) -> list[list[Line]]:
    """Split at vertical gutters (x-intervals no line covers), left to right."""
    spans = sorted([(ln.left, _reach(ln), ln) for ln in lines], key=_FIRST)
    groups: list[list[Line]] = []
    right = -1e9
    for x0, x1, ln in spans:
        if groups and x0 < right + MIN_GUTTER:
            groups[-1].append(ln)
            right = max(right, x1)
        else:
            groups.append([ln])
            right = x1
    return groups


def _extents(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """(left, right) of each column of ``spans`` ((left, right) of lines), left to right,
    split as ``_columns`` splits: a column is a run of the intervals [left, right +
    MIN_GUTTER) that overlap, so the columns of several groups of lines are those of their
    columns' extents taken together (how ``_merge_bands`` tries a union without going over
    every line of the merged band again)."""
    out: list[tuple[float, float]] = []
    for x0, x1 in sorted(spans, key=_FIRST):
        if out and x0 < out[-1][1] + MIN_GUTTER:
            if x1 > out[-1][1]:
                out[-1] = (out[-1][0], x1)
        else:
            out.append((x0, x1))
    return out


def _bands(lines: list[Line]) -> list[list[Line]]:
    """Split at horizontal gaps (y-intervals no line covers), top to bottom."""
    spans = sorted(lines, key=lambda ln: ln.top)
    groups: list[list[Line]] = []
    bottom = -1e9
    for ln in spans:
        if groups and ln.top < bottom + MIN_BAND_GAP:
            groups[-1].append(ln)
            bottom = max(bottom, ln.bottom)
        else:
            groups.append([ln])
            bottom = ln.bottom
    return groups


def _merge_bands(bands: list[list[Line]]) -> tuple[list[list[Line]], list[int]]:
    """The merged bands, and the number of columns of each."""
    merged: list[list[Line]] = []
    counts: list[int] = []
    extents: list[list[tuple[float, float]]] = []  # of the columns of each merged band
    for band in bands:
        spans = [(ln.left, _reach(ln)) for ln in band]
        if merged:
            union = _extents(extents[-1] + spans)
            n_union = len(union)
            if (n_union >= 2 and n_union >= counts[-1] and not _narrow_lead(merged[-1], counts[-1], band)
                    and not _grid_row_break(merged[-1], counts[-1], band)):
                merged[-1] = merged[-1] + band
                counts[-1] = n_union
                extents[-1] = union
                continue
        merged.append(list(band))
        extents.append(_extents(spans))
        counts.append(len(extents[-1]))
    return merged, counts


#: a whitespace band this many font sizes high, across every column, separates rows of a grid
GRID_GAP = 1.5
#: each cell of a grid row starts with type at least this many times larger than the cells
#: of the row above end with (a key figure over the previous row's captions)
CARD_VALUE = 1.4


def _grid_row_break(group: list[Line], n_group: int, band: list[Line]) -> bool:
    """Stop merging at a tall blank band (``GRID_GAP`` times the type above it) when
    - a single column is followed by columns: a box or paragraph ends and a new layout starts
      (the first line of a column that starts higher is only a line gap above the next band);
    - columns of several rows are followed by larger type: the next row of a grid of cards,
      read row by row (paragraph gaps of running text in columns do not line up this way)."""
    bottom = max(ln.bottom for ln in group)
    top = min(ln.top for ln in band)
    if top - bottom < GRID_GAP * max(ln.size for ln in group if ln.bottom >= bottom - 1):
        return False
    if n_group == 1:
        return True
    if len({(ln.page, ln.row) for ln in group}) < 2:
        return False  # a row of box titles over its figures is one cell row, not a grid row
    band_columns = _columns(band)
    # every column of the new row starts in larger type than every column above it ends in
    above = max(max(col, key=lambda ln: ln.bottom).size for col in _columns(group))
    below = min(min(col, key=lambda ln: ln.top).size for col in band_columns)
    return below >= CARD_VALUE * above


def _narrow_lead(group: list[Line], n_group: int, band: list[Line]) -> bool:
    """A single-column group much narrower than the columns below it (a box's heading over
    two figures) is not the top of one of those columns."""
    if n_group != 1:
        return False
    width = max(ln.right for ln in group) - min(ln.left for ln in group)
    for column in _columns(group + band):
        if any(ln in group for ln in column):
            col_width = max(ln.right for ln in column) - min(ln.left for ln in column)
            return width < 0.8 * col_width
    return False


class TableRow(list):
    """A region that is one row of a two-column table of quantities and labels: a quantity
    and its short label, what a key-figure card holds (the layout gives it the card role)."""


#: a table read row by row has at least this many rows
TABLE_MIN_ROWS = 3


def _quantity_led(line: Line) -> bool:
    """A short line opening with a number ("13,5 millions", "+ 1,5 milliard", "35 770")."""
    text = line.text.strip().lstrip("+-–−≈~ ").removeprefix("plus de ").removeprefix("près de ")
    return bool(text) and text[0].isdigit() and len(text.split()) <= 4


def table_rows(group: list[Line], cols: list[list[Line]] | None = None) -> list[list[Line]] | None:
    """The rows of ``group`` when it is a two-column table of quantities and their labels
    (value | label or label | value): a run of at least ``TABLE_MIN_ROWS`` lines of one
    column each beside a line of the other on the same baseline, one side all short
    quantities; lines above the run (its heading) and below it are read before and after.
    Read row by row ("13,5 millions allocataires"), not column by column (all the values,
    then all the labels). ``cols``: ``_columns(group)``, when the caller has them."""
    cols = _columns(group) if cols is None else cols
    if len(cols) != 2 or min(len(cols[0]), len(cols[1])) < TABLE_MIN_ROWS:
        return None
    left = sorted(cols[0], key=lambda ln: ln.top)
    right = sorted(cols[1], key=lambda ln: ln.top)
    pairs = same_baseline(left, right)
    if len(pairs) < TABLE_MIN_ROWS or len({id(a) for a, _ in pairs}) != len(pairs) \
            or len({id(b) for _, b in pairs}) != len(pairs):
        return None
    if not (all(_quantity_led(a) for a, _ in pairs) or all(_quantity_led(b) for _, b in pairs)):
        return None
    first, last = pairs[0][0].top, pairs[-1][0].top
    paired = {id(ln) for pair in pairs for ln in pair}
    rest = [ln for ln in group if id(ln) not in paired]
    if any(first <= ln.top <= last for ln in rest):
        return None  # an unpaired line among the rows: not a table of two columns
    above = sorted([ln for ln in rest if ln.top < first], key=lambda ln: ln.top)
    below = [ln for ln in rest if ln.top > last]
    return ([above] if above else []) + [TableRow([a, b]) for a, b in pairs] + (regions(below) if below else [])


#: a row label of a table read as text has at most this many words ("Dépenses :", "Total des
#: produits"); a column of longer lines is prose
LABEL_WORDS = 5
#: a line that runs on under the line above it in its column (a wrapped description) starts
#: at most this many font sizes below that line's bottom
RUN_ON_GAP = 0.8


class LabelledRow(CellRow):
    """A row of a table set without rules, read as text: its first cell is the row's label,
    which names the quantities of the row (the layout gives it the role ``table_row``)."""


def labelled_rows(cols: list[list[Line]]) -> list[list[Line]] | None:
    """The rows of a table of three columns set without rules, each a
    ``LabelledRow`` (its cells left to right, a cell's lines top to bottom), when ``cols`` (a
    group's ``_columns``) are one: the first a column of short row labels (at least
    ``TABLE_MIN_ROWS``), another a column of quantities, one on each label's baseline, and
    every other line on a label's baseline or running on under the line above it in its
    column (a description that wraps). A line of the first column alone on its baseline is
    a section line ("2023" over that year's rows): a region of its own, in its place. Read
    row by row ("Dépenses : – 120,50 € frais de port, impression"), not column by column
    (the labels, then the amounts, then the descriptions run together)."""
    if len(cols) != 3:  # (a wider grid of values, a legend beside it, is read by ``layout.tables``)
        return None
    cols = [sorted(col, key=lambda ln: ln.top) for col in cols]
    quantities = next((col for col in cols[1:] if all(_quantity_led(ln) for ln in col)), None)
    if quantities is None:
        return None
    # (lines are paired by ``same_baseline``, which looks for partners by bisection: a page
    # of thousands of lines costs no more than its lines)
    amounts: dict[int, int] = {}
    for a, _ in same_baseline(cols[0], quantities):
        amounts[id(a)] = amounts.get(id(a), 0) + 1
    texts = {id(a) for a, _ in same_baseline(cols[0], sorted(cols[1] + cols[2], key=lambda ln: ln.top))}
    labels, sections = [], []
    for ln in cols[0]:
        if amounts.get(id(ln)) == 1:
            labels.append(ln)
        elif id(ln) in texts:  # two amounts on one label, or text beside no amount
            return None
        else:
            sections.append(ln)
    if len(labels) < TABLE_MIN_ROWS or len(quantities) != len(labels) or any(
            len(ln.text.split()) > LABEL_WORDS or _quantity_led(ln) or not any(map(str.isalpha, ln.text))
            for ln in labels):
        return None  # (a column of numbers or years is a column of values, not of labels)
    index = {id(ln): k for k, ln in enumerate(labels)}
    section_tops = [ln.top for ln in sections]
    rows: list[list[list[Line]]] = [[[] for _ in cols] for _ in labels]
    for c, col in enumerate(cols):
        first: dict[int, int] = {}  # line -> the row whose label shares its baseline (the first such label)
        for label, ln in same_baseline(labels, col):
            first.setdefault(id(ln), index[id(label)])
        above: tuple[int, Line] | None = None
        for ln in col:
            if c == 0 and id(ln) not in index:  # a section line
                above = None
                continue
            r = first.get(id(ln))
            if r is None:  # no row's first line: it runs on under the line above, or this is no table
                if above is None or ln.top - above[1].bottom > RUN_ON_GAP * ln.size or \
                        bisect.bisect_left(section_tops, ln.top) > bisect.bisect_right(section_tops, above[1].top):
                    return None
                r = above[0]
            rows[r][c].append(ln)
            above = (r, ln)
    out: list[tuple[float, list[Line]]] = [(ln.top, [ln]) for ln in sections]
    for label, cells in zip(labels, rows):
        row = LabelledRow(ln for cell in cells for ln in cell)
        row.cells = sum(1 for cell in cells if cell)
        out.append((label.top, row))
    return [region for _, region in sorted(out, key=_FIRST)]


def _year_sections(out: list[list[Line]]) -> list[list[Line]]:
    """``out`` with a line holding a year alone that ends a region right above the rows of a
    table set without rules made a row of that table (a ``LabelledRow`` of one cell): "2023"
    over that year's receipts and expenses heads them, as a header year heads a column; it
    is the table's structure, not a line of the text above nor a date it mentions."""
    made: list[list[Line]] = []
    for k, region in enumerate(out):
        if type(region) is list and region and k + 1 < len(out) and isinstance(out[k + 1], LabelledRow) \
                and BARE_YEAR.match(region[-1].text.strip()):
            if len(region) > 1:
                made.append(region[:-1])
            row = LabelledRow(region[-1:])
            row.cells = 1
            made.append(row)
        else:
            made.append(region)
    return made


def same_baseline(left: list[Line], right: list[Line]) -> list[tuple[Line, Line]]:
    """``[(a, b) for a in left for b in right if abs(a.top - b.top) <= 0.4 * max(a.size,
    b.size)]`` for two columns sorted by top: each line's partners are looked for only among
    the other column's lines within reach of its top (bisection), in the same order."""
    def near(a: Line, b: Line) -> bool:
        return abs(a.top - b.top) <= 0.4 * max(a.size, b.size)

    tops = [b.top for b in right]
    values = tops + [b.size for b in right] + [v for a in left for v in (a.top, a.size)]
    if not right or any(v != v for v in values):  # NaN: no order to bisect
        return [(a, b) for a in left for b in right if near(a, b)]
    widest = max(b.size for b in right)
    pairs: list[tuple[Line, Line]] = []
    for a in left:
        # the widest reach any partner allows, widened past the rounding of its bounds
        reach = 0.4 * max(a.size, widest) * (1 + 1e-9) + 1e-9
        lo, hi = bisect.bisect_left(tops, a.top - reach), bisect.bisect_right(tops, a.top + reach)
        pairs.extend((a, b) for b in right[lo:hi] if near(a, b))
    return pairs


#: points: how far a line may overhang a drawn frame's edge and still be above or below it
FRAME_SLACK = 2.0


def _inside(ln: Line, frame: BBox) -> bool:
    return centre_in((ln.x0, ln.top, ln.x1, ln.bottom), frame)


def _around_frame(lines: list[Line], frames: Sequence[BBox]) -> list[list[Line]] | None:
    """``lines`` cut above and below the first drawn frame that holds some of them and has
    none beside it: (the lines above, the frame's, the lines below), the empty ones left out.
    A ruled table or a framed box is a block of the page (the XY-cut's unit): its columns are
    its own, not page columns running on above or below it (a three-column timeline grid over a
    two-column table of values)."""
    for f in frames:
        inside = [ln for ln in lines if _inside(ln, f)]
        if not inside or len(inside) == len(lines):
            continue
        above = [ln for ln in lines if ln.bottom <= f[1] + FRAME_SLACK and not _inside(ln, f)]
        below = [ln for ln in lines if ln.top >= f[3] - FRAME_SLACK and not _inside(ln, f)]
        if len(above) + len(inside) + len(below) == len(lines):
            return [part for part in (above, inside, below) if part]
    return None


def regions(lines: list[Line], depth: int = 0, frames: Sequence[BBox] = ()) -> list[list[Line]]:
    """Leaf regions (single columns) of a page in reading order; ``frames``: the boxes drawn
    round ruled tables and framed boxes (``drawn.drawn_frames``), which no page gutter
    crosses."""
    if len(lines) <= 1 or depth > 40:
        return [lines] if lines else []
    parts = _around_frame(lines, frames) if frames else None
    if parts:
        return [r for part in parts for r in regions(part, depth + 1, frames)]
    cols = _columns(lines)
    rows = table_rows(lines, cols) if len(cols) == 2 else labelled_rows(cols)
    if rows:
        return rows
    if len(cols) > 1:
        return [r for col in cols for r in regions(col, depth + 1, frames)]
    out: list[list[Line]] = []
    stack: list[Line] = []  # consecutive single-column bands: one column, read top to bottom
    for group, n_columns in zip(*_merge_bands(_bands(lines))):
        single_row = len({ln.row for ln in group}) == 1
        if n_columns == 1 or (single_row and stack and len(_columns(stack + group)) == 1):
            # one row split only by wide justified spaces is not a column structure
            stack.extend(group)
            continue
        if stack:
            out.append(stack)
            stack = []
        rows = table_rows(group)
        out.extend(rows if rows else regions(group, depth + 1, frames))
    if stack:
        out.append(stack)
    return out


#: a pull quote is set at least this many times larger than the text it interrupts
ASIDE_SIZE = 1.15
_OPENING_QUOTES = ("«", "“", '"', "„")
_CLOSING_QUOTES = ("»", "”", '"')
_ASIDE_TERMINAL = tuple(".!?:;»…)")


class Aside(list):
    """A region that is a pull quote set inside the text: read after the page's text."""


def _page_size(lines: list[Line]) -> float:
    """The type size of most of the page's glyphs."""
    sizes: dict[float, int] = {}
    for ln in lines:
        sizes[round(ln.size, 1)] = sizes.get(round(ln.size, 1), 0) + len(ln.chars)
    return max(sizes, key=sizes.__getitem__)


def _quote_from(ordered: list[Line], k: int) -> list[Line]:
    """The lines of the quotation that opens at ``ordered[k]``: it and the lines under it in
    its type, up to the one that closes the quote (at most six), or [] if none closes it."""
    first = ordered[k]
    group = [first]
    for ln in ordered[k + 1:]:
        if group[-1].text.rstrip().endswith(_CLOSING_QUOTES) or len(group) >= 6:
            break
        if abs(ln.size - first.size) <= 0.1 * first.size and ln.top - group[-1].bottom < first.size \
                and ln.x0 < group[-1].x1 and ln.x1 > group[-1].x0:
            group.append(ln)
    return group if group[-1].text.rstrip().endswith(_CLOSING_QUOTES) else []


def _interrupts(group: list[Line], lines: list[Line]) -> bool:
    """Does ``group`` sit inside a sentence of a column it crosses: the column's line right
    above it ends without a full stop and its line right under it opens in lower case?"""
    ids = {id(ln) for ln in group}
    x0, x1 = min(ln.x0 for ln in group), max(ln.x1 for ln in group)
    top, bottom = group[0].top, group[-1].bottom
    others = [ln for ln in lines if id(ln) not in ids and ln.x0 < x1 and ln.x1 > x0]
    above = [ln for ln in others if ln.bottom <= top]
    below = [ln for ln in others if ln.top >= bottom]
    for ln in above:
        column_below = [o for o in below if abs(o.x0 - ln.x0) < 2]
        column_above = [o for o in above if abs(o.x0 - ln.x0) < 2]
        if not column_below or ln is not max(column_above, key=lambda o: o.bottom):
            continue
        after = min(column_below, key=lambda o: o.top)
        if not ln.text.rstrip().endswith(_ASIDE_TERMINAL) and after.text[:1].islower():
            return True
    return False


def _cut_at(region: list[Line], group: list[Line]) -> list[list[Line]]:
    """``region`` cut where the pull quote ``group`` stood in it: the text above and the text
    under it are two regions, which the layout joins as one sentence run on (a region holds
    a paragraph break where the quote's blank is)."""
    if isinstance(region, TableRow) or not group:
        return [region]
    x0, x1 = min(ln.x0 for ln in group), max(ln.x1 for ln in group)
    top = group[0].top
    overlaps = any(ln.x0 < x1 and ln.x1 > x0 for ln in region)
    above = [ln for ln in region if ln.bottom <= top]
    below = [ln for ln in region if ln.bottom > top]
    if not overlaps or not above or not below:
        return [region]
    return [above, below]


def split_asides(lines: list[Line]) -> tuple[list[Line], list[list[Line]]]:
    """(the page's lines but its pull quotes, the pull quotes): a quotation in type larger
    than the page's text (``ASIDE_SIZE``) set inside a sentence that runs on under it."""
    if len(lines) < 4 or not any(ln.chars[0].text in _OPENING_QUOTES for ln in lines):
        return lines, []  # (nearly every page: no line opens with a quotation mark)
    body = _page_size(lines)
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    asides: list[list[Line]] = []
    for k, ln in enumerate(ordered):
        if ln.size >= ASIDE_SIZE * body and ln.text.lstrip().startswith(_OPENING_QUOTES):
            group = _quote_from(ordered, k)
            if group and _interrupts(group, lines):
                asides.append(group)
    if not asides:
        return lines, []
    ids = {id(ln) for group in asides for ln in group}
    return [ln for ln in lines if id(ln) not in ids], asides


def page_regions(lines: list[Line], width: float = 0.0, height: float = 0.0,
                 rules: Sequence[tuple[float, float, float, float]] = ()) -> list[list[Line]]:
    """A page's regions in reading order (``regions``), charts and footnotes kept out of them:
    each chart's value labels and legend are one ``ChartLabels`` region after the page's text,
    its axis ticks are no text at all (``layout.charts``); a pull quote set inside a sentence is
an ``Aside`` after the text (``split_asides``); the footnotes are one ``NoteLines``
    region last (``layout.footnotes``). A page ``width`` by ``height`` that is a two-page spread
    is read one page after the other (``layout.spreads``). The rows of a table ruled by
    ``rules`` (the page's drawn rules) are ``CellRow`` regions, read row by row where the
    table's first line was read (``layout.ruled``)."""
    body, notes = split_notes(lines)
    body, charts = split_charts(body)
    body, asides = split_asides(body)
    pages = split_spread(body, width, height) if width and height else None
    frames = drawn_frames(list(rules)) if rules else []
    out = [region for page in pages for region in regions(page, 0, frames)] if pages else regions(body, 0, frames)
    out = _year_sections(with_ruled_rows(out, ruled_rows(body, rules) if rules else []))
    for chart in charts:
        if chart.labels:
            out.append(ChartLabels(sorted(chart.labels, key=lambda ln: (ln.top, ln.x0))))
    for group in asides:
        out = [part for region in out for part in _cut_at(region, group)]
    out.extend(Aside(group) for group in asides)
    if notes:
        out.append(NoteLines(notes))
    return out
