"""Table cells: the unit and scale a table states once (its caption, a section line), the
accounting negatives, and which dollar "$" is."""
from __future__ import annotations

import pytest

from extractor.extract.figures import extract
from extractor.extract.figures.currency import currency_of, dollar_of
from extractor.extract.figures.table_cells import unit_of
from extractor.layout.pdf import read_pdf

from helpers.pdfgen import text_pdf

ROWS = [
    (50, 40, "Nos magasins du Québec et de l'Ontario ont vendu pour 2,5 millions $ de fleurs."),
    (50, 80, "Comptes de résultat"),
    (50, 94, "(en millions de dollars, sauf le bénéfice par action)"),
    (300, 110, "2019"), (380, 110, "2018"),
    (300, 118, "(53 semaines)"),
    (50, 126, "Chiffre d'affaires"), (300, 126, "16 767,5"), (380, 126, "14 383,4"),
    (50, 140, "Coût des marchandises"), (300, 140, "(15 416,0)"), (380, 140, "(13 329,5)"),
    (50, 154, "Bénéfice par action"), (300, 154, "2,78"), (380, 154, "7,16"),
    # a section line further from its rows than a paragraph's line spacing: still the table
    (50, 180, "RATIOS (en %)"),
    (50, 194, "Marge bénéficiaire"), (300, 194, "7,0"), (380, 194, "7,9"),
    (50, 208, "Nombre de magasins"), (300, 208, "950"), (380, 208, "948"),
    (50, 220, "Dette/capital total"), (300, 220, "30,6"), (380, 220, "31,7"),
    # a section of two lines, the first one further than a paragraph's line spacing
    (50, 232, "PAR ACTION"), (50, 244, "(en dollars)"),
    # the section's last line further from its first row than a paragraph's line spacing
    (50, 262, "Dividendes"), (300, 262, "0,7800"), (380, 262, "0,7025"),
    (50, 274, "STRUCTURE FINANCIÈRE"),
    (50, 288, "Capitaux propres"), (300, 288, "6 412,8"), (380, 288, "6 155,4"),
]


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    pdf = text_pdf(tmp_path_factory.mktemp("tables") / "comptes.pdf", [ROWS])
    return extract(read_pdf(pdf))


def _cell(figures, raw):
    return next(f for f in figures if f.raw == raw)


def test_caption_scale_and_dollar(figures):
    f = _cell(figures, "16 767,5")
    assert (f.value, f.unit, f.rule, f.kind) == (16_767_500_000, "CAD", "table_cell", "table")
    assert "Chiffre d'affaires" in f.label and f.as_of == "2019"


def test_parenthesised_amount_is_negative(figures):
    f = _cell(figures, "(15 416,0)")
    assert (f.value, f.unit) == (-15_416_000_000, "CAD")


def test_per_share_row_is_not_scaled(figures):
    assert (_cell(figures, "2,78").value, _cell(figures, "2,78").unit) == (2.78, "CAD")


def test_section_line_unit_overrides_caption(figures):
    f = _cell(figures, "7,0")
    assert (f.value, f.unit) == (7.0, "%")


def test_a_ratio_of_amounts_is_a_share(figures):
    f = _cell(figures, "30,6")
    assert (f.value, f.unit) == (30.6, "%")


def test_amount_word_takes_the_document_currency(figures):
    # "Capitaux" names an amount; the caption also says which: millions of dollars
    assert _cell(figures, "6 412,8").unit == "CAD"


def test_count_row_keeps_its_value(figures):
    # no unit of its own: the caption's scale is for amounts
    f = _cell(figures, "950")
    assert f.value == 950


def test_section_line_heads_the_rows_under_it(figures):
    # a section in capitals states no unit: the caption's (millions of dollars) holds again,
    # and the section's name goes with the rows under it, not the row above
    f = _cell(figures, "6 412,8")
    assert (f.value, f.unit) == (6_412_800_000, "CAD")
    assert "STRUCTURE" not in _cell(figures, "950").label
    assert "STRUCTURE FINANCIÈRE" in _cell(figures, "6 412,8").label


def test_rows_under_a_section_carry_its_name(figures):
    assert "PAR ACTION" in _cell(figures, "0,7800").label and "Dividendes" in _cell(figures, "0,7800").label


def test_two_line_section_keeps_the_table_going(figures):
    f = _cell(figures, "0,7800")
    assert (f.value, f.unit, f.rule) == (0.78, "CAD", "table_cell")
    assert "PAR ACTION" in f.label and f.as_of == "2019"


def test_dollar_in_running_text(figures):
    f = _cell(figures, "2,5 millions $")
    assert (f.value, f.unit, f.kind) == (2_500_000, "CAD", "statement")


@pytest.mark.parametrize("text, dollar", [
    ("Nos activités au Canada et au Québec.", "CAD"),
    ("Nos filiales aux États-Unis, marché américain.", "USD"),
    ("Un rapport sans pays.", "USD"),
    ("Ventes aux États-Unis, siège au Québec, magasins en Ontario.", "CAD"),
])
def test_dollar_from_the_document_words(text, dollar):
    assert dollar_of(text) == dollar


