"""PDF → ``Document``: lines, furniture, reading order, blocks, text with an offset map."""
from __future__ import annotations

import functools
import logging
import math
import re
import statistics
from array import array
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import regex

from ..core import progress, rules
from ..core.document import Block, Document
from ..core.errors import BadPageRange, NoTextLayer
from ..core.resources import DEFAULT_MODEL
from . import ocr as ocr_module
from .backends import Char, PageChars, get_backend
from .charts import ChartLabels
from .compiled import _glyphs
from .footnotes import NoteLines, after_sentences
from .furniture import as_records, find_furniture
from .lines import Line, build_lines, frame_lines, join_segments
from .ocr import OcrBackend
from .reading_order import Aside, LabelledRow, TableRow, page_regions
from .repair import GlyphFacts, french_word, glyph_words, repair_ligatures, repair_page
from .ruled import CellRow
from .text import CHAR_MAP, LINE_END_HYPHENS, SOFT_HYPHENS, join_hyphenated

__all__ = [
    "PARAGRAPH_GAP", "SIZE_CHANGE", "HEADING_SIZE", "VALUE_SIZE", "CAPTION_SIZE", "read_pdf",
    "BOX_TITLE_HEIGHT", "BOX_MAX_HEIGHT"
]

#: a line gap larger than this many font sizes starts a new block
PARAGRAPH_GAP = 0.6
#: relative font-size change that starts a new block
SIZE_CHANGE = 0.12
#: a block this many times larger than body text is a heading (or a key-figure value)
HEADING_SIZE = 1.08
VALUE_SIZE = 1.4
#: a card's scale line and caption are set no larger than this many times body text
CAPTION_SIZE = 1.5
_BULLET = regex.compile(r"^[›•▪◦●■–>\-](?=\s)")


@functools.lru_cache(maxsize=1)
def _value_block() -> "regex.Pattern":
    """A block whose whole text is a value (patterns/layout: ``value_block``)."""
    return regex.compile(rules.load("layout")["value_block"], regex.I)

_TERMINAL = tuple(".!?:;»…)")
_TEXT_ROLES = {"body", "list"}
log = logging.getLogger(__name__)


