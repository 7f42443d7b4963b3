"""Organisations: EntityRuler fed from patterns/ and from the document's acronym definitions,
over spaCy's NER; checked on the golden report."""
from __future__ import annotations

import pytest

from extractor.core.records import Acronym
from extractor.extract import organisations

from helpers import load_expected

EXPECTED = load_expected("acronyms")["organisations"]


def key(org) -> str:
    return org.acronym or org.name


@pytest.fixture(scope="module")
def golden_orgs(golden_result):
    return {key(o): o for o in golden_result.organisations}


@pytest.mark.parametrize("name", EXPECTED["required"])
def test_golden_required_organisations(golden_orgs, name):
    assert name in golden_orgs


@pytest.mark.parametrize("name", EXPECTED["forbidden"])
def test_golden_not_organisations(golden_result, name):
    assert name not in {o.name for o in golden_result.organisations} | {o.acronym for o in golden_result.organisations}


def test_golden_precision(golden_orgs):
    assert set(golden_orgs) <= set(EXPECTED["required"]) | set(EXPECTED["optional"])
    assert len(golden_orgs) >= 15


def test_golden_long_and_short_forms_counted_together(golden_orgs, golden_result):
    cnaf = golden_orgs["Cnaf"]
    acronym = next(a for a in golden_result.acronyms if a.acronym == "Cnaf")
    assert cnaf.name == "Caisse nationale des Allocations familiales"
    assert cnaf.source == "glossary"
    # "Caisse nationale des Allocations familiales" is written out twice (p. 2, p. 20) and in
    # the glossary entry; every "Cnaf" is counted too
    assert cnaf.mentions == acronym.count + 3
    assert cnaf.pages[0] == 2 and 20 in cnaf.pages


def test_golden_rule_organisations(golden_orgs):
    assert (golden_orgs["Cour des comptes"].pages, golden_orgs["Cour des comptes"].source) == ([6, 8], "rules")
    assert golden_orgs["Restos du cœur"].pages == [7]
    assert golden_orgs["Assemblée nationale"].pages == [7]


def test_acronym_patterns_only_for_organisations():
    records = [Acronym("Cnaf", "Caisse nationale des Allocations familiales", "glossary", 2, 3, "organisation"),
               Acronym("Aah", "Allocation aux adultes handicapés", "glossary", 2, 3, "benefit")]
    patterns = organisations.acronym_patterns(records)
    assert {p["id"] for p in patterns} == {"acronym:cnaf"}
    assert {str(p["pattern"]) for p in patterns} == {
        str([{"TEXT": {"IN": ["CNAF", "Cnaf"]}}]), "Caisse nationale des Allocations familiales"}


def test_component_sets_doc_extension(nlp, golden_sdoc):
    doc = organisations.make_component(nlp, "extractor_organisations")(golden_sdoc)
    assert {"Cnaf", "Cour des comptes"} <= {key(o) for o in doc._.organisations}
