"""OCR for pages without a usable text layer: Tesseract's words become glyphs of the same
layout reader, so that scanned pages get the same lines, reading order, de-hyphenation,
provenance and records as digital ones.

A page goes to OCR (``--ocr auto``, the default) when its text layer is missing (no visible
glyph), is garbage (most glyphs lost: U+FFFD, private-use code points, pdfminer's
``(cid:N)``, control characters; or a font whose accents decode as other letters, ``é`` →
``Ø``), or when an image covers most of the page and the text layer holds only a few words
(a scanned page with a footer or page number added digitally). ``--ocr always`` reads every
page with OCR, ``--ocr never`` none.

How a page is read: pypdfium2 renders it at ``DPI``; its skew is measured by the projection
profile method (the angle whose row profile is sharpest, Postl 1986) and undone; on a scan
with grain the paper is made white (``clean_image``); Tesseract (the library, through
tesserocr, whose wheel carries it; the French model from ``tesseract-ocr-fra``) returns
hOCR: words with boxes and confidences, lines with their baseline and font size
(``x_size``). Each word becomes one glyph per character, spread over the word's box, on the
line's baseline and one font size high, as pdfminer boxes a glyph; boxes are mapped back to
the unrotated page in PDF points. The style cues the layout reads from a PDF's fonts come
from the image: the size from ``x_size``, bold from the width of the word's strokes
(``is_bold``), so that box titles are headings and key figures cards as in the digital PDF.
Where the page also has a sound text layer (an image page with a digital footer), its glyphs
stay and only OCR words that do not overlap them are added.

Tesseract: https://tesseract-ocr.github.io/tessdoc/ (hOCR output: ``x_size``, ``baseline``,
``x_descenders``, ``x_wconf``).
"""
from __future__ import annotations

import functools
import math
import operator
import os
import re
import threading
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Iterator

from ..core.errors import ExtractorError
from .backends import Backend, Char, PageChars
from .backends.pdfium import PDFIUM_LOCK

__all__ = ["MODES", "DPI", "LOW_CONFIDENCE", "INSTALL_HINT", "OcrUnavailable", "OcrWord", "OcrPage", "OcrBackend",
           "available", "tessdata", "text_layer_problem", "image_share", "deskew_angle", "parse_hocr",
           "clean_lines", "clean_image", "lift_light_type", "histogram_median", "PAPER_LEVEL", "GRAIN", "read_image",
           "prepare_image", "read_prepared",
           "LEADING_SIGNS", "WORD_SPACE", "INK_LEVEL", "BOLD_STROKE", "MAX_INK", "is_bold"]

MODES = ("auto", "always", "never")
#: render resolution for OCR: Tesseract reads body text best at 300 dpi
DPI = 300
#: a page with fewer visible glyphs than this and an image over ``IMAGE_SHARE`` of its area
#: is a scanned page whose text layer is only a footer or a page number
FEW_GLYPHS = 120
IMAGE_SHARE = 0.5
#: a page without glyphs is read only when images cover this share of it: an empty page, or
#: one of drawings only, has nothing OCR could read
MIN_IMAGE_SHARE = 0.05
#: share of visible glyphs that are lost (U+FFFD, private use, (cid:N), control) above which
#: the text layer is garbage
GARBAGE_SHARE = 0.3
#: letters that decode in place of French accented letters in a broken font encoding
#: ("activitØ"); found inside words at this share of letters, the layer is garbage
MISDECODED = frozenset("ØÙÚÛÜÝÞßðñòóôõö÷øþ")
MISDECODED_SHARE = 0.01
#: words below this confidence (0-100) are shown as doubtful in the review
LOW_CONFIDENCE = 60
#: the skew search, in degrees
MAX_SKEW, SKEW_STEP = 3.0, 0.1
#: a smaller angle is left alone: Tesseract reads it as well, and rotating blurs the glyphs
MIN_SKEW = 0.25
#: the skew is measured on the page reduced to at most this many pixels a side
SKEW_SIDE = 1200
INSTALL_HINT = ("OCR needs Tesseract's French data: apt-get install tesseract-ocr-fra "
                "(or TESSDATA_PREFIX naming a folder with fra.traineddata)")
#: where Tesseract's language data is installed (Debian/Ubuntu, Fedora, Homebrew, MacPorts, a
#: source build), after ``TESSDATA_PREFIX``
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata",
                 "/opt/homebrew/share/tessdata", "/opt/local/share/tessdata")


class OcrUnavailable(ExtractorError):
    """A page needs OCR and Tesseract (or its French data) is not installed."""