def read_pdf(path: Path, backend: str = "auto", pages: tuple[int, int] | None = None,
             password: str | None = None, model: str = DEFAULT_MODEL, ocr: str = "auto") -> Document:
    """``path`` read into a ``Document``; ``model`` names the spaCy pipeline package whose
    lexicon repairs lost ligatures (loaded only when a page has one); ``ocr`` says which pages
    Tesseract reads (``layout.ocr``)."""
    engine = OcrBackend(get_backend(backend), ocr)
    page_lines: list[tuple[int, float, list[Line]]] = []
    sizes: list[tuple[float, float]] = []
    n_chars = 0
    size_counts: Counter[float] = Counter()
    repairs: Counter[str] = Counter()
    page_boxes: dict[int, list[tuple[float, float, float, float]]] = {}
    page_rules: dict[int, list[tuple[float, float, float, float]]] = {}
    damaged = False  #: a glyph holds U+FFFD (lost ligatures)
    # a page read by OCR comes after the pages that follow it (``OcrBackend``): each page is
    # read into lines as it comes, and what the pages give is added up in page order
    by_number: dict[int, tuple[PageChars, list[Line], dict[str, int], GlyphFacts]] = {}
    last = 0
    for page in engine.pages(path, pages, password):
        if page.number > last:  # the display goes forward only
            last = page.number
            progress.report("reading", page.number)
        page.chars, made, facts = repair_page(page.chars)
        lines = build_lines(page.chars, page.number, page.rules)
        frame_lines(lines, page.boxes)
        by_number[page.number] = (page, lines, made, facts)
    for number in sorted(by_number):
        page, lines, made, facts = by_number.pop(number)
        page_boxes[page.number] = [b for b in page.boxes if b[3] - b[1] < BOX_MAX_HEIGHT * page.height]
        repairs.update(made)
        page_rules[page.number] = page.rules
        n_chars += sum([len(ln.chars) for ln in lines])
        # each size rounded once: the rounded sizes come in the order they first appear
        for size, count in facts.size_counts.items():
            size_counts[round(size, 1)] += count
        # every glyph that is not blank is on a line
        damaged = damaged or facts.damaged
        page_lines.append((page.number, page.height, lines))
        sizes.append((page.width, page.height))
    if not page_lines and pages is not None:
        check_pages(path, pages, get_backend(backend).page_count(path, password))
    if page_lines and n_chars == 0:
        raise NoTextLayer(path, NoTextLayer.REASON if ocr == "never" or not engine.skipped else
                          f"no text layer (scanned or image-only PDF); {ocr_module.INSTALL_HINT}")
    if engine.skipped:
        repairs["ocr_unavailable"] = len(engine.skipped)
        log.warning("%s: %d page%s need%s OCR (%s); %s", path, len(engine.skipped), "s" * (len(engine.skipped) > 1),
                    "" if len(engine.skipped) > 1 else "s", ", ".join(map(str, sorted(engine.skipped))),
                    ocr_module.INSTALL_HINT)
    if engine.ocr_pages:
        repairs["ocr_pages"] = len(engine.ocr_pages)
    if damaged:
        known = french_word(model)
        words = [w for _, _, lines in page_lines for ln in lines for w in glyph_words(ln.pieces())]
        repairs["ligature"] = repair_ligatures(words, known)
    furniture = find_furniture(page_lines)
    body_size = size_counts.most_common(1)[0][0] if size_counts else 10.0

    raw_blocks: list[tuple[list[Line], int]] = []  # (lines, region id)
    region_id = 0
    row_regions: set[int] = set()  # regions that are rows of a table of quantities and labels
    chart_regions: set[int] = set()  # regions that are a chart's labels
    note_regions: set[int] = set()  # regions that are a page's footnotes
    aside_regions: set[int] = set()  # regions that are pull quotes
    labelled_regions: set[int] = set()  # rows of a table set without rules, their label first
    for (number, height, lines), (width, _) in zip(page_lines, sizes):
        drop = {id(ln) for ln, _ in furniture.get(number, [])}
        body = [ln for ln in lines if id(ln) not in drop]
        for region in page_regions(body, width, height, page_rules.get(number, [])):
            region_id += 1
            kind = _region_kind(region)
            if kind is not None:
                {"row": row_regions, "chart": chart_regions, "note": note_regions, "aside": aside_regions,
                 "labelled": labelled_regions}[kind].add(
                    region_id)
            raw_blocks.extend((block_lines, region_id) for block_lines in _region_blocks(region))
    raw_blocks = after_sentences(_merge_cards(raw_blocks, body_size), note_regions.__contains__)
    document = _emit(path, raw_blocks, body_size, len(page_lines), row_regions, chart_regions, note_regions,
                     aside_regions, labelled_regions)
    _box_titles(document, page_boxes)
    document.furniture = as_records(furniture)
    document.page_sizes = sizes
    document.title = _title(path, password, document)
    repairs["lone_surrogate"] = _replace_lone_surrogates(document)
    document.repairs = {kind: n for kind, n in repairs.items() if n}
    document.ocr = dict(sorted(engine.ocr_pages.items()))
    document.rules = {number: found for number, found in page_rules.items() if found}
    return document


#: half of a UTF-16 pair with no other half: a font's ToUnicode map may say ``<D800>``, which
#: pdfium passes on; no UTF-8 encoder (JSON, Parquet, the terminal) accepts it
_LONE_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def _replace_lone_surrogates(document: Document) -> int:
    """Replace every lone surrogate of the text and title by U+FFFD (one character for one:
    the offset map stays exact); return how many there were."""
    count = len(_LONE_SURROGATE.findall(document.text))
    if count:
        document.text = _LONE_SURROGATE.sub("\ufffd", document.text)
    if document.title:
        document.title = _LONE_SURROGATE.sub("\ufffd", document.title)
    for line in document.furniture:
        line.text = _LONE_SURROGATE.sub("\ufffd", line.text)
    return count


