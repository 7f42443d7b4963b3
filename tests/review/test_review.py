"""The review site: boxes where the records are, failing records in red, document text inert.

The browser tests open the site in headless Chromium (Debian's ``chromium``, installed by
``.ci/run``), dump the DOM after the page's script ran, and read it back with ``html.parser``.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.review import build
from extractor.review.items import locate_acronym, locate_organisation, role_runs, structure_items
from extractor.review.site import script_json

from helpers import EXPECTED_DIR
from helpers.pdfgen import NOTE, footnote_pdf, table_and_list_pdf

CHROMIUM = shutil.which("chromium")
browser = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (installed by .ci/run)")

INJECTED_TITLE = "<script>alert(1)</script>"
INJECTED_ATTR = '" onmouseover="alert(2)'


def dump_dom(index: Path, tmp_path: Path, fragment: str = "") -> str:
    """The DOM of ``index`` after its scripts ran, serialised by headless Chromium."""
    url = index.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    out = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'chromium-profile'}", "--virtual-time-budget=5000",
         "--dump-dom", url],
        capture_output=True, text=True, timeout=180, check=True)
    return out.stdout


class Dom(HTMLParser):
    """Elements (tag, attributes, the page section they sit in, own text), script elements
    and the visible text of a serialised DOM."""

    VOID = {"img", "input", "meta", "br", "hr", "link", "source", "wbr", "area", "col", "base"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.scripts: list[dict] = []
        self.text: list[str] = []
        self._stack: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        page = next((e["attrs"] for e in reversed(self._stack) if "page" in e["attrs"].get("class", "").split()), None)
        element = {"tag": tag, "attrs": attrs, "page": page, "content": ""}
        self.elements.append(element)
        if tag == "script":
            self.scripts.append(element)
        if tag not in self.VOID:
            self._stack.append(element)

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        if self._stack:
            self._stack[-1]["content"] += data
        if not any(e["tag"] in ("script", "style", "title") for e in self._stack):
            self.text.append(data)

    def with_class(self, name: str) -> list[dict]:
        return [e for e in self.elements if name in e["attrs"].get("class", "").split()]


def box_points(box: dict) -> tuple[float, float, float, float]:
    """A box's (x0, top, x1, bottom) in PDF points, from its style (percentages of the page)."""
    pct = {k: float(v) / 100 for k, v in re.findall(r"\b(left|top|width|height):\s*([\d.]+)%", box["attrs"]["style"])}
    width, height = float(box["page"]["data-width"]), float(box["page"]["data-height"])
    x0, top = pct["left"] * width, pct["top"] * height
    return x0, top, x0 + pct["width"] * width, top + pct["height"] * height


# -- pure functions -----------------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.text())
def test_script_json_cannot_close_its_element(text):
    encoded = script_json({"t": text})
    assert not set("<>&") & set(encoded)
    assert json.loads(encoded) == {"t": text}


def test_acronyms_and_organisations_located_at_first_occurrence(golden_document):
    # page 2, contents entry "Activité intense pour le conseil d'administration de la Cnaf":
    # "Cnaf" at about x 321 pt, the line's top at about 148 pt (read on the page image)
    x0, top, x1, bottom = locate_acronym(golden_document, "Cnaf", 2)
    assert abs(x0 - 321) < 3 and abs(top - 148) < 4 and x1 > x0 and bottom > top
    # the same line, "conseil d'administration" (lower case) before it
    x0, top, _, _ = locate_organisation(golden_document, "Conseil d'administration", "Ca", [2, 3])
    assert abs(x0 - 170) < 4 and abs(top - 148) < 4
    # page 2, card "Carte d'identité": "(Ccss)" starts the 7th line, at about x 61, top 620
    x0, top, _, _ = locate_acronym(golden_document, "Ccss", 2)
    assert abs(x0 - 61) < 3 and abs(top - 620) < 4
    # "Aah" is not on page 1; a page without the word gives no box
    assert locate_acronym(golden_document, "Aah", 1) is None


