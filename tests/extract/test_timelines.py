"""Timelines (extract/timelines.py): a column of month labels down a page of events, on a
generated page and on a real one; day headings, rows and dated lists are tested with the
dates (tests/extract/test_dates.py) and lists (tests/layout/test_lists.py)."""
from __future__ import annotations

import pytest

from extractor.extract.dates import extract as extract_dates
from extractor.layout import read

from helpers import real_pdf
from helpers.pdfgen import text_pdf

CARDS = [  # (x, top, text): events left and right of the column of months
    (60, 155, "Lancement de la plateforme"),
    (380, 190, "Accord sur le télétravail"),
    (60, 262, "Renouvellement du marché"),
    (380, 362, "Ouverture du centre de Lyon"),
]


def _page(tmp_path, labels):
    items = [(60, 80, "Les faits marquants de l'année 2019")] + [(270, top, m) for top, m in labels] + CARDS
    return read(text_pdf(tmp_path / "months.pdf", [items]))


def test_a_column_of_months_heads_the_events_beside_and_below_each(tmp_path):
    document = _page(tmp_path, [(150, "MARS"), (250, "AVRIL"), (350, "JUIN")])
    found = [(d.raw, d.start, d.event) for d in extract_dates(document, None, 2019) if d.timeline]
    # each event under the last month whose top is above its own, in text order
    assert sorted(found) == sorted([("MARS", "2019-03", "Lancement de la plateforme"),
                                    ("MARS", "2019-03", "Accord sur le télétravail"),
                                    ("AVRIL", "2019-04", "Renouvellement du marché"),
                                    ("JUIN", "2019-06", "Ouverture du centre de Lyon")])
    assert {d.rule for d in extract_dates(document, None, 2019) if d.timeline} == {"timeline_month"}


@pytest.mark.parametrize("labels", [
    [(150, "AVRIL"), (250, "MARS"), (350, "JUIN")],  # not in calendar order
    [(150, "MARS"), (250, "AVRIL")],  # two labels: a heading and another
])
def test_months_out_of_order_or_too_few_are_no_timeline(tmp_path, labels):
    assert not [d for d in extract_dates(_page(tmp_path, labels), None, 2019) if d.timeline]


def test_a_month_axis_is_no_timeline(tmp_path):
    items = [(60, 100 + 40 * k, "JANVIER FÉVRIER MARS AVRIL") for k in range(3)] + CARDS
    document = read(text_pdf(tmp_path / "axis.pdf", [items]))
    assert extract_dates(document, None, 2019) == []


def test_real_month_timeline():
    """The employment agency's year (rendered page 5: seven red month labels down the
    middle, eleven events left and right of them, under "LES FAITS MARQUANTS DE L'ANNÉE
    2017"); every event is dated by the label above it, as in its gold."""
    document = read(real_pdf("pole_emploi_rapport_rso_2017.pdf"), pages=(5, 5))
    found = [(d.start, d.event.split()[0]) for d in extract_dates(document, None, 2017) if d.timeline]
    assert sorted(found) == sorted([
        ("2017-03", "Intégration"), ("2017-03", "Nouvel"), ("2017-04", "Renouvellement"),
        ("2017-07", "Expérimentation"), ("2017-09", "Généralisation"), ("2017-09", "Lancement"),
        ("2017-09", "Attribution"), ("2017-10", "Conception"), ("2017-11", "Conception"),
        ("2017-12", "Renouvellement"), ("2017-12", "Mise")])
