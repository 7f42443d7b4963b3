"""Geometry shared across the package: the bounding-box type and the operations on boxes."""
from __future__ import annotations

__all__ = ["BBox", "union", "x_overlap"]

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
