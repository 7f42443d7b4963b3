"""``compare``: figures of two years matched by unit, label and table position; French
numbers in tables, exact ones in JSON; a chart only of matched figures. The real-corpus test
uses the matches read by a person in corpus/real/metro-compare.yaml."""
from __future__ import annotations

import json

import pytest
import yaml

from extractor.cli import main
from extractor.quality.compare import compare, split_label, why_unmatched
from extractor.quality.french import amount, exact
from extractor.quality.label_match import word_set
from extractor.quality.regress import render

from helpers import ROOT, real_pdf


def _figure(label, value, unit=None, page=1, kind="statement"):
    return {"label": label, "value": float(value), "unit": unit, "page": page, "kind": kind, "key": False}


def _result(*figures):
    return {"figures": list(figures)}


@pytest.mark.parametrize("value, unit, text", [
    (32_700_000, None, "32,7 millions"),
    (16_100_000, "EUR", "16,1 M€"),
    (94_600_000_000, "EUR", "94,6 Md€"),
    (35_770, None, "35 770"),
    (12.3, "%", "12,3 %"),
    (0.7025, "CAD", "0,7025 CAD"),
])
def test_numbers_printed_the_french_way(value, unit, text):
    assert amount(value, unit) == text


def test_json_is_exact():
    assert exact(16100000.000000002) == 16_100_000
    assert exact(519.3 * 1e6) == 519_300_000
    a = _result(_figure("Chiffre d'affaires", 16.1 * 1e6, "EUR"))
    b = _result(_figure("Chiffre d'affaires", 16.1e6 + 0.7025 * 1e6, "EUR"))
    [row] = json.loads(render(compare(a, b), "json"))
    assert (row["old"], row["new"], row["change"]) == (16_100_000, 16_802_500, 702_500)


def test_table_cells_match_by_row_and_column():
    a = _result(_figure("Bénéfice net — 2019", 714.4e6, "CAD", 3, "table"),
                _figure("Bénéfice net — 2018", 1718.5e6, "CAD", 3, "table"))
    b = _result(_figure("Bénéfice net — 2020", 796.4e6, "CAD", 3, "table"),
                _figure("Bénéfice net — 2019", 714.4e6, "CAD", 3, "table"))
    rows = {(r.status, r.old, r.new) for r in compare(a, b)}
    assert rows == {("unchanged", 714.4e6, 714.4e6), ("missing", 1718.5e6, None), ("new", None, 796.4e6)}
    assert split_label("Bénéfice net — 2019", "table") == ("Bénéfice net", "2019")
    assert split_label("Bénéfice net — 2019", "statement") == ("Bénéfice net — 2019", "")


def test_repeated_and_implausible_labels_stay_unmatched():
    a = _result(_figure("hausse", 85, "%"), _figure("hausse", 3.2, "%"), _figure("heures de bénévolat", 1250))
    b = _result(_figure("hausse", 131, "%"), _figure("heures de bénévolat", 2))
    assert {r.status for r in compare(a, b)} == {"missing", "new"}


def test_nothing_matches_says_why_and_chart_refuses(golden_result, tmp_path, capsys):
    a, b, png = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "chart.png"
    for path, figure in ((a, _figure("allocataires", 13.5e6)), (b, _figure("salariés", 35_770))):
        extraction = dict(golden_result.to_dict(), figures=[dict(golden_result.to_dict()["figures"][0], **figure)])
        path.write_text(json.dumps(extraction), encoding="utf-8")
    assert main(["compare", str(a), str(b)]) == 0
    err = capsys.readouterr().err
    assert "0 changed, 1 missing, 1 new, 0 unchanged" in err
    assert "no figure matched: none of the 1 figures of A" in err
    assert main(["compare", str(a), str(b), "--chart", str(png)]) == 2
    assert "no chart written" in capsys.readouterr().err and not png.exists()
    assert why_unmatched(_result(), _result(_figure("x", 1)), scope="key").endswith("(try --scope all)")


@pytest.mark.slow
def test_metro_2019_and_2021_match_the_figures_read_by_a_person(tmp_path):
    pdf_a = real_pdf("metro-rapport-annuel-2019.pdf")
    pdf_b = real_pdf("metro-rapport-annuel-2021.pdf")
    expected = yaml.safe_load((ROOT / "corpus" / "real" / "metro-compare.yaml").read_text(encoding="utf-8"))
    assert len(expected["matches"]) >= 20
    png = tmp_path / "chart.png"
    out = tmp_path / "rows.json"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["compare", str(pdf_a), str(pdf_b), "--format", "json", "--chart", str(png)]) == 0
    out.write_text(buffer.getvalue(), encoding="utf-8")
    rows = [r for r in json.loads(buffer.getvalue()) if r["status"] in ("changed", "unchanged")]
    for m in expected["matches"]:
        found = [r for r in rows if r["unit"] == m["unit"] and r["old_page"] == m["page_a"]
                 and r["new_page"] == m["page_b"] and r["label"].endswith(" — " + m["column"])
                 and word_set(m["row"]) <= word_set(r["label"]) and r["old"] == m["a"] and r["new"] == m["b"]]
        assert len(found) == 1, m
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
