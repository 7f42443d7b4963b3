"""The layout reader on the golden PDF: reading order, furniture, de-hyphenation, offsets."""
from __future__ import annotations

import math
import re

import pytest

from helpers import GOLDEN_PDF, GOLDEN_TXT

EXCLUDED_SECTIONS = [
    ("La branche Famille en dates", "La branche Famille en chiffres"),
    ("La branche Famille en chiffres", "Les relations avec les partenaires"),
    ("GLOSSAIRE", ""),
]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("sentence", [
    "Ce chantier représente une grande réussite pour notre institution.",
    "Le conseil d'administration est composé de 35 membres",
    "La branche Famille couvre trois grands domaines",
    # split across the two columns of page 3 ("répondre rapidement à" / "la commande publique")
    "notre capacité à répondre rapidement à la commande publique.",
    # hyphenated at a column break on page 16 ("du‐" / "rant")
    "consulté 117\u00a0116 fois durant cette période",
])
def test_sentences_come_out_whole(golden_document, sentence):
    assert sentence in golden_document.text


def test_every_editorial_paragraph_is_whole(golden_document):
    from extractor.layout.markdown import clean_inline

    md = GOLDEN_TXT.read_text(encoding="utf-8")
    editorial = md.split("# « PLUS D'1 MILLION")[1].split("\n# 1\n")[0]
    paragraphs = [clean_inline(p) for p in editorial.split("\n\n")
                  if p.strip() and not p.startswith("#") and len(p.split()) > 8]
    assert len(paragraphs) >= 10
    text = squash(golden_document.text)
    # the conversion breaks some paragraphs mid-sentence: each of its pieces must be found whole
    for paragraph in paragraphs:
        assert squash(paragraph.rstrip("-")) in text, paragraph[:80]


def test_sentence_recovery_against_text_conversion(golden_document):
    from extractor.quality.evaluation import reference_sentences, sentence_recovery

    sentences = reference_sentences(GOLDEN_TXT.read_text(encoding="utf-8"), EXCLUDED_SECTIONS)
    assert len(sentences) > 150
    score, missing = sentence_recovery(sentences, golden_document.text)
    assert score >= 0.97, missing[:5]


@pytest.mark.slow
def test_plain_pdfplumber_scores_low_on_the_same_measure():
    """The measure discriminates: column-blind extraction fails it (issue: about 0.03)."""
    import pdfplumber

    from extractor.quality.evaluation import reference_sentences, sentence_recovery

    sentences = reference_sentences(GOLDEN_TXT.read_text(encoding="utf-8"), EXCLUDED_SECTIONS)
    with pdfplumber.open(GOLDEN_PDF, pages=list(range(1, 21))) as pdf:
        plain = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert sentence_recovery(sentences, plain)[0] < 0.2


def test_no_line_mixes_two_columns(golden_document):
    """Walking the text, consecutive characters on one printed line are never further apart
    than a stretched justified space (< 20 pt): a jump across a gutter (>= 23 pt here) would be."""
    d = golden_document
    checked = 0
    for block in d.blocks:
        if block.role == "toc":  # a contents entry spans its drawn leader on purpose
            continue
        prev = None
        for i in range(block.start, block.end):
            if math.isnan(d.char_x0[i]):
                continue
            same_glyph = d.char_x0[i] == d.char_x0[prev] if prev is not None else False  # a ligature's letters
            if prev is not None and not same_glyph and d.char_page[i] == d.char_page[prev] and abs(d.char_top[i] - d.char_top[prev]) < 1:
                gap = d.char_x0[i] - d.char_x1[prev]
                assert -0.3 * block.size < gap < 20, (d.char_page[i], d.text[max(block.start, i - 40): i + 10])
                checked += 1
            prev = i
    assert checked > 30000


def test_running_headers_and_page_numbers_are_furniture(golden_document):
    d = golden_document
    assert "RAPPORT D'ACTIVITÉ 2019" not in d.text
    assert not re.search(r"^BRANCHE FAMILLE$", d.text, re.M)
    kinds = [f.kind for f in d.furniture]
    assert kinds.count("page_number") >= 19
    headers = {f.text for f in d.furniture if f.kind == "header"}
    assert {"RAPPORT D’ACTIVITÉ 2019", "BRANCHE FAMILLE"} <= headers or \
        {"RAPPORT D'ACTIVITÉ 2019", "BRANCHE FAMILLE"} <= {h.replace("’", "'") for h in headers}
    # a lone page number never survives as its own block
    assert not any(re.fullmatch(r"\d{1,2}", d.block_text(b)) for b in d.blocks if b.role != "value")


