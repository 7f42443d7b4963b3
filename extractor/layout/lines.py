"""Characters → rows → line segments.

A *row* is every character of a page that sits on one baseline; a *segment* is a run of a
row between wide horizontal gaps, so that two columns sharing a baseline give two segments.
Words are re-built from geometry (a gap wider than a fraction of the font size is a space),
which works whether or not the PDF carries explicit space characters.
"""
from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from itertools import count, islice
from operator import attrgetter, itemgetter

import regex

from ..core.geometry import rule_between, vertical_rules
from .backends import Char
from .compiled import _glyphs

__all__ = [
    "SEGMENT_GAP", "SEGMENT_GAP_MAX", "WORD_GAP", "SPACE_SLACK", "ROW_TOLERANCE", "SCRIPT_RATIO",
    "NEIGHBOUR_ROWS", "NEIGHBOUR_SIZE", "MIN_STRIP", "GUTTER_STRIP", "Line", "join_segments",
    "BANNER_HEIGHT", "BANNER_MAX", "SECTION_QUAD", "frame_lines", "build_lines"
]

_X0 = attrgetter("x0")
_NBSP = "\u00a0"


def _median(data: list[float]) -> float:
    """``statistics.median`` of an already sorted, non-empty list (the same value)."""
    n = len(data)
    if n % 2 == 1:
        return data[n // 2]
    i = n // 2
    return (data[i - 1] + data[i]) / 2

#: a gap wider than this many font sizes splits a row into separate segments
SEGMENT_GAP = 0.9
SEGMENT_GAP_MAX = 12.0  #: points: large type (key figures) is set with proportionally tighter gaps
#: a gap wider than this many font sizes between two glyphs is a word space
WORD_GAP = 0.18
#: points: how far a space glyph's middle may stray from the gap it stands in
SPACE_SLACK = 0.5
#: characters closer than this many font sizes (vertically, by their middle) share a row
ROW_TOLERANCE = 0.35
#: glyphs whose sizes differ by more than this share are not on one row (superscripts)
SCRIPT_RATIO = 0.25
#: how far (in font sizes) to look above and below a row to tell a gutter from a wide space
NEIGHBOUR_ROWS = 3.0
#: only rows in type of about the same size are asked (a title above a grid of cards is not)
NEIGHBOUR_SIZE = 0.15
#: a gutter is a blank strip at least this wide (points, and font sizes) in the rows around
MIN_STRIP = 4.0
GUTTER_STRIP = 0.5
#: a justified line stretches every space of a row alike: at least this many word spaces, all
#: within this share of the widest, the widest at most this many font sizes, are its spaces
STRETCHED_SPACES = 4
STRETCH_EVEN = 0.12
STRETCH_MAX = 2.0
#: bullets whose gap to the entry's text is an indent, not a stretched space nor a gutter ...
_BULLETS = frozenset("•▪◦●■›-–")
#: ... up to this many font sizes of the text, for a bullet mark (a dash alone may be a nil
#: cell of a table)
BULLET_INDENT = 2.5
_BULLET_MARKS = frozenset("•▪◦●■›")


class Line:
    """A line segment (or, once the segments of a row are joined, a line): its glyphs, left
    to right, and their geometry, type and text.

    The geometry and type (``x0``, ``x1``, ``top``, ``bottom``, ``size``, ``bold``, and
    ``left``/``right`` for column detection) are plain attributes, computed when the line is
    made and again by ``measure()`` after its ``chars`` change: reading order and blocks read
    them thousands of times a page. The text is worked out on first use and kept until the
    next ``measure()``, even if a glyph's text changes in between (lost ligatures are
    repaired on the glyphs, after the lines of a page are built)."""

    __slots__ = ("page", "row", "chars", "_frame", "leader", "x0", "x1", "top", "bottom", "size", "bold",
                 "left", "right", "_parts", "_text")

    def __init__(self, page: int, row: int, chars: list[Char], frame: tuple[float, float] | None = None,
                 leader: bool = False, like: Line | None = None) -> None:
        """``like``: a line of the same glyphs and frame, whose geometry and type are copied
        rather than computed again."""
        self.page = page
        self.row = row  #: index of the row on its page (segments of one row share it)
        self.chars = chars  #: never empty
        #: True when the line ends in a page number joined across a leader (a contents entry)
        self.leader = leader
        self._frame = frame
        if like is None:
            self.measure()
        else:
            self.x0, self.x1, self.top, self.bottom = like.x0, like.x1, like.top, like.bottom
            self.size, self.bold, self.left, self.right = like.size, like.bold, like.left, like.right
            self._parts = self._text = None

    @property
    def frame(self) -> tuple[float, float] | None:
        """Horizontal extent for column detection: the banner or box the line sits in, if any."""
        return self._frame

    @frame.setter
    def frame(self, frame: tuple[float, float] | None) -> None:
        self._frame = frame
        self.left, self.right = frame if frame else (self.x0, self.x1)

    def measure(self) -> None:
        """Compute the geometry and type of ``chars``, and forget the text. Compiled
        (``_glyphs.measure``) when the extension is built."""
        chars = self.chars
        found = _glyphs.measure(chars) if _glyphs is not None else None
        self.x0 = chars[0].x0
        self.x1, self.top, self.bottom, self.size, self.bold = _measure_python(chars) if found is None else found
        frame = self._frame
        self.left, self.right = frame if frame else (self.x0, self.x1)
        self._parts = self._text = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Line):
            return NotImplemented
        return ((self.page, self.row, self.chars, self._frame, self.leader)
                == (other.page, other.row, other.chars, other._frame, other.leader))

    def __repr__(self) -> str:
        return f"Line(page={self.page}, row={self.row}, text={self.text!r})"

    def pieces(self) -> list[tuple[str, Char | None]]:
        """The line as (text, char) pieces in order; inserted spaces have no char."""
        return list(zip(*self.parts()))

    def parts(self) -> tuple[list[str], list[Char | None]]:
        """The pieces of the line as two lists: their texts, and their glyphs (None for the
        inserted spaces)."""
        parts = self._parts
        if parts is None:
            parts = self._parts = self._split()
            self._text = "".join(parts[0])
        return parts

    def _split(self) -> tuple[list[str], list[Char | None]]:
        if _glyphs is not None:
            return _glyphs.split_words(self.chars, WORD_GAP)
        return _split_python(self.chars)

    @property
    def text(self) -> str:
        text = self._text
        if text is None:
            self.parts()
            text = self._text
        return text


