"""Long text reports are processed in windows of characters, as long PDFs are in windows of
pages (issue 24, item 9): spaCy refuses a text over its ``max_length``."""
from __future__ import annotations

import random

import pytest

import extractor
from extractor import pipeline
from extractor.layout import read
from extractor.layout.markdown import text_windows

from helpers import GOLDEN_TXT, hostile


def test_windows_cover_the_text_once_cut_between_blocks():
    document = read(GOLDEN_TXT)
    windows = list(text_windows(document, 5_000))
    assert "".join(w.text for w in windows) == document.text
    assert len(windows) >= 10 and all(len(w.text) <= 5_000 for w in windows)
    ends = {b.end for b in document.blocks}
    offset = 0
    for w in windows[:-1]:
        offset += len(w.text)
        assert offset in ends  # never inside a paragraph when a paragraph end is in reach
        assert all(0 <= b.start <= b.end <= len(w.text) for b in w.blocks)


def test_a_paragraph_longer_than_a_window_is_cut_at_a_space():
    document = read(GOLDEN_TXT, )
    one_block = list(text_windows(type(document)(path="x.txt", text="mot " * 3000, pages=0, blocks=[], source="text"), 1_000))
    assert all(w.text.endswith(" ") for w in one_block) and len(one_block) == 12


@pytest.mark.slow
def test_records_in_windows_are_those_of_the_whole_text(monkeypatch):
    whole = extractor.extract(GOLDEN_TXT)
    monkeypatch.setattr(pipeline, "TEXT_WINDOW_CHARS", 10_000)
    windowed = extractor.extract(GOLDEN_TXT)
    assert [(d.start, d.end, d.raw) for d in windowed.dates] == [(d.start, d.end, d.raw) for d in whole.dates]
    assert [(f.value, f.unit) for f in windowed.figures] == [(f.value, f.unit) for f in whole.figures]
    # a label read from the section heading is lost where a window starts after the heading
    same = sum(a.label == b.label for a, b in zip(windowed.figures, whole.figures))
    assert same >= 0.95 * len(whole.figures), (same, len(whole.figures))
    assert {(a.acronym, a.expansion) for a in whole.acronyms if a.expansion} <= {
        (a.acronym, a.expansion) for a in windowed.acronyms}
    assert windowed.document.title == whole.document.title and windowed.document.status == "ok"


@pytest.mark.slow
def test_a_text_report_longer_than_spacys_limit_is_extracted(tmp_path):
    """1.1 million characters of paragraphs, one dated event in every hundredth."""
    rnd = random.Random(24)
    paragraphs = [" ".join(rnd.choices(hostile.WORDS, k=25)) + "." for _ in range(6_500)]
    for i in range(0, len(paragraphs), 100):
        paragraphs[i] = f"Le {i // 100 % 28 + 1} mars 2021, la branche a ouvert un site."
    report = tmp_path / "long.md"
    report.write_text("# Rapport d'activité 2021\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    assert report.stat().st_size > 1_000_000  # spaCy's max_length: 1,000,000 characters
    result = extractor.extract(report)
    assert result.document.status == "ok" and result.document.title == "Rapport d'activité 2021"
    assert len([d for d in result.dates if d.granularity == "day"]) == 65
