"""extractor: French annual-report PDFs to structured, checkable data.

The public API: ``extract`` (or ``process``) a report into a ``Result`` of typed records
(``Figure``, ``DateRecord``, ``Acronym``, ``Organisation``, with the ``DocumentInfo``); every
error is an ``ExtractorError``. The stages behind it are sub-packages (README: How it works).
"""
from __future__ import annotations

from ._version import __version__
from .core.errors import ExtractorError
from .core.records import Acronym, DateRecord, DocumentInfo, Figure, Organisation
from .pipeline import Config, Result, process


def extract(path, config: Config | None = None) -> Result:
    """Extract figures, dates, acronyms and organisations from one report (PDF, .txt, .md)."""
    return process(path, config or Config())


__all__ = ["extract", "process", "Config", "Result", "ExtractorError", "Figure", "DateRecord", "Acronym",
           "Organisation", "DocumentInfo", "__version__"]
