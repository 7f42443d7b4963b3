"""``build(report, out_dir)``: the review site, ``index.html`` plus one PNG per page.

The visual check pdfplumber offers with ``page.to_image()`` and drawn rectangles, joined to
the extracted records: each page rendered by pypdfium2, one coloured box per record, the
record's fields on hover and click, and a table of all records.

The site is self-contained (no server, no network): the CSS and JS templates of this package
are inlined, and the records travel as JSON in a ``<script type="application/json">`` block
whose ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no document text can close the
element; the page's script puts every piece of document text in the DOM through
``textContent`` only. Box positions are percentages of the page, from the records' bboxes in
PDF points (pdfplumber's top-left convention) over the page size in points.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from ..core import progress
from ..core.document import Document
from ..core.errors import OutputError
from ..core.records import KINDS
from ..io.result_json import read_result, source_of
from ..layout import read
from ..layout.ocr import LOW_CONFIDENCE
from ..pipeline import process
from ..quality.checks import check
from .golden import failures
from .items import STRUCTURE, doubtful_words, items, structure_items

__all__ = [
    "PAGE_WIDTH_PX", "PAGES_DIR", "COLOURS", "load_report", "render_pages", "script_json", "page_html",
    "build"
]

#: width of the rendered page images, in pixels
PAGE_WIDTH_PX = 1000
#: the longest side of a page image, in pixels: a page box of 0.01 × 842 points (or of
#: 14,400 × 14,400,000) at the page width would be an image of tens of gigabytes
MAX_SIDE_PX = 4 * PAGE_WIDTH_PX
PAGES_DIR = "pages"
COLOURS = {"figures": "#1f6fd1", "dates": "#e08a00", "acronyms": "#8e44ad", "organisations": "#0f9d8a",
           # the structure layer's decisions, in greys and a muted green: under the records
           "tables": "#5d6d7e", "lists": "#7f8c3a", "footnotes": "#a0522d", "charts": "#999999"}


def load_report(report) -> tuple[dict, Path]:
    """The extraction result (as a dict) and the PDF it came from. ``report`` is a ``Result``,
    a PDF (extracted now) or a JSON file written by ``extractor extract``, whose source is
    found as ``io.result_json.source_of`` says."""
    if hasattr(report, "to_dict"):
        result = report.to_dict()
    else:
        path = Path(report)
        if path.suffix.lower() == ".json":
            result = read_result(path)
            return result, source_of(result, path)  # from any working directory

        result = process(path).to_dict()
    return result, Path(result["document"]["path"])


def render_pages(pdf: Path, out: Path, width_px: int = PAGE_WIDTH_PX) -> list[dict]:
    """Render every page to ``out/pages/p<n>.png``; return ``{number, src, width, height}``
    per page, sizes in PDF points (boxes are placed as fractions of them)."""
    import pypdfium2 as pdfium

    (out / PAGES_DIR).mkdir(parents=True, exist_ok=True)
    pages = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for i in range(len(doc)):
            page = doc[i]
            width, height = page.get_size()
            progress.report("rendering", i + 1, len(doc))
            src = f"{PAGES_DIR}/p{i + 1}.png"
            page.render(scale=page_scale(width, height, width_px)).to_pil().save(out / src)
            pages.append({"number": i + 1, "src": src, "width": width, "height": height})
            page.close()
    finally:
        doc.close()
    return pages


def page_scale(width: float, height: float, width_px: int = PAGE_WIDTH_PX) -> float:
    """Pixels per point: the page ``width_px`` wide, unless its longest side would then pass
    ``MAX_SIDE_PX`` (a degenerate page box); a side of under one point counts as one."""
    width, height = max(width, 1.0), max(height, 1.0)
    return min(width_px / width, MAX_SIDE_PX / max(width, height))


def script_json(payload: object) -> str:
    """JSON that is inert inside a ``<script>`` element (``</script>``, ``<!--`` impossible)."""
    text = json.dumps(payload, ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def page_html(payload: dict) -> str:
    """``index.html``: the template with the CSS, the JS and the JSON payload inlined."""
    template, css, js = _asset("template.html"), _asset("review.css"), _asset("review.js")
    head, tail = template.split("/*DATA*/")
    return (head.replace("/*STYLE*/", css) + script_json(payload) + tail.replace("/*SCRIPT*/", js))


def build(report, out_dir: str | Path, golden: str | Path | None = None, *,
          document: Document | None = None, failing: Mapping[str, str] | None = None) -> Path:
    """Write the review of ``report`` into ``out_dir``; return the path of ``index.html``.

    ``golden`` (expected values, see ``extractor.regress``) marks in red the records that
    fail the regression, and lists the golden values no record matches. ``failing`` maps
    further record ids to the reason they failed a check. ``document`` is the report's layout
    ``Document`` (read from the PDF when not given): it places acronyms and organisations.
    """
    result, pdf = load_report(report)
    failing = dict(failing or {})
    missing: list = []
    if golden is not None:
        regressed, missing = failures(result, golden)
        failing.update(regressed)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(out, f"cannot create the output folder ({err.strerror})") from None
    if document is None:
        document = read(pdf)
    payload = {
        "document": result["document"],
        "kinds": [{"kind": k, "colour": COLOURS[k]} for k in KINDS + STRUCTURE],
        "pages": render_pages(pdf, out),
        # structure first: drawn first, so the records' boxes lie on top of them
        "items": structure_items(result, document) + items(result, document, failing),
        "doubtful": doubtful_words(document, LOW_CONFIDENCE),
        "missing": missing,
        # what 'extractor check' finds, each place a link to its page
        "findings": [f.as_dict() for f in check(result)],
    }
    index = out / "index.html"
    index.write_text(page_html(payload), encoding="utf-8")
    return index