def _split_python(chars: list[Char]) -> tuple[list[str], list[Char | None]]:
    """A line's pieces (``Line.parts``; compiled: ``_glyphs.split_words``)."""
    texts: list[str] = [c.text for c in chars]
    glyphs: list[Char | None] = list(chars)
    # a space before a glyph: an explicit one, or a gap wider than WORD_GAP times the
    # smaller size (at least 1 pt); not next to a no-break space. A gap no wider than
    # WORD_GAP is never a space
    word_gap, nbsp = WORD_GAP, _NBSP
    wide = [i for i, c, prev in zip(count(1), islice(chars, 1, None), chars)
            if c.space_before or c.x0 - prev.x1 > word_gap]
    for i in reversed(wide):  # from the right: an insertion leaves the places before it
        c, prev = chars[i], chars[i - 1]
        if (c.text != nbsp and prev.text != nbsp
                and (c.space_before or c.x0 - prev.x1 > word_gap * max(min(c.size, prev.size), 1.0))):
            texts.insert(i, " ")
            glyphs.insert(i, None)
    while texts and texts[-1] == " ":
        texts.pop()
        glyphs.pop()
    while texts and texts[0] == " ":
        del texts[0]
        del glyphs[0]
    return texts, glyphs


def join_segments(parts: list[Line]) -> Line:
    """One line of the segments ``parts`` of a row (in order). A row of one segment keeps
    that segment's geometry and type: glyphs only change their text once on lines (lost
    ligatures), so only the text is read again."""
    first = parts[0]
    if len(parts) == 1:
        return Line(first.page, first.row, list(first.chars), first.frame, first.leader, like=first)
    return Line(first.page, first.row, [c for p in parts for c in p.chars], first.frame,
                any(p.leader for p in parts))


