"""Reference dates of figures from the page: column headers, captions, a section's year; the
values are those a person read on the real PDFs (corpus/real/<doc>/expected.yaml)."""
from __future__ import annotations

import pytest

from extractor.core.records import Figure
from extractor.extract import reference_dates
from extractor.extract.reference_dates import Reference, reference_for
from extractor.layout import read
from extractor.pipeline import Config, process

from helpers import real_pdf


def _as_of(name: str, page: int) -> dict[str, str | None]:
    """raw -> as_of of the figures the pipeline reads on one page of a real PDF."""
    result = process(real_pdf(f"{name}.pdf"), Config(pages=(page, page)))
    return {f.raw: f.as_of for f in result.figures}


def _figure(bbox, as_of=None) -> Figure:
    return Figure(id="f", value=1.0, unit=None, label="", raw="1", approx=None, as_of=as_of, previous=[],
                  page=1, bbox=bbox, section=None, context="", rule="digits")


@pytest.mark.slow  # the whole pipeline (spaCy) on a real page
def test_a_yearly_account_dates_each_line_by_the_year_over_it():
    got = _as_of("editionsdusamedi-rapport-financier-2024", 1)
    # "2023" alone on its line, then "Recettes : + 3878,82 €", "Dépenses : – 2941,77 €"
    assert got["+ 3878,82 €"] == "2023"
    assert got["– 2941,77 €"] == "2023"
    assert got["+ 122,92 €"] == "2022"


@pytest.mark.slow  # the whole pipeline (spaCy) on a real page
def test_a_caption_dates_its_table():
    got = _as_of("urssaf-ragllm-document", 2)  # "Nombre de comptes actifs par catégorie en 2001"
    assert got["1 721 418"] == "2001"
    assert got["36%"] == "2001"


@pytest.mark.slow  # the whole pipeline (spaCy) on a real page
def test_column_headers_date_their_cells():
    got = _as_of("betagouv-bilan-2023", 25)  # columns "Décembre 2023", "Juin 2023", "Octobre 2022"
    assert (got["159"], got["404"], got["302"]) == ("2023-12", "2023-06", "2022-10")


def test_a_comparison_is_not_a_reference_date():
    # key figures "51 Startups d'État / +18 par rapport à 2016": the 2016 dates the comparison,
    # not the figures under it; the page's title, "2017" set large in its top margin, dates them
    document = read(real_pdf("betagouv-rapportannuel-b.pdf"), pages=(4, 4))
    assert "+18 par rapport à 2016" in document.text
    assert [r.as_of for r in reference_dates.reference_blocks(document)] == ["2017"]


@pytest.mark.parametrize("text,as_of", [
    ("2023", "2023"), ("Décembre 2023", "2023-12"), ("Résultats 2022", "2022"),
    ("Situation au 31 décembre 2021", "2021-12-31"),
    ("Rapport 2022-2023", None),  # a period is the report's span
    ("+3 par rapport à 2016", None),  # a figure's comparison
    ("Le budget a été voté en 2019.", None),  # a sentence
])
def test_reference_block_text(text, as_of):
    assert reference_dates._date_of(text) == as_of


def test_a_header_over_the_figure_beats_one_left_on_its_row():
    refs = [Reference(1, 100, 10, 140, 20, "2022"), Reference(1, 200, 10, 240, 20, "2023")]
    assert reference_for(_figure((205, 40, 230, 50)), refs) == "2023"
    assert reference_for(_figure((105, 40, 130, 50)), refs) == "2022"
    assert reference_for(_figure((105, 5, 130, 9)), refs) is None  # nothing above it


@pytest.mark.slow  # the whole pipeline (spaCy) on a real page
def test_a_column_header_date_makes_the_year_precise():
    got = _as_of("rpqs_jons_assainissement_2022", 12)  # columns "31/12/2021", "31/12/2022"
    assert got["13 376,18 €"] == "2021-12-31"
    assert got["4 088,26 €"] == "2022-12-31"


@pytest.mark.slow  # the whole pipeline (spaCy) on a real page
def test_a_two_digit_year_header_dates_its_column():
    got = {(f.raw, f.as_of) for f in process(real_pdf("rpqs_jons_assainissement_2022.pdf"), Config(pages=(7, 7))).figures}
    assert {("180,11 €", "2022-01-01"), ("180,11 €", "2023-01-01")} <= got  # "Montant au 01/01/22", "… 01/01/23"


@pytest.mark.parametrize("label, named", [
    ("Année : Soutien / 2022 / Contribution des donateurs — Entrée", "2022"),  # a row that is a year
    ("Encours de la dette — 31/12/2021", "2021-12-31"),  # the column's date comes first
    ("Soutien / Contribution de 2022 — Entrée", None),  # a year inside a row's words is no row's year
    ("Contribution des donateurs", None),
])
def test_a_row_header_that_is_a_year_dates_its_cells(label, named):
    figure = _figure(None)
    figure.label = label
    assert reference_dates._label_date(figure) == named


@pytest.mark.slow  # the whole pipeline (spaCy) on a real page
def test_a_real_account_grouped_by_year_dates_each_row():
    """The association's accounts (rendered page 7: an "Année" column, "2021" or "2022" on
    each row, in its gold): each amount takes its row's year, not the date of an event above."""
    got = {(f.raw, f.as_of) for f in process(real_pdf("mbj-rapport-annuel-2020-2022.pdf"), Config(pages=(7, 7))).figures}
    assert {("35 000", "2022"), ("155 000", "2022"), ("15 000", "2021"), ("10 000", "2022"),
            ("9 500", "2021")} <= got
    assert ("35 000", "2021") not in got and ("15 000", "2022") not in got


@pytest.mark.parametrize("name,published", [
    ("betagouv-bilan-2023", "2024-02"),  # "FÉVRIER 2024" on the cover
    ("editionsdusamedi-rapport-financier-2024", "2025-03-02"),  # "02/03/2025" under the title
    ("sofifran-rapport-annuel-2022-2023", "2023-09-25"),  # "Présenté le 25 septembre 2023"
    ("rpqs_jons_assainissement_2022", "2023-07-27"),  # "Version 1 – 27/07/2023 – SK"
    ("urssaf-ragllm-document", "2004-01"),  # "Janvier 2004" in the running footer
    ("woto-bilan-mi-missions-2024", None),  # "Au 1er septembre 2024" dates the data, not the report
])
def test_publication_date_from_the_cover(name, published):
    document = read(real_pdf(f"{name}.pdf"), pages=(1, 6))  # running footers are told over pages
    assert reference_dates.publication_date(document) == published


@pytest.mark.parametrize("name,year", [
    ("prilly-analyse-financiere-ucv-2023", 2022),  # "Analyse financière des exercices 2018 à 2022"
    ("tclavier-rapport-activite-past", 2022),  # "Rapport d'activité 2013/2022"
    ("editionsdusamedi-rapport-activites-2018-2019", 2018),  # "mars 2018 - mars 2019": months, not years
])
def test_data_year_is_the_end_of_the_span_of_years_in_the_title(name, year):
    assert reference_dates.data_year(read(real_pdf(f"{name}.pdf"), pages=(1, 3))) == year
