"""Labels of figures on real reports (issue 19): each test reads one page of a report of
``../shared/corpus/real/`` and asserts the label a person reads on the rendered page. The
tests skip, saying why, when that folder is absent."""
from __future__ import annotations

import functools

import pytest

from extractor.extract import figures
from extractor.layout import read

from helpers import real_pdf


@functools.lru_cache(maxsize=None)
def _figures(name: str) -> tuple:
    """The figures of a whole report (the layout of a page depends on its neighbours: the
    running headers, the size of body text), without spaCy."""
    return tuple(figures.extract(read(real_pdf(name)), None, None))


def label_of(name: str, page: int, raw: str, nth: int = 0) -> str:
    found = [f for f in _figures(name) if f.page == page and " ".join(f.raw.split()) == raw]
    assert len(found) > nth, f"{raw!r} not read on page {page} of {name}"
    return found[nth].label


# -- a number standing alone in its block: the words the page sets beside it ------------------
@pytest.mark.parametrize("raw, nth, words", [
    ("10", 0, ["Nombre de produits accompagnés par le FAST", "Résultats 2022"]),
    ("12", 0, ["Nombre de produits accompagnés par le FAST", "Objectifs PLF 2023"]),
    ("210", 0, ["Nombre de nouveaux agents publics", "Objectifs PLF 2023"]),
    ("53%", 0, ["Part des femmes", "Résultats 2023"]),
    ("6", 0, ["Produits à impact national", "Résultats 2022"]),
])
def test_a_table_the_layout_did_not_see_labels_its_cells_by_row_and_column(raw, nth, words):
    """A table read as loose blocks: row header on the left, column header above."""
    label = label_of("betagouv-bilan-2023.pdf", 15, raw, nth)
    assert all(w in label for w in words), label


@pytest.mark.parametrize("raw, caption", [
    ("36", "investigations en cours"),
    ("213", "services en cours d'accompagnement ou pérennisés"),
    ("24", "services numériques à impact national"),
])
def test_a_key_figure_takes_the_caption_set_under_it(raw, caption):
    assert label_of("betagouv-bilan-2023.pdf", 8, raw) == caption


@pytest.mark.parametrize("raw, field", [
    ("+3309,06 €", "Recettes"), ("– 3887,26 €", "Dépenses"),
    ("+ 3878,82 €", "Recettes"), ("– 2941,77 €", "Dépenses"),
])
def test_a_value_takes_the_field_name_on_its_left_from_a_stack_of_names(raw, field):
    """'Recettes :' and 'Dépenses :' are one block of two lines; each value faces one."""
    assert label_of("editionsdusamedi-rapport-financier-2024.pdf", 1, raw).startswith(field)


@pytest.mark.parametrize("raw, label", [
    ("3 114 114 €", "Cofinancement de services numériques d'État"),
    ("1 352 737 €", "Animation et soutien au réseau beta.gouv.fr"),
    ("1 122 922 €", "Produits numériques investigués, incubés ou accompagnés par la DINUM"),
])
def test_key_figures_set_value_then_label_under_a_joining_word_take_the_words_beside(raw, label):
    """The incubator programme's budget (rendered page 29: "5 589 773 €", "dont" under it, then
    three amounts each with its title on its right); "dont" is no title of theirs."""
    assert label_of("betagouv-bilan-2023.pdf", 29, raw) == label


# -- running text ----------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _page_figures(name: str, page: int) -> tuple:
    """The figures of one page read alone (a page of running text reads the same alone)."""
    return tuple(figures.extract(read(real_pdf(name), pages=(page, page)), None, None))


def page_label(name: str, page: int, raw: str, nth: int = 0) -> str:
    found = [f for f in _page_figures(name, page) if " ".join(f.raw.split()) == raw]
    assert len(found) > nth, f"{raw!r} not read on page {page} of {name}"
    return found[nth].label


METRO = "metro-rapport-annuel-2021.pdf"


@pytest.mark.parametrize("raw, label", [
    ("1,6 %", "Chiffre d'affaires : hausse"),  # "Chiffre d'affaires de 18 283,0 millions $, en hausse de 1,6 %"
    ("9,0 %", "Chiffre d'affaires : hausse"),  # ", et en hausse de 9,0 % versus 2019"
    ("15,6 %", "Bénéfice net : hausse"),
    ("21,1 %", "Bénéfice net dilué par action ajusté : hausse"),
])
def test_a_change_stated_after_a_figure_is_labelled_by_that_figure(raw, label):
    assert page_label(METRO, 2, raw) == label


@pytest.mark.parametrize("raw, label", [
    ("854,2 millions $", "Bénéfice net ajusté"),  # "Bénéfice net ajusté(1) de 854,2 millions $"
    ("3,44 $", "Bénéfice net dilué par action ajusté"),
])
def test_a_footnote_call_does_not_cut_the_label_before_a_figure(raw, label):
    assert page_label(METRO, 2, raw) == label


