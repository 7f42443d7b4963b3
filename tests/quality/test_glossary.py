"""The glossary builder: merging the acronyms of several reports, and its outputs."""
from __future__ import annotations

import copy
import csv
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.cli import main
from extractor.quality import glossary

from helpers import load_expected

EXPECTED = load_expected("acronyms")


@pytest.fixture(scope="module")
def two_years(golden_result):
    """The golden report's result twice, as if two years of the same report."""
    first = golden_result.to_dict()
    second = copy.deepcopy(first)
    first["document"].update(path="rapport-2019.pdf", year=2019)
    second["document"].update(path="rapport-2020.pdf", year=2020)
    return [second, first]


def test_two_years_merge_to_one_row_per_acronym(two_years):
    rows = glossary.build(two_years)
    one = glossary.build(two_years[:1])
    assert [r["acronym"] for r in rows] == [r["acronym"] for r in one]
    assert len(rows) == len({r["acronym"].casefold() for r in rows})
    cnaf = next(r for r in rows if r["acronym"] == "Cnaf")
    assert cnaf["expansions"] == [{"expansion": "Caisse nationale des Allocations familiales", "documents": 2}]
    assert (cnaf["first_document"], cnaf["first_page"]) == ("rapport-2019.pdf", 2)
    assert cnaf["documents"] == ["rapport-2019.pdf", "rapport-2020.pdf"]
    assert cnaf["count"] == 2 * next(r for r in one if r["acronym"] == "Cnaf")["count"]


def test_glossary_rows_of_the_golden_report(two_years):
    rows = {r["acronym"]: r for r in glossary.build(two_years[:1])}
    assert set(EXPECTED["glossary"]) <= set(rows)
    assert {a for a, r in rows.items() if r["disagreement"]} == set(EXPECTED["disagreements"])
    aripa = [v["expansion"] for v in rows["Aripa"]["expansions"]]
    assert aripa == [EXPECTED["glossary"]["Aripa"], EXPECTED["inline"]["Aripa"]]
    assert rows["Cdd"]["expansion"] is None and rows["Cdd"]["sources"] == ["undefined"]
    assert rows["Af"]["expansion"] == "Allocations familiales"  # not the card's capitals


def test_variants_across_documents_are_kept_and_counted():
    def result(path, expansion):
        return {"document": {"path": path, "year": 2019},
                "acronyms": [{"acronym": "CNAF", "expansion": expansion, "source": "inline", "page": 1, "count": 2}]}
    rows = glossary.build([result("a", "Caisse nationale des allocations familiales"),
                           result("b", "Caisse Nationale des Allocations Familiales"),
                           result("c", "Caisse nationale d'allocations familiales")])
    assert len(rows) == 1
    assert [v["documents"] for v in rows[0]["expansions"]] == [2, 1]
    assert rows[0]["count"] == 6


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=4))
def test_merging_a_report_with_itself_only_adds_documents(copies):
    base = {"document": {"path": "x", "year": 2019},
            "acronyms": [{"acronym": "Aah", "expansion": "Allocation aux adultes handicapés", "source": "glossary",
                          "page": 2, "count": 3}]}
    results = [dict(base, document={"path": f"r{i}", "year": 2019}) for i in range(copies)]
    (row,) = glossary.build(results)
    assert (row["count"], len(row["documents"]), row["expansions"][0]["documents"]) == (3 * copies, copies, copies)


def test_cli_glossary_from_extraction_json(two_years, tmp_path):
    paths = []
    for result in two_years:
        path = tmp_path / f"{result['document']['year']}.json"
        path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    assert main(["glossary", *paths, "--out", str(tmp_path / "g.md")]) == 0
    lines = (tmp_path / "g.md").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["| Sigle | Signification |", "| --- | --- |"]
    assert "| **Aah** | Allocation aux adultes handicapés |" in lines
    assert "| **Cdd** | *(non défini)* |" in lines
    acronyms = [line.split("**")[1] for line in lines[2:]]
    assert acronyms == sorted(acronyms, key=str.casefold)

    assert main(["glossary", *paths, "--out", str(tmp_path / "g.csv")]) == 0
    with open(tmp_path / "g.csv", encoding="utf-8") as fh:
        rows = {r["acronym"]: r for r in csv.DictReader(fh)}
    assert rows["Cnaf"]["expansions"] == "Caisse nationale des Allocations familiales (2)"
    assert rows["Cf"]["disagreement"] == "True"


def test_cli_glossary_from_a_report(tmp_path, nlp):
    report = tmp_path / "r.md"
    report.write_text("# Rapport 2019\n\nLa Caisse nationale des Allocations familiales (Cnaf) paie. "
                      "Des salariés en Cdd.\n", encoding="utf-8")
    out = tmp_path / "g.json"
    assert main(["glossary", str(report), "--out", str(out)]) == 0
    rows = {r["acronym"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    assert rows["Cnaf"]["expansion"] == "Caisse nationale des Allocations familiales"
    assert rows["Cdd"]["sources"] == ["undefined"]


def test_cli_glossary_rejects_an_unknown_suffix(tmp_path, capsys):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"document": {"path": "r", "year": 2019}, "acronyms": []}), encoding="utf-8")
    assert main(["glossary", str(path), "--out", str(tmp_path / "g.txt")]) == 2
    assert "must end in .csv, .md or .json" in capsys.readouterr().err
