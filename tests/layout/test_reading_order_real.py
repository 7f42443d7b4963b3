"""Reading order and glyphs on a real LaTeX report: section numbers beside their headings,
Cork-encoded ligatures read as letters, page numbers under the text kept out of it; and a
pull quote set inside a sentence of a two-column page (generated) read after the text."""
from __future__ import annotations

import pytest

from extractor.layout.backends import Char
from extractor.layout.pdf import read_pdf
from extractor.layout.repair import plain_tex_codes

from helpers import real_pdf
from helpers.pdfgen import text_pdf

LATEX = "tclavier-rapport-activite-past.pdf"


@pytest.fixture(scope="module")
def latex_document():
    return read_pdf(real_pdf(LATEX))


def _headings(document) -> list[str]:
    return [document.block_text(b) for b in document.blocks if b.role == "heading"]


def test_section_numbers_stay_with_their_headings(latex_document):
    headings = _headings(latex_document)
    assert "1 Activité" in headings
    assert "1.1 Extra universitaire" in headings
    assert "\n\n1.2.4 Projet agile en détail\n\n" in latex_document.text
    assert "2 Activité de recherche et valorisation" in headings


def test_cork_ligatures_read_as_letters(latex_document):
    text = latex_document.text
    assert "afin de préparer nos étudiants" in text
    assert "vous pouvez en effet retrouver" in text
    assert "de façon efficiente" in text
    assert not any("\x10" <= ch <= "\x1f" for ch in text)


def test_page_numbers_under_the_text_are_furniture(latex_document):
    assert [(f.page, f.text) for f in latex_document.furniture if f.kind == "page_number"] == \
        [(1, "1"), (2, "2"), (3, "3"), (4, "4")]
    assert "1 développeurs" not in latex_document.text


@pytest.mark.parametrize("code, text", [("\x1c", "fi"), ("\x1b", "ff"), ("\x1e", "ffi"), ("(cid:29)", "fl"),
                                        ("\x13", "«"), ("\x16", "—")])
def test_tex_codes_of_both_backends(code, text):
    chars = [Char(ch, i, 0, i + 1, 10, 10, False) for i, ch in enumerate(["a", code, "n"])]
    out, changed = plain_tex_codes(chars)
    assert [c.text for c in out] == ["a", text, "n"] and changed == 1


def test_a_page_without_tex_codes_is_unchanged():
    chars = [Char(ch, i, 0, i + 1, 10, 10, False) for i, ch in enumerate("afin (cid:5)")]
    assert plain_tex_codes(chars) == (chars, 0)


def test_a_numbered_heading_is_one_line(tmp_path):
    # the title a quad and a half after its number: wider than a word space
    pdf = text_pdf(tmp_path / "numbered.pdf", [[
        (60, 60, "2"), (88, 60, "Bilan de l'année"),
        (60, 130, "Une première phrase du texte courant qui suit le titre."),
    ]], size=14)
    document = read_pdf(pdf)
    assert document.text.startswith("2 Bilan de l'année\n\nUne première phrase")


QUOTE = "« Un accueil proche de chez soi change tout pour les familles qui n'ont pas internet. »"


def pull_quote_pdf(path, inside: bool = True):
    """Two columns of eight lines; a pull quote in larger italic type across both after the
    fourth line, where (``inside``) both columns' sentences run on under it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]

    def put(x: float, top: float, text: str, size: float = 10, font: str = "Helvetica") -> None:
        c.setFont(font, size)
        c.drawString(x, height - top - size, text)

    left = ["Le service a ouvert trois nouveaux accueils", "en 2021 dans les quartiers prioritaires, où",
            "les familles attendaient depuis longtemps un", "lieu de conseil proche de chez elles et des",
            "agents formés aux démarches en ligne. Les", "premiers mois montrent une fréquentation",
            "en hausse de 12 % par rapport aux anciens", "locaux, surtout le samedi matin."]
    right = ["Les partenaires locaux ont été associés dès", "la conception des nouveaux accueils, en",
             "particulier les centres sociaux et les", "associations de quartier, qui orientent les",
             "familles vers les agents. Un premier bilan", "sera publié à la fin de l'année prochaine",
             "avec les chiffres de chaque accueil et les", "avis recueillis auprès des familles."]
    if not inside:
        left[3], right[3] = left[3] + ".", right[3] + "."
        left[4], right[4] = "Des " + left[4], "Des " + right[4]
    for i in range(8):
        top = 80 + i * 14 if i < 4 else 210 + (i - 4) * 14
        put(60, top, left[i])
        put(310, top, right[i])
    put(90, 150, "« Un accueil proche de chez soi change tout pour", 15, "Helvetica-Oblique")
    put(90, 170, "les familles qui n'ont pas internet. »", 15, "Helvetica-Oblique")
    c.showPage()
    c.save()
    return path


def test_a_pull_quote_inside_a_sentence_is_read_after_the_text(tmp_path):
    document = read_pdf(pull_quote_pdf(tmp_path / "quote.pdf"))
    text = document.text
    assert "proche de chez elles et des agents formés aux démarches en ligne." in text
    assert "qui orientent les familles vers les agents." in text
    assert text.index("samedi matin.") < text.index("Les partenaires locaux") < text.index(QUOTE)
    assert [document.block_text(b) for b in document.blocks if b.role == "aside"] == [QUOTE]


def test_a_quote_between_paragraphs_stays_where_it_stands(tmp_path):
    document = read_pdf(pull_quote_pdf(tmp_path / "between.pdf", inside=False))
    assert not [b for b in document.blocks if b.role == "aside"]


def test_an_accent_with_an_advance_of_its_own_is_a_space():
    """A font that maps its space glyph to U+0301: "conformité́globale" reads "conformité
    globale"; an accent drawn over its letter, or with no advance, stays an accent."""
    from extractor.layout.repair import spaces_mapped_as_accents

    word = [Char(ch, 100.0 + 5 * i, 0, 105.0 + 5 * i, 10, 10, False) for i, ch in enumerate("té")]
    after = [Char("\u0301", 110.0, 0, 113.4, 10, 10, False), Char("g", 114.0, 0, 119.0, 10, 10, False)]
    out, changed = spaces_mapped_as_accents(word + after)
    assert "".join(c.text for c in out) == "té g" and changed == 1
    over = [Char("e", 100.0, 0, 105.0, 10, 10, False), Char("\u0301", 101.0, 0, 104.0, 10, 10, False)]
    assert spaces_mapped_as_accents(over) == (over, 0)
    plain = [Char(ch, i, 0, i + 1, 10, 10, False) for i, ch in enumerate("afin")]
    assert spaces_mapped_as_accents(plain) == (plain, 0)


def test_tightly_set_words_keep_their_spaces_on_a_real_page():
    """Each word of this report's bold lines is drawn over the end of the space before it."""
    text = read_pdf(real_pdf("sofifran-rapport-annuel-2022-2023.pdf"), pages=(7, 7)).text
    assert "Une cohorte de 52 entrepreneurs a suivi" in text
