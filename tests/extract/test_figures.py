"""The figures extractor: corpus examples, negatives, and the golden report.

Expected values come from reading the report (corpus/cnaf-2019/expected/figures.yaml) and
from tests/extract/corpus/figures_fr.yaml; known misses are xfail(strict=True), so a fix is noticed.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.core.records import to_dict, validate
from extractor.extract.figures import extract, extract_text, make_component

from helpers import load_expected

CORPUS = yaml.safe_load((Path(__file__).parent / "corpus" / "figures_fr.yaml").read_text(encoding="utf-8"))
EXPECTED = load_expected("figures")


def _examples():
    for group, examples in CORPUS["figures"].items():
        for ex in examples:
            marks = [pytest.mark.xfail(reason=ex["xfail"], strict=True)] if "xfail" in ex else []
            yield pytest.param(ex, id=f"{group}: {ex['text'][:50]} -> {ex['value']}", marks=marks)


def _close(a: float, b: float, tolerance: float = 0) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=max(tolerance, 1e-9))


@pytest.mark.parametrize("ex", list(_examples()))
def test_corpus_example(ex):
    figures = extract_text(ex["text"], year=2019)
    match = [f for f in figures if _close(f.value, ex["value"]) and f.unit == ex.get("unit")]
    assert match, [(f.value, f.unit, f.label) for f in figures]
    f = match[0]
    assert f.approx == ex.get("approx")
    assert set(ex.get("label_words", [])) <= set(f.label.lower().split()), f.label
    assert not set(ex.get("label_excludes", [])) & set(f.label.lower().split()), f.label
    if "as_of" in ex:
        assert f.as_of == ex["as_of"]
    if "raw" in ex:
        assert f.raw == ex["raw"]
    if "previous" in ex:
        assert [(p.value, p.year) for p in f.previous] == [tuple(p) for p in ex["previous"]]


@pytest.mark.parametrize("text", CORPUS["negatives"])
def test_corpus_negative(text):
    assert [(f.raw, f.rule) for f in extract_text(text, year=2019)] == []


def test_as_of_defaults_to_report_year_never_the_clock():
    [figure] = extract_text("La branche compte 101 caisses.", year=2011)
    assert figure.as_of == "2011"
    [figure] = extract_text("La branche compte 101 caisses.")
    assert figure.as_of is None


def test_target_is_kept():
    [figure] = extract_text("> délai moyen : 13,4 jours (13,7 jours en 2018) - (Objectif Cog 2019 < 14 jours) ;",
                            year=2019)
    assert figure.target == {"value": 14.0, "op": "<", "year": 2019, "raw": "(Objectif Cog 2019 < 14 jours)"}


def test_every_record_names_its_rule():
    figures = extract_text("une vingtaine de délégations, sept commissions, 13,5 millions d'allocataires, "
                           "un quart des crèches", year=2019)
    assert [f.rule for f in figures] == ["vague_number", "number_word", "digits", "fraction"]


def test_component_sets_doc_extension(nlp):
    component = make_component(nlp, "extractor_figures")
    doc = nlp.make_doc("Le conseil s'appuie sur sept commissions et 35 membres.")
    doc.user_data["year"] = 2019
    doc = component(doc)
    assert [(f.value, f.label) for f in doc._.figures] == [(7.0, "commissions"), (35.0, "membres")]


# -- the golden report (the PDF through the whole pipeline) ------------------------------
def _expected(where: str):
    for e in EXPECTED["figures"]:
        if e["where"] != where:
            continue
        marks = [pytest.mark.xfail(reason=e["xfail"], strict=True)] if "xfail" in e else []
        yield pytest.param(e, id=f"p{e['page']} {e['label']} = {e['value']}", marks=marks)


def find(figures, e):
    return [f for f in figures if f.page == e["page"] and f.unit == e["unit"]
            and _close(f.value, e["value"], e.get("tolerance", 0))]


def check(figures, e):
    candidates = find(figures, e)
    assert candidates, f"no figure {e['value']} {e['unit']} on page {e['page']}"
    words = set(e["label_words"])
    labelled = [f for f in candidates if words <= set(f.label.lower().replace("'", " ").split())
                and not set(e.get("label_excludes", [])) & set(f.label.lower().split())]
    assert labelled, [f.label for f in candidates]
    f = labelled[0]
    assert f.approx == e["approx"]
    if "as_of" in e:
        assert f.as_of == e["as_of"]
    if "previous" in e:
        assert [(p.value, p.year) for p in f.previous] == [(float(p["value"]), p["year"]) for p in e["previous"]]
    if "target" in e:
        assert f.target is not None and (f.target["value"], f.target["op"]) == (e["target"]["value"], e["target"]["op"])
    assert f.bbox is not None and f.raw.strip() and f.context


@pytest.mark.parametrize("e", list(_expected("key_figures")))
def test_golden_key_figures(golden_result, e):
    check(golden_result.figures, e)


@pytest.mark.parametrize("e", list(_expected("text")))
def test_golden_running_text(golden_result, e):
    check(golden_result.figures, e)


@pytest.mark.parametrize("n", EXPECTED["negatives"], ids=lambda n: f"p{n['page']} {n['text']}: {n['reason']}")
def test_golden_negatives(golden_result, n):
    raws = [" ".join(f.raw.split()) for f in golden_result.figures if f.page == n["page"]]
    assert n["text"] not in raws


def test_golden_no_year_is_a_figure(golden_result):
    years = [f for f in golden_result.figures
             if f.unit is None and f.raw.isdigit() and len(f.raw) == 4 and 1900 <= f.value <= 2099]
    assert years == []


def test_golden_key_figure_pages_hold_only_cards(golden_result):
    """Pages 8-9 hold exactly the 43 figures of their cards (no stray year or previous value)."""
    on_cards = [f for f in golden_result.figures if f.page in (8, 9)]
    expected = [e for e in EXPECTED["figures"] if e["where"] == "key_figures"]
    assert len(on_cards) == len(expected)


def test_golden_records_follow_schema(golden_result):
    validate(golden_result.to_dict())
    assert all(to_dict(f)["rule"] for f in golden_result.figures)


def test_text_conversion_gives_the_same_cards(golden_text_document):
    """The markdown conversion interleaves paired cells; they are paired back."""
    figures = extract(golden_text_document, None, 2019)
    af = [f for f in figures if f.label.startswith("Allocations familiales (AF)")]
    assert [(f.value, f.unit, f.label) for f in af] == [
        (12_700_000_000.0, "EUR", "Allocations familiales (AF) : montant"),
        (4_900_000.0, None, "Allocations familiales (AF) : bénéficiaires"),
    ]


# -- key-figure cards (extractor.cards) ---------------------------------------------------
def test_cards_continue_into_the_card_to_their_right(golden_document):
    """Page 8 reads its grid of cards column by column; "dont" and "pour un montant de"
    continue on the card to the right, not on the next block."""
    from extractor.extract.figures.cards import join_cards

    joined = join_cards(golden_document)
    cards = [" ".join(joined.block_text(b).split()) for b in joined.blocks if b.role == "card"]
    assert "35 770 salariés dont 2 770 en Cdd" in cards
    assert "32,7 millions de personnes couvertes, dont 13,9 millions d'enfants" in cards
    assert "94,6 milliards d'euros de prestations versées, dont 5,6 milliards pour le Fnas" in cards
    assert "48 754 fraudes détectées pour un montant de 323,7 millions d'euros" in cards
    assert "5,6 milliards pour le Fnas" not in cards
    assert len(cards) == len([b for b in golden_document.blocks if b.role == "card"]) - 4


def test_joined_cards_keep_every_other_offset(golden_document):
    """The spaCy parse of the original text still applies outside the runs of cards."""
    from extractor.extract.figures.cards import join_cards

    joined = join_cards(golden_document)
    assert len(joined.text) == len(golden_document.text)
    first = min(b.start for b in golden_document.blocks if b.role == "card")
    last = max(b.end for b in golden_document.blocks if b.role == "card")
    assert joined.text[:first] == golden_document.text[:first]
    assert joined.text[last:] == golden_document.text[last:]
    fnas = joined.text.index("5,6 milliards pour le Fnas")
    assert joined.locate(fnas, fnas + 3)[0] == 8
    assert joined.section_at(fnas) == golden_document.section_at(golden_document.text.index("5,6 milliards"))


def test_joined_cards_read_the_decimal_mark_once(golden_document, monkeypatch):
    """The joined document holds the same numbers in another order: its decimal mark is the
    report's, read in one pass over the text for both (the comma, as its own text says too)."""
    import dataclasses

    from extractor.core import document as document_module
    from extractor.core.numbers import COMMA, decimal_mark
    from extractor.extract.figures.cards import join_cards

    fresh = dataclasses.replace(golden_document)  # nothing read yet
    passes = []
    monkeypatch.setattr(document_module, "decimal_mark", lambda text: passes.append(len(text)) or decimal_mark(text))
    joined = join_cards(fresh)
    assert joined is not fresh
    assert joined.decimal_mark() == fresh.decimal_mark() == decimal_mark(joined.text) == COMMA
    assert passes == [len(fresh.text)]


