"""The French number grammar (extractor.numbers): corpus examples and properties."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.core.numbers import COMMA, POINT, decimal_mark, find_quantities, parse_number

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "extract" / "corpus" / "figures_fr.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("text,value", CORPUS["numbers"], ids=[t for t, _ in CORPUS["numbers"]])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text", ["", "abc", "12 et 13", "2018-2022", "1er", "24h", "\U0001ccf0"])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


def test_units_and_scales():
    found = find_quantities("94,6 milliards d'euros, 87 %, 16 jours, 3 mois, 10 ans, 12 places")
    assert [(q.value, q.unit) for q in found] == [
        (94_600_000_000.0, "EUR"), (87.0, "%"), (16.0, "day"), (3.0, "month"), (10.0, "year"), (12.0, None)]


def test_interleaved_cells_are_paired():
    """Two key-figure cells flattened row by row by a text conversion."""
    found = find_quantities("12,7 4,9 milliards millions d'euros de bénéficiaires")
    assert [(q.value, q.unit, q.rule) for q in found] == [
        (12_700_000_000.0, "EUR", "paired_cells"), (4_900_000.0, None, "paired_cells")]


def french(value: float, decimals: int, sep: str) -> str:
    text = f"{abs(value):,.{decimals}f}".replace(",", sep).replace(".", ",")
    return ("- " if value < 0 else "") + text


@settings(max_examples=200, deadline=None)
@given(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=3),
    st.sampled_from([" ", "\u00a0", "\u202f"]),
)
def test_french_format_round_trips(value, decimals, sep):
    text = french(value, decimals, sep)
    expected = float(f"{value:.{decimals}f}")
    if expected == 0:
        expected = 0.0  # "- 0,0" is not a number anyone writes
        text = text.lstrip("- ")
    assert parse_number(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises(text):
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)


def test_number_words_match_case_insensitively_without_raising():
    """The case-insensitive patterns also match a long s ("ſix") and capitals ("SEPT"): the
    word table is read with the case-folded word (this raised KeyError)."""
    from extractor.core.numbers import find_quantities

    found = find_quantities("ſix communes et SEPT caisses")
    assert [(q.value, q.rule) for q in found] == [(6.0, "number_word"), (7.0, "number_word")]


@pytest.mark.parametrize("text, mark", [
    ("Un taux de 12,5 % et 3,75 % ; 1.2 Universitaire, 1.3 Emploi", COMMA),  # a lone "1.2" proves nothing
    ("Un taux de 1.5% puis 1.4%, 2.5 ans", POINT),
    ("Total 1'234.50 et 12'000.00", POINT),
    ("Total 1,234.50 et 12,000.00", POINT),
    ("1.1 Introduction 1.2 Méthode", None),  # neither proven
    ("des milliers notés 6.000", None),
    ("Un taux de 1.5% ; 12,5 et 3,75 et 4,2", COMMA),
])
def test_decimal_mark_is_read_from_the_numbers_printed(text, mark):
    assert decimal_mark(text) == mark


@pytest.mark.parametrize("text, value", [
    ("73.5", 73.5), ("-2.5", -2.5), ("1.0", 1.0), ("1'234.50", 1234.5), ("1’234", 1234), ("1,234.50", 1234.5),
    ("64 712 318", 64712318), ("12.1 millions", 12100000),
])
def test_numbers_under_the_decimal_point(text, value):
    assert parse_number(text, POINT) == pytest.approx(value)


@pytest.mark.parametrize("text, value", [
    ("6.000", 6000), ("40.000", 40000), ("1.234.567", 1234567), ("1.234,50", 1234.5), ("73.5", None),
    ("7.2", None), ("192.168.1.1", None),
])
def test_numbers_under_the_decimal_comma(text, value):
    """Under the comma, three digits after a point group thousands; one or two stay unread."""
    assert parse_number(text, COMMA) == (None if value is None else pytest.approx(value))


@pytest.mark.parametrize("text", ["6.000", "73.5", "1'234.50"])
def test_an_unproven_mark_reads_neither(text):
    assert parse_number(text) is None


# -- masks run over the runs of non-space characters that hold their screen ----------------------
def _masks_with_screens():
    from extractor.core.numbers import grammar

    screened = [(pattern, holds) for pattern, holds in grammar().masks if holds is not None]
    assert screened, "the URL mask has a screen (patterns/figures/fr.yaml: masks)"
    return screened


def _both(text: str) -> list[tuple[str, str]]:
    from extractor.core.numbers import _blank, _mask_runs

    return [(pattern.sub(_blank, text), _mask_runs(text, pattern, holds)) for pattern, holds in _masks_with_screens()]


@pytest.mark.parametrize("text", [
    "", "sans lien", "www.caf.fr", "voir www.caf.fr.", "(https://caf.fr/aides)2 et 12 %", "WWW.CAF.FR et Caf.Fr",
    "mon-compte.caf.fr,http://x.org/a b.gouv.fr", "3.fr 4.com\u00a0www.a.org\u202fhttp://b", "a.frites caf.fr2",
    "x\nhttps://a.b/c\ty.com\r\nz.org", "https://", ".fr", "-.fr", "é.fr-à.com", "httpſ://caf.fr",
])
def test_a_screened_mask_blanks_what_the_whole_pattern_blanks(text):
    for whole, screened in _both(text):
        assert screened == whole
    assert "_" in _both("voir www.caf.fr")[0][1]  # the mask does blank


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["www.", "http://", "https://", ".fr", ".com", ".org", ".gouv", "caf", "-", "_",
                                 "/", " ", "\u00a0", "\n", "2", ",", "(", "é", "FR", "Www."]), max_size=14).map("".join))
def test_a_screened_mask_agrees_with_the_whole_pattern_on_any_text(text):
    for whole, screened in _both(text):
        assert screened == whole


def test_a_screened_mask_agrees_with_the_whole_pattern_on_the_golden_report():
    from helpers import GOLDEN_TXT

    text = GOLDEN_TXT.read_text(encoding="utf-8")
    for whole, screened in _both(text):
        assert screened == whole and whole != text


@pytest.mark.parametrize("text, raw, approx", [
    ("65+ familles ont reçu un bon", "65+", "at_least"),
    ("plus de 10 000+ visiteurs", "10 000+", "at_least"),
    # a plus sign before a digit is a sum; one with no noun after it says nothing
    ("le calcul 5+3 donne 8", "5", None),
    ("score : 12+", "12", None),
])
def test_a_plus_glued_after_a_count_says_or_more(text, raw, approx):
    found = {text[q.start:q.end]: q for q in find_quantities(text)}
    assert raw in found and found[raw].approx == approx, found