def test_a_bulleted_clause_gives_its_subject_and_a_hyphenated_name_stays_whole():
    """"• Dépenses liées à la COVID-19 totalisant 104 millions $"."""
    assert page_label(METRO, 2, "104 millions $").startswith("Dépenses liées à la COVID-19")


@pytest.mark.parametrize("raw, label", [
    ("+3", "incubateurs : variation"),  # "5 incubateurs" over "+3 par rapport à 2016"
    ("+18", "Startups d'État : variation"),
    ("+ 38", "membres actifs : variation"),
])
def test_a_signed_change_under_a_key_figure_is_that_figures_change(raw, label):
    assert page_label("betagouv-rapportannuel-b.pdf", 4, raw) == label


def test_a_passive_verb_after_the_counted_noun_joins_its_label():
    """"À ce jour, 77 livres ont été reliés, et 85 couvertures réalisées"."""
    assert page_label("editionsdusamedi-rapport-activites-2018-2019.pdf", 1, "77") == "livres reliés"


# -- running text, on the sentences the issue quotes (from reports outside the corpus) -------
@pytest.mark.parametrize("text, raw, label", [
    ("≈ 51 % des indicateurs sont renseignés.", "51 %", "indicateurs renseignés"),
    ("Les athlètes ont remporté 52 médailles, dont 16 d'or.", "16", "médailles d'or"),
    ("La délégation a obtenu 33 médailles dont 16 d'or et 9 d'argent.", "9", "médailles d'argent"),
    ("1 290 salariés dont 300 de la Cnaf", "300", "salariés de la Cnaf"),
    # a share or a scaled count names what it counts with "de": no reaching back
    ("35 770 salariés dont 40 % de femmes", "40 %", "femmes"),
    ("Plus de 30 Caf ont déployé l'outil.", "30", "Caf"),  # an active verb stays out
    # a change verb before a share: what changes, and the verb
    ("Nous voulons réduire de 30 % le papier imprimé d'ici 2025.", "30 %", "papier imprimé : réduire"),
    ("L'objectif est de baisser de 15 % les trajets en voiture.", "15 %", "trajets en voiture : baisser"),
    # a date after the counted noun ends its label
    ("Le réseau compte 3 000 adhérents fin 2021 et 3 400 adhérents début 2023.", "3 000", "adhérents"),
    ("Le réseau compte 3 000 adhérents fin 2021 et 3 400 adhérents début 2023.", "3 400", "adhérents"),
    # without a year after it, "fin" is a word of the label
    ("Nous comptons 12 contrats de fin de chantier.", "12", "contrats de fin de chantier"),
    # a change in words with its size in parentheses after them
    ("Le nombre de membres est en nette hausse (+ 6,2 %) sur l'année.", "+ 6,2 %", "nombre de membres : hausse"),
    ("Il était en légère baisse en 2020 (- 1,4 %) malgré les adhésions.", "- 1,4 %", "baisse"),
])
def test_running_text_labels(text, raw, label):
    found = {f.raw: f.label for f in figures.extract_text(text)}
    assert found[raw] == label, found


def test_a_scaled_part_keeps_its_own_noun_on_the_golden_report(golden_result):
    """"dont 13,9 millions d'enfants" counts children, not a kind of the whole."""
    assert [f.label for f in golden_result.figures if f.raw == "13,9 millions"] == ["enfants"]


@functools.lru_cache(maxsize=None)
def _pipeline_figures(name: str) -> tuple:
    """The figures of a whole report through the pipeline, spaCy's parse included."""
    import extractor

    return tuple(extractor.extract(real_pdf(name)).figures)


def pipeline_label(name: str, page: int, raw: str) -> str:
    found = [f for f in _pipeline_figures(name) if f.page == page and " ".join(f.raw.split()) == raw]
    assert found, f"{raw!r} not read on page {page} of {name}"
    return found[0].label


@pytest.mark.slow  # the whole pipeline on three reports: only the parse tells a noun from a verb
@pytest.mark.parametrize("name, page, raw, words", [
    # "Pour la deuxième année, une cohorte de 13 entrepreneurs est déjà enregistrée."
    ("sofifran-rapport-annuel-2022-2023.pdf", 7, "13", ["cohorte", "entrepreneurs"]),
    # "Une cohorte de 52 entrepreneurs a suivi …", its spaces drawn over by the next word
    ("sofifran-rapport-annuel-2022-2023.pdf", 7, "52", ["cohorte", "entrepreneurs"]),
    # "nous avons reçu une subvention de 250 000 FCFA de la Fondation Orange Cameroun"
    ("mbj-rapport-annuel-2020-2022.pdf", 6, "250 000 FCFA", ["subvention", "Fondation Orange Cameroun"]),
    # "un module de formation de deux jours est dédié à la lutte contre les discriminations"
    ("pole_emploi_rapport_rso_2017.pdf", 7, "deux jours", ["module de formation"]),
])
def test_the_noun_a_number_is_tied_to_by_de_names_what_it_measures(name, page, raw, words):
    label = pipeline_label(name, page, raw)
    assert all(w in label for w in words), label


