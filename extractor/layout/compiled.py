"""The one switch between the compiled glyph loops and their Python twins.

``_glyphs`` is the extension built from ``_glyphs.pyx`` at install, or ``None`` when no C
compiler was found then: each caller runs its Python twin instead (the same results, float for
float: tests/layout/test_compiled.py). A module reads ``_glyphs`` from here, once, at import.
"""
from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["_glyphs"]


def _load() -> ModuleType | None:
    try:
        return importlib.import_module(f"{__package__}._glyphs")
    except ImportError:  # not compiled at install: the Python loops
        return None


_glyphs = _load()