#: a box at most this many font sizes high around a line is a banner: the line spans its width
BANNER_HEIGHT = 3.5
BANNER_MAX = 30.0


def frame_lines(lines: list[Line], boxes: list[tuple[float, float, float, float]]) -> None:
    """Give a line sitting in a banner (an underlined or shaded heading, a timeline axis) the
    banner's width, so that it reads as full-width rather than as part of a column."""
    for ln in lines:
        if not boxes:
            ln.frame = None
            continue
        size = ln.size or 1.0
        high = min(BANNER_HEIGHT * size, BANNER_MAX)
        lx0, lx1, ltop, lbottom = ln.x0, ln.x1, ln.top, ln.bottom
        best = None
        for x0, top, x1, bottom in boxes:
            if (bottom - top <= high and x0 - 2 <= lx0 and lx1 <= x1 + 2
                    and top - 2 <= ltop and lbottom <= bottom + 2):
                if best is None or (x1 - x0) > (best[1] - best[0]):
                    best = (x0, x1)
        ln.frame = best


def _stretched_spaces(row: list[Char], size: float) -> set[int]:
    """Indices ``k`` of the glyphs of ``row`` that follow a stretched word space: one of a run
    of at least ``STRETCHED_SPACES`` consecutive word spaces stretched alike, a justified
    line's, which its neighbours (a list entry's short last lines) cannot vouch for. Cells of
    a table sit a column's width apart, and their widths differ; the spaces inside a cell
    ("12 345", "Total réseau") are a word space wide; a bullet's gap to its text is an indent.
    Compiled (``_glyphs.stretched_spaces``) when the extension is built."""
    if _glyphs is not None:
        return _glyphs.stretched_spaces(row, size, WORD_GAP, STRETCH_EVEN, STRETCH_MAX, STRETCHED_SPACES, _BULLETS)
    return _stretched_spaces_python(row, size)


def _stretched_spaces_python(row: list[Char], size: float) -> set[int]:
    """``_stretched_spaces`` in Python."""
    spaces: list[tuple[int, float]] = []  # (k, gap) of each word space, bullets' indents left out
    for k in range(1, len(row)):
        c, p = row[k], row[k - 1]
        gap = c.x0 - p.x1
        if c.space_before or gap > WORD_GAP * max(min(c.size, p.size), 1.0):
            spaces.append((k, math.nan if p.text in _BULLETS else gap))
    out: set[int] = set()
    i = 0
    while i < len(spaces):
        j, first = i + 1, spaces[i][1]
        while j < len(spaces) and abs(spaces[j][1] - first) <= STRETCH_EVEN * first:
            j += 1  # (a bullet's NaN matches nothing and ends the run)
        if j - i >= STRETCHED_SPACES and first <= STRETCH_MAX * size:
            out.update(k for k, _ in spaces[i:j])
        i = j
    return out


