"""PDF backends: each turns pages into positioned characters, nothing more.

The rest of the layout reader (lines, columns, furniture, text) is backend-neutral, so a
new backend only has to yield ``PageChars``. pdfplumber is the reference backend; pypdfium2
is the fast one, and ``auto`` chooses per page (``pdfium.AutoBackend``).
"""
from __future__ import annotations

from .base import MIN_BOX_WIDTH, Backend, Char, PageChars, is_bold
from .pdfium import AutoBackend, PdfiumBackend
from .pdfplumber import PdfplumberBackend

__all__ = ["Backend", "Char", "PageChars", "MIN_BOX_WIDTH", "is_bold", "get_backend",
           "PdfplumberBackend", "PdfiumBackend", "AutoBackend"]


def get_backend(name: str) -> Backend:
    if name == "pdfplumber":
        return PdfplumberBackend()
    if name == "pypdfium2":
        return PdfiumBackend()
    if name == "auto":
        return AutoBackend()
    raise ValueError(f"unknown backend {name!r}")
