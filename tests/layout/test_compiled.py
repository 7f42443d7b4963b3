"""The compiled loops (extractor/layout/_glyphs.pyx) give exactly what their Python versions give."""
from __future__ import annotations

import random

import pytest
from test_backends import _spaces_as_own_objects

from extractor.layout import repair
from extractor.layout.backends import Char, pdfium

from helpers import GOLDEN_PDF, real_pdf

compiled = pytest.mark.skipif(pdfium._glyphs is None, reason="compiled loops not built")


def _report(name: str, tmp_path=None):
    """The PDF a test reads: the golden report, a generated one ("spaces", "forms", made in
    ``tmp_path``) or a real-world report by file name."""
    if name == "golden":
        return GOLDEN_PDF
    if name == "spaces":
        return _spaces_as_own_objects(tmp_path / "spaces.pdf")
    if name == "forms":
        return _boxes_in_forms(tmp_path / "forms.pdf")
    return real_pdf(name)


# -- the compiled character loop (extractor/layout/_glyphs.pyx) -----------------------------

def _both_loops(path):
    """(compiled chars, Python chars, text objects seen by each) of every page of ``path``."""
    import pypdfium2 as pdfium

    from extractor.layout.backends.pdfium import _chars

    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            height = page.get_size()[1]
            seen_c, seen_p = set(), set()
            yield (_chars(textpage.raw, height, seen_c, compiled=True), _chars(textpage.raw, height, seen_p, compiled=False),
                   seen_c, seen_p)
            textpage.close()
            page.close()
    finally:
        pdf.close()


def test_the_compiled_loops_are_built():
    """The install compiles them (setup.py; .ci/run installs a C compiler): without them
    everything still works, only slower, so a silent fallback would go unnoticed."""
    assert pdfium._glyphs is not None and repair._glyphs is not None


@compiled
@pytest.mark.parametrize("name", ["golden", "spaces", "pole_emploi_rapport_rso_2017.pdf",
                                  "rpqs_jons_assainissement_2022.pdf", "cnsa_rapport_annuel_2024_glossaire.pdf",
                                  "tclavier-rapport-activite-past.pdf"])
def test_compiled_and_python_loops_give_the_same_characters(name, tmp_path):
    """Glyph by glyph, every field equal (floats bit for bit): ligatures, surrogate pairs
    (Jons), line-end hyphens (CNSA), space glyphs of their own (Pôle emploi, generated), a
    font pdfium finds no glyph widths in (Thomas Clavier's LaTeX report: the loose box)."""
    path = _report(name, tmp_path)
    pages = 0
    for compiled, python, seen_c, seen_p in _both_loops(path):
        assert compiled == python
        assert [tuple(map(type, (c.x0, c.top, c.x1, c.bottom, c.size))) for c in compiled] == \
               [(float,) * 5] * len(compiled)
        assert seen_c == seen_p
        pages += 1
    assert pages >= 1


# -- what the page repairs ask of every glyph (repair.glyph_facts) ---------------------------

def _overprinted(seed: int) -> list[Char]:
    """Glyphs with copies printed on top of them, near them, and at exactly the tolerance;
    capitals, spaces, empty and several-character texts, a mathematical letter."""
    rnd = random.Random(seed)
    chars = []
    for k in range(400):
        text = rnd.choice(["a", "b", "é", "fi", " ", "\u00a0", "1", "", "A", "É", "\U0001d441", "  "])
        x0, top = rnd.choice([k * 5.0, rnd.uniform(0, 60)]), rnd.choice([700.0, rnd.uniform(690, 710)])
        size = rnd.choice([10.0, 10.0, 9.0, 30.0])
        chars.append(Char(text, x0, top, x0 + 4.5, top + size, size, rnd.random() < 0.3))
        if rnd.random() < 0.3:  # a copy: on top, or off by up to twice the tolerance
            d = rnd.choice([0.0, 0.5, 1.0, rnd.uniform(-2, 2)])
            chars.append(Char(text, x0 + d, top + rnd.choice([0.0, d]), x0 + 4.5 + d, top + size, size, False))
    rnd.shuffle(chars)
    return chars


