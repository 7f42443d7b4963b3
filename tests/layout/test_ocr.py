"""OCR of pages without a usable text layer (``extractor.layout.ocr``).

The pure parts (which pages need OCR, hOCR parsing, post-correction, skew) are tested on
made-up input and always run. The end-to-end tests read scanned copies of the golden report
made here (``tests/helpers/rasterise.py``: each page rendered at 200 dpi, written back as an
image-only PDF) and the image-only pages of a real report; they need Tesseract with its
French data (``apt-get install tesseract-ocr tesseract-ocr-fra``, done by ``.ci/run``) and
are skipped, saying so, without it.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
import yaml

from extractor.core.errors import NoTextLayer
from extractor.layout import ocr, read
from extractor.layout.backends import Char, get_backend

from helpers import GOLDEN_PDF, GOLDEN_TXT, ROOT, real_pdf
from helpers.rasterise import rasterise

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason=ocr.INSTALL_HINT)
WOTO = "woto-bilan-mi-missions-2024.pdf"


def glyphs(text: str, y: float = 100.0) -> list[Char]:
    return [Char(c, 10.0 + 6 * i, y, 16.0 + 6 * i, y + 10, 10.0, False) for i, c in enumerate(text)]


# -- which pages go to OCR ---------------------------------------------------------------------
def test_a_page_without_glyphs_has_no_text_layer():
    assert ocr.text_layer_problem([], 0.95) == "no text layer"
    assert ocr.text_layer_problem(glyphs("   "), 0.95) == "no text layer"
    assert ocr.text_layer_problem([], 0.0) is None  # an empty page: no image to read


def test_lost_glyphs_make_a_garbage_layer():
    lost = [Char("(cid:12)", 0, 0, 5, 10, 10, False)] * 40 + glyphs("rapport annuel")
    assert ocr.text_layer_problem(lost, 0.0) == "garbage text layer"
    assert ocr.text_layer_problem(glyphs("\ufffd" * 20 + "abc"), 0.0) == "garbage text layer"


def test_a_misdecoded_font_makes_a_garbage_layer():
    """A font whose accents decode as other letters ("activitØ", "annØe")."""
    text = "Rapport d'activitØ de l'annØe, rØsultats et Øtudes menØes par l'Øquipe " * 3
    assert ocr.text_layer_problem(glyphs(text), 0.0) == "garbage text layer"
    assert ocr.text_layer_problem(glyphs("Rapport d'activité de l'année, résultats " * 3), 0.0) is None


def test_an_image_page_with_a_digital_footer_goes_to_ocr():
    footer = glyphs("SENSIBILISATION 2024")
    assert ocr.text_layer_problem(footer, 0.9) == "image page"
    assert ocr.text_layer_problem(footer, 0.1) is None  # a short page of text, no image
    assert ocr.text_layer_problem(glyphs("mot " * 60), 0.9) is None  # text over a background photo


# -- hOCR and post-correction -------------------------------------------------------------------
HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<html><body><div class='ocr_page' title='bbox 0 0 2480 3508'>
<div class='ocr_carea'><p class='ocr_par'>
<span class='ocr_line' id='line_1_1' title="bbox 300 400 1200 440; baseline 0.001 -9; x_size 41; x_descenders 9; x_ascenders 8">
<span class='ocrx_word' title='bbox 300 402 340 438; x_wconf 91'>&gt;</span>
<span class='ocrx_word' title='bbox 360 400 560 440; x_wconf 96'>d&#8217;&#8217;accueil</span>
<span class='ocrx_word' title='bbox 580 400 700 440; x_wconf 42'><strong>13,5</strong></span>
</span>
<span class='ocr_line' id='line_1_2' title="bbox 900 600 909 608; baseline 0 0; x_size 20; x_descenders 5; x_ascenders 5">
<span class='ocrx_word' title='bbox 900 600 909 608; x_wconf 30'>x</span>
</span>
</p></div></div></body></html>"""


def test_hocr_lines_words_boxes_and_confidences():
    lines = ocr.parse_hocr(HOCR)
    assert [len(words) for _, words in lines] == [3, 1]
    attrs, words = lines[0]
    assert attrs["x_size"] == [41.0] and attrs["baseline"] == [0.001, -9.0]
    assert words[2] == ("13,5", [580.0, 400.0, 700.0, 440.0], 42.0)  # markup inside a word is text