@pytest.mark.parametrize("text, currency", [
    ("Valeur en CHF. Recettes en francs, Francs par habitant; un coût de 3 €.", "CHF"),
    ("Une subvention de 250 000 FCFA, 100 000 francs CFA.", "XAF"),
    ("3 € et 5 euros, 2 CHF.", "EUR"),
    ("Un rapport qui ne nomme aucune monnaie.", "EUR"),
    ("12 $ au Québec.", "CAD"),
])
def test_document_currency(text, currency):
    assert currency_of(text) == currency


def test_a_reports_currency_is_read_from_its_text_once(monkeypatch):
    """Each reader of a report's cells and ``resolve`` ask for its currency: the text is
    scanned by the first of them only."""
    from extractor.extract.figures import currency

    real, scans = currency.compiled, []

    def counting(pattern):
        scans.append(pattern)
        return real(pattern)

    monkeypatch.setattr(currency, "compiled", counting)
    text = "Un rapport au Québec : 12 $ de recettes, 3 $ de dépenses, le budget de la province."
    assert currency_of(text) == "CAD"
    asked = len(scans)
    assert asked and currency_of(text) == "CAD" and dollar_of(text) == "CAD" and len(scans) == asked
    assert currency_of("3 € et 5 euros.") == "EUR" and len(scans) > asked  # another text is read


# a total row whose header states the unit ("Total réseau (ml)") states it for the rows it sums
LENGTHS = [
    (50, 60, "LINEAIRE DE RESEAUX"),
    (50, 80, "Type"), (300, 80, "2021"), (380, 80, "2022"),
    (50, 94, "Réseau séparatif (eaux usées)"), (300, 94, "10 540"), (380, 94, "13 000"),
    (50, 108, "Réseau unitaire"), (300, 108, "0"), (380, 108, "2 250"),
    (50, 122, "Total réseau (ml)"), (300, 122, "10 540"), (380, 122, "15 250"),
    (50, 150, "Nombre de postes"), (300, 150, "4"), (380, 150, "5"),
]


@pytest.fixture(scope="module")
def lengths(tmp_path_factory):
    pdf = text_pdf(tmp_path_factory.mktemp("tables") / "lineaire.pdf", [LENGTHS])
    return [f for f in extract(read_pdf(pdf)) if f.rule == "table_cell"]


def test_a_total_rows_unit_is_the_unit_of_the_rows_it_sums(lengths):
    units = {(f.raw, f.as_of): f.unit for f in lengths}
    assert units[("13 000", "2022")] == "m" and units[("0", "2021")] == "m"
    assert units[("15 250", "2022")] == "m"
    assert units[("4", "2021")] is None  # a row below the total is not one of its parts


@pytest.mark.parametrize("row, unit", [
    ("Point(s) d'impôt par rapport à l'équilibre avec les DA", "point"),
    ("Points d'impôt", "point"),
    ("Valeur du point d'impôt communal", "CHF"),
    ("Valeurdu point d'impôt communal", "CHF"),  # OCR dropped the space
    ("Points de vente", None),
    ("En nombre d'années", "year"),
    ("Durée (en mois)", "month"),
    ("Délai moyen (jours)", "day"),
    ("Pointage des arrivées", None),
])
def test_units_a_row_header_states(row, unit):
    assert unit_of("1.0", row, "2018", "", "CHF") == unit


# a Swiss-style grid: decimal points (the page proves them: "1.5%"), blank spacer rows that
# space its rows wider than a paragraph's, the last one a little wider still
GRID = [
    (50, 60, "Un taux de 1.5% en 2022 et de 1.4% en 2021."),
    (300, 100, "2021"), (380, 100, "2022"),
    (50, 122, "Dette brute"), (300, 122, "73 231 678"), (380, 122, "73 106 476"),
    (50, 154, "Point(s) d'impôt avec les DA"), (300, 154, "-2.5"), (380, 154, "0.8"),
    (50, 186, "En nombre d'années"), (300, 186, "1.0"), (380, 186, "0.9"),
    (50, 223, "Point(s) d'impôt sans les DA"), (300, 223, "-3.3"), (380, 223, "1.2"),
]


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    pdf = text_pdf(tmp_path_factory.mktemp("tables") / "grille.pdf", [GRID])
    return [f for f in extract(read_pdf(pdf)) if f.rule == "table_cell"]


def test_decimal_points_of_a_document_that_prints_them(grid):
    cells = {f.raw: (f.value, f.unit) for f in grid}
    assert cells["-2.5"] == (-2.5, "point") and cells["0.8"] == (0.8, "point")
    assert cells["1.0"] == (1.0, "year") and cells["0.9"] == (0.9, "year")


