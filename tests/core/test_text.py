"""The shared text helpers: folding, plurals, the regex cache, pieces between sentence ends."""
from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.core.text import NER_PIECE_END, compiled, fold, pieces, singular, word_alternation


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


WORDS = ["mai", "mars", "janv.", "janvier", "sept.", "septembre", "ab", "abc", "a.b"]


@settings(deadline=None, max_examples=200)
@given(st.text(alphabet="maijnvrsceptbo.AB MARS", max_size=60))
def test_word_alternation_matches_the_words_as_an_alternation_does(text):
    """A tree of common prefixes: the same matches as ``a|b|c`` longest first, case folded
    or not, a word that is a prefix of another ("ab", "abc") included."""
    plain = "(?:" + "|".join(regex.escape(w) for w in sorted(WORDS, key=len, reverse=True)) + ")"
    for flags in (0, regex.IGNORECASE | regex.V1):
        tree = regex.compile(word_alternation(WORDS) + r"(?!\w)", flags)
        listed = regex.compile(plain + r"(?!\w)", flags)
        assert [m.span() for m in tree.finditer(text, overlapped=True)] == \
            [m.span() for m in listed.finditer(text, overlapped=True)]


def test_word_alternation_is_a_tree():
    assert word_alternation(["mai", "mars"]) == "(?:ma(?:i|rs))"
    assert word_alternation(["ab", "abc"]) == "(?:ab(?:c)?)"
