"""The layout reader: a report (PDF, .txt, .md) to a reading-order ``Document``."""
from __future__ import annotations

import contextlib
import gc
import os
import stat
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
    p = check_input(path)
    if p.suffix.lower() in TEXT_SUFFIXES:
        return read_text(p)
    check_pdf_head(p)
    with gc_paused():
        return read_pdf(p, backend=backend, pages=pages, password=password, model=model, ocr=ocr)


def check_pdf_head(p: Path) -> None:
    """A ``NotAPDF`` when the first KiB of ``p`` shows it is no PDF: empty, another format, or
    no ``%PDF-`` header (the batch checks this before starting any worker)."""
    with open(p, "rb") as fh:
        head = fh.read(1024)
    if not head:
        raise NotAPDF(p, "empty file (0 bytes)")
    other = next((name for magic, name in OTHER_FORMATS.items() if head.startswith(magic)), None)
    if other is not None:
        raise NotAPDF(p, f"not a PDF ({other})")
    if b"%PDF-" not in head:
        raise NotAPDF(p, "not a PDF (no %PDF- header)")


def check_input(path: str | os.PathLike) -> Path:
    """``path`` as a ``Path`` if it names a regular file (through symlinks); else an
    ``InputNotFound`` saying what it is. A FIFO or a device would block or never end a read
    (``/dev/zero``), a symlink loop has no file at its end."""
    try:
        p = Path(path)
        mode = os.stat(p).st_mode
    except TypeError:
        raise InputNotFound(repr(path), "not a file path") from None
    except OSError as err:
        reason = "symlink loop" if err.errno == 40 else (err.strerror or str(err)).lower()
        raise InputNotFound(path, "no such file" if isinstance(err, FileNotFoundError) else reason) from None
    if stat.S_ISDIR(mode):
        raise InputNotFound(p, "is a directory, not a report")
    if not stat.S_ISREG(mode):
        raise InputNotFound(p, f"not a regular file ({file_kind(mode)})")
    return p


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "not a regular file"


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


__all__ = ["read", "windows", "check_input", "check_pdf_head", "gc_paused", "Document", "Block", "Furniture", "BACKENDS"]
