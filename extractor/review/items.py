"""Review items: every record of an extraction result, with the box it is drawn as.

Figures and dates carry their own ``bbox``. Acronyms and organisations do not; they are boxed
at their first occurrence on their first page, found in the layout ``Document`` (an acronym
by ``acronyms.occurrences``, an organisation by its name, else by its acronym). A record with
no page, or whose text cannot be found on its page, is listed in the table only: the page
shows exactly one box per item whose ``box`` is not ``None``.
"""
from __future__ import annotations

from collections.abc import Mapping

import regex

from ..core.document import Document
from ..core.geometry import BBox, union
from ..core.records import KINDS
from ..extract.acronyms import occurrences

__all__ = ["first_on_page", "locate_acronym", "locate_organisation", "record_id", "items", "STRUCTURE", "role_runs",
           "structure_items"]

#: what the structure layer decided, boxed beside the records: tables (their cells on hover),
#: lists, footnotes (their calls boxed too) and charts
STRUCTURE = ("tables", "lists", "footnotes", "charts")
#: the block role that makes a list or a chart item
_ROLE = {"lists": "list", "charts": "chart"}


def first_on_page(document: Document, offsets: list[int], length: int, page: int) -> BBox | None:
    """Box of the first of ``offsets`` (each ``length`` characters long) that lies on ``page``."""
    for start in sorted(offsets):
        found, box = document.locate(start, start + length)
        if found == page and box is not None:
            return box
    return None


def locate_acronym(document: Document, acronym: str, page: int | None) -> BBox | None:
    if page is None or not document.has_positions():
        return None
    return first_on_page(document, occurrences(document.text, acronym), len(acronym), page)


def locate_organisation(document: Document, name: str, acronym: str | None, pages: list[int]) -> BBox | None:
    """The organisation's name (case and line breaks aside) on its first page, else its acronym."""
    if not pages or not document.has_positions():
        return None
    words = [regex.escape(w) for w in name.split()]
    pattern = regex.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", regex.IGNORECASE)
    for m in pattern.finditer(document.text):
        found, box = document.locate(m.start(), m.end())
        if found == pages[0] and box is not None:
            return box
    return locate_acronym(document, acronym, pages[0]) if acronym else None


def _summary(kind: str, r: dict) -> str:
    if kind == "figures":
        return f"{r['raw']} — {r['label']}"
    if kind == "dates":
        return f"{r['raw']} — {r['event']}" if r.get("event") else r["raw"]
    if kind == "acronyms":
        return f"{r['acronym']} = {r['expansion']}" if r.get("expansion") else r["acronym"]
    return f"{r['name']} ({r['acronym']})" if r.get("acronym") else r["name"]


def ocr_confidence(document: Document | None, page: int | None, box: BBox | None) -> float | None:
    """The lowest confidence of the OCR words under ``box`` when its page was read by OCR
    (None for a page of the PDF's own text)."""
    if document is None or page is None or box is None or page not in document.ocr:
        return None
    words = [w for w in document.ocr[page].words
             if w.bbox[0] < box[2] and box[0] < w.bbox[2] and w.bbox[1] < box[3] and box[1] < w.bbox[3]]
    return min((w.confidence for w in words), default=document.ocr[page].confidence)


def doubtful_words(document: Document | None, threshold: float) -> list[dict]:
    """The OCR words read with a confidence under ``threshold``: drawn on their page, so a
    reviewer sees where the text may be wrong."""
    if document is None:
        return []
    return [{"page": page, "box": list(w.bbox), "text": w.text, "confidence": w.confidence}
            for page, read in sorted(document.ocr.items()) for w in read.words if w.confidence < threshold]


def record_id(kind: str, index: int, record: dict) -> str:
    """Figures and dates keep their own ids; acronyms and organisations are numbered in order."""
    return record.get("id") or f"{kind[:3]}-{index + 1:03d}"


