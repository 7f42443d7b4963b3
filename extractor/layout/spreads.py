"""Two-page spreads: a landscape page that holds two facing pages, read one after the other.

The XY-cut reads facing pages apart as long as nothing crosses the fold between them. A
title run across both pages (or a banner) joins them into one region, whose bands then
interleave the two pages (a line of the left page, a paragraph of the right one). On a
landscape page, a vertical fold near the middle that only a few lines at the top or bottom
cross splits the page: those lines first, then the left page, then the right one.

A table in a landscape slide also leaves a blank strip between its columns: it is told apart
because its cells are short and its rows line up across the strip, while two pages of text
hold sentences (``PAGE_WORDS``).
"""
from __future__ import annotations

import statistics

from .lines import Line

__all__ = ["SPREAD_RATIO", "FOLD_ZONE", "MAX_CROSSING", "EDGE", "PAGE_WORDS", "find_fold", "split_spread"]

#: a page at least this many times wider than high may hold two pages
SPREAD_RATIO = 1.2
#: the fold lies within this share of the width either side of the middle (two equal pages:
#: a blank strip well off the middle is a gutter between a table's columns)
FOLD_ZONE = 0.03
#: at most this many lines cross the fold (titles or banners set across both pages)
MAX_CROSSING = 3
#: lines crossing the fold sit in the top or bottom band of this share of the height
EDGE = 0.2
#: the lines of each page hold at least this many words, at the median (text, not cells)
PAGE_WORDS = 5


def _crossing(lines: list[Line], x: float) -> list[Line]:
    return [ln for ln in lines if ln.x0 < x < ln.x1]


def find_fold(lines: list[Line], width: float, height: float) -> float | None:
    """The x of the fold of a spread, or None when the page is not one: the place near the
    middle crossed by fewest lines (at least one: otherwise the reading order splits there
    already), all of them in the top or bottom band, with pages of text on both sides."""
    if width < SPREAD_RATIO * height or len(lines) < 6:
        return None
    middle = width / 2
    steps = [middle + k for k in range(-int(FOLD_ZONE * width), int(FOLD_ZONE * width) + 1, 2)]
    best = min(steps, key=lambda x: (len(_crossing(lines, x)), abs(x - middle)))
    crossing = _crossing(lines, best)
    if not 1 <= len(crossing) <= MAX_CROSSING:
        return None
    if any(EDGE * height < ln.top and ln.bottom < (1 - EDGE) * height for ln in crossing):
        return None  # a line across the middle of the page: one page's layout, not two
    left = [ln for ln in lines if ln.x1 <= best]
    right = [ln for ln in lines if ln.x0 >= best]
    if not left or not right:
        return None
    words = [statistics.median([len(ln.text.split()) for ln in side]) for side in (left, right)]
    return best if min(words) >= PAGE_WORDS else None


def split_spread(lines: list[Line], width: float, height: float) -> list[list[Line]] | None:
    """[lines across the fold at the top, left page, right page, lines across the fold at the
    bottom] of a spread (empty parts left out), or None when the page is not a spread."""
    fold = find_fold(lines, width, height)
    if fold is None:
        return None
    crossing = _crossing(lines, fold)
    ids = {id(ln) for ln in crossing}
    left = [ln for ln in lines if id(ln) not in ids and ln.x0 < fold]
    right = [ln for ln in lines if id(ln) not in ids and ln.x0 >= fold]
    above = [ln for ln in crossing if ln.top < EDGE * height]
    below = [ln for ln in crossing if ln.top >= EDGE * height]
    return [part for part in (above, left, right, below) if part]
