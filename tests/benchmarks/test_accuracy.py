"""The real-corpus accuracy benchmark (``benchmarks/accuracy.py``): its scoring, the gold it
reads, and the ratchet that keeps every number at or above ``benchmarks/accuracy-floor.json``.
"""
from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
sys.modules["accuracy"] = accuracy  # dataclasses look their module up by name
_spec.loader.exec_module(accuracy)

GOLD_FILES = sorted((ROOT / "corpus" / "real").glob("*/expected.yaml"))
UNITS = {None, "EUR", "CAD", "USD", "CHF", "%", "point", "day", "month", "year", "hour", "minute",
         "week", "km", "m", "m2", "m3", "kg", "t", "l", "MWh", "kWh", "GWh", "tCO2e", "FTE", "XAF", "‰"}
APPROX = {None, "about", "more_than", "less_than", "up_to", "at_least"}
KINDS = {"statement", "key", "table", "chart"}


def gold(**kw) -> "accuracy.Gold":
    base = dict(name="doc", pdf=Path("doc.pdf"), figure_pages={1, 2})
    base.update(kw)
    return accuracy.Gold(**base)


def fig(value, unit=None, page=1, label="", raw=None):
    return {"value": value, "unit": unit, "page": page, "label": label, "raw": raw or str(value)}


# -- scoring ----------------------------------------------------------------------------------
def test_figures_match_by_page_value_and_unit():
    g = gold(figures=[
        {"page": 1, "value": 32700000, "unit": None, "label_words": ["personnes", "couvertes"]},
        {"page": 1, "value": 16.1e6, "unit": "EUR", "label_words": ["budget"]},
        {"page": 2, "value": 45, "unit": "%", "label_words": ["taux"]},
        {"page": 3, "value": 7, "unit": None, "label_words": []},  # not a figure page: not scored
    ])
    extracted = [
        fig(32700000.0, label="Personnes couvertes par la branche"),   # right, labelled
        fig(16100000.000000002, "EUR", label="dépenses"),              # right value (float noise), label wrong
        fig(45, None, page=2, label="taux"),                           # unit lost
        fig(12, page=2),                                               # not in the gold
        fig(7, page=3),                                                # off the figure pages
    ]
    counts = accuracy.score_figures(extracted, g)
    m = accuracy.metrics({**counts, **{f"{k}_{s}": 0 for k in ("glossary", "inline", "dates", "orgs", "tables")
                                       for s in ("matched", "extracted", "gold")}})
    assert counts["fig_extracted"] == 4 and counts["fig_gold"] == 3
    assert counts["fig_matched"] == 2 and counts["fig_labelled"] == 1
    assert m["fig_precision"] == 0.5 and m["fig_recall"] == pytest.approx(0.6667)
    assert m["unit_accuracy"] == pytest.approx(0.6667)  # 2 of the 3 value matches have their unit


def test_the_approximation_is_scored_where_the_gold_gives_one():
    g = gold(figures=[
        {"page": 1, "value": 20, "unit": None, "label_words": [], "approx": "about"},
        {"page": 1, "value": 30, "unit": None, "label_words": [], "approx": None},  # exact
        {"page": 1, "value": 40, "unit": None, "label_words": [], "approx": "more_than"},
        {"page": 1, "value": 50, "unit": None, "label_words": []},  # the gold says nothing
        {"page": 1, "value": 60, "unit": "%", "label_words": [], "approx": None},  # found with no unit
    ])
    extracted = [dict(fig(20), approx="about"), dict(fig(30), approx="about"), fig(40),
                 dict(fig(50), approx="up_to"), fig(60)]
    counts = accuracy.score_figures(extracted, g)
    assert (counts["approx_right"], counts["approx_pairs"]) == (1, 3)
    assert accuracy.metrics({**counts, **{f"{k}_{s}": 0 for k in ("glossary", "inline", "dates", "orgs", "tables")
                                          for s in ("matched", "extracted", "gold")}})["approx_accuracy"] \
        == pytest.approx(0.3333)


