"""Footnotes: found at the foot of their page by their call, read after the sentence they
interrupt (generated page break), and found on real reports."""
from __future__ import annotations

import pytest

from extractor.layout.footnotes import after_sentences
from extractor.layout.pdf import read_pdf

from helpers import real_pdf
from helpers.pdfgen import NOTE, footnote_pdf


def test_a_note_never_splits_the_sentence_it_interrupts(tmp_path):
    document = read_pdf(footnote_pdf(tmp_path / "note.pdf"))
    assert "du régime général, hors prestations légales, ont augmenté de 3 % sur l'année." in document.text
    [note] = [b for b in document.blocks if b.role == "footnote"]
    assert document.block_text(note) == "1 " + NOTE and note.page == 1
    assert document.text.endswith("1 " + NOTE)  # after the sentence, so after page 2's text here


def test_an_uncalled_small_line_is_no_note(tmp_path):
    document = read_pdf(footnote_pdf(tmp_path / "plain.pdf", call=False))
    assert not [b for b in document.blocks if b.role == "footnote"]


def test_notes_move_only_inside_a_sentence():
    class L:
        def __init__(self, text: str) -> None:
            self.text = text
    blocks = [([L("fin de phrase.")], 1), ([L("1 Note.")], 2), ([L("suite")], 3)]
    assert after_sentences(blocks, {2}.__contains__) == blocks
    runs_on = [([L("les montants")], 1), ([L("1 Note.")], 2), ([L("2 Autre.")], 2), ([L("versés.")], 3)]
    assert [b[1] for b in after_sentences(runs_on, {2}.__contains__)] == [1, 3, 2, 2]


@pytest.mark.parametrize("name, page, start", [
    ("betagouv-rapportannuel-b.pdf", 4, "1 Dont 1,4 million d'euros de budget propre DINSIC"),
    ("betagouv-rapportannuel-b.pdf", 5, "2 Étude Pôle emploi de 2016"),
    ("urssaf-ragllm-document.pdf", 13, "2 Relèvent du régime agricole"),
])
def test_real_notes_are_found_at_the_foot_of_their_page(name, page, start):
    # (three pages: enough for the running footers to be furniture, as in a whole report)
    document = read_pdf(real_pdf(name), pages=(page - 1, page + 1))
    notes = [b for b in document.blocks if b.role == "footnote" and document.block_text(b).startswith(start)]
    assert [b.page for b in notes] == [page]
