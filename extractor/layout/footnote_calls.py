"""Footnotes paired with their calls: which words of the text a page's note annotates.

The layout reader finds a page's notes (``layout.footnotes``: a run of small lines at the foot
of the page opening with a marker that the text repeats set small or raised) and reads them
last. Here each note block is given back its marker and the places in the text that call it:
the marker's glyphs right after a word (or its closing punctuation), set smaller than that word
or raised above its baseline, on the note's page. A note continued from the previous page
("1 (suite)") is not split from its body; a marker the text sets at full size, "(1)" on the
line, is no call here (it cannot be told from a number in parentheses).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import regex

from ..core.document import Block, Document
from ..core.geometry import BBox
from ..core.records import FootnoteCall, FootnoteRecord
from .footnotes import CALL_SIZE, MARKER

__all__ = ["Call", "Footnote", "footnotes", "marker_of", "records"]

#: a call follows a letter or a word's closing punctuation
_AFTER = regex.compile(r"[\p{L}.,;:»)\"'’]")
#: the word a text ends with, and its closing punctuation
_LAST_WORD = regex.compile(r"[\p{L}\p{N}'’-]+[.,;:»)\"'’]*$")


@dataclass
class Call:
    """Where the text calls a note: the marker's characters."""

    offset: int  #: first character of the marker in ``Document.text``
    end: int
    page: int
    bbox: BBox


@dataclass
class Footnote:
    """A page's note, its marker and the calls that refer to it."""

    marker: str  #: "1", "*", "3" (a "(3)" marker is given without its parentheses)
    text: str  #: the note's text without its marker
    page: int
    bbox: BBox | None
    block: int  #: index of the note's block in ``Document.blocks``
    calls: list[Call] = field(default_factory=list)


def marker_of(text: str) -> tuple[str, int] | None:
    """(the marker opening a note's text, the length of the marker with its spaces)."""
    m = MARKER.match(text.lstrip())
    if m is None:
        return None
    return m.group(1) or m.group(2) or m.group(3), m.end() + len(text) - len(text.lstrip())


def _is_call(document: Document, start: int, end: int) -> bool:
    """Are the characters ``start:end`` a call: glued to the word before, set smaller than its
    last character or raised above its baseline?"""
    before = start - 1
    if before < 0 or not _AFTER.match(document.text[before]):
        return False
    if end < len(document.text) and document.text[end].isdigit():
        return False  # "allocataires12" is not a call of note 1
    ref_top, ref_bottom = document.char_top[before], document.char_bottom[before]
    ref_size = ref_bottom - ref_top
    if math.isnan(ref_size) or ref_size <= 0:
        return False
    for k in range(start, end):
        top, bottom = document.char_top[k], document.char_bottom[k]
        if math.isnan(top) or document.char_page[k] != document.char_page[before]:
            return False
        small = bottom - top <= CALL_SIZE * ref_size
        raised = bottom < ref_bottom - 0.2 * ref_size
        if not (small or raised):
            return False
    return True


def _calls(document: Document, marker: str, page: int, skip: list[tuple[int, int]]) -> list[Call]:
    out = []
    for m in regex.finditer(regex.escape(marker), document.text):
        start, end = m.span()
        if document.char_page[start] != page or any(a <= start < b for a, b in skip):
            continue
        if _is_call(document, start, end):
            box = document.locate(start, end)[1]
            out.append(Call(start, end, page, box if box is not None else (math.nan,) * 4))
    return out


def footnotes(document: Document) -> list[Footnote]:
    """The notes of ``document`` in reading order, each with its marker and its calls."""
    if not document.has_positions():
        return []
    notes: list[tuple[int, Block]] = [(i, b) for i, b in enumerate(document.blocks) if b.role == "footnote"]
    spans = [(b.start, b.end) for _, b in notes]  # a note's own marker calls nothing
    out = []
    for i, block in notes:
        text = document.text[block.start:block.end]
        found = marker_of(text)
        if found is None or block.page is None:
            continue
        marker, length = found
        out.append(Footnote(marker, " ".join(text[length:].split()), block.page, block.bbox, i,
                            _calls(document, marker, block.page, spans)))
    return out


def _word_before(text: str, offset: int) -> str:
    m = _LAST_WORD.search(text[max(0, offset - 60):offset])
    return m.group(0).rstrip(".,;:»)\"'’") if m else ""


def _box(bbox) -> list[float] | None:
    return None if bbox is None or any(math.isnan(v) for v in bbox) else [round(float(v), 2) for v in bbox]


def records(document: Document) -> list[FootnoteRecord]:
    """The footnotes of ``document`` as data, numbered in reading order."""
    return [FootnoteRecord(f"note-{i}", n.marker, n.text, n.page, _box(n.bbox),
                           [FootnoteCall(c.page, _box(c.bbox), _word_before(document.text, c.offset)) for c in n.calls])
            for i, n in enumerate(footnotes(document), start=1)]
