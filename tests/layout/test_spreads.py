"""Two-page spreads: facing pages on one landscape page read one after the other, even when
a title runs across both; a landscape table is not split."""
from __future__ import annotations

from pathlib import Path

from extractor.layout.backends import get_backend
from extractor.layout.lines import build_lines
from extractor.layout.pdf import read_pdf
from extractor.layout.spreads import find_fold

from helpers import real_pdf

TITLE = "RAPPORT D'ACTIVITÉ 2021 : LE TITRE DE LA DOUBLE PAGE"
LEFT_HEADING = "UN TITRE QUI COUVRE LES DEUX COLONNES DE LA PAGE DE GAUCHE"


def spread_pdf(path: Path, title: bool = True) -> Path:
    """A landscape A4 holding two A5 pages: on the left two columns, a heading across them,
    two columns again; on the right one column; a title across both at the top."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    width, height = landscape(A4)
    c = canvas.Canvas(str(path), pagesize=(width, height))

    def put(x: float, top: float, text: str, size: float = 9) -> None:
        c.setFont("Helvetica", size)
        c.drawString(x, height - top - size, text)

    if title:
        put(300, 25, TITLE, 14)
    for i in range(8):
        put(40, 60 + i * 12, f"Gauche A ligne {i} de la page de gauche.")
        put(215, 60 + i * 12, f"Gauche B ligne {i} de la page de gauche.")
        put(40, 200 + i * 12, f"Gauche C ligne {i} de la page de gauche.")
        put(215, 200 + i * 12, f"Gauche D ligne {i} de la page de gauche.")
    put(40, 170, LEFT_HEADING, 11)
    for i in range(30):
        put(460, 60 + i * 12, f"Droite ligne {i} du texte de la page de droite, seul.")
    c.showPage()
    c.save()
    return path


def _order(text: str) -> list[str]:
    marks = ["Gauche A", "Gauche B", LEFT_HEADING, "Gauche C", "Gauche D", "Droite ligne 0", "Droite ligne 29"]
    return sorted(marks, key=text.find)


def test_facing_pages_are_read_one_after_the_other(tmp_path):
    text = read_pdf(spread_pdf(tmp_path / "spread.pdf")).text
    assert text.startswith(TITLE + "\n\n")
    assert _order(text) == ["Gauche A", "Gauche B", LEFT_HEADING, "Gauche C", "Gauche D", "Droite ligne 0",
                            "Droite ligne 29"]
    assert "Droite ligne 0 du texte de la page de droite, seul. Droite ligne 1 du texte" in text


def test_without_a_title_across_the_fold_the_columns_already_split(tmp_path):
    path = spread_pdf(tmp_path / "plain.pdf", title=False)
    page = next(get_backend("auto").pages(path, None, None))
    assert find_fold(build_lines(page.chars, 1), page.width, page.height) is None
    assert _order(read_pdf(path).text)[-2:] == ["Droite ligne 0", "Droite ligne 29"]


def test_a_landscape_table_with_a_gutter_off_the_middle_is_no_spread():
    # a slide of four services, their 2022 and 2023 figures side by side
    name, number = "betagouv-bilan-2023.pdf", 12
    page = next(get_backend("auto").pages(real_pdf(name), (number, number), None))
    assert find_fold(build_lines(page.chars, number), page.width, page.height) is None
