"""Figures read inside ruled tables take their cells' labels (extract.figures.ruled_cells):
the title, the header over the row headers, the group row, the row header, the name beside
the value under the same column header, and the column header."""
from __future__ import annotations

import pytest

from extractor import extract

from helpers import real_pdf

pytestmark = pytest.mark.slow  # extracts three real reports, one of 88 pages


def labels(pdf: str, page: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in extract(real_pdf(pdf)).figures:
        if f.page == page:
            out.setdefault(f.raw, []).append(f.label)
    return out


@pytest.fixture(scope="module")
def metro():
    return labels("metro-rapport-annuel-2019.pdf", 2)


def test_a_count_in_a_province_names_its_banner(metro):
    assert "Supermarchés / Metro — Ontario" in metro["132"]
    assert "Magasins d'escompte / Food Basics — Ontario" in metro["135"]


def test_a_group_row_and_the_header_over_the_row_headers_name_the_rows():
    rpqs = labels("rpqs_jons_assainissement_2022.pdf", 5)
    assert any(label.startswith("LINEAIRE DE RESEAUX") and "Refoulement / Réseau séparatif (eaux usées)" in label
               and label.endswith("2022") for label in rpqs["2250"])
    prilly = labels("prilly-analyse-financiere-ucv-2023.pdf", 11)
    assert any("Couverture des réserves" in label and "2019" in label for label in prilly["121%"])
