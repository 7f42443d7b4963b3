"""Geometry shared across the package: the bounding-box type and the operations on boxes."""
from __future__ import annotations

from collections.abc import Sequence

__all__ = ["BBox", "union", "x_overlap", "centre_in", "vertical_rules", "rule_between"]

#: A bounding box in PDF points, pdfplumber's convention: ``(x0, top, x1, bottom)``,
#: measured from the top-left corner of the page.
BBox = tuple[float, float, float, float]


def union(boxes: "list[BBox]") -> BBox | None:
    """Smallest box containing all ``boxes`` (``None`` for an empty list)."""
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def x_overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """How far the horizontal extents [a0, a1] and [b0, b1] overlap (negative: the gap)."""
    return min(a1, b1) - max(a0, b0)


def centre_in(box: BBox, frame: BBox) -> bool:
    """Does the middle of ``box`` fall in ``frame``?"""
    mx, my = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return frame[0] <= mx <= frame[2] and frame[1] <= my <= frame[3]


def vertical_rules(rules: "Sequence[BBox]") -> "list[BBox]":
    """The vertical ones of a page's drawn rules (taller than wide)."""
    return [r for r in rules if r[3] - r[1] > r[2] - r[0]]


def rule_between(uprights: "Sequence[BBox]", left: float, right: float, mid: float) -> bool:
    """Does a vertical rule of ``uprights`` run down between ``left`` and ``right`` at height
    ``mid``: a cell border, so the words either side are in two cells, however close or however
    the rows around them run?"""
    return any(left - 1.0 <= (x0 + x1) / 2 <= right + 1.0 and top <= mid <= bottom for x0, top, x1, bottom in uprights)
