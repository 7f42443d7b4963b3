"""Organisations named by a head word (extract/named_organisations.py): the shape of a name,
where it ends, what is a kind of body and not a name; on real pages, names read from the
rendered pages (the real-corpus gold) and the pipeline's records."""
from __future__ import annotations

import pytest

from extractor.core import rules
from extractor.extract import named_organisations, organisations

from helpers import real_pdf

FOUND = [
    # head, scope adjective, complement
    ("10 ateliers avec la Fondation canadienne des femmes, portant sur la violence",
     ["Fondation canadienne des femmes"]),
    # the name ends where the sentence goes on: a verb, "pour", a number
    ("La Fondation Trillium a versé 20 000 $ pour le projet.", ["Fondation Trillium"]),
    ("grâce à la Fondation Trillium pour le projet", ["Fondation Trillium"]),
    ("la subvention de la Fondation Trillium de 10 000 $", ["Fondation Trillium"]),
    # a proper word after a connector; capitals as printed
    ("Nom de la collectivité : Commune de JONS", ["Commune de JONS"]),
    ("Coalition des Noirs francophones de l'Ontario", ["Coalition des Noirs francophones de l'Ontario"]),
    # a proper word with its article
    ("Centre communautaire Le Griffon", ["Centre communautaire Le Griffon"]),
    # a heading in capitals goes on over its line break after a connector
    ("ANALYSE PAR L'UNION DES\nCommunes VAUDOISES", ["UNION DES Communes VAUDOISES"]),
    # heads in lower case, with a proper word after a connector or an adjective
    ("avec l'université d'Orléans et le conseil régional Centre-Val de Loire",
     ["université d'Orléans", "conseil régional Centre-Val de Loire"]),
    ("la caisse de l'Ariège", ["caisse de l'Ariège"]),
    # a scope adjective; no participle: "prévoyant" is the sentence's
    ("la Direction générale des Finances publiques prévoyant", ["Direction générale des Finances publiques"]),
    ("Fondation franco-ontarienne", ["Fondation franco-ontarienne"]),
    # adjectives in pairs
    ("sous l'égide du ministère de la Transition écologique et solidaire. Ces fiches",
     ["ministère de la Transition écologique et solidaire"]),
    # a head that names a body only with a scope adjective or a proper word right after it
    ("réalisé par l'Organisation internationale du travail montre", ["Organisation internationale du travail"]),
    ("selon l'Organisation mondiale de la santé, la", ["Organisation mondiale de la santé"]),
    ("la part du Groupe Jean Dupont", ["Groupe Jean Dupont"]),
    # a proper name right after its head ends with its proper words and proper complements
    ("la part de Groupe Jean Dupont du chiffre d'affaires de l'exercice", ["Groupe Jean Dupont"]),
    ("Fondation Trillium de l'Ontario pour le projet", ["Fondation Trillium de l'Ontario"]),
]

NOT_NAMES = [
    "Centre de formation",  # a kind of body: common words only
    "École primaire",
    "Conseil d'administration du 12 mars",
    "le code commune INSEE",  # a lower-case head right before another name
    "DIRECTION DE LA CNAF",  # a heading in capitals: no word in mixed case
    "Union",  # a head alone
    "au centre de Lyon",  # "centre" in lower case is a place's
    "la direction de l'Agence",
    # heads that name a body only with a scope adjective or a proper word right after them
    "l'Organisation des ateliers",
    "Organisation des Journées Portes Ouvertes",
    "un Groupe de travail national",
    "la Délégation de service public",
    "le Réseau d'écoute des parents",
    # an adjective of a territory and common words: one in every region, every commune
    "l'Agence régionale de santé a validé",
    "le Centre communal d'action sociale",
    "Union départementale des associations familiales",
]


@pytest.mark.parametrize("text, names", FOUND)
def test_names_found_where_they_end(text, names):
    assert [n.name for n in named_organisations.named_spans(text)] == names


