"""The shared text helpers: folding, plurals, the regex cache, pieces between sentence ends."""
from __future__ import annotations

from extractor.core.text import NER_PIECE_END, compiled, fold, pieces, singular


def test_fold_drops_case_accents_and_typographic_apostrophes():
    assert fold("Élysée d’Été") == "elysee d'ete"


def test_singular_strips_a_simple_plural_of_a_long_word_only():
    # (a simple rule: a long word's final s or x goes, whatever the word)
    assert [singular(w) for w in ("allocataires", "prestations", "bus", "ans", "caisse")] == [
        "allocataire", "prestation", "bus", "ans", "caisse"]


def test_compiled_is_one_pattern_per_source():
    assert compiled(r"\d+") is compiled(r"\d+")
    assert compiled(r"a", 2) is not compiled(r"a")


def test_pieces_between_sentence_ends_leave_no_empty_piece():
    text = "Un. Deux ; trois\n\nquatre"
    assert [text[s:e] for s, e in pieces(text, 0, len(text), NER_PIECE_END)] == ["Un.", "Deux ;", "trois", "quatre"]
    assert list(pieces(text, 3, 4, NER_PIECE_END)) == []