def test_a_locution_ending_in_de_names_nothing_measured():
    """"au travers de trois nouvelles aides": 'travers' is no measure."""
    found = {f.raw: f.label for f in figures.extract_text(
        "une refonte encourage le rééquilibrage de l'offre au travers de trois nouvelles aides disponibles")}
    assert found["trois"] == "nouvelles aides disponibles", found


def test_without_a_parse_a_verb_before_de_is_not_taken_for_a_measured_noun():
    """"augmenter de 20 % ses recettes": only the parse tells 'augmenter' from 'loyer'; the
    verb is the change the share measures, after what changes."""
    found = {f.raw: f.label for f in figures.extract_text("L'association veut augmenter de 20 % ses recettes de dons.")}
    assert found["20 %"] == "recettes de dons : augmenter", found


@pytest.mark.parametrize("page, raw, words", [
    (5, "100 %", ["papier recyclé"]),  # "recours exclusif à du papier 100 % recyclé"
    (11, "-9 %", ["RÉDUCTION DE LA CONSOMMATION ÉLECTRIQUE"]),  # "-9 % C'EST LA RÉDUCTION DE …"
    (11, "8,04 %", ["TAUX D'EMPLOIS DIRECTS DE TRAVAILLEURS HANDICAPÉS"]),
])
def test_a_share_takes_the_noun_it_qualifies_and_cest_introduces_a_key_figures_caption(page, raw, words):
    labels = [f.label for f in _page_figures("pole_emploi_rapport_rso_2017.pdf", page) if f.raw == raw]
    assert any(all(w in label for w in words) for label in labels), labels


@pytest.mark.parametrize("page, raw, heading", [
    (7, "96,8 %", "Taux de desserte"),  # "Nombre d abonnés desservis ´ 100 = 96,8 %"
    (12, "0,0 ‰", "Taux de réclamations"),  # "Nombre de réclamations … ´ 1000 = 0,0 ‰"
])
def test_a_rates_formula_result_is_labelled_by_its_heading_not_its_numerator(page, raw, heading):
    labels = [f.label for f in _page_figures("rpqs_jons_assainissement_2022.pdf", page) if f.raw == raw]
    assert labels and heading in labels[0], labels


def test_an_aside_au_nombre_de_counts_the_noun_phrase_before_it():
    """"Leurs employeurs (au nombre de 750 000 fin 2002), bénéficie …"."""
    assert page_label("urssaf-ragllm-document.pdf", 32, "750 000") == "employeurs"


# -- a key figure's caption set in capitals: the parser reads capitals poorly, so all of it ----
@pytest.mark.parametrize("raw, nth, words", [
    ("47 %", 0, ["MARCHÉS", "CLAUSE SOCIALE"]),
    ("22 %", 0, ["MARCHÉS", "CONDITION D'EXÉCUTION ENVIRONNEMENTALE"]),
    # the unit's word heads its complement: "373 000" / "HEURES D'INSERTION GÉNÉRÉES…"
    ("373 000 HEURES", 0, ["HEURES D'INSERTION GÉNÉRÉES PAR LES MARCHÉS"]),
])
def test_a_key_figures_caption_in_capitals_is_its_label_whole(raw, nth, words):
    label = label_of("pole_emploi_rapport_rso_2017.pdf", 15, raw, nth)
    assert all(w in label for w in words), label


@pytest.mark.parametrize("caption, unit_word, label", [
    ("DE NOUVEAUX INSCRITS", "", "NOUVEAUX INSCRITS"),
    # an elided article or preposition opens no label
    ("D'AIDES VERSÉES AUX FAMILLES", "", "AIDES VERSÉES AUX FAMILLES"),
    ("L’ACCÈS AUX DROITS", "", "ACCÈS AUX DROITS"),
    ("AUJOURD'HUI INSCRITS", "", "AUJOURD'HUI INSCRITS"),
    # a measure's word in the number's raw text heads the complement that follows it
    ("D'ÉCOUTE ASSURÉES", "HEURES", "HEURES D'ÉCOUTE ASSURÉES"),
    ("DE DÉCHETS TRIÉS", "TONNES", "TONNES DE DÉCHETS TRIÉS"),
    ("COLLECTÉES EN 2024", "TONNES", "COLLECTÉES EN 2024"),
])
def test_a_caption_in_capitals_opens_with_its_head_word(caption, unit_word, label):
    from extractor.extract.figures.statements import _caption_in_capitals

    assert _caption_in_capitals(caption, 0, len(caption), unit_word) == label


def test_a_list_item_with_its_own_words_is_no_continuation_of_the_lead_in():
    """Rendered page 7 of MBJ's report: "Il s'agit de" then the item "- Les fonds propres de
    la Maison Bleue de Julien sont à 38 %,": the item's own subject labels it (the lead-in's
    dangling "de" had joined the two, and the label fell back to the heading above)."""
    assert label_of("mbj-rapport-annuel-2020-2022.pdf", 7, "38 %") == "fonds propres de la Maison Bleue de Julien"


