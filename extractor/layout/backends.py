"""PDF backends: each turns pages into positioned characters, nothing more.

The rest of the layout reader (lines, columns, furniture, text) is backend-neutral, so a
new backend only has to yield ``PageChars``. pdfplumber is the reference backend.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Protocol

from ..core.errors import EncryptedPDF, NotAPDF


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


@dataclass
class PageChars:
    number: int  #: 1-based
    width: float
    height: float
    chars: list[Char]
    #: drawn rectangles (x0, top, x1, bottom): boxes, banners and rules that frame text
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)


class Backend(Protocol):
    def pages(self, path: Path, pages: tuple[int, int] | None, password: str | None) -> Iterator[PageChars]: ...
    def page_count(self, path: Path, password: str | None) -> int: ...


MIN_BOX_WIDTH = 30.0


def is_bold(fontname: str) -> bool:
    name = fontname.lower()
    return any(k in name for k in ("bold", "black", "heavy", "semibold", "demi"))


def _memory_error(exc: BaseException) -> MemoryError | None:
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


class PdfplumberBackend:
    name = "pdfplumber"

    def _open(self, path: Path, password: str | None):
        import pdfplumber

        try:
            return pdfplumber.open(path, password=password or "")
        except Exception as exc:  # pdfminer raises many unrelated types on broken files
            raise _open_error(path, exc) from None

    def page_count(self, path: Path, password: str | None) -> int:
        pdf = self._open(path, password)
        try:
            return len(pdf.pages)
        except Exception as exc:
            raise _open_error(path, exc) from None
        finally:
            _close(pdf)

    def page(self, pdf, path: Path, i: int) -> PageChars:
        """Page ``i`` (0-based) of an open pdfplumber PDF."""
        try:
            page = pdf.pages[i]
        except Exception as exc:
            raise _page_error(path, i + 1, exc) from None
        try:
            raw = page.chars  # overprinted copies: layout.repair.dedupe_overprint
            chars = [
                Char(c["text"], float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]),
                     float(c.get("size") or 0.0), is_bold(c.get("fontname") or ""))
                for c in raw if c.get("upright", True) and c.get("text")
            ]
            boxes = [
                (float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"]))
                for r in page.rects if float(r["x1"]) - float(r["x0"]) >= MIN_BOX_WIDTH
            ]
            width, height = float(page.width), float(page.height)
        except Exception as exc:  # pdfminer raises many unrelated types on broken pages
            raise _page_error(path, i + 1, exc) from None
        finally:
            page.close()  # drop pdfplumber's per-page caches: bounded memory on long files
        return PageChars(i + 1, width, height, chars, boxes)

    def pages(self, path: Path, pages: tuple[int, int] | None, password: str | None) -> Iterator[PageChars]:
        pdf = self._open(path, password)
        try:
            try:
                n = len(pdf.pages)
            except Exception as exc:
                raise _open_error(path, exc) from None
            if n == 0:  # a page tree pdfminer cannot follow: nothing would be read, silently
                raise NotAPDF(path, "damaged PDF: no pages found")
            first, last = pages or (1, n)
            for i in range(first - 1, min(last, n)):
                yield self.page(pdf, path, i)
        finally:
            _close(pdf)


def get_backend(name: str) -> Backend:
    if name == "pdfplumber":
        return PdfplumberBackend()
    if name == "pypdfium2":
        from .pdfium import PdfiumBackend

        return PdfiumBackend()
    if name == "auto":
        from .pdfium import AutoBackend

        return AutoBackend()
    raise ValueError(f"unknown backend {name!r}")
