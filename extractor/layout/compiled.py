"""The one switch between the compiled glyph loops and their Python twins.

``_glyphs`` is the extension built from ``_glyphs.pyx`` at install, or ``None`` when no C
compiler was found then: each caller runs its Python twin instead (the same results, float for
float: tests/layout/test_compiled.py). A module reads ``_glyphs`` from here, once, at import.
"""
from __future__ import annotations

from ..core.extensions import optional

__all__ = ["_glyphs"]

_glyphs = optional(f"{__package__}._glyphs")