@pytest.mark.parametrize("text", NOT_NAMES)
def test_kinds_of_body_are_not_names(text):
    assert named_organisations.named_spans(text) == []


@pytest.mark.parametrize("long_form, kind", [
    ("Agence régionale de santé", True),
    ("Union départementale des associations familiales", True),
    ("Centre local d'information et de coordination", True),
    ("Centre communal d'action sociale", True),
    ("Conseil régional d'Occitanie", False),  # the territory is named
    ("Agence nationale de l'habitat", False),  # there is one
    ("Caisse commune de Sécurité sociale", False),  # "commune", not "communal"
    ("Caisse d'allocations familiales", False),  # no adjective to tell: left as a body
    ("Agence", False),
])
def test_names_a_kind_of_body(long_form, kind):
    assert named_organisations.names_a_kind(long_form) is kind


def test_a_glossary_kind_of_body_is_not_an_organisation(nlp):
    """A glossary's "ARS Agence régionale de santé" is an acronym of the organisation kind,
    but no Organisation record: it names one agency of each region; "UNAF Union nationale
    des associations familiales" names one body."""
    from extractor.core.records import Acronym

    defined = [Acronym(acronym=a, expansion=e, source="glossary", kind="organisation", count=1, page=1)
               for a, e in [("ARS", "Agence régionale de santé"),
                            ("UNAF", "Union nationale des associations familiales")]]
    patterns = organisations.acronym_patterns(defined)
    assert {p["id"] for p in patterns} == {"acronym:unaf"}


@pytest.mark.parametrize("text, names", [
    ("METRO INC. est un chef de file", ["METRO INC."]),
    ("la société Acme Inc. et Pro Doc Ltée, filiales", ["Acme Inc.", "Pro Doc Ltée"]),
    ("avec Le Groupe Dupont inc. et Dupont et Fils SARL.", ["Groupe Dupont inc.", "Dupont et Fils SARL"]),
    # a list of companies: a legal form is not a word of the next name
    ("Pro Doc Ltée Centre Information XY Ltée", ["Pro Doc Ltée", "Centre Information XY Ltée"]),
    ("sa société, SA ou SARL", []),  # a form without a name
])
def test_companies_named_by_their_legal_form(text, names):
    assert [n.name for n in named_organisations.company_names(text)] == names


def test_one_record_for_every_spelling_of_a_name(nlp):
    """A name printed in capitals or not ("Fondation Dupont", "FONDATION Dupont") is one
    organisation, named as first printed; a company's name with its form wins over the head
    word's shorter name."""
    from extractor.core.document import Block, Document
    from extractor.nlp import make_doc

    text = ("La Fondation Trillium aide le Groupe Dupont Inc. depuis 2019. "
            "La FONDATION Trillium verse 20 000 euros au Groupe Dupont Inc. chaque année.")
    block = Block(start=0, end=len(text), page=None, bbox=None, size=0.0, bold=False)
    document = Document(path="<t>", text=text, pages=1, blocks=[block], source="text")
    found = {(o.name, o.mentions) for o in organisations.extract(document, make_doc(document, nlp), [])}
    assert found == {("Fondation Trillium", 2), ("Groupe Dupont Inc.", 2)}


def test_offsets_are_the_names_in_the_text():
    text = "Un partenariat avec la Métropole de Lyon et la Commune de JONS."
    assert [text[n.start:n.end] for n in named_organisations.named_spans(text)] == ["Métropole de Lyon",
                                                                                  "Commune de JONS"]


def test_lower_case_heads_are_heads():
    conf = rules.load("organisations")["named"]
    assert set(conf["lower_case_heads"]) <= named_organisations.head_words()


def test_tried_at_head_tokens_only_the_same_names(golden_document, golden_sdoc):
    """Tried only where a head token starts (as the pipeline does), the names are those of a
    scan of the whole text."""
    text = golden_document.text
    everywhere = named_organisations.named_spans(text)
    assert everywhere  # the golden report has such names ("Direction de la Cnaf"…)
    assert named_organisations.named_spans(text, organisations._head_starts(golden_sdoc)) == everywhere


