"""The pypdfium2 backend's page loads (``backends.pdfium._PageLoads``): compiled, each page is
loaded on a thread of its own while the reader works on the page before; the pages, the
errors and what is closed are those of loading each page when it is read."""
from __future__ import annotations

import threading
import time

import pytest

from extractor.core.errors import NotAPDF
from extractor.layout import ocr
from extractor.layout.backends import pdfium as backend
from extractor.layout.backends.pdfium import PDFIUM_LOCK, PdfiumBackend

from helpers import GOLDEN_PDF
from helpers.hostile import FONT, pages_pdf, raw_pdf, stream, text_content

compiled = pytest.mark.skipif(backend._glyphs is None, reason="compiled loops not built")


def _second_page_not_a_page(tmp_path):
    """Two pages in the page tree, the second of which is a string: pdfium counts it and
    cannot load it."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>", FONT,
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
               b"/Contents 5 0 R >>", stream(text_content(["Rapport d'activité 2021"])), b"(not a page)"]
    path = tmp_path / "second-page-not-a-page.pdf"
    path.write_bytes(raw_pdf(objects))
    return path


@pytest.mark.parametrize("loads", [pytest.param("on a thread", marks=compiled), "in Python"])
def test_a_page_pdfium_cannot_load_is_named(tmp_path, monkeypatch, loads):
    if loads == "in Python":
        monkeypatch.setattr(backend, "_glyphs", None)
    path = _second_page_not_a_page(tmp_path)
    pages = PdfiumBackend().pages(path, None, None)
    assert next(pages).chars  # the first page is read before the second fails
    with pytest.raises(NotAPDF, match=r"page 2 cannot be read \(PdfiumError: Failed to load page\.\)"):
        next(pages)


@compiled
def test_both_ways_read_the_same_pages(tmp_path, monkeypatch):
    path = tmp_path / "three.pdf"
    path.write_bytes(pages_pdf([text_content([f"Page {n} : 12 500 allocataires en 2021."]) for n in (1, 2, 3)]))
    threaded = [(p.number, p.width, p.height, "".join(c.text for c in p.chars)) for p in PdfiumBackend().pages(path, None, None)]
    monkeypatch.setattr(backend, "_glyphs", None)
    plain = [(p.number, p.width, p.height, "".join(c.text for c in p.chars)) for p in PdfiumBackend().pages(path, None, None)]
    assert threaded == plain
    assert [t for *_, t in plain] == [f"Page {n} : 12 500 allocataires en 2021." for n in (1, 2, 3)]


class _Recorded:
    """A ``PageLoader`` that writes down what it is asked (``events``)."""

    def __init__(self, events: list, *args) -> None:
        self.events, self.loader = events, _REAL.PageLoader(*args)

    def start(self, index):
        self.events.append(("start", index))
        return self.loader.start(index)

    def take(self):
        got = self.loader.take()
        self.events.append(("take", got is not None))
        return got


_REAL = backend._glyphs


class _Compiled:
    """The compiled module, with its ``PageLoader`` recorded."""

    def __init__(self, events: list) -> None:
        self.events = events

    def PageLoader(self, *args):  # noqa: N802 (the module's name)
        return _Recorded(self.events, *args)

    def __getattr__(self, name: str):
        return getattr(_REAL, name)


def _recording(monkeypatch, events: list) -> None:
    monkeypatch.setattr(backend, "_glyphs", _Compiled(events))


@compiled
def test_the_next_page_loads_while_a_page_is_read(monkeypatch):
    """Each page is handed on with the next one's load started: the reader's work on it and
    pdfium's loading of the next overlap."""
    events: list = []
    _recording(monkeypatch, events)
    for page in PdfiumBackend().pages(GOLDEN_PDF, (3, 6), None):
        events.append(("page", page.number))
    starts = [e[1] for e in events if e[0] == "start"]
    assert starts == [2, 3, 4, 5]  # 0-based: pages 3 to 6, each once
    for number in (3, 4, 5):  # page N is handed on after page N + 1 (index N) started loading
        assert events.index(("start", number)) < events.index(("page", number))
    assert events.count(("take", True)) == 4


@compiled
def test_leaving_early_closes_the_page_loading(monkeypatch):
    """A reader that stops after the first page (an error, a page range asked of a generator):
    the page loading meanwhile is waited for and closed, none is left started."""
    events: list = []
    _recording(monkeypatch, events)
    pages = PdfiumBackend().pages(GOLDEN_PDF, None, None)
    next(pages)
    pages.close()
    assert [e for e in events if e[0] == "start"] == [("start", 0), ("start", 1)]
    assert events[-1] == ("take", True)  # the second page, taken to be closed


