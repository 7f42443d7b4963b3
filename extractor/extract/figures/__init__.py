"""Figures: statements of running text (``statements``), their labels (``labels``), key-figure
cards (``cards``) and table cells (``table_cells``)."""
from __future__ import annotations

from .statements import (
    Prepared,
    candidates,
    extract,
    extract_text,
    label_after,
    label_before,
    make_component,
    not_a_figure,
    prepare,
    statement,
    tagging_ranges,
)

__all__ = ["extract", "extract_text", "make_component", "candidates", "not_a_figure", "label_after",
           "label_before", "statement", "tagging_ranges", "prepare", "Prepared"]
