"""Dates and timelines: French dates normalised with the report's own context.

Method: regex candidates, then normalisation of each candidate. The candidate rules are data
(``patterns/dates/fr.yaml``, one named rule per form, as in facebook/duckling's
``Time/FR/Rules.hs``); each candidate's parts are then spelled out in full ("5 mars 2019")
and parsed by dateparser (scrapinghub/dateparser) with every part required, so dateparser
reads the French month words but never fills a part from the clock. ``search_dates`` is not
used: it is slow, noisy, has no ranges (dateparser issues #262, #522) and takes a missing
year from today.

A missing year comes from the nearest dated context: the last explicit year stated by a
``context`` rule earlier in the same paragraph ("En 2019, … Le 5 mars"), else a year in the
section heading, else the report's own year. Relative expressions ("l'année dernière") are
resolved against the report's year.

Records: ``start``/``end`` are ISO strings cut to the precision the text gives: ``2019-02-13``
for a day, ``2019-08`` for a month ("fin août 2019", with qualifier ``end``), ``2019`` for a
year; a period has each bound at its own precision (``2019-10-14``/``2019-10-18`` for
"14-18 OCTOBRE", ``2018``/``2022`` for "2018-2022"). ``granularity`` is ``day``, ``month`` or
``year`` for a single point and ``period`` for a range between two points. ``open_side`` says
that one side of the date is left open by the words before it: ``end`` for "depuis le
25 mai 2019" (still running), ``start`` for "jusqu'en 2022". ``expand()`` turns an ISO string
back into the first and last day it covers.

Timelines (``extract.timelines``): a date that heads a timeline's entry has that entry's
text as its event and ``timeline=True``. ``timeline()`` puts records in chronological order
whatever the visual order.
"""
from __future__ import annotations

import bisect
import calendar
import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Callable

import regex

from ..core import rules
from ..core.document import report_year
from ..core.geometry import BBox, centre_in
from ..core.records import DateRecord, TableRecord
from ..core.text import DATE_SENTENCE_END, word_alternation
from ..layout.markdown import read_text
from . import timelines

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..core.document import Document

__all__ = [
    "Rule", "DateMatch", "cut", "month_end", "expand", "compiled_rules",
    "parse_day", "month_bounds", "month_number", "find_dates", "extract", "without_header_years", "timeline", "make_component"
]

_YEAR_IN_HEADING = regex.compile(r"(?<![\d,.])(?:19|20)\d\d(?!\d)")
_PARAGRAPH_BREAK = regex.compile(r"\n[^\S\n]*\n")
_NOT_DIGIT = regex.compile(r"\D")


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    pattern: regex.Pattern
    context: bool
    year_offset: int
    #: matches (overlapped) at every position where a match of ``pattern`` can start; None
    #: when the rule's pattern does not open with a part that says so
    starts: regex.Pattern | None = None
    #: a match is kept only when the years it lists follow each other
    consecutive: bool = False


@dataclass(frozen=True)
class DateMatch:
    """A normalised date found in a text, with the rule that produced it."""

    start: int  #: offset of the match in the text
    end: int
    raw: str
    first: date  #: first day covered
    last: date  #: last day covered
    granularity: str
    rule: str
    qualifier: str | None = None
    precision: tuple[str, str] = ("day", "day")  #: of the start and of the end
    open_side: str | None = None  #: ``end`` (depuis…), ``start`` (jusqu'en…) or None

    def iso(self) -> tuple[str, str]:
        """Start and end as ISO strings, each cut to its own precision."""
        return cut(self.first, self.precision[0]), cut(self.last, self.precision[1])


_ISO_LENGTH = {"year": 4, "month": 7, "day": 10}


