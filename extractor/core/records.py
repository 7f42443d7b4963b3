"""Typed records with provenance, and the JSON Schema that every output follows."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any

from .geometry import BBox

__all__ = [
    "Previous", "Figure", "DateRecord", "Acronym", "Organisation", "DocumentInfo", "TableCell", "TableRecord",
    "FootnoteCall", "FootnoteRecord",
    "KINDS", "to_dict",
    "schema", "validate"
]


@dataclass
class Previous:
    value: float
    year: int | None
    raw: str


@dataclass
class Figure:
    id: str
    value: float
    unit: str | None  #: ``EUR``, ``%``, ``day``, ``month``, ``year``, compound such as ``EUR/m3``; None = count
    label: str
    raw: str
    approx: str | None  #: None, ``about``, ``more_than``, ``less_than``, ``up_to``, ``at_least``
    as_of: str | None
    previous: list[Previous]
    page: int | None
    bbox: BBox | None
    section: str | None
    context: str
    rule: str  #: name of the pattern rule that produced the record
    target: dict | None = None  #: an objective stated next to the value: {value, op, year, raw}
    key: bool = False  #: read from a key-figure card (a value set large over its caption)
    #: where it was read: ``statement`` (running text), ``key`` (a key-figure card), ``table``
    #: (a table cell), ``chart`` (a value printed on a chart)
    kind: str = "statement"


@dataclass
class DateRecord:
    id: str
    raw: str
    start: str
    end: str
    granularity: str  #: ``day``, ``month``, ``year`` or ``period``
    event: str | None
    page: int | None
    bbox: BBox | None
    section: str | None
    rule: str
    qualifier: str | None = None  #: ``begin``, ``mid``, ``end`` for "début/mi/fin août"
    timeline: bool = False  #: True for entries of a timeline page
    #: ``end`` when the date starts something still running ("depuis le 25 mai 2019"),
    #: ``start`` when it ends something ("jusqu'en 2022"), else None
    open_side: str | None = None
    #: True for a date of a running header or footer ("Rapport annuel 2020-2021" at the foot
    #: of each page): one record on every page that prints it, its event the line
    furniture: bool = False


@dataclass
class Acronym:
    acronym: str
    expansion: str | None
    source: str  #: ``glossary``, ``inline`` or ``undefined``
    page: int | None
    count: int
    kind: str | None = None  #: ``organisation``, ``benefit``, ``law``, ``programme`` or None
    rule: str = ""
    #: the running text's own long form when it differs from the glossary's
    inline_expansion: str | None = None
    #: every definition of the acronym in the report, ``{source, page, expansion, rule}`` in
    #: page order: the glossary's and each in-text one, so that "where is X defined in the
    #: text" has an answer when the glossary also defines X
    definitions: list[dict] = field(default_factory=list)


@dataclass
class Organisation:
    name: str
    acronym: str | None
    mentions: int
    pages: list[int]
    source: str  #: ``glossary``, ``inline``, ``rules``, ``ner`` or ``lexicon`` (a national body the report does not define)


@dataclass
class TableCell:
    """One data cell of a table, with the headers that name it."""

    row: int  #: index in ``TableRecord.rows``
    col: int
    text: str  #: as printed
    value: float | None  #: the number it reads as (accounting parentheses negative), else None
    row_header: str  #: the row-header path ("Charges / Personnel")
    column_header: str  #: the column-header path over the header rows ("Exercice / 2019")
    bbox: list[float] | None  #: (x0, top, x1, bottom), a list as JSON keeps it
    page: int  #: the page it is printed on (a table continued on the next page has cells on both)


@dataclass
class FootnoteCall:
    """Where the text calls a note: the marker set small or raised after a word."""

    page: int
    bbox: list[float] | None
    word: str  #: the word the call annotates ("allocataires")


@dataclass
class FootnoteRecord:
    """A page's footnote with its marker and the calls in the text that refer to it."""

    id: str
    marker: str  #: "1", "*" ("(2)" is given as "2")
    text: str  #: the note without its marker
    page: int
    bbox: list[float] | None
    calls: list[FootnoteCall]


@dataclass
class TableRecord:
    """A table as data: ``rows`` is the grid of texts (header rows first, row-header columns
    first), ``cells`` its data cells with their positions and numbers. ``page`` is where it
    starts, ``pages`` every page it runs over; ``bbox`` is its box on its first page."""

    id: str
    page: int
    pages: list[int]
    bbox: list[float] | None
    title: str | None
    caption: str | None  #: the lines right above it, top to bottom (its unit, its scale)
    header_rows: int
    row_header_cols: int
    rows: list[list[str]]
    cells: list[TableCell]


@dataclass
class DocumentInfo:
    path: str
    sha256: str
    pages: int
    title: str | None
    year: int | None
    language: str
    extractor_version: str
    source: str = "pdf"
    status: str = "ok"  #: ``ok`` or ``no_text``
    repairs: dict[str, int] = field(default_factory=dict)
    #: publication date as printed on the cover (ISO, cut to its precision), when it is; the
    #: year the data describe is ``year``
    published: str | None = None


KINDS = ("figures", "dates", "acronyms", "organisations")


def to_dict(record: Any) -> dict:
    d = asdict(record)
    if "bbox" in d and d["bbox"] is not None:
        d["bbox"] = [float(v) for v in d["bbox"]]
    return d


def schema() -> dict:
    """The JSON Schema of one per-document output (``<name>.json``)."""
    text = resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def validate(payload: dict) -> None:
    """Raise ``jsonschema.ValidationError`` when ``payload`` does not follow the schema."""
    import jsonschema

    jsonschema.validate(payload, schema())
