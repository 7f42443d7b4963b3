"""Line segments (layout.lines.build_lines): a vertical rule between two words of a row is a
cell border, so the words are two segments whatever the rows around them say; the backends
find the page's rules."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractor.layout.backends.pdfium import PdfiumBackend
from extractor.layout.backends.pdfplumber import PdfplumberBackend
from extractor.layout.lines import build_lines


def grid_under_heading(path: Path, ruled: bool) -> Path:
    """A heading in 18 pt across the first two cells of a row of key figures in 20 pt: the
    heading covers the gap between '101' and '35 770', as a justified line's stretched space
    would be covered by the lines around it."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("Times-Bold", 18)
    c.drawString(60, 842 - 148, "La branche Famille en chiffres")
    c.setFont("Times-Bold", 20)
    for x, value in ((60, "101"), (222, "35 770"), (385, "2 770")):
        c.drawString(x, 842 - 185, value)
    c.setFont("Times-Roman", 9)
    for x, label in ((60, "Caf"), (222, "salariés"), (385, "salariés en Cdd")):
        c.drawString(x, 842 - 195, label)
    if ruled:
        for x in (54, 216, 379, 541):
            c.line(x, 842 - 156, x, 842 - 204)
        for y in (156, 204):
            c.line(54, 842 - y, 541, 842 - y)
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("backend", [PdfplumberBackend, PdfiumBackend])
def test_a_vertical_rule_splits_the_cells_of_a_row(tmp_path, backend):
    [page] = backend().pages(grid_under_heading(tmp_path / "grid.pdf", ruled=True), None, None)
    verticals = sorted(round(r[0]) for r in page.rules if r[3] - r[1] > r[2] - r[0])
    assert verticals == [54, 216, 379, 541] and len(page.rules) == 6
    texts = [ln.text for ln in build_lines(page.chars, 1, page.rules)]
    assert "101" in texts and "35 770" in texts and "2 770" in texts


def test_without_the_rules_the_heading_above_joins_the_first_two_values(tmp_path):
    # what the rules are for: the gap under the heading reads as a stretched space
    [page] = PdfiumBackend().pages(grid_under_heading(tmp_path / "grid.pdf", ruled=False), None, None)
    assert page.rules == []
    texts = [ln.text for ln in build_lines(page.chars, 1, page.rules)]
    assert "101 35 770" in texts and "2 770" in texts


def test_real_cells_split_by_white_rules_take_their_column_header():
    # betagouv-bilan-2023 p25: a survey table whose grey cells are parted by white rules; the
    # answers count read on the page image: 159 in the 'Décembre 2023' column
    import extractor

    from helpers import real_pdf

    result = extractor.extract(real_pdf("betagouv-bilan-2023.pdf"), extractor.Config(pages=(24, 25)))
    labels = {f.label for f in result.figures if f.page == 25 and f.raw == "159"}
    assert labels == {"Nombre de répondants — Décembre 2023"}