def test_reference_dates_as_of_year_and_publication():
    g = gold(year=2022, published="2023-07-27", figures=[
        {"page": 1, "value": 5, "unit": None, "label_words": ["abonnés"], "as_of": "2021-12-31"},
        {"page": 1, "value": 5, "unit": None, "label_words": ["abonnés"], "as_of": "2022-12-31"},
        {"page": 2, "value": 9, "unit": None, "label_words": [], "as_of": "2022"},
        {"page": 2, "value": 3, "unit": None, "label_words": []},  # no as_of: not counted
    ])
    extracted = [dict(fig(5, label="abonnés"), as_of="2022-12-31"), dict(fig(5, label="abonnés"), as_of="2021-12-31"),
                 dict(fig(9, page=2), as_of="2023"), dict(fig(3, page=2), as_of="2022")]
    counts = accuracy.score_reference_dates({"figures": extracted, "document": {"year": 2022, "published": None}}, g)
    # the two cells alike in value and label pair by date; 9 has the wrong year
    assert (counts["as_of_right"], counts["as_of_gold"]) == (2, 3)
    assert (counts["doc_year_right"], counts["doc_year_gold"]) == (1, 1)
    assert (counts["published_right"], counts["published_gold"]) == (0, 1)
    assert accuracy.score_reference_dates({"figures": []}, gold())["doc_year_gold"] == 0  # no gold year: not scored


def test_duplicate_values_pair_with_the_right_label_first():
    g = gold(figures=[{"page": 1, "value": 10, "unit": "%", "label_words": ["femmes"]},
                      {"page": 1, "value": 10, "unit": "%", "label_words": ["hommes"]}])
    counts = accuracy.score_figures([fig(10, "%", label="part des hommes"), fig(10, "%", label="part des femmes")], g)
    assert counts["fig_matched"] == 2 and counts["fig_labelled"] == 2


def test_negatives_hit_only_on_their_page_and_as_whole_numbers():
    g = gold(figure_pages={1, 2}, negatives=[
        {"page": 1, "text": "2020 - 2021", "reason": "column header"},
        {"page": 1, "text": "(1)", "reason": "footnote marker"},
        {"page": 2, "text": "2018", "reason": "year"},
    ])
    extracted = [fig(-2021.0, page=1, raw="- 2021"), fig(1, page=2, raw="1"), fig(18, page=2, raw="18")]
    counts = accuracy.score_figures(extracted, g)
    # -2021 is the header's 2021; "1" is on page 2, where the marker is not; "18" is not 2018
    assert counts["negatives_hit"] == 1


def test_numbers_in_reads_french_and_english_separators():
    assert {1234.5, 2020.0, 2021.0} <= accuracy.numbers_in("1 234,5 et 2020-2021")
    assert 16767.9 in accuracy.numbers_in("16 767,9")
    assert 1234.5 in accuracy.numbers_in("1,234.5")


def test_glossary_is_exact_up_to_case_accents_and_apostrophes():
    g = gold(glossary=[{"acronym": "ADP", "expansion": "Aéroports de Paris"},
                       {"acronym": "CNSA", "expansion": "Caisse nationale de solidarité pour l’autonomie"}])
    acronyms = [{"acronym": "ADP", "expansion": "Aeroports de  Paris", "source": "glossary"},
                {"acronym": "CNSA", "expansion": "Caisse nationale de solidarité pour l'autonomie AESN",
                 "source": "glossary"},
                {"acronym": "X", "expansion": "inline only", "source": "inline"}]
    assert accuracy.score_glossary(acronyms, g) == (1, 2, 2)


def test_dates_by_page_or_by_distinct_value():
    paged = gold(dates=[{"page": 1, "start": "2021-12-31", "end": "2021-12-31"}])
    got = [{"page": 1, "start": "2021-12-31", "end": "2021-12-31"}, {"page": 2, "start": "2021", "end": "2021"},
           {"page": 5, "start": "2020", "end": "2020"}]
    assert accuracy.score_dates(got, paged) == (1, 2, 1)  # page 5 is not a figure page
    whole = gold(dates=[{"start": "2021", "end": "2021"}, {"start": "2020", "end": "2020"}])
    assert accuracy.score_dates(got + got, whole) == (2, 3, 2)  # each distinct date once


def test_dates_of_a_timeline_page_count_where_the_gold_lists_them():
    """The gold holds the dated events of a timeline page that is not a figure page: the
    dates extracted there are scored, and only there."""
    g = gold(figure_pages={1}, dates=[{"page": 1, "start": "2021", "end": "2021"},
                                      {"page": 3, "start": "2013-05", "end": "2013-05", "event_words": ["startup"]}])
    got = [{"page": 3, "start": "2013-05", "end": "2013-05"}, {"page": 3, "start": "2015-05", "end": "2015-05"},
           {"page": 4, "start": "2016", "end": "2016"}]  # page 4: neither a figure nor a timeline page
    assert accuracy.score_dates(got, g) == (1, 2, 2)