def test_structure_items_box_tables_with_their_cells_lists_and_footnotes(tmp_path):
    import extractor
    from extractor.layout import read

    pdf = table_and_list_pdf(tmp_path / "table.pdf")
    found = structure_items(extractor.extract(pdf).to_dict(), read(pdf))
    [table] = [it for it in found if it["kind"] == "tables"]
    assert table["page"] == 1 and table["summary"] == "Nombre d'abonnés par commune (5 × 3)"
    x0, top, x1, bottom = table["box"]
    assert abs(x0 - 60) < 2 and top < 140 < 200 < bottom and x1 > 360
    tips = [p["tip"] for p in table["parts"]]
    assert len(tips) == 8 and "Jons / 2021 = 1 250" in tips and "Total / 2022 = 4 613" in tips
    [listed] = [it for it in found if it["kind"] == "lists"]
    assert listed["record"]["entries"][1] == "• second point de la liste des travaux prévus"
    assert len(listed["parts"]) == 2 and listed["box"][1] < 250 < 260 < listed["box"][3]

    pdf = footnote_pdf(tmp_path / "note.pdf")
    [note] = [it for it in structure_items(extractor.extract(pdf).to_dict(), read(pdf)) if it["kind"] == "footnotes"]
    assert note["summary"] == "1 " + NOTE and note["page"] == 1
    assert [p["tip"] for p in note["parts"]] == ["calls note 1 after 'allocataires'"]


@browser
def test_review_shows_a_table_with_its_cells(tmp_path):
    import extractor

    pdf = table_and_list_pdf(tmp_path / "table.pdf")
    index = build(extractor.extract(pdf), tmp_path / "review")
    dom = Dom(dump_dom(index, tmp_path))
    [table] = [b for b in dom.with_class("box") if b["attrs"]["data-kind"] == "tables"]
    cells = [p for p in dom.with_class("part") if p["attrs"]["data-of"] == table["attrs"]["data-id"]]
    assert len(cells) == 8 and all(c["page"]["data-page"] == "1" for c in cells)
    # the cell boxes lie in the table's box
    tx0, ttop, tx1, tbottom = box_points(table)
    for cell in cells:
        x0, top, x1, bottom = box_points(cell)
        assert tx0 - 1 <= x0 < x1 <= tx1 + 1 and ttop - 1 <= top < bottom <= tbottom + 1


# -- the golden report in the browser ----------------------------------------------------------
@pytest.fixture(scope="module")
def golden_review(golden_result, golden_document, tmp_path_factory):
    """The review of the golden report against golden values where the key figure
    "457 700 places en accueil collectif" was changed to 457 000."""
    golden = tmp_path_factory.mktemp("golden") / "expected"
    shutil.copytree(EXPECTED_DIR, golden)
    figures = golden / "figures.yaml"
    text = figures.read_text(encoding="utf-8")
    assert text.count("value: 457700,") == 1
    figures.write_text(text.replace("value: 457700,", "value: 457000,"), encoding="utf-8")
    out = tmp_path_factory.mktemp("review")
    return build(golden_result, out, golden=golden, document=golden_document), golden


def _places(golden_result):
    return next(f for f in golden_result.figures if f.value == 457700 and "accueil collectif" in f.label)


@browser
def test_golden_review_boxes(golden_review, golden_result, golden_document, tmp_path):
    index, _ = golden_review
    figure = _places(golden_result)
    dom = Dom(dump_dom(index, tmp_path))
    boxes = dom.with_class("box")
    with_bbox = {kind: sum(r.bbox is not None for r in getattr(golden_result, kind)) for kind in ("figures", "dates")}
    # acronyms and organisations have no bbox of their own: every one of the golden report is
    # found (and boxed) at its first occurrence on its first page
    expected = dict(with_bbox, acronyms=len(golden_result.acronyms), organisations=len(golden_result.organisations))
    assert with_bbox["figures"] >= 150 and with_bbox["dates"] >= 90
    # and what the structure layer decided: the report's lists (its timeline, its bulleted
    # paragraphs), no table, no footnote
    structure = {"lists": len(role_runs(golden_document, "list")), "tables": 0, "footnotes": 0}
    assert structure["lists"] >= 5
    assert len(boxes) == sum(expected.values()) + sum(structure.values())
    assert {k: sum(b["attrs"]["data-kind"] == k for b in boxes) for k in expected | structure} == expected | structure
    # one table row per record, boxed or not
    records = sum(len(getattr(golden_result, k)) for k in expected) + sum(structure.values())
    assert len([e for e in dom.elements if e["tag"] == "tr" and "data-id" in e["attrs"]]) == records
    # the chosen key figure sits on page 8 where the page image shows it (x 51-160, top 454)
    box = next(b for b in boxes if b["attrs"]["data-id"] == figure.id)
    assert box["page"]["data-page"] == "8"
    x0, top, x1, bottom = box_points(box)
    assert all(abs(a - b) < 1 for a, b in zip((x0, top, x1, bottom), figure.bbox))
    assert abs(x0 - 51) < 4 and abs(top - 454) < 4 and abs(x1 - 160) < 4
    # every page rendered, ~1000 px wide
    pages = [e for e in dom.elements if e["tag"] == "img" and e["attrs"].get("src", "").startswith("pages/")]
    assert len(pages) == 20
    from PIL import Image

    with Image.open(index.parent / "pages" / "p8.png") as img:
        assert img.width == 1000 and abs(img.height / img.width - 841.89 / 595.28) < 0.01


