"""Layout invariance: the golden report re-laid out (one column, key figures as a value |
label table, timeline as a bulleted list, ``helpers.relayout``) keeps its key figures'
labels as on the golden PDF (43 of 43 there), and ``regress`` finds them as key figures."""
from __future__ import annotations

import pytest

from helpers import EXPECTED_DIR
from helpers.relayout import key_figures, relayout


def labelled(figures, expected: list[dict]) -> int:
    """How many ``expected`` key figures have a figure of their value and unit whose label
    holds all their label words (pages differ between layouts: not compared)."""
    found = 0
    for want in expected:
        tolerance = float(want.get("tolerance") or 0) + 1e-6 * abs(float(want["value"]))
        if any(abs(f.value - float(want["value"])) <= tolerance and f.unit == want["unit"]
               and all(w in f.label.lower() for w in want["label_words"]) for f in figures):
            found += 1
    return found


@pytest.fixture(scope="module")
def relayout_result(tmp_path_factory):
    from extractor import extract

    return extract(relayout(tmp_path_factory.mktemp("relayout") / "relayout.pdf"))


@pytest.mark.slow
def test_the_value_label_table_is_read_row_by_row(relayout_result):
    """Each value beside its label in the text ("13,5 millions allocataires"), never all the
    values, then all the labels."""
    figures = {f.value: f.label for f in relayout_result.figures}
    assert figures[13500000.0] == "allocataires"
    assert figures[35770.0] == "salariés"
    assert figures[131600000.0] == "courriers arrivés"
    assert figures[323700000.0] == "fraudes détectées : montant"


@pytest.mark.slow
def test_key_figures_keep_their_labels_in_a_value_label_table(relayout_result):
    """Every key figure with its whole label cell: "Allocations familiales (AF) : montant"
    (the acronym and the measure after the colon belong to the label), as on the golden
    PDF's cards (measured: 21 of 43 before the caption's rest was kept, 43 after)."""
    assert labelled(relayout_result.figures, key_figures()) == len(key_figures()) == 43


@pytest.mark.slow
def test_a_label_cell_keeps_its_acronym_and_measure(relayout_result):
    labels = {f.label for f in relayout_result.figures if f.value == 12700000000.0 and f.unit == "EUR"}
    assert "Allocations familiales (AF) : montant" in labels
    labels = {f.label for f in relayout_result.figures if f.value == 5600000000.0 and f.unit == "EUR"}
    assert "prestations versées : Fnas" in labels


@pytest.mark.slow
def test_regress_finds_every_key_figure_in_the_value_label_table(relayout_result):
    """The table's rows are key figures as the golden PDF's cards are: ``regress`` against the
    hand-written golden values misses none of the 43 (a row's block has the card role)."""
    from extractor.quality.regress import differences, regress

    rows = regress(relayout_result, EXPECTED_DIR)
    assert [r.label for r in differences(rows) if r.kind == "figure"] == []
    assert sum(r.kind == "figure" and r.status == "unchanged" for r in rows) == 43


@pytest.mark.slow
def test_regress_is_clean_against_the_hand_written_golden_values(relayout_result):
    """Every key figure and every timeline event: the bulleted timeline's entries ("• 14 JUIN :
    Convention ...") are timeline entries, their bullets read with them, not as a column of
    their own (before: 12 timeline events missing)."""
    from extractor.quality.regress import differences, regress

    rows = regress(relayout_result, EXPECTED_DIR)
    assert differences(rows) == []
    assert sum(r.kind == "date" and r.status == "unchanged" for r in rows) == 12


@pytest.mark.slow
def test_the_bulleted_timeline_gives_its_events(relayout_result):
    events = {d.start: d.event for d in relayout_result.dates if d.timeline}
    assert events["2019-06-14"].startswith("Convention de coopération entre la Cnaf et les Restos du cœur")
    assert events["2019-01-01"].startswith("Revalorisation exceptionnelle")


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="measured 13 missing dates of the 'extractor golden' set: 5 are in text the "
                   "re-layout does not print (the key-figure section keeps only value | label: no '(au 30 juin 2019)', "
                   "'(7,8 millions en 2018 …)', 'LES COMPTES 2019 CERTIFIÉS' box), 8 are in list items set one a "
                   "line, whose golden event is the golden PDF's list read as one sentence with its '›' bullets")
def test_regress_is_clean_against_the_golden_set(relayout_result):
    from extractor.quality.regress import differences, regress

    assert differences(regress(relayout_result, EXPECTED_DIR / "golden")) == []
