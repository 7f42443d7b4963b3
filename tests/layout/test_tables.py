"""Tables as data: the grid of a table read row by row, its cells with their headers and
numbers, and the one-row-per-cell output table."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.layout import read
from extractor.layout.table_grid import records
from extractor.layout.tables import tables

from helpers import real_pdf


@pytest.fixture(scope="module")
def jons_tables():
    """The tables of a water-service report's pages 4 to 7 (subscribers, volumes, tariffs)."""
    return records(read(real_pdf("rpqs_jons_assainissement_2022.pdf"), pages=(4, 7)))


def test_a_table_reads_row_by_row_with_its_header(jons_tables):
    table = next(t for t in jons_tables if t.title == "NOMBRE D'ABONNES")
    assert table.page == 4 and table.header_rows == 1
    assert table.rows == [
        ["", "2021", "2022", "Variation"],
        ["Abonnés domestiques", "545", "587", "+ 7,7 %"],
        ["Abonnés non domestiques", "0", "0", "/"],  # "/": no value, as printed
        ["Total des abonnés", "545", "587", "+ 7,7 %"],
    ]


def test_cells_carry_their_headers_number_and_box(jons_tables):
    table = next(t for t in jons_tables if t.title == "NOMBRE D'ABONNES")
    cell = next(c for c in table.cells if c.row_header == "Total des abonnés" and c.column_header == "2022")
    assert (cell.text, cell.value) == ("587", 587.0)
    assert cell.bbox is not None and table.bbox is not None
    x0, top, x1, bottom = cell.bbox
    assert table.bbox[0] <= x0 < x1 <= table.bbox[2] and table.bbox[1] <= top < bottom <= table.bbox[3]


def test_one_output_row_per_cell_with_its_paths(jons_tables):
    from dataclasses import asdict

    from extractor.io.arrow_tables import build

    result = {"document": {"sha256": "0" * 64, "path": "jons.pdf"}, "tables": [asdict(t) for t in jons_tables]}
    frame = build([result])["tables"].to_pandas()
    assert len(frame) == sum(len(t.cells) for t in jons_tables)
    row = frame[(frame.title == "NOMBRE D'ABONNES") & (frame.row_header == "Abonnés domestiques")
                & (frame.column_header == "Variation")]
    assert row.text.tolist() == ["+ 7,7 %"] and row.page.tolist() == [4]


def test_tables_of_a_page_range_past_the_first_pages():
    """A window of pages (a long report, ``--pages``) numbers its pages from where it starts."""
    from extractor.layout.tables import tables

    found = tables(read(real_pdf("rpqs_jons_assainissement_2022.pdf"), pages=(5, 5)))
    assert {t.page for t in found} == {5} and "LINEAIRE DE RESEAUX" in {t.title for t in found}


