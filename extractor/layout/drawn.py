"""What a page's drawn rules draw: cells, and the tables and boxes the cells make.

Rules (the backends' ``PageChars.rules``: strokes and hairline rectangles) are snapped to
common positions, the points where a horizontal and a vertical rule cross are found, and each
point with a crossing to its right and one below, joined by rules to a fourth, is the top-left
corner of a cell (pdfplumber's ``TableFinder`` "lines" strategy; Nurminen's lattice mode in
Tabula and camelot). Cells that share corners are one group: a ruled table, or a framed box.
``layout.lattice`` reads a group's cells as a table; the reading order and the text-alignment
table reader keep a group's outer box (``drawn_frames``) whole.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from ..core import rules

__all__ = ["Box", "cells_of", "groups_of", "drawn_frames", "settings"]

Rule = tuple[float, float, float, float]
Box = tuple[float, float, float, float]


@functools.lru_cache(maxsize=None)
def settings():
    """The ruled tables' settings (``patterns/tables``: ``lattice``)."""
    return rules.load("tables").lattice


@dataclass
class _Segment:
    at: float  #: y of a horizontal rule, x of a vertical one
    start: float
    end: float


def _segments(found: list[Rule], horizontal: bool, tolerance: float) -> list[_Segment]:
    """The rules of one direction, snapped to shared positions and joined where they touch."""
    raw = []
    for x0, top, x1, bottom in found:
        if horizontal and bottom - top <= x1 - x0:
            raw.append(_Segment((top + bottom) / 2, x0, x1))
        elif not horizontal and x1 - x0 < bottom - top:
            raw.append(_Segment((x0 + x1) / 2, top, bottom))
    raw.sort(key=lambda s: s.at)
    groups: list[list[_Segment]] = []
    for s in raw:  # snap: positions within the tolerance of the group's first share its mean
        if groups and s.at - groups[-1][0].at <= tolerance:
            groups[-1].append(s)
        else:
            groups.append([s])
    out = []
    for group in groups:
        at = sum(s.at for s in group) / len(group)
        joined: list[_Segment] = []
        for s in sorted(group, key=lambda s: s.start):
            if joined and s.start <= joined[-1].end + tolerance:
                joined[-1].end = max(joined[-1].end, s.end)
            else:
                joined.append(_Segment(at, s.start, s.end))
        out.extend(joined)
    return out


def _covered(segments: list[_Segment], at: float, a: float, b: float, tolerance: float) -> bool:
    """Is the stretch from ``a`` to ``b`` at ``at`` drawn by one segment?"""
    return any(abs(s.at - at) <= tolerance and s.start - tolerance <= a and b <= s.end + tolerance for s in segments)


def cells_of(found: list[Rule], tolerance: float) -> list[tuple[float, float, float, float]]:
    """The cells the rules draw: (x0, top, x1, bottom)."""
    hs, vs = _segments(found, True, tolerance), _segments(found, False, tolerance)
    points = set()
    for h in hs:
        for v in vs:
            if h.start - tolerance <= v.at <= h.end + tolerance and v.start - tolerance <= h.at <= v.end + tolerance:
                points.add((round(v.at, 2), round(h.at, 2)))
    xs_at: dict[float, list[float]] = {}  # y -> the x of its points
    ys_at: dict[float, list[float]] = {}  # x -> the y of its points
    for x, y in points:
        xs_at.setdefault(y, []).append(x)
        ys_at.setdefault(x, []).append(y)
    cells = []
    for x, y in sorted(points, key=lambda p: (p[1], p[0])):
        rights = sorted(r for r in xs_at[y] if r > x)
        belows = sorted(b for b in ys_at[x] if b > y)
        done = False
        for b in belows:
            if not _covered(vs, x, y, b, tolerance):
                break
            for r in rights:
                if not _covered(hs, y, x, r, tolerance):
                    break
                if (r, b) in points and _covered(vs, r, y, b, tolerance) and _covered(hs, b, x, r, tolerance):
                    cells.append((x, y, r, b))
                    done = True
                    break
            if done:
                break
    return cells


def groups_of(cells: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float]]]:
    """Cells grouped into tables: cells that share a corner are one table."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x1, top), (x0, bottom), (x1, bottom)):
            if corner in owner:
                parent[find(i)] = find(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(find(i), []).append(cell)
    return sorted(groups.values(), key=lambda g: (min(c[1] for c in g), min(c[0] for c in g)))


def drawn_frames(found: list[Rule]) -> list[Box]:
    """The outer box of each group of cells the rules ``found`` draw two rows high or more: a
    ruled table, a stack of framed boxes (what the reading order keeps whole and the table
    reader reads apart). A lone ruled row or a single box is left out: in accounts, a ruled
    row is as often one line of a wider table, and a box round a header is the header's."""
    return _frames(tuple(found))


@functools.lru_cache(maxsize=64)
def _frames(found: tuple[Rule, ...]) -> list[Box]:
    """``drawn_frames`` (asked for by the reading order and the table reader of one page)."""
    out = []
    for group in groups_of(cells_of(list(found), settings().tolerance)):
        if len({c[1] for c in group}) >= 2:
            out.append((min(c[0] for c in group), min(c[1] for c in group), max(c[2] for c in group),
                        max(c[3] for c in group)))
    return out
