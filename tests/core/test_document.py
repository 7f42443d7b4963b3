"""core.document: provenance helpers of a read report."""
from __future__ import annotations

import math
from array import array

import pytest

from extractor.core.document import Document


def test_glyphs_by_page_are_the_visible_characters_of_each_page(golden_document):
    """The vectorised grouping gives what a loop over every character gives: with a position
    (tables), or with a page (ruled tables); white space left out, text order kept."""
    doc = golden_document
    positioned: dict[int, list[int]] = {}
    paged: dict[int, list[int]] = {}
    for i, ch in enumerate(doc.text):
        if ch.isspace():
            continue
        if not math.isnan(doc.char_x0[i]):
            positioned.setdefault(doc.char_page[i], []).append(i)
        if doc.char_page[i] > 0:
            paged.setdefault(doc.char_page[i], []).append(i)
    assert doc.glyphs_by_page() == positioned and list(doc.glyphs_by_page()) == list(positioned)
    assert doc.glyphs_by_page(positioned=False) == paged
    assert len(paged) == doc.pages and sum(map(len, paged.values())) > 30_000


def test_glyphs_by_page_of_a_document_without_positions():
    def document(text: str, **arrays) -> Document:
        return Document(path="r.pdf", text=text, pages=2, blocks=[], source="pdf", **arrays)

    with pytest.raises(IndexError):
        document("Rapport 2024").glyphs_by_page()
    placed = document("a b·c", char_page=array("i", [2, 2, 1, 0, 1]),
                      char_x0=array("f", [1.0, float("nan"), 3.0, 4.0, float("nan")]))
    assert placed.glyphs_by_page() == {2: [0], 1: [2], 0: [3]}  # a position, whatever the page
    assert placed.glyphs_by_page(positioned=False) == {2: [0], 1: [2, 4]}  # a page, whatever the position
    assert document("").glyphs_by_page() == {}


def test_has_words_tells_the_blocks_of_words_from_those_of_numbers_signs_and_stray_letters(golden_document):
    """A word is three letters in a row, two capitals ("CA") or a capital and a digit ("T1"): not
    a number, a sign, nor the odd letters a pictogram font's glyphs read as ("Ka", "é°", "Xe)")."""
    from extractor.core.document import WORD, Block

    told = [golden_document.has_words(b) for b in golden_document.blocks]
    assert told == [bool(WORD.search(golden_document.block_text(b))) for b in golden_document.blocks]
    assert any(told) and not all(told)  # the key figures' value blocks hold no word
    texts = ("12 500", "allocataires", "— 3 %", "Été", "Ka", "é°", "Xe)", "CA", "T1")
    text = "\n\n".join(texts)
    blocks = [Block(start=s, end=s + len(t), page=1, bbox=None, size=0, bold=False) for s, t in
              ((text.index(t), t) for t in texts)]
    document = Document(path="r.txt", text=text, pages=1, blocks=blocks, source="text")
    assert [document.has_words(b) for b in blocks] == [False, True, False, True, False, False, False, True, True]


def test_a_pages_text_ends_where_the_next_pages_first_block_starts():
    from extractor.core.document import Block

    text = "Répartition\n\n43\n\nFOCUS SUR LES PRODUITS\n\nLa suite"
    parts = [("Répartition", 1), ("43", 1), ("FOCUS SUR LES PRODUITS", 2), ("La suite", 2)]
    blocks = [Block(start=text.index(t), end=text.index(t) + len(t), page=p, bbox=None, size=0, bold=False)
              for t, p in parts]
    document = Document(path="r.pdf", text=text, pages=2, blocks=blocks, source="pdf")
    assert document.page_end(text.index("43")) == text.index("FOCUS")
    assert document.page_end(text.index("La suite")) == len(text)
