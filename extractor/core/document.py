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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import regex

from .geometry import BBox, union
from .numbers import decimal_mark

#: a word, as a label holds one: three letters in a row, two capitals ("CA"), a capital and a
#: digit ("T1")
WORD = regex.compile(r"\p{L}{3}|\p{Lu}{2}|\p{Lu}\d")

__all__ = ["NO_POS", "WORD", "Block", "Furniture", "Document", "SectionIndex", "report_year"]

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
    #: alone), ``card`` (a key figure with its scale line and caption) or ``table_row`` (a row of a
    #: table set without rules, read as text, its label first)
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
    #: page number -> the page's drawn rules (x0, top, x1, bottom): ruled tables' borders
    rules: dict[int, list[tuple[float, float, float, float]]] = field(default_factory=dict)
    #: page number -> what OCR read there (``layout.ocr.OcrPage``), for the pages read by OCR
    ocr: dict = field(default_factory=dict)
    _block_starts: list[int] = field(default_factory=list, repr=False)
    #: the document's own index of its sections, made on first use (``section_index``); not
    #: copied by ``dataclasses.replace``
    _sections: SectionIndex | None = field(default=None, init=False, repr=False, compare=False)
    #: the decimal mark its numbers use, read on first use (``decimal_mark``; "" unproven)
    _decimal: str | None = field(default=None, init=False, repr=False, compare=False)
    #: the starts of the blocks whose text holds a word, read on first use (``has_words``)
    _worded: frozenset[int] | None = field(default=None, init=False, repr=False, compare=False)

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

    def glyphs_in(self, glyphs: Iterable[int], box: Sequence[float]) -> list[int]:
        """The offsets among ``glyphs`` whose glyph middles fall in ``box`` (x0, top, x1,
        bottom), in the order given."""
        import numpy as np

        # vectorised: a ruled table asks this of every cell over all the glyphs of its page
        offsets = np.fromiter(glyphs, dtype=np.intp)
        if not offsets.size:
            return []
        x0, top, x1, bottom = box

        def middles(low: array, high: array):  # in doubles, as Python adds the float32 ends
            return (np.frombuffer(low, dtype=np.float32)[offsets].astype(np.float64)
                    + np.frombuffer(high, dtype=np.float32)[offsets]) / 2

        mx, my = middles(self.char_x0, self.char_x1), middles(self.char_top, self.char_bottom)
        return offsets[(x0 <= mx) & (mx <= x1) & (top <= my) & (my <= bottom)].tolist()

    def glyphs_by_page(self, positioned: bool = True) -> dict[int, list[int]]:
        """The offsets of each page's characters that are not white space, in text order,
        pages in the order of their first character: those with a position when
        ``positioned``, else those with a page (above 0). Vectorised: a Python loop over a
        long report's characters took a tenth of a second."""
        import numpy as np

        text = self.text
        if not text:
            return {}
        if len(self.char_page) < len(text) or positioned and len(self.char_x0) < len(text):
            raise IndexError("array index out of range")
        pages = np.frombuffer(self.char_page, dtype=np.intc)[:len(text)]  # array('i'): a C int
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        keep = ~np.isnan(np.frombuffer(self.char_x0, dtype=np.float32)[:len(text)]) if positioned else pages > 0
        spaces = [ord(c) for c in set(text) if c.isspace()]
        if spaces:
            keep &= ~np.isin(codes, np.asarray(spaces, dtype="<u4"))
        idx = np.flatnonzero(keep)
        page_of = pages[idx]
        order = np.argsort(page_of, kind="stable")
        page_sorted = page_of[order]
        cuts = np.flatnonzero(page_sorted[1:] != page_sorted[:-1]) + 1
        found = {int(part_pages[0]): part.tolist()
                 for part, part_pages in zip(np.split(idx[order], cuts), np.split(page_sorted, cuts)) if len(part)}
        return dict(sorted(found.items(), key=lambda kv: kv[1][0]))

    # -- structure ----------------------------------------------------------------------
    def block_at(self, offset: int) -> Block | None:
        i = bisect.bisect_right(self._block_starts, offset) - 1
        if i < 0:
            return None
        block = self.blocks[i]
        return block if offset <= block.end else None

    def block_index(self, offset: int) -> int:
        return bisect.bisect_right(self._block_starts, offset) - 1

    def page_end(self, offset: int) -> int:
        """Where the text of the page that holds ``offset`` ends: the start of the first block
        after it on another page (the text's end when none is)."""
        i = max(self.block_index(offset), 0)
        page = self.blocks[i].page if self.blocks else None
        for block in self.blocks[i + 1:]:
            if block.page != page:
                return block.start
        return len(self.text)

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

    def section_index(self) -> SectionIndex:
        """``section_at`` for many offsets: an index of the sections made once."""
        if self._sections is None:
            self._sections = SectionIndex(self)
        return self._sections

    def decimal_mark(self) -> str | None:
        """The decimal mark of the document's numbers (``core.numbers.decimal_mark`` of its
        text; None when they prove neither), read once."""
        if self._decimal is None:
            self._decimal = decimal_mark(self.text) or ""
        return self._decimal or None

    def has_words(self, block: Block) -> bool:
        """Does ``block``'s text hold a word: three letters in a row, or two capitals (not only
        numbers and signs, nor the odd letters of a pictogram font, "Zo", "ç°")? Read for every
        block at once: the figures' layout labels ask it of a page's blocks for each number on
        the page."""
        if self._worded is None:
            self._worded = frozenset(b.start for b in self.blocks if WORD.search(self.block_text(b)))
        return block.start in self._worded

    def numbers_of(self, source: "Document") -> "Document":
        """This document, whose text holds the numbers of ``source`` in another order (key
        figures joined to their labels: ``figures.cards.join_cards``): their decimal mark is
        ``source``'s, read once for both (a pass over the whole text: 45 ms on an 88-page
        report)."""
        self._decimal = source.decimal_mark() or ""
        return self

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        """The block (paragraph) around a span: a cheap context window without NLP."""
        block = self.block_at(start)
        if block is None:
            return start, end
        return block.start, max(block.end, end)