@compiled
@pytest.mark.parametrize("seed", range(20))
def test_compiled_glyph_facts_on_generated_glyphs(seed):
    chars = _overprinted(seed)
    for tol in (0.5, 1.0, 0.0):
        found = repair.GlyphFacts(*repair._glyphs.glyph_facts(chars, tol))
        assert found == repair._glyph_facts_python(chars, tol)
        assert list(found.size_counts.items()) == list(repair._glyph_facts_python(chars, tol).size_counts.items())
        assert found.suspects and found.capitals  # some copies are on top of their glyph


@compiled
def test_compiled_glyph_facts_count_sizes_in_the_order_they_first_appear():
    """Runs of one size counted at once, a size met again after another added to its count;
    spaces not counted; -0.0 is 0.0 (Python's equality)."""
    sizes = [10.0, 10.0, 12.0, 10.0, 8.0, 12.0, 12.0, 0.0, -0.0]
    chars = [Char(t, 10.0 * k, 0.0, 10.0 * k + 5, 10.0, size, False)
             for k, (t, size) in enumerate(zip("ab cdefghi", sizes[:2] + [99.0] + sizes[2:]))]  # a space of 99 pt
    found = repair.GlyphFacts(*repair._glyphs.glyph_facts(chars, 0.5))
    python = repair._glyph_facts_python(chars, 0.5)
    assert list(found.size_counts.items()) == list(python.size_counts.items()) == [(10.0, 3), (12.0, 3), (8.0, 1),
                                                                                   (0.0, 2)]


@pytest.mark.slow
@compiled
@pytest.mark.parametrize("name, copies", [("golden", False), ("pole_emploi_rapport_rso_2017.pdf", True),
                                          ("rpqs_jons_assainissement_2022.pdf", False)])
def test_compiled_glyph_facts_on_reports(name, copies):
    """Page by page; the Pôle emploi report prints some headings twice, the Jons report sets
    formulas in mathematical letters."""
    from extractor.layout.backends import get_backend

    path = _report(name)
    tol = repair._tolerance()
    found_any = False
    for page in get_backend("pypdfium2").pages(path, None, None):
        found = repair.GlyphFacts(*repair._glyphs.glyph_facts(page.chars, tol))
        python = repair._glyph_facts_python(page.chars, tol)
        assert found == python and list(found.size_counts.items()) == list(python.size_counts.items())
        found_any = found_any or bool(found.suspects)
    assert found_any is copies


@compiled
def test_compiled_glyph_facts_leave_not_a_number_to_python():
    chars = [Char("a", 1.0, 2.0, 3.0, 4.0, 10.0, False), Char("b", 1.0, 2.0, 3.0, 4.0, float("nan"), False)]
    assert repair._glyphs.glyph_facts(chars, 0.5) is None
    assert repair.glyph_facts(chars, 0.5) == repair._glyph_facts_python(chars, 0.5)


# -- page objects: text objects counted, drawn rectangles (pdfium._count_text_objects, _boxes)