def test_an_item_that_is_a_number_goes_on_from_its_lead_in():
    from extractor.core.numbers import find_quantities
    from extractor.extract.figures.statements import statement
    from extractor.layout.markdown import read_text

    document = read_text("<t>", raw="Nous comptons 3 500 salariés dont\n\n• 1 200 en CDI\n\nIl s'agit de\n\n• Les aides sont à 38 %")
    text = document.text
    opened, own = (next(q for q in find_quantities(text, ",") if q.value == v) for v in (1200, 38))
    assert text[slice(*statement(document, opened))].startswith("Nous comptons")
    assert text[slice(*statement(document, own))].startswith("• Les aides")


def test_a_caption_set_under_a_key_figure_loses_the_preposition_that_joined_them():
    """Rendered page 12 of the beta.gouv review: "+10 %" over "de dossiers déposés"."""
    assert label_of("betagouv-bilan-2023.pdf", 12, "+10 %") == "dossiers déposés"
    assert label_of("betagouv-bilan-2023.pdf", 13, "+76 %") == "tonnes de déchets traités"


def test_a_captions_elided_preposition_is_left_out_on_a_real_card():
    """Rendered page 11 of the RSO report: "14 %" over "D'INTENTIONS D'EMBAUCHE DANS LES
    SECTEURS DE L'ÉCONOMIE VERTE…"."""
    assert label_of("pole_emploi_rapport_rso_2017.pdf", 11, "14 %", 0).startswith("INTENTIONS D'EMBAUCHE")


@pytest.mark.parametrize("text, label", [
    # a present participle last in its phrase, after its noun, is an adjective of it
    ("800 € par logement existant.", "logement existant"),
    ("12 agents du personnel soignant et 3 médecins", "agents du personnel soignant"),
    # with its object it is a verb, and ends the label
    ("12 agents prévoyant le recrutement", "agents"),
])
def test_a_present_participle_after_its_noun_and_last_in_its_phrase_is_an_adjective(nlp, text, label):
    from extractor.extract.figures.labels import Parse, label_after

    sdoc = nlp(text)
    start = next(t.idx for t in sdoc if t.is_alpha and t.lower_ != "par")
    assert label_after(text, start, len(text), Parse.of(sdoc))[0] == label


def _parsed(nlp, text: str, raw: str):
    """(text, the offset of ``raw`` in it, the parse of the text)."""
    from extractor.extract.figures.labels import Parse

    return text, text.index(raw), Parse.of(nlp(text))


@pytest.mark.parametrize("text, raw, label", [
    # a parenthesis closed right before the link to the number is an aside on the subject
    ("Les recettes viennent pour 40 % des subventions. Les donateurs privés (amis et voisins de la "
     "fondation) à 22 %", "22 %", "donateurs privés"),
    ("En 2021, la consommation en équivalent temps plein (ETP) s'établit à 5,3 tonnes.", "5,3", "consommation"),
    # one right before the number names it
    ("Viser une part de dette (ratio de dette nette) 50 %", "50 %", "ratio de dette nette"),
])
def test_a_parenthesis_before_the_link_to_a_number_is_an_aside(nlp, text, raw, label):
    from extractor.extract.figures.labels import label_before

    text, at, parse = _parsed(nlp, text, raw)
    start = text.rfind(".", 0, at) + 1
    assert label_before(text, start, at, parse) == label


def test_a_copula_before_de_ties_the_count_to_the_subject(nlp):
    """"la cible du projet est de 60 entrepreneurs" measures the project's target."""
    from extractor.extract.figures.labels import measured, qualified

    text, at, parse = _parsed(nlp, "La cible du projet est de 60 entrepreneurs.", "60")
    assert measured(text, 0, at, parse) == "cible du projet"
    assert qualified(text, 0, at, "entrepreneurs", None, parse) == "cible du projet : entrepreneurs"


@pytest.mark.parametrize("text, raw, measure", [
    # an adjective after the noun ends the noun phrase the number measures
    ("Le programme a bénéficié d'une équipe technique de 12 personnes.", "12", "équipe technique"),
    ("Les synergies annualisées de 65 millions d'euros ont été réalisées.", "65", "synergies annualisées"),
    # the phrase starts after the indefinite article that opens a verb's object or complement
    ("Le programme a bénéficié d'une cohorte de 12 personnes.", "12", "cohorte"),
    ("Un contrat permet de garantir un taux fixe de 2 points.", "2", "taux fixe"),
    # a participle that takes its complement with "de" measures nothing
    ("Le comité de pilotage composé de 12 membres se réunit.", "12", ""),
])
def test_the_noun_phrase_tied_to_a_number_by_de_ends_on_its_adjective(nlp, text, raw, measure):
    from extractor.extract.figures.labels import measured

    text, at, parse = _parsed(nlp, text, raw)
    assert measured(text, 0, at, parse) == measure