@dataclass
class OcrWord:
    text: str
    bbox: tuple[float, float, float, float]  #: in PDF points on the page
    confidence: float  #: Tesseract's word confidence, 0-100


@dataclass
class OcrPage:
    """What OCR read on one page (kept on the Document for the review)."""
    reason: str  #: "no text layer", "garbage text layer", "image page" or "forced"
    words: list[OcrWord] = field(default_factory=list)
    skew: float = 0.0  #: degrees undone before OCR

    @property
    def confidence(self) -> float | None:
        """Mean word confidence, weighted by word length."""
        total = sum(len(w.text) for w in self.words)
        return round(sum(w.confidence * len(w.text) for w in self.words) / total, 1) if total else None


@functools.lru_cache(maxsize=1)
def tessdata() -> str | None:
    """The folder of Tesseract's French model (``fra.traineddata``), or None when tesserocr
    or the model is not installed."""
    import glob

    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return None
    prefix = os.environ.get("TESSDATA_PREFIX")
    candidates = [prefix, os.path.join(prefix, "tessdata")] if prefix else []
    candidates += [d for pattern in TESSDATA_DIRS for d in sorted(glob.glob(pattern), reverse=True)]
    return next((d for d in candidates if os.path.isfile(os.path.join(d, "fra.traineddata"))), None)


def available() -> bool:
    return tessdata() is not None


# -- which pages ---------------------------------------------------------------------------------
_CID = re.compile(r"^\(cid:\d+\)$")
_TEXT = operator.attrgetter("text")


@functools.lru_cache(maxsize=4096)
def _lost(text: str) -> bool:
    return (text == "\ufffd" or bool(_CID.match(text))
            or any(0xE000 <= ord(c) <= 0xF8FF or (ord(c) < 32 and c not in "\t\n\r") for c in text))


def text_layer_problem(chars: list[Char], image_share: float | Callable[[], float]) -> str | None:
    """Why a page's text layer cannot be read as it is, or None when it can. ``image_share``
    may be a function: it is then called only for a page with few glyphs, the one case that
    needs it (measuring it walks the page's objects)."""
    # by distinct glyph text: a page of 3,000 glyphs has a hundred or so
    counts = Counter(map(_TEXT, chars))
    visible = {text: n for text, n in counts.items() if text.strip()}
    n_visible = sum(visible.values())

    def share() -> float:
        return image_share() if callable(image_share) else image_share

    if not n_visible:
        return "no text layer" if share() >= MIN_IMAGE_SHARE else None
    lost = sum(n for text, n in visible.items() if _lost(text))
    letters = sum(n for text, n in visible.items() if text.isalpha())
    misdecoded = sum(n for text, n in visible.items() if text.isalpha() and text in MISDECODED)
    if lost >= GARBAGE_SHARE * n_visible or (letters and misdecoded >= MISDECODED_SHARE * letters
                                             and misdecoded >= 3):
        return "garbage text layer"
    if n_visible < FEW_GLYPHS and share() >= IMAGE_SHARE:
        return "image page"
    return None


