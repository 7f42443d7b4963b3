"""French number grammar: numbers in text, with their scale word and unit.

Pure functions over strings, no spaCy; shared by the layout (which table cells are numbers)
and the extractors. The grammar is data (``patterns/figures/fr.yaml``),
organised the way facebook/duckling organises ``Numeral/FR/Rules.hs``: one named rule per
surface form (digits, number words, approximate numbers, fractions), then scale words
(``millions``, ``Md€``) and unit words (``d'euros``, ``%``, ``jours``) read after the number.

French conventions handled: the decimal comma (``13,5``), thousands grouped by a space, a
no-break space (U+00A0) or a narrow no-break space (U+202F) (``35 770``), a sign with or
without a space (``+ 1,5``, ``- 200``), ``d'1 million``, ``un demi-million``, ``une vingtaine``
(20, approximate) and ``un quart`` (a 25 % share). A document's decimal mark is read from the
numbers it prints (``decimal_mark``): under the comma a point groups thousands (``6.000``),
under the point (a Swiss or English-style report) ``73.5`` is a decimal and ``1'234.50``
groups thousands by apostrophe.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from . import rules

__all__ = ["Quantity", "grammar", "mask", "digits_value", "WORD_WINDOW", "find_quantities", "parse_number",
           "decimal_mark", "COMMA", "POINT"]

COMMA, POINT = ",", "."  #: the two decimal marks
_MARK_NAMES = {COMMA: "comma", POINT: "point"}


@dataclass(frozen=True)
class Quantity:
    """A number found in text, with the scale word and unit that follow it."""

    start: int  #: offset of the first character (the sign, if any)
    end: int  #: offset past the number, its scale word and its unit
    value: float  #: scale applied; fractions are percentages (``un quart`` is 25.0)
    unit: str | None  #: ``EUR``, ``%``, ``day``, ``month``, ``year``; None for a count
    rule: str  #: the number rule that matched (``digits``, ``number_word``, ...)
    scaled: bool = False  #: a scale word followed (``millions``)
    approx: str | None = None  #: ``about`` for ``une vingtaine``
    #: where the words describing this number start: ``end`` unless the layout interleaved
    #: two cells; None when no words of its own follow it
    tail: int | None = -1

    @property
    def words_from(self) -> int | None:
        return self.end if self.tail == -1 else self.tail


@dataclass(frozen=True)
class _Grammar:
    numbers: list[tuple[str, "regex.Pattern"]]
    scales: list[tuple["regex.Pattern", float, str | None]]
    units: list[tuple["regex.Pattern", str]]
    words: dict[str, float]
    articles: frozenset[str]
    vague: dict[str, float]
    fractions: dict[str, float]
    masks: list[tuple["regex.Pattern", "regex.Pattern | None"]]
    separator_before: "regex.Pattern"
    sign_after: "regex.Pattern"
    at_least_after: "regex.Pattern"


@functools.lru_cache(maxsize=None)
def grammar(decimal: str | None = None) -> _Grammar:
    """The number grammar of a document whose decimal mark is ``decimal`` (None: not proven):
    the mark's own digits rule, then the rules every document shares."""
    data = rules.load("figures")

    def compiled(rule: dict) -> "regex.Pattern":
        return regex.compile(rule["pattern"], regex.VERBOSE if rule.get("verbose") else 0)

    own = [data["decimal_mark"][_MARK_NAMES[decimal]]["digits"]] if decimal else []
    return _Grammar(
        numbers=[(r["name"], compiled(r)) for r in [*own, *data["numbers"]["rules"]]],
        # a symbol may be glued to its number ("6,7M€"): the number grammar lets only these through
        scales=[(regex.compile(r"[\s]*(?:" + r["pattern"] + r")(?!\p{L})"), float(r["factor"]), r.get("unit"))
                for r in data["scales"]["rules"]],
        units=[(regex.compile(r"\s*(?:" + r["pattern"] + ")"), r["unit"]) for r in data["units"]["rules"]],
        words={k.lower(): float(v) for k, v in data["number_words"].items()},
        articles=frozenset(data["article_words"]),
        vague={k: float(v) for k, v in data["vague_numbers"].items()},
        fractions={k: float(v) for k, v in data["fractions"].items()},
        masks=[(regex.compile(m["pattern"]), regex.compile(m["holds"]) if "holds" in m else None)
               for m in data["masks"]],
        separator_before=regex.compile(data["dash_separator"]["before"]),
        sign_after=regex.compile(data["dash_separator"]["sign_after"]),
        at_least_after=regex.compile(data["numbers"]["at_least_after"]),
    )


