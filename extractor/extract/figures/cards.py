"""Key-figure cards: statements that run over several cards, and the titles of cards.

The layout reader gives each card of a key-figures page its own block (role ``card``: the
value, its scale line and its caption, "4,9 millions de bénéficiaires") and the title of a
benefit box its own heading block ("ALLOCATIONS FAMILIALES (AF)"). Two things are left to
the figures extractor:

* a statement left open on one card by a dangling word ("94,6 milliards d'euros de
  prestations versées, dont") goes on in the card to its right ("5,6 milliards pour le
  Fnas"). A grid of cards is read column by column, so that card is not always the next
  block: ``join_cards`` puts each such statement in one block;
* a generic measure ("bénéficiaires", an amount) is named after its card's title
  (``card_title``).
"""
from __future__ import annotations

import functools
import math
import re
from array import array
from dataclasses import replace

import regex

from ...core import rules
from ...core.document import Block, Document
from ...core.geometry import rule_between, union, vertical_rules
from ...core.resources import DEFAULT_MODEL, lexicon
from .labels import word_list

__all__ = ["LIST_MARK", "dangles", "is_card", "is_key_figure_at", "join_cards", "card_title"]

_POSITIONS = ("char_page", "char_x0", "char_top", "char_x1", "char_bottom")


def dangles(text: str) -> bool:
    """True when ``text`` ends in a word that leaves its statement open ("35 770 salariés
    dont", "48 754 fraudes détectées pour un montant de")."""
    tail = text.rstrip(" ,\n").lower()
    return any(tail.endswith(" " + w) or (w.endswith("'") and tail.endswith(w)) for w in word_list("dangling"))


def is_card(document: Document, offset: int) -> bool:
    """A key-figure card: a card block of the layout, an entry of a list of key figures, or
    a block too short for a paragraph (a text conversion has no card blocks)."""
    block = document.block_at(offset)
    return block is not None and (block.role in ("card", "value") or block.end - block.start < 100
                                  or _in_figure_list(document, block))


#: a list of key figures has at least this many entries, each at most ``FIGURE_ENTRY_WORDS`` words
FIGURE_LIST_MIN = 3
FIGURE_ENTRY_WORDS = 16
#: the mark that opens a list item
LIST_MARK = re.compile(r"\s*[•▪◦●■›–>*-]\s*")


def _figure_entry(document: Document, block: Block) -> bool:
    """A list entry that is a quantity and its short label ("• 13,5 millions : allocataires"):
    it opens with the number after its mark and is no sentence."""
    text = " ".join(document.block_text(block).split())
    mark = LIST_MARK.match(text)
    rest = text[mark.end():] if mark else ""
    return (block.role == "list" and bool(mark) and bool(_opens_with_number().match(rest))
            and len(rest.split()) <= FIGURE_ENTRY_WORDS and not rest.endswith((".", ";", "!", "?")))


def _in_figure_list(document: Document, block: Block) -> bool:
    """``block`` is an entry of a list of key figures: a run of at least ``FIGURE_LIST_MIN``
    such entries one after the other (a block of quantities with short labels)."""
    if block.role != "list" or not _figure_entry(document, block):
        return False
    i = document.blocks.index(block)
    run = 1
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(document.blocks) and _figure_entry(document, document.blocks[j]):
            run, j = run + 1, j + step
    return run >= FIGURE_LIST_MIN


@functools.lru_cache(maxsize=1)
def _opens_with_number() -> "re.Pattern[str]":
    """A card's text opens with its number (patterns/figures: ``cards.opens_with_number``)."""
    return re.compile(rules.load("figures")["cards"]["opens_with_number"], re.I)


def is_key_figure_at(document: Document, offset: int) -> bool:
    """Is the figure at ``offset`` a key figure? In a PDF, it sits in a card or value block of
    the layout; in a text conversion, in a short block that opens with the number."""
    block = document.block_at(offset)
    if block is None:
        return False
    if document.has_positions():
        return block.role in ("card", "value") or _in_figure_list(document, block)
    return is_card(document, offset) and bool(_opens_with_number().match(document.block_text(block)))


