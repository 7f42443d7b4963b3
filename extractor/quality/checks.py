"""Consistency checks: the places where a report contradicts itself.

``check(report)`` runs four checks over one extraction and returns ``Finding``s, each citing
both (or all) places with their page and text:

* ``contradiction``: a key figure and another figure of the report with the same label (equal
  normalised word sets, ``extractor.labels``), unit and reference date, both named in their own
  text (a label word in the context) and not two cards of one page, whose values are close
  (within ``NEAR``, 20 %) but disagree beyond rounding and approximation. Values further apart
  are taken for different things under a generic label ("101 Caf" and "30 Caf ont adhéré").
  Rounding: "13,5 millions" agrees with 13 482 000 (the precise value rounded to the
  significant digits of the rounded one); "près de" allows 10 %, "plus de" / "jusqu'à" bound.
* ``part_exceeds_whole`` / ``parts_exceed_whole``: in "W …, dont P1, P2 et P3" (the parts
  follow "dont", then each other after a comma or "et", up to a ")" or ";" that closes the
  clause: "64 (dont 16 d'or) et 75 médailles" has one part), a part larger than the whole, or parts
  summing to more than it; shares (%) of a whole that is not a share must not exceed 100 %.
* ``shares_sum``: the percentages of one sentence of running text (never a table's, whose
  rates have different bases) summing to near 100 (within ``SHARE_WINDOW``
  points: a complete breakdown such as "45 % de femmes et 55 % d'hommes") but not to 100 within
  rounding. Sums far from 100 are partial lists and are not checked.
* ``date_mismatch``: a timeline entry and a running-text date of the same event whose dates do
  not overlap ("22 MAI" on the timeline, "Depuis le 25 mai 2019" in the text). Events are
  compared by the cosine of their word sets weighted by inverse document frequency over the
  report's dated events (Salton & Buckley 1988, "Term-weighting approaches in automatic text
  retrieval"), so that "Cmg", "Pajemploi" weigh more than "Caf".

Each finding is reported once (``unique``), with every place it involves (page and text).
"""
from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

import regex

from ..core import rules
from .label_match import word_set
from .regress import is_key_figure, load

__all__ = [
    "NEAR", "SHARE_WINDOW", "SAME_EVENT", "Place", "Finding", "check", "unique", "consistent", "contradictions",
    "enumerations", "parts_and_wholes", "share_sums", "date_mismatches", "render"
]

NEAR = 0.2
SHARE_WINDOW = 10.0
SAME_EVENT = 0.25  #: least IDF-weighted cosine of two dated events taken for one event



@functools.lru_cache(maxsize=1)
def _parts() -> tuple["regex.Pattern", "regex.Pattern"]:
    """("dont" before a number, a list's next part before a number), with the approximation
    words of patterns/quality (``approx``) between them and the number."""
    approx = rules.load("quality")["approx"]
    return regex.compile(rf"\bdont\s+{approx}$"), regex.compile(rf"(?:,|\bet)\s*{approx}$")

_SIGNIFICANT = regex.compile(r"\d[\d\s\u00a0\u202f]*(?:,\d+)?")


@dataclass
class Place:
    page: int | None
    text: str


@dataclass
class Finding:
    check: str  #: ``contradiction``, ``part_exceeds_whole``, ``parts_exceed_whole``, ``shares_sum``, ``date_mismatch``
    message: str
    places: list[Place] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def check(report: Any) -> list[Finding]:
    """Every finding of the four checks on one report (a path, a ``Result`` or its dict)."""
    result = load(report)
    figures = result.get("figures", [])
    return unique(contradictions(figures) + parts_and_wholes(figures) + share_sums(figures)
                  + date_mismatches(result.get("dates", [])))


def unique(findings: list[Finding]) -> list[Finding]:
    """Each finding once: the same check over the same places (in any order) is one finding,
    however many records (a figure read twice, from a card and from its sentence) led to it."""
    out, seen = [], set()
    for f in findings:
        key = (f.check, frozenset((p.page, p.text) for p in f.places))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _place(record: dict, text_key: str = "context") -> Place:
    return Place(record.get("page"), record.get(text_key) or record.get("raw", ""))


# -- contradictions ---------------------------------------------------------------------------
def _significant_digits(raw: str) -> int:
    m = _SIGNIFICANT.search(raw)
    digits = regex.sub(r"\D", "", m.group()) if m else ""
    return max(len(digits.lstrip("0")), 1)


