"""The reading-order ``Document``: text plus an offset map back to (page, bbox).

Every stage after the layout reader works on ``Document.text`` and asks the document where
a span of it came from (``locate``), which block and section it belongs to (``block_at``,
``section_at``). Nothing downstream reaches back into the PDF.
"""
from __future__ import annotations

import bisect
import math
from array import array
from collections import Counter
from dataclasses import dataclass, field

import regex

from .geometry import BBox, union

NO_POS = math.nan


@dataclass
class Block:
    """A paragraph-like unit in reading order: a paragraph, a heading, a card cell."""

    start: int  #: offset of the block's first character in ``Document.text``
    end: int  #: offset one past its last character
    page: int | None  #: 1-based page number (``None`` for text inputs)
    bbox: BBox | None
    size: float  #: median font size in points (0 for text inputs)
    bold: bool
    #: ``body``, ``heading``, ``list``, ``toc`` (a contents entry), ``value`` (a key figure
    #: alone) or ``card`` (a key figure with its scale line and caption)
    role: str = "body"
    level: int = 0  #: heading level, 1 = largest; 0 for non-headings
    region: int = 0  #: index of the layout region (column cell) the block was read from
    #: for a heading that titles a drawn box: the box, outside which the heading does not apply
    box: BBox | None = None

    def within(self, box: BBox) -> bool:
        if self.bbox is None:
            return False
        x0, top, x1, bottom = self.bbox
        return box[0] - 2 <= x0 and x1 <= box[2] + 2 and box[1] - 2 <= top and bottom <= box[3] + 2


@dataclass
class Furniture:
    """A running header/footer line or page number removed from the body text."""

    page: int
    text: str
    bbox: BBox
    kind: str  #: ``header``, ``footer`` or ``page_number``


@dataclass
class Document:
    path: str
    text: str
    pages: int
    blocks: list[Block]
    source: str  #: ``pdf`` or ``text``
    title: str | None = None
    furniture: list[Furniture] = field(default_factory=list)
    page_sizes: list[tuple[float, float]] = field(default_factory=list)
    #: per-character position arrays, parallel to ``text`` (NaN where a character has none)
    char_page: array = field(default_factory=lambda: array("i"))
    char_x0: array = field(default_factory=lambda: array("f"))
    char_top: array = field(default_factory=lambda: array("f"))
    char_x1: array = field(default_factory=lambda: array("f"))
    char_bottom: array = field(default_factory=lambda: array("f"))
    repairs: dict[str, int] = field(default_factory=dict)
    _block_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._block_starts = [b.start for b in self.blocks]

    # -- provenance -------------------------------------------------------------------
    def has_positions(self) -> bool:
        return len(self.char_page) == len(self.text) and len(self.text) > 0

    def page_at(self, offset: int) -> int | None:
        if self.has_positions() and 0 <= offset < len(self.text):
            page = self.char_page[offset]
            if page > 0:
                return page
        block = self.block_at(offset)
        return block.page if block else None

    def locate(self, start: int, end: int) -> tuple[int | None, BBox | None]:
        """Page and bounding box of ``text[start:end]`` (on the page of its first char)."""
        if not self.has_positions():
            return self.page_at(start), None
        page = None
        boxes: list[BBox] = []
        for i in range(max(start, 0), min(end, len(self.text))):
            p = self.char_page[i]
            if p <= 0 or math.isnan(self.char_x0[i]):
                continue
            if page is None:
                page = p
            if p != page:
                break
            boxes.append((self.char_x0[i], self.char_top[i], self.char_x1[i], self.char_bottom[i]))
        box = union(boxes)
        if box is not None:
            box = tuple(round(v, 2) for v in box)  # type: ignore[assignment]
        return page, box

    # -- structure ----------------------------------------------------------------------
    def block_at(self, offset: int) -> Block | None:
        i = bisect.bisect_right(self._block_starts, offset) - 1
        if i < 0:
            return None
        block = self.blocks[i]
        return block if offset <= block.end else None

    def block_index(self, offset: int) -> int:
        return bisect.bisect_right(self._block_starts, offset) - 1

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]

    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.role == "heading"]

    def section_at(self, offset: int) -> str | None:
        """Heading path (``"H1 > H2"``) of the section containing ``offset``; the title of a
        drawn box heads only what is inside that box."""
        path: list[tuple[int, str]] = []
        here = self.block_at(offset)
        for b in self.blocks:
            if b.start > offset:
                break
            if b.role != "heading":
                continue
            if b.box is not None and not (here is not None and here.page == b.page and here.within(b.box)):
                continue  # a box's title heads that box only
            title = " ".join(self.text[b.start : b.end].split())
            while path and path[-1][0] >= b.level:
                path.pop()
            path.append((b.level, title))
        return " > ".join(t for _, t in path) or None

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        """The block (paragraph) around a span: a cheap context window without NLP."""
        block = self.block_at(start)
        if block is None:
            return start, end
        return block.start, max(block.end, end)


_YEAR = regex.compile(r"(?<![\d/.,-])(19[5-9]\d|20\d\d)(?![\d/]|[,.-]\d)")


def report_year(document: Document) -> int | None:
    """The report's own year: from its title, else its first headings, else the most
    frequent year in the text. Never from the clock."""
    for text in filter(None, [document.title] + [document.block_text(b) for b in document.headings()[:3]]):
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    counts = Counter(int(m.group(1)) for m in _YEAR.finditer(document.text))
    return counts.most_common(1)[0][0] if counts else None