def check_pages(path: Path, pages: tuple[int, int] | None, count: int) -> None:
    """A page range that starts past the last page of a ``count``-page document is an error,
    not an empty result (its end is cut to the document)."""
    if pages is not None and pages[0] > count:
        raise BadPageRange(path, f"pages {pages[0]}-{pages[1]} are outside the document ({count} page{'s' * (count != 1)})")


def _region_kind(region: list[Line]) -> str | None:
    """What a region is, when it is not running text: a row of a table of quantities and
    labels (``row``, unruled or ruled), a row of a table set without rules with its label first
    (``labelled``), a chart's labels, the page's notes, a pull quote."""
    if isinstance(region, TableRow) or isinstance(region, CellRow) and region.pair:
        return "row"
    if isinstance(region, LabelledRow):
        return "labelled"
    if isinstance(region, ChartLabels):
        return "chart"
    if isinstance(region, NoteLines):
        return "note"
    return "aside" if isinstance(region, Aside) else None


def _region_blocks(region: list[Line]) -> list[list[Line]]:
    """A region's blocks: a row of a ruled table is one, its lines cell by cell as given; other
    regions are split at paragraph gaps, size changes and bullets."""
    if isinstance(region, CellRow):
        return [list(region)]
    return _split_blocks(_merge_rows(region))


def _merge_rows(region: list[Line]) -> list[Line]:
    """Join the segments of one row inside a single-column region, top to bottom."""
    by_row: dict[tuple[int, int], list[Line]] = {}
    for ln in region:
        by_row.setdefault((ln.page, ln.row), []).append(ln)
    merged = []
    for parts in by_row.values():
        parts.sort(key=lambda ln: ln.x0)
        merged.append(join_segments(parts))
    merged.sort(key=lambda ln: (ln.top, ln.x0))
    return merged


def _split_blocks(lines: list[Line]) -> list[list[Line]]:
    blocks: list[list[Line]] = []
    for ln in lines:
        if blocks:
            prev = blocks[-1][-1]
            size, psize = ln.size, prev.size
            gap = ln.top - prev.bottom
            new = (
                gap > PARAGRAPH_GAP * max(size, psize)
                or abs(size - psize) > SIZE_CHANGE * max(size, psize)
                or bool(_BULLET.match(ln.text))
            )
            if not new:
                blocks[-1].append(ln)
                continue
        blocks.append([ln])
    return blocks


def _text_of(lines: list[Line]) -> str:
    return " ".join(ln.text for ln in lines)


_YEAR_ONLY = regex.compile(r"^(?:19|20)\d\d$")


def _value_text(lines: list[Line], body_size: float) -> str | None:
    """The text of the leading lines set in key-figure type, if it reads as a value."""
    big = []
    for ln in lines:
        if ln.size < VALUE_SIZE * body_size:
            break
        big.append(ln)
    text = _text_of(big).strip()
    if big and _value_block().match(text) and not _YEAR_ONLY.match(text):
        return text
    return None


def _is_value(lines: list[Line], body_size: float) -> bool:
    return _value_text(lines, body_size) is not None and len(_value_text(lines, body_size)) == len(_text_of(lines).strip())


def _merge_cards(blocks: list[tuple[list[Line], int]], body_size: float) -> list[tuple[list[Line], int]]:
    """A key-figure card is a large value, then its scale line and caption in smaller type:
    read them as one block."""
    out: list[tuple[list[Line], int]] = []
    card_size = 0.0
    for lines, region in blocks:
        if out and card_size and out[-1][1] == region:
            size = max(ln.size for ln in lines)
            gap = lines[0].top - out[-1][0][-1].bottom
            caption = size <= CAPTION_SIZE * body_size and len(_text_of(lines).split()) <= 40
            # a caption does not grow back: larger type after it is the next heading
            shrinks = size <= out[-1][0][-1].size * (1 + 2 * SIZE_CHANGE) or out[-1][0][-1].size >= card_size
            if size < card_size * 0.9 and caption and shrinks and gap < 1.2 * card_size:
                out[-1] = (out[-1][0] + lines, region)
                continue
        card_size = max(ln.size for ln in lines) if _is_value(lines, body_size) else 0.0
        out.append((list(lines), region))
    return out