def _rounds_to(precise: dict, rounded: dict) -> bool:
    n = _significant_digits(rounded["raw"])
    return math.isclose(float(f"{precise['value']:.{n}g}"), rounded["value"], rel_tol=1e-9)


def consistent(a: dict, b: dict) -> bool:
    """Whether two statements of one quantity agree, given rounding and approximations."""
    if a.get("approx") and b.get("approx"):
        return True
    if a.get("approx"):
        a, b = b, a
    op, x, y = b.get("approx"), a["value"], b["value"]
    if op is None:
        return _rounds_to(a, b) or _rounds_to(b, a)
    if op == "about":
        return abs(x - y) <= 0.1 * abs(y)
    if op in ("more_than", "at_least"):
        return x >= y
    if op in ("less_than", "up_to"):
        return x <= y
    return True


def _same_date(a: str | None, b: str | None) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


def _named_in_text(figure: dict) -> bool:
    """Whether the figure's own text names what it counts (a word of its label is in its
    context): a label taken from a header over a row of bare digits ("1 2 3 4 5") is not the
    report saying twice how many there are."""
    return bool(word_set(figure["label"]) & word_set(figure.get("context") or ""))


def _two_cards(a: dict, b: dict) -> bool:
    """Two key-figure cards of one page: a grid of cards shows different quantities side by
    side (a misread or repeated caption does not make them one quantity stated twice)."""
    return a["page"] == b["page"] and is_key_figure(a) and is_key_figure(b)


def contradictions(figures: list[dict]) -> list[Finding]:
    """Key figures stated elsewhere in the report with a disagreeing value."""
    out = []
    seen: set[tuple[str, str]] = set()
    for a in filter(is_key_figure, figures):
        for b in figures:
            pair = tuple(sorted((a["id"], b["id"])))
            if (b is a or pair in seen or _two_cards(a, b) or not _named_in_text(a) or not _named_in_text(b)
                    or b["unit"] != a["unit"] or not word_set(a["label"])
                    or word_set(a["label"]) != word_set(b["label"]) or not _same_date(a["as_of"], b["as_of"])
                    or abs(a["value"] - b["value"]) > NEAR * max(abs(a["value"]), abs(b["value"]))
                    or consistent(a, b)):
                continue
            seen.add(pair)
            out.append(Finding("contradiction", f"{a['label']}: {a['raw']} (p. {a['page']}) against "
                               f"{b['raw']} (p. {b['page']})", [_place(a), _place(b)]))
    return out


# -- parts and wholes -------------------------------------------------------------------------
def _occurrences(context: str, figures: list[dict]) -> list[tuple[int, int, dict]]:
    """(start, end, figure) of each figure whose raw text is found in ``context``."""
    out: dict[int, tuple[int, int, dict]] = {}
    for f in figures:
        raw = r"\s+".join(map(regex.escape, f["raw"].split()))  # the context's spaces are collapsed
        m = regex.search(rf"(?<![\d,]){raw}(?![\d])", context)
        if m:
            out.setdefault(m.start(), (m.start(), m.end(), f))
    return sorted(out.values(), key=lambda o: o[0])


def enumerations(context: str, figures: list[dict]) -> list[tuple[dict, list[dict]]]:
    """(whole, parts) of each "W …, dont P1, P2 et P3" of ``context``."""
    occ = _occurrences(context, figures)
    out = []
    for k, (start, _, first) in enumerate(occ):
        lead = _parts()[0].search(context[:start])
        before = [o for o in occ[:k] if o[1] <= (lead.start() if lead else 0)]
        if not lead or not before or "." in context[before[-1][1]:lead.start()]:
            continue
        parts, end = [first], occ[k][1]
        for s, e, f in occ[k + 1:]:
            gap = context[end:s]
            # ")" closes a "(dont …)" aside, ";" ends the clause: what follows is no longer a part
            if not _parts()[1].search(gap) or len(gap) > 60 or ")" in gap or ";" in gap:
                break
            parts.append(f)
            end = e
        out.append((before[-1][2], parts))
    return out