def mask(text: str) -> str:
    """``text`` with URLs, domain names and phone numbers blanked out with ``_`` (same
    length, offsets kept; a footnote marker glued to a link, "caf.fr2", stays glued)."""
    # a statement or a cell is asked again by several readers; a whole document's text is not kept
    return _mask_short(text) if len(text) <= MASK_CACHED else _mask(text)


#: the longest text whose mask is kept
MASK_CACHED = 2000


@functools.lru_cache(maxsize=8192)
def _mask_short(text: str) -> str:
    return _mask(text)


def _mask(text: str) -> str:
    for pattern, holds in grammar().masks:
        text = pattern.sub(_blank, text) if holds is None else _mask_runs(text, pattern, holds)
    return text


def _blank(m: "regex.Match") -> str:
    return "_" * len(m.group(0))


_SPACE = regex.compile(r"\s")
_LAST_SPACE = regex.compile(r"(?r)\s")


def _mask_runs(text: str, pattern: "regex.Pattern", holds: "regex.Pattern") -> str:
    """``pattern.sub(_blank, text)`` for a pattern whose every match lies within one run of
    non-space characters and contains a match of ``holds``: the pattern is run over those runs
    only. The same result: a match cannot cross a run's ends, and at a run's start the
    pattern sees a space before it, as it would at the start of the text (``\b``)."""
    out: list[str] = []
    done = 0  # text before it is written to ``out``
    for hit in holds.finditer(text):
        if hit.start() < done:  # within the run just masked
            continue
        before = _LAST_SPACE.search(text, done, hit.start())
        start = before.end() if before else done
        after = _SPACE.search(text, hit.end())
        end = after.start() if after else len(text)
        out += (text[done:start], pattern.sub(_blank, text[start:end]))
        done = end
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


@functools.lru_cache(maxsize=None)
def _evidence() -> dict[str, "regex.Pattern"]:
    marks = rules.load("figures")["decimal_mark"]
    return {mark: regex.compile(marks[name]["evidence"]) for mark, name in _MARK_NAMES.items()}


def decimal_mark(text: str) -> str | None:
    """The decimal mark of ``text`` (``COMMA`` or ``POINT``): the one more of its numbers can
    only be read with ("12,5" for the comma; "1.5%", "1'234.50" for the point); None when
    they prove neither (then "6.000" and "73.5" stay unread)."""
    masked = mask(text)
    counts = {mark: sum(1 for _ in pattern.finditer(masked)) for mark, pattern in _evidence().items()}
    if counts[POINT] == counts[COMMA]:
        return None
    return max(counts, key=lambda mark: counts[mark])


def digits_value(m: "regex.Match") -> float:
    """The value of a ``digits`` match: sign, thousands separators (space, point, apostrophe,
    comma: whichever the match's rule allows), decimal mark."""
    whole = "".join(c for c in m.group("int") if c.isdigit())
    frac = m.group("frac")
    value = float(f"{whole}.{frac}" if frac else whole)
    return -value if m.group("sign") in ("-", "−", "–") else value


def _separator_dash(text: str, m: "regex.Match") -> bool:
    """Is the sign of ``m`` a dash set apart between words ("Stand - 57 fois", "2020 - 2021")?"""
    if m.group("sign") in (None, "+") or m.start("int") == m.end("sign"):  # "+ 1,5" is a gain
        return False
    before = text[max(0, m.start() - 30):m.start()]
    g = grammar()
    return bool(g.separator_before.search(before)) and not g.sign_after.search(before)


def _bare_numbers(text: str, decimal: str | None = None) -> list[tuple[int, int, float, str, str | None, bool]]:
    """(start, end, value, rule, approx, is_article) for every bare number, overlaps resolved
    in favour of the earliest, then the longest match (then the first rule)."""
    g = grammar(decimal)
    found: list[tuple[int, int, float, str, str | None, bool]] = []
    for name, pattern in g.numbers:
        for m in pattern.finditer(text):
            approx: str | None = None
            is_article = False
            if name in ("digits", "decimal_point", "rating"):
                value = digits_value(m)
                if _separator_dash(text, m):  # "Stand - 57 fois": 57, from the digits on
                    found.append((m.start("int"), m.end(), abs(value), name, None, False))
                    continue
            else:
                # casefold: the case-insensitive patterns also match "ſix" (long s), "SEPT"
                word = m.group("word").casefold()
                table = g.words if name == "number_word" else g.vague if name == "vague_number" else g.fractions
                if word not in table:
                    continue
                if name == "number_word":
                    value = table[word]
                    is_article = word in g.articles
                elif name == "vague_number":
                    value, approx = table[word], "about"
                else:
                    value = table[word]
                if word == "un demi-million":
                    is_article = False
            found.append((m.start(), m.end(), value, name, approx, is_article))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, float, str, str | None, bool]] = []
    for f in found:
        if kept and f[0] < kept[-1][1]:
            continue
        kept.append(f)
    return kept