def _card_runs(blocks: list[Block]) -> list[list[int]]:
    """Indices of the maximal runs of consecutive card blocks."""
    runs: list[list[int]] = []
    for i, block in enumerate(blocks):
        if block.role != "card":
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _right_neighbour(blocks: list[Block], i: int, run: list[int]) -> int | None:
    """The card of ``run`` on the same row as card ``i`` and nearest to its right."""
    card = blocks[i]
    if card.bbox is None:
        return None
    row = [j for j in run if blocks[j].page == card.page and blocks[j].bbox is not None
           and abs(blocks[j].bbox[1] - card.bbox[1]) < card.size / 2 and blocks[j].bbox[0] > card.bbox[2]]
    return min(row, key=lambda j: blocks[j].bbox[0], default=None)


def _chains(document: Document, run: list[int]) -> list[list[int]]:
    """The cards of ``run`` grouped into statements, each in the reading order of its first card."""
    follows = {i: j for i in run if dangles(document.block_text(document.blocks[i]))
               and (j := _right_neighbour(document.blocks, i, run)) is not None}
    chains = []
    for i in run:
        if i in follows.values():
            continue
        chain = [i]
        while chain[-1] in follows and follows[chain[-1]] not in chain:
            chain.append(follows[chain[-1]])
        chains.append(chain)
    return chains


def _value_cell(text: str) -> bool:
    """A block whose whole text is a value ("13,5 millions", "plus de 3 300"): patterns/layout
    ``value_block``, what the layout reads as a card's value when it is set large."""
    return bool(_value_pattern().match(" ".join(text.split())))


@functools.lru_cache(maxsize=1)
def _value_pattern() -> "regex.Pattern":
    return regex.compile(rules.load("layout")["value_block"], regex.I)


