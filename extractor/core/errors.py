"""One exception hierarchy: every error names the file and the reason."""
from __future__ import annotations

__all__ = [
    "ExtractorError", "InputNotFound", "NotAPDF", "EncryptedPDF", "NoTextLayer", "ResourceLimit",
    "OutputError"
]


class ExtractorError(Exception):
    """Base class. ``str(err)`` is the one-line message the CLI prints."""

    def __init__(self, path: object, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class InputNotFound(ExtractorError):
    """The path does not exist, or a directory holds no report."""


class NotAPDF(ExtractorError):
    """The file is not a PDF (or is empty or truncated beyond repair)."""


class EncryptedPDF(ExtractorError):
    """The PDF needs a password that was not given (or was wrong)."""


class NoTextLayer(ExtractorError):
    """The PDF has pages but no extractable text (a scan): OCR is not supported."""

    REASON = "no text layer (scanned or image-only PDF); OCR is not supported"


class ResourceLimit(ExtractorError):
    """The document exceeded a time or memory limit."""


class OutputError(ExtractorError):
    """The output directory cannot be written."""


class BadPageRange(ExtractorError):
    """The page range asked for lies outside the document."""


class BadConfig(ExtractorError):
    """A setting of ``Config`` has no meaning (an unknown backend, OCR mode or page range)."""


class ProcessingError(ExtractorError):
    """Something failed that the file alone does not explain (a bug, a library's own error):
    named in one line, never cached, so a fixed version or a retry reads the file again."""
