"""A long alternation compiled alternative by alternative matches what the whole compiled
pattern matches (core.lazy_regex), and the model's tokenizer uses one."""
from __future__ import annotations

import pickle
import re
import sys

import pytest

from extractor.core import lazy_regex
from extractor.core.lazy_regex import LazyAlternation, alternatives, compiling_lazily

from helpers import GOLDEN_TXT

LETTERS = "a-z\u00DF-\u00F6\u00F8-\u00FF" + "".join(chr(c) for c in range(0x0101, 0x0180, 2))
HYPHENS = "-–—‐‑"

#: the shapes of spaCy's French ``token_match``: literal stems, a prefix before a hyphen,
#: "x-de-y" combinations, an elision; every class spelled out in full
PARTS = [
    f"^a[{HYPHENS}]sexualis[{LETTERS}]+$",
    f"^[ée]tats[{HYPHENS}]uni[{LETTERS}]*$",
    f"^droits?[{HYPHENS}]de[{HYPHENS}]l'homm[{LETTERS}]+$",
    f"^a[ée]ro[{HYPHENS}][{LETTERS}][{HYPHENS}{LETTERS}']*$",
    f"^Saint[{HYPHENS}][{LETTERS}][{HYPHENS}{LETTERS}']*$",
    f"^r?é?entr['’][{LETTERS}][{HYPHENS}{LETTERS}']*$",
    f"^[{LETTERS}]+[{HYPHENS}]de[{HYPHENS}](?:l['’])?[{LETTERS}]+$",
    f"^[{LETTERS}]+[{HYPHENS}]sur[{HYPHENS}](?:l['’])?[{LETTERS}]+$",
    f"^[^{HYPHENS}0-9]+[{HYPHENS}]x$",  # a negated class: screened as "." as well
    r"^\[crochet\][|]barre$",  # escapes and a bar inside a class are not alternatives
]
PATTERN = "(?iu)" + "|".join(f"(?:{p})" for p in PARTS)

WORDS = ["asexualisé", "A-sexualisés", "États-Unis", "etats-unies", "droits-de-l'homme",
         "aéro-club", "Aero-Club", "Saint-Étienne", "saint-", "entr'abat", "rentr’ouvert",
         "Île-de-France", "Seine-Saint-Denis", "Boulogne-sur-Mer", "boulogne-sur-", "abc-x",
         "12-x", "[crochet]|barre", "crochet", "", "l'homme", "grand-mère", "de-de-de"]


def test_reads_the_alternatives_of_a_pattern():
    flags, parts = alternatives(PATTERN)
    assert flags == "(?iu)"
    assert parts == [f"(?:{p})" for p in PARTS]
    assert alternatives("(?i)abc") is None  # no alternation
    assert alternatives("(a|b") is None  # unbalanced
    assert alternatives("[ab|c") is None  # a class never closed


@pytest.mark.parametrize("word", WORDS)
def test_matches_what_the_whole_pattern_matches(word):
    lazy, whole = LazyAlternation(PATTERN), re.compile(PATTERN)
    found, expected = lazy.match(word), whole.match(word)
    assert (found is None) == (expected is None), word
    if expected is not None:
        assert found.span() == expected.span()


def test_compiles_only_the_alternatives_a_string_may_match():
    lazy = LazyAlternation(PATTERN)
    assert lazy.match("grand-mère") is None  # every screen fails: nothing compiled
    assert lazy._exact == {}
    assert lazy.match("Île-de-France")
    assert sorted(lazy._exact) == [6]
    assert lazy._whole is None
    assert lazy.search("x Île-de-France") is None  # anything else: the whole pattern
    assert lazy._whole is not None


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path))
    return tmp_path / "regex"


def test_keeps_each_answer_and_compiles_the_whole_after_enough_strings(cache, monkeypatch):
    """A tokenizer asks the same strings again: each is screened once. Past
    ``WHOLE_AFTER_CALLS`` different strings the whole pattern is compiled and kept in the
    cache folder; a later process (a new instance) loads it and gives spaCy its C ``match``."""
    monkeypatch.setattr(lazy_regex, "WHOLE_AFTER_CALLS", 7)  # Île-de-France and six words
    lazy = LazyAlternation(PATTERN)
    first = lazy.match("Île-de-France")
    assert lazy.match("Île-de-France") is first
    for word in WORDS[:6]:
        lazy.match(word)
    whole = lazy_regex._cache_file(PATTERN, 0)
    assert lazy._whole is None and not whole.exists()
    assert lazy.match("Boulogne-sur-Mer").span() == re.compile(PATTERN).match("Boulogne-sur-Mer").span()
    assert lazy._whole is not None and whole.is_file()
    later = LazyAlternation(PATTERN)
    assert later._whole is not None
    fast = lazy_regex.whole_if_cached(later.match)
    assert fast.__self__ is later._whole and isinstance(fast.__self__, re.Pattern)
    for word in WORDS:
        expected = re.compile(PATTERN).match(word)
        assert (fast(word) is None) == (expected is None), word