#: scale and unit words are looked for in this many characters after a number: matching
#: against the whole rest of a long text costs time in proportion to its length
WORD_WINDOW = 80


def _scale_at(text: str, pos: int) -> tuple[int, float, str | None] | None:
    for pattern, factor, unit in grammar().scales:
        m = pattern.match(text, pos, pos + WORD_WINDOW)
        if m:
            return m.end(), factor, unit
    return None


def _unit_at(text: str, pos: int) -> tuple[int, str] | None:
    found = _unit_words_at(text, pos)
    return (found[0], found[1]) if found else None


def _unit_words_at(text: str, pos: int) -> tuple[int, str, int | None] | None:
    """(end, unit, start of the unit's words that also say what is counted, or None): a unit
    rule's ``words`` group ("9 *dernières années*") stays the label's."""
    for pattern, unit in grammar().units:
        m = pattern.match(text, pos, pos + WORD_WINDOW)
        if m:
            return m.end(), unit, m.start("words") if "words" in pattern.groupindex else None
    return None


def find_quantities(text: str, decimal: str | None = None) -> list[Quantity]:
    """Every number in ``text`` with its scale word and unit, in text order; ``decimal`` is
    the decimal mark of the document ``text`` comes from (``decimal_mark``; None: not proven).

    Two grid cells read row by row ("12,7 4,9 milliards millions d'euros de bénéficiaires",
    a key-figure layout flattened to text) are paired back: each number takes its own scale
    word, the unit right after the scale words belongs to the first, and the words after it
    describe the second (``rule="paired_cells"``). Never raises.
    """
    masked = mask(text)
    bare = _bare_numbers(masked, decimal)
    out: list[Quantity] = []
    i = 0
    while i < len(bare):
        start, end, value, name, approx, is_article = bare[i]
        paired = _paired_cells(masked, bare, i)
        if paired:
            out.extend(paired)
            i += 2
            continue
        i += 1
        if name == "fraction":
            out.append(Quantity(start, end, value, "%", name))
            continue
        scaled = False
        unit = None
        scale = _scale_at(masked, end)
        if scale:
            end, factor, unit = scale
            value *= factor
            scaled = True
        elif is_article:
            continue  # "un", "une" without a scale word are articles
        elif name == "digits" and (plus := grammar().at_least_after.match(masked, end)):
            end, approx = plus.end(), "at_least"  # "40+ bénévoles"
        tail = -1
        if unit is None:
            found_unit = _unit_words_at(masked, end)
            if found_unit:
                end, unit, words = found_unit
                tail = -1 if words is None else words
        out.append(Quantity(start, end, value, unit, name, scaled, approx, tail))
    return out


def _paired_cells(text: str, bare: list, i: int) -> list[Quantity] | None:
    if i + 1 >= len(bare) or bare[i][3] != "digits" or bare[i + 1][3] != "digits":
        return None
    (s1, e1, v1, *_), (s2, e2, v2, *_) = bare[i], bare[i + 1]
    if text[e1:s2].strip():
        return None
    first = _scale_at(text, e2)
    second = _scale_at(text, first[0]) if first else None
    if not (first and second):
        return None
    unit = first[2]
    end = second[0]
    found_unit = _unit_at(text, end) if unit is None else None
    if found_unit:
        end, unit = found_unit
    return [
        Quantity(s1, e1, v1 * first[1], unit, "paired_cells", True, tail=None),
        Quantity(s2, e2, v2 * second[1], second[2], "paired_cells", True, tail=end),
    ]


@functools.lru_cache(maxsize=16384)
def parse_number(text: str, decimal: str | None = None) -> float | None:
    """The value of a string that is one number (``"13,5 millions"``, ``"35 770"``,
    ``"+ 1,5"``, ``"87 %"``), scale applied, read with the decimal mark ``decimal``; None
    when it is not exactly one number. Kept per string: a table's cells say "0", "-" or
    "2019" many times over."""
    stripped = text.strip()
    # the one quantity must start the string: without a bare number matching at its start
    # (in the masked text, as find_quantities reads it) there is none
    masked = mask(stripped)
    if not any(pattern.match(masked) for _, pattern in grammar(decimal).numbers):
        return None
    found = find_quantities(stripped, decimal)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(stripped):
        return None
    return found[0].value