def _two_column_list(path: Path) -> Path:
    """Two columns: on the left, running text set a little higher than the right column's
    bulleted list, whose bullets are a size larger than the entries; one entry is justified
    (its spaces stretched alike, 12 pt each) and wraps onto a short last line."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for k, text in enumerate(("La Caisse nationale des allocations familiales", "pilote le réseau des Caf et",
                              "finance les prestations et l'action sociale.")):
        c.setFont("Helvetica", 10)
        c.drawString(60, 842 - (197 + 12 * k), text)
    y = 842 - 200
    c.setFont("Helvetica", 12)
    c.drawString(321, y, "•")
    words = ["4,9", "millions", "Allocations", "familiales", "(AF)", ":"]
    x = 333.0
    c.setFont("Helvetica", 10)
    for w in words:
        c.drawString(x, y, w)
        x += c.stringWidth(w, "Helvetica", 10) + 12
    c.drawString(333, y - 12, "bénéficiaires")
    c.setFont("Helvetica", 12)
    c.drawString(321, y - 27, "•")
    c.setFont("Helvetica", 10)
    c.drawString(333, y - 27, "13,5 millions allocataires")
    c.showPage()
    c.save()
    return path


def test_a_justified_entry_and_a_large_bullet_keep_their_line(tmp_path):
    from extractor.layout import read

    document = read(_two_column_list(tmp_path / "list.pdf"))
    texts = [" ".join(document.block_text(b).split()) for b in document.blocks]
    assert "• 4,9 millions Allocations familiales (AF) : bénéficiaires" in texts
    assert "• 13,5 millions allocataires" in texts
    assert ("La Caisse nationale des allocations familiales pilote le réseau des Caf et finance les prestations "
            "et l'action sociale.") in texts


def test_stretched_spaces_are_a_run_of_equal_gaps():
    from extractor.layout.backends import Char
    from extractor.layout.lines import _stretched_spaces

    def row(gaps: list[float]) -> list[Char]:
        out, x = [], 60.0
        for gap in [0.0] + gaps:
            x += gap
            out.append(Char("a", x, 100.0, x + 20.0, 110.0, 10.0, False))
            x += 20.0
        return out

    assert _stretched_spaces(row([12, 12, 12.5, 12, 12]), 10.0) == {1, 2, 3, 4, 5}
    # a table row: cells a column apart, of different widths
    assert _stretched_spaces(row([12, 30, 18, 45]), 10.0) == set()
    # two stretched lines side by side, a gutter between: the gutter is not one of their spaces
    assert 5 not in _stretched_spaces(row([12, 12, 12, 12, 30, 9, 9, 9, 9]), 10.0)


def test_a_word_under_a_lone_large_sign_is_no_superscript_of_it():
    """A currency sign wrapped under its amount and hidden below the amount's box (32 pt)
    overlaps the short word under it ("dont", 21 pt, a report's key figures): the word keeps
    its own line, and a footnote marker still joins its word."""
    from extractor.layout.backends import Char

    sign = [Char("€", 138.5, 217.7, 156.3, 249.7, 32.0, True)]
    word = [Char(t, x, 227.2, x + 12.8, 248.2, 21.0, True) for t, x in zip("dont", (124.7, 137.5, 150.3, 162.7))]
    texts = [ln.text for ln in build_lines(sign + word, page=1)]
    assert "dont" in texts and "€" in texts
    body = [Char(t, 60.0 + 6 * k, 100.0, 66.0 + 6 * k, 110.0, 10.0, False) for k, t in enumerate("Caisse")]
    marker = [Char("1", 96.2, 97.0, 99.2, 103.0, 6.0, False)]
    assert [ln.text for ln in build_lines(body + marker, page=1)] == ["Caisse1"]


def _tight(words: list[str], space_advance: float, overlap: float) -> list:
    """Glyphs of 14 pt type 8 pt wide, each word's space glyph of ``space_advance`` points
    with the next word starting ``overlap`` points before the space's advance ends."""
    from extractor.layout.backends import Char

    chars, x = [], 100.0
    for n, word in enumerate(words):
        for ch in word:
            chars.append(Char(ch, x, 200.0, x + 8.0, 214.0, 14.0, False))
            x += 8.0
        if n + 1 < len(words):
            chars.append(Char(" ", x, 200.0, x + space_advance, 214.0, 14.0, False))
            x += space_advance - overlap
    return chars


def test_a_space_glyph_the_next_word_overlaps_still_breaks_the_words():
    """Type set tight draws the next word over the end of the space's advance: the space
    starts in the gap between the words (its middle lies over the next letter), and the gap
    alone (1.25 pt in 14 pt type) is too narrow to read as a space."""
    assert [ln.text for ln in build_lines(_tight(["Une", "cohorte", "de", "52"], 3.77, 2.52), 1)] \
        == ["Une cohorte de 52"]


def test_a_space_glyph_drawn_over_a_letter_breaks_nothing():
    """A space whose start and middle both lie on a glyph (over a drop cap, an overprint) is
    no word break."""
    from extractor.layout.backends import Char

    chars = [Char(ch, 100.0 + 8 * i, 200.0, 108.0 + 8 * i, 214.0, 14.0, False) for i, ch in enumerate("mot")]
    chars.append(Char(" ", 109.0, 200.0, 113.0, 214.0, 14.0, False))  # inside the "o"
    assert [ln.text for ln in build_lines(chars, 1)] == ["mot"]
