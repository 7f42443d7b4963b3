"""The schema of each rule file of ``extractor/patterns/``: one dataclass per mapping.

``rules.load`` builds these from the YAML and refuses a file with an unknown key, a missing
key or a value of the wrong type. An optional key is a field whose default is ``None``.

``Node`` also reads like the mapping it was built from (``node["key"]``, ``node.get(key)``,
``key in node``: the keys the file gives), so that code reading rules by key and code reading
them by attribute see the same data.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Node", "Rule", "RuleList", "AcronymRules", "DateRules", "FigureRules", "LayoutRules",
    "NlpRules", "OrganisationRules", "QualityRules", "RepairRules", "TableRules",
]


_FIELD_NAMES: dict[type, frozenset[str]] = {}


def _field_names(cls: type) -> frozenset[str]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in dataclasses.fields(cls))
    return names


@dataclass(frozen=True, kw_only=True)
class Node:
    """A mapping of a rule file; a field left ``None`` is a key the file does not give."""

    def keys(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self) if getattr(self, f.name) is not None]

    def items(self) -> list[tuple[str, Any]]:
        return [(k, getattr(self, k)) for k in self.keys()]

    def __getitem__(self, key: str) -> Any:
        # read on every rule lookup of the extractors: no list of keys built per call
        value = getattr(self, key) if key in _field_names(type(self)) else None
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return key in _field_names(type(self)) and getattr(self, key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def get(self, key: str, default: Any = None) -> Any:
        value = getattr(self, key, None)
        return default if value is None else value


@dataclass(frozen=True, kw_only=True)
class Rule(Node):
    """A named regex: the name goes into the records it produces."""

    name: str
    pattern: str


@dataclass(frozen=True, kw_only=True)
class RuleList(Node):
    rules: list[Rule]


# -- acronyms -------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class ColumnRule(Rule):
    top_tolerance: float  #: in font sizes
    max_gap: float  #: in font sizes


@dataclass(frozen=True, kw_only=True)
class ColumnRules(Node):
    rules: list[ColumnRule]


@dataclass(frozen=True, kw_only=True)
class InlineRules(Node):
    acronym_shape: str
    rules: list[Rule]
    trailing: RuleList
    #: the words that open a complement run on past a long form's last letter ("avant impôts")
    complement_openers: list[str]
    #: at most this many words, the opener included
    complement_words: int


@dataclass(frozen=True, kw_only=True)
class UndefinedRules(Node):
    rules: list[Rule]
    onsets: list[str]
    #: web and mail addresses, whose lower-case words are no words of the text
    addresses: str
    roman_numeral: str
    not_acronyms: list[str]


@dataclass(frozen=True, kw_only=True)
class AcronymRules(Node):
    glossary_headings: RuleList
    glossary_entries: RuleList
    glossary_columns: ColumnRules
    inline: InlineRules
    function_words: list[str]
    #: adjectives set before their noun: a long form may start after one, and one heads none
    preposed_adjectives: list[str]
    undefined: UndefinedRules
    kinds: dict[str, list[str]]
    #: national bodies' acronyms (in capitals) and long forms, for acronyms a report does not define
    known_bodies: dict[str, str]


# -- dates ----------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class DateParts(Node):
    day: str
    year: str
    sp: str


@dataclass(frozen=True, kw_only=True)
class YearParts(Node):
    units: dict[str, int]
    ranks: dict[str, int]


@dataclass(frozen=True, kw_only=True)
class OpenMarkers(Node):
    sides: dict[str, str]
    filler: str


@dataclass(frozen=True, kw_only=True)
class DateRule(Rule):
    kind: str
    context: bool | None = None
    case_sensitive: bool | None = None
    year_offset: int | None = None
    consecutive: bool | None = None  #: kept only when the years it lists follow each other


@dataclass(frozen=True, kw_only=True)
class DateRules(Node):
    parts: DateParts
    months: list[str]
    qualifiers: dict[str, str]
    year_parts: YearParts
    open_markers: OpenMarkers
    rules: list[DateRule]


# -- figures --------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class NumberRule(Rule):
    verbose: bool | None = None


@dataclass(frozen=True, kw_only=True)
class NumberRules(Node):
    rules: list[NumberRule]
    #: a sign right after a count that says "or more" ("40+ bénévoles")
    at_least_after: str


@dataclass(frozen=True, kw_only=True)
class DecimalMark(Node):
    #: a number only this mark explains ("1.5%" for the point, "12,5" for the comma)
    evidence: str
    #: the digits rule of a document with this mark, read before ``numbers.rules``
    digits: NumberRule


@dataclass(frozen=True, kw_only=True)
class DecimalMarkRules(Node):
    comma: DecimalMark
    point: DecimalMark


@dataclass(frozen=True, kw_only=True)
class ScaleRule(Rule):
    factor: float
    unit: str | None = None


@dataclass(frozen=True, kw_only=True)
class ScaleRules(Node):
    rules: list[ScaleRule]


@dataclass(frozen=True, kw_only=True)
class UnitRule(Rule):
    unit: str


@dataclass(frozen=True, kw_only=True)
class UnitRules(Node):
    rules: list[UnitRule]
    #: a unit said before the number, matched right before it (and its approximation words)
    before: list[UnitRule]


@dataclass(frozen=True, kw_only=True)
class ApproxRule(Rule):
    approx: str
    after: bool | None = None
    #: an ``after`` rule read from the number's start: its words may sit inside the unit the
    #: number took ("50 000 euros et plus par an")
    within: bool | None = None


@dataclass(frozen=True, kw_only=True)
class ApproxRules(Node):
    rules: list[ApproxRule]


@dataclass(frozen=True, kw_only=True)
class PreviousRules(Node):
    rules: list[Rule]
    openers: list[str]
    without_year: list[str]
    change_verbs: list[str]


@dataclass(frozen=True, kw_only=True)
class NotFigureRule(Rule):
    where: str
    digits: int | None = None
    max_digits: int | None = None
    raw_pattern: str | None = None
    block_start: bool | None = None
    units: list[str] | None = None
    and_after: str | None = None
    except_roles: list[str] | None = None  #: layout roles of blocks the rule does not hold in


@dataclass(frozen=True, kw_only=True)
class NotFigureRules(Node):
    rules: list[NotFigureRule]


@dataclass(frozen=True, kw_only=True)
class TimeTaken(Node):
    before: str
    units: list[str]
    word: str


@dataclass(frozen=True, kw_only=True)
class LabelRules(Node):
    skip: list[str]
    links: list[str]
    # YAML 1.1 reads the bare word `on` of this list as true; it has always been read so
    # (as "true"), and quoting it would change which labels are cut: left as it is
    stop: list[str | bool]
    joining: list[str]  #: a card title that only joins key figures to the one above ("dont")
    clause_openers: list[str]
    #: a verb tying a subject to the count after "de" ("l'objectif est de 40 stagiaires")
    copulas: list[str]
    #: the copulas after a count whose predicate tells which members it counts ("sont")
    plural_copulas: list[str]
    #: words that open a date with its year after them ("fin 2021"): they end a label
    date_openers: list[str]
    #: the endings of a past participle (the tagger's word for one is checked against it)
    participle: str
    occurrences: list[str]
    time_taken: TimeTaken
    part_of: str
    #: a number after "soit" restates the figure before it ("6 %, soit 120 agents")
    restated: str
    coordinated: str
    #: a figure compared with the one before it ("12,3 %, supérieur à 12 %") measures the same
    compared: str
    coordinators: list[str]
    prepositions: list[str]
    #: what a figure excludes or includes, said right after it ("2,4 % en excluant …")
    qualifier_after: str
    #: between two members told apart by their years, who share the qualifier after the last
    qualifier_shared: str
    #: the year said right after a member ("7,5 % en 2020")
    member_year: str
    #: "d'un montant de", "d'une durée de" … right before a number (``measure_nouns``)
    measured_by: str
    measure_nouns: list[str]
    #: what introduces the agent of a passive participle ("par")
    agent_links: list[str]
    #: a link that, before an infinitive, says what a number is for ("pour accompagner")
    purpose_links: list[str]
    #: words after "par" that make a locution, not what an amount is counted per ("par rapport")
    not_per: list[str]
    #: words after which the noun phrase a number measures starts (an indefinite article)
    phrase_openers: list[str]
    #: past participles that take their complement with "de" ("composé de 12 membres")
    participles_with_de: str
    generic: list[str]
    #: the rest of a card or table-row caption after its label that still belongs to it
    caption_tail: str
    #: a band of ages or durations named by its bounds ("35-50 ans") is a label, bounds and all
    band_nouns: list[str]
    band_bounds: str
    #: what ties a figure to the noun before it as its complement ("des contrats de plus de")
    complement_figure: str
    amount: str
    dangling: list[str]
    max_words: int
    #: a change word right before a number ("en hausse de"): the figure states a change
    change_before: str
    #: a change in words with its size in parentheses after them ("en hausse (+ 6 %)")
    change_aside: str
    #: a change named before what changed ("une hausse du nombre d'adhérents de 3 %")
    change_first: str
    #: the change word of a signed number set under a key figure
    delta: str
    #: a passive verb after the counted noun: its participle joins the label
    passive: str


@dataclass(frozen=True, kw_only=True)
class CardRules(Node):
    #: a text conversion's short block that opens with a number is a key-figure card
    opens_with_number: str


@dataclass(frozen=True, kw_only=True)
class DashSeparator(Node):
    #: the text before a spaced dash that makes it a separator
    before: str
    #: ... unless it ends with a word after which a value is signed
    sign_after: str


@dataclass(frozen=True, kw_only=True)
class DollarRules(Node):
    #: the unit a "$" or "dollars" is read as until the document says which dollar
    placeholder: str
    #: the dollar of a document that names no country
    default: str
    #: each country's dollar and the words that say a document is about that country
    countries: list[UnitRule]


@dataclass(frozen=True, kw_only=True)
class CurrencyRules(Node):
    #: the unit an amount without a printed currency is read as until the document says
    placeholder: str
    #: the currency of a document that prints none
    default: str
    rules: list[UnitRule]
    #: words of a page saying that its bare numbers are money (a table of accounts)
    amount_words: str | None = None
    #: ... for the bare numbers at least this large
    amount_min: float | None = None
    #: words before an amount in millions that counts nothing, saying it is money
    scaled_amount_words: str | None = None


@dataclass(frozen=True, kw_only=True)
class MaskRule(Node):
    """What is blanked out before numbers are searched (a URL, a phone number)."""

    pattern: str
    #: a regex that every match of ``pattern`` contains, for a pattern whose matches hold no
    #: space: ``pattern`` then runs only over the runs of non-space characters this one finds
    #: (on a long text, the few words holding a dot and a domain instead of every word)
    holds: str | None = None


@dataclass(frozen=True, kw_only=True)
class FigureRules(Node):
    numbers: NumberRules
    decimal_mark: DecimalMarkRules
    dash_separator: DashSeparator
    number_words: dict[str, int]
    article_words: list[str]
    vague_numbers: dict[str, int]
    fractions: dict[str, float]
    scales: ScaleRules
    units: UnitRules
    dollar: DollarRules
    currency: CurrencyRules
    approx: ApproxRules
    as_of: RuleList
    months: list[str]
    previous: PreviousRules
    target: RuleList
    not_figures: NotFigureRules
    skip_sections: list[str]
    masks: list[MaskRule]
    label: LabelRules
    cards: CardRules


# -- layout ---------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class LayoutRules(Node):
    #: a block whose whole text is a value ("plus de 12 %"): a key figure's value block
    value_block: str


@dataclass(frozen=True, kw_only=True)
class Overprint(Node):
    tolerance: float


@dataclass(frozen=True, kw_only=True)
class DropCap(Node):
    size_ratio: float
    reach: float


@dataclass(frozen=True, kw_only=True)
class Ligatures(Node):
    replacement: list[str]
    after_f: list[str]
    max_slots: int


@dataclass(frozen=True, kw_only=True)
class RepairRules(Node):
    overprint: Overprint
    drop_cap: DropCap
    ligatures: Ligatures


@dataclass(frozen=True, kw_only=True)
class Geometry(Node):
    row_tolerance: float
    cell_gap: float
    word_gap: float
    row_gap: float
    text_row_gap: float
    #: a data row under a grid's cells goes on up to this many times its widest row spacing
    rhythm: float
    #: in a table, a gap this wide after a leading number parts it from the words after it
    value_gap: float


@dataclass(frozen=True, kw_only=True)
class PerRules(Node):
    rules: list[UnitRule]


@dataclass(frozen=True, kw_only=True)
class TableUnits(Node):
    quantity_in_header: str
    total_row: str
    rules: list[UnitRule]
    currencies: list[str]
    per: PerRules


@dataclass(frozen=True, kw_only=True)
class TableScales(Node):
    per_unit_row: str
    rules: list[ScaleRule]


@dataclass(frozen=True, kw_only=True)
class LatticeRules(Node):
    """Ruled tables (``layout.lattice``): rules within ``tolerance`` points share a position
    and touch; a grid is a table from ``min_rows`` x ``min_columns`` with ``min_filled`` cells
    of text."""

    tolerance: float
    min_rows: int
    min_columns: int
    min_filled: int
    bullets: str
    subcolumn_gap: float


@dataclass(frozen=True, kw_only=True)
class TableRules(Node):
    geometry: Geometry
    lattice: LatticeRules
    min_rows: int
    max_text_rows: int
    prose_words: int
    strip_from_values: str
    negative_in_parentheses: str
    max_section_lines: int
    caption_rows: int
    unit_statement: str
    scales: TableScales
    units: TableUnits
    identifier_columns: list[str]
    indicator_code: str


# -- nlp and organisations ------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class NlpRules(Node):
    ner: RuleList
    margin_tokens: int


@dataclass(frozen=True, kw_only=True)
class TokenRule(Node):
    """A spaCy ``EntityRuler`` token pattern (a list of token specifications)."""

    name: str
    pattern: list[dict[str, Any]]
    canonical: str | None = None


@dataclass(frozen=True, kw_only=True)
class OrganisationNer(Node):
    heads: list[str]
    max_words: int


@dataclass(frozen=True, kw_only=True)
class OrganisationNames(Node):
    """Names opening with a head word (``extract.named_organisations``)."""

    heads: list[str]
    scoped_heads: list[str]  #: heads that name a body only with a scope adjective
    lower_case_heads: list[str]  #: heads also written in lower case in a name
    adjective: str  #: regex of a lower-case adjective
    scope: str  #: regex of an adjective that makes a name of a head with common words only
    local_scope: str  #: regex of an adjective of a territory: a kind of body without a proper word
    connectors: list[str]
    function_words: list[str]
    max_words: int
    legal_forms: list[str]  #: a company's legal form, which closes its name ("SARL", "Inc.")
    legal_form_words: int  #: the most capitalised words before a legal form


@dataclass(frozen=True, kw_only=True)
class OrganisationRules(Node):
    rules: list[TokenRule]
    ner: OrganisationNer
    named: OrganisationNames


# -- quality (label matching, regress, checks) ----------------------------------------------
@dataclass(frozen=True, kw_only=True)
class QualityRules(Node):
    #: words that do not count when two labels are compared (``quality.label_match``)
    function_words: list[str]
    #: a golden label that opens with a number names a key figure (``quality.regress``)
    opens_with_number: str
    #: approximation words that may stand between "dont" and a number (``quality.checks``)
    approx: str


