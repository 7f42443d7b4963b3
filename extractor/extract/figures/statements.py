"""Key figures: every number of a report as a labelled, unit-aware, traceable ``Figure``.

The method is rule-based, in the manner of facebook/duckling (rules as data, one named rule
per surface form, a corpus of positive and negative examples) with the number grammar in
``core.numbers``. Around each number this module reads, from ``patterns/figures/fr.yaml``:

* what is **not** a figure (years, dates, references such as ``l'article 37``, postcodes,
  numbers inside short quoted names, page references of the table of contents);
* the **approximation** word before it (``près de``, ``plus d'``, ``jusqu'à``);
* **comparisons** after it (``(13,6 millions en 2018)``, ``contre + 450 millions d'euros en
  2018``, ``(comme en 2018)``) and **objectives** (``(Objectif Cog 2019 < 17,5 jours)``);
* its **reference date** (``au 30 juin 2019``, ``en 2019``), else the report's own year;
* its **label**: the noun phrase it counts, read after it ("13,5 millions *d'allocataires*"),
  else the head of its clause before it ("*le nombre de salariés de la Cnaf* était de 1 290").
  Finite verbs, from the spaCy parse when one is given, end a label (``figure_labels``). On
  key-figure cards a generic measure (``bénéficiaires``, an amount) is prefixed with the
  card's title, and a statement left open on one card ("35 770 salariés dont") continues on
  the next (``cards``).

``extract(document, sdoc, year)`` is what the pipeline calls; ``extract_text(text, year)``
runs the same on a plain string; ``make_component`` is the thin spaCy component.
"""
from __future__ import annotations

import dataclasses
import functools
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

import regex

from ...core import rules
from ...core.document import WORD, Block, Document
from ...core.numbers import Quantity, find_quantities
from ...core.records import Figure, Previous
from ...core.text import LETTER, STATEMENT_END, compiled
from ...layout.markdown import read_text
from ...layout.table_grid import Placed, placed
from ...layout.tables import Table, capitals, tables
from . import currency
from . import table_cells as table_figures
from .cards import LIST_MARK, card_title, dangles, is_card, is_key_figure_at, join_cards
from .labels import (
    Parse,
    change_aside,
    change_before,
    change_named_first,
    delta_under,
    is_change_word,
    kind_of,
    label_after,
    label_before,
    label_beside,
    layout_label,
    measure_of,
    of_kind,
    phrase_pattern,
    predicate,
    qualified,
    said_of_part,
    settings,
    tokens,
    with_caption_tail,
    with_change,
    without_opening_links,
    word_list,
)
from .ruled_cells import relabel_in_ruled_tables

_SPACES = regex.compile(r"\s+")
_TO = regex.compile(r"\s+à\s+")


@functools.lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    """Month names → numbers (patterns/figures: ``months``)."""
    return {m: i for i, m in enumerate(rules.load("figures")["months"], start=1)}



@dataclass(frozen=True)
class _Rules:
    approx_before: list[tuple[str, "regex.Pattern"]]
    #: (unit, pattern) of the units said before a number
    units_before: list[tuple[str, "regex.Pattern"]]
    #: (approx, pattern, read from the number's start rather than its end)
    approx_after: list[tuple[str, "regex.Pattern", bool]]
    as_of: list["regex.Pattern"]
    previous_in_year: "regex.Pattern"
    previous_same: "regex.Pattern"
    #: an opener of a comparison, as a word of its own ("contre", not the end of "à l'encontre")
    opener: "regex.Pattern"
    without_year: tuple[str, ...]
    change_verbs: frozenset[str]
    target: "regex.Pattern"
    negatives: list[dict]
    skip_sections: tuple[str, ...]


@functools.lru_cache(maxsize=None)
def _rules() -> _Rules:
    data = rules.load("figures")
    approx = data["approx"]["rules"]
    prev = {r["name"]: regex.compile(r["pattern"]) for r in data["previous"]["rules"]}
    negatives = []
    for r in data["not_figures"]["rules"]:
        negatives.append(dict(r, compiled=regex.compile(r["pattern"]),
                              compiled_after=regex.compile(r["and_after"]) if "and_after" in r else None,
                              compiled_raw=regex.compile(r["raw_pattern"]) if "raw_pattern" in r else None))
    return _Rules(
        approx_before=[(r["approx"], regex.compile(r["pattern"])) for r in approx if not r.get("after")],
        approx_after=[(r["approx"], regex.compile(r["pattern"]), bool(r.get("within"))) for r in approx if r.get("after")],
        units_before=[(r["unit"], regex.compile(r["pattern"])) for r in data["units"]["before"]],
        as_of=[regex.compile(r["pattern"]) for r in data["as_of"]["rules"]],
        previous_in_year=prev["previous_in_year"],
        previous_same=prev["previous_same"],
        opener=regex.compile(r"(?i)(?<!\p{L})(?:" + "|".join(regex.escape(o) for o in data["previous"]["openers"]) + ")"),
        without_year=tuple(data["previous"]["without_year"]),
        change_verbs=frozenset(data["previous"]["change_verbs"]),
        target=regex.compile(data["target"]["rules"][0]["pattern"]),
        negatives=negatives,
        skip_sections=tuple(s.lower() for s in data["skip_sections"]),
    )


# -- what is not a figure -------------------------------------------------------------------
_YEAR = regex.compile(r"\d{4}(?![\d.,]|[ \u00a0\u202f]\d)")


def is_year(text: str, q: Quantity) -> bool:
    """A year: four digits from 1900 to 2099, alone or before a unit of years that the layout
    ran on ("2020" then the axis title "Années" of a chart), never "2020 ans" of anything."""
    raw = text[q.start:q.end]
    return (q.rule == "digits" and q.unit in (None, "year") and bool(_YEAR.match(raw))
            and 1900 <= q.value <= 2099)


def not_a_figure(text: str, q: Quantity, block: tuple[int, int] | None = None, role: str | None = None,
                 page_end: Callable[[], int] | None = None) -> str | None:
    """The name of the rule saying that ``q`` is not a figure (a year, a date, a reference,
    a postcode...), or None when it is one. ``role``: the layout role of its block, which a
    rule may be lifted for (``except_roles``: a large value over its caption is a key
    figure's card, whatever the caption's words). ``page_end``: where its page's text ends
    (asked when a rule reads after it); what the rules read after it stops there: the next
    page's heading is not the title of a number in running text."""
    if is_year(text, q):
        return "not_year"
    raw = text[q.start:q.end]
    digits, unit = sum(c.isdigit() for c in raw), q.unit or "count"
    # what the rules read, made when first asked for (asked of every number: a block may be long)
    read: dict[str, str] = {}

    def context(where: str) -> str:
        if where not in read:
            read[where] = _context(text, q, block, where, page_end() if page_end and where in ("after", "around") else None)
        return read[where]

    for rule in _rules().negatives:
        if rule.get("digits") and digits != rule["digits"] or rule.get("units") and unit not in rule["units"]:
            continue
        if rule.get("max_digits") and digits > rule["max_digits"]:
            continue
        if rule["compiled_raw"] is not None and not rule["compiled_raw"].search(raw):
            continue
        if rule.get("block_start") and (not block or text[block[0]:q.start].strip()):
            continue
        if role is not None and role in (rule.get("except_roles") or ()):
            continue
        if rule["compiled"].search(context(rule["where"])) and (
            rule["compiled_after"] is None or rule["compiled_after"].search(context("after"))
        ):
            return rule["name"]
    return None


def _context(text: str, q: Quantity, block: tuple[int, int] | None, where: str, end: int | None = None) -> str:
    """The text a not-a-figure rule reads around ``q``: ``before`` or ``after`` it (60
    characters, and not past ``end``), its ``block``, its ``raw`` text, or ``around`` it (the
    number marked ⟦ ⟧ between the two)."""
    if where == "raw":
        return text[q.start:q.end]
    if where == "before":
        return text[max(0, q.start - 60):q.start]
    if where == "after":
        return text[q.end:min(q.end + 60, len(text) if end is None else end)]
    if where == "block":
        return text[block[0]:block[1]] if block else ""
    if where == "around":
        return f"{_context(text, q, block, 'before')}⟦{text[q.start:q.end]}⟧{_context(text, q, block, 'after', end)}"
    raise KeyError(where)


