"""Precision of figures on real reports: every record a true quantity with its unit, and the
numbers a person marked as not figures left out (issue 19). Each test reads a real PDF of
``../shared/corpus/real/`` (skipped, saying why, when it is absent) without spaCy: the
figures' values, units and absences do not depend on the parse."""
from __future__ import annotations

import functools

import pytest

from extractor.core.document import report_year
from extractor.core.records import Figure
from extractor.extract import figures
from extractor.layout import read

from helpers import real_pdf

#: seven real reports read whole (about 20 s of CPU): the full suite runs them, the fast subset not
pytestmark = pytest.mark.slow


@functools.lru_cache(maxsize=None)
def _figures(name: str) -> tuple[Figure, ...]:
    document = read(real_pdf(name))
    return tuple(figures.extract(document, None, report_year(document)))


def _on(name: str, page: int) -> dict[float, set[str | None]]:
    """value → the units it was read with on ``page``."""
    out: dict[float, set[str | None]] = {}
    for f in _figures(name):
        if f.page == page:
            out.setdefault(f.value, set()).add(f.unit)
    return out


# -- amounts of a table of accounts read as text: the document's currency ------------------------
def test_bare_amounts_of_an_accounts_table_are_in_the_documents_cfa_francs():
    """A Cameroonian report's budget table ("Entrée Sortie", no unit printed; the text says
    "250 000 FCFA"): its cells are amounts in XAF, a nil contribution too."""
    page = _on("mbj-rapport-annuel-2020-2022.pdf", 7)
    for value in (120000, 9500, 129500, 250000, 418000, 1227200, 0):
        assert page[value] == {"XAF"}, value


def test_bare_amounts_of_a_swiss_accounts_table_are_in_swiss_francs():
    """"Charges Produits ... Solde de fonctionnement" of a Vaud commune: CHF, negatives too."""
    page = _on("prilly-analyse-financiere-ucv-2023.pdf", 4)
    for value in (63823900, -888417, 82608530, 3051325):
        assert page[value] == {"CHF"}, value


def test_a_scaled_number_on_an_accounts_page_keeps_no_currency_it_does_not_print():
    """"2,3 millions" (of items, not money) stays a count: only plain cells are amounts."""
    page = _on("urssaf-ragllm-document.pdf", 32)
    assert page[2300000] == {None}


# -- numbers of the page's structure: section numbers, page numbers, list numbering ---------------
def test_section_numbers_set_apart_from_their_headings_and_page_numbers_are_no_figures():
    """A LaTeX report: "2" | "Activité de recherche et valorisation" (the number in a block of
    its own on the heading's line), "1 1.1" | "Activité", and the page number at the foot of
    each page. Its real figures ("9 dernières années", "3 axes") stay."""
    name = "tclavier-rapport-activite-past.pdf"
    values = {page: sorted(f.value for f in _figures(name) if f.page == page) for page in (1, 2, 3, 4)}
    assert values == {1: [9], 2: [1, 2, 2, 3, 5], 3: [], 4: [4]}  # p4: "depuis 4 ans"


def test_a_number_opening_a_heading_before_a_dot_is_numbering():
    """"1. Les notions", "1. Catégories et sous-catégories" are section numbers; the page's
    table figures stay."""
    page = _on("urssaf-ragllm-document.pdf", 2)
    assert None not in page.get(1, set())  # the page's "1%" of a table stays
    assert 1721418 in page


# -- two table cells the text layer joined with one space -----------------------------------------
def test_cells_joined_by_one_space_are_cut_where_the_page_sets_them_apart():
    """"534 500 534 500" (two cells: entrée, sortie) is 534 500 twice; "150 000" and "268 000"
    of two rows; "Total 692 700 692 500" with the next row run on: each an amount."""
    page = _on("mbj-rapport-annuel-2020-2022.pdf", 7)
    assert page[534500] == page[150000] == page[268000] == page[692500] == {"XAF"}
    assert 534500534500 not in page and 150000268000 not in page


def test_a_justified_line_keeps_its_wide_thousands_space():
    """"1 500 € par maison individuelle": every space of the line is wide, none is a cut."""
    page = _on("rpqs_jons_assainissement_2022.pdf", 6)
    assert page[1500] == {"EUR"}
    assert 1 not in page


# -- chapter numbers and key figures -----------------------------------------------------------------
def test_a_small_number_opening_a_title_in_capitals_is_a_chapter_unless_set_as_a_card():
    """"2 ACCOMPAGNER LES FAMILLES" opening a block numbers a chapter; the same shape in a
    block the layout set as a card (a large value over its smaller caption) is a key figure."""
    from extractor.core.numbers import find_quantities
    from extractor.extract.figures.statements import not_a_figure

    text = "17 MARCHÉS RÉSERVÉS PASSÉS EN 2017"
    [q] = [q for q in find_quantities(text, ",") if q.value == 17]
    assert not_a_figure(text, q, (0, len(text)), "heading") == "not_chapter_number"
    assert not_a_figure(text, q, (0, len(text))) == "not_chapter_number"
    assert not_a_figure(text, q, (0, len(text)), "card") is None


def test_a_key_figure_card_whose_caption_is_in_capitals_is_a_figure():
    """Rendered page 15 of the RSO report: "17" in large type over "MARCHÉS RÉSERVÉS AUPRÈS
    DU SECTEUR PROTÉGÉ ET ADAPTÉ PASSÉS EN 2017"."""
    assert 17 in _on("pole_emploi_rapport_rso_2017.pdf", 15)


