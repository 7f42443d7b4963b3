"""Consistency checks on the golden report and on edited copies of its extraction.

From reading the report: the timeline (p. 7) dates the Cmg reform 22 May, the text (p. 11)
"Depuis le 25 mai 2019"; the key figures (pp. 8-9) agree with each other and with the text;
"45% de femmes et 55% d'hommes" (p. 6) sum to 100."""
from __future__ import annotations

import copy
import json

import pytest

from extractor.cli import main
from extractor.quality.checks import check, consistent, enumerations


@pytest.fixture(scope="module")
def golden_dict(golden_result):
    return golden_result.to_dict()


def _figure(d: dict, page: int, raw: str) -> dict:
    return next(f for f in d["figures"] if f["page"] == page and " ".join(f["raw"].split()) == raw)


def _edit(d: dict, page: int, old_raw: str, new_raw: str, value: float) -> None:
    """Change a figure's printed value everywhere its page's statements quote it."""
    figure = _figure(d, page, old_raw)
    figure["value"] = value
    for f in d["figures"]:
        if f["page"] == page:
            f["context"] = f["context"].replace(old_raw, new_raw)
    figure["raw"] = new_raw


def test_golden_report_findings(golden_result):
    [finding] = check(golden_result)
    assert finding.check == "date_mismatch"
    timeline, text = finding.places
    assert timeline.page == 7 and "réforme du complément de libre choix du mode de garde" in timeline.text
    assert text.page == 11 and text.text.startswith("Depuis le 25 mai 2019, les démarches sont simplifiées")
    assert "22 MAI" in finding.message and "25 mai 2019" in finding.message


def test_key_figure_wholes_and_parts_of_the_golden_report(golden_dict):
    found = set()
    for f in golden_dict["figures"]:
        same_page = [g for g in golden_dict["figures"] if g["page"] == f["page"]]
        for whole, parts in enumerations(f["context"], same_page):
            found.add((f["page"], round(whole["value"], 1), tuple(round(p["value"], 1) for p in parts)))
    assert {(8, 35_770, (2_770,)), (8, 32_700_000, (13_900_000,)), (8, 94_600_000_000, (5_600_000_000,)),
            (5, 58, (4, 36, 17)), (6, 1_290, (45, 55)), (16, 16_800, (27, 19.8, 14.1))} <= found


def test_part_larger_than_its_whole(golden_dict):
    d = copy.deepcopy(golden_dict)
    _edit(d, 8, "5,6 milliards", "95,6 milliards", 95_600_000_000)
    [finding] = [f for f in check(d) if f.check == "part_exceeds_whole"]
    assert [p.page for p in finding.places] == [8, 8]
    assert "95,6 milliards" in finding.message and "94,6 milliards" in finding.message


def test_parts_summing_to_more_than_the_whole(golden_dict):
    d = copy.deepcopy(golden_dict)
    _edit(d, 5, "36", "46", 46)  # 4 + 46 + 17 = 67 texts of 58
    [finding] = [f for f in check(d) if f.check == "parts_exceed_whole"]
    assert finding.message.startswith("4 + 46 + 17 = 67")
    assert {p.page for p in finding.places} == {5}


def test_shares_that_do_not_sum_to_100(golden_dict):
    d = copy.deepcopy(golden_dict)
    _edit(d, 6, "55%", "56%", 56)
    [finding] = [f for f in check(d) if f.check == "shares_sum"]
    assert finding.message == "45% + 56% = 101 %, not 100 %"
    assert all(p.page == 6 and "femmes" in p.text for p in finding.places)


def test_key_figure_contradicted_by_the_text(golden_dict):
    d = copy.deepcopy(golden_dict)
    card = next(f for f in d["figures"] if f["page"] == 8 and f["label"] == "allocataires")
    d["figures"].append(dict(card, id="fig-text", page=16, raw="13,6 millions", value=13_600_000.0,
                             context="La branche compte 13,6 millions d'allocataires.", section="Accès aux droits"))
    [finding] = check(d)[:1]
    assert finding.check == "contradiction"
    assert [(p.page, p.text) for p in finding.places] == [
        (8, "13,5 millions d'allocataires (au 30 juin 2019)"),
        (16, "La branche compte 13,6 millions d'allocataires.")]


@pytest.mark.parametrize("a, b, agree", [
    ({"value": 13_482_000, "raw": "13 482 000", "approx": None}, {"value": 13_500_000, "raw": "13,5 millions", "approx": None}, True),
    ({"value": 13_600_000, "raw": "13,6 millions", "approx": None}, {"value": 13_500_000, "raw": "13,5 millions", "approx": None}, False),
    ({"value": 4_350_000, "raw": "4 350 000", "approx": None}, {"value": 4_300_000, "raw": "4,3 millions", "approx": "about"}, True),
    ({"value": 3_250, "raw": "3 250", "approx": None}, {"value": 3_300, "raw": "3 300", "approx": "more_than"}, False),
    ({"value": 1_250, "raw": "1 250", "approx": None}, {"value": 1_300, "raw": "1 300", "approx": "up_to"}, True),
])
def test_consistent_given_rounding_and_approximation(a, b, agree):
    assert consistent(a, b) is agree
    assert consistent(b, a) is agree


def test_same_date_on_both_sides_is_no_finding(golden_dict):
    d = copy.deepcopy(golden_dict)
    text = next(x for x in d["dates"] if x["raw"] == "25 mai 2019")
    text["start"] = text["end"] = "2019-05-22"
    assert check(d) == []


def test_cli_check(golden_dict, tmp_path, capsys):
    path = tmp_path / "golden.json"
    path.write_text(json.dumps(golden_dict), encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "p. 7: Lancement de la réforme" in out and "p. 11: Depuis le 25 mai 2019" in out
    assert main(["check", str(path), "--format", "json"]) == 1
    [finding] = json.loads(capsys.readouterr().out)
    assert [p["page"] for p in finding["places"]] == [7, 11]
