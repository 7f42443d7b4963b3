"""The package's optional compiled modules (``setup.py`` builds them at install, when Cython
and a C compiler are there). Without one, its caller runs the Python (or thinc's) twin: the
same results, slower."""
from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["optional"]


def optional(name: str) -> ModuleType | None:
    """The compiled module ``name`` (``extractor.layout._glyphs``), or None when it was not
    built."""
    try:
        return importlib.import_module(name)
    except ImportError:  # not compiled at install
        return None