@compiled
def test_loader_refuses_a_second_start_and_gives_nothing_unstarted():
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(GOLDEN_PDF))
    try:
        loader = backend._glyphs.PageLoader(*(ctypes.cast(f, ctypes.c_void_p).value
                                              for f in (pdf.raw, raw.FPDF_LoadPage, raw.FPDFText_LoadPage)))
        assert loader.take() is None
        loader.start(0)
        with pytest.raises(RuntimeError):
            loader.start(1)
        page_at, text_at = loader.take()
        assert page_at and text_at
        assert raw.FPDFText_CountChars(ctypes.cast(text_at, raw.FPDF_TEXTPAGE)) > 10
        raw.FPDFText_ClosePage(ctypes.cast(text_at, raw.FPDF_TEXTPAGE))
        raw.FPDF_ClosePage(ctypes.cast(page_at, raw.FPDF_PAGE))
        loader.start(len(pdf))  # past the last page: pdfium gives no page
        assert loader.take() == (0, 0)
    finally:
        pdf.close()


@compiled
def test_a_page_does_not_load_while_another_thread_holds_the_pdfium_lock():
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(GOLDEN_PDF))
    held, release = threading.Event(), threading.Event()

    def hold():
        with PDFIUM_LOCK:
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        held.wait(5)
        loader = backend._glyphs.PageLoader(*(ctypes.cast(f, ctypes.c_void_p).value
                                              for f in (pdf.raw, raw.FPDF_LoadPage, raw.FPDFText_LoadPage)))
        loader.start(0)
        threading.Timer(0.3, release.set).start()
        began = time.monotonic()
        page_at, text_at = loader.take()
        assert time.monotonic() - began >= 0.25  # it waited for the lock to be let go
        raw.FPDFText_ClosePage(ctypes.cast(text_at, raw.FPDF_TEXTPAGE))
        raw.FPDF_ClosePage(ctypes.cast(page_at, raw.FPDF_PAGE))
    finally:
        release.set()
        holder.join()
        pdf.close()


@compiled
def test_the_pdfium_lock_can_be_taken_again_by_its_holder():
    with PDFIUM_LOCK:
        with PDFIUM_LOCK:
            pass


@compiled
def test_ocr_calls_pdfium_under_the_lock(tmp_path, monkeypatch):
    """The OCR wrapper asks pdfium for a page's images and renders it while the inner backend
    may be loading its next page: each of those calls holds the lock."""
    import pypdfium2 as pdfium

    held = {"depth": 0, "calls": []}

    class Watched:
        def __enter__(self):
            held["depth"] += 1
            return PDFIUM_LOCK.__enter__()

        def __exit__(self, *exc):
            held["depth"] -= 1
            return PDFIUM_LOCK.__exit__(*exc)

    monkeypatch.setattr(ocr, "PDFIUM_LOCK", Watched())
    share, render = ocr.image_share, pdfium.PdfPage.render

    def watched_share(page):
        held["calls"].append(("image_share", held["depth"] > 0))
        return share(page)

    def watched_render(self, *args, **kwargs):
        held["calls"].append(("render", held["depth"] > 0))
        return render(self, *args, **kwargs)

    monkeypatch.setattr(ocr, "image_share", watched_share)
    monkeypatch.setattr(pdfium.PdfPage, "render", watched_render)
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "read_prepared", lambda gray, angle, width, height, timeout: ([], [], 0.0))
    path = tmp_path / "pages.pdf"
    # two glyphs: too few for a text page, so the share of the page under images is asked
    path.write_bytes(pages_pdf([text_content(["ab"]), text_content(["Une page de texte ordinaire."] * 3)]))
    # (pages come out as they are ready: a page with Tesseract after the pages that follow it)
    assert sorted(p.number for p in ocr.OcrBackend(PdfiumBackend(), "auto").pages(path, None, None)) == [1, 2]
    asked = len(held["calls"])
    assert asked and held["calls"] == [("image_share", True)] * asked
    assert sorted(p.number for p in ocr.OcrBackend(PdfiumBackend(), "always").pages(path, None, None)) == [1, 2]
    assert held["calls"][asked:] == [("render", True), ("render", True)]