def cut(day: date, precision: str) -> str:
    """``day`` as an ISO string of ``precision``: ``2019-02-13``, ``2019-02`` or ``2019``."""
    return day.isoformat()[:_ISO_LENGTH[precision]]


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def expand(iso: str) -> tuple[date, date]:
    """The first and last day covered by an ISO date of any precision ("2019-02" → Feb 1-28)."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        return date(parts[0], parts[1], 1), month_end(*parts)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


# -- rules ----------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _parts(lang: str = "fr") -> dict[str, str]:
    """The placeholders of the rule file (``%day%``, ``%month%``…) and their regexes."""
    data = rules.load("dates", lang)
    parts = dict(data["parts"])
    parts["month"] = word_alternation(data["months"]) + r"(?!\w)"
    for key, words in (("rank", data["year_parts"]["ranks"]), ("year_part", data["year_parts"]["units"])):
        parts[key] = word_alternation(str(w) for w in words)
    return parts


def _fill(pattern: str, lang: str) -> str:
    for key, value in _parts(lang).items():
        pattern = pattern.replace(f"%{key}%", value)
    return pattern


#: a day number: its first character is an ASCII digit, whatever the case flags
_DAY_NUMBER = r"(?<![\d,.])(?:3[01]|[12]\d|0?[1-9])"
#: pattern openings whose matches start on a digit that their day's lookbehind lets open a
#: number (not the "9" of "2019"), or on "du" for the optional "du"
_DAY_OPENINGS = (("(?P<day>%day%)", r"(?<![\d,.])\d"),
                 (r"(?<![\d/.,])(?P<day>3[01]|[12]\d|0?[1-9])", r"(?<![\d/.,])\d"),
                 (r"(?:\bdu%sp%)?(?P<day>%day%)", r"(?<![\d,.])\d|\bdu"))


#: pattern openings whose matches start on a month word
_MONTH_OPENINGS = ("(?P<month>%month%)", r"(?<!\w)(?P<month>%month%)")


#: a year: its first character is an ASCII digit, whatever the case flags
_YEAR_NUMBER = r"(?<![\d,.])(?:19\d\d|20\d\d)(?!\d)"


def _opens_with_year(pattern: str) -> bool:
    """Does ``pattern`` open with its year, after a lookbehind at most ("(?<!…)(?P<year>%year%)")?"""
    head, found, _ = pattern.partition("(?P<year>%year%)")
    if not found or "\\(" in head or "\\)" in head:
        return False
    if not head:
        return True
    if not head.startswith("(?<!"):
        return False
    depth = 0
    for k, ch in enumerate(head):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and k < len(head) - 1:
            return False  # the lookbehind closes before the year: something else comes between
    return depth == 0


def _starts(pattern: str, flags: int, lang: str) -> regex.Pattern | None:
    """A pattern matching where a match of the rule ``pattern`` can start (see ``Rule.starts``)."""
    if pattern.startswith(_MONTH_OPENINGS):
        return regex.compile(_fill("%month%", lang), flags)
    if _opens_with_year(pattern) and _parts(lang).get("year") == _YEAR_NUMBER:
        return regex.compile(_YEAR_NUMBER, flags)
    if not _parts(lang).get("day", "").startswith(_DAY_NUMBER):
        return None
    for opening, starts in _DAY_OPENINGS:
        if pattern.startswith(opening):
            return regex.compile(starts, flags)
    return None


@functools.lru_cache(maxsize=None)
def compiled_rules(lang: str = "fr") -> tuple[Rule, ...]:
    """The rules of ``patterns/dates/<lang>.yaml`` with their placeholders filled in."""
    out = []
    for rule in rules.load("dates", lang)["rules"]:
        flags = (0 if rule.get("case_sensitive") else regex.IGNORECASE) | regex.V1
        out.append(Rule(rule["name"], rule["kind"], regex.compile(_fill(rule["pattern"], lang), flags),
                        bool(rule.get("context")), int(rule.get("year_offset", 0)),
                        _starts(rule["pattern"], flags, lang), bool(rule.get("consecutive"))))
    return tuple(out)


def _finditer(rule: Rule, text: str, openings: dict[tuple[str, int], list[int]] | None = None) -> list[regex.Match]:
    """``rule.pattern.finditer(text)``: tried only where a match can start (``rule.starts``),
    which gives the same matches (lookbehinds see the text before the start). ``openings``:
    the offsets found by each ``starts`` pattern so far in ``text``, shared by the rules that
    open alike (a month word, a day number), which then scan the text once."""
    if rule.starts is None:
        return list(rule.pattern.finditer(text))
    key = (rule.starts.pattern, rule.starts.flags)
    found = None if openings is None else openings.get(key)
    if found is None:
        found = [s.start() for s in rule.starts.finditer(text, overlapped=True)]
        if openings is not None:
            openings[key] = found
    out = []
    pos = 0
    match = rule.pattern.match
    for start in found:
        if start < pos:
            continue
        m = match(text, start)
        if m is not None:
            if m.end() == m.start():  # an empty match: finditer's own stepping decides
                return list(rule.pattern.finditer(text))
            out.append(m)
            pos = m.end()
    return out


@functools.lru_cache(maxsize=None)
def _vocabulary(lang: str = "fr") -> tuple[frozenset[str], dict[str, str]]:
    data = rules.load("dates", lang)
    return frozenset(m.lower() for m in data["months"]), dict(data["qualifiers"])


@functools.lru_cache(maxsize=None)
def _open_markers(lang: str = "fr") -> tuple[tuple[str, regex.Pattern, regex.Pattern], ...]:
    """(open side, its words opening a match, its words just before a match) per side."""
    markers = rules.load("dates", lang)["open_markers"]
    filler = _fill(f"(?:%sp%(?:{markers['filler']}))*(?:%sp%)?", lang)
    flags = regex.IGNORECASE | regex.V1
    return tuple(
        (side, regex.compile(_fill(f"(?:{words})(?!\\w)", lang), flags),
         regex.compile(_fill(f"(?<!\\w)(?:{words}){filler}$", lang), flags))
        for side, words in markers["sides"].items()
    )


def _open_side(text: str, m: regex.Match, lang: str) -> str | None:
    """``end`` when the date is preceded (or opened) by "depuis", "dès", "à partir de"…,
    ``start`` by "jusqu'en", "d'ici"…; else None."""
    before = text[max(0, m.start() - 40):m.start()]
    for side, opening, preceding in _open_markers(lang):
        if opening.match(m.group(0)) or preceding.search(before):
            return side
    return None


# -- normalisation through dateparser ---------------------------------------------------------
@functools.lru_cache(maxsize=4096)
def parse_day(day: str, month: str, year: int) -> date | None:
    """The day spelled by ``day month year`` ("1er", "FÉVRIER", 2019), or None if invalid.

    dateparser reads the month word (all caps, unaccented, abbreviated); every part is
    given and required, and the relative base is the same year, so the clock is never used.
    """
    import dateparser

    day = _NOT_DIGIT.sub("", day)
    month = month.lower()
    if not day:
        return None
    settings = {
        "RELATIVE_BASE": datetime(year, 1, 1),
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DATES_FROM": "current_period",
        "DATE_ORDER": "DMY",
    }
    text = f"{day}/{month}/{year}" if month.isdigit() else f"{day} {month} {year}"
    try:
        parsed = dateparser.parse(text, languages=["fr"], settings=settings)
    except (ValueError, OverflowError):
        return None
    if parsed is None or parsed.year != year:
        return None
    return parsed.date()


def month_bounds(month: str, year: int) -> tuple[date, date] | None:
    first = parse_day("1", month, year)
    if first is None:
        return None
    return first, month_end(year, first.month)


def month_number(word: str) -> int | None:
    """The number of a month word ("MARS", "févr."), or None."""
    bounds = month_bounds(word, 2000)
    return bounds[0].month if bounds else None


def _point(day: str | None, month: str | None, year: int) -> tuple[date, date, str] | None:
    """First and last day of a point given by its parts (day, month word, year), and its
    precision (``day``, ``month`` or ``year``)."""
    if month is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    if day is None:
        bounds = month_bounds(month, year)
        return (*bounds, "month") if bounds else None
    parsed = parse_day(day, month, year)
    return (parsed, parsed, "day") if parsed else None


_GRANULARITY = {"day": "day", "numeric": "day", "month": "month", "range": "period",
                "year": "year", "relative": "year", "year_part": "period"}


def _year_part(rank: str, unit: str, year: int, lang: str) -> tuple[date, date, str, str] | None:
    """The months of "premier trimestre", "second semestre"… of ``year``, as a period
    (a negative rank counts from the end: "dernier trimestre" is the fourth)."""
    parts = rules.load("dates", lang)["year_parts"]
    size = parts["units"][unit.lower()]
    index = {str(k).lower(): v for k, v in parts["ranks"].items()}[rank.lower()]
    last = (index if index > 0 else 12 // size + 1 + index) * size
    if last > 12:
        return None
    return date(year, last - size + 1, 1), month_end(year, last), "month", "month"


def _normalise(rule: Rule, m: regex.Match, context_year: int | None,
               report_year: int | None, lang: str = "fr") -> tuple[date, date, str, str] | None:
    """First and last day of a match and the precisions of its start and end; a missing
    year is ``context_year``."""
    g = m.groupdict()
    if rule.kind == "relative":
        if report_year is None:
            return None
        y = report_year + rule.year_offset
        return date(y, 1, 1), date(y, 12, 31), "year", "year"
    if rule.kind == "range":
        y2 = int(g["year2"]) if g.get("year2") else context_year
        y1 = int(g["year"]) if g.get("year") else y2
        if y1 is None or y2 is None:
            return None
        a = _point(g.get("day"), g.get("month") or g.get("month2"), y1)
        b = _point(g.get("day2"), g.get("month2"), y2)
        if a is None or b is None or a[0] > b[1]:
            return None
        return a[0], b[1], a[2], b[2]
    y = int(g["year"]) if g.get("year") else context_year
    if y is None:
        return None
    if y < 100:  # "01/01/22": a two-digit year is of this century
        y += 2000
    if rule.kind == "year_part":
        return _year_part(g["rank"], g["unit"], y, lang)
    point = _point(g.get("day"), g.get("month"), y)
    return (point[0], point[1], point[2], point[2]) if point else None


# -- finding dates in a text ------------------------------------------------------------------
def _candidates(text: str, lang: str) -> list[tuple[int, Rule, regex.Match]]:
    """All rule matches, overlaps resolved: the earlier rule wins, then the longer match."""
    found = []
    openings: dict[tuple[str, int], list[int]] = {}
    for priority, rule in enumerate(compiled_rules(lang)):
        for m in _finditer(rule, text, openings):
            if m.end() > m.start() and (not rule.consecutive or _consecutive(m)):
                found.append((priority, rule, m))
    found.sort(key=lambda c: (c[0], c[2].start() - c[2].end(), c[2].start()))
    # the spans taken so far are disjoint: sorted by start, their ends are sorted too, so a
    # match overlaps one of them when it overlaps the last one starting before its end
    starts: list[int] = []
    ends: list[int] = []
    kept = []
    for priority, rule, m in found:
        s, e = m.start(), m.end()
        k = bisect.bisect_left(starts, e)
        if k and ends[k - 1] > s:
            continue
        starts.insert(k, s)
        ends.insert(k, e)
        kept.append((priority, rule, m))
    kept.sort(key=lambda c: c[2].start())
    return kept


_YEAR = regex.compile(r"(?<!\d)\d{4}(?!\d)")


def _consecutive(m: regex.Match) -> bool:
    """Do the days of a match ("31 mai et 1er juin"), else its years ("2020, 2021 et 2022"),
    follow each other?"""
    g = m.groupdict()
    if g.get("day") and g.get("day2"):
        first_month = month_number(g.get("month") or g["month2"])
        last_month = month_number(g["month2"])
        first, last = int(_NOT_DIGIT.sub("", g["day"])), int(_NOT_DIGIT.sub("", g["day2"]))
        if first_month is None or last_month is None:
            return False
        if first_month == last_month:
            return last == first + 1
        # the last day of a month, then the first of the next in the same year (February: 28
        # or 29, the year may be unknown yet)
        ends = {calendar.monthrange(2001, first_month)[1], calendar.monthrange(2000, first_month)[1]}
        return last == 1 and last_month == first_month + 1 and first in ends
    years = [int(y) for y in _YEAR.findall(m.group(0))]
    return all(b == a + 1 for a, b in zip(years, years[1:]))


def _explicit_year(m: regex.Match) -> int | None:
    g = m.groupdict()
    value = g.get("year2") or g.get("year")
    return (int(value) + (2000 if len(value) == 2 else 0)) if value else None


def find_dates(text: str, year: int | None, section_year: Callable[[int], int | None] | None = None,
               lang: str = "fr") -> list[DateMatch]:
    """Every date in ``text``, normalised; ``year`` is the report's own year.

    A year-less date takes the year of the last ``context`` match earlier in its paragraph,
    else ``section_year(offset)``, else ``year``; with none of them it is dropped.
    """
    if year is None and section_year is None and not any(c.isdigit() for c in text):
        return []  # every date would need a year, and years are printed in digits (``%year%``)
    _, qualifiers = _vocabulary(lang)
    breaks = [b.start() for b in _PARAGRAPH_BREAK.finditer(text)]
    out: list[DateMatch] = []
    context: tuple[int, int] | None = None  # (paragraph index, year)
    for _, rule, m in _candidates(text, lang):
        paragraph = bisect.bisect_right(breaks, m.start())
        explicit = _explicit_year(m)
        context_year = context[1] if context and context[0] == paragraph else None
        if context_year is None and section_year is not None:
            context_year = section_year(m.start())
        if context_year is None:
            context_year = year
        bounds = _normalise(rule, m, context_year, year, lang)
        if bounds is None:
            continue
        qual = m.groupdict().get("qual")
        if rule.context and explicit is not None:
            context = (paragraph, explicit)
        out.append(DateMatch(
            start=m.start(), end=m.end(), raw=m.group(0), first=bounds[0], last=bounds[1],
            granularity=_GRANULARITY[rule.kind], rule=rule.name,
            qualifier=qualifiers.get(qual.lower()) if qual else None,
            precision=(bounds[2], bounds[3]), open_side=_open_side(text, m, lang),
        ))
    return out


# -- documents: sections, sentences, timelines --------------------------------------------------
def _section_year(document: "Document") -> Callable[[int], int | None]:
    """Offset → the year in the heading of its section (the nearest heading before its block)."""
    @functools.lru_cache(maxsize=None)
    def by_block(index: int) -> int | None:
        heading = next((b for b in reversed(document.blocks[:max(index, 0)]) if b.role == "heading"), None)
        years = _YEAR_IN_HEADING.findall(document.block_text(heading)) if heading else []
        return int(years[-1]) if years else None

    return lambda offset: by_block(document.block_index(offset))


def _sentence(document: "Document", start: int, end: int) -> str:
    """The sentence around a date, cut at sentence punctuation inside its layout block.

    Not spaCy's sentences: on report text they run across headings and blocks ("Chatbot
    Depuis mars 2019, …") and stop at an opening quote.
    """
    lo, hi = document.sentence_bounds(start, end)
    ends = [e.end() for e in DATE_SENTENCE_END.finditer(document.text, lo, hi)]
    first = max((e for e in ends if e <= start), default=lo)
    last = min((e for e in ends if e >= end), default=hi)
    return " ".join(document.text[first:last].split())


def extract(document: "Document", sdoc: "Doc | None", year: int | None, lang: str = "fr") -> list[DateRecord]:
    """The dates of a document as records, with their event (timeline entry or sentence).

    ``sdoc`` is the pipeline's spaCy Doc; sentences are cut within layout blocks instead
    (see ``_sentence``), so it is not read.
    """

    section_year = _section_year(document)
    matches = [m for m in find_dates(document.text, year, section_year, lang) if not _heads_rows(document, m)]
    events = timelines.events(document, matches, lang)
    entries = [(m, events.get(m.start), m.start in events) for m in matches]
    labelled = _month_label_entries(document, year, section_year, lang)
    if labelled:  # a label's own date ("MARS 2019") is its entries'
        labels = {m.start for m, _, _ in labelled}
        entries = sorted([e for e in entries if getattr(document.block_at(e[0].start), "start", None) not in labels]
                         + labelled, key=lambda e: e[0].start)
    records = _records(document, entries)
    return records + _furniture_records(document, year, lang, first_id=len(records) + 1)


def _heads_rows(document: "Document", m: DateMatch) -> bool:
    """Is ``m`` a year alone heading the rows of a table set without rules (a block of the
    role ``table_row`` holding that year and nothing else)? The table's structure, as a year
    heading a table's column is (``without_header_years``), not a date the text mentions."""
    block = document.block_at(m.start)
    raw = m.raw.strip()
    return block is not None and block.role == "table_row" and raw.isdigit() and document.block_text(block).strip() == raw