def _boxes_in_forms(path):
    """Rectangles on the page, in a Form XObject, in a form inside a form (moved and
    scaled), a rounded one and a circle (curved: not boxes), a stroke and a hairline
    rectangle (rules); text on the page and in the inner form."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.beginForm("inner")
    c.rect(10, 10, 120, 40)
    c.drawString(15, 20, "dans un formulaire")
    c.endForm()
    c.beginForm("outer")
    c.saveState()
    c.translate(30, 400)
    c.scale(1.5, 0.5)
    c.doForm("inner")
    c.restoreState()
    c.rect(40, 200, 200, 60, fill=1)
    c.roundRect(40, 100, 200, 60, 8)
    c.endForm()
    c.doForm("outer")
    c.rect(300, 600, 250, 30)
    c.rect(300, 550, 10, 30)  # narrower than a box
    c.circle(400, 300, 50)
    c.line(50, 50, 500, 50)  # a rule
    c.rect(560, 100, 1, 300, fill=1)  # a hairline rectangle: a rule too
    c.drawString(300, 700, "Texte de la page")
    c.showPage()
    c.save()
    return path


@compiled
@pytest.mark.parametrize("name", ["golden", "forms", "pole_emploi_rapport_rso_2017.pdf",
                                  "rpqs_jons_assainissement_2022.pdf", "cnsa_rapport_annuel_2024_glossaire.pdf"])
def test_compiled_page_object_walks(name, tmp_path):
    import pypdfium2
    import pypdfium2.raw as raw

    pdf = pypdfium2.PdfDocument(str(_report(name, tmp_path)))
    boxes, rules, texts, matrices = [], [], 0, []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            height = page.get_size()[1]
            found, ruled = pdfium._boxes(page, height)
            assert (found, ruled) == pdfium._boxes_python(page, height)
            count = pdfium._count_text_objects(raw, page.raw)
            assert count == pdfium._count_text_objects_python(raw, page.raw)
            every = pdfium._unseen_text_objects(raw, page, set())
            assert every == pdfium._unseen_text_objects_python(raw, page, set())
            seen = {address for address, _ in every[::2]}  # as if the text page read every other one
            assert pdfium._unseen_text_objects(raw, page, seen) == every[1::2] == \
                pdfium._unseen_text_objects_python(raw, page, seen)
            boxes, rules, texts = boxes + found, rules + ruled, texts + count
            matrices += [tuple(round(v, 2) for v in m) for _, m in every]
            page.close()
    finally:
        pdf.close()
    if name == "forms":
        # the inner form's rectangle moved and scaled by the outer form, the outer form's, the
        # page's (page height 841.89); one text in the form inside a form, one on the page
        assert [tuple(round(v, 2) for v in b) for b in boxes] == [
            (45.0, 416.89, 225.0, 436.89), (40.0, 581.89, 240.0, 641.89), (300.0, 211.89, 550.0, 241.89)]
        assert [tuple(round(v, 2) for v in r) for r in rules] == [(50.0, 791.89, 500.0, 791.89),
                                                                   (560.0, 441.89, 561.0, 741.89)]
        assert texts == 2
        # the form's text moved and scaled by the outer form's matrix, the page's as it is
        assert matrices == [(1.5, 0.0, 0.0, 0.5, 52.5, 410.0), (1.0, 0.0, 0.0, 1.0, 300.0, 700.0)]
    else:
        assert texts > 0


# -- table rows (layout.tables._grow_rows) ---------------------------------------------------

@compiled
@pytest.mark.parametrize("seed", range(10))
def test_compiled_table_rows(seed):
    """Glyph middles in runs (rows) with jitter, and limits that sometimes split a run."""
    import numpy

    from extractor.layout import tables as table_rows

    rnd = random.Random(seed)
    mids = sorted(r * 12.0 + rnd.uniform(-1.5, 1.5) for r in range(40) for _ in range(rnd.randint(1, 8)))
    limits = [rnd.choice([0.5, 1.0, 2.0, 3.0]) for _ in mids]
    mids_a, limits_a = numpy.array(mids), numpy.array(limits)
    rows = table_rows._grow_rows(mids_a, limits_a)
    assert rows.tolist() == table_rows._grow_rows_python(mids, limits)
    assert 1 < rows.max() < len(mids) - 1


# -- rows of glyphs (lines.build_lines) ------------------------------------------------------

def _glyph_soup(seed: int) -> list[Char]:
    """Lines of text in several type sizes, superscripts, no-break and other spaces, glyphs on
    exactly the same middle and x0, and empty or several-character texts."""
    rnd = random.Random(seed)
    chars = []
    for row in range(30):
        size = rnd.choice([6.0, 8.0, 9.5, 10.0, 24.0])
        base = 50.0 + row * rnd.choice([size * 1.2, size * 0.4, 3.0])
        for k in range(rnd.randint(1, 25)):
            s = rnd.choice([size, size, size * 0.6])  # some superscripts
            top = base - (s * 0.4 if s < size else 0) + rnd.choice([0.0, 0.0, rnd.uniform(-1, 1)])
            x0 = 40.0 + k * s * 0.55 + rnd.choice([0.0, 0.0, 80.0])
            text = rnd.choice(["a", "é", "1", " ", "\u00a0", "\u2009", "fi", "", "\t", "A"])
            chars.append(Char(text, x0, top, x0 + s * 0.5, top + s, s, False))
    chars += [Char("x", c.x0, c.top, c.x1, c.bottom, c.size, False) for c in rnd.sample(chars, 10)]  # same place
    rnd.shuffle(chars)
    return chars


def _row_ids(rows):
    return [[id(c) for c in row] for row in rows]


@compiled
@pytest.mark.parametrize("seed", range(25))
def test_compiled_rows_on_generated_glyphs(seed):
    from extractor.layout import lines

    chars = _glyph_soup(seed)
    rows = lines._glyphs.group_rows(chars, lines.ROW_TOLERANCE, lines.SCRIPT_RATIO)
    assert _row_ids(rows) == _row_ids(lines._group_rows_python(chars))
    assert len(rows) > 5


@pytest.mark.slow
@compiled
@pytest.mark.parametrize("name", ["golden", "pole_emploi_rapport_rso_2017.pdf", "rpqs_jons_assainissement_2022.pdf",
                                  "cnsa_rapport_annuel_2024_glossaire.pdf"])
@pytest.mark.parametrize("backend", ["pypdfium2", "pdfplumber"])
def test_compiled_rows_on_reports(name, backend):
    from extractor.layout import lines
    from extractor.layout.backends import get_backend

    path = _report(name)
    for page in get_backend(backend).pages(path, None, None):
        rows = lines._glyphs.group_rows(page.chars, lines.ROW_TOLERANCE, lines.SCRIPT_RATIO)
        assert _row_ids(rows) == _row_ids(lines._group_rows_python(page.chars)), page.number


@compiled
def test_compiled_rows_leave_not_a_number_to_python():
    from extractor.layout import lines

    chars = [Char("a", 1.0, 2.0, 3.0, 4.0, 10.0, False), Char("b", float("nan"), 2.0, 3.0, 4.0, 10.0, False)]
    assert lines._glyphs.group_rows(chars, lines.ROW_TOLERANCE, lines.SCRIPT_RATIO) is None
    assert len(lines.build_lines(chars, 1)) >= 1  # the Python pass reads it


# -- a line's geometry and type (lines.Line.measure) -----------------------------------------

@compiled
@pytest.mark.parametrize("seed", range(10))
def test_compiled_measure_on_generated_lines(seed):
    from extractor.layout import lines

    rnd = random.Random(seed)
    soup = _glyph_soup(seed)
    for _ in range(200):
        chars = rnd.sample(soup, rnd.randint(1, 12))
        for c in rnd.sample(chars, min(2, len(chars))):
            c.bold = rnd.random() < 0.5
        assert lines._glyphs.measure(chars) == lines._measure_python(chars)
    only_nbsp = [Char("\u00a0", 1.0, 2.0, 3.0, 4.0, 10.0, True)]
    assert lines._glyphs.measure(only_nbsp) == lines._measure_python(only_nbsp) == (3.0, 2.0, 4.0, 0.0, False)
    assert lines._glyphs.measure([]) is None
    assert lines._glyphs.measure([Char("a", 1.0, 2.0, 3.0, 4.0, float("nan"), False)]) is None


@pytest.mark.slow
@compiled
@pytest.mark.parametrize("name", ["golden", "pole_emploi_rapport_rso_2017.pdf", "rpqs_jons_assainissement_2022.pdf"])
@pytest.mark.parametrize("backend", ["pypdfium2", "pdfplumber"])
def test_compiled_measure_on_reports(name, backend):
    from extractor.layout import lines
    from extractor.layout.backends import get_backend

    path = _report(name)
    measured = 0
    for page in get_backend(backend).pages(path, None, None):
        for line in lines.build_lines(page.chars, page.number):
            assert lines._glyphs.measure(line.chars) == lines._measure_python(line.chars)
            measured += 1
    assert measured > 100


# -- a row's sizes and middles (lines.row_stats) ---------------------------------------------

@compiled
@pytest.mark.parametrize("seed", range(10))
def test_compiled_row_stats_on_generated_rows(seed):
    from extractor.layout import lines

    rnd = random.Random(seed)
    soup = _glyph_soup(seed)
    for _ in range(200):
        row = rnd.sample(soup, rnd.randint(1, 12))
        assert lines._glyphs.row_stats(row) == lines._row_stats_python(row)
    assert lines._glyphs.row_stats([]) is None
    assert lines._glyphs.row_stats([Char("a", 1.0, float("nan"), 3.0, 4.0, 10.0, False)]) is None
    even = [Char("a", 1.0, 2.0, 3.0, 12.0, 10.0, False), Char("b", 3.0, 1.0, 5.0, 13.0, 11.0, False)]
    assert lines._glyphs.row_stats(even) == lines._row_stats_python(even) == (10.5, 1.0, 13.0, 7.0)


@pytest.mark.slow
@compiled
@pytest.mark.parametrize("name", ["golden", "pole_emploi_rapport_rso_2017.pdf", "rpqs_jons_assainissement_2022.pdf"])
def test_compiled_row_stats_on_reports(name):
    from extractor.layout import lines
    from extractor.layout.backends import get_backend

    rows = [row for page in get_backend("pypdfium2").pages(_report(name), None, None)
            for row in lines._group_rows_python(page.chars)]
    assert len(rows) > 100
    assert [lines._glyphs.row_stats(row) for row in rows] == [lines._row_stats_python(row) for row in rows]


# -- a line's words (lines.Line._split), the document's box arrays (pdf._emit) ---------------

@compiled
@pytest.mark.parametrize("seed", range(10))
def test_compiled_words_on_generated_lines(seed):
    from extractor.layout import lines

    rnd = random.Random(seed)
    soup = sorted(_glyph_soup(seed), key=lambda c: c.x0)
    for c in soup:
        c.space_before = rnd.random() < 0.2
    for _ in range(200):
        start = rnd.randrange(len(soup))
        chars = soup[start:start + rnd.randint(1, 30)]
        assert lines._glyphs.split_words(chars, lines.WORD_GAP) == lines._split_python(chars)


@pytest.mark.slow
@compiled
@pytest.mark.parametrize("name", ["golden", "pole_emploi_rapport_rso_2017.pdf", "rpqs_jons_assainissement_2022.pdf"])
@pytest.mark.parametrize("backend", ["pypdfium2", "pdfplumber"])
def test_compiled_words_on_reports(name, backend):
    from extractor.layout import lines
    from extractor.layout.backends import get_backend

    spaced = 0
    for page in get_backend(backend).pages(_report(name), None, None):
        for line in lines.build_lines(page.chars, page.number):
            texts, glyphs = lines._glyphs.split_words(line.chars, lines.WORD_GAP)
            assert (texts, glyphs) == lines._split_python(line.chars)
            spaced += glyphs.count(None)
    assert spaced > 100


# -- a row's stretched word spaces (lines._stretched_spaces) ----------------------------------

def _justified_rows(seed: int) -> list[tuple[list[Char], float]]:
    """Rows of words set with gaps drawn from a few widths (runs of equal gaps, and uneven
    ones), explicit space glyphs, bullets, sizes below 1 pt, a NaN gap; each with a size."""
    rnd = random.Random(seed)
    rows = []
    for _ in range(60):
        size = rnd.choice([10.0, 9.0, 0.5, 30.0, 1.3])  # 1.3: 2.6 pt, between the gaps, is STRETCH_MAX * size
        x, row = rnd.uniform(0, 50), []
        # (gaps 11 % and 13 % wider than 2.5: either side of STRETCH_EVEN)
        widths = rnd.choice([[2.5], [2.5, 2.6], [2.5, 2.78, 2.83], [2.5, 9.0, 40.0], [1.0, 3.0, 6.0]])
        for w in range(rnd.randint(1, 14)):
            word = rnd.choice(["•", "–", "le", "12", "345", "a"]) if w == 0 else rnd.choice(["le", "12", "345", "a"])
            for ch in word:
                row.append(Char(ch, x, 700.0, x + 0.5 * size, 700.0 + size, rnd.choice([size, size, 0.8]), False))
                x += 0.5 * size + rnd.choice([0.0, 0.0, 0.05])
            x += rnd.choice(widths) * rnd.choice([1.0, 1.0, 1.02])
            if rnd.random() < 0.15:
                row[-1].space_before = True
        if rnd.random() < 0.05:
            row[-1].x0 = float("nan")
        rows.append((row, size))
    return rows


@compiled
@pytest.mark.parametrize("seed", range(10))
def test_compiled_stretched_spaces_on_generated_rows(seed):
    from extractor.layout import lines

    found = 0
    for row, size in _justified_rows(seed):
        compiled_out = lines._glyphs.stretched_spaces(row, size, lines.WORD_GAP, lines.STRETCH_EVEN, lines.STRETCH_MAX,
                                                      lines.STRETCHED_SPACES, lines._BULLETS)
        assert compiled_out == lines._stretched_spaces_python(row, size)
        found += len(compiled_out)
    assert found > 20


@pytest.mark.slow
@compiled
@pytest.mark.parametrize("name", ["golden", "pole_emploi_rapport_rso_2017.pdf", "rpqs_jons_assainissement_2022.pdf"])
@pytest.mark.parametrize("backend", ["pypdfium2", "pdfplumber"])
def test_compiled_stretched_spaces_on_reports(name, backend, monkeypatch):
    from extractor.layout import lines
    from extractor.layout.backends import get_backend

    asked = []
    compiled_function = lines._stretched_spaces

    def both(row, size):
        out = compiled_function(row, size)
        assert out == lines._stretched_spaces_python(row, size)
        asked.append(len(out))
        return out

    monkeypatch.setattr(lines, "_stretched_spaces", both)
    for page in get_backend(backend).pages(_report(name), None, None):
        lines.build_lines(page.chars, page.number)
    assert len(asked) > 50 and sum(asked) > 100


@compiled
def test_the_loops_read_a_glyphs_fields_from_its_slots_and_anything_else_by_name(monkeypatch):
    """``_glyphs.bind_char``: Char's fields are slots, read where Char keeps them; a glyph of
    another type (a subclass whose field is a property, an object with the fields as
    attributes) is read by ``getattr``, with the same results as the Python loops."""
    import dataclasses
    from types import SimpleNamespace

    from extractor.layout import lines

    g = lines._glyphs
    assert g.bind_char(Char) is True

    class Shifted(Char):  # x0 read through a property: only getattr sees it
        __slots__ = ()

        @property
        def x0(self):
            return 100.0

        @x0.setter
        def x0(self, value):
            pass

    word = [Char("l", 10.0, 2.0, 14.0, 12.0, 10.0, False), Char("a", 14.0, 2.0, 19.0, 12.0, 10.0, True),
            Char("b", 30.0, 2.0, 35.0, 12.0, 10.0, False, True), Char("c", 35.0, 1.0, 41.0, 13.0, 11.0, False)]
    assert g.split_words(word, lines.WORD_GAP) == lines._split_python(word) == (
        ["l", "a", " ", "b", "c"], [word[0], word[1], None, word[2], word[3]])
    assert g.measure(word) == lines._measure_python(word) == (41.0, 1.0, 13.0, 10.0, False)
    shifted = [word[0], Shifted("a", 14.0, 2.0, 19.0, 12.0, 10.0, True)]
    assert g.split_words(shifted, lines.WORD_GAP) == lines._split_python(shifted) == (["l", " ", "a"], [shifted[0], None, shifted[1]])
    alike = [SimpleNamespace(**{f.name: getattr(c, f.name) for f in dataclasses.fields(Char)}) for c in word]
    assert g.measure(alike) == g.measure(word) and g.split_words(alike, lines.WORD_GAP)[0] == g.split_words(word, lines.WORD_GAP)[0]

    # Char's fields, without slots
    NoSlots = dataclasses.make_dataclass("NoSlots", [
        (f.name, f.type) if f.default is dataclasses.MISSING else (f.name, f.type, f.default)
        for f in dataclasses.fields(Char)])

    from extractor.layout.backends import PdfiumBackend

    made_in_slots = next(PdfiumBackend().pages(GOLDEN_PDF, None, None)).chars
    try:
        assert g.bind_char(NoSlots) is False  # no slots: every glyph read by name, made by Char()
        assert g.measure(word) == (41.0, 1.0, 13.0, 10.0, False)
        assert next(PdfiumBackend().pages(GOLDEN_PDF, None, None)).chars == made_in_slots
    finally:
        assert g.bind_char(Char) is True
    # the cover, as the golden text conversion has it: "2019", then the title (glyphs only)
    assert "".join(c.text for c in made_in_slots) == "2019RAPPORT D’ACTIVITÉDE LA BRANCHE FAMILLE"
    assert all(type(c) is Char and c.space_before is False for c in made_in_slots)


@compiled
def test_compiled_box_arrays():
    from array import array

    from extractor.layout import pdf

    rnd = random.Random(7)
    glyphs = _glyph_soup(3) + [pdf._NO_BOX] * 5 + [Char("a", 1e-46, 1e39, -0.0, 2, 10.0, False)]  # float32 edges
    rnd.shuffle(glyphs)
    found = pdf._glyphs.box_arrays(glyphs)
    expected = [array("f", [getattr(g, name) for g in glyphs]) for name in ("x0", "top", "x1", "bottom")]
    assert [a.typecode for a in found] == ["f"] * 4
    assert [a.tobytes() for a in found] == [a.tobytes() for a in expected]


# -- without the extension ------------------------------------------------------------------

def _fingerprint(document) -> str:
    import hashlib

    h = hashlib.sha256(document.text.encode())
    for b in document.blocks:
        h.update(repr((b.start, b.end, b.page, b.role, b.level, b.bbox, b.size, b.bold)).encode())
    for name in ("char_page", "char_x0", "char_top", "char_x1", "char_bottom"):
        h.update(getattr(document, name).tobytes())
    return h.hexdigest()


def test_without_the_extension_the_python_loops_give_the_same_document():
    """An install without a C compiler (the extension hidden from import) reads the golden
    report into the very same Document, arrays byte for byte."""
    import subprocess
    import sys

    from extractor.layout import read

    code = (
        "import sys\n"
        "sys.modules['extractor.layout._glyphs'] = None  # as if it was never built\n"
        "from extractor.layout import lines, pdf, read, repair\n"
        "from extractor.layout.backends import pdfium\n"
        "from extractor.layout import tables as table_rows\n"
        "assert pdfium._glyphs is None and repair._glyphs is None and lines._glyphs is None\n"
        "assert pdf._glyphs is None and table_rows._glyphs is None\n"
        "sys.path.insert(0, 'tests'); sys.path.insert(0, 'tests/layout')\n"
        "from test_compiled import _fingerprint\n"
        f"print(_fingerprint(read({str(GOLDEN_PDF)!r})))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          cwd=str(GOLDEN_PDF.parents[2]))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [_fingerprint(read(GOLDEN_PDF))]
