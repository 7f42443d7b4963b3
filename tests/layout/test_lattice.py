"""Ruled tables read from their drawn rules (layout.lattice): generated grids with reportlab,
and the real corpus's ruled tables."""
from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from extractor.layout import read
from extractor.layout.lattice import lattices
from extractor.layout.table_grid import records

from helpers import real_pdf


def ruled(path, data, spans=(), widths=None, grid=True, before=()):
    style = [("FONT", (0, 0), (-1, -1), "Helvetica", 9), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if grid:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
    style += [("SPAN", a, b) for a, b in spans]
    table = Table(data, colWidths=widths)
    table.setStyle(TableStyle(style))
    SimpleDocTemplate(str(path), pagesize=A4).build(list(before) + [table])
    return read(path)


def test_a_ruled_grid_reads_cell_by_cell_with_wrapped_cells(tmp_path):
    styles = getSampleStyleSheet()
    wrapped = Paragraph("Prestations versées aux familles allocataires de la branche", styles["BodyText"])
    doc = ruled(tmp_path / "grid.pdf", [["Poste", "2022", "2023"], [wrapped, "1 250", "1 310"],
                                        ["Frais de gestion", "85,5", "90,1"], ["Total", "1 335,5", "1 400,1"]],
                widths=[150, 60, 60])
    [table] = lattices(doc)
    assert table.rows == [["Poste", "2022", "2023"],
                          ["Prestations versées aux familles allocataires de la branche", "1 250", "1 310"],
                          ["Frais de gestion", "85,5", "90,1"], ["Total", "1 335,5", "1 400,1"]]
    assert (table.header_rows, table.row_header_cols, table.title) == (1, 1, None)


def test_a_spanning_header_stands_over_each_column_and_a_banner_is_the_title(tmp_path):
    data = [["Effectifs des caisses", "", "", ""], ["", "Hommes", "Femmes", "Total"],
            ["", "2023", "2023", "2023"], ["Agents", "4 100", "9 800", "13 900"], ["Cadres", "900", "1 100", "2 000"]]
    doc = ruled(tmp_path / "span.pdf", [r[:] for r in data], spans=[((0, 0), (3, 0)), ((1, 1), (2, 1))])
    [table] = lattices(doc)
    assert table.title == "Effectifs des caisses"
    assert table.rows[0] == ["", "Hommes", "Hommes", "Total"]
    assert table.header_rows == 2  # a row of years is a header row
    [record] = records(doc)
    cell = next(c for c in record.cells if c.text == "9 800")
    assert (cell.row_header, cell.column_header, cell.value) == ("Agents", "Hommes / 2023", 9800.0)


def test_lines_of_numbers_beside_lines_of_labels_are_rows(tmp_path):
    doc = ruled(tmp_path / "dont.pdf", [["Comptes", "Nombre", "Part"],
                                       ["Employeurs\ndont mensuels", "1 721 418\n465 285", "36 %\n10 %"],
                                       ["Indépendants", "1 404 180", "30 %"]])
    [table] = lattices(doc)
    assert table.rows[1:] == [["Employeurs", "1 721 418", "36 %"], ["dont mensuels", "465 285", "10 %"],
                              ["Indépendants", "1 404 180", "30 %"]]


def test_a_header_wrapped_over_two_lines_stays_one_row(tmp_path):
    doc = ruled(tmp_path / "header.pdf", [["Indicateur", "Résultats\n2022", "Résultats\n2023"],
                                         ["Produits lancés", "8", "7"], ["Agents impliqués", "165", "154"]])
    [table] = lattices(doc)
    assert table.rows[0] == ["Indicateur", "Résultats 2022", "Résultats 2023"]


def test_a_framed_paragraph_and_an_unruled_table_are_no_lattice(tmp_path):
    styles = getSampleStyleSheet()
    boxed = ruled(tmp_path / "box.pdf", [[Paragraph("Un encadré de texte courant, sur plusieurs lignes, "
                                                    "qui n'est pas un tableau. " * 3, styles["BodyText"])]])
    assert lattices(boxed) == []
    plain = ruled(tmp_path / "plain.pdf", [["Poste", "2022"], ["Total", "1 335"], ["Frais", "85"]], grid=False,
                  before=[Spacer(1, 20)])
    assert lattices(plain) == []


# -- the real corpus ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def rpqs_tables():
    return records(read(real_pdf("rpqs_jons_assainissement_2022.pdf"), pages=(6, 6)))


def test_a_checkbox_line_inside_a_column_is_one_cell(rpqs_tables):
    """The tariff table: a row divides each date column into "☒ | oui | ☐ | non" cells that
    no other row has; two row-header columns; group rows spanning the table carry no data."""
    tariffs = next(t for t in rpqs_tables if t.title == "TARIFS APPLICABLES")
    assert tariffs.rows[0] == ["", "", "Au 01/01/22", "Au 01/01/23", "Variation"]
    assert ["Taxes", "Assujettissement TVA", "oui non", "oui non", "/"] in tariffs.rows
    assert (tariffs.header_rows, tariffs.row_header_cols) == (1, 2)
    cell = next(c for c in tariffs.cells if c.text == "1,2045")
    assert (cell.row_header, cell.column_header, cell.value) == (
        "Part proportionnelle (€ HT/m3) / Consommation", "Au 01/01/22", 1.2045)
    assert not any(c.text == "Part de la Collectivité" for c in tariffs.cells)


def test_list_markers_in_a_cell_are_not_its_text(rpqs_tables):
    fees = next(t for t in rpqs_tables if t.title == "AUTRES PRESTATIONS")
    assert fees.rows[1][1].startswith("1 500 € par maison individuelle 1 000 €")


def test_rules_that_leave_a_column_undrawn_give_way_to_the_alignment():
    """urssaf p30: the first table is ruled cell by cell and read from its rules (words only,
    the text alignment sees no table); the second draws one border around "Nombre de TI" and
    "Structure", and the alignment's three columns are kept."""
    found = [t for t in records(read(real_pdf("urssaf-ragllm-document.pdf"), pages=(30, 30)))]
    assert [t.rows[0] for t in found] == [["Activité", "Identification", "En second lieu"],
                                          ["Catégorie Juridique", "Nombre de TI", "Structure"]]
    assert found[0].rows[1] == ["Artisans", "Forme juridique Insee 1100 ou 1300",
                                "Présence d'un N° RM Selon table APE / Catégorie juridique"]


def test_a_stub_cell_spanning_two_header_rows_makes_them_the_header(tmp_path):
    """A header row of numbers (account codes; a year misread by OCR) is still header when the
    top-left cell spans it and the row above."""
    data = [["Description", "Exercice 1", "", "Exercice 2", ""], ["", "601", "701", "601", "701"],
            ["Totaux", "64 712", "63 823", "64 658", "65 675"]]
    doc = ruled(tmp_path / "stub.pdf", data, spans=[((0, 0), (0, 1)), ((1, 0), (2, 0)), ((3, 0), (4, 0))])
    [table] = lattices(doc)
    assert table.header_rows == 2
    assert table.rows[:2] == [["Description", "Exercice 1", "Exercice 1", "Exercice 2", "Exercice 2"],
                              ["Description", "601", "701", "601", "701"]]


# -- ruled cells holding columns and entries of their own (layout.subcells) ---------------------
def test_columns_the_rules_leave_undrawn_and_entries_sharing_a_border(tmp_path):
    """One border around each region; inside, names and their counts, several entries a cell;
    the row header set once stands for each entry."""
    data = [["", "Nord", "", "Sud", "", "Total"],
            ["Agences", "Lille\nRoubaix", "12\n4", "Nice", "7", "19\n4"],
            ["Relais", "Arras", "3", "Toulon\nCannes", "2\n5", "10"],
            ["Total", "", "19", "", "14", "33"]]
    spans = [((1, 0), (2, 0)), ((3, 0), (4, 0))]
    style = [("FONT", (0, 0), (-1, -1), "Helvetica", 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("ALIGN", (2, 0), (2, -1), "RIGHT"), ("ALIGN", (4, 0), (4, -1), "RIGHT"),
             ("BOX", (0, 0), (-1, -1), 0.5, "black"), ("LINEBELOW", (0, 0), (-1, -2), 0.5, "black")]
    for a, b in [((0, 0), (0, -1)), ((2, 0), (2, -1)), ((4, 0), (4, -1))]:  # no rule inside a region
        style.append(("LINEAFTER", a, b, 0.5, "black"))
    style += [("SPAN", a, b) for a, b in spans]
    table = Table(data, colWidths=[70, 70, 40, 70, 40, 50])
    table.setStyle(TableStyle(style))
    SimpleDocTemplate(str(tmp_path / "regions.pdf"), pagesize=A4).build([table])
    [found] = lattices(read(tmp_path / "regions.pdf"))
    assert found.rows == [["", "Nord", "Nord", "Sud", "Sud", "Total"],
                          ["Agences", "Lille", "12", "Nice", "7", "19"],
                          ["Agences", "Roubaix", "4", "", "", "4"],
                          ["Relais", "Arras", "3", "Toulon", "2", "10"],
                          ["Relais", "", "", "Cannes", "5", ""],
                          ["Total", "", "19", "", "14", "33"]]


def test_a_right_aligned_line_under_left_aligned_ones_is_no_column(tmp_path):
    data = [["", "2022", "2023"], ["Actifs disponibles nets", "13 907", "16 468"],
            ["Total des réserves au bilan", "15 944", "13 593"], ["En %", "87%", "121%"]]
    style = [("FONT", (0, 0), (-1, -1), "Helvetica", 9), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
             ("ALIGN", (0, 3), (0, 3), "RIGHT")]
    table = Table(data, colWidths=[200, 60, 60])
    table.setStyle(TableStyle(style))
    SimpleDocTemplate(str(tmp_path / "right.pdf"), pagesize=A4).build([table])
    [found] = lattices(read(tmp_path / "right.pdf"))
    assert [row[0] for row in found.rows] == ["", "Actifs disponibles nets", "Total des réserves au bilan", "En %"]


def test_a_store_network_reads_region_by_region():
    """Metro's network of stores (p2): each province's border holds banners and their store
    counts; the pharmacies, drawn as a second block under the same columns, keep the header."""
    found = [t for t in records(read(real_pdf("metro-rapport-annuel-2019.pdf"), pages=(2, 2)))]
    [network] = [t for t in found if t.rows and t.rows[0][:3] == ["", "Québec", "Québec"]]
    assert ["Supermarchés", "Adonis", "10", "Adonis", "3", "", "", "13"] in network.rows
    assert ["Pharmacies", "PJC Jean Coutu PJC Santé PJC Santé Beauté", "378", "PJC Jean Coutu PJC Santé", "9",
            "PJC Jean Coutu PJC Santé PJC Santé Beauté", "28", "415"] in network.rows
    assert network.rows[-1] == ["Total pharmacies", "", "541", "", "81", "", "28", "650"]
    assert (network.header_rows, network.row_header_cols) == (1, 1)  # the banners are under "Québec"
    cell = next(c for c in network.cells if c.text == "378")
    assert (cell.row_header, cell.column_header, cell.value) == ("Pharmacies", "Québec", 378.0)


def test_text_and_markdown_write_a_ruled_table_row_by_row(tmp_path):
    """The reading-order text gives way to the ruled table's grid where the table stands."""
    from extractor.layout.render import render

    styles = getSampleStyleSheet()
    doc = ruled(tmp_path / "md.pdf", [["Activité", "Identification"], ["Artisans", "Forme juridique 1100 ou 1300"],
                                     ["Commerçants", "Forme juridique 1100 ou 1200"]],
                before=[Paragraph("Récapitulatif des critères retenus.", styles["BodyText"])])
    markdown = render(doc, "markdown")
    assert "| Activité | Identification |\n|---|---|\n| Artisans | Forme juridique 1100 ou 1300 |" in markdown
    assert markdown.count("Commerçants") == 1
    assert "Artisans | Forme juridique 1100 ou 1300\nCommerçants | Forme juridique 1100 ou 1200" in render(doc, "text")


def test_a_group_row_ends_the_header_and_labelled_columns_are_row_headers():
    """MBJ's accounts (p7): 'Année | Libellés | Entrée | Sortie', then group rows spanning the
    year and label columns ('Sensibilisation et Plaidoyer'): one header row, two row-header
    columns, each amount under its column and beside its year and label."""
    [table] = [t for t in records(read(real_pdf("mbj-rapport-annuel-2020-2022.pdf"), pages=(7, 7)))
               if t.rows and t.rows[0] == ["Année", "Libellés", "Entrée", "Sortie"]]
    assert (table.header_rows, table.row_header_cols) == (1, 2)
    cell = next(c for c in table.cells if c.text == "250 000" and c.column_header == "Entrée")
    assert cell.row_header == "2022 / Activités financées par la Fondation Orange Cameroun"
    assert cell.value == 250000.0
