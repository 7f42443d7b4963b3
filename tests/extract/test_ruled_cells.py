"""Figures read inside ruled tables take their cells' labels (extract.figures.ruled_cells):
the title, the header over the row headers, the group row, the row header, the name beside
the value under the same column header, and the column header."""
from __future__ import annotations

import pytest

from extractor import extract

from helpers import real_pdf

pytestmark = pytest.mark.slow  # extracts three real reports, one of 88 pages


def labels(pdf: str, page: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in extract(real_pdf(pdf)).figures:
        if f.page == page:
            out.setdefault(f.raw, []).append(f.label)
    return out


@pytest.fixture(scope="module")
def metro():
    return labels("metro-rapport-annuel-2019.pdf", 2)


def test_a_count_in_a_province_names_its_banner(metro):
    assert "Supermarchés / Metro — Ontario" in metro["132"]
    assert "Magasins d'escompte / Food Basics — Ontario" in metro["135"]


def test_the_total_of_a_row_under_a_spanning_header_names_the_row(metro):
    """The category cell spans two rows of banners; each row has its own total, which
    names its banner (rendered page 2: "Adonis | 10 | Adonis | 3 | | 13")."""
    assert metro["13"] == ["Supermarchés / Adonis — Total"]
    assert "Supermarchés / Metro Metro Plus — Total" in metro["327"]


def test_a_groups_one_total_on_its_last_row_stays_the_groups():
    """Under a header spanning two rows, a column with a value on every row names each
    value's row; one with a value on the last row only is the group's total."""
    from extractor.core.records import TableCell, TableRecord
    from extractor.extract.figures.ruled_cells import figures_of
    from extractor.layout.markdown import read_text

    rows = [["", "Nord", "Nord", "Total"],
            ["Agences", "Lille", "4", "4"], ["Agences", "Arras", "2", "2"],
            ["Guichets", "Lille", "5", ""], ["Guichets", "Arras", "1", "6"]]
    cells = [TableCell(row=r, col=c, text=rows[r][c], value=float(rows[r][c]), row_header=rows[r][0],
                       column_header=rows[0][c], bbox=None, page=1)
             for r in range(1, 5) for c in (2, 3) if rows[r][c]]
    table = TableRecord(id="t", page=1, pages=[1], bbox=None, title=None, caption=None, header_rows=1,
                        row_header_cols=1, rows=rows, cells=cells)
    got = [(f.raw, f.label) for f in figures_of(read_text("<t>", raw="x"), table, set()) if f.label.endswith("Total")]
    assert got == [("4", "Agences / Lille — Total"), ("2", "Agences / Arras — Total"), ("6", "Guichets — Total")]


def test_a_rows_total_takes_the_name_all_its_named_cells_share():
    """"Partenaire | Boulangerie X | 24 | Boulangerie X | 1 | 25": 25 is Boulangerie X's; a
    row whose names differ, or whose other cell is a number, names no total."""
    from extractor.core.records import TableCell, TableRecord
    from extractor.extract.figures.ruled_cells import figures_of
    from extractor.layout.markdown import read_text

    rows = [["", "Nord", "Nord", "Sud", "Sud", "Total"],
            ["Partenaire", "Boulangerie X", "24", "Boulangerie X", "1", "25"],
            ["Discount", "Super A", "97", "Super B", "135", "232"],
            ["Proximité", "-58 4 698", "3", "-58 4 698", "2", "5"]]
    cells = [TableCell(row=r, col=c, text=rows[r][c], value=float(rows[r][c]), row_header=rows[r][0],
                       column_header=rows[0][c], bbox=None, page=1)
             for r in range(1, 4) for c in (2, 4, 5)]
    table = TableRecord(id="t", page=1, pages=[1], bbox=None, title=None, caption=None, header_rows=1,
                        row_header_cols=1, rows=rows, cells=cells)
    got = {f.raw: f.label for f in figures_of(read_text("<t>", raw="x"), table, set()) if f.label.endswith("Total")}
    assert got == {"25": "Partenaire / Boulangerie X — Total", "232": "Discount — Total", "5": "Proximité — Total"}


def test_a_group_row_and_the_header_over_the_row_headers_name_the_rows():
    rpqs = labels("rpqs_jons_assainissement_2022.pdf", 5)
    assert any(label.startswith("LINEAIRE DE RESEAUX") and "Refoulement / Réseau séparatif (eaux usées)" in label
               and label.endswith("2022") for label in rpqs["2250"])
    prilly = labels("prilly-analyse-financiere-ucv-2023.pdf", 11)
    assert any("Couverture des réserves" in label and "2019" in label for label in prilly["121%"])



def test_the_figures_of_a_text_cell_open_their_label_with_its_row_header():
    """A tariff table's cell of bullets ("• 1 500 € par maison individuelle") under a row
    header naming the charge: each figure's label opens with it; a code is no row header."""
    from extractor.core.records import Figure, TableCell, TableRecord
    from extractor.extract.figures.ruled_cells import with_row_headers

    def cell(row: int, header: str, box: list[float]) -> TableCell:
        return TableCell(row=row, col=1, text="… €", value=None, row_header=header, column_header="01/01/2021",
                         bbox=box, page=6)

    table = TableRecord(id="t", page=6, pages=[6], bbox=[50, 300, 550, 500], title=None, caption=None,
                        header_rows=1, row_header_cols=1, rows=[],
                        cells=[cell(1, "Participation pour le financement (PFAC)", [200, 320, 400, 400]),
                               cell(2, "7150", [200, 400, 400, 480])])

    def figure(label: str, top: float, kind: str = "statement") -> Figure:
        return Figure(id="", value=1500.0, unit="EUR", label=label, raw="1 500 €", approx=None, as_of=None,
                      previous=[], page=6, bbox=(210, top, 260, top + 10), section=None, context="", rule="r",
                      kind=kind)

    found = [figure("par maison individuelle", 330), figure("par logement", 410),
             figure("Participation pour le financement (PFAC) : montant", 350), figure("x", 360, kind="table")]
    with_row_headers(found, table)
    assert [f.label for f in found] == ["Participation pour le financement (PFAC) : par maison individuelle",
                                        "par logement", "Participation pour le financement (PFAC) : montant", "x"]


def test_a_real_tariff_cells_figures_name_their_charge():
    """The sanitation report's other charges (rendered page 6: the PFAC row, its amounts in
    bullets per kind of dwelling, in its gold)."""
    rpqs = labels("rpqs_jons_assainissement_2022.pdf", 6)
    assert all(label.startswith("Participation pour le Financement de l'Assainissement Collectif (PFAC)")
               for label in rpqs["1 500 €"] + rpqs["1 000 €"])


def test_the_numbers_of_a_column_headed_by_an_identifier_are_no_figures():
    """A ruled table whose columns are headed "Catégorie juridique" and "Numéro SIREN
    commençant par" (rendered page 10: "7112 à 7113 | 11") lists codes: none of its numbers is
    a figure; a figure outside it, in the running text after it, stays ("sur 7 positions")."""
    page = labels("urssaf-ragllm-document.pdf", 10)
    assert not {"7111", "7112", "7150", "11", "150", "18"} & set(page), sorted(page)
    assert "7" in page


def test_identifier_columns_are_read_from_the_first_header_row():
    from extractor.core.records import TableCell, TableRecord
    from extractor.extract.figures.ruled_cells import identifier_columns

    def cell(row: int, col: int, text: str, x0: float) -> TableCell:
        return TableCell(row, col, text, float(text), "", "", [x0, 20.0 * row, x0 + 40, 20.0 * row + 12], 1)

    table = TableRecord(id="table-1", page=1, pages=[1], bbox=[10.0, 0.0, 200.0, 60.0], title=None, caption=None,
                        header_rows=1, row_header_cols=1,
                        rows=[["Code", "Effectif", "N° de lot"], ["4110", "12", "7"], ["4120", "15", "8"]],
                        cells=[cell(r, c, t, 60.0 + 60 * (c - 1)) for r, row in [(1, ["12", "7"]), (2, ["15", "8"])]
                               for c, t in enumerate(row, start=1)])
    # the row headers' column (up to the first data cell), and the "N°" column; not "Effectif"
    assert identifier_columns(table) == [(10.0, 59.0), (120.0, 160.0)]