def test_a_row_in_the_grids_rhythm_goes_on_the_table(grid):
    """The last row stands further below than `row_gap`, within the grid's own spacing."""
    cells = {f.raw: f for f in grid}
    assert cells["-3.3"].unit == "point" and cells["-3.3"].as_of == "2021"
    assert "sans les DA" in cells["1.2"].label


# a table cell's label: caption + group row + row header + column header; a valueless line
# whose next row opens with a capital heads a group, one the next row continues is a wrap
GROUPS = [
    (50, 60, "Linéaire de canalisations"),
    (50, 80, "Type"), (300, 80, "2021"), (380, 80, "2022"),
    (50, 94, "Gravitaire"),
    (50, 108, "Réseau séparatif"), (300, 108, "10 540"), (380, 108, "13 000"),
    (50, 122, "Réseau unitaire"), (300, 122, "7"), (380, 122, "9"),
    (50, 136, "Refoulement"),
    (50, 150, "Réseau séparatif"), (300, 150, "31"), (380, 150, "2 250"),
    (50, 164, "Total réseau"), (300, 164, "10 578"), (380, 164, "15 272"),
    (50, 178, "Charges de fermeture et de restructuration du réseau"),
    (50, 190, "(notes 6 et 18)"), (300, 190, "44"), (380, 190, "45"),
    (50, 204, "Postes de relèvement"), (300, 204, "4"), (380, 204, "5"),
]


@pytest.fixture(scope="module")
def groups(tmp_path_factory):
    pdf = text_pdf(tmp_path_factory.mktemp("tables") / "groupes.pdf", [GROUPS])
    return {f.raw: f.label for f in extract(read_pdf(pdf)) if f.rule == "table_cell"}


def test_a_cell_label_names_the_tables_caption(groups):
    assert groups["10 540"].startswith("Linéaire de canalisations")
    assert "Réseau séparatif" in groups["10 540"] and "2021" in groups["10 540"]


def test_a_group_row_heads_the_rows_under_it(groups):
    assert "Gravitaire" in groups["7"] and "Refoulement" not in groups["7"]
    assert "Refoulement" in groups["2 250"] and "Gravitaire" not in groups["2 250"]


def test_a_total_row_closes_the_group_and_a_wrapped_header_is_no_group(groups):
    assert "Refoulement" not in groups["44"] and "(notes 6 et 18)" in groups["44"]
    assert "Charges de fermeture" not in groups["4"] and "Refoulement" not in groups["4"]


def test_a_line_across_the_table_under_its_header_heads_the_first_rows():
    # rpqs_jons p5, "LINEAIRE DE RESEAUX": 'Gravitaire' is set across the table between the
    # header and the first rows, 'Refoulement' further down (read on the page image)
    from helpers import real_pdf

    document = read_pdf(real_pdf("rpqs_jons_assainissement_2022.pdf"), pages=(4, 6))
    labels = {(f.raw, f.as_of): f.label for f in extract(document) if f.rule == "table_cell" and f.page == 5}
    assert "Gravitaire" in labels[("13000", "2022")] and "Refoulement" not in labels[("13000", "2022")]
    assert "Refoulement" in labels[("2250", "2022")] and "Gravitaire" not in labels[("2250", "2022")]


#: an income statement's last lines: the net result, who it goes to, and its sum printed again
#: under the parts without a header of its own (invented figures)
BREAKDOWN = [
    (50, 80, "(en milliers d'euros)"), (300, 80, "2022"), (380, 80, "2021"),
    (50, 94, "Produits d'exploitation"), (300, 94, "2 410,5"), (380, 94, "2 208,1"),
    (50, 108, "Charges d'exploitation"), (300, 108, "(1 980,2)"), (380, 108, "(1 862,4)"),
    (50, 122, "Résultat net"), (300, 122, "430,3"), (380, 122, "345,7"),
    (50, 140, "Attribuable aux :"),
    (50, 154, "Associés fondateurs"), (300, 154, "401,0"), (380, 154, "320,2"),
    (50, 168, "Autres associés"), (300, 168, "29,3"), (380, 168, "25,5"),
    (300, 182, "430,3"), (380, 182, "345,7"),
    (50, 200, "Effectif moyen"), (300, 200, "12"), (380, 200, "11"),
]


@pytest.fixture(scope="module")
def breakdown(tmp_path_factory):
    pdf = text_pdf(tmp_path_factory.mktemp("tables") / "resultat.pdf", [BREAKDOWN])
    return [f for f in extract(read_pdf(pdf)) if f.rule == "table_cell"]


def test_a_sum_printed_again_under_its_parts_is_the_line_they_break_down(breakdown):
    labels = {(f.raw, f.as_of): f.label for f in breakdown if f.bbox and f.bbox[1] > 175}
    assert labels[("430,3", "2022")].startswith("Résultat net") and "Attribuable" not in labels[("430,3", "2022")]
    assert labels[("345,7", "2021")].startswith("Résultat net")
    parts = {f.raw: f.label for f in breakdown if f.raw in ("401,0", "29,3")}
    assert all(label.startswith("Attribuable aux") for label in parts.values()), parts