def test_a_present_participle_with_its_complement_stays_in_the_clauses_subject(nlp):
    from extractor.extract.figures.labels import label_after, label_before

    text, at, parse = _parsed(nlp, "Le nombre d'associations ayant recours aux prêts solidaires est de 2,3 millions.", "2,3")
    assert label_before(text, 0, at, parse) == "nombre d'associations ayant recours aux prêts solidaires"
    # after a number, the noun it counts is the label: the participle ends it
    text, at, parse = _parsed(nlp, "Nous comptons 12 agents ayant suivi la formation.", "12")
    assert label_after(text, at + 3, len(text), parse)[0] == "agents"


@pytest.mark.parametrize("text, raw, label", [
    ("Sur les carnets imprimés, 48 ont déjà trouvé preneur.", "48", "ont déjà trouvé preneur"),
    ("Sur les carnets imprimés, 48 carnets sont vendus.", "48", ""),  # a noun follows: no predicate
])
def test_a_number_standing_for_its_noun_is_labelled_by_what_is_said_of_it(nlp, text, raw, label):
    from extractor.extract.figures.labels import predicate

    text, at, parse = _parsed(nlp, text, raw)
    assert predicate(text, at + len(raw), len(text), parse) == label


@pytest.mark.parametrize("text, raw, said", [
    # a share of a group that an active verb follows: the verb phrase says which part it is
    ("Selon notre enquête, 12 % des adhérents ont quitté l'association avant la fin de l'année.", "12 %",
     "ont quitté l'association avant la fin de l'année"),
    ("Dans la région, 40 % des habitants vivent dans une commune rurale.", "40 %", "vivent dans une commune rurale"),
    # the next figure ends it, and the word that joined them goes
    ("Parmi les dossiers reçus, 31 % des dossiers donnent lieu à une révision et 14 % à un rejet.", "31 %",
     "donnent lieu à une révision"),
    # a passive is the noun phrase's own ("indicateurs renseignés"); a share naming no group says nothing
    ("En 2020, 51 % des indicateurs sont renseignés.", "51 %", ""),
    ("Nous achetons du papier 100 % recyclé pour nos impressions.", "100 %", ""),
    # a count: its copula in the plural and what it says; an active verb or a copula in the
    # singular (another subject's) stays out
    ("En 2020, 40 agents sont en situation de handicap.", "40", "sont en situation de handicap"),
    ("Plus de 30 Caf ont déployé l'outil.", "30", ""),
    ("Le réseau de 5 antennes est présent dans toute la région.", "5", ""),  # the network is
])
def test_what_the_part_of_a_group_is_or_does_says_which_part_it_is(nlp, text, raw, said):
    from extractor.extract.figures.labels import label_after, said_of_part

    text, at, parse = _parsed(nlp, text, raw)
    own = label_after(text, at + len(raw), len(text), parse)[0]
    unit = "%" if raw.endswith("%") else None
    assert said_of_part(text, at + len(raw), len(text), own, unit, parse) == said


def test_a_sign_the_tagger_calls_a_verb_says_nothing_of_a_number():
    """"la règle 1 établissement = 1 compte": the tagger may take "=" for a finite verb."""
    from extractor.extract.figures.labels import Parse, predicate

    text = "la règle 1 établissement = 1 compte"
    assert predicate(text, text.index("=") - 1, len(text), Parse(finite=frozenset({text.index("=")}))) == ""


def test_a_predicate_leaves_out_a_word_its_block_cuts_at_a_hyphen(nlp):
    from extractor.extract.figures.labels import predicate

    text, at, parse = _parsed(nlp, "Sur les carnets, 48 ont trouvé preneur pour des rai-", "48")
    assert predicate(text, at + 2, len(text), parse) == "ont trouvé preneur"


@pytest.mark.parametrize("text, raw, done, label", [
    ("Nos mécènes ont versé 3,2 millions d'euros en 2020.", "3,2", True, "Nos mécènes ont versé"),
    ("Nos mécènes ont versé 3,2 millions d'euros en 2020.", "3,2", False, "Nos mécènes"),
    # a verb that only gives the subject's size adds nothing
    ("Le chiffre d'affaires a atteint 18,3 millions d'euros.", "18,3", True, "chiffre d'affaires"),
    # the passive's participle is said once
    ("Aucune des lignes de crédit étaient utilisées 0,2 million", "0,2", True, "Aucune des lignes de crédit utilisées"),
])
def test_the_verb_group_before_an_amount_says_what_was_done_with_it(nlp, text, raw, done, label):
    from extractor.extract.figures.labels import label_before

    text, at, parse = _parsed(nlp, text, raw)
    assert label_before(text, 0, at, parse, done=done) == label


