"""Layout invariance: the golden report in 8 layouts (``helpers.layouts``: 1, 2 and 3 columns;
key figures as cards, a ruled table, unruled value | label and label | value tables, a
bulleted list; timeline as cards, a bulleted list, a date | event table; glossary as dotted
leaders, a two-column table, "Sigle : expansion" lines, in two columns; serif and sans; A4 and
US letter; justified and ragged) reads as the golden PDF does: its running text (sentence
recovery), its key figures with their labels, its timeline, its glossary (``regress`` against
the hand-written golden values), its running-text figures.

The PDFs are rendered once per session in a temporary folder, each extracted once (when a
test first needs it). A layout the extractor does not read yet is ``xfail(strict=True)`` with
what was measured (``KNOWN``)."""
from __future__ import annotations

import pytest

from helpers import EXPECTED_DIR
from helpers.layout_checks import labelled, recovery, running_figures
from helpers.layouts import GLOSSARY_FORMS, KEY_FORMS, LAYOUTS, TIMELINE_FORMS, render
from helpers.relayout import key_figures

#: (layout name, check) -> what was measured: known misses, xfail(strict=True)
KNOWN: dict[tuple[str, str], str] = {}

CHECKS = ("recovery", "key_figures", "timeline", "glossary", "regress", "running")


@pytest.fixture(scope="session")
def layout_pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layouts")
    return {layout.name: render(layout, folder / f"{layout.name}.pdf") for layout in LAYOUTS}


@pytest.fixture(scope="session")
def layout_results(layout_pdfs):
    """name -> ``extract(pdf)``, each layout extracted once, when first needed."""
    from extractor import extract

    cache: dict = {}

    def get(name: str):
        if name not in cache:
            cache[name] = extract(layout_pdfs[name])
        return cache[name]
    return get


def _cases(check: str) -> list:
    return [pytest.param(layout.name, id=layout.name,
                         marks=[pytest.mark.xfail(strict=True, reason=KNOWN[(layout.name, check)])]
                         if (layout.name, check) in KNOWN else []) for layout in LAYOUTS]


def test_the_layouts_cover_every_variation():
    assert {lay.columns for lay in LAYOUTS} == {1, 2, 3}
    assert {lay.key for lay in LAYOUTS} == set(KEY_FORMS)
    assert {lay.timeline for lay in LAYOUTS} == set(TIMELINE_FORMS)
    assert {lay.glossary for lay in LAYOUTS} == set(GLOSSARY_FORMS)
    assert {lay.glossary_columns for lay in LAYOUTS} == {1, 2}
    assert {lay.serif for lay in LAYOUTS} == {lay.letter for lay in LAYOUTS} == {lay.justified for lay in LAYOUTS} \
        == {True, False}
    assert len(LAYOUTS) >= 8


def test_the_rendered_pdfs_have_their_page_size_and_fonts(layout_pdfs):
    import pdfplumber

    for layout in LAYOUTS:
        with pdfplumber.open(layout_pdfs[layout.name]) as pdf:
            page = pdf.pages[2]
            assert round(page.width) == (612 if layout.letter else 595), layout.name
            fonts = {c["fontname"] for c in page.chars}
            assert any(("Times" if layout.serif else "Helvetica") in f for f in fonts), (layout.name, fonts)


def test_a_three_column_layout_keeps_its_running_text(layout_pdfs):
    """The quick one: the layout reader alone, on the three-column ruled-table layout."""
    from extractor.layout import read

    name = next(lay.name for lay in LAYOUTS if lay.columns == 3)
    score, missing = recovery(read(layout_pdfs[name]).text)
    assert score >= 0.97, missing[:3]


@pytest.mark.slow
@pytest.mark.parametrize("name", _cases("recovery"))
def test_sentence_recovery(layout_pdfs, name):
    from extractor.layout import read

    score, missing = recovery(read(layout_pdfs[name]).text)
    assert score >= 0.97, missing[:3]


@pytest.mark.slow
@pytest.mark.parametrize("name", _cases("key_figures"))
def test_every_key_figure_keeps_its_label(layout_results, name):
    assert labelled(layout_results(name).figures, key_figures()) == 43


def _regress(result):
    from extractor.quality.regress import regress

    return regress(result, EXPECTED_DIR)


@pytest.mark.slow
@pytest.mark.parametrize("name", _cases("timeline"))
def test_every_timeline_event(layout_results, name):
    rows = _regress(layout_results(name))
    assert sum(r.kind == "date" and r.status == "unchanged" for r in rows) == 12


@pytest.mark.slow
@pytest.mark.parametrize("name", _cases("glossary"))
def test_every_glossary_entry(layout_results, name):
    rows = _regress(layout_results(name))
    assert sum(r.kind == "acronym" and r.status == "unchanged" for r in rows) == 46


@pytest.mark.slow
@pytest.mark.parametrize("name", _cases("regress"))
def test_regress_exits_0(layout_pdfs, layout_results, name, tmp_path):
    """What ``extractor regress LAYOUT.pdf --golden corpus/cnaf-2019/expected`` exits with
    (it exits 1 on any difference): every key figure, timeline event and glossary entry."""
    import json

    from extractor.cli import main

    out = tmp_path / "result.json"
    out.write_text(json.dumps(layout_results(name).to_dict()), encoding="utf-8")
    assert main(["regress", str(out), "--golden", str(EXPECTED_DIR)]) == 0


@pytest.mark.slow
@pytest.mark.parametrize("name", _cases("running"))
def test_running_text_figures_as_on_the_golden_pdf(golden_result, layout_results, name):
    """The expected running-text figures found with their labels: as many as on the golden
    PDF (77 of 79 measured there)."""
    assert running_figures(layout_results(name).figures) == running_figures(golden_result.figures)
