"""The rules the re-laid-out golden report needed (``test_layouts.py``), each on a small page
made here: key figures as a bulleted list, as a value | label table read column by column,
as cards whose value is set large with its scale; a timeline as a date | event table; a
glossary whose entries the reader joined into one paragraph. Layout reader and figure
extractor only (no spaCy): fast."""
from __future__ import annotations

from pathlib import Path

from extractor.layout import read
from extractor.layout.lists import entry_lines

from helpers.pdfgen import text_pdf


def _canvas_pdf(path: Path, items: list[tuple[str, float, float, str]]) -> Path:
    """One A4 page of ``(font, size, top, text)`` lines at x = 60, after eight lines of body
    text (the page's most common size, 10 pt)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    body = "La branche Famille verse les prestations légales et finance l'action sociale des caisses."
    for font, size, top, text in [("Helvetica", 10.0, 60.0 + 13 * k, body) for k in range(8)] + items:
        c.setFont(font, size)
        c.drawString(60, A4[1] - top - size, text)
    c.showPage()
    c.save()
    return path


def _figures(path: Path):
    from extractor.extract.figures.statements import extract

    return {f.value: f for f in extract(read(path))}


def test_a_paragraph_of_sigle_entries_is_cut_into_its_entries_keeping_offsets():
    text = "Aah : Allocation aux adultes handicapés Aco : Agence centrale des organismes\nRso : Revenu de solidarité"
    lines = entry_lines(text)
    assert lines == ["Aah : Allocation aux adultes handicapés", "Aco : Agence centrale des organismes",
                     "Rso : Revenu de solidarité"]
    assert sum(len(line) + 1 for line in lines) == len(text) + 1  # each piece and one separator, as lines
    assert entry_lines("Aah ........ Allocation aux adultes Aco ........ Agence centrale") == [
        "Aah ........ Allocation aux adultes", "Aco ........ Agence centrale"]
    sentence = "Le service est géré par la commune : voir le règlement. Il dessert 1 419 habitants."
    assert entry_lines(sentence) == [sentence]


def test_a_glossary_read_as_one_paragraph_gives_every_entry(tmp_path):
    from extractor.extract.acronyms import glossary_entries, glossary_spans

    rows = [("Helvetica-Bold", 14.0, 200.0, "GLOSSAIRE")] + [("Helvetica", 10.0, 230.0 + 12 * k, line) for k, line in
                                                           enumerate(["Aah : Allocation aux adultes handicapés",
                                                                      "Aco : Agence centrale des organismes de Sécurité sociale",
                                                                      "Caf : Caisse d'Allocations familiales"])]
    document = read(_canvas_pdf(tmp_path / "g.pdf", rows))
    found = {d.acronym: d.expansion for span in glossary_spans(document) for d in glossary_entries(document, span)}
    assert found == {"Aah": "Allocation aux adultes handicapés",
                     "Aco": "Agence centrale des organismes de Sécurité sociale",
                     "Caf": "Caisse d'Allocations familiales"}


def test_a_bulleted_list_of_quantities_is_key_figures(tmp_path):
    rows = [(60.0, 100.0, "La branche en chiffres")] + [(60.0, 130.0 + 16 * k, f"• {line}") for k, line in enumerate(
        ["13,5 millions allocataires", "35 770 salariés", "457 700 places en accueil collectif"])]
    rows += [(60.0, 200.0, "Les engagements tenus :")] + [(60.0, 220.0 + 16 * k, f"• {line}") for k, line in enumerate(
        ["le délai de traitement est de 16 jours en moyenne.", "le taux de décroché est de 79 % cette année."])]
    figures = _figures(text_pdf(tmp_path / "b.pdf", [rows]))
    assert (figures[13500000.0].key, figures[13500000.0].label) == (True, "allocataires")
    assert (figures[457700.0].key, figures[457700.0].label) == (True, "places en accueil collectif")
    assert not figures[16.0].key and not figures[79.0].key  # sentences of a list: no key figures


def test_a_label_value_table_whose_labels_wrap_is_read_row_by_row(tmp_path):
    """A narrow label column: labels wrap over two lines, so the layout reads the labels'
    column, then the values' (each cell its own block); each row becomes one card, the value
    first. (The figures themselves: ``test_layouts.py``; on this small page ``layout.tables``
    takes the rows for a table of its own.)"""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    rows = [("Allocations familiales (AF) : montant", "12,7 milliards d'euros"),
            ("Allocations familiales (AF) : bénéficiaires", "4,9 millions"),
            ("Allocation de rentrée scolaire (ARS) : montant", "2 milliards d'euros"), ("salariés", "35 770")]
    path = tmp_path / "t.pdf"
    SimpleDocTemplate(str(path)).build(
        [Paragraph("Les chiffres clés", styles["Heading1"]),
         Table([[Paragraph(label, styles["BodyText"]), Paragraph(value, styles["BodyText"])] for label, value in rows],
               colWidths=[130, 130], style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))])
    from extractor.extract.figures.cards import is_key_figure_at, join_cards

    document = join_cards(read(path))
    cards = [" ".join(document.block_text(b).split()) for b in document.blocks if b.role == "card"]
    assert cards == [f"{value} {label}" for label, value in rows]
    assert all(is_key_figure_at(document, b.start) for b in document.blocks if b.role == "card")


def test_a_date_event_table_is_a_timeline(tmp_path):
    from extractor.extract.dates import extract

    entries = [("3 FÉVRIER", "Lancement de la plateforme", "« La Caf à votre écoute »"),
               ("19 AVRIL", "Convention entre la Cnaf et la Cnav", "pour la qualité de service"),
               ("14 JUIN", "Convention avec les Restos du cœur", "pour l'accès aux droits")]
    rows = [(60.0, 80.0, "L'année en dates")]
    for k, (day, first, second) in enumerate(entries):
        rows += [(60.0, 110.0 + 40 * k, day), (160.0, 110.0 + 40 * k, first), (160.0, 122.0 + 40 * k, second)]
    dates = {d.start: d.event for d in extract(read(text_pdf(tmp_path / "d.pdf", [rows])), None, 2019) if d.timeline}
    assert dates == {"2019-02-03": "Lancement de la plateforme « La Caf à votre écoute »",
                     "2019-04-19": "Convention entre la Cnaf et la Cnav pour la qualité de service",
                     "2019-06-14": "Convention avec les Restos du cœur pour l'accès aux droits"}


def test_a_card_value_set_large_with_its_scale_is_a_card_and_the_next_heading_is_not_its_caption(tmp_path):
    path = _canvas_pdf(tmp_path / "c.pdf", [
        ("Helvetica-Bold", 20.0, 200.0, "13,5 millions"), ("Helvetica", 9.0, 223.0, "allocataires"),
        ("Helvetica-Bold", 14.0, 250.0, "Les relations avec les partenaires"),
        ("Helvetica", 10.0, 270.0, "La branche Famille noue des partenariats avec de nombreux acteurs locaux.")])
    document = read(path)
    card = next(b for b in document.blocks if document.block_text(b).startswith("13,5"))
    assert (card.role, " ".join(document.block_text(card).split())) == ("card", "13,5 millions allocataires")
    assert next(b.role for b in document.blocks if document.block_text(b).startswith("Les relations")) == "heading"