# -- statements: the sentence, or the chain of cards, a number belongs to --------------------
def _block_span(document: Document, offset: int) -> tuple[int, int]:
    return _span(document, document.block_at(offset))


def _span(document: Document, block: Block | None) -> tuple[int, int]:
    """The offsets of ``block``; the whole text when the offset is in none."""
    return (block.start, block.end) if block else (0, len(document.text))


def _sentence(text: str, start: int, end: int, offset: int) -> tuple[int, int]:
    s, e = start, end
    for m in STATEMENT_END.finditer(text, start, end):
        if m.end() <= offset:
            s = m.end()
        elif m.start() >= offset:
            e = m.start()
            break
    return s, e


def statement(document: Document, q: Quantity) -> tuple[int, int]:
    """Offsets of the sentence around ``q``; a card left open by a dangling word ("dont",
    "pour un montant de") on the block before continues into this one."""
    text = document.text
    bstart, bend = _block_span(document, q.start)
    start, end = _sentence(text, bstart, bend, q.start)
    if q.end > bend:  # the number's scale word sits on the next block
        nstart, nend = _block_span(document, q.end - 1)
        end = _sentence(text, nstart, nend, q.end - 1)[1]
    elif end == bend and text[bstart:bend].rstrip()[-1:].isalpha():
        # a paragraph cut by a column or page break goes on in the next block
        i = document.block_index(bstart)
        nxt = document.blocks[i + 1] if i + 1 < len(document.blocks) else None
        if nxt is not None and nxt.role == "body" and text[nxt.start:nxt.start + 1].islower():
            end = _sentence(text, nxt.start, nxt.end, nxt.start)[1]
    if start == bstart and (i := document.block_index(bstart)) > 0 and not _own_item(text, bstart, q.start):
        prev = document.blocks[i - 1]
        if dangles(document.block_text(prev)) or _continues(document, prev, bstart):
            start = _sentence(text, prev.start, prev.end, prev.end)[0]
    return start, max(end, q.end)


def _own_item(text: str, start: int, offset: int) -> bool:
    """Does the block at ``start`` open as a list item with words of its own before the number
    at ``offset`` ("- Les dons privés sont à 40 %" under "Les recettes se composent de")? Such an item
    states its figure itself: the lead-in that introduces the list does not go on into it
    (an item that is a number, "• 1 200 en CDI" under "3 500 salariés dont", does)."""
    mark = LIST_MARK.match(text, start, offset)
    return mark is not None and LETTER.search(text, mark.end(), offset) is not None


def _continues(document: Document, prev: Block, start: int) -> bool:
    """The block at ``start`` goes on with the paragraph ``prev`` that a column or page break
    cut: both running text, ``prev`` ending on a word, this one opening in lower case at the
    top of the next page or column (on another page, or higher on the page than ``prev``)."""
    block = document.block_at(start)
    if block is None or block.bbox is None or prev.bbox is None or not (prev.role == block.role == "body"):
        return False
    broken = block.page != prev.page or block.bbox[1] < prev.bbox[1]
    return broken and document.block_text(prev).rstrip()[-1:].isalpha() and document.text[start:start + 1].islower()


# -- qualifiers -----------------------------------------------------------------------------
def approx_of(text: str, q: Quantity) -> tuple[str | None, int]:
    """(approx, start of the approximation words) for ``q``."""
    before = " ".join(text[max(0, q.start - 40):q.start].split(" ")).replace("\n", " ")
    before = _SPACES.sub(" ", before)
    if before and text[q.start - 1:q.start].isspace() and not before.endswith(" "):
        before += " "
    for approx, pattern in _rules().approx_before:
        m = pattern.search(before)
        if m:
            return approx, q.start - (len(before) - m.start())
    for approx, pattern, within in _rules().approx_after:
        if pattern.search(text[q.start if within else q.end:q.end + 20]):
            return approx, q.start
    return q.approx, q.start