def image_share(page) -> float:
    """The share of a pypdfium2 page's area covered by its image objects (top level)."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return 0.0
    covered = 0.0
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        w = max(0.0, min(right, width) - max(left, 0.0))
        h = max(0.0, min(top, height) - max(bottom, 0.0))
        covered += w * h
    return min(1.0, covered / (width * height))


# -- reading a page ------------------------------------------------------------------------------
def deskew_angle(gray) -> float:
    """The page's skew in degrees (counter-clockwise positive): the rotation that makes the
    rows of ink sharpest (projection profile, coarse then fine, on a reduced image)."""
    import numpy as np
    from PIL import Image

    # reduced by whole blocks of pixels (the mean of each): a quarter of the time of a
    # resampled thumbnail, and the rows of ink stay as sharp (the angle found is as close)
    factor = -(-max(gray.size) // SKEW_SIDE)
    small = gray.reduce(factor) if factor > 1 else gray
    ink = Image.eval(small, lambda v: 255 if v < 128 else 0)

    def sharpness(angle: float) -> float:
        # in integers: exact (under 2**53), as the floats were, and without a float copy of the image
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)).sum(axis=1, dtype=np.int64)
        return float(np.square(np.diff(rows)).sum())

    coarse = max((a / 2 for a in range(int(-2 * MAX_SKEW), int(2 * MAX_SKEW) + 1)), key=sharpness)
    steps = int(0.5 / SKEW_STEP)
    fine = max((coarse + k * SKEW_STEP for k in range(-steps, steps + 1)), key=sharpness)
    return round(fine, 2) if abs(fine) >= MIN_SKEW else 0.0


_TITLE = re.compile(r"(\w+) ([^;]+)")
_LINE_CLASSES = {"ocr_line", "ocr_caption", "ocr_textfloat", "ocr_header"}


def _title(title: str) -> dict[str, list[float]]:
    out = {}
    for key, value in _TITLE.findall(title):
        try:
            out[key] = [float(v) for v in value.split()]
        except ValueError:
            pass
    return out


class _HocrReader(HTMLParser):
    """Lines and words of Tesseract's hOCR (lines are ``ocr_line`` and its kin, words
    ``ocrx_word``; a word's text is all the text inside its element)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[dict[str, list[float]], list[tuple[str, list[float], float]]]] = []
        self._word: tuple[dict[str, list[float]], list[str]] | None = None
        self._depth = 0  #: open elements inside the current word

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._word is not None:
            self._depth += 1
            return
        a = dict(attrs)
        cls = set((a.get("class") or "").split())
        if cls & _LINE_CLASSES:
            self.lines.append((_title(a.get("title") or ""), []))
        elif "ocrx_word" in cls and self.lines:
            self._word, self._depth = (_title(a.get("title") or ""), []), 0

    def handle_endtag(self, tag: str) -> None:
        if self._word is None:
            return
        if self._depth:
            self._depth -= 1
            return
        attrs, parts = self._word
        text = "".join(parts).strip()
        if text and "bbox" in attrs:
            self.lines[-1][1].append((text, attrs["bbox"], (attrs.get("x_wconf") or [0.0])[0]))
        self._word = None

    def handle_data(self, data: str) -> None:
        if self._word is not None:
            self._word[1].append(data)


def parse_hocr(hocr: str) -> list[tuple[dict[str, list[float]], list[tuple[str, list[float], float]]]]:
    """Tesseract's hOCR as lines: (line attributes, [(word, bbox px, confidence)])."""
    reader = _HocrReader()
    reader.feed(hocr)
    reader.close()
    return [(attrs, words) for attrs, words in reader.lines if words]


#: a line-initial word that is only one of these is a list bullet, which Tesseract reads as
#: the nearest character it knows ("›" as ">", "»")
BULLET_READINGS = frozenset({">", "»", "›", "•", "·", "▪", "■", "●", "◦"})
BULLET = "•"
#: a line of at most this many characters whose box is less than ``SPECK_HEIGHT`` times the
#: page's median line height is a speck (dust, noise, a dot of a drawing), not text
SPECK_CHARS, SPECK_HEIGHT = 2, 0.5
#: signs that are small by nature and stand alone before a key figure ("+ 1,5 milliard")
SMALL_SIGNS = frozenset("+-–−±%€$£")


_APOSTROPHES = re.compile("['\u2019\u2018`\u00b4]{2,}")