def test_inline_definitions_each_where_the_text_gives_it():
    """Each in-text definition on its own page (``Acronym.definitions``): one acronym defined
    on a figure page and again, in other words, on another counts twice; a definition off the
    figure pages does not count, even when the acronym is first used on one."""
    g = gold(figure_pages={5, 11}, inline=[{"page": 5, "acronym": "ETP", "expansion": "équivalents temps plein"},
                                           {"page": 11, "acronym": "ETP", "expansion": "équivalent temps plein"}])
    etp = {"acronym": "ETP", "source": "inline", "page": 5, "expansion": "équivalents temps plein", "definitions": [
        {"source": "inline", "page": 5, "expansion": "équivalents temps plein"},
        {"source": "inline", "page": 11, "expansion": "équivalent temps plein"}]}
    rc = {"acronym": "RC", "source": "inline", "page": 5, "expansion": "Revenus courants",
          "definitions": [{"source": "inline", "page": 14, "expansion": "Revenus courants"}]}
    assert accuracy.score_inline([etp, rc], g) == (2, 2, 2)


def test_an_empty_gold_list_speaks_for_the_figure_pages_only():
    """No in-text definition on the figure pages: one given on page 14 is not scored."""
    g = gold(figure_pages={4, 7}, inline=[])
    rc = {"acronym": "RC", "source": "inline", "page": 14, "expansion": "Revenus courants",
          "definitions": [{"source": "inline", "page": 14, "expansion": "Revenus courants"}]}
    assert accuracy.score_inline([rc], g) == (0, 0, 0)
    rc["definitions"][0]["page"] = 4
    assert accuracy.score_inline([rc], g) == (0, 1, 0)


def test_a_definition_given_twice_counts_once_against_a_whole_document_gold():
    g = gold(inline=[{"acronym": "Cnaf", "expansion": "Caisse nationale des allocations familiales"}])
    cnaf = {"acronym": "Cnaf", "source": "glossary", "page": 20, "expansion": "Caisse nationale des Allocations familiales",
            "definitions": [{"source": "glossary", "page": 20, "expansion": "Caisse nationale des Allocations familiales"},
                            {"source": "inline", "page": 3, "expansion": "Caisse nationale des allocations familiales"},
                            {"source": "inline", "page": 9, "expansion": "Caisse nationale des allocations familiales"}]}
    assert accuracy.score_inline([cnaf], g) == (1, 1, 1)


def test_organisations_by_name_or_acronym():
    g = gold(organisations=[{"page": 1, "name": "Caisse nationale des allocations familiales", "acronym": "Cnaf"},
                            {"page": 2, "name": "Cour des comptes"}])
    orgs = [{"name": "CNAF", "acronym": None, "pages": [1]}, {"name": "Paris", "acronym": None, "pages": [2]},
            {"name": "Cour des comptes", "acronym": None, "pages": [9]}]
    assert accuracy.score_organisations(orgs, g) == (1, 2, 2)


def test_an_organisation_name_is_compared_without_its_leading_article():
    g = gold(organisations=[{"page": 1, "name": "Les Banques alimentaires du Québec"},
                            {"page": 1, "name": "Leclerc"}, {"page": 2, "name": "l'Agence de l'eau"}])
    orgs = [{"name": "Banques alimentaires du Québec", "acronym": None, "pages": [1]},
            {"name": "clerc", "acronym": None, "pages": [1]},  # "Le" of a word is no article
            {"name": "Agence de l’Eau", "acronym": None, "pages": [2]}]
    assert accuracy.score_organisations(orgs, g) == (2, 3, 3)


