"""extractor: French annual-report PDFs to structured, checkable data.

The public API: ``extract`` (or ``process``) a report into a ``Result`` of typed records
(``Figure``, ``DateRecord``, ``Acronym``, ``Organisation``, with the ``DocumentInfo``); every
error is an ``ExtractorError``. The stages behind it are sub-packages (README: How it works).

The pipeline (``Config``, ``Result``, ``process``) is imported on first use: a command that
does not run it (``extractor --help``, ``extractor text``) does not pay for it, and
``extractor extract`` starts its workers' fork server before it does (``batch.server``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import extract as _extractors  # noqa: F401  (see below)
from ._version import __version__
from .core.errors import ExtractorError
from .core.records import Acronym, DateRecord, DocumentInfo, Figure, Organisation

if TYPE_CHECKING:
    from .pipeline import Config, Result, process

#: the names of the pipeline module this package gives on first use (PEP 562)
_FROM_PIPELINE = ("Config", "Result", "process")


# The function below takes the name ``extract`` from the sub-package of the extractors, which
# is imported first for that (it is light: its __init__ imports none of its modules): a
# sub-package sets its name on its package when it is first imported, and would otherwise
# replace the function when the pipeline imports it.
def extract(path, config: Config | None = None) -> Result:
    """Extract figures, dates, acronyms and organisations from one report (PDF, .txt, .md)."""
    from .pipeline import Config, process

    return process(path, config or Config())


def __getattr__(name: str) -> Any:
    if name in _FROM_PIPELINE:
        from . import pipeline

        value = globals()[name] = getattr(pipeline, name)  # asked once
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["extract", "process", "Config", "Result", "ExtractorError", "Figure", "DateRecord", "Acronym",
           "Organisation", "DocumentInfo", "__version__"]
