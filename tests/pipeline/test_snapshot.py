"""The golden report's every output, byte for byte: its records (``Result.to_json()``) and its
``extractor text``. A change that moves code around must leave both as they are; a change
that means to change them rewrites the snapshot (``python benchmarks/snapshot.py DIR`` writes
both files, for this report and the real corpus) and says why in its commit."""
from __future__ import annotations

import json
from pathlib import Path

from extractor.cli import main

from helpers import GOLDEN_PDF, ROOT

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def test_the_golden_records_are_those_of_the_snapshot(golden_result):
    data = json.loads(golden_result.to_json())
    # the snapshot names the report by its path in the repository, wherever the checkout is
    data["document"]["path"] = GOLDEN_PDF.relative_to(ROOT).as_posix()
    expected = (SNAPSHOTS / "rapport-activite-2019.records.json").read_text(encoding="utf-8")
    assert json.dumps(data, ensure_ascii=False, indent=1) == expected


def test_the_golden_text_is_that_of_the_snapshot(capsys):
    assert main(["text", str(GOLDEN_PDF)]) == 0
    expected = (SNAPSHOTS / "rapport-activite-2019.text.txt").read_text(encoding="utf-8")
    assert capsys.readouterr().out == expected