@pytest.mark.slow  # the whole pipeline on five reports: only the parse tells a verb from a noun
@pytest.mark.parametrize("name, page, raw, words", [
    # "Les donateurs privés (amis et sympathisants de …) à 22 %"
    ("mbj-rapport-annuel-2020-2022.pdf", 7, "22 %", ["donateurs privés"]),
    # "l'empreinte carbone en équivalent temps plein (ETP) s'établit à 5,29 tonnes"
    ("pole_emploi_rapport_rso_2017.pdf", 11, "5,29 tonnes", ["empreinte carbone"]),
    # "La cible du projet est de 60 entrepreneurs."
    ("sofifran-rapport-annuel-2022-2023.pdf", 7, "60", ["cible", "entrepreneurs"]),
    # "Sur la totalité des livres imprimés, 52 ont d'ores et déjà trouvé lecteur"
    ("editionsdusamedi-rapport-activites-2018-2019.pdf", 2, "52", ["trouvé lecteur"]),
    # "Ces derniers ont versé 4,6 millions de dollars en 2019."
    ("metro-rapport-annuel-2019.pdf", 8, "4,6 millions de dollars", ["versé"]),
    # "la part des marchés de plus de 200 000 euros par an avec une condition d'exécution
    # environnementale s'élève à 22 %"
    ("pole_emploi_rapport_rso_2017.pdf", 14, "22 %", ["part des marchés de plus de 200 000 euros", "environnementale"]),
    # "Le montant qui leur a été reversé s'élève à environ 90€ chacun."
    ("editionsdusamedi-rapport-activites-2018-2019.pdf", 2, "90€", ["montant reversé"]),
    # "quelque 3 369 agents de Pôle emploi sont en situation de handicap"
    ("pole_emploi_rapport_rso_2017.pdf", 11, "3 369", ["agents", "sont en situation de handicap"]),
    # "23 % des personnes déclarent avoir été discriminées au cours de leur carrière"
    ("pole_emploi_rapport_rso_2017.pdf", 7, "23 %", ["personnes : déclarent avoir été discriminées"]),
    # "Le chiffre d'affaires des pharmacies comparables a connu une hausse de 3,4 % (4,3 % en
    # 2020), soit une hausse de 6,3 % pour les médicaments d'ordonnance"
    ("metro-rapport-annuel-2021.pdf", 18, "3,4 %", ["chiffre d'affaires des pharmacies comparables : hausse"]),
    ("metro-rapport-annuel-2021.pdf", 18, "6,3 %", ["chiffre d'affaires des pharmacies comparables : hausse"]),
    # "Le dividende annuel a été en hausse de 11,4 %"
    ("metro-rapport-annuel-2021.pdf", 25, "11,4 %", ["dividende annuel : hausse"]),
])
def test_the_clause_around_a_number_names_it_on_real_pages(name, page, raw, words):
    label = pipeline_label(name, page, raw)
    assert all(w in label for w in words), label


@pytest.mark.slow
def test_a_word_the_tagger_takes_for_a_participle_without_its_ending_adds_no_verb_group():
    """"… ont été nulles (5,0 $ en 2018)": 'nulles' is tagged a past participle; it is not one."""
    label = pipeline_label("metro-rapport-annuel-2019.pdf", 64, "5,0 $")
    assert label.startswith("acquisitions nettes") and "nulles" not in label, label


