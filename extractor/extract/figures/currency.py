"""Which dollar a document's "$" is: the rules read "$" and "dollars" as a placeholder unit
(``patterns/figures/fr.yaml``: ``dollar``), and the document's own words name the country
(the country named most often wins: "Québec", "canadiens" make a Canadian report)."""
from __future__ import annotations

from ...core import rules
from ...core.records import Figure
from ...core.text import compiled


def dollar_of(text: str) -> str:
    """The dollar ``text`` is about: the unit of the country it names most often, else the
    rules' default."""
    conf = rules.load("figures")["dollar"]
    counts: list[tuple[int, str]] = [(len(compiled(c["pattern"]).findall(text)), c["unit"])
                                     for c in conf["countries"]]
    found, unit = max(counts, key=lambda c: c[0], default=(0, ""))
    return unit if found else str(conf["default"])


def resolve(text: str, figures: list[Figure]) -> None:
    """Set the dollar of ``text`` on the figures whose unit is the placeholder (also inside a
    compound unit, "$/m3")."""
    placeholder = rules.load("figures")["dollar"]["placeholder"]
    marked = [f for f in figures if f.unit and placeholder in f.unit.split("/")]
    if not marked:
        return
    dollar = dollar_of(text)
    for f in marked:
        parts = (f.unit or "").split("/")
        f.unit = "/".join(dollar if part == placeholder else part for part in parts)
