"""What the tests share besides fixtures: the corpus paths, the real-world PDFs, the golden
values. Tests import it (``from helpers import GOLDEN_PDF``); fixtures are in conftest.py."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = ROOT / "corpus" / "cnaf-2019"
GOLDEN_PDF = GOLDEN_DIR / "rapport-activite-2019.pdf"
GOLDEN_TXT = GOLDEN_DIR / "rapport-activite-2019.txt"
EXPECTED_DIR = GOLDEN_DIR / "expected"
#: the real-world reports, beside the repository (../shared/corpus/real/), or where
#: EXTRACTOR_REAL_CORPUS says (a git worktree elsewhere)
REAL_DIR = Path(os.environ.get("EXTRACTOR_REAL_CORPUS", ROOT.parent / "shared" / "corpus" / "real"))


def real_pdf(name: str) -> Path:
    """A real-world PDF of ``../shared/corpus/real/`` (not ours to commit); the test is skipped,
    saying why, when that folder is absent (CI has it)."""
    path = REAL_DIR / name
    if not path.exists():
        pytest.skip(f"real-world corpus not present ({path})")
    return path


def load_expected(name: str) -> dict:
    """The golden values of one kind (``corpus/cnaf-2019/expected/<name>.yaml``)."""
    return yaml.safe_load((EXPECTED_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