def items(result: Mapping, document: Document | None = None,
          failing: Mapping[str, str] | None = None) -> list[dict]:
    """One item per record: ``{id, kind, page, box, located, summary, failed, ocr, record}``.

    ``box`` is the record's bbox (``located`` False) or the box found in ``document`` for
    acronyms and organisations (``located`` True). ``failing`` maps record ids to the reason a
    regression or consistency check gave; those items have ``failed`` set to the reason.
    ``ocr`` is the lowest confidence (0-100) of the OCR words under the box when the record was
    read by OCR, else None.
    """
    failing = failing or {}
    out = []
    for kind in KINDS:
        for i, r in enumerate(result.get(kind, [])):
            rid = record_id(kind, i, r)
            page, box, located = r.get("page"), r.get("bbox"), False
            if document is not None and kind == "acronyms":
                box, located = locate_acronym(document, r["acronym"], page), True
            elif kind == "organisations":
                page = r["pages"][0] if r.get("pages") else None
                if document is not None:
                    box, located = locate_organisation(document, r["name"], r.get("acronym"), r.get("pages") or []), True
            out.append({
                "id": rid, "kind": kind, "page": page,
                "box": [float(v) for v in box] if box is not None and page is not None else None,
                "located": located and box is not None, "summary": _summary(kind, r),
                "failed": failing.get(rid), "ocr": ocr_confidence(document, page, box), "record": r,
            })
    return out


def _sub(box, tip: str) -> dict | None:
    """A box drawn inside an item (a table's cell, a note's call), with its tooltip."""
    return None if box is None else {"box": [float(v) for v in box], "tip": tip}


def role_runs(document: Document, role: str) -> list[list[int]]:
    """Indices of ``document``'s blocks of ``role``, in runs of consecutive blocks on one page:
    one list (or chart) per run."""
    runs: list[list[int]] = []
    for i, b in enumerate(document.blocks):
        if b.role != role or b.page is None or b.bbox is None:
            continue
        if runs and runs[-1][-1] == i - 1 and document.blocks[i - 1].page == b.page:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def structure_items(result: Mapping, document: Document | None = None) -> list[dict]:
    """One item per table, list, footnote and chart, shaped like ``items``' with ``parts``:
    the boxes drawn inside it (a table's cells, a note's calls), each with its tooltip.
    Tables and footnotes come from the result; lists and charts from ``document``'s blocks."""
    out = []

    def add(kind: str, rid: str, page, box, summary: str, record: dict, parts: list) -> None:
        out.append({"id": rid, "kind": kind, "page": page,
                    "box": [float(v) for v in box] if box is not None and page is not None else None,
                    "located": False, "summary": summary, "failed": None, "ocr": None, "record": record,
                    "parts": [p for p in parts if p is not None]})

    for t in result.get("tables", []):
        cols = max((len(r) for r in t["rows"]), default=0)
        name = t.get("title") or t.get("caption") or "table"
        record = {k: v for k, v in t.items() if k != "cells"}
        for k, page in enumerate(t.get("pages") or [t["page"]]):  # a continued table: a box on each page
            cells = [c for c in t.get("cells", []) if c.get("page", t["page"]) == page]
            parts = [_sub(c.get("bbox"), " / ".join(filter(None, [c["row_header"], c["column_header"]])) + " = "
                          + c["text"]) for c in cells]
            box = t.get("bbox") if k == 0 else union([c["bbox"] for c in cells if c.get("bbox")])
            add("tables", t["id"] if k == 0 else f"{t['id']}-p{page}", page, box,
                f"{name} ({len(t['rows'])} × {cols})" + (" (continued)" if k else ""), record, parts)
    for n in result.get("footnotes", []):
        parts = [_sub(c.get("bbox"), f"calls note {n['marker']} after '{c['word']}'") for c in n.get("calls", [])
                 if c.get("page") == n["page"]]
        add("footnotes", n["id"], n["page"], n.get("bbox"), f"{n['marker']} {n['text']}", n, parts)
    if document is None:
        return out
    for kind in ("lists", "charts"):
        for k, run in enumerate(role_runs(document, _ROLE[kind]), start=1):
            blocks = [document.blocks[i] for i in run]
            texts = [" ".join(document.block_text(b).split()) for b in blocks]
            box = union([b.bbox for b in blocks if b.bbox is not None])
            entries = "entries" if kind == "lists" else "labels"
            add(kind, f"{kind[:-1]}-{k}", blocks[0].page, box, f"{len(texts)} {entries}: {texts[0][:80]}",
                {entries: texts}, [_sub(b.bbox, t) for b, t in zip(blocks, texts)] if len(blocks) > 1 else [])
    return out