def test_post_correction_drops_specks_and_reads_bullets_and_apostrophes():
    cleaned = ocr.clean_lines(ocr.parse_hocr(HOCR) * 3)  # three body lines: the speck is small
    assert len(cleaned) == 3
    assert [w[0] for w in cleaned[0][1]] == [ocr.BULLET, "d'accueil", "13,5"]


def test_skew_is_measured_and_small_angles_left_alone():
    from PIL import Image, ImageDraw

    page = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(page)
    for row in range(30):
        for word in range(12):
            draw.rectangle([150 + word * 115, 200 + row * 60, 240 + word * 115, 222 + row * 60], fill=0)
    assert ocr.deskew_angle(page) == 0.0
    assert ocr.deskew_angle(page.rotate(1.5, fillcolor=255)) == pytest.approx(-1.5, abs=0.15)
    assert ocr.deskew_angle(page.rotate(0.1, fillcolor=255)) == 0.0



@pytest.mark.parametrize("skew", [0.3, -0.7, 1.5, -2.2, 2.9])
def test_skew_of_a_cover_page_is_measured_to_the_step(skew):
    """A cover page (large type, a photo, few lines) rendered at ``DPI`` and turned by
    ``skew``: the angle found undoes it to within the search's step. A resampled thumbnail
    blurred the cover's few rows of ink, and the angle found was one step off (0.3 as none)."""
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument(str(GOLDEN_PDF))
    try:
        page = pdf[0].render(scale=ocr.DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()
    turned = page.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert ocr.deskew_angle(turned) == pytest.approx(-skew, abs=ocr.SKEW_STEP / 2)

def test_grain_and_tints_are_cleaned_before_ocr():
    """On a scan with grain, the paper and a light tint become white and ink stays as it
    is; a page without grain, or that is not light paper, is left alone."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(0)
    page = np.full((60, 90), 255.0)
    page[:, 60:] = 242.0                 # a tinted box
    page[20:40, 10:30] = 104.0           # grey key-figure ink
    page[20:40, 65:75] = 30.0            # black ink on the tint
    noisy = Image.fromarray(np.clip(page + rng.normal(0, 12, page.shape), 0, 255).astype(np.uint8))
    clean = np.asarray(ocr.clean_image(noisy))
    assert (clean[:15] == 255).all() and (clean[45:] == 255).all()  # paper and tint: white
    assert (clean[20:40, 10:30] == np.asarray(noisy)[20:40, 10:30]).all()  # ink: untouched
    flat = Image.fromarray(page.astype(np.uint8))
    assert ocr.clean_image(flat) is flat
    dark = Image.fromarray(np.clip(60 + rng.normal(0, 12, page.shape), 0, 255).astype(np.uint8))
    assert ocr.clean_image(dark) is dark


def test_light_type_on_a_light_tint_is_made_dark_and_the_rest_left():
    """White type on a light bar vanishes in Tesseract's global threshold with the paper: it
    becomes dark. The bar, dark type on it, the paper and the white gap between two cells
    (a rule, longer than any stroke) stay; so does white type on a dark box (it reads as it
    is), a speck (a gap in a logo's mosaic of tints), and a page without a tint is the same image."""
    import numpy as np
    from PIL import Image

    page = np.full((600, 600), 255, np.uint8)
    page[100:500, 100:300] = 190           # a light bar
    page[200:240, 150:160] = 255           # a white digit's stroke on it
    page[300:340, 150:160] = 30            # a black one
    page[100:500, 250:254] = 255           # a white rule across the bar (400 px)
    page[420:423, 150:153] = 255           # a speck
    page[100:500, 400:560] = 110           # a dark box …
    page[200:240, 450:460] = 255           # … with white type
    lifted = np.asarray(ocr.lift_light_type(Image.fromarray(page)))
    assert lifted[200:240, 150:160].max() < 40                       # white type on the bar: dark
    assert (lifted[300:340, 150:160] == 30).all()                   # black type: as it was
    assert (lifted[110:190, 110:140] == 190).all()                  # the bar
    assert (lifted[100:500, 250:254] == 255).all()                  # the rule
    assert (lifted[420:423, 150:153] == 255).all()                  # the speck
    assert (lifted[200:240, 450:460] == 255).all() and (lifted[:80] == 255).all()  # dark box, paper
    plain = Image.fromarray(np.full((600, 600), 255, np.uint8))
    assert ocr.lift_light_type(plain) is plain


def test_a_run_of_light_pixels_is_read_inside_their_box_as_over_the_whole_mask():
    """``_in_long_run`` reads only the box around the set pixels: the runs it finds are those
    read over the whole mask, whatever the mask (rules along both axes, specks, blocks at the
    edges, none at all)."""
    import numpy as np

    rng = np.random.default_rng(7)
    masks = [np.zeros((120, 90), bool), np.ones((40, 50), bool)]
    for _ in range(30):
        mask = np.zeros((rng.integers(20, 200), rng.integers(20, 200)), bool)
        for _ in range(rng.integers(1, 6)):
            r, c = rng.integers(0, mask.shape[0]), rng.integers(0, mask.shape[1])
            mask[r:r + rng.integers(1, 90), c:c + rng.integers(1, 90)] = True
        masks.append(mask & (rng.random(mask.shape) < 0.97))
    for mask in masks:
        for axis in (0, 1):
            assert (ocr._in_long_run(mask, axis) == ocr._in_long_run_whole(mask, axis)).all()
    rule = np.zeros((200, 200), bool)
    rule[150, 20:120] = True  # a rule 100 px long, on the page halved: over RULE_RUN // 2
    rule[10, 20:30] = True    # a stroke
    found = ocr._in_long_run(rule, 1)
    assert found[150, 20:120].all() and not found[10].any()


def test_a_line_of_short_doubtful_words_is_the_reading_of_a_picture():
    """Labels set at an angle or an icon read as text ("S 2) Ca ® F & 4 s"): short words at a
    low mean confidence. A line of words, or of short values read with confidence, stays."""
    box = [0, 0, 10, 10]
    picture = [(t, box, c) for t, c in (("S", 79), ("2)", 60), ("Ca", 69), ("®", 34), ("F", 0), ("&", 39), ("4", 68))]
    values = [(t, box, 96) for t in ("3", "3", "3", "4")]
    words = [(t, box, 40) for t in ("Les", "recettes", "du", "service")]
    kept = ocr.clean_lines([({"bbox": [0, 0, 900, 40]}, line) for line in (picture, values, words)])
    assert [[w[0] for w in line] for _, line in kept] == [["3", "3", "3", "4"], ["Les", "recettes", "du", "service"]]


def test_a_page_median_from_its_histogram_is_numpys():
    """``clean_image`` reads the page's median from its histogram: the same number as
    ``numpy.median`` of the pixels, for an odd and an even count of pixels alike."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(1)
    for shape in [(1, 1), (1, 2), (3, 5), (4, 6), (17, 23), (40, 40)]:
        for pixels in (rng.integers(0, 256, shape), np.clip(rng.normal(228, 9, shape), 0, 255)):
            pixels = pixels.astype(np.uint8)
            assert ocr.histogram_median(Image.fromarray(pixels).histogram()) == float(np.median(pixels))
    with pytest.raises(ValueError):
        ocr.histogram_median([0] * 256)


def test_the_lines_of_one_row_stay_one_row_on_a_skewed_page(monkeypatch):
    """Tesseract reads a row of cards as one line per column; undoing the skew must not
    put the columns at different heights (by sin(skew) × their distance): the layout
    would read the number of one column with the label of another."""
    from PIL import Image

    row = """<html><body><div class='ocr_page' title='bbox 0 0 2480 3508'>
<span class='ocr_line' title="bbox 200 1000 1500 1090; baseline 0 -14; x_size 100; x_descenders 25">
<span class='ocrx_word' title='bbox 200 1000 400 1090; x_wconf 96'>11,6</span></span>
<span class='ocr_line' title="bbox 1800 1000 1960 1090; baseline 0.006 -14; x_size 100; x_descenders 25">
<span class='ocrx_word' title='bbox 1800 1000 1960 1090; x_wconf 96'>1,9</span></span>
</div></body></html>"""
    monkeypatch.setattr(ocr, "deskew_angle", lambda gray: -1.0)
    monkeypatch.setattr(ocr, "_run_tesseract", lambda image, timeout: row)
    chars, words, skew = ocr.read_image(Image.new("L", (2480, 3508), 255), 595.0, 842.0)
    assert skew == -1.0 and [w.text for w in words] == ["11,6", "1,9"]
    assert words[0].bbox[1] == pytest.approx(words[1].bbox[1], abs=0.5)
    assert words[0].bbox[0] != pytest.approx(200 * 595 / 2480, abs=1.0)  # the skew is undone on the page


def test_a_word_boxed_over_the_next_does_not_interleave_with_it(monkeypatch):
    """Tesseract may box a word over its neighbour ("(sur" over "7)", as on a real report's
    image page): the word's glyphs end a word space before the next word's, so the line reads
    "(sur 7)", not "(su7r)", and 7 is a number of its own."""
    from PIL import Image

    line = """<html><body><div class='ocr_page' title='bbox 0 0 3000 1688'>
<span class='ocr_line' title="bbox 1472 355 1776 410; baseline -0.008 -10; x_size 47; x_descenders 10">
<span class='ocrx_word' title='bbox 1472 366 1643 396; x_wconf 95'>missions</span>
<span class='ocrx_word' title='bbox 1658 365 1773 403; x_wconf 96'>(sur</span>
<span class='ocrx_word' title='bbox 1738 355 1776 410; x_wconf 95'>7)</span></span>
</div></body></html>"""
    monkeypatch.setattr(ocr, "deskew_angle", lambda gray: 0.0)
    monkeypatch.setattr(ocr, "_run_tesseract", lambda image, timeout: line)
    chars, words, _ = ocr.read_image(Image.new("L", (3000, 1688), 255), 720.0, 405.0)
    assert "".join(c.text for c in sorted(chars, key=lambda c: c.x0)) == "missions(sur7)"
    sur, seven = words[1], words[2]
    assert sur.bbox[2] < seven.bbox[0] and seven.bbox[0] - sur.bbox[2] == pytest.approx(0.25 * 47 * 720 / 3000, abs=0.05)
    assert words[0].bbox[2] < sur.bbox[0]  # words already apart stay as they are


def test_tessdata_is_found_by_its_environment_variable(tmp_path, monkeypatch):
    (tmp_path / "tessdata").mkdir()
    (tmp_path / "tessdata" / "fra.traineddata").write_bytes(b"")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    ocr.tessdata.cache_clear()
    try:
        assert ocr.tessdata() == str(tmp_path / "tessdata")
        monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path / "tessdata"))
        ocr.tessdata.cache_clear()
        assert ocr.tessdata() == str(tmp_path / "tessdata")
    finally:
        ocr.tessdata.cache_clear()


@needs_tesseract
def test_a_kept_engine_reads_a_page_as_a_new_one_does():
    """Tesseract's engines are kept from page to page (loading the model costs a tenth of a
    second): what one reads on a page does not depend on the pages it read before."""
    import tesserocr
    from PIL import Image, ImageDraw

    def page(text: str):
        image = Image.new("L", (1200, 300), 255)
        ImageDraw.Draw(image).text((40, 100), text, fill=0, font_size=48)
        return image

    first, second = page("Rapport annuel 2024"), page("Les allocataires : 13,7 millions")
    with tesserocr.PyTessBaseAPI(path=ocr.tessdata(), lang="fra", psm=tesserocr.PSM.AUTO) as fresh:
        fresh.SetImage(second)
        fresh.SetSourceResolution(ocr.DPI)
        expected = fresh.GetHOCRText(0)
    ocr._run_tesseract(first, None)
    assert ocr._run_tesseract(second, None) == expected
    assert "13,7" in expected and ocr._ENGINES._idle  # an engine was kept


def test_a_page_of_text_never_measures_its_images():
    def share() -> float:
        raise AssertionError("a page of text needs no image share")

    assert ocr.text_layer_problem(glyphs("Rapport d'activité de l'année " * 6), share) is None
    assert ocr.text_layer_problem(glyphs("\ufffd" * 200), share) == "garbage text layer"
    assert ocr.text_layer_problem(glyphs("p. 4"), lambda: 0.9) == "image page"  # few glyphs: measured


# -- without Tesseract -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scanned_pages(tmp_path_factory) -> Path:
    """Pages 7-10 of the golden report as an image-only PDF (a timeline, the key figures and
    running text)."""
    return rasterise(GOLDEN_PDF, tmp_path_factory.mktemp("scan") / "scan.pdf", pages=[7, 8, 9, 10])


def test_without_tesseract_a_scan_says_what_to_install(scanned_pages, monkeypatch):
    monkeypatch.setattr(ocr, "tessdata", lambda: None)
    with pytest.raises(NoTextLayer, match="apt-get install tesseract-ocr-fra"):
        read(scanned_pages)


def test_without_tesseract_image_pages_are_named_once(monkeypatch, caplog):
    path = real_pdf(WOTO)
    monkeypatch.setattr(ocr, "tessdata", lambda: None)
    with caplog.at_level(logging.WARNING, logger="extractor.layout.pdf"):
        document = read(path)
    assert document.repairs["ocr_unavailable"] >= 2 and not document.ocr
    [message] = [r.getMessage() for r in caplog.records]
    assert "need OCR" in message and "tesseract-ocr-fra" in message and "(2, 9," in message


def test_ocr_never_reads_the_text_layer_only(scanned_pages):
    with pytest.raises(NoTextLayer):
        read(scanned_pages, ocr="never")


# -- with Tesseract ------------------------------------------------------------------------------------
@needs_tesseract
@pytest.mark.slow
def test_scanned_pages_read_like_the_digital_ones(scanned_pages):
    from extractor import Config, extract

    scanned = extract(scanned_pages, Config(pages=None))
    digital = extract(GOLDEN_PDF, Config(pages=(7, 10)))
    assert scanned.document.repairs["ocr_pages"] == 4
    # the same running-text figures, with their boxes where the digital PDF has them
    running = [f for f in digital.figures if not f.key]

    def covers(s, f) -> bool:
        x, y = (f.bbox[0] + f.bbox[2]) / 2, (f.bbox[1] + f.bbox[3]) / 2
        return s.bbox[0] - 3 <= x <= s.bbox[2] + 3 and s.bbox[1] - 3 <= y <= s.bbox[3] + 3

    found = [f for f in running
             if any(s.page + 6 == f.page and s.value == f.value and s.unit == f.unit and covers(s, f)
                    for s in scanned.figures)]  # the scan's pages are 1-4
    assert len(found) >= 0.9 * len(running), [f.raw for f in running if f not in found]


@needs_tesseract
def test_ocr_words_keep_their_confidence(scanned_pages):
    document = read(scanned_pages, pages=(3, 3))
    assert sorted(document.ocr) == [3]
    page = document.ocr[3]
    assert page.reason == "no text layer" and 80 <= page.confidence <= 100
    assert all(0 <= w.confidence <= 100 for w in page.words)


@needs_tesseract
@pytest.mark.slow
def test_image_only_pages_of_a_real_report():
    """The ocean NGO's review: its key-figure page 2 has no text layer; page 10 is an image
    under a one-word digital heading. Values from the hand-read gold (units are the figure
    extractor's matter, not OCR's)."""
    from extractor import extract

    path = real_pdf(WOTO)
    gold = yaml.safe_load((ROOT / "corpus" / "real" / path.stem / "expected.yaml").read_text(encoding="utf-8"))
    result = extract(path)
    assert {2, 10} <= set(range(1, result.document.pages + 1)) and result.document.repairs["ocr_pages"] >= 5
    for page in (2, 10):
        wanted = {f["value"] for f in gold["figures"] if f["page"] == page}
        got = {f.value for f in result.figures if f.page == page}
        assert len(wanted & got) >= 0.8 * len(wanted), (page, wanted - got)


@needs_tesseract
@pytest.mark.slow
def test_white_values_on_the_bars_of_a_real_chart_are_read():
    """beta.gouv.fr's review, page 19: an image of a bar chart whose counts are white on light
    bars. Values from the hand-read gold."""
    from extractor import extract

    path = real_pdf("betagouv-bilan-2023.pdf")
    gold = yaml.safe_load((ROOT / "corpus" / "real" / path.stem / "expected.yaml").read_text(encoding="utf-8"))
    wanted = sorted(f["value"] for f in gold["figures"] if f["page"] == 19)
    # (the whole report: the last value of the page stands before the next page's heading in
    # capitals, which is not its title; the angled labels under the bars give no number)
    got = [f.value for f in extract(path).figures if f.page == 19]
    found = sum(min(wanted.count(v), got.count(v)) for v in set(wanted))
    assert found >= 0.9 * len(wanted) and len(got) - found <= 1, (wanted, sorted(got))


@needs_tesseract
@pytest.mark.slow
@pytest.mark.parametrize("noise, skew", [(0.0, 0.0), (12.0, 1.0)], ids=["clean", "noise-and-1-degree-skew"])
def test_rasterised_golden_report_sentence_recovery(tmp_path, noise, skew):
    from test_layout import EXCLUDED_SECTIONS

    from extractor.quality.evaluation import reference_sentences, sentence_recovery

    scan = rasterise(GOLDEN_PDF, tmp_path / "scan.pdf", noise=noise, skew=skew)
    document = read(scan)
    sentences = reference_sentences(GOLDEN_TXT.read_text(encoding="utf-8"), EXCLUDED_SECTIONS)
    score, missing = sentence_recovery(sentences, document.text)
    assert score >= 0.90, missing[:5]
    if skew:
        assert all(abs(p.skew + skew) <= 0.2 for p in document.ocr.values())


@needs_tesseract
@pytest.mark.slow
@pytest.mark.parametrize("noise, skew", [(0.0, 0.0), (12.0, 1.0)], ids=["clean", "noise-and-1-degree-skew"])
def test_rasterised_golden_key_figures(tmp_path, noise, skew):
    """At least 39 of the 43 cards of pages 8-9 with value and label (the digital PDF: 43),
    on the clean scan (39) and on the noisy, skewed one (39). Missed on both: words
    Tesseract does not return at all ("Caf" right under "101", "880"); on the clean scan
    also a box title's second line "MENT (APL)" and the "millions" under "2,8", on the
    noisy one the prime d'activité's card (its title read with confidence 35)."""
    from extractor import extract

    scan = rasterise(GOLDEN_PDF, tmp_path / "scan.pdf", pages=[8, 9], noise=noise, skew=skew)
    expected = yaml.safe_load((ROOT / "corpus" / "cnaf-2019" / "expected" / "figures.yaml").read_text(encoding="utf-8"))
    cards = [f for f in expected["figures"] if f.get("where") == "key_figures"]
    figures = extract(scan).figures
    right = 0
    for card in cards:
        for f in figures:
            if (f.page + 7 == card["page"] and abs(f.value - card["value"]) <= card.get("tolerance", 0) + 1e-6
                    and f.unit == card["unit"] and all(w in f.label.lower() for w in card["label_words"])):
                right += 1
                break
    assert right >= 0.9 * len(cards)


def test_a_lone_plus_sign_is_not_a_speck():
    """"+ 1,5 milliard": the sign is small and alone on its line, and it is text."""
    body = ({"bbox": [0, 0, 900, 40], "x_size": [40.0]}, [("texte", [0, 0, 900, 40], 95.0)])
    plus = ({"bbox": [0, 100, 15, 115], "x_size": [40.0]}, [("+", [0, 100, 15, 115], 90.0)])
    speck = ({"bbox": [0, 200, 9, 208], "x_size": [20.0]}, [("x", [0, 200, 9, 208], 30.0)])
    assert [words[0][0] for _, words in ocr.clean_lines([body, body, plus, speck])] == ["texte", "texte", "+"]


@needs_tesseract
@pytest.mark.slow
def test_ocr_output_is_cached_with_the_document(tmp_path):
    """A scanned report's records come from the batch cache on the next run (no second OCR),
    under a key that holds the OCR mode: ``--ocr never`` does not take OCR'd records."""
    import hashlib
    import json

    from extractor.batch.run import Cache, run_batch
    from extractor.pipeline import Config

    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    scan = rasterise(GOLDEN_PDF, inputs / "scan.pdf", pages=[8])
    first = run_batch([inputs], out, jobs=1)
    [written] = list(out.glob("scan*.json"))
    document = json.loads(written.read_text(encoding="utf-8"))
    assert first.processed == [str(scan)] and document["document"]["repairs"]["ocr_pages"] == 1
    assert any(f["value"] == 94.6e9 for f in document["figures"])
    second = run_batch([inputs], out, jobs=1)
    assert second.processed == [] and second.cached == [str(scan)]
    assert json.loads(written.read_text(encoding="utf-8")) == document
    sha = hashlib.sha256(scan.read_bytes()).hexdigest()
    assert Cache(out, Config()).get(sha).result["figures"] == document["figures"]
    assert Cache(out, Config(ocr="never")).get(sha) is None


@needs_tesseract
@pytest.mark.slow
def test_review_marks_ocr_records_and_doubtful_words(tmp_path):
    """In the review, records on OCR pages carry the lowest confidence of the words under
    their box, records on the PDF's own text none; words read with low confidence are listed
    to be drawn on their page."""
    import json
    import re

    from extractor import extract
    from extractor.review import build

    path = real_pdf(WOTO)
    result, document = extract(path), read(path)
    index = build(result, tmp_path / "site", document=document)
    data = json.loads(re.search(r'id="review-data">(.*?)</script>', index.read_text(encoding="utf-8"), re.S).group(1))
    figures = [it for it in data["items"] if it["kind"] == "figures" and it["box"]]
    on_ocr = [it for it in figures if it["page"] in document.ocr]
    on_text = [it for it in figures if it["page"] not in document.ocr]
    assert on_ocr and on_text
    assert all(0 <= it["ocr"] <= 100 for it in on_ocr) and all(it["ocr"] is None for it in on_text)
    assert data["doubtful"] and all(w["confidence"] < ocr.LOW_CONFIDENCE for w in data["doubtful"])
    assert {w["page"] for w in data["doubtful"]} <= set(document.ocr)


# -- what OCR words lack, made up from geometry ------------------------------------------------
def test_a_sign_reaches_its_number():
    """Tesseract boxes ink: the "+" of "+ 1,5" set in key-figure type stands a column gap
    away from its number; its box is widened to one word space before it."""
    words = [("+", [392, 358, 407, 381], 90.0), ("1,5", [421, 358, 459, 381], 95.0), ("milliard", [470, 358, 540, 381], 95.0)]
    out = ocr._word_spaces(words, 24.0)
    assert out[0][1] == [392, 358, 421 - ocr.WORD_SPACE * 24.0, 381] and out[1:] == words[1:]
    spaced = [("+", [392, 358, 407, 381], 90.0), ("texte", [470, 358, 540, 381], 95.0)]
    assert ocr._word_spaces(spaced, 24.0) == spaced  # not before a number: left alone


def _titled_card(first: str, second: str, second_size: float = 7.8):
    """A box title in capitals over two lines (body blocks: OCR has no bold), then its card."""
    from extractor.core.document import Block, Document

    card = "2 milliards d'euros"
    text = f"{first}\n\n{second}\n\n{card}"
    a, b = len(first), len(first) + 2 + len(second)
    blocks = [Block(0, a, 1, (226, 554, 356, 562), 7.9, False),
              Block(a + 2, b, 1, (227, 564, 276, 572), second_size, False),
              Block(b + 2, len(text), 1, (226, 578, 260, 621), 24.0, False, role="card")]
    return Document("scan.pdf", text, 1, blocks, "pdf"), b + 2


def test_a_box_title_in_capitals_over_two_lines_is_one_title():
    from extractor.extract.figures.cards import card_title

    document, at = _titled_card("ALLOCATION DE RENTRÉE SCO-", "LAIRE (ARS)")
    assert card_title(document, at) == "Allocation de rentrée scolaire (ARS)"
    document, at = _titled_card("PRESTATION D'ACCUEIL DU JEUNE", "ENFANT (PAJE)")
    assert card_title(document, at) == "Prestation d'accueil du jeune enfant (PAJE)"
    document, at = _titled_card("ACCORD FRANCO-", "ALLEMAND")  # "francoallemand" is no word
    assert card_title(document, at) == "Accord franco-allemand"
    document, at = _titled_card("PRESTATION D'ACCUEIL DU JEUNE", "ENFANT (PAJE)", second_size=12.0)
    assert card_title(document, at) == "Enfant (PAJE)"  # another size: another title


def test_bold_is_measured_from_the_strokes():
    """OCR words have no font: a word is bold when its strokes are wide for its size (here
    stems 3 px and 6 px wide in type 32 px high), not when it is merely large or dark."""
    import numpy as np

    page = np.zeros((200, 400), dtype=bool)
    for k in range(6):
        page[20:52, 10 + 12 * k:13 + 12 * k] = True   # regular stems: 3/32 of the size
        page[120:152, 10 + 16 * k:16 + 16 * k] = True  # bold stems: 6/32
    page[60:100, 200:390] = True                       # light type on a dark band
    assert not ocr.is_bold(page, (10, 20, 80, 52), 32.0)
    assert ocr.is_bold(page, (10, 120, 100, 152), 32.0)
    assert not ocr.is_bold(page, (200, 60, 390, 100), 32.0)
    assert not ocr.is_bold(page, (300, 150, 380, 190), 32.0)  # no ink at all


# -- several pages at once ---------------------------------------------------------------------
def test_pages_read_at_once_come_out_as_they_are_ready(scanned_pages, monkeypatch):
    """Tesseract reads two pages at once; a page is handed on when its words are read, the
    slow first page after the ones behind it, each with its own words, none twice."""
    import time

    lock, running, most = threading.Lock(), [0], [0]
    order = iter(range(1, 5))
    last_started = threading.Event()

    def fake_read(image, angle, width, height, timeout):
        with lock:
            n = next(order)  # submitted in page order
            running[0] += 1
            most[0] = max(most[0], running[0])
        if n == 4:
            last_started.set()
        if n == 1:  # the first page is read until the last one is with Tesseract
            last_started.wait(timeout=30)
            time.sleep(0.2)
        with lock:
            running[0] -= 1
        return [Char(f"p{n}", 10.0, 10.0, 20.0, 20.0, 10.0, False)], [], 0.0

    monkeypatch.setattr(ocr, "read_prepared", fake_read)
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_parallel", 2)
    engine = ocr.OcrBackend(get_backend("pypdfium2"))
    pages = list(engine.pages(scanned_pages, None, None))
    assert sorted(p.number for p in pages) == [1, 2, 3, 4] and pages[-1].number == 1
    assert all([c.text for c in p.chars] == [f"p{p.number}"] for p in pages)
    assert sorted(engine.ocr_pages) == [1, 2, 3, 4] and most[0] == 2


def test_a_page_image_is_made_ready_on_tesseracts_thread_not_the_readers(scanned_pages, monkeypatch):
    """The image's preparation (deskew, cleaning, light type lifted) runs with Tesseract, on
    the engine's threads: the thread reading the other pages' text layers is left free."""
    threads: list[str] = []

    def fake_prepare(image):
        threads.append(threading.current_thread().name)
        return image.convert("L"), 0.0

    monkeypatch.setattr(ocr, "prepare_image", fake_prepare)
    monkeypatch.setattr(ocr, "read_prepared", lambda gray, angle, width, height, timeout: ([], [], 0.0))
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_parallel", 2)
    pages = list(ocr.OcrBackend(get_backend("pypdfium2")).pages(scanned_pages, (1, 2), None))
    assert sorted(p.number for p in pages) == [1, 2]
    assert len(threads) == 2 and all(name.startswith("tesseract") for name in threads), threads


@pytest.mark.slow  # reads four scanned pages by OCR twice (5 s)
@needs_tesseract
def test_a_document_read_by_ocr_out_of_order_is_in_page_order(scanned_pages, monkeypatch):
    """The reader puts the pages back in order: the document of pages whose OCR ends last
    first is the document read one page at a time."""
    import time

    real = ocr.read_prepared
    delays = iter([0.8, 0.0, 0.0, 0.0])

    def slow_first(image, angle, width, height, timeout):
        time.sleep(next(delays))
        return real(image, angle, width, height, timeout)

    monkeypatch.setattr(ocr, "_parallel", 1)
    one_at_a_time = read(scanned_pages, pages=(1, 3))
    monkeypatch.setattr(ocr, "_parallel", 2)
    monkeypatch.setattr(ocr, "read_prepared", slow_first)
    at_once = read(scanned_pages, pages=(1, 3))
    assert at_once.text == one_at_a_time.text and [b.page for b in at_once.blocks] == [b.page for b in one_at_a_time.blocks]
    assert list(at_once.ocr) == [1, 2, 3] and at_once.repairs == one_at_a_time.repairs


@needs_tesseract
def test_a_page_over_its_time_limit_is_an_error_and_the_engine_reads_on():
    """Tesseract stops at the time limit (``OcrBackend(timeout=…)``) with an error naming
    it; the engine goes back to the others and reads the next page."""
    from PIL import Image, ImageDraw

    long_page = Image.new("L", (2500, 3500), 255)
    draw = ImageDraw.Draw(long_page)
    for row in range(60):
        draw.text((100, 50 + row * 55), "Les allocataires de la branche Famille " * 3, fill=0, font_size=40)
    with pytest.raises(RuntimeError, match="did not finish reading the page in 0.01 s"):
        ocr._run_tesseract(long_page, 0.01)
    short = Image.new("L", (1200, 300), 255)
    ImageDraw.Draw(short).text((40, 100), "Rapport annuel 2024", fill=0, font_size=48)
    assert "2024" in ocr._run_tesseract(short, 30.0)
