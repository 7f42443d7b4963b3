"""Footnotes paired with their calls (layout.footnote_calls): the marker set small after a word,
the note's text, the records the pipeline writes and the Markdown footnotes."""
from __future__ import annotations

import pytest

from extractor.layout.footnote_calls import footnotes, marker_of, records
from extractor.layout.pdf import read_pdf
from extractor.layout.render import render

from helpers import real_pdf
from helpers.pdfgen import NOTE, footnote_pdf


@pytest.mark.parametrize("text, expected", [
    ("1 Régime général", ("1", 2)),
    ("12 Source : Insee", ("12", 3)),
    ("* hors Mayotte", ("*", 2)),
    ("(3) Données provisoires", ("3", 4)),
    ("Régime général", None),
    ("2021 : année record", None),  # a year opens a sentence, it is no marker
])
def test_marker_of_a_note(text, expected):
    assert marker_of(text) == expected


def test_a_small_marker_after_a_word_calls_the_note(tmp_path):
    document = read_pdf(footnote_pdf(tmp_path / "note.pdf"))
    [note] = footnotes(document)
    assert (note.marker, note.text, note.page) == ("1", NOTE, 1)
    [call] = note.calls
    assert document.text[call.offset - len("allocataires"):call.offset] == "allocataires"
    assert call.page == 1 and call.bbox[1] < note.bbox[1]  # in the text, above the note
    [record] = records(document)
    assert (record.id, record.marker, record.text) == ("note-1", "1", NOTE)
    assert [(c.page, c.word) for c in record.calls] == [(1, "allocataires")]


def test_markdown_writes_calls_and_notes_as_footnotes(tmp_path):
    markdown = render(read_pdf(footnote_pdf(tmp_path / "note.pdf")), "markdown")
    assert "allocataires[^1] du régime général" in markdown
    assert "[^1]: " + NOTE in markdown
    assert render(read_pdf(footnote_pdf(tmp_path / "plain.pdf", call=False)), "markdown").count("[^") == 0


def test_a_full_size_number_is_no_call(tmp_path):
    # the note's own marker and the "3 %" of the text are set at the text's size: no call
    document = read_pdf(footnote_pdf(tmp_path / "note.pdf"))
    [note] = footnotes(document)
    assert all(document.text[c.offset:c.end] == "1" for c in note.calls) and len(note.calls) == 1


@pytest.mark.parametrize("name, page, word", [
    ("betagouv-rapportannuel-b.pdf", 4, "d'État"),
    ("betagouv-rapportannuel-b.pdf", 5, "Boîte"),
    ("betagouv-rapportannuel-b.pdf", 12, "usagers"),
    ("urssaf-ragllm-document.pdf", 5, "redevable"),
    ("urssaf-ragllm-document.pdf", 13, "agricoles"),
])
def test_real_notes_have_their_call(name, page, word):
    # three pages, as in test_footnotes: enough for running footers to be furniture
    document = read_pdf(real_pdf(name), pages=(page - 1, page + 1))
    calls = [(c.page, c.word) for r in records(document) if r.page == page for c in r.calls]
    assert calls.count((page, word)) == 1, calls


def test_the_pipeline_writes_footnotes_that_follow_the_schema(tmp_path, nlp):
    import json

    import extractor
    from extractor.core.records import validate

    payload = json.loads(extractor.extract(footnote_pdf(tmp_path / "note.pdf")).to_json())
    validate(payload)
    [note] = payload["footnotes"]
    assert (note["id"], note["marker"], note["text"], note["page"]) == ("note-1", "1", NOTE, 1)
    assert [c["word"] for c in note["calls"]] == ["allocataires"]
    payload["footnotes"][0]["calls"][0]["page"] = "one"
    with pytest.raises(Exception, match="'one'"):
        validate(payload)