def test_dehyphenation_rejoins_words_and_keeps_compounds(golden_document):
    text = golden_document.text
    assert "\u2010" not in text and "\u00ad" not in text
    # words the PDF breaks at line ends (U+2010), found rejoined
    assert "prestations extra-légales" in text  # "presta‐/tions" on page 3, compound kept
    assert "les alloca" not in re.sub(r"les allocataires|les allocations", "", text)
    assert "parentalité" in text and "parenta " not in text
    for compound in ("extra-légales", "rendez-vous", "Visiocont@ct", "haltes-garderies"):
        assert compound in text


def test_normalisation_keeps_number_separators(golden_document):
    text = golden_document.text
    assert "’" not in text and "ﬁ" not in text
    assert "35\u00a0770 salariés" in text  # the no-break space is the thousands separator


def test_offsets_map_back_to_page_and_box(golden_document):
    d = golden_document
    i = d.text.index("Ce chantier représente")
    page, bbox = d.locate(i, i + len("Ce chantier représente"))
    assert page == 3
    x0, top, x1, bottom = bbox
    assert 50 < x0 < 200 and x1 < 300 and 550 < top < 820 and bottom - top < 15
    # every visible character has a page and a box
    ink = [i for i, ch in enumerate(d.text) if not ch.isspace()]
    assert all(d.char_page[i] > 0 and not math.isnan(d.char_x0[i]) for i in ink)


def test_key_figure_cards_are_assembled(golden_document):
    d = golden_document
    cards = [d.block_text(b) for b in d.blocks if b.role == "card"]
    assert "13,5 millions d'allocataires (au 30 juin 2019)" in cards
    assert "4,9 millions de bénéficiaires" in cards
    assert "Plus de 3\u00a0300 points d'accueil Caf ou partenaires" in cards
    i = d.text.index("4,9 millions de bénéficiaires")
    assert d.section_at(i).endswith("La branche Famille en chiffres > ENFANCE > ALLOCATIONS FAMILIALES (AF)")


def test_timeline_entries_read_heading_then_text(golden_document):
    d = golden_document
    i = d.text.index("14-18 OCTOBRE")
    j = d.text.index("Forum mondial de la Sécurité sociale")
    assert i < j and "\n\n" == d.text[i + len("14-18 OCTOBRE"): j]
    assert "19 SEPTEMBRE" in d.text  # a date heading wrapped over two lines


def test_text_document_from_markdown(golden_text_document):
    d = golden_text_document
    assert d.source == "text" and d.pages == 0
    assert d.title == "RAPPORT D'ACTIVITÉ DE LA BRANCHE FAMILLE"  # not the cover's bare "2019"
    headings = [d.block_text(b) for b in d.headings()]
    assert "La branche Famille en dates" in headings and "GLOSSAIRE" in headings
    assert "montée en puissance de la prestation de service jeunes" in d.text  # "puis-" / "sance"
    assert "**" not in d.text and "<sup>" not in d.text
    assert d.locate(10, 20) == (None, None)


def test_page_range_selection(tmp_path):
    from extractor.layout import read

    d = read(GOLDEN_PDF, pages=(7, 7))
    assert d.pages == 1 and "13 FÉVRIER" in d.text and "Ce chantier" not in d.text
    assert {b.page for b in d.blocks} == {7}


def test_generated_two_column_pdf(tmp_path):
    from extractor.layout import read

    from helpers.pdfgen import two_columns

    d = read(two_columns(tmp_path / "cols.pdf"))
    assert "RAPPORT ANNUEL" not in d.text
    order = [m.group(0) for m in re.finditer(r"(Gauche|Droite) \d-\d+", d.text)]
    expected = [f"{side} {p}-{i}" for p in range(3) for side in ("Gauche", "Droite") for i in range(12)]
    assert order == expected


def test_grids_of_cards_read_row_by_row(golden_document):
    """Key-figure cards are read left to right, then the next row: a "dont" leads on to the
    card printed after it."""
    text = golden_document.text
    order = ["13,5 millions", "32,7 millions", "13,9 millions", "94,6 milliards", "5,6 milliards",
             "+ 1,5 milliard", "457\u00a0700", "1\u00a0880", "13,7 millions", "131,6 millions",
             "6,5 millions", "8,9 millions", "1,8 million", "3\u00a0300", "880 millions"]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)