def test_text_conversion_has_no_cards_to_join(golden_text_document):
    from extractor.extract.figures.cards import join_cards

    assert join_cards(golden_text_document) is golden_text_document


def test_card_statements_on_the_golden_report(golden_result):
    by_raw = {" ".join(f.raw.split()): f for f in golden_result.figures if f.page in (8, 9)}
    assert by_raw["5,6 milliards"].label == "prestations versées pour le Fnas"
    assert by_raw["2 770"].label == "salariés en Cdd"
    assert by_raw["13,9 millions"].context == "32,7 millions de personnes couvertes, dont 13,9 millions d'enfants"
    assert by_raw["323,7 millions d'euros"].context.startswith("48 754 fraudes détectées")


def test_card_title_of_a_title_split_in_two_blocks(golden_result):
    """The PAJE box title is two heading blocks ("PRESTATION D'ACCUEIL DU JEUNE", "ENFANT (PAJE)")."""
    paje = [f.label for f in golden_result.figures if f.label.startswith("Prestation d'accueil")]
    assert paje == ["Prestation d'accueil du jeune enfant (PAJE) : montant",
                    "Prestation d'accueil du jeune enfant (PAJE) : bénéficiaires"]


def test_key_flag_marks_exactly_the_cards(golden_result):
    """`key` is set on the 43 card figures of pages 8-9 and on nothing else."""
    key = [f for f in golden_result.figures if f.key]
    assert len(key) == 43 and {f.page for f in key} == {8, 9}
    assert not any(f.key for f in golden_result.figures if f.page not in (8, 9))