# -- names and parts that hold a number ---------------------------------------------------------------
def test_part_names_district_names_and_number_words_in_headings_are_no_figures():
    """"total 1 & 2" (parts of the table), "l'arrondissement de Yaoundé 5", the heading "BILAN
    DES DEUX ANNEES 2020, 2021 ET 2022"; the page's "3 kms" and "Une centaine" stay."""
    assert 1 not in _on("mbj-rapport-annuel-2020-2022.pdf", 7)
    assert 2 not in _on("mbj-rapport-annuel-2020-2022.pdf", 7)
    page = _on("mbj-rapport-annuel-2020-2022.pdf", 4)
    assert 5 not in page and 2 not in page
    assert page[3] == {"km"} and 100 in page


# -- compound units ---------------------------------------------------------------------------------
def test_an_amount_per_year_is_a_compound_unit():
    """"plus de 200 000 euros par an", "200 000 EUROS ET PLUS PAR AN" are thresholds per year."""
    assert _on("pole_emploi_rapport_rso_2017.pdf", 14)[200000] == {"EUR/year"}
    assert _on("pole_emploi_rapport_rso_2017.pdf", 15)[200000] >= {"EUR/year"}
    [fee] = figures.extract_text("La part fixe est de 45 € HT/an pour chaque abonné.")
    assert (fee.value, fee.unit) == (45, "EUR/year")


def test_a_footer_page_number_and_a_chart_year_run_onto_its_axis_title_are_no_figures():
    """A chart page read by OCR: the x axis "2020" runs onto the axis title "Années" (not
    2020 years), the footer "UNION DES COMMUNES VAUDOISES 6" ends with the page number."""
    page = _on("prilly-analyse-financiere-ucv-2023.pdf", 6)
    assert 2020 not in page and 6 not in page
    [year] = figures.extract_text("Le contrat court sur 5 années depuis 2019.")
    assert (year.value, year.unit) == (5, "year")


def test_years_counted_with_their_adjective_are_years_and_keep_their_words():
    """"Durant ces 9 dernières années", "les 5 premières années": a span of years; the label
    keeps "dernières années"."""
    [nine] = [f for f in _figures("tclavier-rapport-activite-past.pdf") if f.page == 1 and f.value == 9]
    [five] = [f for f in _figures("tclavier-rapport-activite-past.pdf") if f.page == 2 and f.value == 5]
    assert (nine.unit, five.unit) == ("year", "year")
    assert "années" in nine.label and "premières années" in five.label


# -- decimal points -------------------------------------------------------------------------------------
def test_a_decimal_point_is_read_only_before_a_unit():
    """A pie chart's labels "35-50 ans 14.5%", "16-20 ans 9.4%" (one or two digits after the
    point, a unit after): decimals. A section "1.2 Universitaire", a version "2.0", a list
    number "5.6." and a date "12.05.2021" are no numbers."""
    page = _on("woto-bilan-mi-missions-2024.pdf", 12)
    assert page[14.5] == page[9.4] == page[11.6] == {"%"}
    [span] = figures.extract_text("Le seuil est de 2.5 ans au plus.")
    assert (span.value, span.unit) == (2.5, "year")
    text = "1.2 Universitaire. La version 2.0 du guide. 5.6. Localisation. Le 12.05.2021 à Prilly."
    assert figures.extract_text(text) == []


# -- a document's decimal mark, units a table row or a sentence states, numbers that are no data --
def test_a_swiss_report_prints_decimal_points_in_its_tables():
    """Prilly prints "1.5%" and never a decimal comma: "1.0" years of debt, "-2.5" points of
    tax in its tables are decimals with the unit their row header states."""
    assert _on("prilly-analyse-financiere-ucv-2023.pdf", 7)[0.9] == {"year"}
    page = _on("prilly-analyse-financiere-ucv-2023.pdf", 19)
    assert page[-2.5] == {"point"} and page[-3.3] == {"point"}  # the last row, under a wider gap
    assert page[430588] == {"CHF"}  # "Valeur du point d'impôt"


def test_amounts_in_millions_that_count_nothing_are_money():
    assert _on("prilly-analyse-financiere-ucv-2023.pdf", 7)[12100000] == {"CHF"}  # "Un montant de 12.1 Millions"
    assert _on("betagouv-rapportannuel-b.pdf", 4)[2800000] == {"EUR"}  # "; 2,8 millions en partenariats"


def test_a_french_report_groups_thousands_by_a_point():
    """Urssaf prints decimal commas: "6.000 codes postaux pour 40.000 codes communes"."""
    page = _on("urssaf-ragllm-document.pdf", 24)
    assert 6000 in page and 40000 in page


def test_scale_bounds_counts_of_kinds_and_numbers_over_month_headers():
    page = _on("betagouv-bilan-2023.pdf", 25)
    assert -100 not in page and 100 not in page  # "NPS entre -100 et 100"
    assert 58 in page and 44 in page  # over "Juin 2023", "Octobre 2022": no dates
    assert 2 not in _on("urssaf-ragllm-document.pdf", 32)  # "de deux types : …"
    assert 2 not in _on("betagouv-rapportannuel-b.pdf", 7)  # "deux tiers"


def test_a_threshold_in_a_row_header_is_a_figure_the_table_gives_no_cell_for():
    """"Max 2.5 ans" spans a debt table's rows in its row header, "Min 80%" another's: each is
    a figure with its bound; the bands "Moins de 1 an", "Plus de 5 ans" that head a grocer's
    maturity table are no figures (not inclusive bounds: a column's band)."""
    bounds = {(f.page, f.value, f.unit, f.approx) for f in _figures("prilly-analyse-financiere-ucv-2023.pdf")}
    assert {(7, 2.5, "year", "up_to"), (11, 80.0, "%", "at_least")} <= bounds
    bands = [f for f in _figures("metro-rapport-annuel-2019.pdf")
             if f.page == 79 and f.unit == "year" and f.approx in ("less_than", "more_than")]
    assert not bands, bands
