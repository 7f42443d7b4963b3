"""The pdfplumber backend (pdfminer.six underneath): the reference, slower than pdfium, and
the one that reads every space glyph."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...core.errors import NotAPDF
from .base import (
    MIN_BOX_WIDTH,
    Char,
    PageChars,
    _close,
    _open_error,
    _page_error,
    is_bold,
    rule_of,
)

__all__ = ["PdfplumberBackend"]


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
            # strokes that run straight across or down (pdfminer's LTLine: a two-point path),
            # and hairline rectangles
            rules = [rule for r in page.lines + page.rects
                     if (rule := rule_of(float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"])))]
            width, height = float(page.width), float(page.height)
        except Exception as exc:  # pdfminer raises many unrelated types on broken pages
            raise _page_error(path, i + 1, exc) from None
        finally:
            page.close()  # drop pdfplumber's per-page caches: bounded memory on long files
        return PageChars(i + 1, width, height, chars, boxes, rules)

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
