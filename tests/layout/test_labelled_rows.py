"""Tables set without rules, of a column of row labels, a column of amounts and a column of
descriptions that wrap (``reading_order.labelled_rows``): read row by row, each row a block
of the role ``table_row`` whose label names its amounts; columns that are not such a table are read
as before."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from extractor.layout.pdf import read_pdf
from extractor.layout.reading_order import LabelledRow, labelled_rows
from extractor.pipeline import Config, process

from helpers import real_pdf
from helpers.pdfgen import text_pdf

#: (x, top, text) of a page: two years of accounts, label | amount | description
ACCOUNTS = [
    (60, 50, "Les comptes de l'association, arrêtés par le bureau en mars 2024, sont les suivants :"),
    (60, 80, "2023"),
    (60, 100, "Recettes :"), (150, 100, "+ 1 250,40 €"), (240, 100, "cotisations, dons et ventes de livres"),
    (60, 114, "Dépenses :"), (150, 114, "– 980,10 €"), (240, 114, "frais de port, impression et hébergement du"),
    (240, 128, "site internet, achats de papier"),
    (60, 142, "Résultat :"), (150, 142, "+ 270,30 €"),
    (60, 180, "2022"),
    (60, 200, "Recettes :"), (150, 200, "+ 730,00 €"), (240, 200, "cotisations"),
    (60, 214, "Dépenses :"), (150, 214, "– 815,25 €"), (240, 214, "rémunération des auteurs, frais de"),
    (240, 228, "déplacement pour deux salons"),
    (60, 242, "Résultat :"), (150, 242, "– 85,25 €"),
]


@pytest.fixture(scope="module")
def accounts(tmp_path_factory):
    return text_pdf(tmp_path_factory.mktemp("rows") / "comptes.pdf", [ACCOUNTS])


def test_rows_are_read_label_amount_description(accounts):
    document = read_pdf(accounts)
    text = " ".join(document.text.split())
    assert "Recettes : + 1 250,40 € cotisations, dons et ventes de livres" in text
    assert ("Dépenses : – 980,10 € frais de port, impression et hébergement du site internet, achats de papier "
            "Résultat : + 270,30 €") in text
    assert "Dépenses : – 815,25 € rémunération des auteurs, frais de déplacement pour deux salons" in text
    rows = [document.block_text(b) for b in document.blocks if b.role == "table_row"]
    assert rows[:2] == ["2023", "Recettes : + 1 250,40 € cotisations, dons et ventes de livres"]


def test_amounts_of_a_row_are_named_by_its_label(accounts):
    figures = {f.raw: f for f in process(accounts, Config()).figures}
    assert figures["– 980,10 €"].label == "Dépenses"  # not "frais de port", the next cell's words
    assert figures["+ 1 250,40 €"].label == "Recettes"
    assert figures["– 85,25 €"].label == "Résultat"
    assert figures["– 980,10 €"].value == pytest.approx(-980.10)


def test_a_year_heading_the_rows_is_no_date(accounts):
    """"2023" over that year's rows heads them, as a header year heads a table's column: no
    date record; a date in the text above the table stays one."""
    dates = process(accounts, Config()).dates
    assert [d.raw for d in dates] == ["mars 2024"]
    rows = [b for b in read_pdf(accounts).blocks if b.role == "table_row"]
    assert len(rows) == 8  # six rows of amounts, two year lines


def test_a_first_column_of_years_is_no_column_of_labels(tmp_path):
    """Years, then two columns of rates: the years are values, not row labels; the columns
    are read as they were, one after the other."""
    items = [(60, 100 + 14 * k, str(2019 + k)) for k in range(4)]
    items += [(150, 100 + 14 * k, f"{90 + k} %") for k in range(4)]
    items += [(240, 100 + 14 * k, f"{60 + k} %") for k in range(4)]
    document = read_pdf(text_pdf(tmp_path / "years.pdf", [items]))
    assert not any(b.role == "table_row" for b in document.blocks)


def test_three_columns_of_prose_are_columns(tmp_path):
    """Three columns of running text, the middle one not of amounts: read column by column."""
    words = "les bénévoles ont accueilli les familles chaque semaine au local".split()
    items = [(x, 100 + 14 * k, " ".join(words[k:k + 4])) for x in (60, 230, 400) for k in range(5)]
    document = read_pdf(text_pdf(tmp_path / "prose.pdf", [items]))
    assert not any(b.role == "table_row" for b in document.blocks)


def test_a_real_financial_summary_is_read_row_by_row():
    """A small association's accounts, one band a year (label, amount, description): a row's
    amount is followed by its own description, not by the next row's label."""
    document = read_pdf(real_pdf("editionsdusamedi-rapport-financier-2024.pdf"), pages=(1, 1))
    text = " ".join(document.text.split())
    assert "Recettes : +3309,06 € banque, cotisations, dons privés, projets Dépenses : – 3887,26 €" in text
    assert "Recettes : Dépenses :" not in text


def _line(x: float, top: float, text: str, size: float = 10.0):
    return SimpleNamespace(text=text, top=top, bottom=top + size, size=size, x0=x, x1=x + 5 * len(text))


def test_a_long_table_is_paired_row_by_row():
    """600 rows, a section line every ten and a description wrapped over two lines every
    third: every row holds its label, its amount and its own description lines."""
    cols: list[list] = [[], [], []]
    top = 0.0
    for k in range(600):
        if k % 10 == 0:
            cols[0].append(_line(60, top, f"Exercice {2000 + k // 10}"))
            top += 20
        cols[0].append(_line(60, top, f"Poste {k} :"))
        cols[1].append(_line(150, top, f"{k},50 €"))
        cols[2].append(_line(240, top, f"objet du poste {k}"))
        if k % 3 == 0:
            top += 14
            cols[2].append(_line(240, top, f"suite {k}"))
        top += 20
    regions = labelled_rows(cols)
    assert regions is not None
    rows = [r for r in regions if isinstance(r, LabelledRow)]
    assert len(rows) == 600 and len(regions) == 660
    assert [ln.text for ln in rows[3]] == ["Poste 3 :", "3,50 €", "objet du poste 3", "suite 3"]
    assert [ln.text for ln in rows[4]] == ["Poste 4 :", "4,50 €", "objet du poste 4"]
    assert [ln.text for ln in regions[0]] == ["Exercice 2000"]


def test_a_wider_grid_is_left_to_the_tables(tmp_path):
    """Labels, two columns of amounts and a legend beside them: four columns, read by
    ``layout.tables`` (a legend beside a grid would join its rows), not as labelled rows."""
    items = []
    for k, label in enumerate(["Engagements :", "Patrimoine :", "Revenus :"]):
        top = 100 + 14 * k
        items += [(60, top, label), (160, top, f"{62 + k} 572"), (230, top, f"{68 + k} 594"),
                  (330, top, ["bon", "acceptable", "insuffisant"][k])]
    document = read_pdf(text_pdf(tmp_path / "grid.pdf", [items]))
    assert not any(b.role == "table_row" for b in document.blocks)