def clean_lines(lines):
    """Tesseract's lines, post-corrected for what OCR gets wrong in the same way on every
    page: specks read as letters, bullets read as ">", a typographic apostrophe read as two."""
    heights = sorted(attrs["bbox"][3] - attrs["bbox"][1] for attrs, _ in lines if "bbox" in attrs)
    median = heights[len(heights) // 2] if heights else 0.0
    out = []
    for attrs, words in lines:
        box = attrs.get("bbox")
        text = "".join(w[0] for w in words)
        if (box and len(text) <= SPECK_CHARS and box[3] - box[1] < SPECK_HEIGHT * median
                and not SMALL_SIGNS.issuperset(text)):
            continue
        if _picture_reading(words):
            continue
        words = [(_APOSTROPHES.sub("'", text), bbox, conf) for text, bbox, conf in words]
        if len(words) > 1 and words[0][0] in BULLET_READINGS:
            words[0] = (BULLET,) + words[0][1:]
        out.append((attrs, words))
    return out


#: a line of at least ``NOISE_WORDS`` words, most of them of at most two characters, read
#: with a mean confidence under ``NOISE_CONFIDENCE`` is Tesseract's reading of a picture
#: (an icon, labels set at an angle: "S 2) Ca ® F & 4 s CS"), not text
NOISE_WORDS, NOISE_CONFIDENCE = 3, 50


def _picture_reading(words) -> bool:
    """Is this line of OCR words (text, box, confidence) the reading of a picture?"""
    if len(words) < NOISE_WORDS:
        return False
    short = sum(len(text) <= 2 for text, _, _ in words)
    return 2 * short > len(words) and sum(conf for _, _, conf in words) / len(words) < NOISE_CONFIDENCE


#: signs that stand before a number ("+ 1,5 milliard"), and the width of a word space, in font sizes
LEADING_SIGNS = frozenset("+-–−±")
WORD_SPACE = 0.25


def _word_spaces(words, size: float):
    """The words of a line with each box that should end one word space before the next word
    ending there. Tesseract boxes a word's ink, a PDF a glyph's advance, and spread over its
    box a word's glyphs must neither stand a column away from the next word nor run into it:
    - a sign's box is widened up to the number it stands for: the side bearings of a narrow
      sign set in key-figure type leave it a column gap away ("+   1,5"), which the layout
      would read as two columns;
    - a box that reaches over the next word's is cut back: Tesseract may box a word over its
      neighbour ("total" over "12"), and the two words' glyphs would interleave ("tot12al")."""
    out = list(words)
    for k in range(len(out) - 1):
        text, box, conf = out[k]
        following = out[k + 1]
        end = following[1][0] - WORD_SPACE * size  # one word space before the next word
        gap = following[1][0] - box[2]
        sign = LEADING_SIGNS.issuperset(text) and following[0][:1].isdigit() and WORD_SPACE * size < gap < size
        if box[0] < end < box[2] or sign:
            out[k] = (text, [box[0], box[1], end, box[3]], conf)
    return out


#: grey level below which a pixel is ink
INK_LEVEL = 128
#: a word whose typical stroke is at least this share of its line's font size is bold: the
#: stems of regular type are about 0.09-0.12 of the size, of bold 0.16-0.20
BOLD_STROKE = 0.15
#: a word box more than this share ink is set light on dark (or over a picture): its strokes
#: cannot be measured
MAX_INK = 0.6


def is_bold(ink, box, size: float) -> bool:
    """Is the word in ``box`` (pixels of the boolean ink image ``ink``) set in bold? OCR
    words carry no font, but bold is visible: its strokes are wider for its size. A stroke's
    width is the median length of the horizontal runs of ink in the word's box (the vertical
    stems dominate them), compared to the line's font size (hOCR ``x_size``)."""
    import numpy as np

    x0, y0, x1, y1 = (int(round(v)) for v in box)
    crop = ink[max(0, y0):y1 + 1, max(0, x0):x1 + 1]
    if size <= 0 or crop.size == 0 or not 0 < crop.mean() <= MAX_INK:
        return False
    edges = np.diff(np.pad(crop, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    runs = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)  # row by row, in order
    return bool(float(np.median(runs)) >= BOLD_STROKE * size)


class _Engines:
    """Tesseract engines with the French model loaded, kept for the next page: loading the
    model takes a tenth of a second, and a page is read in about half a second. One engine
    reads one page at a time; there are as many as pages have been read at once."""

    def __init__(self) -> None:
        self._idle: list[Any] = []
        self._lock = threading.Lock()

    def take(self) -> Any:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        import tesserocr

        path = tessdata()
        if path is None:
            raise OcrUnavailable("tesseract", INSTALL_HINT)
        return tesserocr.PyTessBaseAPI(path=path, lang="fra", psm=tesserocr.PSM.AUTO)

    def give_back(self, engine: Any) -> None:
        with self._lock:
            self._idle.append(engine)


_ENGINES = _Engines()


def _run_tesseract(image, timeout: float | None) -> str:
    """Tesseract's hOCR of a grey image, read at ``DPI``. Tesseract lets go of the GIL while it
    reads, so that pages on several threads are read at once."""
    engine = _ENGINES.take()
    try:
        pixels = image.tobytes()  # raw, one byte a pixel: SetImage would encode the image to hand it over
        engine.SetImageBytes(pixels, image.width, image.height, 1, image.width)
        engine.SetSourceResolution(DPI)
        if not engine.Recognize(int(timeout * 1000) if timeout else 0):
            raise RuntimeError(f"tesseract did not finish reading the page{f' in {timeout:g} s' if timeout else ''}")
        return engine.GetHOCRText(0)
    finally:
        engine.Clear()  # the page's results and image are freed; the model stays
        _ENGINES.give_back(engine)


#: grey level above which a pixel is paper: ink is darker (even grey key-figure type is
#: about 100), and a scanner's grain or a light tint behind a box is lighter
PAPER_LEVEL = 200
#: mean difference of neighbouring paper pixels (grey levels) from which a page has grain:
#: the paper of a rendered page or a clean scan is flat (under 0.5; a noisy scan's: 2.5-3)
GRAIN = 1.5


def clean_image(gray):
    """A scanned page as Tesseract reads it best: on a page of light paper with grain, the
    paper (tints included) made plain white. Tesseract binarises the page by a global
    (Otsu) threshold; grain on a tinted box and on the edges of large grey digits changes
    what the digits read as ("13,5" as "13,9", "1,5" as "15"), while the ink itself is far
    darker. A page without grain is left as it is (its anti-aliased edges read better),
    and so is a page that is not light paper (light type on a dark band, a photo)."""
    import numpy as np

    if gray.width * gray.height == 0 or histogram_median(gray.histogram()) <= PAPER_LEVEL:
        return gray
    # the mean step between neighbouring paper pixels, in bytes: both are paper (over
    # PAPER_LEVEL), so the larger minus the smaller cannot wrap around; the sum is exact
    pixels = np.asarray(gray)
    left, right = pixels[:, :-1], pixels[:, 1:]
    paper = (left > PAPER_LEVEL) & (right > PAPER_LEVEL)
    pairs = int(np.count_nonzero(paper))
    if pairs == 0:
        return gray
    steps = np.maximum(left, right) - np.minimum(left, right)
    if int(steps.sum(where=paper, dtype=np.int64)) / pairs < GRAIN:
        return gray
    return gray.point(lambda v: 255 if v > PAPER_LEVEL else v)


#: grey levels of a tint: a coloured bar, box or band that type may be set on, light or dark
TINT = (170, 225)
#: share of a neighbourhood (``TINT_RADIUS`` pixels at ``DPI``) in a tint from which a pixel
#: is on it: the inside of a bar, not the paper beside its edge
TINT_SHARE, TINT_RADIUS = 0.6, 40
#: the tint map is measured on the page reduced this many times (a map, not the glyphs)
TINT_STEP = 4
#: how much lighter than its tint a pixel is type set in a light colour (grey levels)
LIGHT_STEP = 40
#: light type fills at least this share of the square of ``STROKE_RADIUS`` pixels (on the page
#: halved: 2 * 4 + 1 = 9, 0.8 mm at ``DPI``) around each of its pixels; a speck does not
STROKE_RADIUS, STROKE_SHARE = 4, 0.15
#: a run of light pixels this long (pixels at ``DPI``: 5 mm) is a rule between table cells or
#: bars, not a glyph's stroke: it stays light
RULE_RUN = 60


def lift_light_type(gray):
    """The page with type set in white on a light tint made dark, as Tesseract reads it:
    white digits on a mid-grey bar vanish in its global (Otsu) threshold with the white
    paper around the bar. Inside a tint (its level measured around each pixel), what is
    much lighter than the tint, and no rule (the white gaps between table cells), becomes
    dark in proportion; the tint and what is darker stay, as Otsu's threshold already sets
    dark type apart from a light tint. A tint darker than ``TINT`` is left too: white type
    on it reads as it is. A page without a tint, or without light type on one, is left as
    it is. The light type is found on the page halved (a stroke of body type is still a few
    pixels wide there), the tint's level on the page reduced ``TINT_STEP`` times."""
    import numpy as np
    from PIL import Image, ImageFilter

    small = np.asarray(gray.reduce(TINT_STEP))
    tinted = ((small >= TINT[0]) & (small <= TINT[1])).astype(np.uint8) * 255
    radius = max(1, TINT_RADIUS // TINT_STEP)
    share = np.asarray(Image.fromarray(tinted).filter(ImageFilter.BoxBlur(radius)), dtype=np.float32) / 255
    if not (share >= TINT_SHARE).any():
        return gray
    sums = np.asarray(Image.fromarray(np.where(tinted > 0, small, 0).astype(np.uint8)).filter(ImageFilter.BoxBlur(radius)),
                      dtype=np.float32)
    level = np.where(share > 0, sums / np.maximum(share, 1e-3), 255).clip(1, 254).astype(np.uint8)
    # (a pixel inside no tint gets a level over white: nothing is lighter than it)
    level[share < TINT_SHARE] = 255
    half = gray.reduce(2)
    levels = np.asarray(Image.fromarray(level).resize(half.size, Image.Resampling.NEAREST), dtype=np.int16)
    lighter = np.asarray(half, dtype=np.int16) > levels + LIGHT_STEP
    if not lighter.any():
        return gray
    lighter &= ~(_in_long_run(lighter, 0) | _in_long_run(lighter, 1))  # the white rules between cells
    # a speck (a gap in a mosaic of tints, a logo's highlight) is no glyph: a stroke fills a
    # share of the square around it
    strokes = np.asarray(Image.fromarray(lighter.astype(np.uint8) * 255).filter(ImageFilter.BoxBlur(STROKE_RADIUS)))
    lighter &= strokes >= int(255 * STROKE_SHARE)
    if not lighter.any():
        return gray
    ys, xs = np.nonzero(np.asarray(Image.fromarray(lighter).resize(gray.size, Image.Resampling.NEAREST)))
    pixels = np.asarray(gray)
    tint = level[(ys // TINT_STEP).clip(0, level.shape[0] - 1), (xs // TINT_STEP).clip(0, level.shape[1] - 1)]
    ys, xs, tint = ys[tint < 255], xs[tint < 255], tint[tint < 255].astype(np.int32)  # (the page's odd edge)
    v = pixels[ys, xs].astype(np.int32)
    lifted = pixels.copy()
    lifted[ys, xs] = (255 - (v - tint).clip(0) * 255 // (255 - tint)).clip(0, 255).astype(np.uint8)
    return Image.fromarray(lifted)


def _in_long_run(mask, axis: int):
    """Which pixels of ``mask`` lie in a run of at least ``RULE_RUN`` set pixels along
    ``axis`` (0: columns, 1: rows): a rule, longer than any glyph's stroke. Read inside the
    box of the set pixels (a run holds only set pixels): light type is a few words of a page."""
    import numpy as np

    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    out = np.zeros_like(mask)
    if len(rows):
        box = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
        out[box] = _in_long_run_whole(mask[box], axis)
    return out


def _in_long_run_whole(mask, axis: int):
    """``_in_long_run`` read over the whole of ``mask``."""
    import numpy as np

    n = RULE_RUN // 2  # (on the page halved)
    m = np.moveaxis(mask, axis, 0)
    if m.shape[0] < n:
        return np.zeros_like(mask)
    sums = np.zeros((m.shape[0] + 1,) + m.shape[1:], np.int16)  # (runs over 32767 px: none at DPI)
    np.cumsum(m, axis=0, dtype=np.int16, out=sums[1:])
    full = (sums[n:] - sums[:-n]) == n  # window [i, i + n) all set
    starts = np.zeros((full.shape[0] + 1,) + full.shape[1:], np.int16)
    np.cumsum(full, axis=0, dtype=np.int16, out=starts[1:])
    # pixel i is covered by a full window starting in [i - n + 1, i]
    idx = np.arange(m.shape[0])
    covered = (starts[np.minimum(idx + 1, full.shape[0])] - starts[np.maximum(idx - n + 1, 0)]) > 0
    return np.moveaxis(covered, 0, axis)


def histogram_median(counts: list[int]) -> float:
    """The median of the values counted by ``counts`` (how many of each value 0, 1, 2…; a
    PIL histogram), as ``numpy.median`` of the values gives it: for an even count, the mean
    of the two middle values. A grey page's histogram takes milliseconds; sorting its ten
    million pixels, a tenth of a second."""
    total = sum(counts)
    if total == 0:
        raise ValueError("the median of no value")
    middle = [(total - 1) // 2, total // 2]  # ranks of the middle values, from 0
    found: list[int] = []
    seen = 0
    for value, count in enumerate(counts):
        seen += count
        while middle and middle[0] < seen:
            found.append(value)
            middle.pop(0)
        if not middle:
            break
    return (found[0] + found[1]) / 2


def read_image(image, page_width: float, page_height: float, timeout: float | None = None
               ) -> tuple[list[Char], list[OcrWord], float]:
    """Glyphs and words of a page image (any resolution), in PDF points of a page of the
    given size; and the skew undone, in degrees."""
    return read_prepared(*prepare_image(image), page_width, page_height, timeout)


def prepare_image(image) -> tuple[Any, float]:
    """(the page image as Tesseract is given it: grey, its skew undone, cleaned
    (``clean_image``), light type on tints made dark (``lift_light_type``); the skew, in
    degrees)."""
    from PIL import Image

    gray = image.convert("L")
    angle = deskew_angle(gray)
    if angle:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    return lift_light_type(clean_image(gray)), angle


def read_prepared(gray, angle: float, page_width: float, page_height: float, timeout: float | None = None
                  ) -> tuple[list[Char], list[OcrWord], float]:
    """``read_image`` of an image ``prepare_image`` gave (``gray``, with ``angle`` undone)."""
    import numpy as np

    scale_x, scale_y = page_width / gray.width, page_height / gray.height
    cx, cy = gray.width / 2, gray.height / 2
    theta = math.radians(angle)
    cos, sin = math.cos(theta), math.sin(theta)

    def unrotate(x: float, y: float) -> tuple[float, float]:
        """A point of the deskewed image back on the page as rendered (PIL rotates
        counter-clockwise about the centre, y pointing down)."""
        dx, dy = x - cx, y - cy
        return (cx + dx * cos + dy * sin) * scale_x, (cy - dx * sin + dy * cos) * scale_y

    ink = np.asarray(gray) < INK_LEVEL
    chars: list[Char] = []
    words: list[OcrWord] = []
    for line, line_words in clean_lines(parse_hocr(_run_tesseract(gray, timeout))):
        lx0, _ly0, lx1, ly1 = line.get("bbox", [0, 0, 0, 0])
        slope, offset = (line.get("baseline") or [0.0, 0.0])[:2]
        descent = (line.get("x_descenders") or [0.0])[0]
        x_size = (line.get("x_size") or [0.0])[0] or max(w[1][3] - w[1][1] for w in line_words)
        # one baseline for the whole line (Tesseract's, at the line's middle): the glyphs of a
        # line share their top and bottom, as a PDF's glyphs of one font size do
        base = ly1 + offset + slope * (lx1 - lx0) / 2
        bottom_px, top_px = base + descent, base + descent - x_size
        # the line's height on the page is where it crosses the page's middle: the lines of one
        # row of the deskewed page (a row Tesseract reads as several lines, one per column)
        # stay one row, instead of stepping by the skew from column to column
        _, line_y = unrotate(cx, (top_px + bottom_px) / 2)
        half_h, size = (bottom_px - top_px) / 2 * scale_y, x_size * scale_y
        top, bottom = line_y - half_h, line_y + half_h
        for text, (x0, y0, x1, y1), conf in _word_spaces(line_words, x_size):
            bold = is_bold(ink, (x0, y0, x1, y1), x_size)
            mx, _ = unrotate((x0 + x1) / 2, (top_px + bottom_px) / 2)
            half_w = (x1 - x0) / 2 * scale_x
            left, right = mx - half_w, mx + half_w
            step = (right - left) / len(text)
            chars += [Char(ch, left + k * step, top, left + (k + 1) * step, bottom, size, bold)
                      for k, ch in enumerate(text)]
            words.append(OcrWord(text, (round(left, 2), round(top, 2), round(right, 2), round(bottom, 2)),
                                 float(conf)))
    return chars, words, angle


def _overlaps(a: tuple[float, float, float, float], b: Char) -> bool:
    return a[0] < b.x1 and b.x0 < a[2] and a[1] < b.bottom and b.top < a[3]


#: most Tesseracts one process runs at once: each holds its own copy of the French model
MAX_PARALLEL = 4
_parallel: int | None = None


def parallel() -> int:
    """How many pages this process reads by OCR at once: one per core it may use (at most
    ``MAX_PARALLEL``), unless ``set_parallel`` said otherwise."""
    if _parallel is not None:
        return _parallel
    return max(1, min(MAX_PARALLEL, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1))


def worker_share(jobs: int) -> int:
    """``parallel()`` for each of ``jobs`` worker processes sharing this machine's cores, so
    that their Tesseracts together use each core once."""
    return max(1, parallel() // jobs)


def set_parallel(n: int | None) -> None:
    """Read ``n`` pages by OCR at once in this process (None: one per core). A batch worker
    sets its share of the cores, so that the workers' Tesseracts together use each core once."""
    global _parallel
    _parallel = None if n is None else max(1, n)


def _take_done(waiting: list[tuple[PageChars, tuple[str, Future]]]) -> list[tuple[PageChars, tuple[str, Future]]]:
    """The entries of ``waiting`` whose OCR has ended, taken out of it (in one look at each
    job: one may end meanwhile)."""
    ended = [job[1].done() for _, job in waiting]
    done = [entry for entry, e in zip(waiting, ended) if e]
    waiting[:] = [entry for entry, e in zip(waiting, ended) if not e]
    return done


class _Unloadable(Exception):
    """pdfium cannot load the page."""


class OcrBackend:
    """Any backend's pages, with the pages that need it read by OCR instead (or as well).

    Tesseract reads a page in about half a second of one core; while it does, the pages
    after it are read, and come out, and up to ``parallel()`` pages are with Tesseract at
    once. So pages come out as they are ready, a page read by OCR after the pages that
    follow it: the reader puts them back in order (``pdf.read_pdf``)."""

    def __init__(self, inner: Backend, mode: str = "auto", timeout: float | None = None) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown OCR mode {mode!r}")
        self.inner, self.mode, self.timeout = inner, mode, timeout
        self.name = getattr(inner, "name", "pdf")
        #: page number -> what OCR read there, for the pages of the last ``pages()`` call
        self.ocr_pages: dict[int, OcrPage] = {}
        #: pages that needed OCR but could not have it (no Tesseract): number -> reason
        self.skipped: dict[int, str] = {}

    def page_count(self, path: Path, password: str | None) -> int:
        return self.inner.page_count(path, password)

    def pages(self, path: Path, pages: tuple[int, int] | None, password: str | None) -> Iterator[PageChars]:
        self.ocr_pages, self.skipped = {}, {}
        if self.mode == "never":
            yield from self.inner.pages(path, pages, password)
            return
        import pypdfium2 as pdfium

        pdf = None  # opened once the inner backend has read a page: it names a bad file first
        workers = parallel()
        pool = ThreadPoolExecutor(workers, thread_name_prefix="tesseract") if workers > 1 else None
        #: pages with Tesseract, oldest first, each with its OCR (reason, future)
        waiting: list[tuple[PageChars, tuple[str, Future]]] = []
        try:
            for page in self.inner.pages(path, pages, password):
                if pdf is None:
                    try:
                        with PDFIUM_LOCK:  # the inner backend may be loading its next page
                            pdf = pdfium.PdfDocument(str(path), password=password or None)
                    except Exception:  # pdfium cannot open what pdfminer can: no page images
                        pdf = False
                job = self._start(pdf, page, pool) if pdf else None
                if job is None:
                    yield page
                else:
                    waiting.append((page, job))
                for entry in _take_done(waiting):
                    yield self._finish(*entry)
                while len(waiting) > workers:  # the next page to read would wait for a thread
                    wait([job[1] for _, job in waiting], return_when=FIRST_COMPLETED)
                    for entry in _take_done(waiting):
                        yield self._finish(*entry)
            while waiting:
                wait([job[1] for _, job in waiting], return_when=FIRST_COMPLETED)
                for entry in _take_done(waiting):
                    yield self._finish(*entry)
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            if pdf:
                with PDFIUM_LOCK:
                    pdf.close()

    def _start(self, pdf, page: PageChars, pool: ThreadPoolExecutor | None) -> tuple[str, Future] | None:
        """The page's OCR started (its reason, and the future of ``read_image``), or None
        when the page does not need it or cannot have it."""
        source = None

        def loaded():
            """The pdfium page, loaded the first time it is needed: most pages never are."""
            nonlocal source
            if source is None:
                try:
                    source = pdf[page.number - 1]
                except Exception:  # a page pdfium cannot load has no image to read
                    raise _Unloadable from None
            return source

        # every pdfium call here holds PDFIUM_LOCK: the inner backend may be loading its next
        # page meanwhile (pdfium must not be called from two threads at once)
        def share() -> float:
            with PDFIUM_LOCK:
                return image_share(loaded())

        def rendered():
            """The page rendered for Tesseract, in memory of its own: pdfium's bitmap is
            freed here, under the lock."""
            with PDFIUM_LOCK:
                bitmap = loaded().render(scale=DPI / 72, grayscale=True)
                try:
                    return bitmap.to_pil().copy()
                finally:
                    bitmap.close()

        try:
            reason = "forced" if self.mode == "always" else text_layer_problem(page.chars, share)
            if reason is None:
                return None
            if not available():
                self.skipped[page.number] = reason
                return None
            image = rendered()
        except _Unloadable:
            return None
        finally:
            if source is not None:
                with PDFIUM_LOCK:
                    source.close()
        # the image is made ready on Tesseract's thread: its numpy and PIL steps let go of the
        # GIL, and this thread, which reads the other pages meanwhile, was the bottleneck of
        # a report of image pages (a page's preparation takes a third of Tesseract's time)
        if pool is not None:
            return reason, pool.submit(read_image, image, page.width, page.height, self.timeout)
        done: Future = Future()
        done.set_result(read_image(image, page.width, page.height, self.timeout))
        return reason, done

    def _finish(self, page: PageChars, job: tuple[str, Future]) -> PageChars:
        """The page with what OCR read on it."""
        reason, future = job
        chars, words, skew = future.result()
        self.ocr_pages[page.number] = OcrPage(reason, words, skew)
        if reason == "image page":  # a sound text layer stays; OCR adds what it does not hold
            kept = [c for c in page.chars if c.text.strip()]
            chars = page.chars + [c for c in chars if not any(_overlaps((c.x0, c.top, c.x1, c.bottom), k) for k in kept)]
        return PageChars(page.number, page.width, page.height, chars, page.boxes, page.rules)
