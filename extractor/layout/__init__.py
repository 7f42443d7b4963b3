"""The layout reader: a report (PDF, .txt, .md) to a reading-order ``Document``."""
from __future__ import annotations

import contextlib
import gc
from pathlib import Path

from ..core.document import Block, Document, Furniture
from ..core.errors import InputNotFound, NotAPDF
from ..core.resources import DEFAULT_MODEL
from .backends import get_backend
from .markdown import read_text
from .pdf import read_pdf

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
#: formats a file named .pdf may really be: readers accept a PDF header anywhere in the first
#: KiB, so a ZIP that stores a PDF uncompressed would otherwise be read as that PDF
OTHER_FORMATS = {b"PK\x03\x04": "a ZIP archive", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
                 b"GIF8": "a GIF image", b"\xd0\xcf\x11\xe0": "an OLE (old Office) file", b"\x1f\x8b": "a gzip file"}
BACKENDS = ("auto", "pypdfium2", "pdfplumber")


def read(path: str | Path, backend: str = "auto", pages: tuple[int, int] | None = None,
         password: str | None = None, model: str = DEFAULT_MODEL, ocr: str = "auto") -> Document:
    """Read ``path`` into a ``Document``; raise an ``ExtractorError`` subclass on bad input.
    ``model``: the spaCy pipeline package whose lexicon repairs lost ligatures, if any;
    ``ocr``: ``auto``, ``always`` or ``never`` (``layout.ocr``)."""
    p = Path(path)
    if not p.exists():
        raise InputNotFound(p, "no such file")
    if p.is_dir():
        raise InputNotFound(p, "is a directory, not a report")
    if p.suffix.lower() in TEXT_SUFFIXES:
        return read_text(p)
    with open(p, "rb") as fh:
        head = fh.read(1024)
    if not head:
        raise NotAPDF(p, "empty file (0 bytes)")
    other = next((name for magic, name in OTHER_FORMATS.items() if head.startswith(magic)), None)
    if other is not None:
        raise NotAPDF(p, f"not a PDF ({other})")
    if b"%PDF-" not in head:
        raise NotAPDF(p, "not a PDF (no %PDF- header)")

    with gc_paused():
        return read_pdf(p, backend=backend, pages=pages, password=password, model=model, ocr=ocr)


@contextlib.contextmanager
def gc_paused():
    """Python's cyclic garbage collector paused while one document (or one window of pages)
    goes through: the layout makes tens of thousands of small objects, and every few hundred
    the collector would walk them, the spaCy model's objects among them (about a tenth of the
    time of a run). What a run leaves in cycles is collected when it is back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: a PDF longer than twice this many pages is read this many pages at a time (bounded memory)
WINDOW_PAGES = 50


def windows(path: str | Path, backend: str = "auto", pages: tuple[int, int] | None = None,
            password: str | None = None, size: int | None = None) -> list[tuple[int, int] | None]:
    """The page ranges to read ``path`` in: ``[pages]`` for a text file, a chosen page range or
    a short PDF; windows of ``size`` pages (default ``WINDOW_PAGES``) for a long PDF."""
    size = size or WINDOW_PAGES
    if pages is not None or Path(path).suffix.lower() in TEXT_SUFFIXES or not Path(path).is_file():
        return [pages]

    try:
        n = get_backend(backend).page_count(Path(path), password)
    except Exception:  # read() will name the problem in one line
        return [pages]
    if n <= 2 * size:
        return [pages]
    return [(first, min(first + size - 1, n)) for first in range(1, n + 1, size)]


__all__ = ["read", "windows", "gc_paused", "Document", "Block", "Furniture", "BACKENDS"]
