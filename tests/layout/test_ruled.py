"""Ruled tables (layout.ruled): the rows of a ruled table of quantities and labels are read
row by row, each cell's wrapped lines together; a ruled grid of numbers and a ruled timeline
are left to the table layer and the timeline."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractor.layout import read


def ruled_table(path: Path, rows: list[tuple[list[str], ...]], widths: tuple[float, ...], x: float = 60) -> Path:
    """One ruled table at the top of a page, then a paragraph beside it in a second column:
    each row's cells hold their lines (wrapped as given), cells ruled all round."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("Helvetica", 10)
    top = 100.0
    edges = [x]
    for w in widths:
        edges.append(edges[-1] + w)
    c.line(edges[0], 842 - top, edges[-1], 842 - top)
    for row in rows:
        height = 6 + 12 * max(len(cell) for cell in row)
        for k, cell in enumerate(row):
            for j, text in enumerate(cell):
                c.drawString(edges[k] + 3, 842 - (top + 12 + 12 * j), text)
        for e in edges:
            c.line(e, 842 - top, e, 842 - (top + height))
        top += height
        c.line(edges[0], 842 - top, edges[-1], 842 - top)
    for j, text in enumerate(("Les chiffres de la branche sont tirés des", "comptes certifiés de l'année, publiés",
                              "au printemps suivant par la caisse nationale.")):
        c.drawString(edges[-1] + 40, 842 - (112 + 12 * j), text)
    c.showPage()
    c.save()
    return path


KEY_ROWS = [(["13,5", "millions"], ["allocataires"]), (["32,7", "millions"], ["personnes", "couvertes"]),
            (["94,6", "milliards", "d'euros"], ["prestations", "versées"]), (["35 770"], ["salariés"])]


def _texts(document):
    return [" ".join(document.block_text(b).split()) for b in document.blocks]


def test_a_ruled_table_of_quantities_reads_row_by_row(tmp_path):
    document = read(ruled_table(tmp_path / "key.pdf", KEY_ROWS, (60, 70)))
    texts = _texts(document)
    for value, label in KEY_ROWS:
        assert " ".join(value + label) in texts
    rows = [b for b in document.blocks if b.role == "card"]
    assert len(rows) == 4  # each row a quantity beside its label: a key figure in table form
    # the paragraph beside the table is read after it, whole
    assert texts[-1].startswith("Les chiffres de la branche") and texts[-1].endswith("caisse nationale.")


def test_a_ruled_grid_of_numbers_keeps_its_cells_apart(tmp_path):
    rows = [(["Agents"], ["165"], ["210"], ["154"]), (["Produits"], ["10"], ["12"], ["18"]),
            (["Part des femmes"], ["47 %"], ["50 %"], ["53 %"])]
    document = read(ruled_table(tmp_path / "grid.pdf", rows, (90, 50, 50, 50)))
    text = document.text
    assert "165 210" not in text and "Agents 165" not in text
    assert not [b for b in document.blocks if b.role == "card"]


@pytest.mark.parametrize("rows", [
    [(["14 JUIN"], ["Convention avec", "les Restos du cœur"]), (["3 FÉVRIER"], ["Lancement de la", "plateforme"]),
     (["1ER JANVIER"], ["Revalorisation de la", "Prime d'activité"])],
])
def test_a_ruled_timeline_is_no_table_of_quantities(tmp_path, rows):
    document = read(ruled_table(tmp_path / "dates.pdf", rows, (70, 120)))
    assert not [b for b in document.blocks if b.role == "card"]