def test_table_cells_carry_their_row_and_column_headers():
    table = {"page": 4, "header_rows": 2, "row_header_cols": 1, "rows": [
        ["", "Montant", "Montant"], ["", "2019", "2018"], ["Ventes", "16 767,9", "16 555,4"], ["Marge", "", "3,1"]]}
    cells = accuracy.table_cells(table)
    # digit groups compared without their spaces (printed with a thin gap, or none, in the text layer)
    assert cells == [(4, "ventes", "montant / 2019", "16767,9"), (4, "ventes", "montant / 2018", "16555,4"),
                     (4, "marge", "montant / 2018", "3,1")]
    assert accuracy.table_cells({**table, "rows": [["", "m³"], ["Volume", "90951,38"]], "header_rows": 1}) == \
        accuracy.table_cells({**table, "rows": [["", "m3"], ["Volume", "90 951,38"]], "header_rows": 1})
    column_by_column = {"page": 4, "header_rows": 1, "row_header_cols": 1,
                        "rows": [["", "2019", "2018"], ["Ventes", "16 767,9", "3,1"], ["Marge", "16 555,4", ""]]}
    matched, got, wanted = accuracy.score_tables([column_by_column], gold(tables=[table]))
    assert matched == 0 and got == 3 and wanted == 3


def test_floor_is_a_floor_and_negatives_a_ceiling():
    report = {"documents": {"a": {"metrics": {"fig_recall": 0.5, "negatives_hit": 3, "table_cell_f1": None}}},
              "overall": {"metrics": {"fig_recall": 0.5, "negatives_hit": 3}}}
    assert accuracy.below_floor(report, {"a": {"fig_recall": 0.5, "negatives_hit": 3}}) == []
    assert accuracy.below_floor(report, {"a": {"fig_recall": 0.6}}) == ["a: fig_recall 0.5 (floor 0.6)"]
    assert accuracy.below_floor(report, {"OVERALL": {"negatives_hit": 2}}) == ["OVERALL: negatives_hit 3 (floor 2)"]
    assert accuracy.below_floor(report, {"a": {"table_cell_f1": 0.1}}) == ["a: table_cell_f1 None (floor 0.1)"]


# -- the gold itself -------------------------------------------------------------------------
def test_every_real_pdf_has_gold():
    names = {p.parent.name for p in GOLD_FILES}
    assert len(names) >= 15, f"gold for {len(names)} documents"
    if accuracy.REAL_DIR.is_dir():
        assert names == {p.stem for p in accuracy.REAL_DIR.glob("*.pdf")}


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_gold_file_is_well_formed(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["document"] == path.parent.name + ".pdf"
    assert data.get("read_by"), "say who read which pages"
    pages = set(data["figure_pages"])
    assert len(pages) >= 2
    for f in data.get("figures") or []:
        assert f["page"] in pages, f
        assert isinstance(f["value"], (int, float)) and math.isfinite(f["value"]), f
        assert f.get("unit") in UNITS or "/" in str(f.get("unit")), f
        assert f.get("approx") in APPROX, f
        assert f.get("kind") in KINDS, f
        assert f.get("label_words"), f"a figure without required label words: {f}"
    for n in data.get("negatives") or []:
        assert n["page"] in pages and str(n["text"]).strip() and n.get("reason"), n
    for entry in data.get("glossary") or []:
        assert str(entry["acronym"]).strip() and str(entry["expansion"]).strip(), entry
    for d in data.get("dates") or []:
        assert str(d["start"]) <= str(d["end"]) or len(str(d["start"])) != len(str(d["end"])), d
    for t in data.get("tables") or []:
        rows = t["rows"]
        assert len(rows) > t["header_rows"] >= 1 - (t["header_rows"] == 0), t.get("caption")
        assert len({len(r) for r in rows}) == 1, f"ragged table on page {t.get('page')}: {[len(r) for r in rows]}"


def test_gold_covers_what_the_issue_asks():
    """At least 45 figure pages and 12 tables over the corpus, glossaries in full."""
    data = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in GOLD_FILES]
    assert sum(len(d["figure_pages"]) for d in data) >= 45
    assert sum(len(d.get("tables") or []) for d in data) >= 12


# -- the ratchet ------------------------------------------------------------------------------
@pytest.mark.slow
def test_accuracy_never_falls_below_its_floor():
    if not accuracy.REAL_DIR.is_dir():
        pytest.skip(f"real-world corpus folder {accuracy.REAL_DIR} is absent")
    floor = json.loads(accuracy.FLOOR_FILE.read_text(encoding="utf-8"))
    report = accuracy.run(accuracy.discover())
    assert set(floor) - {"OVERALL"} <= set(report["documents"]), "a floored document lost its gold"
    assert accuracy.below_floor(report, floor) == []