def test_markdown_text_writes_the_table_row_by_row(capsys):
    from extractor.cli import main

    assert main(["text", str(real_pdf("rpqs_jons_assainissement_2022.pdf")), "--pages", "4", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!-- page 4 -->")
    assert "| Abonnés domestiques | 545 | 587 | + 7,7 % |" in out
    assert "Abonnés domestiques 545 Abonnés non domestiques" not in out  # the column-by-column reading
    assert "- Nom de la collectivité : Commune de JONS" in out.splitlines()


def test_plain_text_reads_a_table_one_row_a_line(capsys):
    from extractor.cli import main

    assert main(["text", str(real_pdf("rpqs_jons_assainissement_2022.pdf")), "--pages", "4", "--format", "text"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "--- page 4 ---"
    assert "Total des abonnés | 545 | 587 | + 7,7 %" in lines


@pytest.mark.parametrize("fmt, name", [("csv", "table-1.csv"), ("markdown", "tables.md"), ("parquet", "tables.parquet")])
def test_tables_command_writes_each_format(tmp_path, fmt, name):
    from extractor.cli import main

    pdf = real_pdf("rpqs_jons_assainissement_2022.pdf")
    assert main(["tables", str(pdf), "--pages", "4", "--out", str(tmp_path), "--format", fmt]) == 0
    path = tmp_path / name
    if fmt == "parquet":
        import pandas as pd

        frame = pd.read_parquet(path)
        assert frame[frame.column_header == "2022"].text.tolist() == ["587", "0", "587"]
    else:
        text = path.read_text(encoding="utf-8")
        expected = "Total des abonnés,545,587,\"'+ 7,7 %\"" if fmt == "csv" else "| Total des abonnés | 545 | 587 | + 7,7 % |"
        assert expected in text.splitlines()


def test_tables_command_on_a_missing_file_is_one_line(tmp_path, capsys):
    from extractor.cli import main

    assert main(["tables", str(tmp_path / "absent.pdf"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "absent.pdf" in err


@pytest.mark.parametrize("value_first", [True, False])
def test_a_two_column_table_of_quantities_reads_row_by_row(tmp_path, value_first):
    """Value | label (or label | value) rows: each value beside its label in the text."""
    from helpers.pdfgen import text_pdf

    rows = [("13,5 millions", "d'allocataires"), ("35 770", "salariés"), ("94,6 milliards", "de prestations versées"),
            ("457 700", "places en accueil collectif")]
    items = [(60.0, 100.0, "La branche en chiffres")]
    for k, (value, label) in enumerate(rows):
        left, right = (value, label) if value_first else (label, value)
        items += [(60.0, 130.0 + 16 * k, left), (260.0, 130.0 + 16 * k, right)]
    document = read(text_pdf(tmp_path / "t.pdf", [items]))
    texts = [document.text[b.start:b.end] for b in document.blocks]
    for value, label in rows:
        assert (f"{value} {label}" if value_first else f"{label} {value}") in texts


def test_the_tables_benchmark_scores_the_grid_cell_by_cell(jons_tables):
    """The gold's subscriber table (page 4), scored as ``benchmarks/tables.py`` scores it:
    every cell with its row and column headers."""
    import importlib.util
    import sys

    import yaml

    from helpers import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("tables_benchmark", ROOT / "benchmarks" / "tables.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    gold = yaml.safe_load((ROOT / "corpus" / "real" / "rpqs_jons_assainissement_2022" / "expected.yaml").read_text())
    table = next(t for t in gold["tables"] if t.get("caption") == "NOMBRE D'ABONNES")
    matched, got, wanted = bench.best_match(table, [t.rows for t in jons_tables if t.page == 4])
    assert (matched, got, wanted) == (9, 9, 9)


@pytest.mark.slow  # renders a layout of the golden report
@pytest.mark.slow
def test_the_last_line_of_a_sentence_over_a_table_is_no_title():
    """Rendered page 61 of Metro 2021: "… des actifs et des passifs" / "d'impôts différés
    s'établissaient comme suit :" right over the headers. The second line ends a paragraph,
    it titles nothing (it prefixed every cell's label); the caption keeps the paragraph. A
    line in brackets over the headers of page 62 stays the title: it states the unit."""
    document = read(real_pdf("metro-rapport-annuel-2021.pdf"), pages=(61, 62))
    found = tables(document)
    deferred = next(t for t in found if t.page == 61 and any("comme suit" in line for line in t.caption))
    assert deferred.title is None
    assert any(line.startswith("d'impôts différés") for line in deferred.caption)
    assert any(t.title == "(en millions de dollars, sauf indication contraire)" for t in found if t.page == 62)


def test_a_large_heading_beside_a_table_row_is_not_its_cell(tmp_path):
    """In three columns, the heading 'LA DIRECTION DE LA CNAF' (larger type) of the first
    column shares its baseline with the key-figure rows of the next: it is no cell of them
    (it made a table of them, the heading its header, and their figures lost their labels)."""
    from extractor.layout.tables import page_rows

    from helpers.layouts import LAYOUTS, render

    layout = next(layout for layout in LAYOUTS if layout.name == "3col-valuelabel-cards-colon-serif")
    document = read(render(layout, tmp_path / "three-columns.pdf"))
    page = next(b.page for b in document.blocks if "LA DIRECTION DE LA CNAF" in document.block_text(b))
    # the heading shares its baseline with the next column's cells
    assert any(any("LA DIRECTION DE" in c.text for c in row) and len(row) > 1 for row in page_rows(document, page))
    texts = [[c.text for c in row] for t in tables(document) for row in [t.headers] + t.rows]
    assert not any("LA CNAF" in cell or "LA DIRECTION DE" in cell for row in texts for cell in row)


def test_a_table_of_contents_beside_a_table_is_no_part_of_it(tmp_path):
    """Contents entries (a title and its page number, the numbers rising) share baselines with
    the rows of a table in the next column: the table is read without them (before: each entry
    a row of it, the page numbers its values)."""
    from helpers.pdfgen import text_pdf

    contents = [("Éditorial", "6"), ("La branche en quelques mots", "8"), ("Le conseil d'administration", "10"),
                ("La direction", "14"), ("La branche en dates", "14"), ("La branche en chiffres", "18")]
    items = [(60.0, 60.0, "SOMMAIRE")]
    for k, (title, number) in enumerate(contents):
        items += [(60.0, 100.0 + 18 * k, title), (280.0 - 5 * len(number), 100.0 + 18 * k, number)]
    items += [(x, top, text) for top, row in ((82.0, ("Effectifs", "2018", "2019")), (100.0, ("Agents", "4 100", "4 200")),
                                              (118.0, ("Cadres", "900", "950")))
              for x, text in zip((330.0, 450.0, 500.0), row)]
    [table] = tables(read(text_pdf(tmp_path / "c.pdf", [items])))
    assert [c.text for c in table.headers] == ["Effectifs", "2018", "2019"]
    assert [[c.text for c in row] for row in table.rows] == [["Agents", "4 100", "4 200"], ["Cadres", "900", "950"]]


def test_rows_that_read_like_contents_entries_stay_in_their_table(tmp_path):
    """A table's rows of a label and one small number each read as contents entries; their
    numbers go up and down, so they are the table's rows."""
    from helpers.pdfgen import text_pdf

    rows = [("Agences", "12"), ("Antennes", "45"), ("Points d'accueil", "30"), ("Bornes", "78")]
    items = [(60.0, 80.0, "Implantations"), (250.0, 80.0, "2019")]
    items += [(x, 98.0 + 18 * k, text) for k, row in enumerate(rows) for x, text in zip((60.0, 250.0), row)]
    [table] = tables(read(text_pdf(tmp_path / "r.pdf", [items])))
    assert [[c.text for c in row] for row in table.rows] == [list(row) for row in rows]


def _long_table(path, grid: bool, repeat: bool, after: str = ""):
    """A heading, six paragraphs, then a table of 40 rows that the page cannot hold: the
    renderer (reportlab) continues it on the next page, its header repeated or not; ``after``:
    a paragraph set right after the table's first part, on its page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    text = "Le réseau compte de nombreuses caisses dont les effectifs évoluent chaque année. " * 3
    rows = [["Caisse", "2022", "2023"]] + [[f"Caisse n° {k}", f"{1000 + k * 7919 % 613}", f"{1100 + k * 104729 % 587}"]
                                           for k in range(1, 41)]
    style = [("FONT", (0, 0), (-1, -1), "Helvetica", 9)] + ([("GRID", (0, 0), (-1, -1), 0.5, "black")] if grid else [])
    story = [Paragraph("Les effectifs des caisses", styles["Heading1"])]
    story += [Paragraph(text, styles["BodyText"]) for _ in range(6)]
    if after:  # the table cut in two by hand, a paragraph after its first part
        story += [Table(rows[:20], colWidths=[200, 80, 80], style=TableStyle(style)), Paragraph(after, styles["BodyText"]),
                  PageBreak(), Table(rows[:1] * repeat + rows[20:], colWidths=[200, 80, 80], style=TableStyle(style))]
    else:
        story.append(Table(rows, colWidths=[200, 80, 80], repeatRows=1 if repeat else 0, style=TableStyle(style)))
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return rows


@pytest.mark.parametrize("grid", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize("repeat", [True, False], ids=["header-repeated", "header-not-repeated"])
def test_a_table_continued_on_the_next_page_is_one_table(tmp_path, grid, repeat):
    """One record over both pages, its rows in order, each cell with the page it is printed
    on; the rows of the second page under the first page's header (with or without it
    repeated)."""
    rows = _long_table(tmp_path / "t.pdf", grid, repeat)
    document = read(tmp_path / "t.pdf")
    [table] = records(document)
    assert (table.pages, table.header_rows, table.rows) == ([1, 2], 1, rows)
    assert [(c.page, c.column_header) for c in table.cells if c.text == rows[-1][2]] == [(2, "2023")]
    assert {c.page for c in table.cells if c.row == 1} == {1}


def test_a_table_whose_page_goes_on_after_it_does_not_continue_on_the_next(tmp_path):
    _long_table(tmp_path / "t.pdf", False, True, after="Les effectifs de la suite sont donnés à la page suivante.")
    assert [t.pages for t in records(read(tmp_path / "t.pdf"))] == [[1], [2]]


def test_lone_dashes_and_slashes_are_the_marks_of_a_page():
    """``table_grid.marks``: a dash or slash with white space (a no-break space too) or the
    text's edge on both sides, with a position; not one inside a word or a unit."""
    from array import array

    from extractor.core.document import Document
    from extractor.layout.table_grid import marks

    text = "- 12 km/h\u00a0–\u00a0 a-b 3 / 4\n—\t/x —"
    n = len(text)
    x0 = array("f", [float(i) for i in range(n)])
    x0[text.index("3 /") + 2] = float("nan")  # a mark without a position is left out
    document = Document(path="t", text=text, pages=1, blocks=[], source="pdf", char_page=array("i", [1] * n),
                        char_x0=x0, char_top=array("f", [0.0] * n), char_x1=array("f", [i + 1.0 for i in range(n)]),
                        char_bottom=array("f", [10.0] * n))
    found = marks(document)
    assert [(c.text, c.start) for c in found[1]] == [
        ("-", 0), ("–", text.index("–")), ("—", text.index("\n—") + 1), ("—", n - 1)]


def _without_prose_by_definition(document, rows):
    """``tables._without_prose`` as its docstring says it, block by block over every row: the
    reference its indexed form must agree with."""
    from extractor.layout import tables as t

    blocks = {}
    for row in rows:
        for c in row:
            block = document.block_at(c.start)
            if block is not None and block.role in ("body", "list") and block.bbox is not None:
                blocks.setdefault(block.start, block)
    prose = set()
    for start, block in blocks.items():
        text = document.block_text(block)
        if len(text.split()) < t._data()["prose_words"] or not t._SENTENCE_END.search(text):
            continue
        x0, top, x1, bottom = block.bbox

        def beside(row):
            return any(top <= c.top <= bottom and (c.x1 <= x0 or c.x0 >= x1) and c.value is not None for c in row)

        own = [row for row in rows if any(block.start <= c.start < block.end for c in row)]
        if sum(map(beside, rows)) >= 2 and 2 * sum(map(beside, own)) < len(own):
            prose.add(start)
    return t._without_blocks(document, rows, prose)


def _zones_rows_and_left_out(document):
    """(each zone's rows as ``tables`` reads them up to ``_without_prose``, the cells that
    ``_without_prose`` leaves out of them in all)."""
    from extractor.layout import tables as t

    cols, glyphs = t._Columns(document), document.glyphs_by_page()
    zones = [t._without_headings(document, t._without_contents(document, t._rows(document, cols, zone)))
             for page in sorted(glyphs) for zone in t._zones(document, page, glyphs[page])]
    return zones, sum(sum(map(len, rows)) - sum(map(len, t._without_prose(document, rows))) for rows in zones)


@pytest.mark.slow  # reads five documents
@pytest.mark.parametrize("name", ["3col-valuelabel-cards-colon-serif", "3col-ruled-table-table-letter",
                                  "golden", "metro-rapport-annuel-2021.pdf", "urssaf-ragllm-document.pdf"])
def test_running_text_beside_rows_is_left_out_as_the_rule_says(name, tmp_path):
    """The rows of every zone without the paragraphs of running text beside them: the rows
    that the rule, read block by block over every row, leaves (``_without_prose`` finds the
    cells beside a block by their height, and a block's own rows by offset). The golden
    report in three columns sets paragraphs beside its tables; the real reports do not."""
    from extractor.layout import tables as t

    from helpers import GOLDEN_PDF
    from helpers.layouts import LAYOUTS, render

    layout = next((lay for lay in LAYOUTS if lay.name == name), None)
    path = (render(layout, tmp_path / f"{name}.pdf") if layout else GOLDEN_PDF if name == "golden" else real_pdf(name))
    document = read(path)
    zones, left_out = _zones_rows_and_left_out(document)
    for rows in zones:
        assert t._without_prose(document, rows) == _without_prose_by_definition(document, rows)
    assert (left_out > 0) == (layout is not None)


@st.composite
def _blocks_and_rows(draw):
    """A document of paragraphs (long enough to be running text, or not) and rows of cells
    (numbers or words) on a coarse grid, so that cells sit on a paragraph's top or bottom, half
    its own rows have a number beside them, and so on."""
    from extractor.core.document import Block, Document
    from extractor.layout.tables import Cell

    grid = st.integers(0, 8).map(lambda v: 10.0 * v)
    text, blocks = "", []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.sampled_from([25, 5]))
        start = len(text)
        text += " ".join(["mot"] * words) + ". "
        x0, top = draw(grid), draw(grid)
        blocks.append(Block(start, len(text) - 1, 1, (x0, top, x0 + draw(grid) + 10, top + draw(grid) + 10), 10.0, False))
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        row = []
        for _ in range(draw(st.integers(1, 4))):
            edges = [o for b in blocks for o in (b.start, b.end - 1, b.end)]  # a paragraph's first, last, next
            start = draw(st.one_of(st.sampled_from(edges), st.integers(0, len(text) - 1)))
            x0, top = draw(grid), draw(grid)
            width = draw(st.sampled_from([5.0, 10.0]))
            row.append(Cell(draw(st.sampled_from(["12", "mot"])), start, start + 1, x0, x0 + width, top, top + 5))
        rows.append(row)
    return Document(path="generated", pages=1, source="pdf", text=text, blocks=blocks), rows


@settings(max_examples=200, deadline=None)
@given(_blocks_and_rows())
def test_running_text_beside_rows_is_left_out_as_the_rule_says_on_any_geometry(case):
    from extractor.layout.tables import _without_prose

    document, rows = case
    assert _without_prose(document, rows) == _without_prose_by_definition(document, rows)


@pytest.mark.parametrize("text, value", [
    ("(15 416,0)", -15416.0),  # an accounting negative, as the accounts of a town print it
    ("(12)", -12.0),
    ("1 234 €", 1234.0),  # a unit after the number is not part of it
    ("12 %", 12.0),
    ("250 m3", 250.0),
    ("(abc)", None),
    ("—", None),  # a nil cell
    ("3,5 M€", None),  # a scale word is a statement's, not a bare cell's
])
def test_a_cell_is_read_as_a_number_without_its_unit(text, value):
    from extractor.layout.tables import Cell

    assert Cell(text, 0, len(text), 0.0, 10.0, 0.0, 10.0, ",").value == value


def _counts_table(path, gap: float, after: str = "Metro"):
    """A table of store counts as a network report sets it: per province a column of brand
    names and a column of counts right-aligned, the next province's brands ``gap`` points
    right of the counts (closer than the gap between cells)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 9)
    y = 700
    c.drawString(260, y + 30, "Québec")
    c.drawString(400, y + 30, "Ontario")
    c.drawString(500, y + 30, "Total")
    rows = [("Supermarchés", "Metro Plus", "195", after, "132", "327"),
            ("Escompte", "Super C", "97", "Food Basics", "135", "232"),
            ("Partenaire", "Première Moisson", "24", "Première Moisson", "1", "25")]
    for label, brand, count, other, count2, total in rows:
        c.drawString(60, y, label)
        c.drawString(150, y, brand)
        c.drawRightString(300, y, count)
        c.drawString(300 + gap, y, other)
        c.drawRightString(460, y, count2)
        c.drawRightString(530, y, total)
        y -= 14
    c.save()
    return path


@pytest.mark.parametrize("gap", [5.0, 7.0])
def test_a_count_set_close_to_the_next_columns_name_is_a_cell_of_its_own(tmp_path, gap):
    """"195" right-aligned in its column, "Metro" of the next column 5 to 7 points after it
    (over half a glyph height, twice a word space and more, under the gap that parts cells):
    two cells, and 195 is a figure of the table (it was read "195 Metro", a cell of no value)."""
    from extractor.extract.figures.table_cells import extract

    document = read(_counts_table(tmp_path / "counts.pdf", gap))
    found = tables(document)
    texts = [[c.text for c in row] for t in found for row in t.rows]
    assert ["Supermarchés", "Metro Plus", "195", "Metro", "132", "327"] in texts
    assert {(f.value, f.label) for f in extract(document, 2019, found)[0]} >= {
        (195.0, "Supermarchés Metro Plus — Québec"), (97.0, "Escompte Super C — Québec"), (24.0, "Partenaire Première Moisson — Québec")}


def test_a_number_and_its_own_words_stay_one_cell(tmp_path):
    """A wide gap before a lower-case word ("20,30  à 24,69", "12  personnes"): the number's
    own words, not the next column's."""
    document = read(_counts_table(tmp_path / "range.pdf", 6.0, after="à 24,69"))
    texts = [[c.text for c in row] for t in tables(document) for row in t.rows]
    assert any("195 à 24,69" in cell for row in texts for cell in row)


def test_real_counts_beside_the_next_provinces_brands_are_figures():
    """A grocer's store network (rendered page 2): per province the brands, then their store
    counts right-aligned against the next province's brands ("195 | Metro 132"); each
    Québec count is a figure under its column."""
    from extractor.extract.figures.table_cells import extract

    document = read(real_pdf("metro-rapport-annuel-2019.pdf"), pages=(2, 2))
    found = extract(document, 2019)[0]
    assert {195.0, 10.0, 97.0, 24.0} <= {f.value for f in found if f.label.endswith("Québec")}
    # the pharmacies' table under it (its header row not repeated): the counts are figures
    assert {163.0, 378.0, 9.0} <= {f.value for f in found}


def test_a_short_number_right_aligned_past_its_narrow_header_takes_its_columns_header():
    """"7,9" under "2019" (a five-year summary: headers set narrower than their columns, the
    numbers right-aligned): it takes the header of the numbers that end where it ends."""
    from extractor.layout.tables import Cell, Table, column_header

    headers = [Cell("2019", 0, 4, 258.5, 278.5, 135.0, 144.0), Cell("2018", 5, 9, 318.5, 338.5, 135.0, 144.0)]
    wide = [Cell("Rendement", 10, 19, 74.5, 200.0, 446.0, 455.0), Cell("12,3", 20, 24, 278.0, 295.5, 446.0, 455.0),
            Cell("40,1", 25, 29, 338.0, 355.5, 446.0, 455.0)]
    short = [Cell("Ratio", 30, 35, 74.5, 200.0, 432.0, 441.0), Cell("7,9", 36, 39, 283.0, 295.5, 432.0, 441.0),
             Cell("7,0", 40, 43, 343.0, 355.5, 432.0, 441.0)]
    table = Table(page=3, title=None, headers=headers, rows=[short, wide])
    assert [column_header(table, c) for c in short] == ["", "2019", "2018"]
    assert [column_header(table, c) for c in wide] == ["", "2019", "2018"]


def test_real_short_ratios_take_their_years():
    """The grocer's five-year summary (rendered page 3: "Bénéfice opérationnel*/chiffre
    d'affaires  7,9  7,0  7,3  7,3  7,0" under 2019 … 2015, as in its gold)."""
    from extractor.pipeline import Config, process

    result = process(real_pdf("metro-rapport-annuel-2019.pdf"), Config(pages=(2, 4)))
    ratios = [(f.raw, f.as_of) for f in result.figures if f.page == 3 and "opérationnel*/chiffre" in f.label]
    assert ratios == [("7,9", "2019"), ("7,0", "2018"), ("7,3", "2017"), ("7,3", "2016"), ("7,0", "2015")]
