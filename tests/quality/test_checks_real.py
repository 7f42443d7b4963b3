"""``check`` without false contradictions: parts only inside their "dont" clause, shares only
of one sentence, two cards of one page never one quantity, each finding once. The real
documents below were checked by reading, against the rendered pages, every finding the
previous rules gave on them: all were false (betagouv p. 29: three cards under "dont" that
sum exactly to the 5 589 773 € total above them; urssaf p. 12: a row of NIC code digits
1 to 9; woto p. 7: two cards of one grid, "147" and "130 ramassages organisés")."""
from __future__ import annotations

import pytest

from extractor.quality.checks import Finding, Place, check, enumerations, share_sums, unique

from helpers import real_pdf


def _f(raw, value, unit=None, page=1, kind="statement", context="", label="", key=False, fid=None):
    return {"id": fid or f"f-{raw}-{page}", "raw": raw, "value": float(value), "unit": unit, "page": page,
            "kind": kind, "context": context, "label": label, "approx": None, "as_of": None, "key": key}


def test_a_dont_aside_closes_at_its_parenthesis():
    context = "L'équipe de France a remporté 64 (dont 16 d'or) et 75 médailles aux championnats."
    figures = [_f("64", 64, context=context), _f("16", 16, context=context), _f("75", 75, context=context)]
    assert [(w["value"], [p["value"] for p in parts]) for w, parts in enumerations(context, figures)] == [
        (64.0, [16.0])]
    assert check({"figures": figures, "dates": []}) == []


def test_rates_of_a_table_are_not_shares_of_one_whole():
    context = "Taux de cotisation 71,91 35,96"
    cells = [_f("71,91", 71.91, "%", kind="table", context=context),
             _f("35,96", 35.96, "%", kind="table", context=context)]
    assert share_sums(cells) == []
    sentence = "45 % de femmes et 56 % d'hommes"
    assert len(share_sums([_f("45 %", 45, "%", context=sentence), _f("56 %", 56, "%", context=sentence)])) == 1


def test_two_cards_of_one_page_are_not_one_quantity():
    cards = [_f("147", 147, page=7, context="147 ramassages organisés", label="ramassages organisés", key=True),
             _f("100", 100, page=7, context="100 ramassages organisés", label="ramassages organisés", key=True)]
    assert check({"figures": cards, "dates": []}) == []
    text = _f("140", 140, page=9, context="Nous avons organisé 140 ramassages organisés en 2024.",
              label="ramassages organisés")
    [finding] = check({"figures": cards + [text], "dates": []})
    assert finding.check == "contradiction" and [p.page for p in finding.places] == [7, 9]


def test_each_finding_once():
    places = [Place(3, "a"), Place(5, "b")]
    findings = [Finding("contradiction", "x", places), Finding("contradiction", "x", places[::-1]),
                Finding("shares_sum", "y", places)]
    assert [f.check for f in unique(findings)] == ["contradiction", "shares_sum"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["betagouv-bilan-2023.pdf", "urssaf-ragllm-document.pdf",
                                  "woto-bilan-mi-missions-2024.pdf"])
def test_no_finding_on_documents_read_as_consistent(name):
    assert check(real_pdf(name)) == []
