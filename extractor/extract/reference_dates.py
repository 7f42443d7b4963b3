"""Reference dates: of figures, from the page around them, and of the document, its
publication date from its cover (``publication_date``) and the year its data describe
(``data_year``).

Figures are dated from the page around them: a column header ("2015", "Décembre
2023"), a caption ("… par catégorie en 2001"), a section's year standing alone over its lines
("2023" then "Recettes : + 3878,82 €").

The figure extractors date a figure from its own sentence and, failing that, give it the
report's year. That fallback is wrong wherever the page says otherwise: a table of several
years, a yearly account, a caption naming the year counted. This pass runs after them, over
their records, and replaces only the fallback (an ``as_of`` that is missing or the report's
year) by the date of the nearest *reference block* above the figure:

* a reference block is short (at most ``MAX_WORDS`` words), does not end a sentence, and holds
  exactly one date, a point in time (a day, a month or a year — never a period such as
  "2022-2023", which says the report's span, not the value's date) and no other number
  ("+3 par rapport à 2016" is a comparison);
* it is above the figure on its page, and either over it (a column header: their horizontal
  extents overlap) or starts left of it (a heading or caption of what follows);
* the figure is not in a paragraph of running text (its sentences date it, not a heading);
* the nearest such block wins, one over the figure before one of the same row further left;
  a block with no date between them does not stop it (rows of a
  table sit between a header and a cell).
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from ..core.document import Block, Document, report_year
from ..core.records import Figure
from .dates import find_dates

__all__ = ["MAX_WORDS", "PARAGRAPH_WORDS", "COVER_PAGES", "Reference", "reference_blocks", "reference_for", "apply", "publication_date",
           "data_year"]

#: a heading, caption or column header is short; a line of running text is not a reference
MAX_WORDS = 12
#: a block longer than this is running text, whose figures its own sentences date
PARAGRAPH_WORDS = 40
_TOLERANCE = 1.0  #: points: a header's bottom may touch the row under it
_ROW = 6.0  #: points: headers of one row differ by less in height
#: a publication date is printed on the cover or the page after it
COVER_PAGES = 2
#: words before a date that make it the date of the data, not of the document ("Au 1er
#: septembre 2024", "situation du 31 mai")
_AS_OF_WORD = regex.compile(r"(?i)(?:\b(?:au|du|à|depuis|jusqu'au|jusqu’au)|\bfin)\s*$")


@dataclass(frozen=True)
class Reference:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    as_of: str  #: ISO date cut to its printed precision


@functools.lru_cache(maxsize=4096)  # the figures of a table share their column headers
def _date_of(text: str, alone: bool = True) -> str | None:
    """The one point-in-time date of a short, sentence-less text, or None; ``alone``: with no
    other number beside it."""
    if len(text.split()) > MAX_WORDS or text.rstrip().endswith((".", ";", "!", "?")):
        return None
    found = find_dates(text, None)
    if len(found) != 1 or found[0].granularity == "period":
        return None
    if alone and any(c.isdigit() for c in text[: found[0].start] + text[found[0].end :]):
        return None  # "+3 par rapport à 2016" states a figure: a comparison, not a header
    start, end = found[0].iso()
    return start if start == end else None


def reference_blocks(document: Document) -> list[Reference]:
    """Every block of the document that dates what is under or right of it."""
    out = []
    for block in document.blocks:
        if block.bbox is None or block.page is None:
            continue
        as_of = _date_of(document.block_text(block))
        if as_of:
            out.append(Reference(block.page, *block.bbox, as_of=as_of))
    return out


def reference_for(figure: Figure, references: Iterable[Reference]) -> str | None:
    """The date of the nearest reference block above ``figure`` (see the module's rules)."""
    if figure.bbox is None or figure.page is None:
        return None
    x0, top, x1, _ = figure.bbox
    best: tuple[float, str] | None = None
    for r in references:
        if r.page != figure.page or r.bottom > top + _TOLERANCE:
            continue
        over = r.x0 < x1 and x0 < r.x1
        if not (over or r.x0 <= x0):
            continue
        # a header over the figure wins over one of the same row further left
        distance = top - r.bottom + (0.0 if over else _ROW)
        if best is None or distance < best[0]:
            best = (distance, r.as_of)
    return best[1] if best else None


def _label_date(figure: Figure) -> str | None:
    """The date the figure's own label names ("Encours de la dette — 31/12/2021"), else the
    year one of its row headers is ("Dons / 2022 / Cotisations des membres — Recettes":
    a table whose rows are grouped by year)."""
    if not figure.label:
        return None
    # the column part of a table cell's label, or the whole label; an indicator code beside
    # the date ("Montant au 01/01/23 (D204.0)") does not make it a comparison
    rows, _, column = figure.label.rpartition("—")
    named = _date_of(column, alone=False)
    if named or not rows:
        return named
    return next((part.strip() for part in rows.split(" / ") if _YEAR_ALONE.fullmatch(part.strip())), None)


#: a row header that is a year and nothing else
_YEAR_ALONE = regex.compile(r"(?:19|20)\d\d")


def apply(figures: list[Figure], document: Document, year: int | None) -> list[Figure]:
    """``figures`` with their reference dates read from the page (in place; returned for
    chaining). A date in the figure's label (a table cell's column header) makes a year more
    precise ("2021" under "31/12/2021") or replaces the report-year fallback; without one,
    the fallback gives way to the nearest reference block above. A figure dated by its own
    sentence keeps its date."""
    fallback = {None, str(year) if year else None}
    references: list[Reference] | None = None
    on_page: dict[int | None, list[Block]] = {}  # the blocks of each page, for _in_paragraph
    for block in document.blocks:
        on_page.setdefault(block.page, []).append(block)
    for f in figures:
        named = _label_date(f)
        if named and f.as_of not in fallback:
            f.as_of = _finer(f.as_of, named)
        elif f.as_of in fallback:
            if references is None:
                references = reference_blocks(document)
            page = None if _in_paragraph(f, document, on_page.get(f.page, [])) else reference_for(f, references)
            # a table cell's column header is its own date; a statement's or card's label may
            # name the month of a day printed above ("janvier 2024" under "au 1er janvier 2024")
            f.as_of = (named if f.kind == "table" else _finer(named, page)) if named else (page or f.as_of)
    return figures


def _in_paragraph(figure: Figure, document: Document, blocks: list[Block]) -> bool:
    """The figure is in a paragraph of running text: its sentences date it, not a heading
    ("Organigramme … au 1er mars 2020" over "Au 31 décembre 2019, … 21% sont des employés");
    ``blocks``: those of its page, in document order."""
    if figure.bbox is None:
        return False
    x, y = (figure.bbox[0] + figure.bbox[2]) / 2, (figure.bbox[1] + figure.bbox[3]) / 2
    for block in blocks:
        if block.bbox is not None and block.bbox[0] <= x <= block.bbox[2] and block.bbox[1] <= y <= block.bbox[3]:
            return len(document.block_text(block).split()) > PARAGRAPH_WORDS
    return False


def _finer(date: str | None, other: str | None) -> str | None:
    """``other`` where it says ``date`` more precisely ("2021" -> "2021-12-31"), else ``date``."""
    if date and other and len(other) > len(date) and other.startswith(date):
        return other
    return date


def publication_date(document: Document) -> str | None:
    """The date the document was published, as printed on its cover: the first short block of
    its first pages holding one date to the day or month ("FÉVRIER 2024", "02/03/2025",
    "Présenté le 25 septembre 2023", "Version 1 – 27/07/2023"), not one the data are "au";
    else such a date in the running header or footer of those pages (an edition's date)."""
    texts = [document.block_text(b) for b in document.blocks if b.page is not None and b.page <= COVER_PAGES]
    texts += [f.text for f in document.furniture if f.page <= COVER_PAGES and f.kind != "page_number"]
    for text in texts:
        if len(text.split()) > 8:
            continue
        found = find_dates(text, None)
        if len(found) == 1 and found[0].granularity in ("day", "month") \
                and not _AS_OF_WORD.search(text[: found[0].start]):
            return found[0].iso()[0]
    return None


def data_year(document: Document) -> int | None:
    """The year the report's data describe: the end of a span of years its title or first
    headings give ("Rapport d'activité 2013/2022", "Analyse financière des exercices 2018 à
    2022", "Rapport annuel 2022-2023": the last year is the one reported on), else the
    report's own year (``report_year``). A span of months ("mars 2018 - mars 2019", a season)
    is not a span of years: the report's year stays its first."""
    heads = [document.title] + [document.block_text(h) for h in document.headings()[:3]]
    for text in filter(None, heads):
        for m in find_dates(text, None):
            if m.granularity == "period" and m.precision == ("year", "year") and m.first.year < m.last.year:
                return m.last.year
    return report_year(document)