def test_card_assembly_does_not_depend_on_the_page_range():
    from extractor.layout import read

    d = read(GOLDEN_PDF, pages=(8, 8))
    cards = [d.block_text(b) for b in d.blocks if b.role == "card"]
    assert "13,5 millions d'allocataires (au 30 juin 2019)" in cards


def test_a_box_title_heads_only_its_box(golden_document):
    """"LES COMPTES 2019 CERTIFIÉS" titles its shaded box on page 8: the paragraph inside is in
    its section, the key-figure cards printed after the box are not."""
    d = golden_document
    inside = d.section_at(d.text.index("En 2019, pour la septième année consécutive"))
    after = d.section_at(d.text.index("13,5 millions d'allocataires"))
    assert inside.endswith("La branche Famille en chiffres > LES COMPTES 2019 CERTIFIÉS")
    assert after.endswith("LA BRANCHE FAMILLE EN QUELQUES MOTS > La branche Famille en chiffres")


def test_plain_line_end_hyphens_decided_by_the_document(tmp_path):
    """A report that breaks words with plain hyphens: "em-" / "ploi" is re-joined, a compound
    the report prints with its hyphen elsewhere ("extra-légales") keeps it."""
    from extractor.layout import read

    from helpers.pdfgen import text_pdf

    lines = ["Les aides extra-légales et les prestations sont versées chaque mois aux familles em-",
             "ployées dans la région, ainsi que les aides extra-",
             "légales des caisses, pour la recherche d'un em-",
             "ploi durable et un emploi stable dans la région."]
    pdf = text_pdf(tmp_path / "hyphens.pdf", [[(50, 300 + 14 * i, line) for i, line in enumerate(lines)]])
    text = read(pdf).text
    assert "familles employées" in text and "d'un emploi durable" in text
    assert text.count("extra-légales") == 2


def test_a_number_in_the_margin_band_is_a_page_number_only_where_pages_are_numbered(tmp_path):
    """A lone number in the bottom band is a page number when other pages have one at that
    height, or when it is near the page's place in the file; a key figure set at the foot of a
    column ("101", then its caption beside it) on an unnumbered page stays text."""
    from extractor.layout import read

    from helpers.pdfgen import text_pdf

    body = [(60.0, 100.0 + 14 * k, f"Le réseau compte de nombreuses caisses et agences, ligne {k}.") for k in range(5)]
    pages = [body + [(290.0, 800.0, str(n))] for n in (1, 2, 3)] + [body + [(60.0, 772.0, "101"), (130.0, 772.0, "Caf")]]
    document = read(text_pdf(tmp_path / "p.pdf", pages))
    assert sorted(f.text for f in document.furniture if f.kind == "page_number") == ["1", "2", "3"]
    assert "101 Caf" in " ".join(document.text.split())


def test_numbers_that_change_from_page_to_page_are_page_numbers_a_repeated_one_is_text(tmp_path):
    """Two pages of a longer report ("60", "61" at their foot, far from their place in the
    file) and a year set atop both ("2017", the same on each): the first are page numbers, the
    year is text."""
    from extractor.layout import read

    from helpers.pdfgen import text_pdf

    body = [(60.0, 120.0 + 14 * k, f"Les chiffres clés de l'année, ligne {k}.") for k in range(5)]
    pages = [body + [(280.0, 40.0, "2017"), (290.0, 805.0, str(n))] for n in (60, 61)]
    document = read(text_pdf(tmp_path / "p.pdf", pages))
    assert sorted(f.text for f in document.furniture if f.kind == "page_number") == ["60", "61"]
    assert document.text.count("2017") == 2


def test_the_two_page_numbers_of_a_spread_are_page_numbers(tmp_path):
    """Facing pages set on one wide page: two numbers at its foot, following each other ("40",
    "41"), far from the page's place in the file; a lone number that repeats ("2017") is text."""
    from extractor.layout import read

    from helpers.pdfgen import text_pdf

    body = [(60.0, 120.0 + 14 * k, f"Les chiffres clés de l'année, ligne {k}.") for k in range(5)]
    body += [(330.0, 120.0 + 14 * k, f"La suite du rapport, ligne {k}.") for k in range(5)]
    pages = [body + [(60.0, 805.0, str(n)), (520.0, 805.0, str(n + 1))] for n in (40, 42, 44)]
    document = read(text_pdf(tmp_path / "s.pdf", pages))
    assert sorted(int(f.text) for f in document.furniture if f.kind == "page_number") == list(range(40, 46))