def test_a_damaged_cache_file_is_ignored(cache, monkeypatch):
    monkeypatch.setattr(lazy_regex, "WHOLE_AFTER_CALLS", 0)
    LazyAlternation(PATTERN).match("x")  # compiles and keeps the whole
    kept = lazy_regex._cache_file(PATTERN, 0)
    kept.write_bytes(kept.read_bytes()[:-10] + b"0123456789")
    again = LazyAlternation(PATTERN)
    assert again._whole is None  # the checksum fails: screened as a new machine does
    assert lazy_regex.whole_if_cached(again.match) == again.match


def test_a_later_process_loads_the_alternatives_compiled_before(cache, monkeypatch):
    """The alternatives and screens a string needed are kept in the cache folder: a later
    process (a new instance) that meets the string again compiles nothing; a damaged file is
    compiled anew."""
    first = LazyAlternation(PATTERN)
    expected = first.match("Île-de-France").span()
    kept = {lazy_regex._cache_file(p.pattern, 0) for p in [*first._exact.values(), *first._tails.values()]}
    assert len(kept) == 2 and all(path.is_file() for path in kept)  # alternative 6 and the screens from 0

    def compiled(*args):
        raise AssertionError("compiled again")

    monkeypatch.setattr(lazy_regex, "_compile_and_keep", compiled)
    later = LazyAlternation(PATTERN)
    assert later.match("Île-de-France").span() == expected and sorted(later._exact) == [6]
    monkeypatch.undo()
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(cache.parent))
    for path in kept:
        path.write_bytes(path.read_bytes()[:-4] + b"0000")
    again = LazyAlternation(PATTERN)
    assert again.match("Île-de-France").span() == expected


def test_stands_for_the_pattern_when_pickled():
    lazy = LazyAlternation(PATTERN)
    assert lazy.pattern == PATTERN
    copy = pickle.loads(pickle.dumps(lazy))
    assert isinstance(copy, re.Pattern) and copy.pattern == PATTERN


def test_patterns_it_cannot_split_compile_as_usual():
    with pytest.raises(ValueError):
        LazyAlternation(r"(a)\1|b")  # a numbered back-reference means something else alone
    with compiling_lazily():
        long_plain = re.compile("a" * lazy_regex.LAZY_MIN_LENGTH)
        long_alternation = re.compile("|".join([PATTERN[5:]] * 200))
        short = re.compile("a|b")
    assert isinstance(long_plain, re.Pattern) and isinstance(short, re.Pattern)
    assert isinstance(long_alternation, LazyAlternation)
    assert re.compile is lazy_regex._ORIGINAL_COMPILE  # restored after the block


@pytest.mark.slow  # compiles the whole 1.4 MB pattern for the comparison
def test_the_french_model_tokenizes_as_with_its_whole_token_match():
    """The loaded model's ``token_match`` is lazy and agrees with the compiled pattern on every
    chunk of the golden report and on hyphenated and elided words."""
    from extractor.core.resources import load_model

    nlp = load_model()
    # lazy, or the whole pattern when this run compiled and cached it in a process before
    found = nlp.tokenizer.token_match.__self__
    assert isinstance(found, (LazyAlternation, re.Pattern)) and len(found.pattern) > 1_000_000
    fr = sys.modules["spacy.lang.fr.tokenizer_exceptions"]
    assert fr.TOKEN_MATCH.__self__.pattern == found.pattern
    lazy = LazyAlternation(found.pattern)
    chunks = set(GOLDEN_TXT.read_text(encoding="utf-8").split()) | set(WORDS)
    # the whole pattern, compiled here once for the comparison (about 3 s)
    whole = re.compile(lazy.pattern)
    for chunk in chunks:
        expected = whole.match(chunk)
        found = lazy.match(chunk)
        assert (found is None) == (expected is None), chunk
    assert sum(whole.match(c) is not None for c in chunks) >= 5
    doc = nlp.make_doc("Les droits-de-l'homme en Île-de-France et aux États-Unis")
    assert "droits-de-l'homme" in [t.text for t in doc]
