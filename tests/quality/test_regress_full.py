"""``regress`` at full scope against the golden set written by ``extractor golden``
(``corpus/cnaf-2019/expected/golden``): no difference on the golden PDF nor on its text
conversion, and exactly the five values edited in a copy of the PDF."""
from __future__ import annotations

import json

import pytest

from extractor.cli import main
from extractor.quality import golden_set
from extractor.quality.regress import differences, regress

from helpers import EXPECTED_DIR, GOLDEN_PDF, GOLDEN_TXT

GOLDEN_SET = EXPECTED_DIR / "golden"

# (page, as printed, edited): two key-figure cards of page 8, the running-text satisfaction
# rate of page 15, a timeline heading of page 7 and a glossary expansion of page 20; each edit
# keeps the length, so every glyph stays where it was
EDITS = [
    (8, "13,5", "13,8"),
    (8, "94,6", "96,1"),
    (15, "87\xa0% trouvent", "89\xa0% trouvent"),
    (7, "22 MAI", "25 MAI"),
    (20, "sans hébergement", "avec hébergement"),
]
EXPECTED = {
    ("figure", "allocataires", 13_500_000.0, 13_800_000.0),
    ("figure", "prestations versées", 94_600_000_000.0, 96_100_000_000.0),
    ("figure", "niveau de satisfaction globale", 87.0, 89.0),
    ("date", "22 MAI", "2019-05-22", "2019-05-25"),
    ("acronym", "Alsh", "Accueil de loisirs sans hébergement", "Accueil de loisirs avec hébergement"),
}


def test_the_set_covers_every_kind_and_keeps_what_a_person_read():
    entries = golden_set.read(GOLDEN_SET)
    kinds = {e.kind for e in entries}
    assert kinds == {"figure", "date", "acronym", "organisation"}
    # the 46 glossary entries of page 20 were read by a person, so are the 43 key figures
    glossary = [e for e in entries if e.kind == "acronym" and e.sub == "glossary"]
    assert len(glossary) == 46 and all(e.reviewed for e in glossary)
    caf = [e for e in entries if e.kind == "figure" and e.sub == "key" and e.page == 8 and e.value == 101]
    assert len(caf) == 1 and caf[0].reviewed
    assert any(not e.reviewed for e in entries)


def test_golden_pdf_has_no_difference(golden_result):
    rows = regress(golden_result, GOLDEN_SET)
    assert differences(rows) == []
    assert len(rows) == len(golden_set.read(GOLDEN_SET))


@pytest.mark.slow
def test_text_conversion_has_no_difference(capsys):
    assert main(["regress", str(GOLDEN_TXT), "--golden", str(GOLDEN_SET)]) == 0
    assert " 0 changed, 0 missing, 0 new" in " " + capsys.readouterr().err


@pytest.mark.slow
def test_edited_pdf_gives_exactly_the_five_edits(tmp_path, capsys):
    from helpers.edited import edit_pdf

    edited = edit_pdf(GOLDEN_PDF, tmp_path / "rapport-edite.pdf", EDITS)
    assert main(["regress", str(edited), "--golden", str(GOLDEN_SET), "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in rows] == ["changed"] * 5
    found = {(r["kind"], r["label"], r["old"], r["new"]) for r in rows}
    # a date's label is its event text: compare the heading through the old value instead
    assert {x for x in found if x[0] != "date"} == {x for x in EXPECTED if x[0] != "date"}
    assert {(k, old, new) for k, _, old, new in found if k == "date"} == {("date", "2019-05-22", "2019-05-25")}


def test_ignored_entry_is_matched_but_not_reported(golden_result, tmp_path):
    entries = golden_set.read(GOLDEN_SET)
    target = next(e for e in entries if e.kind == "figure" and e.sub == "key" and e.value == 101)
    target.value, target.ignore = 100.0, True
    golden_set.write(entries, tmp_path, GOLDEN_PDF.name)
    rows = regress(golden_result, tmp_path)
    assert differences(rows) == [] and len(rows) == len(entries) - 1
    target.ignore = False
    golden_set.write(entries, tmp_path, GOLDEN_PDF.name)
    [row] = differences(regress(golden_result, tmp_path))
    assert (row.status, row.old, row.new) == ("changed", 100.0, 101.0)


def test_golden_command_writes_a_set_regress_reads(golden_result, tmp_path, capsys):
    report = tmp_path / "extraction.json"
    report.write_text(json.dumps(golden_result.to_dict()), encoding="utf-8")
    assert main(["golden", str(report), "--out", str(tmp_path / "set"), "--reviewed", str(EXPECTED_DIR)]) == 0
    assert "358 entries, 307 reviewed" in capsys.readouterr().err
    assert golden_set.is_golden_set(tmp_path / "set")
    assert main(["regress", str(report), "--golden", str(tmp_path / "set")]) == 0


def test_regenerating_keeps_the_marks_of_the_earlier_set(golden_result, tmp_path):
    earlier = golden_set.read(GOLDEN_SET)
    unread = next(e for e in earlier if e.kind == "figure" and not e.reviewed)
    unread.reviewed, unread.tolerance = True, 0.5
    ignored = next(e for e in earlier if e.kind == "organisation" and not e.reviewed)
    ignored.ignore = True
    golden_set.write(earlier, tmp_path / "earlier", GOLDEN_PDF.name)
    entries = golden_set.entries_of(golden_result.to_dict())
    assert golden_set.mark_reviewed(entries, EXPECTED_DIR) == 307
    assert golden_set.mark_reviewed(entries, tmp_path / "earlier") == 308
    [kept] = [e for e in entries if (e.kind, e.label, e.value, e.page) == (unread.kind, unread.label, unread.value,
                                                                           unread.page)]
    assert kept.reviewed and kept.tolerance == 0.5
    assert [e.label for e in entries if e.ignore] == [ignored.label]
