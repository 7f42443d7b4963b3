"""Which currency a document's amounts are in, from the document's own words
(``patterns/figures/fr.yaml``: ``dollar``, ``currency``): the rules read "$" as a placeholder
whose country the document names most often ("Québec", "canadiens" make a Canadian report),
and an amount printed without a currency (a table of accounts) as another placeholder, the
currency the document prints most often."""
from __future__ import annotations

import functools

from ...core import rules
from ...core.records import Figure
from ...core.text import compiled

__all__ = ["dollar_of", "currency_of", "resolve"]

# a report's text is asked for its currency by each reader of its cells and by ``resolve``
# (three whole-text scans of the same text, 23 ms each on an 88-page report): the last
# text's answer is kept
@functools.lru_cache(maxsize=1)
def dollar_of(text: str) -> str:
    """The dollar ``text`` is about: the unit of the country it names most often, else the
    rules' default."""
    conf = rules.load("figures")["dollar"]
    counts: list[tuple[int, str]] = [(len(compiled(c["pattern"]).findall(text)), c["unit"])
                                     for c in conf["countries"]]
    found, unit = max(counts, key=lambda c: c[0], default=(0, ""))
    return unit if found else str(conf["default"])


@functools.lru_cache(maxsize=1)
def currency_of(text: str) -> str:
    """The currency ``text`` prints most often (a dollar as ``dollar_of``), else the rules'
    default."""
    conf = rules.load("figures")["currency"]
    counts: list[tuple[int, str]] = [(len(compiled(r["pattern"]).findall(text)), r["unit"]) for r in conf["rules"]]
    found, unit = max(counts, key=lambda c: c[0], default=(0, ""))
    if not found:
        return str(conf["default"])
    return dollar_of(text) if unit == rules.load("figures")["dollar"]["placeholder"] else unit


def resolve(text: str, figures: list[Figure]) -> None:
    """Set the currencies of ``text`` on the figures whose unit holds a placeholder (also
    inside a compound unit, "$/m3")."""
    data = rules.load("figures")
    for placeholder, of in ((data["currency"]["placeholder"], currency_of), (data["dollar"]["placeholder"], dollar_of)):
        marked = [f for f in figures if f.unit and placeholder in f.unit.split("/")]
        if not marked:
            continue
        currency = of(text)
        for f in marked:
            parts = (f.unit or "").split("/")
            f.unit = "/".join(currency if part == placeholder else part for part in parts)