def _furniture_records(document: "Document", year: int | None, lang: str, first_id: int) -> list[DateRecord]:
    """The dates of the running headers and footers ("Rapport annuel 2020-2021", "Exercice
    2021"), which the layout reader takes out of the text: one record on every page that
    prints one, its event the line. They date the whole report more often than a passage."""
    records: list[DateRecord] = []
    for line in document.furniture:
        if line.kind == "page_number":
            continue
        for m in find_dates(line.text, year, lang=lang):
            start, end = m.iso()
            records.append(DateRecord(
                id=f"date-{first_id + len(records)}", raw=" ".join(m.raw.split()), start=start, end=end,
                granularity=m.granularity, event=" ".join(line.text.split()), page=line.page, bbox=line.bbox,
                section=None, rule=m.rule, qualifier=m.qualifier, open_side=m.open_side, furniture=True))
    return records


def _month_label_entries(document: "Document", year: int | None, section_year: Callable[[int], int | None],
                         lang: str) -> list[tuple[DateMatch, str | None, bool]]:
    """A timeline's month labels (``timelines.month_labels``), one entry for each of their
    events: "MARS" over two events of the year's timeline is March of that year twice. A
    label without its year takes its section's, else the report's."""
    out: list[tuple[DateMatch, str | None, bool]] = []
    for index, texts in timelines.month_labels(document, month_number, lang):
        block = document.blocks[index]
        raw = document.block_text(block)
        month, *printed = raw.split()
        y = int(printed[0]) if printed else (section_year(block.start) or year)
        bounds = month_bounds(month, y) if y is not None else None
        if bounds is None:
            continue
        m = DateMatch(start=block.start, end=block.end, raw=raw, first=bounds[0], last=bounds[1],
                      granularity="month", rule="timeline_month", precision=("month", "month"))
        events: list[str | None] = list(texts) or [None]  # a label without events is one entry
        out.extend((m, text, True) for text in events)
    return out