def build_lines(chars: list[Char], page: int, rules: Sequence[tuple[float, float, float, float]] = ()) -> list[Line]:
    """Group a page's characters into line segments, top to bottom, left to right; a gap a
    vertical rule of ``rules`` (the page's drawn rules) runs down always splits."""
    uprights = vertical_rules(rules)
    rows = _glyphs.group_rows(chars, ROW_TOLERANCE, SCRIPT_RATIO) if _glyphs is not None else None
    if rows is None:
        rows = _group_rows_python(chars)
    if not rows:
        return []
    rows, mids, row_sizes = _attach_scripts(rows)
    for row in rows:
        row.sort(key=_X0)
    _mark_spaces(rows, mids, row_sizes, [c for c in chars if c.text == " "])
    run_cache: dict[int, list[tuple[float, float]]] = {}

    def runs(j: int) -> list[tuple[float, float]]:
        if j not in run_cache:
            run_cache[j] = _runs(rows[j])
        return run_cache[j]

    lines: list[Line] = []
    gap_max = SEGMENT_GAP_MAX
    for r, row in enumerate(rows):
        # only a gap wider than SEGMENT_GAP can split: it must pass min(SEGMENT_GAP * size,
        # gap_max), and size >= 1
        wide = [k for k, c, prev in zip(count(1), islice(row, 1, None), row) if c.x0 - prev.x1 > SEGMENT_GAP]
        if len(wide) >= STRETCHED_SPACES:
            stretched = _stretched_spaces(row, row_sizes[r])
            wide = [k for k in wide if k not in stretched or uprights and rule_between(uprights, row[k - 1].x1, row[k].x0,
                                                                                mids[r])]
        start = 0
        for k in wide:
            prev, c = row[k - 1], row[k]
            psize, csize = prev.size, c.size
            size = max(csize if csize < psize else psize, 1.0)
            if k - 1 == start and prev.text in _BULLET_MARKS and c.x0 - prev.x1 <= BULLET_INDENT * max(csize, 1.0):
                continue  # a bullet's gap to its entry is an indent, whatever the rows around say
            if uprights and rule_between(uprights, prev.x1, c.x0, mids[r]) or (
                    c.x0 - prev.x1 > min(SEGMENT_GAP * size, gap_max)
                    and not _numbers_heading(row, start, k)
                    and _is_gutter(rows, mids, row_sizes, r, prev.x1, c.x0, size, runs)):
                lines.append(Line(page, r, row[start:k]))
                start = k
        lines.append(Line(page, r, row[start:]))
    lines = _attach_hanging_bullets(_attach_script_segments(lines))
    return _join_leaders(lines, uprights)


#: a heading's number ("1", "1.2.3", "A.", "IV -"): LaTeX and word processors set it a quad
#: or a tab stop before the heading's text
_SECTION_NUMBER = regex.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}|[A-Z]|[IVX]{1,5})[.)]?\s*[-–—:]?$")
#: a gap at most this many font sizes wide after a section number is the number's quad
SECTION_QUAD = 2.5


def _numbers_heading(row: list[Char], start: int, k: int) -> bool:
    """Is ``row[start:k]`` a section number set a quad before its heading's text
    (``row[k]``), so that "1   Activité" is one line and not two columns (a number column
    read apart from a title column)? Both in the same type, the title opening with a letter."""
    number, head = row[start:k], row[k]
    prev = number[-1]
    if k - start > 9 or not head.text[:1].isalpha() or prev.bold != head.bold:
        return False
    if abs(prev.size - head.size) > 0.05 * max(head.size, 1.0) or head.x0 - prev.x1 > SECTION_QUAD * head.size:
        return False
    return bool(_SECTION_NUMBER.match("".join([c.text for c in number])))


