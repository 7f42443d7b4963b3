"""Running headers, footers and page numbers: found, removed from the body, kept as metadata.

A line is furniture when it sits in the top or bottom margin band of its page and the same
text (digits ignored) comes back at about the same height on many pages, or when it is a lone
page number in a margin band: where other pages have other numbers at that height (page
numbers change from page to page: the same year set atop several pages is their title), or
near the page's place in the file. Some page styles (LaTeX's plain one) set the page number above
the margin band, under the text: a lone number that is the lowest line of its page, at the
same height on many pages, is a page number too.
"""
from __future__ import annotations

from collections import defaultdict

import regex

from ..core.document import Furniture
from .lines import Line

__all__ = ["MARGIN", "MIN_SHARE", "MIN_PAGES", "find_furniture", "as_records"]

MARGIN = 0.09  #: share of the page height, top and bottom, where furniture lives
MIN_SHARE = 0.3  #: a running line appears on at least this share of the pages …
MIN_PAGES = 3  #: … and on at least this many
_DIGITS = regex.compile(r"\d+")
_PAGE_NUMBER = regex.compile(r"^(?:page\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?$", regex.I)
#: a page's printed number is at most this far from its place in the file (covers and front
#: matter go unnumbered)
PAGE_SHIFT = 10


def _running(found: set[tuple[int, str]]) -> bool:
    """Numbers at one height of several pages that change from page to page: page numbers,
    one a page, or two that follow each other (the facing pages of a spread, "12" and "13")."""
    per_page: dict[int, set[str]] = defaultdict(set)
    for page, text in found:
        per_page[page].add(text)
    return len(per_page) >= 2 and len({text for _, text in found}) >= 2 and all(
        len(texts) == 1 or _facing(texts) for texts in per_page.values())


def _facing(texts: set[str]) -> bool:
    numbers = sorted(map(_folio, texts))
    return len(numbers) == 2 and numbers[1] == numbers[0] + 1


def _near_page(text: str, number: int) -> bool:
    """Is the page number of ``text`` near ``number``, the page's place in the file?"""
    return abs(_folio(text) - number) <= PAGE_SHIFT


def _folio(text: str) -> int:
    """The page number a margin line reads as ("12", "Page 12", "12 / 40": 12)."""
    return int(_DIGITS.search(text).group())


def _key(line: Line) -> tuple[str, int]:
    text = _DIGITS.sub("#", " ".join(line.text.lower().split()))
    return text, round(line.top / 6)


def find_furniture(pages: list[tuple[int, float, list[Line]]]) -> dict[int, list[tuple[Line, str]]]:
    """``{page: [(line, kind)]}`` for every furniture line; ``pages`` is (number, height, lines)."""
    seen: dict[tuple[str, int], set[int]] = defaultdict(set)
    margins: list[tuple[int, Line, bool, tuple[str, int]]] = []  # (page, line, in top band, key)
    folios: list[tuple[int, Line]] = []  # lone numbers under the text, above the margin band
    for number, height, lines in pages:
        lowest = max(lines, key=lambda ln: ln.bottom) if lines else None
        for ln in lines:
            in_top = ln.top < height * MARGIN
            if in_top or ln.bottom > height * (1 - MARGIN):
                key = _key(ln)
                seen[key].add(number)
                margins.append((number, ln, in_top, key))
            elif ln is lowest and _PAGE_NUMBER.match(ln.text.strip()):
                seen[_key(ln)].add(number)
                folios.append((number, ln))
    threshold = max(MIN_PAGES, MIN_SHARE * len(pages))
    numbers: dict[tuple[str, int], set[tuple[int, str]]] = defaultdict(set)  # (page, text) at each height
    for number, ln, _, key in margins:
        if _PAGE_NUMBER.match(ln.text.strip()):
            numbers[key].add((number, ln.text.strip()))
    found: dict[int, list[tuple[Line, str]]] = defaultdict(list)
    for number, ln, in_top, key in margins:
        if _PAGE_NUMBER.match(ln.text.strip()) and (_running(numbers[key]) or _near_page(ln.text, number)):
            found[number].append((ln, "page_number"))
        elif len(pages) >= MIN_PAGES and len(seen[key]) >= threshold:
            found[number].append((ln, "header" if in_top else "footer"))
    for number, ln in folios:
        if len(pages) >= MIN_PAGES and len(seen[_key(ln)]) >= threshold:
            found[number].append((ln, "page_number"))
    return found


def as_records(found: dict[int, list[tuple[Line, str]]]) -> list[Furniture]:
    return [
        Furniture(page=page, text=ln.text, bbox=(ln.x0, ln.top, ln.x1, ln.bottom), kind=kind)
        for page in sorted(found) for ln, kind in found[page]
    ]