def _classify(lines: list[Line], body_size: float) -> tuple[str, float, bool]:
    text = _text_of(lines).strip()
    size = statistics.median_high([ln.size for ln in lines])
    bold = all(ln.bold for ln in lines)
    value = _value_text(lines, body_size)
    if value is not None:
        return ("value" if value == text else "card"), lines[0].size, bold
    if all(ln.leader for ln in lines):
        return "toc", size, bold
    words = text.split()
    letters = sum(map(str.isalpha, text))
    if letters >= 2 and len(words) <= 30 and text[-1:] not in ".,;":
        if size >= HEADING_SIZE * body_size or (bold and len(words) <= 15):
            return "heading", size, bold
    if _BULLET.match(text):
        return "list", size, bold
    return "body", size, bold


class _Writer:
    """Accumulates output text with one position per character."""

    def __init__(self, raw_blocks: list[tuple[list[Line], int]], soft_breaks: bool = True) -> None:
        self.raw_blocks = raw_blocks  #: the blocks to write, whose words make ``vocabulary``
        self.soft_breaks = soft_breaks  #: the document marks line breaks with soft/U+2010 hyphens
        self.parts: list[str] = []
        self.length = 0
        #: per-character page, and glyph whose box the character has (``_NO_BOX`` for the
        #: inserted spaces and separators); made arrays (``i``, ``f``) once at the end
        self.page: list[int] = []
        self.glyphs: list[Char | SimpleNamespace] = []

    def put(self, text: str, page: int) -> None:
        """Write ``text`` that has no box (a separator)."""
        if not text:
            return
        self.parts.append(text)
        self.length += len(text)
        self.page += [page] * len(text)
        self.glyphs += [_NO_BOX] * len(text)

    @functools.cached_property
    def vocabulary(self) -> set[str]:
        """Words of the document, to undo line-end hyphens: gathered on first use, a plain
        hyphen at a line end before a lower-case word (many documents have none)."""
        return _vocabulary(self.raw_blocks)

    def last_char(self) -> str:
        return self.parts[-1][-1] if self.parts else ""

    def drop_last(self) -> None:
        """Remove the last character written (a line-end hyphen being re-joined)."""
        last = self.parts[-1]
        self.parts[-1] = last[:-1]
        if not self.parts[-1]:
            self.parts.pop()
        self.length -= 1
        self.page.pop()
        self.glyphs.pop()

    def tail(self, n: int) -> str:
        out = ""
        i = len(self.parts) - 1
        while i >= 0 and len(out) < n:
            out = self.parts[i] + out
            i -= 1
        return out[-n:]


#: the characters ``CHAR_MAP`` replaces at all (stdlib ``re``: a plain search is several times
#: faster than ``str.translate`` of a line with nothing to replace)
_MAPPED = re.compile("[" + "".join(re.escape(k) for k in CHAR_MAP) + "]")
#: the characters ``CHAR_MAP`` replaces by none or several
_RESIZED = re.compile("[" + "".join(re.escape(k) for k, v in CHAR_MAP.items() if len(v) != 1) + "]")
_CHAR_TABLE = str.maketrans(CHAR_MAP)
_NO_BOX = SimpleNamespace(x0=math.nan, top=math.nan, x1=math.nan, bottom=math.nan)