def _group_rows_python(chars: list[Char]) -> list[list[Char]]:
    """The rows of a page's glyphs (compiled: ``_glyphs.group_rows``): the glyphs that are not
    blank, by middle then x0 (ties in page order), each joining the first open row of about
    its type size (``SCRIPT_RATIO``) whose anchor it is near (``ROW_TOLERANCE``), else
    opening a row."""
    nbsp = _NBSP
    # (middle, x0, index, char): sorted by middle then x0, ties in page order
    ink = sorted([((c.top + c.bottom) / 2, c.x0, i, c) for i, c in enumerate(chars)
                  if c.text.strip() or c.text == nbsp])
    rows: list[list[Char]] = []
    # (anchor mid, ROW_TOLERANCE * max(anchor size, 1), anchor size, chars)
    open_rows: list[tuple[float, float, float, list[Char]]] = []
    tolerance, ratio = ROW_TOLERANCE, SCRIPT_RATIO
    for mid, _x0, _i, c in ink:
        size = c.size
        reach = tolerance * size
        # one pass: the rows this glyph closes, and the first open row of its type size
        match = None
        closed = False
        for o in open_rows:
            d = mid - o[0]
            if not (d <= o[1] or d <= reach):  # mid - anchor > ROW_TOLERANCE * max(anchor size, size, 1)
                closed = True
            elif match is None:
                anchor_size = o[2]
                if abs(size - anchor_size) <= ratio * (anchor_size if anchor_size > size else size):
                    match = o
        if closed:
            open_rows = [o for o in open_rows if mid - o[0] <= o[1] or mid - o[0] <= reach]
        if match is not None:
            match[3].append(c)
        else:
            row: list[Char] = [c]
            rows.append(row)
            open_rows.append((mid, tolerance * max(size, 1.0), size, row))
    return rows


def _measure_python(chars: list[Char]) -> tuple[float, float, float, float, bool]:
    """(x1, top, bottom, size, bold) of a line's glyphs (``Line.measure``)."""
    # a line holds glyphs that are not blank, and no-break spaces (whose size and weight do
    # not count)
    ink = [c for c in chars if c.text != _NBSP] if _NBSP in [c.text for c in chars] else chars
    sizes = sorted([c.size for c in ink])
    return (max([c.x1 for c in chars]), min([c.top for c in chars]), max([c.bottom for c in chars]),
            _median(sizes) if sizes else 0.0, bool(ink) and all([c.bold for c in ink]))




def _mark_spaces(rows: list[list[Char]], mids: list[float], row_sizes: list[float], spaces: list[Char]) -> None:
    """Flag the glyphs that an explicit space glyph of the PDF precedes: its middle, or its
    start, lies in the gap between two glyphs of a row (not on a glyph: a space drawn over
    an initial is no word break). Type set tight draws the next word over the end of the
    space's advance, so that only the space's start is in the gap ("de␣12": the space runs
    from the "e" to past the "1"'s start)."""
    if not spaces:
        return
    spaces = sorted(spaces, key=lambda c: (c.top + c.bottom) / 2)
    space_mids = [(c.top + c.bottom) / 2 for c in spaces]
    for row, mid, size in zip(rows, mids, row_sizes):
        lo = bisect.bisect_left(space_mids, mid - ROW_TOLERANCE * size)
        hi = bisect.bisect_right(space_mids, mid + ROW_TOLERANCE * size)
        if lo == hi:
            continue
        starts = [c.x0 for c in row]
        for sp in spaces[lo:hi]:
            for at in ((sp.x0 + sp.x1) / 2, sp.x0):
                k = bisect.bisect_left(starts, at - SPACE_SLACK)
                if 0 < k < len(row) and row[k - 1].x1 - SPACE_SLACK <= at <= row[k].x0 + SPACE_SLACK:
                    row[k].space_before = True
                    break


def _runs(row: list[Char]) -> list[tuple[float, float]]:
    """Extents of a row's runs of text, split only where a segment could split."""
    runs: list[tuple[float, float]] = []
    gap, gap_max = SEGMENT_GAP, SEGMENT_GAP_MAX
    start = end = None
    for c in row:
        # a gap up to min(SEGMENT_GAP * max(size, 1), SEGMENT_GAP_MAX) joins (never below SEGMENT_GAP)
        if end is not None and (c.x0 - end <= gap or c.x0 - end <= min(gap * max(c.size, 1.0), gap_max)):
            x1 = c.x1
            if x1 > end:
                end = x1
        else:
            if end is not None:
                runs.append((start, end))
            start, end = c.x0, c.x1
    if end is not None:
        runs.append((start, end))
    return runs


