"""What every PDF backend shares: positioned characters (``Char``, ``PageChars``), the
``Backend`` protocol, and the errors a page or a file turns into.

The rest of the layout reader (lines, columns, furniture, text) is backend-neutral, so a
new backend only has to yield ``PageChars``. pdfplumber is the reference backend.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Protocol

from ...core.errors import EncryptedPDF, NotAPDF
from ..compiled import _glyphs

__all__ = ["Char", "PageChars", "Backend", "MIN_BOX_WIDTH", "RULE_THICKNESS", "MIN_RULE_LENGTH", "rule_of", "is_bold"]


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    #: an explicit space glyph of the PDF stands in the gap before this glyph (set by the
    #: line builder: tightly set text leaves gaps narrower than a geometric word space)
    space_before: bool = False


if _glyphs is not None:  # the compiled loops read a glyph's fields from its slots
    _glyphs.bind_char(Char)


@dataclass
class PageChars:
    number: int  #: 1-based
    width: float
    height: float
    chars: list[Char]
    #: drawn rectangles (x0, top, x1, bottom): boxes, banners and rules that frame text
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    #: drawn rules (x0, top, x1, bottom): horizontal and vertical strokes and hairline
    #: rectangles, the borders of a ruled table's cells
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)


class Backend(Protocol):
    def pages(self, path: Path, pages: tuple[int, int] | None, password: str | None) -> Iterator[PageChars]: ...
    def page_count(self, path: Path, password: str | None) -> int: ...


MIN_BOX_WIDTH = 30.0
#: a rule is a stroke or a rectangle at most this thick (points) ...
RULE_THICKNESS = 2.0
#: ... and at least this long: a cell border, not a bullet or a dash
MIN_RULE_LENGTH = 8.0


def rule_of(x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float] | None:
    """The extent as a rule when it is one: thin one way, long the other."""
    w, h = x1 - x0, bottom - top
    if min(w, h) <= RULE_THICKNESS and max(w, h) >= MIN_RULE_LENGTH:
        return (x0, top, x1, bottom)
    return None


def is_bold(fontname: str) -> bool:
    name = fontname.lower()
    return any(k in name for k in ("bold", "black", "heavy", "semibold", "demi"))


def _memory_error(exc: BaseException | None) -> MemoryError | None:
    """The MemoryError behind ``exc`` (pdfplumber wraps pdfminer's errors), if any."""
    while exc is not None and not isinstance(exc, MemoryError):
        exc = exc.__cause__ or exc.__context__
    return exc


def _page_error(path: Path, number: int, exc: BaseException) -> BaseException:
    """A page that cannot be parsed: out of memory stays a MemoryError (the batch's memory
    limit), anything else makes the file a damaged PDF."""
    memory = _memory_error(exc)
    if memory is not None:
        return memory
    detail = str(exc).splitlines()[0] if str(exc) else "damaged content"
    return NotAPDF(path, f"damaged PDF: page {number} cannot be read ({type(exc).__name__}: {detail})")


def _open_error(path: Path, exc: BaseException) -> Exception:
    text = f"{type(exc).__name__}: {exc!r}".lower()
    if "password" in text or "encrypt" in text or "pdfpassword" in text:
        return EncryptedPDF(path, "encrypted PDF: a password is needed (use --password)")
    return NotAPDF(path, f"cannot open PDF ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'damaged file'})")


def _close(pdf) -> None:
    """Close a pdfplumber PDF; closing walks the page tree again, which fails on the damaged
    files whose error is already on its way (or whose pages were read)."""
    try:
        pdf.close()
    except Exception:
        pass
