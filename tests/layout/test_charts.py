"""Charts kept out of the running text: axis ticks dropped, value labels read apart as chart
labels (``kind="chart"`` figures), on generated bar charts; no chart found in text or tables
that only look regular (real pages)."""
from __future__ import annotations

from pathlib import Path

import pytest

import extractor
from extractor.extract.figures import statements
from extractor.layout.backends import get_backend
from extractor.layout.charts import find_charts
from extractor.layout.lines import build_lines
from extractor.layout.pdf import read_pdf

from helpers import real_pdf

BEFORE = "La fréquentation a fortement progressé depuis l'ouverture du site en 2018, avec"
AFTER = "Le nombre de visiteurs a atteint 385 personnes en 2022, soit 265 de plus qu'en 2018."
VALUES = [120, 180, 260, 310, 385]


def bar_chart_pdf(path: Path, angle: float) -> Path:
    """A paragraph, a bar chart (value axis 0-400, a value on each bar, the years 2018-2022
    under the bars set at ``angle`` degrees), a paragraph."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]
    c.setFont("Helvetica", 10)
    c.drawString(60, height - 80, BEFORE)
    c.drawString(60, height - 94, "un public plus jeune et plus nombreux chaque année, comme le montre le graphique.")
    c.setFont("Helvetica", 8)
    base = height - 330
    for k, tick in enumerate([0, 100, 200, 300, 400]):
        c.drawRightString(100, base + k * 40 - 3, str(tick))
        c.line(105, base + k * 40, 450, base + k * 40)
    for k, value in enumerate(VALUES):
        x = 130 + k * 65
        c.rect(x, base, 30, value * 0.4, fill=1, stroke=0)
        c.drawCentredString(x + 15, base + value * 0.4 + 4, str(value))
        c.saveState()
        c.translate(x + 15, base - 12)
        c.rotate(angle)
        c.drawCentredString(0, -8, str(2018 + k)) if angle == 0 else c.drawString(-24, -8, str(2018 + k))
        c.restoreState()
    c.setFont("Helvetica", 10)
    c.drawString(60, base - 70, AFTER)
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("angle", [0, 45, -45, 90])
def test_chart_labels_stay_out_of_the_text(tmp_path, angle):
    document = read_pdf(bar_chart_pdf(tmp_path / "chart.pdf", angle))
    body = "".join(document.text[b.start:b.end] + "\n" for b in document.blocks if b.role != "chart")
    assert BEFORE in body and AFTER in body
    # neither the ticks (0 … 400, the years) nor the values are running text
    assert body.count("\n") == 2
    assert not any(f" {d} " in f" {body} " for d in "0123456789")
    charts = [document.text[b.start:b.end] for b in document.blocks if b.role == "chart"]
    assert sorted(int(t) for t in " ".join(charts).split()) == VALUES


@pytest.mark.parametrize("angle", [0, 45, -45])
def test_category_labels_read_whole(tmp_path, angle):
    path = bar_chart_pdf(tmp_path / "chart.pdf", angle)
    page = next(get_backend("auto").pages(path, None, None))
    [chart] = find_charts(build_lines(page.chars, 1))
    assert chart.categories == ["2018", "2019", "2020", "2021", "2022"]
    assert sorted(ln.text for ln in chart.labels) == [str(v) for v in VALUES]


def test_chart_values_are_chart_figures_never_statements(tmp_path):
    # the figure extractor without its spaCy Doc (labels from the text alone): fast
    figures = statements.extract(read_pdf(bar_chart_pdf(tmp_path / "chart.pdf", 45)))
    kinds = {(f.raw, f.kind) for f in figures}
    assert {(str(v), "chart") for v in VALUES} <= kinds
    assert ("385", "statement") in kinds  # the sentence's own figure
    assert not any(f.raw in {"2", "0", "1", "8", "9"} for f in figures)


@pytest.mark.slow
def test_chart_figures_through_the_whole_pipeline(tmp_path):
    result = extractor.extract(bar_chart_pdf(tmp_path / "chart.pdf", 45))
    assert {f.raw for f in result.figures if f.kind == "chart"} == {str(v) for v in VALUES}
    assert not any(f.raw in {"2", "0", "1", "8", "9"} for f in result.figures)


@pytest.mark.parametrize("name, page", [
    ("editionsdusamedi-rapport-financier-2024.pdf", 1),  # year headings, evenly spaced
    ("urssaf-ragllm-document.pdf", 14),  # a table's numbered rows
    ("metro-rapport-annuel-2019.pdf", 47),  # a statement of equity: columns of numbers
])
def test_regular_text_and_tables_are_no_chart(name, page):
    for chars in get_backend("auto").pages(real_pdf(name), (page, page), None):
        assert find_charts(build_lines(chars.chars, page)) == []