def _attach_hanging_bullets(lines: list[Line]) -> list[Line]:
    """A bullet set in a larger size than its entry can land on a row of its own when the
    other column's line on that height sits a little higher: a segment that is one bullet
    mark, with a segment of another, vertically overlapping row starting within an indent to
    its right, is that segment's bullet."""
    lone = [ln for ln in lines if len(ln.chars) == 1 and ln.chars[0].text in _BULLET_MARKS]
    if not lone:
        return lines
    taken: set[int] = set()
    for bullet in lone:
        reach = bullet.x1 + BULLET_INDENT * max(bullet.size, 1.0)
        hosts = [o for o in lines if o is not bullet and o.row != bullet.row and id(o) not in taken
                 and o.top < bullet.bottom and o.bottom > bullet.top and bullet.x1 <= o.x0 <= reach]
        if hosts:
            host = min(hosts, key=lambda o: o.x0)
            host.chars.insert(0, bullet.chars[0])
            host.measure()
            taken.add(id(bullet))
    return [ln for ln in lines if id(ln) not in taken]


def _attach_script_segments(lines: list[Line]) -> list[Line]:
    """A footnote marker a little above its line can land on the row of the other column:
    a segment of at most three glyphs that touches the end of a segment on another,
    vertically overlapping row belongs to that segment."""
    out = [ln for ln in lines if len(ln.chars) > 3 or not _is_marker(ln.chars)]
    geometry = [(o.row, o.top, o.bottom) for o in out] if len(out) < len(lines) else []
    for ln in lines:
        if len(ln.chars) > 3 or not _is_marker(ln.chars):  # (a host may have become one)
            continue
        row, top, bottom, x0 = ln.row, ln.top, ln.bottom, ln.x0
        host = None
        for k, (orow, otop, obottom) in enumerate(geometry):
            if orow != row and top < obottom and bottom > otop:
                o = out[k]
                reach = 0.3 * max(o.size, 1.0)
                if any(abs(x0 - c.x1) < reach for c in o.chars):
                    host, host_k = o, k
                    break
        if host is None:
            out.append(ln)
            geometry.append((row, top, bottom))
        else:
            host.chars.extend(ln.chars)
            host.chars.sort(key=lambda c: c.x0)
            host.measure()
            geometry[host_k] = (host.row, host.top, host.bottom)
    out.sort(key=lambda ln: (ln.row, ln.x0))
    return out


def _is_marker(chars: list[Char]) -> bool:
    """A footnote marker holds a digit, a letter or an asterisk; a lone dot or dingbat set
    over a heading is an ornament and keeps to itself."""
    return any(c.text.isalnum() or c.text in "*°" for c in chars)


def _is_gutter(rows: list[list[Char]], mids: list[float], row_sizes: list[float], r: int, left: float,
               right: float, size: float, runs) -> bool:
    """Is the wide gap ``left..right`` of row ``r`` a column gutter rather than a stretched
    justified space? Ask the nearest rows above and below: a gutter leaves a blank vertical
    strip inside the gap in all of them, while a justified line next to a stretched space
    runs across it. ``runs(j)`` gives the text runs of row ``j``; ``row_sizes`` the median
    type size of each row."""
    neighbours = [j for j in (r - 2, r - 1, r + 1, r + 2)
                  if 0 <= j < len(rows) and abs(mids[j] - mids[r]) <= NEIGHBOUR_ROWS * size
                  and abs(row_sizes[j] - size) <= NEIGHBOUR_SIZE * max(size, 1.0)]
    if not neighbours:
        return True
    covered = sorted((max(x0, left), min(x1, right)) for j in neighbours for x0, x1 in runs(j)
                     if x1 > left and x0 < right)
    widest, edge = 0.0, left
    for x0, x1 in covered:
        widest = max(widest, x0 - edge)
        edge = max(edge, x1)
    widest = max(widest, right - edge)
    return widest >= max(MIN_STRIP, GUTTER_STRIP * size)