def _write_line(w: _Writer, line: Line) -> None:
    """Write a whole line at once: its text, and each character's page and glyph in bulk."""
    texts, glyphs = line.parts()
    raw = line.text
    if len(raw) == len(texts) and "" not in texts and not _RESIZED.search(raw):
        # one character per piece, each written as one character (nearly always)
        text = raw.translate(_CHAR_TABLE) if _MAPPED.search(raw) else raw
        boxes = [_NO_BOX if char is None else char for char in glyphs]  # inserted spaces
    else:
        outs = [text if text.isascii() else text.translate(_CHAR_TABLE) for text in texts]
        text = "".join(outs)
        boxes = []
        for out, char in zip(outs, glyphs):
            boxes += [_NO_BOX if char is None else char] * len(out)
    if text:
        w.parts.append(text)
        w.length += len(text)
        w.page += [line.page] * len(text)
        w.glyphs += boxes


_WORD = regex.compile(r"[\p{L}]+(?:-[\p{L}]+)*")


def _vocabulary(raw_blocks: list[tuple[list[Line], int]]) -> set[str]:
    """The document's own words, compounds included, lower-cased."""
    # one search over the lines joined by a character no word holds
    return set(map(str.lower, _WORD.findall("\n".join([ln.text for lines, _ in raw_blocks for ln in lines]))))


def _break_not_compound(w: "_Writer", left: str, right: str) -> bool:
    """Is the plain hyphen ending ``left`` a line-break hyphen rather than a compound's? Yes
    when the document prints the word whole elsewhere ("em-" / "ploi": "emploi"), or when it
    marks its own breaks with plain hyphens (it has no soft or U+2010 line-end hyphens) and
    never prints this compound with its hyphen."""
    head = _WORD.findall(left)
    tail = _WORD.findall(right)
    if not head or not tail:
        return False
    stem = head[-1].rstrip("-")
    if f"{stem}-{tail[0]}".lower() in w.vocabulary:
        return False
    return (stem + tail[0]).lower() in w.vocabulary or not w.soft_breaks


def _join(w: _Writer, next_text: str, page: int, default: str) -> None:
    """Write the separator before ``next_text``: re-join a hyphenated word, else ``default``."""
    if w.last_char() not in LINE_END_HYPHENS:  # nothing to re-join (nearly always)
        w.put(default, page)
        return
    tail = w.tail(40)
    left = tail.split(" ")[-1] if tail else ""
    joined = join_hyphenated(left, next_text)
    if joined == "-" and _break_not_compound(w, left, next_text):
        joined = ""
    if joined is not None:
        w.drop_last()
        if joined:
            w.put(joined, page)
        return
    w.put(default, page)


#: a drawn box at least this many times the height of a heading inside it holds more than the
#: heading: the heading is that box's title (a banner only underlines or shades its heading)
BOX_TITLE_HEIGHT = 2.5
#: a box taller than this share of its page is a background (a chapter opener), not a box
BOX_MAX_HEIGHT = 0.3


def _box_titles(document: Document, page_boxes: dict[int, list[tuple[float, float, float, float]]]) -> None:
    """Mark headings that title a drawn box ("LES COMPTES 2019 CERTIFIÉS" over its shaded
    paragraph, a benefit's name over its two figures): their section is the box, not the page
    after it."""
    for block in document.blocks:
        if block.role != "heading" or block.bbox is None:
            continue
        x0, top, x1, bottom = block.bbox
        inside = [b for b in page_boxes.get(block.page, [])
                  if b[0] - 2 <= x0 and x1 <= b[2] + 2 and b[1] - 2 <= top and bottom <= b[3] + 2
                  and b[3] - b[1] >= BOX_TITLE_HEIGHT * (bottom - top)]
        if inside:
            block.box = min(inside, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))