def dates_in(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of every reference date ("au 30 juin 2019", "en 2019")."""
    found = []
    for pattern in _rules().as_of:
        for m in pattern.finditer(text, start, end):
            if any(s <= m.start() < e for s, e, _ in found):
                continue
            iso = m.group("year")
            month = m.groupdict().get("month")
            if month:
                iso += f"-{_months()[month.lower()]:02d}"
            day = m.groupdict().get("day")
            if day:
                iso += f"-{1 if day.lower().endswith('er') else int(day):02d}"
            found.append((m.start(), m.end(), iso))
    return sorted(found)


def comparisons(text: str, q: Quantity, start: int, end: int, free: list[Quantity],
                starts: list[int] | None = None) -> tuple[list[Previous], dict | None, list[tuple[int, int]]]:
    """Earlier values and an objective stated after ``q`` up to ``end``: (previous, target,
    consumed spans). ``free`` are the other candidate figures, in text order (``starts``: their
    starts, when the caller has them)."""
    r = _rules()
    previous: list[Previous] = []
    target = None
    consumed: list[tuple[int, int]] = []
    pos = q.end
    if starts is None:
        starts = [f.start for f in free]
    later = free[bisect_left(starts, q.end):bisect_left(starts, end)]
    while pos < end:
        nxt = next((f for f in later if f.start >= pos), None)
        limit = nxt.start if nxt else end
        gap = text[pos:limit]
        same = r.previous_same.search(gap)
        if same:
            previous.append(Previous(q.value, int(same.group("year")), same.group(0).strip(" ()")))
            consumed.append((pos + same.start(), pos + same.end()))
            pos += same.end()
            continue
        t = r.target.search(gap)
        if t and nxt:
            op = {":": "=", "≤": "<=", "≥": ">="}.get(t.group("op"), t.group("op"))
            close = text.find(")", nxt.end, end)
            raw_end = close + 1 if close != -1 else nxt.end
            target = {"value": nxt.value, "op": op, "year": int(t.group("year")) if t.group("year") else None,
                      "raw": " ".join(text[pos + t.start():raw_end].split()).lstrip("- ")}
            consumed.append((pos + t.start(), raw_end))
            pos = raw_end
            continue
        found_opener = r.opener.search(gap)
        if found_opener is None or nxt is None:
            break
        opener, opener_end = found_opener.span()
        close = text.find(")", nxt.end, end) if "(" in gap[opener:] else -1
        region_end = close if close != -1 else end
        found = [f for f in later if f.start >= pos + opener and f.end <= region_end]
        if close == -1:  # (a parenthesis holds the comparison whole)
            found = _chained(text, q, found)
        pairs = []
        for f in found:
            y = r.previous_in_year.match(text, f.end)
            if y:
                pairs.append((f, int(y.group("year"))))
        if not pairs and not any(w in gap[opener:].lower() for w in r.without_year):
            break
        if not pairs and close == -1:
            # an earlier value without its year nor a parenthesis is the number right after the
            # opener: "15,2 % comparativement à 14,8 %, soit une hausse de 0,4 point" (not "5 %
            # par rapport à l'objectif de 4 %")
            if gap[opener_end:].strip():
                break
            found = found[:1]
        for f, year in pairs or [(f, None) for f in found]:
            previous.append(Previous(f.value, year, " ".join(text[f.start:f.end].split())))
        span_end = close + 1 if close != -1 else (found[-1].end if found else limit)
        consumed.append((pos + opener, span_end))
        pos = span_end
    return previous, target, consumed


#: what may join the earlier values of one comparison: "contre 450 M€ en 2018 *et de* 200 M€ en 2017"
_CHAIN = regex.compile(r"(?i)\s*(?:en\s+(?:19|20)\d\d\s*)?(?:,|et)?\s*(?:de\s+|d['’]\s*)?")


def _chained(text: str, q: Quantity, found: list[Quantity]) -> list[Quantity]:
    """The numbers of ``found`` (those after a comparison's opener, in text order) that the
    comparison holds when no parenthesis bounds it: the first, and each one that follows the
    one before it with only its year, a comma or "et" between them; none of another unit
    than ``q``'s. The rest of the sentence states other figures ("… comparativement à 41,5
    M€ pour l'exercice 2022, avec un taux de marge de 12,3 %")."""
    out: list[Quantity] = []
    for f in found:
        if out and not _CHAIN.fullmatch(text, out[-1].end, f.start):
            break
        if q.unit is not None and f.unit is not None and f.unit != q.unit:
            break
        out.append(f)
    return out


def change_from(text: str, q: Quantity, prev: Quantity | None) -> bool:
    """True when ``prev`` is the starting value of a change to ``q``: "portant son montant
    de 860 à 900 euros"."""
    if prev is None or not _TO.fullmatch(text[prev.end:q.start]):
        return False
    lead = text[max(0, prev.start - 40):prev.start].lower()
    return lead.rstrip().endswith(" de") and any(v in lead.split() for v in _rules().change_verbs)


# -- the extractor ----------------------------------------------------------------------------
def _skipped_section(document: Document, offset: int) -> bool:
    section = (document.section_index().at(offset) or "").lower().split(" > ")[-1]
    return any(s in section for s in _rules().skip_sections)


def _heading_number(document: Document, q: Quantity) -> bool:
    """A heading's own number ("2" alone as a heading), or a number word in a heading set in
    capitals ("IV- BILAN DES DEUX ANNEES 2020, 2021 ET 2022"). Judgement: a title in capitals
    names a topic; a heading that is a sentence ("La branche Famille couvre trois grands
    domaines :") states a count, and a heading in digits may be a key figure: both stay."""
    block = document.block_at(q.start)
    if not block or block.role != "heading":
        return False
    words = document.block_text(block)
    return (words.strip() == document.text[q.start:q.end].strip() or (q.rule == "number_word" and words.isupper())
            or bool(q.start == block.start and _NUMBERED_TITLE.match(words)))


#: a heading opening with its section number and a capitalised title ("1 Activité", "1.2.1 Année
#: 2019-2020"): small numbers only, since a heading in digits may also be a key figure ("101 Caf")
_NUMBERED_TITLE = regex.compile(r"(?:[1-9]|1\d)(?:\.\d{1,2})*\s+\p{Lu}\p{Ll}")


_NUMBERING = regex.compile(r"\d{1,2}(?:\.\d{1,2})*(?:\s+\d{1,2}(?:\.\d{1,2})*)*")
_PAGE_MARGIN = 0.12  # share of the page's height, at its top and bottom, where page numbers sit


def _section_number(document: Document, q: Quantity) -> bool:
    """A heading's number the layout set apart in a block of its own ("2" | "Activité de
    recherche", "1 1.1" | "Activité" of a LaTeX report): a block of section numbers only,
    followed by a heading on the same line to its right."""
    block = document.block_at(q.start)
    if block is None or block.bbox is None or not _NUMBERING.fullmatch(document.block_text(block).strip()):
        return False
    i = document.block_index(block.start)
    nxt = document.blocks[i + 1] if i + 1 < len(document.blocks) else None
    return bool(nxt is not None and nxt.role == "heading" and nxt.page == block.page and nxt.bbox
                and abs(nxt.bbox[1] - block.bbox[1]) <= max(2.0, block.size / 2) and nxt.bbox[0] >= block.bbox[2])


_FOOTER_WORDS = 8  # a running footer line is short: "UNION DES COMMUNES VAUDOISES 6"


def _page_number(document: Document, q: Quantity) -> bool:
    """A page number the layout left in the body: its page's number alone in a block, or at
    either end of a short block (a running footer), in the page's top or bottom margin."""
    block = document.block_at(q.start)
    if block is None or block.bbox is None or block.page is None or len(document.page_sizes) < block.page:
        return False
    text = document.block_text(block).strip()
    height = document.page_sizes[block.page - 1][1]
    raw = document.text[q.start:q.end].strip()
    at_edge = text == raw or (q.unit is None and (text.endswith(" " + raw) or text.startswith(raw + " "))
                              and len(text.split()) <= _FOOTER_WORDS)
    return (raw.isdigit() and int(raw) == block.page and at_edge
            and (block.bbox[3] > (1 - _PAGE_MARGIN) * height or block.bbox[1] < _PAGE_MARGIN * height))


def _superscript(document: Document, q: Quantity) -> bool:
    """A footnote marker: a number set smaller than the word right before it and raised above
    its baseline ("enfants¹"), however the layout spaced them."""
    before = q.start - 1 - (document.text[q.start - 1:q.start] == " ")
    if not document.has_positions():
        return False
    if before < 0 or document.text[before] == "\n":
        return _note_call(document, q)
    if document.char_page[before] != document.char_page[q.start]:
        return False
    top, bottom = document.char_top, document.char_bottom
    height = bottom[before] - top[before]
    return (bottom[q.start] - top[q.start] < 0.95 * height and bottom[q.start] < bottom[before] - height / 4
            and -1 < document.char_x0[q.start] - document.char_x1[before] < height / 2)


def _note_call(document: Document, q: Quantity) -> bool:
    """A footnote's own call opening its line, set smaller than the word right after it and
    raised above its baseline ("² Étude réalisée sur deux cohortes...")."""
    text = document.text
    after = q.end + (text[q.end:q.end + 1] == " ")
    if q.unit is not None or after >= len(text) or not text[after].isalpha() \
            or document.char_page[after] != document.char_page[q.start]:
        return False
    top, bottom = document.char_top, document.char_bottom
    height = bottom[after] - top[after]
    return bottom[q.start] - top[q.start] < 0.95 * height and bottom[q.start] < bottom[after] - height / 4


def _letter_spaced(text: str) -> bool:
    """Text whose every glyph stands apart ("L e p r o j e t a g i l e"): a text layer that
    lost its word spaces and set a space after each glyph."""
    words = len(text.split())
    # the one-glyph words counted by the standard library's regex, whose \s is str.split()'s
    # (str.isspace)
    return words >= 12 and len(_ONE_GLYPH_WORD.findall(text)) >= 0.8 * words


_ONE_GLYPH_WORD = re.compile(r"(?<!\S)\S(?!\S)")


def _spaced_fragment(text: str, q: Quantity) -> bool:
    """In letter-spaced text, a number cannot be told from the digits around it ("2 0 1 3"
    is a year, "M 3 3 0 1" a code): only a lone digit counting the spaced word after it is
    read ("C e s 2 p r o j e t s"); one opening its line heads a section ("4 P r o j e t")."""
    if not _letter_spaced(text[max(0, q.start - 200):q.end + 200]):
        return False
    if not _ONE_DIGIT.fullmatch(text[q.start:q.end]):
        return True
    line_start = text.rfind("\n", 0, q.start) + 1
    before = text[line_start:q.start].split()
    after = text[q.end:q.end + 40].split()
    if not before or len(after) < 2 or not (after[0].isalpha() and after[0].islower() and len(after[1]) == 1):
        return True
    return before[-1].isdigit() or (len(before[-1]) == 1 and before[-1].isupper())


_ONE_DIGIT = regex.compile(r"\d")
_GROUP_SPACE = regex.compile(r"(?<=\d)[ \u00a0\u202f]+(?=\d)")
_WORDS_AFTER = regex.compile(r"[ \u00a0\u202f]*[,;]?[ \u00a0\u202f]*\p{Ll}")


def _cells_apart(document: Document, q: Quantity) -> list[Quantity]:
    """``q`` cut where its digit groups stand apart on the page: a group on another line, or
    after a gap wider than a digit and than three times the number's narrowest gap (its
    thousands space), starts another number: two table cells the text layer joined with one
    space ("534 500 534 500" is 534 500 twice). A justified line widens all its spaces alike
    ("1 500 €" stays one number)."""
    if q.rule != "digits" or not document.has_positions():
        return [q]
    text, x0, x1, top, bottom = document.text, document.char_x0, document.char_x1, document.char_top, document.char_bottom
    gaps = [(m, x0[m.end()] - x1[m.start() - 1]) for m in _GROUP_SPACE.finditer(text, q.start, q.end)]
    narrowest = min((g for _, g in gaps if g == g), default=math.inf)
    # a number followed by words is in a sentence: a line change inside it is the line's wrap
    wraps = bool(_WORDS_AFTER.match(text, q.end))
    cuts = []
    for m, gap in gaps:
        a, b = m.start() - 1, m.end()
        width, height = x1[a] - x0[a], bottom[a] - top[a]
        moved = document.char_page[a] != document.char_page[b] or abs(top[b] - top[a]) > height / 2
        if (moved and not wraps) or (not moved and gap > max(width, 3 * narrowest)):
            cuts.append((m.start(), m.end()))
    if not cuts:
        return [q]
    bounds = [q.start] + [k for cut in cuts for k in cut] + [q.end]
    out = []
    for s, e in zip(bounds[::2], bounds[1::2]):
        for p in find_quantities(text[s:e], document.decimal_mark()):
            tail = p.tail if p.tail in (-1, None) else p.tail + s
            out.append(dataclasses.replace(p, start=p.start + s, end=p.end + s, tail=tail))
    return out


def candidates(document: Document) -> list[Quantity]:
    """Numbers of the document that may be figures (negatives removed)."""
    text = document.text
    out = []
    found_all = find_quantities(text, document.decimal_mark())
    for q in (piece for found in found_all for piece in _cells_apart(document, found)):
        if (_heading_number(document, q) or _skipped_section(document, q.start) or _superscript(document, q)
                or _spaced_fragment(text, q) or _section_number(document, q) or _page_number(document, q)):
            continue
        block = document.block_at(q.start)
        # a number set large (a chapter's, over its title) may have its title on the next
        # page; what a number in running text is read with stops at its page's end
        large = block is not None and block.role in _LARGE_ROLES
        page_end = functools.partial(document.page_end, q.start) if document.blocks and not large else None
        if not_a_figure(text, q, _span(document, block), block.role if block else None, page_end) is None:
            out.append(q)
    ticks = _axis_ticks(document, out)
    return [q for q in out if q.start not in ticks]


#: the roles of blocks set large: a heading, a value alone
_LARGE_ROLES = ("heading", "value")
_TICKS_MIN = 5  # evenly spaced values: a chart's axis has at least this many ticks
_ROUND_STEPS = (1, 2, 2.5, 5)


def _axis_ticks(document: Document, found: list[Quantity]) -> set[int]:
    """Starts of the numbers that are a chart's axis ticks: numbers standing alone on their
    block, on one page, at least ``_TICKS_MIN`` of them evenly spaced by a round step
    ("90 000 000", "80 000 000", ... "-10 000 000"); every lone number of the page that is a
    multiple of that step goes with them."""
    text = document.text
    lone: dict[int | None, list[Quantity]] = {}
    for q in found:
        block = document.block_at(q.start)
        if block is not None and q.unit is None and q.rule == "digits" \
                and document.block_text(block).strip() == text[q.start:q.end].strip():
            lone.setdefault(document.page_at(q.start), []).append(q)
    ticks: set[int] = set()
    for numbers in lone.values():
        values = sorted({q.value for q in numbers})
        gaps = [b - a for a, b in zip(values, values[1:])]
        step = _even_step(gaps)
        if step:
            ticks |= {q.start for q in numbers if (q.value / step).is_integer()}
    return ticks


def _even_step(gaps: list[float]) -> float | None:
    """The round gap repeated ``_TICKS_MIN - 1`` times in a row in ``gaps``, if any."""
    run = 1
    for k in range(1, len(gaps)):
        run = run + 1 if gaps[k] == gaps[k - 1] else 1
        if run >= _TICKS_MIN - 1 and _round(gaps[k]):
            return gaps[k]
    return None


def _round(step: float) -> bool:
    if step <= 0:
        return False
    scale = 10 ** math.floor(math.log10(step))
    return any(math.isclose(step, r * scale) for r in _ROUND_STEPS)


@dataclass(frozen=True)
class Prepared:
    """``document`` with its key-figure cards joined, and its candidate numbers: found once
    per document by the caller (``prepare``), read by ``tagging_ranges`` and ``extract``;
    and its tables, read on first use, once for the figures and the table records."""

    document: Document  #: as read (its tables are read there)
    joined: Document
    candidates: list[Quantity]
    #: report year -> the figures of the aligned tables' cells (``cell_figures``)
    _cells: dict[int | None, list[Figure]] = dataclasses.field(default_factory=dict, init=False, repr=False,
                                                               compare=False)

    @functools.cached_property
    def aligned_tables(self) -> list[Table]:
        """The tables read from text alignment (``layout.tables``)."""
        return tables(self.document)

    @functools.cached_property
    def placed_tables(self) -> list[Placed]:
        """Every table, aligned or ruled, as a record with its glyphs (``table_grid.placed``)."""
        return placed(self.document, self.aligned_tables)

    def cell_figures(self, year: int | None) -> list[Figure]:
        """The figures of the aligned tables' cells (``table_cells.extract``) for a report
        of ``year``, read on the first call: ``extract`` takes them over."""
        if year not in self._cells:
            self._cells[year] = table_figures.extract(self.document, year, self.aligned_tables)[0]
        return self._cells[year]


def prepare(document: Document) -> Prepared:
    joined = join_cards(document)
    return Prepared(document, joined, candidates(joined))


def tagging_ranges(document: Document, prepared: Prepared | None = None) -> list[tuple[int, int]]:
    """Where figure labels read part-of-speech: the statement of every candidate number
    (the NLP stage runs spaCy's tagger there only). ``prepared``: ``prepare(document)``."""
    prepared = prepared or prepare(document)
    return sorted({statement(prepared.joined, q) for q in prepared.candidates})


def extract(document: Document, sdoc=None, year: int | None = None, prepared: Prepared | None = None) -> list[Figure]:
    """Every figure of ``document``. ``sdoc`` (its spaCy Doc, optional) sharpens labels;
    ``year`` is the report's year, the default reference date; ``prepared`` is
    ``prepare(document)`` when the caller has it already."""
    page_document = document
    prepared = prepared or prepare(document)
    document, free = prepared.joined, prepared.candidates
    cards = [(b.start, b.end) for b in document.blocks if b.role == "card"]
    figures = table_figures.merge(page_document, _figures(document, Parse.of(sdoc, ignored=cards), year, free), year,
                                  prepared.aligned_tables, prepared.cell_figures(year))
    relabel_in_ruled_tables(page_document, figures, prepared.placed_tables)  # a ruled table's cells name its figures
    currency.resolve(page_document.text, figures)
    figures.sort(key=lambda f: (f.page or 0, f.bbox is None))
    for i, f in enumerate(figures, start=1):
        f.id = f"fig-{i:04d}"
    return figures


def _figures(document: Document, parse: Parse, year: int | None, free: list[Quantity] | None = None) -> list[Figure]:
    """The figures of ``document``, in text order."""
    text = document.text
    if free is None:
        free = candidates(document)
    # in text order (they are: a no-op that the range lookups by bisection below rely on)
    free = sorted(free, key=lambda f: f.start)
    starts = [f.start for f in free]
    consumed: list[tuple[int, int]] = []
    figures: list[Figure] = []
    by_start: dict[int, Figure] = {}
    previous_q: Quantity | None = None
    money_pages: dict[int | None, bool] = {}

    def number_at(offset: int) -> Quantity | None:
        k = bisect_left(starts, offset)
        return free[k] if k < len(starts) and starts[k] == offset else None

    for q in free:
        if any(s <= q.start < e for s, e in consumed):
            continue
        s_start, s_end = statement(document, q)
        approx, a_start = approx_of(text, q)
        prev, target, used = comparisons(text, q, s_start, s_end, free, starts)
        consumed.extend(used)
        if change_from(text, q, previous_q) and previous_q.start in by_start:
            old = by_start.pop(previous_q.start)
            figures.remove(old)
            prev.insert(0, Previous(old.value, None, old.raw))
            a_start = previous_q.start - len(" de")
        # its own words end where a comparison it opens starts ("2,10 € par rapport à 1,95 €")
        words_end = min((s for s, _ in used if s >= q.end), default=s_end)
        # a number in a row of a table read as text is named by the row's label
        row = _row_label(document, q, a_start, by_start)
        label, unit = (row, q.unit) if row else _label_and_unit(document, q, (s_start, s_end), a_start, parse, by_start,
                                                                 words_end)
        if label is None:
            previous_q = q
            continue
        label = _with_qualifier(text, q, s_end, label, number_at)
        if unit is None:
            unit = _unit_before(text, s_start, a_start)
        if unit is None and q.scaled:
            unit = _scaled_amount(text, q, s_start, by_start)
        if unit is None and _bare_amount(document, q, money_pages):
            unit = rules.load("figures")["currency"]["placeholder"]
        as_of = _as_of(text, q, s_start, s_end, consumed, free, year, starts)
        page, bbox = document.locate(q.start, q.end)
        figure = Figure(
            id=f"fig-{len(figures) + 1:04d}", value=q.value, unit=unit, label=label,
            raw=text[q.start:q.end], approx=approx, as_of=as_of, previous=prev, page=page,
            bbox=bbox, section=document.section_index().at(q.start),
            context=" ".join(text[s_start:s_end].split()), rule=q.rule, target=target,
            key=q.rule == "paired_cells" or is_key_figure_at(document, q.start),
        )
        figure.kind = "key" if figure.key else "chart" if _in_chart(document, q.start) else "statement"
        figures.append(figure)
        by_start[q.start] = figure
        previous_q = q
    _distribute_respectively(text, by_start)
    _respective_changes(text, by_start)
    return figures


def _in_chart(document: Document, offset: int) -> bool:
    """Is ``offset`` in a chart's labels (a block the layout gives the role ``chart``)?"""
    block = document.block_at(offset)
    return block is not None and block.role == "chart"


#: after a cell: the line's end, another number, or a cell border OCR read as "|", "!", "]"
_AFTER_BARE = regex.compile(r"[ \t\u00a0\u202f]*(?:$|\n|[-+−–(]?\d|[|!\[\]])")


def _bare_amount(document: Document, q: Quantity, money_pages: dict[int | None, bool]) -> bool:
    """A cell of a table of accounts read as text: a plain number of at least the rules'
    ``amount_min`` (or a nil amount, 0), with nothing after it on its line but other numbers, on a page whose
    words are those of accounts (``currency.amount_words``). ``money_pages`` caches the
    pages' answers."""
    conf = rules.load("figures")["currency"]
    if q.rule != "digits" or q.scaled or 0 < abs(q.value) < float(conf.get("amount_min") or math.inf) \
            or not (_AFTER_BARE.match(document.text, q.end) or _after_cell(document.text, q.start)
                    and _next_line_after(document, q.end)):
        return False
    page = document.page_at(q.start)
    if page not in money_pages:
        words = compiled(conf.get("amount_words") or r"(?!)")
        money_pages[page] = any(b.page == page and words.search(document.block_text(b)) for b in document.blocks)
    return money_pages[page]


#: after a scale word, "de" and a noun: the number counts that noun ("2 millions de repas")
_COUNTS_A_NOUN = regex.compile(r"\s*(?:de\s+|d['’]\s*)\p{L}")
#: after a scale word, words of its sentence on its line ("2,8 millions en partenariats"), not
#: a caption under it ("4,9 millions" over "bénéficiaires" in a card)
_OWN_WORDS = regex.compile(r"[ \u00a0\u202f]+\p{Ll}")
#: the end of a sentence or a paragraph (a ";" ends a statement, not a list of amounts)
_SENTENCE_END = regex.compile(r"[.!?](?=\s)|\n\s*\n")


def _with_qualifier(text: str, q: Quantity, s_end: int, label: str,
                    number_at: Callable[[int], Quantity | None] = lambda offset: None) -> str:
    """``label`` with what the figure excludes or includes when the text says it right after
    it ("de 2,4 % en excluant l'acquisition": "… en excluant l'acquisition";
    ``label.qualifier_after``), or after the number that follows it, when the two are
    members of one measure told apart by their years (``label.qualifier_shared``; that
    number found by ``number_at``, from its offset), unless the label holds it already."""
    conf = settings()
    qualifier_after = compiled(conf["qualifier_after"])
    found = qualifier_after.match(text, q.end, s_end)
    shared = compiled(conf["qualifier_shared"]).match(text, q.end, s_end) if found is None else None
    following = number_at(shared.end()) if shared else None
    if following is not None and following.unit == q.unit and compiled(conf["member_year"]).match(text, following.end, s_end):
        found = qualifier_after.match(text, following.end, s_end)
    if found is None:
        return label
    qualifier = " ".join(found.group("qualifier").split())
    return label if qualifier.lower() in label.lower() else f"{label} {qualifier}".strip()


def _unit_before(text: str, s_start: int, a_start: int) -> str | None:
    """The unit said right before a number (and its approximation words), in its statement:
    "l'équivalent en ETP de 45 personnes" counts full-time equivalents (``units.before``)."""
    for unit, pattern in _rules().units_before:
        if pattern.search(text, max(s_start, a_start - 60), a_start):
            return unit
    return None


def _scaled_amount(text: str, q: Quantity, s_start: int, by_start: dict[int, Figure]) -> str | None:
    """The currency of a number in millions that counts nothing ("2,8 millions en
    partenariats"): the currency of the figure before it in its sentence ("Dont 1,4 million
    d'euros de budget propre ; 2,8 millions en partenariats"), else the placeholder of the
    document's currency when the words since that figure or the statement's start name an
    amount (``currency.scaled_amount_words``: "un montant de 12.1 Millions"); else None."""
    if q.words_from is None or _COUNTS_A_NOUN.match(text, q.words_from) or not _OWN_WORDS.match(text, q.words_from):
        return None
    data = rules.load("figures")
    conf = data["currency"]
    currencies = {r["unit"] for r in conf["rules"]} | {conf["placeholder"], data["dollar"]["placeholder"]}
    since = s_start
    start = max((s for s in by_start if s < q.start), default=None)
    if start is not None:
        before = by_start[start]
        end = start + len(before.raw)
        if not _SENTENCE_END.search(text, end, q.start):
            if before.unit in currencies:
                return before.unit
            since = max(since, end)
    words = conf.get("scaled_amount_words")
    return conf["placeholder"] if words and compiled(words).search(text, since, q.start) else None


#: a number right after another on its line: a row of cells
_AFTER_CELL = regex.compile(r"\d[ \u00a0\u202f]+$")


def _after_cell(text: str, end: int) -> bool:
    """Does ``text[:end]`` end with a number and spaces (``_AFTER_CELL``)? Such a match can
    only start at the last character before ``end`` that is not a space or a line break, so
    it is looked for there instead of from the start of the text (once for each number)."""
    i = end - 1
    while i > 0 and text[i] in " \u00a0\u202f\n":
        i -= 1
    return _AFTER_CELL.search(text, max(i, 0), end) is not None


def _next_line_after(document: Document, end: int) -> bool:
    """The words after ``end`` stand on another line of the page (the next row of a table the
    text layer ran on into this one's line)."""
    text = document.text
    nxt = end + len(text[end:end + 20]) - len(text[end:end + 20].lstrip())
    if not document.has_positions() or nxt >= len(text) or end < 1:
        return False
    height = document.char_bottom[end - 1] - document.char_top[end - 1]
    return abs(document.char_top[nxt] - document.char_top[end - 1]) > height / 2


_RESPECTIVELY = regex.compile(r"(?i)\brespectivement\b")
_MEMBER = r"(?:(?:les|le|la|une|un|leurs|leur)\s+|l['’]\s*)?[\p{L}\-]+"
_COORDINATION = regex.compile(
    rf"(?i)(?<![\p{{L}}])(?:(?P<prep>pour|de|du|des|à|au|aux|en|chez|sur|par|dans)\s+)?"
    rf"(?P<member>{_MEMBER})(?:\s*,\s*(?P<member>{_MEMBER}))*\s+et\s+(?:(?P=prep)\s+)?(?P<member>{_MEMBER})"
)


def _distribute_respectively(text: str, by_start: dict[int, Figure]) -> None:
    """'Pour le téléphone et le courrier, les taux sont respectivement de 68 % et de 65 %':
    the k-th figure after 'respectivement' counts for the k-th member of the coordination
    before it ("taux pour le téléphone", "taux pour le courrier"). Only when the members
    and the figures are as many."""
    starts = sorted(by_start)
    for m in _RESPECTIVELY.finditer(text):
        after = []  # the figures of the statement 'respectivement' opens: stop at its end
        for s in starts[bisect_left(starts, m.end()):]:
            if "." in text[m.end():s] or STATEMENT_END.search(text, m.end(), s):
                break
            after.append(s)
        before = text[max(0, m.start() - 200):m.start()]
        sentence = STATEMENT_END.split(before)[-1]
        coordinations = list(_COORDINATION.finditer(sentence))
        if len(after) < 2 or not coordinations:
            continue
        c = coordinations[-1]
        members = c.captures("member")
        if len(members) != len(after):
            continue
        base = by_start[after[0]].label
        prep = f"{c.group('prep').lower()} " if c.group("prep") else ""
        heads = [h for h in (member.split()[-1] for member in members) if h in base]
        for s, member in zip(after, members):
            if heads:  # the label holds the coordination itself: one member each
                i = base.find(heads[0])
                j = base.find(heads[-1], i) + len(heads[-1])
                by_start[s].label = f"{base[:i]}{member.split()[-1]}{base[j:]}"
            else:
                by_start[s].label = f"{base} {prep}{member}".strip()


#: what joins the members of a run of figures ("3,9 % et 5,2 %", "12, 14 et 15")
_RUN_LINK = regex.compile(r"\s*(?:,|et|,\s*et)\s*(?:de\s+)?")


def _respective_changes(text: str, by_start: dict[int, Figure]) -> None:
    """"Le résultat de 84,2 M€ comparativement à 80,1 M€ et le résultat par part de 1,52 €
    comparativement à 1,40 €, soit des hausses de 5,1 % et 8,6 % respectivement": the k-th
    change of a run before "respectivement" is the change of the k-th of the figures of its
    sentence before the run (changes of other runs left out), when they are as many."""
    starts = sorted(by_start)
    for m in _RESPECTIVELY.finditer(text):
        k = bisect_left(starts, m.start())
        run: list[int] = []  # the changes right before "respectivement", last first
        while k > 0:
            s = starts[k - 1]
            f = by_start[s]
            gap = text[s + len(f.raw):(run[-1] if run else m.start())]
            if (gap.strip(" ,") if not run else not _RUN_LINK.fullmatch(gap)) or STATEMENT_END.search(gap):
                break
            run.append(s)
            k -= 1
        run.reverse()
        change = change_before(text, max(0, run[0] - 40), run[0]) if len(run) >= 2 else None
        if change is None:
            continue
        word = change[0]
        suffix = f" : {word}"
        if not all(by_start[s].label.endswith(suffix) or by_start[s].label == word for s in run):
            continue
        mains: list[int] = []
        for s in reversed(starts[:k]):
            if STATEMENT_END.search(text, s, run[0]):
                break
            label = by_start[s].label
            if not (label == word or " : " in label and is_change_word(label.rsplit(" : ", 1)[1])):
                mains.append(s)  # (a change of another run says no figure of its own)
        mains = mains[:len(run)][::-1]
        if len(mains) == len(run) and all(by_start[s].label for s in mains):
            for s, main in zip(run, mains):
                by_start[s].label = with_change(by_start[main].label, word)


def _change_label(document: Document, q: Quantity, stmt: tuple[int, int], a_start: int, parse: Parse,
                  by_start: dict[int, Figure], own: str, headed: bool) -> str | None:
    """The label of ``q`` when it is the size of a change, else None: a change word before it
    ("Résultat net de 84,2 millions €, en hausse de 5,1 %"), a change in words with its size
    in parentheses ("le nombre de membres est en nette hausse (+ 6 %)"), or a signed number
    under a key figure ("+3 par rapport à 2016")."""
    text = document.text
    change = change_before(text, stmt[0], a_start)
    if change:
        word, phrase_start = change
        changed = None if headed else _linked(text, q, stmt[0], by_start, settings()["change_before"])
        if changed is not None or headed:
            return with_change(changed.label if changed else own, word)
        # the change of what the clause is about, its verb right before the change: "le chiffre
        # d'affaires a connu une hausse de 2,7 %", "les effectifs sont en progression de 6 %"
        # ("chiffre d'affaires : hausse"); not a change that complements a noun ("l'effet d'une
        # hausse de 1 %"), nor a member of a list ("l'inflation et une croissance de 2 %")
        subject = label_before(text, stmt[0], phrase_start, parse) if _verb_ends(text, stmt[0], phrase_start, parse) else ""
        if subject:
            return with_change(subject, word)
    if headed:
        return None
    aside = change_aside(text, stmt[0], a_start)
    if aside:  # "nombre de membres : hausse"
        return with_change(label_before(text, stmt[0], aside[1], parse), aside[0])
    last = next((s for s in reversed(by_start) if s < q.start), None)
    if last is not None and delta_under(document, q.start, last + len(by_start[last].raw)):
        return with_change(by_start[last].label, settings()["delta"])
    return None


def _verb_ends(text: str, start: int, end: int, parse: Parse) -> bool:
    """Do the words from ``start`` to ``end`` end on a finite verb or a past participle (an
    adverb after it aside): "le chiffre d'affaires *a connu*", "les ventes *sont* ainsi"."""
    for s, _, _ in reversed(list(tokens(text, start, end))):
        if s not in parse.adverbs:
            return s in parse.finite or s in parse.past_participles
    return False


def _label_and_unit(document: Document, q: Quantity, stmt: tuple[int, int], a_start: int, parse: Parse,
                    by_start: dict[int, Figure], words_end: int | None = None) -> tuple[str | None, str | None]:
    """The label and unit of ``q``; label None when a number word turns out not to count
    anything ("Deux d'entre elles"). ``words_end``: where the words after ``q`` that may be
    its own end (the statement's end by default)."""
    text = document.text
    unit = q.unit
    own, headed = _own_words(text, q, stmt[1] if words_end is None else words_end, parse)
    after = own  # the words after the number, before what comes before it qualifies them
    if q.rule == "number_word" and not q.scaled and not headed and unit is None:
        return None, None
    changed = _change_label(document, q, stmt, a_start, parse, by_start, own, headed)
    if changed is not None:
        return changed, unit
    measure = measure_of(text, _after_previous(text, q, stmt[0], by_start), a_start, parse)
    if measure is not None:  # "une subvention d'un montant de 250 000 €": "subvention : montant"
        return measure, unit
    if headed:  # "une cohorte de 13 entrepreneurs", "papier 100 % recyclé"
        of_part = said_of_part(text, q.words_from, stmt[1], own, unit, parse) if q.words_from is not None else ""
        own = qualified(text, _after_previous(text, q, stmt[0], by_start), a_start, own, unit, parse)
        own = f"{own} : {of_part}" if of_part else own  # "adhérents : ont quitté l'association"
    # what a number that counts no noun is said to do ("dont 2 € vont aux illustrateurs", "et 18
    # sont en train de finir leur projet"): it says which part, or which member, it is
    said = "" if headed or is_card(document, q.start) else predicate(text, q.end, stmt[1], parse)
    parent = _linked(text, q, stmt[0], by_start, settings()["part_of"])
    if parent is not None and not headed:
        if unit is None and parent.unit is not None:
            unit = parent.unit
        if said:  # "dont 2 € vont aux illustrateurs": "bénéfice : vont aux illustrateurs"
            return " : ".join(filter(None, [parent.label, said])), unit
        return " ".join(filter(None, [parent.label, own])), unit
    restates = _linked(text, q, stmt[0], by_start, settings()["restated"])
    if restates is not None and restates.label:  # "6 % des agents, soit 120 personnes"
        return _restated(restates.label, after), unit
    sibling = (_period_sibling(text, q, stmt[0], by_start, _linked(text, q, stmt[0], by_start, settings()["coordinated"]))
               or _linked(text, q, stmt[0], by_start, settings()["compared"]))
    if sibling is not None and not headed:
        return said or _parallel(sibling.label, own), unit
    kind = kind_of(text, q.words_from, own, unit, q.scaled)
    if kind and (parent or sibling):  # "52 médailles, dont 16 d'or et 9 d'argent"
        return (f"{parent.label} {kind}" if parent else of_kind(sibling.label, kind)), unit
    first_word = next((t.lower() for _, _, t in tokens(text, q.words_from or q.end, stmt[1])), "")
    taken = settings()["time_taken"]
    measure = first_word if first_word in word_list("occurrences") else None
    if not headed and unit in taken["units"] and compiled(taken["before"]).search(text[stmt[0]:a_start]):
        measure = taken["word"]
    if measure:
        head = label_before(text, stmt[0], a_start, parse) or _section_title(document, q.start)
        return f"{head} : {measure}".strip(" :"), unit
    if not headed:
        # a number opening its clause that a verb follows is that verb's subject: what comes
        # before the colon or comma is another clause's ("… ont trouvé preneur : une
        # vingtaine a été vendue")
        opens = said and (not text[stmt[0]:a_start].strip() or _CLAUSE_OPENED.search(text, stmt[0], a_start))
        subject = change_named_first(_subject(text, q, stmt[0], a_start, parse, by_start))
        own = (said if opens else "") or (_per(subject, own) if subject else own)
    card = q.rule == "paired_cells" or is_card(document, q.start)
    if card and headed and q.words_from is not None:
        # (a measure's word heads its complement, "HEURES D'ÉCOUTE"; a currency does not:
        # "MILLIONS D'EUROS DE SUBVENTIONS" counts subsidies)
        unit_word = _LAST_WORD.search(text, q.start, q.end) if unit and unit.split("/")[0].islower() else None
        own = (_caption_in_capitals(text, q.words_from, stmt[1], unit_word[0] if unit_word else "")
               or with_caption_tail(text, q.words_from, stmt[1], own))
    carded = _card_label(document, q, a_start, own, unit) if card else None
    if carded:
        return carded, unit
    return own or said or layout_label(document, a_start, q.end) or _in_section(document, q, unit), unit


def _row_label(document: Document, q: Quantity, a_start: int, by_start: dict[int, Figure]) -> str | None:
    """The label of a number in a row of a table set without rules and read as text (a block
    of the role ``table_row``): the row's first cell, what its text holds before its first number
    ("Dépenses : – 120,50 € frais de port": "Dépenses"), not the words after the number
    (another cell's: what the amount went to). None outside such a row."""
    block = document.block_at(q.start)
    if block is None or block.role != "table_row":
        return None
    earlier = _starts_between(by_start, block.start, q.start)
    if earlier:  # the row's second number: the same row
        return by_start[earlier[0]].label
    return " ".join(document.text[block.start:a_start].split()).rstrip(" :") or None


def _in_section(document: Document, q: Quantity, unit: str | None) -> str:
    """The label of a number nothing around names: its section's title, with the word of its
    unit as printed when that is a thing counted ("300 *heures* pour accompagner …": "Bénévolat
    : heures"; not a currency or a percent, which count nothing)."""
    title = _section_title(document, q.start)
    if unit is None or not unit.split("/")[0].isalpha() or not unit.split("/")[0].islower():
        return title
    found = _LAST_WORD.search(document.text, q.start, q.end)
    if found is None or found.group(0).casefold() in title.casefold():
        return title
    return f"{title} : {found.group(0)}" if title else found.group(0)


def _restated(label: str, own: str) -> str:
    """The label of a number that says again, in another measure, the figure labelled
    ``label`` before it: that label, with the number's own words when they add to it ("taux
    d'emploi des seniors : agents"); its own words alone when they open with that label ("12
    agences, soit dix agences du réseau A et deux du réseau B")."""
    if not own or own.lower() in label.lower():
        return label
    return own if own.lower().startswith(label.lower()) else f"{label} : {own}"


def _own_words(text: str, q: Quantity, end: int, parse: Parse) -> tuple[str, bool]:
    """The noun phrase after ``q`` that it counts (``label_after``), read up to ``end``; when
    none follows it, what a colon right after it introduces ("3,8/5 : note de satisfaction
    des usagers"), or for a duration the event it is counted from or to ("3 mois après
    l'ouverture du guichet")."""
    if q.words_from is None:
        return "", False
    own, headed = label_after(text, q.words_from, end, parse)
    if own:
        return own, headed
    if colon := _COLON_AFTER.match(text, q.words_from, end):
        return label_after(text, colon.end(), end, parse)
    if q.unit in settings()["time_taken"]["units"] and (since := _BEFORE_AFTER.match(text, q.words_from, end)):
        event, _ = label_after(text, since.end(), end, parse)
        found = phrase_pattern(event).search(text, since.end(), end) if event else None
        return (" ".join(text[since.start(1):found.end()].split()) if found else ""), False
    return own, headed


_BEFORE_AFTER = regex.compile(r"[ \t\u00a0]+(après|avant)[ \t\u00a0]+(?=\p{L})", regex.IGNORECASE)
#: "et" after a figure (and the values it is compared with): a second clause, or the next
#: member, starts ("… et s'est élevé à", "…, et le résultat par part")
_AND = regex.compile(r"(?i)\s*,?\s*et\s+")
_COLON_AFTER = regex.compile(r"[ \t\u00a0]*:[ \t\u00a0]+(?=\p{L})")


def _subject(text: str, q: Quantity, s_start: int, a_start: int, parse: Parse, by_start: dict[int, Figure]) -> str:
    """What ``q`` measures, read before it back to the figure before it in its statement.
    When those words go on right from that figure, and that figure is the complement of a
    noun before it, it is inside the subject's noun phrase ("la part des contrats *de plus de
    5 000 €* avec une clause sociale atteint 12 %", "le nombre de foyers *de 4* personnes
    s'établit à 1 250"): the subject runs from that noun."""
    start = _after_previous(text, q, s_start, by_start)
    subject = label_before(text, start, a_start, parse, done=True)
    shared = _AND.match(text, start, a_start) if not subject and start > s_start else None
    if shared is not None and not text[shared.end():shared.end() + 1].isdigit() \
            and not (parse.nouns and parse.noun_between(start, a_start)):
        # a second clause on the subject of the first: "le loyer moyen a été en hausse de 4 % et
        # s'est élevé à 520 €" (the figure before it is that subject's: its label, the change aside)
        return by_start[max(_starts_between(by_start, s_start, q.start))].label.split(" : ")[0]
    tail = _phrase_at(text, subject, start, a_start) if start > s_start and subject else None
    if tail is None or text[start:tail[0]].strip() or _DIGIT.search(text, tail[1], a_start):
        return subject  # (what follows it is no link to the number: "… en 2021 comparé à")
    previous = max(_starts_between(by_start, s_start, q.start))
    head = label_before(text, s_start, previous, parse)
    found = _phrase_at(text, head, s_start, previous) if head else None
    if found is None or not compiled(settings()["complement_figure"]).match(text[found[1]:previous]):
        return subject  # (a verb between them: "le taux a été de 20 % en 2021 comparé à 19 % …")
    return " ".join(text[found[0]:tail[1]].split())


_DIGIT = regex.compile(r"\d")


def _phrase_at(text: str, phrase: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the last occurrence of ``phrase`` (its words, whatever the spaces between them)
    is in ``text[start:end]``; None when it is not there."""
    found = None
    for found in phrase_pattern(phrase).finditer(text, start, end):
        pass
    return found.span() if found else None


#: the end of the text before a number that opens a clause: a colon, semicolon or comma,
#: or a conjunction that joins clauses ("… ont fini la formation et 20 sont en stage")
_CLAUSE_OPENED = regex.compile(r"(?:[:;,]|(?<!\p{L})(?:et|mais))\s*$")


def _card_label(document: Document, q: Quantity, a_start: int, own: str, unit: str | None) -> str | None:
    """The label of a key figure whose own words say little: the words set beside it, under a
    word that joins it to the one above ("8 400 000 € / dont / 1 250 000 €  Soutien aux
    projets…"); else its card's title with what it measures ("Aide au logement : montant")."""
    titled = own.lower() in word_list("generic") or (not own and unit == "EUR")
    if own and not titled:
        return None  # (the card's title is looked for only where it is used)
    title = card_title(document, q.start) or ""
    if not own and title.lower() in word_list("joining"):
        beside = label_beside(document, a_start, q.end)
        if beside:
            return beside
    if titled and title and not title.endswith(":"):  # a field name ("Résultat :") titles no card
        return f"{title} : {own or settings()['amount']}"
    return None


#: the word a number's raw text ends with: its unit's, when it is printed in words
_LAST_WORD = regex.compile(r"\p{L}{2,}(?=\s*$)")
#: the opening of a noun's complement: "DE", "D'ÉCOUTE", "DES", "DU"
_COMPLEMENT = regex.compile(r"(?i)(?:d['’]\p{L}|de$|des$|du$)")

#: a key figure's caption in capitals is its label whole up to this many words (a card's
#: caption is a phrase or two, a paragraph in capitals is no caption)
CARD_CAPTION_WORDS = 16


def _caption_in_capitals(text: str, start: int, end: int, unit_word: str = "") -> str:
    """A card's caption after its number, whole, when it is set in capitals (the parser reads
    capitals poorly and cuts the phrase at its first noun); else "". A caption that goes on
    from the number's unit word by its complement ("12 000 HEURES" / "D'ÉCOUTE
    ASSURÉES") opens with that word: it is the head of the phrase."""
    caption = " ".join(text[start:end].split()).strip(" .,;:«»“”\"")
    words = caption.split()
    if unit_word.isupper() and words and _COMPLEMENT.match(words[0]):
        words.insert(0, unit_word)
    words = without_opening_links(words)  # "DE NOUVEAUX ALLOCATAIRES", "D'AIDES VERSÉES"
    caption = " ".join(words)
    return caption if capitals(caption) and len(words) <= CARD_CAPTION_WORDS else ""


def _section_title(document: Document, offset: int) -> str:
    """The title of the innermost section around ``offset``; "" when it holds no word (a
    heading of a pictogram font's odd letters, "Zo", names nothing, and the section above it
    is not this one)."""
    title = (document.section_index().at(offset) or "").split(" > ")[-1]
    return title if WORD.search(title) else ""


def _after_previous(text: str, q: Quantity, s_start: int, by_start: dict[int, Figure]) -> int:
    """Where the clause before ``q`` starts: after the previous figure of its statement and
    the earlier values compared after it ("… de 84,2 M€ comparativement à 80,1 M€ pour
    l'exercice 2022 *et le résultat par part* a été de 1,52 €")."""
    starts = _starts_between(by_start, s_start, q.start)
    if not starts:
        return s_start
    end = max(start + len(by_start[start].raw) for start in starts)
    for earlier in by_start[max(starts)].previous:
        found = phrase_pattern(earlier.raw).search(text, end, q.start)
        if found is None:
            break
        year = _rules().previous_in_year.match(text, found.end(), q.start)
        end = year.end() if year else found.end()
        joined = _AND.match(text, end, q.start)  # "…, et le résultat par part"
        end = joined.end() if joined else end
    return end


def _starts_between(by_start: dict[int, Figure], lo: int, hi: int) -> list[int]:
    """The starts in ``lo..hi`` of the figures found so far. ``by_start`` is filled in text
    order, so the walk back from its last figure stops at the first one before ``lo``: a
    statement's figures, not the whole document's, for each new figure."""
    out = []
    for s in reversed(by_start):
        if s < lo:
            break
        if s < hi:
            out.append(s)
    return out[::-1]


def _per(subject: str, own: str) -> str:
    """``subject``, with the unit it is counted per when the number's own words give one ("le
    coût moyen est de 12 € *par habitant*": "coût moyen par habitant")."""
    per = _PER.fullmatch(own)
    if per is None or per.group(1).lower() in word_list("not_per") or own.casefold() in subject.casefold():
        return subject
    return f"{subject} {own}"


_PER = regex.compile(r"(?i)par\s+(\p{L}[\p{L}\-]*)")
#: what ties a figure to the period it is measured over: "18 % *sur* 3 ans"
_PERIOD_OF = regex.compile(r"(?i)\s*(?:sur|en|pendant)\s+")


def _period_sibling(text: str, q: Quantity, s_start: int, by_start: dict[int, Figure], sibling: Figure | None) -> Figure | None:
    """The member of a coordination that ``q`` is the second of: ``sibling``, or, when
    ``sibling`` is only the period the figure before it is measured over, that figure ("une
    hausse de 18 % sur 3 ans et de 45 % sur 6 ans": 45 % goes with 18 %, not with 3 ans)."""
    if sibling is None or q.unit is None or sibling.unit in (None, q.unit):
        return sibling
    starts = _starts_between(by_start, s_start, q.start)
    if len(starts) < 2:
        return sibling
    before = by_start[starts[-2]]
    if before.unit == q.unit and _PERIOD_OF.fullmatch(text, starts[-2] + len(before.raw), starts[-1]):
        return before
    return sibling


def _linked(text: str, q: Quantity, s_start: int, by_start: dict[int, Figure], link: str) -> Figure | None:
    """The figure right before ``q`` in its statement when the text between them matches
    ``link``: "dont" for a part ("94,6 milliards d'euros de prestations versées, dont 5,6
    milliards pour le Fnas"), "et" for the second member of a coordination ("400 personnes en
    Cdd et 140 en Cdi")."""
    starts = _starts_between(by_start, s_start, q.start)
    if not starts:
        return None
    figure = by_start[max(starts)]
    return figure if compiled(link).search(text[max(starts) + len(figure.raw):q.start]) else None


def _parallel(label: str, own: str) -> str:
    """The label of the second member of a coordination, from the first member's: "personnes
    en Cdd" and "en Cdi" give "personnes en Cdi"; the first member's label when it has no
    words of its own ("68 % et de 65 %"), followed by them when they open with a preposition
    the label does not hold ("9,1 % et 9,6 % *sur la base ajustée*"); else its own words."""
    if not own:
        return label
    first, *rest = own.split()
    kept = label.split()
    for k in range(len(kept) - 1, 0, -1):
        if kept[k].lower() == first.lower():
            return " ".join(kept[:k] + [first] + rest)
    if first.lower() in word_list("prepositions"):
        # a complement of the first member's measure: "Le rendement des fonds propres de
        # 9,1 % et de 9,6 % sur la base du résultat ajusté" is that rendement, so based
        return f"{label} {own}"
    own_words = own.split()
    while len(own_words) > 1 and own_words[0].lower() in word_list("links"):
        own_words.pop(0)
    return " ".join(own_words)


def _as_of(text: str, q: Quantity, s_start: int, s_end: int, consumed: list[tuple[int, int]],
           free: list[Quantity], year: int | None, starts: list[int] | None = None) -> str | None:
    """The reference date of ``q``: a date right after it (before the next figure), else
    the last one before it in its statement, else the report's year."""
    dates = [d for d in dates_in(text, s_start, s_end) if not any(s <= d[0] < e for s, e in consumed)]
    if starts is None:
        starts = [f.start for f in free]
    k = bisect_right(starts, q.start)
    nxt = starts[k] if k < len(starts) else s_end
    after = [d for d in dates if q.end <= d[0] < nxt]
    if after:
        return after[0][2]
    before = [d for d in dates if d[1] <= q.start]
    if before:
        return before[-1][2]
    return str(year) if year else None


def extract_text(text: str, year: int | None = None) -> list[Figure]:
    """Figures of a plain (or markdown) string, without spaCy."""

    return extract(read_text("<text>", raw=text), None, year)


def make_component(nlp, name: str):
    """A spaCy pipeline component setting ``doc._.figures`` (wired as ``extractor_figures``).

    The report year is read from ``doc.user_data["year"]`` when the caller sets it."""
    from spacy.tokens import Doc

    Doc.set_extension("figures", default=None, force=True)

    def component(doc):
        document = doc.user_data.get("document")
        if document is None:
            document = read_text("<doc>", raw=doc.text)
        doc._.figures = extract(document, doc, doc.user_data.get("year"))
        return doc

    return component


__all__ = ["extract", "extract_text", "make_component", "candidates", "not_a_figure", "label_after", "prepare", "Prepared",
           "label_before", "statement"]