@pytest.mark.parametrize("text, raw, label", [
    # a part that counts no noun: what it does says which part ("dont 3 € vont aux auteurs")
    ("Le prix de vente permet un bénéfice de 5 € par carnet, dont 2 € vont aux illustrateurs.", "2 €",
     "bénéfice par carnet : vont aux illustrateurs"),
    # a number opening its clause after a colon is the subject of the verb after it
    ("Nous avons imprimé 200 carnets. Sur les carnets, beaucoup ont trouvé preneur : une bonne quinzaine "
     "a été vendue au marché.", "une bonne quinzaine", "a été vendue au marché"),
    # … and after "et" that joins two clauses
    ("Une promotion a suivi la formation des mentors et 18 sont en train de finir leur projet.", "18",
     "sont en train de finir leur projet"),
    # a share of a group: the group, and what its part does
    ("Selon notre enquête annuelle, 12 % des adhérents ont quitté l'association avant la fin de l'année.",
     "12 %", "adhérents : ont quitté l'association avant la fin de l'année"),
    # a figure that is the complement of a noun is inside the subject of the number after it
    ("En 2022, la part des contrats de plus de 5 000 € avec une clause sociale atteint 12 %.", "12 %",
     "part des contrats de plus de 5 000 € avec une clause sociale"),
    ("Le nombre de foyers de 4 personnes en situation de précarité s'établit à 1 250.", "1 250",
     "nombre de foyers de 4 personnes en situation de précarité"),
    # … not when other words come between them: the phrase right before the number names it
    ("Un budget de 5 000 € pour un montant moyen de 213 euros par projet.", "213 euros", "montant moyen par projet"),
    # a relative clause without a subject of its own: its antecedent, and what its passive says
    # of it; a pronoun is no label ("chacun", "nous")
    ("Le montant qui leur a été reversé s'élève à environ 90 € chacun.", "90 €", "montant reversé"),
    ("Le nombre de dossiers que nous avons reçus s'élève à 1 250.", "1 250", "nombre de dossiers"),
    # "d'un montant de", "d'une durée de": the noun phrase before is what the number measures
    ("La commune a reçu une subvention d'un montant de 250 000 euros pour ce projet.", "250 000 euros",
     "subvention : montant"),
    ("Les frais de participation aux activités sportives d'une valeur de 20 % sont pris en charge.", "20 %",
     "frais de participation aux activités sportives : valeur"),
    ("Nous avons signé un contrat d'une durée de 24 mois avec le prestataire.", "24 mois", "contrat : durée"),
    ("Les fraudes détectées pour un montant moyen de 3 200 euros ont été recouvrées.", "3 200 euros",
     "fraudes détectées : montant moyen"),
    ("Le projet a reçu une subvention d'un montant net de 12 000 euros.", "12 000 euros", "subvention : montant net"),
    # a duration before or after an event is labelled by it
    ("Fin mars 2018, 6 mois après le démarrage du service, 500 demandes ont été traitées.", "6 mois",
     "après le démarrage du service"),
    # "sur" ties a number to the noun phrase whose extent it gives; not a passive's agent
    ("Chaque commune est identifiée par un code commune sur 5 positions.", "5", "code commune : positions"),
    ("Chaque compte reçoit un numéro attribué par le système sur 7 positions.", "7", "positions"),
    # "à" ties a share to the noun phrase it sets, as "de" does
    ("Le conseil a choisi de fixer le seuil des heures d'insertion à au moins 5 % du total des heures.", "5 %",
     "seuil des heures d'insertion : total des heures"),
    # what a figure excludes, said right after it, is part of its label
    ("Le chiffre d'affaires de 6 720,5 millions d'euros est en hausse de 6,1 % et de 2,4 % en excluant la "
     "filiale acquise.", "2,4 %", "chiffre d'affaires : hausse en excluant la filiale acquise"),
    # an adverb between a passive participle and its agent stays in the label
    ("Le budget compte 3 millions d'euros dépensés directement par nos partenaires.", "3 millions d'euros",
     "dépensés directement par nos partenaires"),
    ("Il y a 12 dossiers traités rapidement.", "12", "dossiers traités"),
    # a number after "soit" says the figure before it again, in another measure
    ("Le taux d'emploi de travailleurs handicapés atteint 8 %, soit 402 personnes.", "402",
     "taux d'emploi de travailleurs handicapés : personnes"),
    ("Le programme a permis de récupérer 4 700 tonnes de nourriture, soit l'équivalent de plus de 9,4 "
     "millions de repas.", "9,4 millions", "nourriture : repas"),
    # … its own words alone when they open with that figure's label
    ("Nous avons cédé nos droits dans 10 pharmacies, soit neuf pharmacies de l'enseigne A et une de l'enseigne B.",
     "neuf", "pharmacies de l'enseigne"),
    # a change the clause's verb states is the change of its subject; the figure said again
    # after "soit" is that subject's as well
    ("Le chiffre d'affaires des boutiques a connu une hausse de 3,4 %, soit une hausse de 2,9 % en deux ans.",
     "3,4 %", "chiffre d'affaires des boutiques : hausse"),
    ("Le chiffre d'affaires des boutiques a connu une hausse de 3,4 %, soit une hausse de 2,9 % en deux ans.",
     "2,9 %", "chiffre d'affaires des boutiques : hausse"),
    ("Le taux de chômage des jeunes est en baisse de 0,5 point sur un an.", "0,5 point", "taux de chômage des jeunes : baisse"),
    ("Les effectifs de la mutuelle sont ainsi en progression de 6 % depuis janvier.", "6 %", "effectifs de la mutuelle : progression"),
    # … not a change that complements a noun, nor a member of a list
    ("Les prévisions reflètent l'inflation passée et une croissance de 2 % par an.", "2 %", "inflation passée et une croissance"),
    # a change in the plural is named in the singular
    ("Les ventes de la boutique ont connu des baisses de 3 % et 4 % sur deux ans.", "3 %", "ventes de la boutique : baisse"),
    # a change said again of a change is that change ("en hausse de … et en hausse de …")
    ("Le coût unitaire a été de 3,33 euros par rapport à 3,14 euros l'an passé, en hausse de 6,1 %, et en hausse de "
     "19,8 % sur deux ans.", "19,8 %", "coût unitaire : hausse"),
    # a comparison after a figure is none of its own words
    ("Le coût unitaire a été de 3,33 euros par rapport à 3,14 euros l'an passé.", "3,33 euros", "coût unitaire"),
    # a second clause on the subject of the first has that subject, and an amount counted per a
    # unit says so; a locution after "par" is no such unit
    ("Le dividende annuel a été en hausse de 11,0 % et s'est élevé à 0,78 euro par action.", "0,78 euro",
     "dividende annuel par action"),
    ("Le coût moyen de la prise en charge est de 12 euros par habitant.", "12 euros", "coût moyen de la prise en charge par habitant"),
    ("Le coût moyen de la prise en charge est de 12 euros par rapport aux autres communes.", "12 euros",
     "coût moyen de la prise en charge"),
    # a conjunction that opens a condition or a time opens the clause whose subject a number has
    ("Le contrat tient lieu de déclaration lorsque la durée du travail n'excède pas huit heures par semaine.",
     "huit heures", "durée du travail par semaine"),
    # a change named before what changed reads as the other changes: "thing : change"
    ("Les comptes font apparaître une baisse des dépenses de fonctionnement de 2,5 % sur un an.", "2,5 %",
     "dépenses de fonctionnement : baisse"),
    # the second member of a coordination goes with the first, not with the period the first is
    # measured over
    ("Le cours de l'action a connu une augmentation de 36 % sur 5 ans et de 304 % sur 10 ans.", "304 %",
     "cours de l'action : augmentation"),
    # "pour" and an infinitive say what a number is for, not what it counts: a measure nothing
    # else names is named by its unit's word
    ("Cette initiative a permis d'offrir près de 1 250 heures pour soutenir les associations du quartier.",
     "1 250 heures", "heures"),
    ("Nous avons réuni 14 délégations à des commissions pour examiner des textes urgents.", "14",
     "délégations à des commissions"),
    # the changes of a run before "respectivement" are those of the figures before them, in order
    ("Le résultat net a été de 731,6 millions d'euros comparativement à 579,2 millions d'euros pour l'exercice 2022 et "
     "le résultat par action de 2,84 euros comparativement à 2,41 euros, soit des hausses de 26,3 % et 17,8 % respectivement.",
     "26,3 %", "résultat net : hausse"),
    ("Le résultat net a été de 731,6 millions d'euros comparativement à 579,2 millions d'euros pour l'exercice 2022 et "
     "le résultat par action de 2,84 euros comparativement à 2,41 euros, soit des hausses de 26,3 % et 17,8 % respectivement.",
     "17,8 %", "résultat par action : hausse"),
    # … a run of changes of another period, after the first, too; the clause of the second
    # figure starts after the values the first is compared with
    ("Le résultat net a été de 825,7 millions d'euros comparativement à 796,4 millions d'euros pour l'exercice 2022 et "
     "le résultat par action a été de 3,33 euros par rapport à 3,14 euros, en hausse de 3,7 % et 6,1 % respectivement, "
     "et en hausse de 15,6 % et 19,8 % respectivement sur deux ans.", "19,8 %", "résultat par action : hausse"),
    ("Le résultat net a été de 825,7 millions d'euros comparativement à 796,4 millions d'euros pour l'exercice 2022 et "
     "le résultat par action a été de 3,33 euros par rapport à 3,14 euros, en hausse de 3,7 % et 6,1 % respectivement, "
     "et en hausse de 15,6 % et 19,8 % respectivement sur deux ans.", "3,33 euros", "résultat par action"),
])
def test_what_a_number_without_a_noun_does_labels_it_in_running_text(text, raw, label, tmp_path):
    import extractor

    path = tmp_path / "report.txt"
    # a long block: a short one opening with a number stands for a key-figure card
    path.write_text("Rapport 2020\n\n" + text + " " + "Le reste du paragraphe suit sans chiffre. " * 3,
                    encoding="utf-8")
    found = {f.raw: f.label for f in extractor.extract(path).figures}
    assert found[raw] == label, found