def _emit(path: Path, raw_blocks: list[tuple[list[Line], int]], body_size: float, n_pages: int,
          row_regions: frozenset[int] | set[int] = frozenset(),
          chart_regions: frozenset[int] | set[int] = frozenset(),
          note_regions: frozenset[int] | set[int] = frozenset(),
          aside_regions: frozenset[int] | set[int] = frozenset(),
          labelled_regions: frozenset[int] | set[int] = frozenset()) -> Document:
    soft = any(ln.text.endswith(SOFT_HYPHENS) for lines, _ in raw_blocks for ln in lines)
    w = _Writer(raw_blocks, soft)
    blocks: list[Block] = []
    heading_sizes: list[float] = []
    classified = []
    for lines, region in raw_blocks:
        role, size, bold = _classify(lines, body_size)
        if region in row_regions and role == "body":
            role = "card"  # a quantity beside its short label: a key figure in table form
        elif region in chart_regions:
            role = "chart"  # a chart's values and legend: out of the running text
        elif region in note_regions:
            role = "footnote"
        elif region in aside_regions:
            role = "aside"  # a pull quote: read after the text it was set in
        elif region in labelled_regions:
            role = "table_row"  # a table's row read as text: its label, its quantities, its notes
        classified.append((lines, region, role, size, bold))
        if role == "heading" and size >= HEADING_SIZE * body_size:
            heading_sizes.append(round(size, 1))
    levels = {s: i + 1 for i, s in enumerate(sorted(set(heading_sizes), reverse=True))}
    bold_level = len(levels) + 1
    prev_role = None
    prev_region = None
    for lines, region, role, size, bold in classified:
        first_text = lines[0].text
        if blocks:
            continuation = (
                role in _TEXT_ROLES and prev_role in _TEXT_ROLES and region != prev_region
                and w.last_char() not in _TERMINAL and first_text[:1].islower()
            )
            if (w.last_char() in SOFT_HYPHENS and (role == prev_role or {role, prev_role} <= _TEXT_ROLES)
                    and join_hyphenated(w.tail(40).split(" ")[-1], first_text) is not None):
                # a word hyphenated across blocks (a column break, a heading wrapped by the
                # layout into two regions): re-join it and continue the previous block
                _join(w, first_text, lines[0].page, " ")
                for i, line in enumerate(lines):
                    if i:
                        _join(w, line.text, line.page, " ")
                    _write_line(w, line)
                blocks[-1].end = w.length
                continue
            if w.last_char() == "-" and first_text[:1].islower() and role == "body":
                _join(w, first_text, lines[0].page, " " if continuation else "\n\n")
            else:
                w.put(" " if continuation else "\n\n", lines[0].page)
        start = w.length
        for i, line in enumerate(lines):
            if i:
                _join(w, line.text, line.page, " ")
            _write_line(w, line)
        bbox = (min([ln.x0 for ln in lines]), min([ln.top for ln in lines]),
                max([ln.x1 for ln in lines]), max([ln.bottom for ln in lines]))
        level = (levels.get(round(size, 1), bold_level)) if role == "heading" else 0
        blocks.append(Block(start=start, end=w.length, page=lines[0].page, bbox=bbox, size=size,
                            bold=bold, role=role, level=level, region=region))
        prev_role, prev_region = role, region
    x0, top, x1, bottom = _box_arrays(w.glyphs)
    document = Document(path=str(path), text="".join(w.parts), pages=n_pages, blocks=blocks, source="pdf",
                        char_page=array("i", w.page), char_x0=x0, char_top=top, char_x1=x1, char_bottom=bottom)
    return document


def _box_arrays(glyphs: list) -> tuple[array, array, array, array]:
    """The float32 arrays of the glyphs' x0, top, x1 and bottom (compiled:
    ``_glyphs.box_arrays``)."""
    if _glyphs is not None:
        return _glyphs.box_arrays(glyphs)
    return tuple(array("f", [getattr(g, name) for g in glyphs]) for name in ("x0", "top", "x1", "bottom"))




def _title(path: Path, password: str | None, document: Document) -> str | None:
    """The PDF's Title metadata when it has one, else the largest heading of the first page."""
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path), password=password)
        try:
            title = (pdf.get_metadata_dict().get("Title") or "").strip()
        finally:
            pdf.close()
    except Exception:
        title = ""
    if title:
        return " ".join("".join(CHAR_MAP.get(c, c) for c in title).split())
    first = [b for b in document.blocks if b.page == (document.blocks[0].page if document.blocks else 1)]
    if not first:
        return None
    best = max(first, key=lambda b: b.size)
    return " ".join(document.block_text(best).split()) or None