class SectionIndex:
    """The section of every block of a document, from one pass over its blocks: the section
    of an offset depends only on the blocks that start at or before it (the last of them is
    its block, when the offset is not past its end); the titles of drawn boxes that hold that
    block are added by ``Document.section_at`` itself. Made once per document
    (``Document.section_index``); a document whose blocks changed since it was made is read
    with ``Document.section_at``."""

    def __init__(self, document: Document) -> None:
        self.document = document
        blocks = document.blocks
        starts = [b.start for b in blocks]
        self.ordered = starts == getattr(document, "_block_starts", None) and all(
            a <= b for a, b in zip(starts, starts[1:]))
        #: section of blocks[:i + 1] without the titles of drawn boxes, for each i
        self.plain: list[str | None] = []
        #: indices of the headings that title a drawn box
        self.boxed: list[int] = []
        self.in_box: dict[int, str | None] = {}  #: block index → section, for blocks in a box
        path: list[tuple[int, str]] = []
        current: str | None = None
        for i, b in enumerate(blocks):
            if b.role == "heading":
                if b.box is not None:
                    self.boxed.append(i)
                else:
                    title = " ".join(document.text[b.start : b.end].split())
                    while path and path[-1][0] >= b.level:
                        path.pop()
                    path.append((b.level, title))
                    current = " > ".join(t for _, t in path) or None
            self.plain.append(current)

    def at(self, offset: int) -> str | None:
        document = self.document
        if not self.ordered:
            return document.section_at(offset)
        i = document.block_index(offset)
        if i < 0:
            return None
        here = document.block_at(offset)
        if here is not None:
            if i in self.in_box:
                return self.in_box[i]
            for j in self.boxed:
                if j > i:
                    break
                box = document.blocks[j]
                if here.page == box.page and box.box is not None and here.within(box.box):
                    self.in_box[i] = document.section_at(offset)
                    return self.in_box[i]
        return self.plain[i]


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
