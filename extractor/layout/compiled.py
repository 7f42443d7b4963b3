"""The one switch between the compiled glyph loops and their Python twins.

``_glyphs`` is the extension built from ``_glyphs.pyx`` at install, or ``None`` when no C
compiler was found then: each caller runs its Python twin instead (the same results, float for
float: tests/test_compiled.py). A module reads ``_glyphs`` from here, once, at import.
"""
from __future__ import annotations

from types import ModuleType

__all__ = ["_glyphs"]

_glyphs: ModuleType | None
try:
    from . import _glyphs
except ImportError:  # not compiled at install: the Python loops
    _glyphs = None
