"""Regression against the golden values, year-over-year comparison, and the label rule.

Values come from reading the 2019 report (pages 8-9, the key-figure cards): variants of its
extraction change, remove and add key figures, and the tools must report exactly that."""
from __future__ import annotations

import copy
import csv
import io
import json
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.cli import main
from extractor.quality.compare import CHART_SIZE, compare
from extractor.quality.label_match import THRESHOLD, similarity, word_set
from extractor.quality.regress import (
    differences,
    golden_items,
    is_key_figure,
    regress,
    render,
)

from helpers import EXPECTED_DIR

# label (as extracted from the card), golden value, new value: five key figures of pages 8-9
CHANGES = [
    ("Caf", 101, 102),
    ("allocataires", 13_500_000, 13_800_000),
    ("prestations versées", 94_600_000_000, 96_100_000_000),
    ("Revenu de solidarité active (RSA) : bénéficiaires", 1_900_000, 2_000_000),
    ("fraudes détectées : montant", 323_700_000, 350_000_000),  # the EUR one, not the count
]


@pytest.fixture(scope="module")
def golden_dict(golden_result):
    return golden_result.to_dict()


def _key(d: dict, label: str, unit=None) -> dict:
    [f] = [f for f in d["figures"] if f["label"] == label and is_key_figure(f)
           and (unit is None or f["unit"] == unit)]
    return f


def _variant(golden_dict: dict) -> dict:
    """The golden extraction with five key figures changed, one removed, one added."""
    d = copy.deepcopy(golden_dict)
    for label, old, new in CHANGES:
        f = _key(d, label, "EUR" if label.startswith("fraudes") else None)
        assert f["value"] == old
        f["value"] = float(new)
    d["figures"].remove(_key(d, "courriers arrivés"))
    added = dict(_key(d, "Caf"), id="fig-new", label="maisons France services", value=460.0,
                 raw="460", context="460 maisons France services")
    d["figures"].append(added)
    return d


# -- the label rule ----------------------------------------------------------------------------
@pytest.mark.parametrize("a, b", [
    ("allocataires", "d'allocataires"),
    ("Prestations versées", "prestation versée"),
    ("places en accueil collectif", "accueil collectif : places"),
    ("Rendez-vous réalisés", "rendez-vous realises"),
    ("Solde financier", "solde  financier"),
])
def test_wording_drift_gives_the_same_words(a, b):
    assert word_set(a) == word_set(b)
    assert similarity(a, b) == 1.0


@pytest.mark.parametrize("a, b, matches", [
    ("enfants couverts", "enfants", True),
    ("allocataires contrôlés au moins une fois", "allocataires contrôlés", True),
    ("prestations versées", "prestations versées pour le Fnas", True),
    ("Allocation de logement sociale (ALS) : montant", "Allocation de logement familiale (ALF) : montant", False),
    ("courriers arrivés", "courriels allocataires", False),
])
def test_similarity_threshold(a, b, matches):
    assert (similarity(a, b) >= THRESHOLD) is matches


