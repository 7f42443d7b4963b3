"""National bodies a report names by their acronym alone (``known_bodies`` of
``patterns/acronyms``): the acronym takes its long form from the lexicon and is the
organisation it names; a report's own definition wins; a web address does not make an
acronym a word."""
from __future__ import annotations

import pytest

from extractor.extract.acronyms import KNOWN_BODY, known_bodies
from extractor.pipeline import Config, process

from helpers import real_pdf


def _run(tmp_path, text: str):
    path = tmp_path / "rapport.txt"
    path.write_text(text, encoding="utf-8")
    return process(path, Config())


TEXT = ("Les chiffres de l'emploi sont ceux de l'INSEE (voir www.insee.fr). La CAF a versé les aides "
        "aux familles, et l'ANR a financé deux projets de l'équipe. Le GRIFEN (grifen.org) a suivi le chantier.")


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("bodies"), TEXT)


def test_an_undefined_national_body_takes_its_long_form(result):
    acronyms = {a.acronym: a for a in result.acronyms}
    insee = acronyms["INSEE"]
    assert insee.source == "undefined" and insee.rule == KNOWN_BODY
    assert insee.expansion == "Institut national de la statistique et des études économiques"
    assert insee.kind == "organisation"
    # "caf" is a word of the model's lexicon, and "insee" of the address: both are still acronyms
    assert acronyms["CAF"].expansion == "Caisse d'allocations familiales"
    # an acronym whose lower-case form is only in an address is one, and an unknown one has no long form
    assert acronyms["GRIFEN"].expansion is None and acronyms["GRIFEN"].rule != KNOWN_BODY


def test_a_known_body_is_an_organisation_linked_to_its_acronym(result):
    organisations = {o.acronym: o for o in result.organisations}
    assert organisations["ANR"].name == "Agence nationale de la recherche"
    assert organisations["ANR"].source == "lexicon"
    assert organisations["INSEE"].mentions == 1
    assert "GRIFEN" not in organisations


def test_the_report_s_own_definition_wins(tmp_path):
    text = ("L'Association nationale des retraités (ANR) a ouvert un guichet. "
            "L'ANR reçoit sur rendez-vous.")
    anr = next(a for a in _run(tmp_path, text).acronyms if a.acronym == "ANR")
    assert anr.source == "inline" and anr.expansion == "Association nationale des retraités"


def test_the_lexicon_is_keyed_by_folded_acronym():
    bodies = known_bodies()
    assert bodies["urssaf"].startswith("Union de recouvrement")
    assert all(key == key.lower() for key in bodies)


def test_bodies_of_a_real_report_named_by_their_acronyms():
    """A document on declaring employees names Insee, the Caf and the Urssaf without defining
    them: each is an organisation with its long form."""
    result = process(real_pdf("urssaf-ragllm-document.pdf"), Config())
    organisations = {o.acronym: o for o in result.organisations if o.source == "lexicon"}
    assert {"INSEE", "CAF", "Urssaf"} <= set(organisations)
    assert organisations["Urssaf"].name.startswith("Union de recouvrement des cotisations")
    assert organisations["INSEE"].mentions >= 30


def test_a_run_of_dotted_letters_is_read_in_its_length(tmp_path):
    """The addresses' pattern bounds each part and starts outside a word: 400,000 characters
    of "a.a.a" (a hostile text) are read at once, and the acronym after them still found."""
    result = _run(tmp_path, "Relevé : " + "a." * 200_000 + " La CAF a versé les aides.")
    assert "CAF" in {a.acronym for a in result.acronyms}