def _records(document: "Document", entries: list[tuple[DateMatch, str | None, bool]]) -> list[DateRecord]:
    """Records of (match, its timeline event, whether it is a timeline entry), in text order."""
    records = []
    for i, (m, event, on_timeline) in enumerate(entries, 1):
        page, bbox = document.locate(m.start, m.end)
        start, end = m.iso()
        records.append(DateRecord(
            id=f"date-{i}", raw=" ".join(m.raw.split()), start=start, end=end,
            granularity=m.granularity,
            event=event if on_timeline else _sentence(document, m.start, m.end),
            page=page, bbox=bbox, section=document.section_index().at(m.start), rule=m.rule,
            qualifier=m.qualifier, timeline=on_timeline, open_side=m.open_side,
        ))
    return records


def without_header_years(found: list[DateRecord], tables: list[TableRecord]) -> list[DateRecord]:
    """``found`` without the bare years that head a table's columns or rows ("2021 | 2022"
    over the figures of each year, an "Année" column): the table's structure, not a date its
    text mentions; each cell's figure carries its year (``as_of``). A date written out in a
    header ("au 01/01/2022", "Décembre 2023") stays: it says when, as a sentence would."""
    headers: dict[int, list[tuple[BBox, str]]] = {}
    for t in tables:
        if t.bbox is not None:
            texts = [cell for r, row in enumerate(t.rows) for c, cell in enumerate(row)
                     if r < t.header_rows or c < t.row_header_cols]
            x0, top, x1, bottom = t.bbox
            headers.setdefault(t.page, []).append(((x0, top, x1, bottom), "\n".join(texts)))
    if not headers:
        return found

    def heads(d: DateRecord) -> bool:
        return (d.raw.isdigit() and d.page in headers and d.bbox is not None
                and any(centre_in(d.bbox, box) and regex.search(rf"(?<!\d){d.raw}(?!\d)", text)
                        for box, text in headers[d.page]))

    return [d for d in found if not heads(d)]


def timeline(dates: list[DateRecord]) -> list[DateRecord]:
    """The dated events (records with an event, not a running header's date) in chronological
    order: by the first day of their start, then the last day of their end, whatever the
    precisions ("2019" comes after "2019-01-01" and before "2019-01-02")."""
    return sorted((d for d in dates if d.event and not d.furniture), key=lambda d: (expand(d.start)[0], expand(d.end)[1]))


def make_component(nlp: "Language", name: str) -> Callable[["Doc"], "Doc"]:
    """A spaCy pipeline component setting ``doc._.dates`` (the lead wires the factory).

    The report year is ``doc.user_data["year"]`` when set, else read from the document.
    """
    from spacy.tokens import Doc

    Doc.set_extension("dates", default=None, force=True)

    def component(doc: Doc) -> Doc:
        document = doc.user_data.get("document") or read_text(f"<{name}>", raw=doc.text)
        year = doc.user_data.get("year", report_year(document))
        doc._.dates = extract(document, doc, year)
        return doc

    return component