_label_words = st.lists(st.sampled_from(["allocataires", "prestations", "versées", "Caf", "d'accueil",
                                          "places", "collectif", "de", "la", "enfants", "montant"]),
                        min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(_label_words, _label_words)
def test_similarity_properties(a, b):
    x, y = " ".join(a), " ".join(b)
    assert similarity(x, y) == similarity(y, x)
    assert 0.0 <= similarity(x, y) <= 1.0
    assert similarity(x, " ".join(reversed(a))) == (1.0 if word_set(x) else 0.0)


# -- regress ------------------------------------------------------------------------------------
def test_golden_values_read_from_the_report():
    items = golden_items(EXPECTED_DIR)
    kinds = [i.kind for i in items]
    # 43 key figures on pages 8-9, 12 timeline entries on page 7, 46 glossary entries on page 20
    assert (kinds.count("figure"), kinds.count("date"), kinds.count("acronym")) == (43, 12, 46)
    assert len(golden_items(EXPECTED_DIR / "figures.yaml", scope="all")) > 100


def test_golden_report_has_no_difference(golden_result):
    rows = regress(golden_result, EXPECTED_DIR, scope="key")
    assert differences(rows) == []
    assert len(rows) == 43 + 12 + 46


def test_five_changes_one_removal_one_addition(golden_dict):
    rows = regress(_variant(golden_dict), EXPECTED_DIR, scope="key")
    changed = {(r.old, r.new) for r in rows if r.status == "changed"}
    assert changed == {(float(old), float(new)) for _, old, new in CHANGES}
    [missing] = [r for r in rows if r.status == "missing"]
    assert (missing.label, missing.old, missing.new) == ("courriers arrivés", 131_600_000, None)
    [new] = [r for r in rows if r.status == "new"]
    assert (new.label, new.new, new.old) == ("maisons France services", 460, None)
    rsa = next(r for r in rows if r.old == 1_900_000)
    assert rsa.change == 100_000 and rsa.pct == pytest.approx(5.263, abs=1e-3)


def test_tolerance_from_the_golden_entry(golden_dict):
    d = copy.deepcopy(golden_dict)
    _key(d, "personnes couvertes")["value"] = 32_700_001.0  # tolerance: 1
    _key(d, "enfants")["value"] = 13_900_001.0  # tolerance: 0
    [row] = differences(regress(d, EXPECTED_DIR, scope="key"))
    assert (row.label, row.old, row.new) == ("enfants couverts", 13_900_000, 13_900_001)


def test_changed_timeline_date_and_glossary_entry(golden_dict):
    d = copy.deepcopy(golden_dict)
    may = next(x for x in d["dates"] if x["timeline"] and x["raw"] == "22 MAI")
    may["start"] = may["end"] = "2019-05-25"
    cmg = next(a for a in d["acronyms"] if a["acronym"] == "Cmg" and a["source"] == "glossary")
    cmg["expansion"] = "Complément mode de garde"
    rows = differences(regress(d, EXPECTED_DIR, scope="key"))
    assert {(r.kind, r.old, r.new) for r in rows} == {
        ("date", "2019-05-22", "2019-05-25"),
        ("acronym", "Complément de libre choix du mode de garde", "Complément mode de garde")}


def test_cli_regress_exit_codes_and_formats(golden_dict, tmp_path, capsys):
    same, changed = tmp_path / "same.json", tmp_path / "changed.json"
    same.write_text(json.dumps(golden_dict), encoding="utf-8")
    changed.write_text(json.dumps(_variant(golden_dict)), encoding="utf-8")
    assert main(["regress", str(same), "--golden", str(EXPECTED_DIR), "--scope", "key"]) == 0
    capsys.readouterr()
    assert main(["regress", str(changed), "--golden", str(EXPECTED_DIR), "--scope", "key", "--format", "json"]) == 1
    out = capsys.readouterr()
    rows = json.loads(out.out)
    assert sorted(r["status"] for r in rows) == ["changed"] * 5 + ["missing", "new"]
    assert "5 changed, 1 missing, 1 new" in out.err
    assert main(["regress", str(changed), "--golden", str(EXPECTED_DIR), "--scope", "key", "--format", "csv"]) == 1
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["old"] for r in table if r["status"] == "changed"} >= {"101", "13500000"}
    assert main(["regress", str(changed), "--golden", str(EXPECTED_DIR), "--scope", "key", "--format", "markdown"]) == 1
    assert "| changed | figure | Caf |" in capsys.readouterr().out
    assert main(["regress", str(same), "--golden", str(tmp_path / "nowhere"), "--scope", "key"]) == 2


def test_regress_a_rendered_pdf_end_to_end(tmp_path, capsys, nlp):
    """A one-page key-figures PDF: two of its figures changed, one as in 2019, the rest missing."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "rapport-2020.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.setFont("Helvetica-Bold", 22)
    c.drawString(50, A4[1] - 80, "La branche Famille en chiffres")
    # cards as printed: the value large and bold, its caption under it in body type
    for i, (value, caption) in enumerate([("102", "Caf"), ("35 900", "salariés"),
                                          ("880", "millions de visites sur le site caf.fr")]):
        c.setFont("Helvetica-Bold", 24)
        c.drawString(50, A4[1] - 150 - i * 80, value)
        c.setFont("Helvetica", 9)
        c.drawString(50, A4[1] - 166 - i * 80, caption)
    c.drawString(50, A4[1] - 420, "Les chiffres de l'année, présentés par la direction, dans le rapport annuel.")
    c.showPage()
    c.save()
    assert main(["regress", str(pdf), "--golden", str(EXPECTED_DIR / "figures.yaml"), "--scope", "key",
                 "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert {(r["label"], r["old"], r["new"]) for r in rows if r["status"] == "changed"} == {
        ("Caf", 101, 102), ("salariés", 35_770, 35_900)}
    assert [r for r in rows if r["status"] == "new"] == []
    assert sum(r["status"] == "missing" for r in rows) == 43 - 3


# -- compare ------------------------------------------------------------------------------------
def test_compare_two_years_with_reworded_labels(golden_dict):
    later = _variant(golden_dict)
    _key(later, "places en accueil collectif")["label"] = "accueil collectif : places"
    _key(later, "courriels allocataires")["label"] = "Courriels d'allocataires"
    rows = compare(golden_dict, later, scope="key")
    assert len([r for r in rows if r.status == "changed"]) == 5
    assert {r.label for r in rows if r.status == "unchanged"} >= {"places en accueil collectif",
                                                                  "courriels allocataires"}
    allocataires = next(r for r in rows if r.label == "allocataires")
    assert (allocataires.change, round(allocataires.pct, 2)) == (300_000, 2.22)
    assert "+2,2 %" in render(rows)


def test_compare_chart(golden_dict, tmp_path):
    a, b, png = tmp_path / "2019.json", tmp_path / "2020.json", tmp_path / "chart.png"
    a.write_text(json.dumps(golden_dict), encoding="utf-8")
    b.write_text(json.dumps(_variant(golden_dict)), encoding="utf-8")
    assert main(["compare", str(a), str(b), "--scope", "key", "--chart", str(png), "--format", "csv"]) == 0
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (CHART_SIZE[0] * 100, CHART_SIZE[1] * 100)
