"""Timelines: the dates of a page that are its entries' headings, each with its event.

A timeline is set in one of three ways, each found by geometry and by what its blocks hold:
- day headings: on a page (or in a section), three or more headings that are nothing but a
  day ("3 FÉVRIER", "14-18 OCTOBRE"), each paired with the text block under it (by geometry
  when the layout has boxes, else the next block in reading order; the month axis of the
  grid is skipped);
- a table of two columns: blocks that are each a day, each with its event just right of it;
- a list: entries that open with a day and a separator ("• 14 JUIN : Convention …");
- a column of months ("MARS", "AVRIL"… down a page), each over the events beside and below it.

``events`` gives the event text of each date match that is a timeline entry, and
``month_labels`` the labels of a column of months with their events (a month alone is no
date of the text: ``extract.dates`` makes one record for each of its events); their records
have ``timeline=True``.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Callable

import regex

from ..core import rules
from ..core.geometry import BBox, x_overlap
from ..core.text import word_alternation

if TYPE_CHECKING:
    from ..core.document import Block, Document
    from .dates import DateMatch

__all__ = ["TIMELINE_MIN_ENTRIES", "events", "month_labels"]

#: at least this many day headings make a page (or section) a timeline
TIMELINE_MIN_ENTRIES = 3


@functools.lru_cache(maxsize=None)
def _month_words(lang: str) -> frozenset[str]:
    return frozenset(m.lower() for m in rules.load("dates", lang)["months"])


def _is_month_axis(text: str, lang: str) -> bool:
    months = _month_words(lang)
    words = text.lower().split()
    return bool(words) and all(w in months for w in words)


def _day_headings(document: "Document", matches: list["DateMatch"]) -> dict[int, "DateMatch"]:
    """Block index → the day (or day range) that is the whole text of that heading block."""
    out = {}
    for m in matches:
        if m.granularity not in ("day", "period") or m.first.month != m.last.month:
            continue
        index = document.block_index(m.start)
        block = document.blocks[index] if index >= 0 else None
        if block is None or block.role != "heading":
            continue
        if " ".join(document.block_text(block).split()) == " ".join(m.raw.split()):
            out[index] = m
    return out


def _timeline_group(document: "Document", index: int) -> tuple:
    """Which timeline a day heading belongs to: its page, else its parent section heading."""
    block = document.blocks[index]
    if block.page is not None:
        return ("page", block.page)
    parent = next((i for i in range(index - 1, -1, -1) if document.blocks[i].role == "heading"
                   and document.blocks[i].level < block.level), -1)
    return ("section", parent)


def _entry_text(document: "Document", index: int, headings: set[int], lang: str) -> str | None:
    """The text of a timeline entry: the block under its heading (by geometry when the
    layout has boxes, else the next block in reading order), skipping the month axis."""
    head = document.blocks[index]
    if head.bbox is not None:
        below = [
            (_box(b)[1] - _box(head)[3], i) for i, b in enumerate(document.blocks)
            if i != index and b.page == head.page and b.bbox is not None
            and _box(b)[1] >= _box(head)[3] - 2 and _overlap(head, b) > 0.5
            and not _is_month_axis(document.block_text(b), lang)
        ]
        if not below:
            return None
        _, nearest = min(below)
        if nearest in headings:
            return None
        return " ".join(document.block_text(document.blocks[nearest]).split())
    for i in range(index + 1, len(document.blocks)):
        block = document.blocks[i]
        text = document.block_text(block)
        if _is_month_axis(text, lang):
            continue
        if block.role == "heading":
            return None
        return " ".join(text.split())
    return None


def _box(block: "Block") -> BBox:
    """The box of a block the caller knows has one (a PDF's)."""
    assert block.bbox is not None
    return block.bbox


def _overlap(a: "Block", b: "Block") -> float:
    """Horizontal overlap of two boxes, as a share of the narrower one."""
    narrower = min(_box(a)[2] - _box(a)[0], _box(b)[2] - _box(b)[0]) or 1.0
    return max(0.0, x_overlap(_box(a)[0], _box(a)[2], _box(b)[0], _box(b)[2])) / narrower


def events(document: "Document", matches: list["DateMatch"], lang: str = "fr") -> dict[int, str | None]:
    """Match start offset → entry text, for the day headings of timeline pages."""
    headings = _day_headings(document, matches)
    groups: dict[tuple, list[int]] = {}
    for index in headings:
        groups.setdefault(_timeline_group(document, index), []).append(index)
    events = {}
    for members in groups.values():
        if len(members) < TIMELINE_MIN_ENTRIES:
            continue
        for index in members:
            events[headings[index].start] = _entry_text(document, index, set(headings), lang)
    events.update(_dated_list(document, matches))
    events.update(_dated_rows(document, matches))
    return events


#: a date cell and its event cell: the event's top within this many font sizes of the date's
ROW_TOLERANCE = 0.6


def _dated_rows(document: "Document", matches: list["DateMatch"]) -> dict[int, str]:
    """Match start offset → entry text, for a timeline set as a table of two columns (date |
    event): at least ``TIMELINE_MIN_ENTRIES`` blocks of one section that are each a day and
    nothing else, each with a block just right of it on its row (the event, read whole)."""
    groups: dict[str | None, dict[int, str]] = {}
    for m in matches:
        if m.granularity not in ("day", "period") or m.first.month != m.last.month:
            continue
        cell = document.block_at(m.start)
        if cell is None or cell.bbox is None or " ".join(document.block_text(cell).split()) != " ".join(m.raw.split()):
            continue
        size = cell.size or 10.0
        beside = [b for b in document.blocks if b.page == cell.page and b.bbox is not None and b.role != "heading"
                  and abs(_box(b)[1] - _box(cell)[1]) <= ROW_TOLERANCE * size and _box(b)[0] >= _box(cell)[2]]
        if beside:
            event = min(beside, key=lambda b: _box(b)[0])
            groups.setdefault(document.section_index().at(m.start), {})[m.start] = " ".join(
                document.block_text(event).split())
    return {start: event for entries in groups.values() if len(entries) >= TIMELINE_MIN_ENTRIES
            for start, event in entries.items()}


#: a list entry that opens with a day and a separator ("• 14 JUIN : Convention ...")
_LIST_MARK = regex.compile(r"^[›•▪◦●■–>\-]\s+")
_ENTRY_SEPARATOR = regex.compile(r"^\s*[:–—-]\s*")


def _dated_list(document: "Document", matches: list["DateMatch"]) -> dict[int, str]:
    """Match start offset → entry text, for a timeline set as a list: at least
    ``TIMELINE_MIN_ENTRIES`` list entries of one section that each open with a day and a
    separator; the entry's text after the separator is its event."""
    groups: dict[str | None, dict[int, str]] = {}
    for m in matches:
        if m.granularity not in ("day", "period") or m.first.month != m.last.month:
            continue
        block = document.block_at(m.start)
        if block is None or block.role != "list":
            continue
        text = document.text[block.start:block.end]
        mark = _LIST_MARK.match(text)
        if mark is None or block.start + mark.end() != m.start:
            continue
        rest = text[m.end - block.start:]
        separator = _ENTRY_SEPARATOR.match(rest)
        if separator is None:
            continue
        groups.setdefault(document.section_index().at(m.start), {})[m.start] = " ".join(rest[separator.end():].split())
    return {start: event for entries in groups.values() if len(entries) >= TIMELINE_MIN_ENTRIES
            for start, event in entries.items()}


# -- a column of months -------------------------------------------------------------------------
def month_labels(document: "Document", month_number: Callable[[str], int | None],
                 lang: str = "fr") -> list[tuple[int, list[str]]]:
    """A timeline of months ("MARS", "AVRIL", "JUILLET 2020" down the middle of a page of
    events): on one page, at least ``TIMELINE_MIN_ENTRIES`` blocks that are each nothing but a
    month, stacked in one column in calendar order. Each text block of the page from the first
    label down belongs to the last label whose top is above its own (within a label's height):
    its event. (label block index, its events' texts, top to bottom then left to right), in
    page order; a month alone is no date of its own elsewhere ("JANVIER FÉVRIER MARS" is an
    axis, a month heading with no column of others a heading). ``month_number``: a month
    word's number (``dates.month_number``: this module is below the dates')."""
    label = _month_label(lang)
    pages: dict[int, list[int]] = {}
    for i, b in enumerate(document.blocks):
        if b.bbox is not None and b.page is not None and label.fullmatch(" ".join(document.block_text(b).split())):
            pages.setdefault(b.page, []).append(i)
    out = []
    for page, members in sorted(pages.items()):
        column = _stacked_in_order(document, sorted(members, key=lambda i: _box(document.blocks[i])[1]), month_number)
        if column is not None:
            out.extend(_with_events(document, page, column))
    return out


@functools.lru_cache(maxsize=None)
def _month_label(lang: str) -> regex.Pattern:
    return regex.compile(rf"{word_alternation(_month_words(lang))}(?:\s+(?:19|20)\d\d)?", regex.IGNORECASE | regex.V1)


def _stacked_in_order(document: "Document", labels: list[int],
                      month_number: Callable[[str], int | None]) -> list[int] | None:
    """``labels`` (top to bottom) when they make a column of months in calendar order: each
    under the one before, overlapping it across, its (year, month) later."""
    if len(labels) < TIMELINE_MIN_ENTRIES:
        return None
    previous = None
    for i in labels:
        block = document.blocks[i]
        month, *year = document.block_text(block).split()
        number = month_number(month)
        if number is None:
            return None
        when = (int(year[0]) if year else 0, number)
        if previous is not None:
            above, before = previous
            if not (_box(block)[1] >= _box(above)[3] and _overlap(above, block) > 0 and when > before):
                return None
        previous = (block, when)
    return labels


#: a block that holds a word is an event (not a page number, not a bullet)
_WORD = regex.compile(r"\p{L}{3,}")


def _with_events(document: "Document", page: int, labels: list[int]) -> list[tuple[int, list[str]]]:
    tops = [_box(document.blocks[i])[1] for i in labels]
    height = max(_box(document.blocks[i])[3] - _box(document.blocks[i])[1] for i in labels)
    events: dict[int, list[tuple[float, float, str]]] = {i: [] for i in labels}
    for j, b in enumerate(document.blocks):
        if b.page != page or b.bbox is None or j in events or _box(b)[1] + height < tops[0]:
            continue
        text = " ".join(document.block_text(b).split())
        if _WORD.search(text):
            k = max(k for k, top in enumerate(tops) if top <= _box(b)[1] + height or k == 0)
            events[labels[k]].append((_box(b)[1], _box(b)[0], text))
    return [(i, [text for _, _, text in sorted(events[i])]) for i in labels]