# names read from the rendered pages (corpus/real/<name>/expected.yaml), on pages where no
# acronym, rule or NER entity names them
REAL = [
    ("rpqs_jons_assainissement_2022.pdf", 4, "Commune de JONS"),
    ("rpqs_jons_assainissement_2022.pdf", 5, "Métropole de Lyon"),
    ("sofifran-rapport-annuel-2022-2023.pdf", 7, "Fondation canadienne des femmes"),
    ("sofifran-rapport-annuel-2022-2023.pdf", 7, "Fondation Trillium"),
    ("sofifran-rapport-annuel-2022-2023.pdf", 6, "Coalition des Noirs francophones de l'Ontario"),
    ("pole_emploi_rapport_rso_2017.pdf", 11, "université d'Orléans"),
    ("pole_emploi_rapport_rso_2017.pdf", 7, "Organisation internationale du travail"),
    ("metro-rapport-annuel-2021.pdf", 2, "METRO INC."),  # by its legal form
    # longer than the ministries' token rule's match ("ministère de la Transition")
    ("pole_emploi_rapport_rso_2017.pdf", 11, "ministère de la Transition écologique et solidaire"),
]


@pytest.mark.parametrize("name, page, organisation", REAL)
def test_real_pages_organisations(nlp, name, page, organisation):
    from extractor.layout import read
    from extractor.nlp import make_doc

    document = read(real_pdf(name), pages=(page, page))
    found = organisations.extract(document, make_doc(document, nlp), [])
    assert organisation in {" ".join(o.name.replace("’", "'").split()) for o in found}


def test_a_name_an_acronym_already_gives_is_not_a_second_organisation(nlp):
    """The long form of a defined acronym is that acronym's organisation; a name found by
    its head word elsewhere in the sentence is one of its own."""
    from extractor.core.document import Block, Document
    from extractor.extract import acronyms
    from extractor.nlp import make_doc

    text = ("La Caisse nationale des allocations familiales (Cnaf) soutient la Fondation Trillium. "
            "La Cnaf verse 20 000 euros.")
    block = Block(start=0, end=len(text), page=None, bbox=None, size=0.0, bold=False)
    document = Document(path="<t>", text=text, pages=1, blocks=[block], source="text")
    sdoc = make_doc(document, nlp)
    found = {(o.name, o.acronym, o.mentions) for o in organisations.extract(document, sdoc, acronyms.extract(document, sdoc))}
    # the long form, "(Cnaf)" and "La Cnaf": three mentions of one organisation
    assert found == {("Caisse nationale des allocations familiales", "Cnaf", 3), ("Fondation Trillium", None, 1)}


def test_overlap_with_spans_in_text_order():
    spans = [(0, 5), (10, 20), (30, 31)]
    assert [organisations._overlaps(a, b, spans) for a, b in [(5, 10), (4, 6), (19, 25), (20, 30), (29, 31), (31, 40)]] \
        == [False, True, True, False, True, False]
    assert not organisations._overlaps(1, 2, [])


@pytest.mark.parametrize("text, name", [
    pytest.param("le Syndicat national des établissements, résidences et services d'aide à domicile a signé",
                 "Syndicat national des établissements, résidences et services d'aide à domicile",
                 marks=pytest.mark.xfail(strict=True, reason="a name ends at a comma or 'et', which also go on "
                                         "into the sentence ('la Fondation X et des bénévoles'): names that hold one are cut")),
    pytest.param("l'Observatoire national des métiers de l'économie verte publie",
                 "Observatoire national des métiers de l'économie verte",
                 marks=pytest.mark.xfail(strict=True, reason="adjectives are known by their endings; 'verte' has "
                                         "none of them, so the name stops before it")),
])
def test_known_misses(text, name):
    assert [n.name for n in named_organisations.named_spans(text)] == [name]