@browser
def test_golden_review_marks_failed_records(golden_review, golden_result, tmp_path):
    from extractor.quality.regress import regress

    index, golden = golden_review
    figure = _places(golden_result)
    dom = Dom(dump_dom(index, tmp_path, fragment=figure.id))
    failed_boxes = [b for b in dom.with_class("box") if "failed" in b["attrs"]["class"].split()]
    failed_rows = [e for e in dom.elements if e["tag"] == "tr" and "failed" in e["attrs"].get("class", "").split()]
    rows = regress(golden_result, golden)
    assert [(r.old, r.new) for r in rows if r.status == "changed" and r.new == 457700] == [(457000, 457700)]
    failing = sum(r.status in ("changed", "new") for r in rows)
    assert len(failed_boxes) == len(failed_rows) == failing
    assert figure.id in {b["attrs"]["data-id"] for b in failed_boxes}
    assert figure.id in {r["attrs"]["data-id"] for r in failed_rows}
    # the link #<id> selected the record: its fields and the reason are in the side panel
    text = "".join(dom.text)
    assert "changed: golden 457000 (places en accueil collectif), extracted 457700" in text
    assert json.dumps(list(figure.bbox), separators=(",", ":")) in text


# -- document text is inert -----------------------------------------------------------------------
def injection_pdf(path: Path) -> Path:
    """A one-page report whose title and text carry markup."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(INJECTED_TITLE + INJECTED_ATTR)
    c.setFont("Helvetica", 11)
    lines = [f"Le rapport cite {INJECTED_TITLE} et {INJECTED_ATTR} dans son texte.",
             f"En 2019, la Caf compte 12 500 allocataires {INJECTED_TITLE}."]
    for i, line in enumerate(lines):
        c.drawString(60, A4[1] - 120 - 16 * i, line)
    c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def injection(nlp, tmp_path_factory):
    from extractor import extract

    pdf = injection_pdf(tmp_path_factory.mktemp("injection") / "report.pdf")
    return pdf, extract(pdf)


@browser
def test_document_text_is_shown_inert(injection, tmp_path):
    pdf, result = injection
    figure = next(f for f in result.figures if f.value == 12500)
    assert INJECTED_TITLE in figure.context
    index = build(result, tmp_path / "review")
    dom = Dom(dump_dom(index, tmp_path, fragment=figure.id))
    text = "".join(dom.text)
    # shown as text: the title in the header, the figure's context in the side panel
    h1 = next(e for e in dom.elements if e["attrs"].get("id") == "title")
    assert h1["content"] == INJECTED_TITLE + INJECTED_ATTR
    assert figure.context in text
    # the page's own two scripts, and nothing else runnable
    assert [(s["attrs"].get("type"), s["attrs"].get("id")) for s in dom.scripts] == [
        ("application/json", "review-data"), (None, None)]
    assert dom.scripts[1]["content"].lstrip().startswith("// The review page")
    assert [(e["tag"], a) for e in dom.elements for a in e["attrs"] if a.startswith("on")] == []
    assert len(dom.with_class("box")) == sum(f.bbox is not None for f in result.figures) + sum(
        d.bbox is not None for d in result.dates) + len(result.acronyms) + len(result.organisations)


# -- the command line -----------------------------------------------------------------------------
def test_cli_review_of_an_extraction_json(injection, tmp_path, capsys):
    from extractor.cli import main

    pdf, result = injection
    folder = tmp_path / "run"
    folder.mkdir()
    shutil.copy(pdf, folder / "report.pdf")
    payload = result.to_dict()
    payload["document"]["path"] = "report.pdf"  # relative to the folder of the JSON
    (folder / "report.json").write_text(json.dumps(payload), encoding="utf-8")
    assert main(["review", str(folder / "report.json"), "--out", str(tmp_path / "site")]) == 0
    index = Path(capsys.readouterr().out.strip())
    assert index == tmp_path / "site" / "index.html"
    assert (tmp_path / "site" / "pages" / "p1.png").exists()
    html = index.read_text(encoding="utf-8")
    assert "<script>alert" not in html and '" onmouseover="' not in html
    data = re.search(r'<script type="application/json" id="review-data">(.*?)</script>', html, re.S).group(1)
    items = json.loads(data)["items"]
    assert [i["id"] for i in items if i["kind"] == "figures"] == [f.id for f in result.figures]


def test_cli_review_when_the_pdf_is_gone(injection, tmp_path, capsys):
    from extractor.cli import main

    _, result = injection
    payload = result.to_dict()
    payload["document"]["path"] = str(tmp_path / "gone.pdf")
    (tmp_path / "report.json").write_text(json.dumps(payload), encoding="utf-8")
    assert main(["review", str(tmp_path / "report.json"), "--out", str(tmp_path / "site")]) == 2
    assert "gone.pdf" in capsys.readouterr().err


def test_review_of_a_pdf_extracts_it(injection, tmp_path):
    pdf, result = injection
    index = build(pdf, tmp_path / "site")
    html = index.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="review-data">(.*?)</script>', html, re.S).group(1))
    assert data["document"]["sha256"] == result.document.sha256
    assert len(data["pages"]) == 1 and data["missing"] == []


def test_golden_review_lists_what_check_finds_with_links_to_its_pages(golden_review, tmp_path):
    """The golden report's one finding of 'extractor check' (the timeline's 22 MAI against the
    text's 25 mai 2019) is listed in the side panel, each of its places a link to its page."""
    index, _ = golden_review
    dom = Dom(dump_dom(index, tmp_path))
    [finding] = dom.with_class("finding")
    assert "22 MAI" in finding["content"] and "25 mai 2019" in finding["content"]
    links = [e for e in dom.with_class("place") if e["tag"] == "a"]
    assert [link["attrs"]["href"] for link in links] == ["#page-7", "#page-11"]
    assert links[1]["content"].startswith("p. 11 · Depuis le 25 mai 2019")
    assert {f"page-{n}" for n in (7, 11)} <= {e["attrs"].get("id") for e in dom.elements}


def test_a_table_continued_on_the_next_page_is_boxed_on_each_page():
    """Each page's box holds that page's cells (a cell's bbox is on its own page)."""
    cell = {"row_header": "Caisse", "column_header": "2023", "text": "1 250", "value": 1250.0, "row": 1, "col": 1}
    table = {"id": "table-1", "page": 3, "pages": [3, 4], "bbox": [60.0, 500.0, 400.0, 780.0], "title": "Effectifs",
             "caption": None, "header_rows": 1, "row_header_cols": 1, "rows": [["", "2023"], ["Caisse", "1 250"]],
             "cells": [dict(cell, page=3, bbox=[300.0, 760.0, 340.0, 770.0]),
                       dict(cell, page=4, bbox=[300.0, 60.0, 340.0, 70.0], text="980")]}
    found = [it for it in structure_items({"tables": [table]}) if it["kind"] == "tables"]
    assert [(it["id"], it["page"], len(it["parts"])) for it in found] == [("table-1", 3, 1), ("table-1-p4", 4, 1)]
    assert found[1]["box"] == [300.0, 60.0, 340.0, 70.0] and found[1]["summary"].endswith("(continued)")