def _label_cell(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= FIGURE_ENTRY_WORDS and not _value_cell(text) and not text.rstrip().endswith((".", "!", "?"))


def _same_row(a: tuple, b: tuple) -> bool:
    """Two cells of one row: their heights overlap by half the shorter one's (a cell's text
    may sit at the top, middle or bottom of its row)."""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap >= 0.5 * min(a[3] - a[1], b[3] - b[1])


def _table_runs(document: Document) -> list[tuple[list[int], list[list[int]]]]:
    """Two-column tables of quantities and short labels read column by column (all the
    labels, then all the values: each cell its own block): (the run of cell blocks, its rows
    as [value, label] chains in row order). A value pairs with the nearest label block on its
    row (``_same_row``), on the side most values have one; at least
    ``FIGURE_LIST_MIN`` rows."""
    blocks = document.blocks
    runs: list[list[int]] = []
    for i, b in enumerate(blocks):
        if b.role != "body" or b.bbox is None or not (_value_cell(document.block_text(b))
                                                      or _label_cell(document.block_text(b))):
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    out = []
    for run in runs:
        values = [i for i in run if _value_cell(document.block_text(blocks[i]))]
        labels = [i for i in run if i not in values]
        beside: dict[bool, dict[int, list[int]]] = {True: {}, False: {}}  # label on the left? -> value -> labels
        for v in values:
            vb = blocks[v].bbox
            for j in labels:
                lb = blocks[j].bbox
                if blocks[j].page == blocks[v].page and _same_row(lb, vb) and (lb[2] <= vb[0] or lb[0] >= vb[2]):
                    beside[lb[2] <= vb[0]].setdefault(v, []).append(j)
        # the side most values have a label on (a table set in two page columns has labels of
        # the other column on the far side of some values); on it, the nearest label
        left = len(beside[True]) >= len(beside[False])
        pairs: dict[int, int] = {}
        for v, row in beside[left].items():
            nearest = min(row, key=lambda j: abs(blocks[j].bbox[2 if left else 0] - blocks[v].bbox[0 if left else 2]))
            if nearest not in pairs.values():
                pairs[v] = nearest
        if len(pairs) < FIGURE_LIST_MIN:
            continue
        rows = sorted(pairs, key=lambda v: (blocks[v].page or 0, round(min(blocks[v].bbox[0], blocks[pairs[v]].bbox[0])),
                                            blocks[v].bbox[1]))  # column by column of the page, row by row
        paired = set(pairs) | set(pairs.values())
        out.append((run, [[v, pairs[v]] for v in rows] + [[i] for i in run if i not in paired]))
    return out


def join_cards(document: Document) -> Document:
    """``document`` with every statement that runs over several cards as one card block, its
    cards joined by a space ("94,6 milliards d'euros de prestations versées, dont 5,6
    milliards pour le Fnas"), and every row of a value | label table read column by column
    as one card block ("13,5 millions allocataires", ``_table_runs``).

    Each rewritten run of blocks is padded to its former length, so every offset outside
    the runs, and whatever was computed on them (the spaCy parse), stays valid."""
    blocks = list(document.blocks)
    chars = list(document.text)
    columns = {name: array(getattr(document, name).typecode, getattr(document, name)) for name in _POSITIONS}
    joined: set[int] = set()
    work = [(run, _chains(document, run), None) for run in _card_runs(document.blocks)]
    work += [(run, chains, "card") for run, chains in _table_runs(document)]
    for run, chains, role in work:
        at, end = document.blocks[run[0]].start, document.blocks[run[-1]].end
        source: list[int | str] = []  # where each new character comes from: a doc offset, or itself
        heads: dict[int, Block] = {}
        for chain in chains:
            if source:
                source.append("\n")
            first = len(source)
            for k, i in enumerate(chain):
                source.extend(([" "] if k else []) + list(range(document.blocks[i].start, document.blocks[i].end)))
            bbox = union([document.blocks[i].bbox for i in chain if document.blocks[i].bbox])
            head = document.blocks[chain[0]]
            is_row = role and (len(chain) > 1 or _lone_row(document, head))
            heads[chain[0]] = replace(head, start=at + first, end=at + len(source), bbox=bbox,
                                      role=role if is_row else head.role)
        if len(chains) == len(run) or len(source) > end - at:
            continue
        for i, head in heads.items():
            blocks[i] = head
        joined.update(i for chain in chains for i in chain[1:])
        source.extend("\n" * (end - at - len(source)))
        for k, src in enumerate(source, start=at):
            chars[k] = document.text[src] if isinstance(src, int) else src
            if document.has_positions():
                for name, column in columns.items():
                    column[k] = getattr(document, name)[src] if isinstance(src, int) else (
                        document.blocks[run[0]].page or 0 if name == "char_page" else math.nan)
    turned = _value_first(document, [b for i, b in enumerate(blocks) if i not in joined], chars, columns)
    if not joined and not turned:
        return document
    blocks = sorted((b for i, b in enumerate(blocks) if i not in joined), key=lambda b: b.start)
    return replace(document, text="".join(chars), blocks=blocks, **columns).numbers_of(document)


#: the gap between a label and its value on one row of a two-column table is at least this
#: many font sizes (a word space is a fraction of one)
ROW_GUTTER = 2.0


def _value_first(document: Document, blocks: list[Block], chars: list[str], columns: dict[str, array]) -> int:
    """Turn each card that is one row of an unruled label | value table ("Aides au logement :
    montant    3,4 milliards d'euros") into the value | label form of every other card ("3,4
    milliards d'euros Aides au logement : montant"), in ``chars``
    and ``columns``, in place (same length: every offset stays valid); how many were turned.
    The label is then read as a card's caption, whole, and the value as a key figure, not as
    a cell of accounts. A row of a ruled table (a vertical rule in its gutter) is left as it
    is: its cells are labelled from the table (``ruled_cells``)."""
    if not document.has_positions():
        return 0
    turned = 0
    for block in blocks:
        text = "".join(chars[block.start:block.end])
        if block.role != "card" or "\n" in text.strip() or _opens_with_number().match(text):
            continue
        k = _gutter(document, block, chars, columns)
        if k is None:
            continue
        label, value = range(block.start, k), range(k + 1, block.end)
        if not _opens_with_number().match("".join(chars[i] for i in value)) or \
                len("".join(chars[i] for i in label).split()) > FIGURE_ENTRY_WORDS:
            continue
        order = list(value) + [k] + list(label)
        chars[block.start:block.end] = [chars[i] for i in order]
        for column in columns.values():
            column[block.start:block.end] = array(column.typecode, [column[i] for i in order])
        turned += 1
    return turned


def _gutter(document: Document, block: Block, chars, columns) -> int | None:
    """The offset of the space that stands for the gutter of a one-line block that is a row
    of an unruled two-column table: the widest gap between two of its words, at least
    ``ROW_GUTTER`` font sizes, with no vertical rule in it; None when it has none."""
    x0, x1 = columns["char_x0"], columns["char_x1"]
    gaps = [(x0[k + 1] - x1[k - 1], k) for k in range(block.start + 1, block.end - 1)
            if chars[k] == " " and not math.isnan(x0[k + 1]) and not math.isnan(x1[k - 1])]
    gap, k = max(gaps, default=(0.0, 0))
    if gap < ROW_GUTTER * (block.size or 10.0) or _ruled_between(document, block, x1[k - 1], x0[k + 1]):
        return None
    return k


def _lone_row(document: Document, block: Block) -> bool:
    """``block`` is one row of a two-column table of quantities and short labels, value first,
    set apart from the rest of its table (the foot of a column, the rest at the top of the
    next): one line, a number, the gutter, a short label."""
    text = document.block_text(block)
    if not document.has_positions() or "\n" in text.strip() or not _opens_with_number().match(text):
        return False
    columns = {name: getattr(document, name) for name in ("char_x0", "char_x1")}
    k = _gutter(document, block, document.text, columns)
    return k is not None and _value_cell(document.text[block.start:k]) and _label_cell(document.text[k + 1:block.end])


def _ruled_between(document: Document, block: Block, left: float, right: float) -> bool:
    """Does a vertical rule of ``block``'s page run down between ``left`` and ``right`` at the
    block's height?"""
    if block.bbox is None:
        return False
    return rule_between(vertical_rules(document.rules.get(block.page or 0, [])), left, right,
                        (block.bbox[1] + block.bbox[3]) / 2)


def card_title(document: Document, offset: int) -> str | None:
    """The title of the key-figure card holding ``offset``: the nearest heading or capitalised
    block among the three blocks before it, with the heading line before it when the layout
    split a two-line title in two blocks ("PRESTATION D'ACCUEIL DU JEUNE" + "ENFANT (PAJE)"),
    in sentence case ("Allocations familiales (AF)")."""
    i = document.block_index(offset)
    for j in range(i - 1, max(-1, i - 4), -1):
        block = document.blocks[j]
        title = " ".join(document.block_text(block).split())
        if _is_title(block, title):
            if j > 0 and _continues_heading(document, document.blocks[j - 1], block):
                title = _join_lines(" ".join(document.block_text(document.blocks[j - 1]).split()), title)
            return _sentence_case(title)
    return None


def _is_title(block: Block, text: str) -> bool:
    return block.role == "heading" or (text.isupper() and len(text) < 90)


def _continues_heading(document: Document, first: Block, second: Block) -> bool:
    """True when ``second`` is the next line of the title ``first``: same left edge, right
    under it, and both headings of one level, or (OCR words have no bold to make them
    headings) both short lines in capitals of about one size."""
    if first.bbox is None or second.bbox is None or first.page != second.page:
        return False
    if first.role == "heading" and second.role == "heading":
        if first.level != second.level:
            return False
    elif not (_is_title(first, document.block_text(first)) and _is_title(second, document.block_text(second))
              and abs(first.size - second.size) <= TITLE_SIZE_CHANGE * max(first.size, second.size)):
        return False
    return abs(first.bbox[0] - second.bbox[0]) < 2 and 0 <= second.bbox[1] - first.bbox[3] < second.size


#: two lines of one title differ in measured size by at most this share (OCR measures each
#: line's size from its own glyphs)
TITLE_SIZE_CHANGE = 0.12


def _join_lines(first: str, second: str) -> str:
    """Two lines of a title as one: a word broken at the line end ("ALLOCATION DE LOGEMENT
    SO-" + "CIALE (ALS)") is re-joined without its hyphen when the whole word is French (a
    scan cannot tell a soft hyphen from a hard one), else with it ("FRANCO-" + "ALLEMAND")."""
    head, _, last = first.rpartition(" ")
    word = second.split(" ", 1)[0]
    if len(last) > 2 and last[-1] in "-\u2010\u00ad" and last[-2].isalpha() and word[:1].isalpha():
        broken = last[:-1] + word.rstrip(",.;:)")
        if broken.lower() in lexicon(DEFAULT_MODEL):  # named: the cache's one entry per model
            return (head + " " if head else "") + last[:-1] + second
        return first + second
    return first + " " + second


_CAPITALS = regex.compile(r"(?<!\()\b\p{Lu}[\p{Lu}'’-]*\b(?!\))")


def _sentence_case(title: str) -> str:
    """"ALLOCATIONS FAMILIALES (AF)" -> "Allocations familiales (AF)"."""
    if not title.isupper():
        return title
    lowered = _CAPITALS.sub(lambda m: m.group(0).lower(), title)
    return lowered[:1].upper() + lowered[1:]