def test_kind_says_where_each_figure_was_read(golden_result):
    """`kind` is `key` exactly on the cards, `table` exactly on table cells, else `statement`."""
    kinds = {f.kind for f in golden_result.figures}
    assert kinds <= {"statement", "key", "table"} and {"statement", "key"} <= kinds
    assert all((f.kind == "key") == f.key for f in golden_result.figures)
    assert all((f.kind == "table") == (f.rule == "table_cell") for f in golden_result.figures)


def _line(glyphs: list[tuple[str, float, float]]):
    """A one-page Document of one line: ``glyphs`` are (text, height, bottom), 5 pt per glyph."""
    from array import array

    from extractor.core.document import Block, Document

    text, page, x0s, tops, x1s, bottoms = "", array("i"), array("f"), array("f"), array("f"), array("f")
    for part, height, bottom in glyphs:
        for ch in part:
            page.append(1)
            x0s.append(5 * len(text)); x1s.append(5 * len(text) + 5)
            tops.append(bottom - height); bottoms.append(bottom)
            text += ch
    blocks = [Block(0, len(text), 1, (0, 0, 600, 800), 10.0, False)]
    return Document("<t>", text, 1, blocks, "pdf", char_page=page, char_x0=x0s, char_top=tops,
                    char_x1=x1s, char_bottom=bottoms)


def test_a_note_call_opening_its_line_is_not_a_figure():
    from extractor.extract.figures import candidates

    note = _line([("2", 6, 104), (" Étude réalisée sur 100 000 demandeurs d'emploi", 10, 110)])
    assert [note.text[q.start:q.end] for q in candidates(note)] == ["100 000"]
    count = _line([("12 communes ont signé", 10, 110)])
    assert [count.text[q.start:q.end] for q in candidates(count)] == ["12"]


def test_letter_spaced_text_keeps_only_lone_counts():
    """A text layer with a space after every glyph: numbers split into digits ("1 2", a year,
    a code) are not figures, a lone digit counting the spaced word after it is."""
    sentence = "En 2019-2020, le module M3301 a réuni 12 groupes et 3 modules avec les étudiants"
    assert [f.value for f in extract_text(sentence, year=2020)] == [12.0, 3.0]
    spaced = " ".join(sentence).replace("   ", " ")
    assert [f.value for f in extract_text(spaced, year=2020)] == [3.0]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1é ,") + ["\u00a0", "\n", "\t", "\x1c", "\x85", "\u2028",
                                                         "\u200b", "\u202f", "\u3000"]), max_size=60))
def test_letter_spaced_text_is_told_as_str_split_tells_words(text):
    """The one-glyph words are counted by a regex: the words are still those of ``str.split``."""
    from extractor.extract.figures.statements import _letter_spaced

    words = text.split()
    assert _letter_spaced(text) == (len(words) >= 12 and sum(len(w) == 1 for w in words) >= 0.8 * len(words))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("1a \n\r") + ["\u00a0", "\u202f", "2"]), max_size=12), st.data())
def test_a_cell_end_is_looked_for_where_it_can_start(text, data):
    """``_after_cell`` looks for ``_AFTER_CELL`` from the last character before the end that is not
    a space: what a search from the start of the text finds."""
    from extractor.extract.figures.statements import _AFTER_CELL, _after_cell

    end = data.draw(st.integers(0, len(text)))
    assert _after_cell(text, end) == bool(_AFTER_CELL.search(text, 0, end))


def test_chart_axis_ticks_are_not_figures():
    """Evenly spaced round values, each alone on its line, are a chart's axis; a lone key
    figure beside them stays."""
    axis = "\n\n".join(f"{v:,}".replace(",", " ") for v in range(90_000_000, -20_000_000, -10_000_000))
    text = f"Solde de fonctionnement\n\n{axis}\n\n1 290\n\nsalariés au 31 décembre"
    assert [f.value for f in extract_text(text, year=2022)] == [1290.0]
    few = "\n\n".join(["24", "36", "213"])
    assert sorted(f.value for f in extract_text(few, year=2022)) == [24.0, 36.0, 213.0]


def test_a_count_of_groups_of_a_printed_size_is_not_a_figure():
    """The groups' size in digits is the figure; the spelled count of groups is not."""
    figures = extract_text("Étude réalisée sur deux cohortes de 100 000 demandeurs d'emploi", year=2019)
    assert [f.value for f in figures] == [100000]
