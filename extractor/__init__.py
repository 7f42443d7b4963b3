"""extractor: French annual-report PDFs to structured, checkable data."""
from __future__ import annotations

__version__ = "0.1.0"

from .core.errors import ExtractorError
from .pipeline import Config, Result, process


def extract(path, config: Config | None = None) -> Result:
    """Extract figures, dates, acronyms and organisations from one report (PDF, .txt, .md)."""
    return process(path, config or Config())


__all__ = ["extract", "process", "Config", "Result", "ExtractorError", "__version__"]