def parts_and_wholes(figures: list[dict]) -> list[Finding]:
    """Parts larger than their whole, and parts that sum to more than it."""
    by_page: dict[int | None, list[dict]] = defaultdict(list)
    for f in figures:
        by_page[f["page"]].append(f)
    out, seen = [], set()
    for f in figures:
        key = (f["page"], f["context"])
        if key in seen:
            continue
        seen.add(key)
        for whole, parts in enumerations(f["context"], by_page[f["page"]]):
            shares = whole["unit"] != "%" and all(p["unit"] == "%" for p in parts)
            limit = 100.0 if shares else whole["value"]
            parts = parts if shares else [p for p in parts if p["unit"] == whole["unit"]]
            for p in parts:
                if p["value"] > limit:
                    out.append(Finding("part_exceeds_whole", f"{p['raw']} is more than its whole "
                                       f"{whole['raw'] if not shares else '100 %'}", [_place(whole), _place(p)]))
            total = sum(p["value"] for p in parts)
            if len(parts) > 1 and total > limit and all(p["value"] <= limit for p in parts):
                out.append(Finding("parts_exceed_whole", f"{' + '.join(p['raw'] for p in parts)} = "
                                   f"{total:g}, more than {whole['raw'] if not shares else '100 %'}",
                                   [_place(whole)] + [_place(p) for p in parts]))
    return out


# -- shares of one whole ----------------------------------------------------------------------
def share_sums(figures: list[dict]) -> list[Finding]:
    """Percentages of one statement that look like a complete breakdown but miss 100."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for f in figures:
        # a table's percentages are rates of different bases (one per row or column), not
        # shares of one whole: only a sentence lists the parts of one whole
        if f["unit"] == "%" and f["approx"] is None and f.get("kind", "statement") == "statement":
            groups[(f["page"], f["context"])].append(f)
    out = []
    for (page, context), shares in groups.items():
        shares = list({f["raw"] + str(f["value"]): f for f in shares}.values())
        total = sum(f["value"] for f in shares)
        decimals = max(len(regex.sub(r"[^\d,]", "", f["raw"]).partition(",")[2]) for f in shares)
        # each share is rounded by less than half its last digit, so their sum by less than n halves
        allowance = 0.5 * len(shares) * 10 ** -decimals
        if len(shares) > 1 and abs(total - 100) <= SHARE_WINDOW and abs(total - 100) >= allowance - 1e-9:
            out.append(Finding("shares_sum", f"{' + '.join(f['raw'] for f in shares)} = {total:g} %, "
                               "not 100 %", [_place(f) for f in shares]))
    return out


# -- dates of one event -----------------------------------------------------------------------
def _overlap(a: dict, b: dict) -> bool:
    """Whether two dates' periods meet; a bound is cut to its precision ("2019-02" ends with
    February), so an end is compared with the other start cut to the same length."""
    a_start, a_end, b_start, b_end = (str(a["start"]), str(a["end"]), str(b["start"]), str(b["end"]))
    return a_start[:len(b_end)] <= b_end and b_start[:len(a_end)] <= a_end


def date_mismatches(dates: list[dict]) -> list[Finding]:
    """Timeline entries whose event the running text dates differently."""
    events = [d for d in dates if d.get("event")]
    bags = {id(d): word_set(d["event"]) for d in events}
    df = Counter(w for bag in bags.values() for w in bag)
    idf = {w: math.log(len(events) / n) for w, n in df.items()}

    def cosine(a: dict, b: dict) -> float:
        wa, wb = bags[id(a)], bags[id(b)]
        norm = math.sqrt(sum(idf[w] ** 2 for w in wa) * sum(idf[w] ** 2 for w in wb))
        return sum(idf[w] ** 2 for w in wa & wb) / norm if norm else 0.0

    text = [d for d in events if not d.get("timeline")]
    out = []
    for t in (d for d in events if d.get("timeline")):
        best = max(text, key=lambda d: cosine(t, d), default=None)
        if best is not None and cosine(t, best) >= SAME_EVENT and not _overlap(t, best):
            out.append(Finding("date_mismatch", f"{t['raw']} on the timeline (p. {t['page']}), "
                               f"{best['raw']} in the text (p. {best['page']})",
                               [_place(t, "event"), _place(best, "event")]))
    return out


def render(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        lines.append(f"{f.check}: {f.message}")
        lines += [f"    p. {p.page}: {p.text}" for p in f.places]
    lines.append(f"{len(findings)} finding(s)")
    return "\n".join(lines) + "\n"