def test_a_value_compared_after_a_figure_is_its_earlier_value_with_its_year(tmp_path):
    """"comparativement à" opens an earlier value as "contre" does, its year read from "pour
    l'exercice 2020": it is no figure of its own, and none of the figure's label."""
    import extractor

    path = tmp_path / "report.txt"
    path.write_text("Rapport 2021\n\nLes activités ont généré des fonds de 1 583 € pour l'exercice 2021 "
                    "comparativement à 1 474 € pour l'exercice 2020. " + "Le reste du paragraphe suit sans chiffre. " * 3,
                    encoding="utf-8")
    found = {f.raw: f for f in extractor.extract(path).figures}
    assert "1 474 €" not in found, found
    figure = found["1 583 €"]
    assert figure.label == "généré des fonds" and [(p.value, p.year) for p in figure.previous] == [(1474.0, 2020)]


def test_a_count_with_a_plus_after_it_is_at_least_that_and_labelled_by_its_noun():
    """"65+ familles ont reçu un bon de nourriture" (a bulleted list of a project's results)."""
    found = [f for f in _figures("sofifran-rapport-annuel-2022-2023.pdf") if f.page == 7 and f.raw == "65+"]
    assert found and found[0].approx == "at_least" and found[0].label == "familles", found


def test_a_heading_of_a_pictogram_fonts_odd_letters_names_no_figure():
    """A chart's bar values under headings the text layer reads as stray letters (a pictogram
    font's glyphs, rendered page 19: "Xe)", "Ka" under the bars) take none of them as their
    label: an empty label, not a wrong one."""
    labels = {f.raw: f.label for f in _page_figures("betagouv-bilan-2023.pdf", 19)}
    assert {"4", "8", "14", "21"} <= set(labels), labels
    assert not {"Ka", "Xe)", "K", "é°", "D"} & set(labels.values()), labels