def _attach_scripts(rows: list[list[Char]]) -> tuple[list[list[Char]], list[float], list[float]]:
    """Superscripts and subscripts (footnote markers, "1er") form tiny rows of their own:
    give each to the row of larger type it overlaps vertically and touches horizontally.
    Returns the rows top to bottom, the median middle of each, and the median type size of
    each."""
    out: list[list[Char]] = []
    small: list[list[Char]] = []
    for row in rows:
        (small if len(row) <= 4 and _is_marker(row) else out).append(row)
    # ``row_stats`` of each row of ``out``, until a script joins it
    info: list[tuple[float, float, float, float] | None] = [None] * len(out)
    for row in small:
        size, top, bottom, _ = row_stats(row)
        x0, x1 = min([c.x0 for c in row]), max([c.x1 for c in row])
        host, best = None, None
        for k, other in enumerate(out):
            meta = info[k]
            if meta is None:
                meta = info[k] = row_stats(other)
            osize, otop, obottom, _ = meta
            if osize * 0.85 <= size or not (top < obottom and bottom > otop):
                continue
            distance = min(min([abs(c.x1 - x0) for c in other]), min([abs(x1 - c.x0) for c in other]))
            # a marker hangs on text: not on a lone sign or ornament of larger type (a
            # currency sign wrapped under its amount, over the word "dont" below it)
            if distance < osize and (best is None or distance < best) and _is_marker(other):
                # between two tight lines, the marker belongs to the glyph it touches
                host, best, host_k = other, distance, k
        if host is None:
            out.append(row)
            info.append(None)
        else:
            host.extend(row)
            info[host_k] = None
    stats = [meta if meta is not None else row_stats(row) for meta, row in zip(info, out)]
    keyed = [(meta[3], k) for k, meta in enumerate(stats)]
    keyed.sort(key=_FIRST)
    return [out[k] for _, k in keyed], [mid for mid, _ in keyed], [stats[k][0] for _, k in keyed]


def row_stats(row: list[Char]) -> tuple[float, float, float, float]:
    """(median type size, top, bottom, median middle) of a row's glyphs: compiled
    (``_glyphs.row_stats``) when the extension is built and every value is a number."""
    found = _glyphs.row_stats(row) if _glyphs is not None else None
    return found if found is not None else _row_stats_python(row)


def _row_stats_python(row: list[Char]) -> tuple[float, float, float, float]:
    return (_median(sorted([c.size for c in row])), min([c.top for c in row]), max([c.bottom for c in row]),
            _median(sorted([(c.top + c.bottom) / 2 for c in row])))


_FIRST = itemgetter(0)
_LEADER_NUMBER = regex.compile(r"^\d{1,3}$")


def _heads_column(line: Line, lines: list[Line]) -> bool:
    """Is there text (not a page number) right under ``line``, starting where it starts?"""
    return any(o.row in (line.row + 1, line.row + 2) and abs(o.x0 - line.x0) < line.size
               and not _LEADER_NUMBER.match(o.text) for o in lines)


def _join_leaders(lines: list[Line], uprights: Sequence[tuple[float, float, float, float]] = ()) -> list[Line]:
    """A row ending in a lone page number far to the right ("Éditorial ...... 6", a table of
    contents entry with a drawn leader) is one line, not two columns; a number with text right
    under it starts a column ("19 / SEPTEMBRE" on a timeline), a number past a vertical rule
    (``uprights``) is in a cell of its own."""
    out: list[Line] = []
    for ln in lines:
        before = out[-1] if out else None
        # (a glyph is at least one character: a line of more than three is no page number)
        if (before is not None and before.row == ln.row and len(ln.chars) <= 3 and _LEADER_NUMBER.match(ln.text)
                and before.text[-1:].isalpha() and abs(ln.size - before.size) < 0.5
                and not _heads_column(ln, lines)
                and not (uprights and rule_between(uprights, before.x1, ln.x0, (ln.top + ln.bottom) / 2))):
            before.chars.extend(ln.chars)
            before.measure()
            before.leader = True
            continue
        out.append(ln)
    return out
