"""Lists read as one paragraph by the layout reader come out one entry a line."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractor.layout import read
from extractor.layout.lists import entries, entry_lines
from extractor.layout.render import render

from helpers.pdfgen import text_pdf

GLOSSARY = [("Ademe", "Agence de l'environnement et de la maîtrise de l'énergie"), ("ADP", "Aéroports de Paris"),
            ("AESN", "Agence de l'eau Seine-Normandie"), ("Anah", "Agence nationale de l'habitat")]


def _page(style: str) -> list[tuple[float, float, str]]:
    """A glossary page: a heading, the entries 13 pt apart (the first wrapped over two
    lines), a paragraph after them."""
    items = [(60.0, 100.0, "Sigles et abréviations")]
    top = 130.0
    for k, (term, expansion) in enumerate(GLOSSARY):
        head = f"{term} {'.' * (30 - 2 * len(term))} " if style == "leaders" else f"{term} : "
        if k == 0:  # wrapped: the end of the expansion on the next line
            items += [(60.0, top, head + "Agence de l'environnement et de la"), (160.0, top + 13, "maîtrise de l'énergie")]
            top += 13
        else:
            items.append((60.0, top, head + expansion))
        top += 13
    items.append((60.0, top + 20, "Le rapport présente les actions menées en 2019 par ces agences."))
    return items


@pytest.mark.parametrize("style", ["leaders", "colon"])
@pytest.mark.parametrize("fmt, bullet", [("markdown", "- "), ("text", "")])
def test_glossary_entries_one_a_line(tmp_path: Path, style, fmt, bullet):
    out = render(read(text_pdf(tmp_path / "g.pdf", [_page(style)])), fmt).splitlines()
    for term, expansion in GLOSSARY:
        assert f"{bullet}{term} : {expansion}" in out
    assert "Le rapport présente les actions menées en 2019 par ces agences." in out


def test_a_list_that_is_a_note_opens_with_the_note_call():
    """The abbreviations a table's "(*)" calls, set as a note under it: the call stands before
    the first entry and stays with it; words before the first entry make no list."""
    text = "(*) AM : Assurance Maladie AF : Allocations Familiales AT : Accidents du Travail"
    assert entry_lines(text) == ["(*) AM : Assurance Maladie", "AF : Allocations Familiales",
                                 "AT : Accidents du Travail"]
    assert entries(text) == ["AM : Assurance Maladie", "AF : Allocations Familiales", "AT : Accidents du Travail"]
    assert entry_lines("Voir la page 12 AM : Assurance Maladie AF : Allocations") == [
        "Voir la page 12 AM : Assurance Maladie AF : Allocations"]


def test_contents_with_leaders_and_sentences_with_colons_are_no_list():
    assert entries("Introduction ........ 3 Le réseau ....... 5") is None
    assert entries("Le service est géré par la commune : voir le règlement. Il dessert 1 419 habitants.") is None


def test_a_real_sigle_list_read_as_one_paragraph_comes_out_one_entry_a_line():
    """The Urssaf document's abbreviations (page 3) are one block in reading order."""
    from helpers import real_pdf

    out = render(read(real_pdf("urssaf-ragllm-document.pdf"), pages=(3, 3)), "markdown").splitlines()
    for line in ("- CRDS : Contribution au Remboursement de la Dette Sociale", "- FNAL : Fonds National d'Aide au Logement",
                 "- VT : Versement Transport", "- IRCEM : Institut de Retraite Complémentaire des Employés de Maison",
                 "- AT : Accidents du Travail"):
        assert line in out


def test_a_hanging_bullet_is_read_with_its_entry_and_a_dated_list_is_a_timeline(tmp_path):
    """Bullets hung left of their entries (a gap wider than a column gutter) are read with
    them, not as a column of bullets; a list of entries that open with a day and a colon
    is a timeline, its event the entry's text after the colon."""
    from extractor.extract.dates import extract as extract_dates
    from extractor.layout import read

    from helpers.pdfgen import text_pdf

    entries = [("3 FÉVRIER", "Lancement de la plateforme d'écoute des parents"),
               ("19 AVRIL", "Convention de coopération avec la caisse de retraite"),
               ("14 JUIN", "Convention avec une association d'aide alimentaire")]
    items = [(72, 100, "Les dates de l'année 2019")]
    for k, (day, event) in enumerate(entries):
        items += [(72, 130 + 30 * k, "•"), (90, 130 + 30 * k, f"{day} : {event}")]
    document = read(text_pdf(tmp_path / "timeline.pdf", [items]))
    for day, event in entries:
        assert f"• {day} : {event}" in document.text
    timeline = {d.raw: d.event for d in extract_dates(document, None, 2019) if d.timeline}
    assert timeline == {day: event for day, event in entries}
