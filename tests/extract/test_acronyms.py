"""Acronyms: the French-aware letter matching (pure functions, a corpus of surface forms and a
negative list), glossary sections, undefined acronyms, and the golden report."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractor.core.text import fold
from extractor.extract import acronyms
from extractor.layout import read
from extractor.layout.markdown import read_text

from helpers import ROOT, load_expected, real_pdf

CORPUS = yaml.safe_load((Path(__file__).parent / "corpus" / "acronyms_fr.yaml").read_text(encoding="utf-8"))
EXPECTED = load_expected("acronyms")


def definitions_of(text: str) -> set[tuple[str, str]]:
    return {(d.acronym, d.expansion) for d in acronyms.inline_definitions(text)}


# -- corpus ----------------------------------------------------------------------------------
@pytest.mark.parametrize("case", [c for group, cases in CORPUS["definitions"].items() if group != "negative"
                                  for c in cases], ids=lambda c: c["acronym"])
def test_definition_corpus(case):
    assert (case["acronym"], case["expansion"]) in definitions_of(case["text"])


@pytest.mark.parametrize("text", CORPUS["definitions"]["negative"])
def test_definition_negatives(text):
    assert definitions_of(text) == set()


@pytest.mark.parametrize("case", CORPUS["undefined"]["cnaf-2019"], ids=lambda c: c["text"][:30])
def test_undefined_corpus(case, nlp):
    assert [form for form, _ in acronyms.undefined_tokens(case["text"], set()).values()] == case["acronyms"]


@pytest.mark.parametrize("text", CORPUS["undefined"]["negative"])
def test_undefined_negatives(text, nlp):
    assert acronyms.undefined_tokens(text, set()) == {}


# -- pure functions --------------------------------------------------------------------------
def test_a_list_entry_that_does_not_spell_its_long_form_needs_two_siblings_that_do():
    one = "- FRAT : Fédération Régionale des Ateliers Textiles\n- CIREF : Centre International de Recherches en Formation"
    assert {a for a, _ in definitions_of(one)} == {"FRAT"}
    # an entry whose long form does not open with the acronym's first letter is no entry
    two = one + "\n- URA : Union des Réseaux Associatifs\n- XYZ : une autre entrée du répertoire"
    assert {a for a, _ in definitions_of(two)} == {"FRAT", "CIREF", "URA"}


def test_align_prefers_the_complete_long_form_to_the_shortest():
    # Schwartz & Hearst's shortest form would be "aux adultes handicapés"
    ws = acronyms.words("de l'allocation aux adultes handicapés")
    hit = acronyms.best_long_form("aah", ws, len(ws) - 1)
    assert " ".join(w.text for w in ws[hit.start : hit.end + 1]) == "allocation aux adultes handicapés"


def test_align_takes_letters_from_inside_words_and_compound_parts():
    ws = acronyms.words("Département d'Outre-mer")
    assert acronyms.align("dom", ws, 0, len(ws) - 1).inside == 0
    ws = acronyms.words("État au service d'une société de confiance")
    assert acronyms.align("essoc", ws, 0, len(ws) - 1).inside == 1


def test_same_expansion_ignores_case_accents_and_plural():
    assert acronyms.same_expansion("caisses communes de Sécurité sociale", "Caisse commune de sécurité sociale")
    assert not acronyms.same_expansion("Agence de recouvrement", "Agence nationale de recouvrement")


WORD = st.text(alphabet="bcdfghjmnprstvz", min_size=1, max_size=3).map(lambda s: s + "ation")


@settings(max_examples=200, deadline=None)
@given(st.lists(WORD, min_size=2, max_size=6))
def test_initials_always_give_the_whole_long_form(long_words):
    long = " ".join(long_words)
    acronym = "".join(w[0] for w in long_words).title()
    assert (acronym, long) in definitions_of(f"selon la {long} ({acronym}) en 2019")


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=40))
@example("\u0345")  # the iota subscript, a combining mark whose capital is the letter "Ι"
def test_fold_is_idempotent_and_same_expansion_reflexive(text):
    assert acronyms.fold(acronyms.fold(text)) == acronyms.fold(text)
    assert acronyms.same_expansion(text, text.upper())


def test_glossary_section_of_a_text_report():
    document = read_text("g.md", raw="# Rapport\n\nLa Cnaf paie.\n\n## Sigles\n\n**Cnaf** : Caisse nationale\n"
                                      "des Allocations familiales\n\nAah – Allocation aux adultes handicapés\n\n"
                                      "## Annexe\n\nXyz : pas une entrée\n")
    found = [(d.acronym, d.expansion) for s in acronyms.glossary_spans(document)
             for d in acronyms.glossary_entries(document, s)]
    assert found == [("Cnaf", "Caisse nationale des Allocations familiales"),
                     ("Aah", "Allocation aux adultes handicapés")]


def test_glossary_heading_may_carry_an_annex_number():
    document = read_text("g.md", raw="# Rapport\n\nTexte.\n\n## Annexe 2 - Liste des abréviations\n\n"
                                      "PLF : Projet de loi de finances\n")
    found = [(d.acronym, d.expansion) for s in acronyms.glossary_spans(document)
             for d in acronyms.glossary_entries(document, s)]
    assert found == [("PLF", "Projet de loi de finances")]


def test_legend_without_heading_two_entries_a_line():
    document = read_text("l.md", raw="# Rapport\n\nLe tableau.\n\n(*) AM : Assurance Maladie CSG : Contribution "
                                      "Sociale Généralisée\nVT : Versement Transport\n\nNote : Voir plus haut.\n")
    found = [(d.acronym, d.expansion) for d in acronyms.legend_entries(document)]
    assert found == [("AM", "Assurance Maladie"), ("CSG", "Contribution Sociale Généralisée"),
                     ("VT", "Versement Transport")]


@pytest.mark.parametrize("text", [
    "PS : Voir la note.\n",                       # one entry is not a list
    "AM : Assurance Maladie\nRésultat : Positif\n",  # a line that opens with prose
    "AM : Assurance Maladie\nCSG : Budget total\n",   # expansion not opening with the sigle's letter
])
def test_legend_negatives(text):
    document = read_text("n.md", raw=f"# Rapport\n\n{text}")
    assert acronyms.legend_entries(document) == []


def _real_glossary(name: str, page: int) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """What the reader finds as glossary entries on one page of a real PDF, and the gold."""
    document = read(real_pdf(f"{name}.pdf"), pages=(page, page))
    got = {(fold(a.acronym), fold(a.expansion or "")) for a in acronyms.extract(document) if a.source == "glossary"}
    gold = yaml.safe_load((ROOT / "corpus" / "real" / name / "expected.yaml").read_text(encoding="utf-8"))
    return got, {(fold(g["acronym"]), fold(g["expansion"])) for g in gold["glossary"] if g["page"] == page}


@pytest.mark.parametrize("name,page,layout", [
    ("betagouv-bilan-2023", 37, "two columns under 'Annexe - Liste des abréviations'"),
    ("urssaf-ragllm-document", 3, "a table's legend, no heading, two entries a line"),
])
def test_real_glossary_read_exactly(name, page, layout):
    got, gold = _real_glossary(name, page)
    assert len(gold) >= 11
    assert got == gold, layout


# -- golden report ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def golden_inline(golden_document):
    spans = acronyms.glossary_spans(golden_document)
    starts = frozenset(b.start for b in golden_document.blocks)
    return acronyms.inline_definitions(golden_document.text, spans, starts)


@pytest.fixture(scope="module")
def golden_records(golden_result):
    return {r.acronym: r for r in golden_result.acronyms}


def test_golden_glossary_read_exactly(golden_document):
    spans = acronyms.glossary_spans(golden_document)
    assert len(spans) == 1
    entries = acronyms.glossary_entries(golden_document, spans[0])
    assert {d.acronym: d.expansion for d in entries} == EXPECTED["glossary"]
    assert len(entries) == 46


KNOWN = EXPECTED["known_misses"]


@pytest.mark.parametrize("acronym,expansion", [
    pytest.param(a, e, marks=pytest.mark.xfail(strict=True, reason=KNOWN[a]["reason"]) if a in KNOWN else ())
    for a, e in {**EXPECTED["inline"], **EXPECTED["implicit_head"]}.items()])
def test_golden_inline_definitions(golden_inline, acronym, expansion):
    assert (acronym, expansion) in {(d.acronym, d.expansion) for d in golden_inline}


@pytest.mark.parametrize("acronym", ["Reif", "Esip"])
def test_golden_unmatchable_definitions_are_known_misses(golden_inline, acronym):
    assert acronym not in {d.acronym for d in golden_inline}


def test_golden_inline_precision(golden_inline):
    expected = {**EXPECTED["inline"], **EXPECTED["implicit_head"]}
    wrong = {(d.acronym, d.expansion) for d in golden_inline if expected.get(d.acronym) != d.expansion}
    assert wrong == set()


def test_golden_aiss_is_found_in_the_text_conversion(golden_text_document):
    assert ("Aiss", EXPECTED["inline"]["Aiss"]) in definitions_of(golden_text_document.text)


@pytest.mark.parametrize("acronym,where", [
    pytest.param(a, w, marks=pytest.mark.xfail(strict=True, reason="title case with vowels")
                 if a in ("Cej", "Acoss") else ())
    for a, w in EXPECTED["undefined"].items()])
def test_golden_undefined(golden_records, acronym, where):
    record = golden_records[acronym]
    assert (record.source, record.expansion, record.count, record.page) == ("undefined", None, where["count"], where["page"])


def test_golden_undefined_precision(golden_records):
    assert {a for a, r in golden_records.items() if r.source == "undefined"} <= set(EXPECTED["undefined"])


def test_golden_one_record_per_acronym(golden_records):
    assert "AF" not in golden_records and "AAH" not in golden_records
    af = golden_records["Af"]
    assert (af.source, af.expansion, af.page, af.rule) == ("glossary", "Allocations familiales", 8, "glossary_entry")
    assert golden_records["Cnaf"].page == 2
    inline_only = {a for a, r in golden_records.items() if r.source == "inline"}
    assert inline_only == {"Pch", "Qpv", "Ida", "Cpll", "Cas", "Cagqs", "Cic", "Crp", "Cri"}


def test_golden_disagreements(golden_records):
    assert {a for a, r in golden_records.items() if r.inline_expansion} == set(EXPECTED["disagreements"])
    assert golden_records["Cf"].inline_expansion == "commission financement"


@pytest.mark.parametrize("kind,names", EXPECTED["kinds"].items())
def test_golden_kinds(golden_records, kind, names):
    assert {n: golden_records[n].kind for n in names} == {n: kind for n in names}


def test_component_sets_doc_extension(nlp, golden_sdoc):
    component = acronyms.make_component(nlp, "extractor_acronyms")
    doc = component(golden_sdoc)
    assert {a.acronym for a in doc._.acronyms} >= {"Cnaf", "Cdd", "Qpv"}


def test_golden_every_in_text_definition_stays_visible(golden_records, golden_inline, golden_document):
    """An acronym the glossary defines keeps its in-text definitions too (issue 22, item 8):
    every definition the detector finds is listed on its record, with its page."""
    listed = sorted((a, d["expansion"], d["page"]) for a, r in golden_records.items()
                    for d in r.definitions if d["source"] == "inline")
    found = sorted((next(a for a in golden_records if fold(a) == fold(d.acronym)),
                    d.expansion, golden_document.page_at(d.start)) for d in golden_inline)
    assert listed == found and len(listed) > 30
    cf = golden_records["Cf"]
    assert (cf.source, cf.expansion) == ("glossary", "Complément familial")
    assert [(d["source"], d["page"], d["expansion"]) for d in cf.definitions] == [
        ("inline", 6, "commission financement"), ("glossary", 20, "Complément familial")]
    assert [d["source"] for d in golden_records["Caf"].definitions] == ["glossary"]
    assert all(not r.definitions for r in golden_records.values() if r.source == "undefined")


@pytest.mark.parametrize("expansion,kind", [
    ("Fonds national d'action sociale", "organisation"),  # a national fund is a body
    ("Fonds d'accélération des Startups d'État et de Territoires", "programme"),  # a fund is financing
    ("Direction interministérielle du numérique", "organisation"),
    ("Projet de loi de finances", "law"),
    # bodies' heads beyond the agencies and councils
    ("Syndicat national des établissements", "organisation"),
    ("Mission nationale d'appui à l'investissement", "organisation"),
    ("École nationale supérieure de Sécurité sociale", "organisation"),
    ("Collectif France emploi accompagné", "organisation"),
    ("Délégation de service public", None),  # a contract as often as a body
    # heads that name a body only with a scope adjective
    ("Délégation générale à l'emploi et à la formation professionnelle", "organisation"),
    ("Groupe intergouvernemental sur l'évolution du climat", "organisation"),
    ("Groupe d'entraide mutuelle", None),
    ("Réseau francophone des villes amies des aînés", "organisation"),
])
def test_kind_of_reads_two_word_heads_first(expansion, kind):
    assert acronyms.kind_of(expansion) == kind
