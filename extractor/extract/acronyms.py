"""Acronyms: glossary sections, in-text definitions and acronyms used without a definition.

In-text definitions follow Schwartz & Hearst, "A simple algorithm for identifying abbreviation
definitions in biomedical text" (PSB 2003): a short form in parentheses next to a candidate
long form, the long form bounded by ``min(|A| + 5, 2|A|)`` words, the first letter of the short
form matching the first letter of the long form. Their implementation (and allenai/scispacy's
``abbreviation.py``) keeps the *shortest* long form, which cuts "allocation aux adultes
handicapés (Aah)" to "aux adultes handicapés". French needs other choices, made here:

* letters are matched word by word; function words (articles, prepositions) are skipped for
  free and give a letter only at a cost, content words skipped in the middle cost more, a letter
  from inside a word ("Essoc": État au Service d'une SOciété de Confiance) costs one;
* the long form starts at a phrase boundary (after a function word, punctuation or a block
  start), never inside a noun phrase ("libre choix du mode de garde"), and is the cheapest
  such alignment, the longest on ties: the *complete* long form;
* items of an enumeration may leave the first word implicit ("sept commissions : prestations
  légales et législation (Cpll), action sociale (Cas)…").

The rules (patterns, function words, head words of kinds) are data in
``patterns/acronyms/fr.yaml``; every record names the rule that produced it.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import regex

from ..core import rules
from ..core.document import Document
from ..core.records import Acronym
from ..core.resources import DEFAULT_MODEL, Lexicon, lexicon
from ..core.text import compiled, fold, singular
from ..layout.lists import entry_lines
from .named_organisations import scoped_body

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "DIMENSION", "KNOWN_BODY", "known_bodies", "same_expansion", "clean", "Word", "words", "letters", "function_words", "Alignment",
    "align", "boundary", "best_long_form", "Definition", "long_then_short", "short_then_long",
    "inline_definitions", "glossary_spans", "glossary_entries", "column_entries", "legend_entries", "looks_like_acronym",
    "person_initials", "undefined_shapes", "undefined_tokens", "occurrences", "kind_of", "extract",
    "document_of", "make_component", "definitions"
]

DIMENSION = "acronyms"
_WORD = regex.compile(r"\p{L}+'|\p{L}+(?:-\p{L}+)*|\d+(?:[.,]\d+)*|[^\s\p{L}\d]")
_STOP = set("()[]{};:.!?«»\"")  # a long form never crosses these
_INF = float("inf")






def same_expansion(a: str, b: str) -> bool:
    """Two long forms say the same thing: case, accents, spacing and plural -s/-x aside."""
    def key(s: str) -> list[str]:
        return [singular(w) for w in compiled(r"\w+").findall(fold(s))]
    return key(a) == key(b)


_BROKEN_WORD = regex.compile(r"(?<=\p{L})[\u2010\u00ad]\s+(?=\p{L})")


def clean(text: str) -> str:
    """A long form as one line: spaces collapsed, words broken at a line end re-joined."""
    return " ".join(_BROKEN_WORD.sub("", text).split()).strip(" ,;")


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int

    @property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def is_alpha(self) -> bool:
        return self.text[0].isalpha()


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Words of ``text[start:end]`` with absolute offsets; an elided article ("d'") is a word.
    A word broken at a line end by a typesetter's hyphen ("SCO‐" + "LAIRE") is one word."""
    return [Word(t, s, e) for t, s, e in _spans(text, start, end)]


def _spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """(text, start, end) of the ``words`` of ``text[start:end]``."""
    out: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(text, start, len(text) if end is None else end):
        t, s, e = m.group(), m.start(), m.end()
        if len(out) >= 2:
            mark, prev = out[-1], out[-2]
            if (mark[0] in "\u2010\u00ad" and t[0].isalpha() and prev[0][0].isalpha()
                    and mark[1] == prev[2] and text[mark[2] : s].isspace()):
                out[-2:] = [(prev[0] + t, prev[1], e)]
                continue
        out.append((t, s, e))
    return out


def letters(acronym: str) -> str:
    return "".join(c for c in fold(acronym) if c.isalpha())


@functools.lru_cache(maxsize=None)
def function_words() -> frozenset[str]:
    return frozenset(fold(w) for w in rules.word_list(DIMENSION, "function_words"))


@functools.lru_cache(maxsize=None)
def preposed_adjectives() -> frozenset[str]:
    return frozenset(fold(w) for w in rules.word_list(DIMENSION, "preposed_adjectives"))


# -- the matching of an acronym's letters to a long form's words ----------------------------
@dataclass(frozen=True)
class Alignment:
    start: int  #: index of the long form's first word
    end: int  #: index of its last word (inclusive)
    cost: float
    skipped: int = 0  #: content words that gave no letter
    inside: int = 0  #: letters taken from inside a word


def align(acr: str, ws: list[Word], start: int, stop: int | None = None) -> Alignment | None:
    """Cheapest alignment of the letters ``acr`` to ``ws[start:]``, the first letter being the
    initial of ``ws[start]``; with ``stop``, the last letter must fall in ``ws[stop]``.

    Costs: a letter at a content word's initial 0 (or at a compound part's, "Outre-mer"), at a
    function word's initial 1, inside a word 1; a content word skipped in between 2. Commas
    are crossed; other punctuation and numbers end the long form. At most ``|A| - 1`` content
    words are skipped and at most ``(|A| - 1) // 2`` letters come from inside words.
    """
    fw = function_words()
    if not acr or start >= len(ws) or not ws[start].is_alpha or ws[start].folded[0] != acr[0]:
        return None
    if ws[start].folded in fw:
        return None
    none = (_INF, 0, 0, 0)

    @functools.lru_cache(maxsize=None)
    def best(k: int, j: int, p: int) -> tuple[float, int, int, int]:
        """Letters acr[k:] with word j matched up to char p: (cost, last word, skipped, inside)."""
        if k == len(acr):
            return (0.0, j, 0, 0) if stop is None or j == stop else none
        options = [none]
        w = ws[j].folded
        q = w.find(acr[k], p)
        while q != -1:  # inside the current word
            part = w[q - 1] == "-"
            cost, last, sk, ins = best(k + 1, j, q + 1)
            options.append((cost + (0.0 if part else 1.0), last, sk, ins + (0 if part else 1)))
            q = w.find(acr[k], q + 1)
        skipped = 0
        for jj in range(j + 1, len(ws)):  # at the initial of a later word
            nxt = ws[jj]
            if not nxt.is_alpha:
                if nxt.text == ",":
                    continue
                break
            f = nxt.folded
            if f[0] == acr[k]:
                cost, last, sk, ins = best(k + 1, jj, 1)
                options.append((cost + 2 * skipped + (1.0 if f in fw else 0.0), last, sk + skipped, ins))
            if f not in fw:
                skipped += 1
        return min(options, key=lambda o: (o[0], o[3]))  # (on a tie, fewer letters from inside words: their number is capped)

    cost, last, skipped, inside = best(1, start, 1)
    if cost == _INF or skipped > len(acr) - 1 or inside > (len(acr) - 1) // 2:
        return None
    content = sum(1 for w in ws[start : last + 1] if w.is_alpha and w.folded not in fw)
    if content > min(len(acr) + 5, 2 * len(acr)):
        return None
    return Alignment(start, last, cost, skipped, inside)


def boundary(ws: list[Word], i: int, block_starts: frozenset[int]) -> bool:
    """A long form may start at ``ws[i]``: first word, after a function word, an adjective set
    before its noun ("les anciennes *grandes entreprises nationales*") or a punctuation
    mark, or at a block start (a card title after its section heading)."""
    if i == 0 or ws[i].start in block_starts:
        return True
    prev = ws[i - 1]
    return (not prev.is_alpha or prev.folded in function_words() or prev.text.endswith("'")
            or prev.folded in preposed_adjectives())


def best_long_form(acr: str, ws: list[Word], stop: int | None, block_starts: frozenset[int] = frozenset()) -> Alignment | None:
    """The complete long form: cheapest alignment over all boundary starts, longest on ties."""
    found = [a for i in range(len(ws)) if boundary(ws, i, block_starts) and (a := align(acr, ws, i, stop))]
    return min(found, key=lambda a: (a.cost, a.start), default=None)


# -- definitions --------------------------------------------------------------------------
@dataclass(frozen=True)
class Definition:
    acronym: str
    expansion: str
    start: int  #: offset of the definition (the acronym or the long form, whichever is first)
    rule: str


def _region_before(text: str, end: int, limit: int = 400) -> list[Word]:
    """Words before ``end`` back to the nearest stop mark or number (a long form's window)."""
    ws = _spans(text, max(0, end - limit), end)
    for i in range(len(ws) - 1, -1, -1):
        if ws[i][0] in _STOP or ws[i][0][0].isdigit():
            return [Word(*w) for w in ws[i + 1 :]]
    return [Word(*w) for w in ws]


def _implicit_head(text: str, first: Word) -> str | None:
    """The noun that introduces an enumeration ("sept commissions : a (A), b (B)"), for items
    whose acronym starts with that noun's letter."""
    before = _spans(text, max(0, first.start - 600), first.start)
    for i in range(len(before) - 1, 0, -1):
        if before[i][0] in ".;!?":
            return None
        if before[i][0] == ":":
            head = before[i - 1][0]
            return head if head[0].isalpha() else None
    return None




def _after_its_head(acr: str, ws: list[Word], block_starts: frozenset[int]) -> tuple[int, int] | None:
    """(start, end) of a long form whose letters start right after the noun it qualifies:
    "des facteurs *environnementaux, sociaux et de gouvernance* (ESG)", where the letters are
    the adjectives' and the head noun, which gives none, is part of what the acronym stands
    for. Only a letter-for-letter match of words in lower case (a name in capitals starts
    itself: its first word has a letter); None otherwise."""
    if len(ws) < 2 or len(acr) < 2:
        return None
    for i in range(1, len(ws)):
        head = ws[i - 1]
        if boundary(ws, i, block_starts) or not head.is_alpha or head.folded in function_words() \
                or not boundary(ws, i - 1, block_starts):
            continue
        hit = align(acr, ws, i, len(ws) - 1)
        if hit and hit.cost == 0 and all(w.text.islower() for w in ws[i:] if w.is_alpha) \
                and _adjective().fullmatch(ws[i].text):  # (a noun there is a cut phrase: "… de libre choix (Cmg)")
            return head.start, ws[-1].end
    return None


@functools.lru_cache(maxsize=1)
def _adjective() -> "regex.Pattern":
    """A lower-case adjective by its ending (the organisations' names read them the same way)."""
    return regex.compile(rules.load("organisations")["named"]["adjective"])


def long_then_short(text: str, m: "regex.Match", block_starts: frozenset[int]) -> Definition | None:
    """``long form (ACR)``: the long form ends just before the parenthesis (or before a
    trailing complement such as "pour 2020"), or is an enumeration item with an implicit head."""
    acronym, acr = m.group("acronym"), letters(m.group("acronym"))
    ends = [m.start()]
    for rule in rules.load(DIMENSION)["inline"]["trailing"]["rules"]:
        tail = compiled(rule["pattern"]).search(text[max(0, m.start() - 60) : m.start()])
        if tail:
            ends.append(max(0, m.start() - 60) + tail.start())
    for end in ends:
        ws = _region_before(text, end)
        hit = best_long_form(acr, ws, len(ws) - 1, block_starts) if ws else None
        if hit:
            return Definition(acronym, clean(text[ws[hit.start].start : ws[hit.end].end]), ws[hit.start].start, "long_then_short")
    ws = _region_before(text, m.start())  # (read once for the three readings below)
    hit = best_long_form(acr, ws, None, block_starts) if ws else None
    if hit and _complement(ws[hit.end + 1:]):  # "le résultat opérationnel avant impôts (RO)"
        return Definition(acronym, clean(text[ws[hit.start].start : ws[-1].end]), ws[hit.start].start, "long_then_short")
    headed = _after_its_head(acr, ws, block_starts)
    if headed is not None:
        return Definition(acronym, clean(text[headed[0]:headed[1]]), headed[0], "long_then_short")
    items = [i for i, w in enumerate(ws) if w.text == ","]
    item = ws[items[-1] + 1 :] if items else ws
    if not item:
        return None
    head = _implicit_head(text, item[0])
    if head and fold(head)[0] == acr[0] and len(acr) > 1:
        hit = align(acr[1:], item, 0, len(item) - 1)
        if hit and hit.cost == 0:
            long = clean(text[item[0].start : item[-1].end])
            return Definition(acronym, f"{singular(head)} {long}", item[0].start, "implicit_head")
    return None


def short_then_long(text: str, m: "regex.Match", rule: str, block_starts: frozenset[int]) -> Definition | None:
    """``ACR (long form)`` and ``ACR : long form``. Inside parentheses the long form may be a
    part of the content ("Essoc (loi n°2018-727 pour un État au service d'une société de
    confiance du 10 août 2018)"); after a colon it is the whole clause, letter for letter."""
    acronym, acr = m.group("acronym"), letters(m.group("acronym"))
    ws = words(text, m.start("long"), m.end("long"))
    if rule == "colon_definition":
        alpha = [i for i, w in enumerate(ws) if w.is_alpha]
        hit = align(acr, ws, 0, alpha[-1]) if alpha else None
        if not hit or hit.cost > 0:
            return None
    else:
        hit = best_long_form(acr, ws, None, block_starts)
        if not hit or hit.cost > len(acr) / 2:
            return None
        if _complement(ws[hit.end + 1:]):  # "DSN (déclaration sociale nominative des employeurs)"
            return Definition(acronym, clean(text[ws[hit.start].start : ws[-1].end]), m.start(), rule)
    return Definition(acronym, clean(text[ws[hit.start].start : ws[hit.end].end]), m.start(), rule)


def _complement(ws: list[Word]) -> bool:
    """Are ``ws`` (the words from a long form's last letter to where it may end) a complement
    of it: a preposition of ``inline.complement_openers``, then words in lower case, at most
    ``inline.complement_words`` in all, no punctuation?"""
    openers, most = _complement_rules()
    return 0 < len(ws) <= most and ws[0].folded in openers and all(w.is_alpha and w.text.islower() for w in ws)


@functools.lru_cache(maxsize=None)
def _complement_rules() -> tuple[frozenset[str], int]:
    """(the folded ``inline.complement_openers``, ``inline.complement_words``), read once."""
    conf = rules.load(DIMENSION)["inline"]
    return frozenset(fold(w) for w in conf["complement_openers"]), conf["complement_words"]


def inline_definitions(text: str, skip: Iterable[tuple[int, int]] = (), block_starts: frozenset[int] = frozenset()) -> list[Definition]:
    """Every in-text definition of ``text`` in reading order; spans in ``skip`` (the glossary
    section) are not read."""
    spans = list(skip)
    out: list[Definition] = []
    for rule in rules.load(DIMENSION)["inline"]["rules"]:
        entries: list[tuple["regex.Match", Definition | None]] = []  # "ACR : long form" lines
        for m in compiled(rule["pattern"]).finditer(text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            if rule["name"] == "long_then_short":
                d = long_then_short(text, m, block_starts)
            else:
                d = short_then_long(text, m, rule["name"], block_starts)
            if rule["name"] == "colon_definition" and _LINE_OPENING.search(text[max(0, m.start() - 8):m.start()]):
                entries.append((m, d))
            if d:
                out.append(d)
        out.extend(_list_siblings(text, entries))
    return sorted(out, key=lambda d: d.start)


#: what may open a line before an entry "ACR : long form": a bullet, a dash
_LINE_OPENING = regex.compile(r"(?:^|\n)[ \t]*(?:[-–•▪·*][ \t]*)?$")
#: entries of one list follow each other, a line (or a blank line, and a bullet) apart
_LIST_GAP = regex.compile(r"[ \t.]*\n\s*(?:[-–•▪·*][ \t]*)?")


def _list_siblings(text: str, entries: list[tuple["regex.Match", Definition | None]]) -> list[Definition]:
    """The entries "ACR : long form" of a list of them whose letters do not spell the long
    form, when at least two entries of the same list do, and the long form opens with the
    acronym's first letter: the list defines its acronyms one by one (a network's members,
    "- CIREF : Centre International de Recherches en Formation"), the way a
    glossary does, whatever liberties one acronym takes with its words."""
    runs: list[list[tuple["regex.Match", Definition | None]]] = []
    for m, d in entries:  # entries of one list follow each other, a line apart
        if runs and _LIST_GAP.fullmatch(text, runs[-1][-1][0].end(), m.start()):
            runs[-1].append((m, d))
        else:
            runs.append([(m, d)])
    out: list[Definition] = []
    for run in runs:
        if sum(d is not None for _, d in run) < 2:
            continue
        for m, d in run:
            long = " ".join(m.group("long").split()).rstrip(" .")
            if d is None and long and long[0].isupper() and fold(long)[0] == fold(m.group("acronym"))[0]:
                out.append(Definition(m.group("acronym"), long, m.start(), "colon_definition"))
    return out


# -- glossary sections ------------------------------------------------------------------
def glossary_spans(document: Document) -> list[tuple[int, int]]:
    """Offsets of each glossary section: from a glossary heading to the next heading of the
    same or a higher level (or the end)."""
    heads = rules.load(DIMENSION)["glossary_headings"]["rules"]
    spans = []
    headings = document.headings()
    for i, h in enumerate(headings):
        title = document.block_text(h)
        if any(compiled(r["pattern"], regex.I).match(title) for r in heads):
            nxt = next((g.start for g in headings[i + 1 :] if g.level <= h.level), len(document.text))
            spans.append((h.end, nxt))
    return spans


def glossary_entries(document: Document, span: tuple[int, int]) -> list[Definition]:
    """Entries ``ACR : expansion`` (or ``ACR – expansion``) of a glossary section, one block
    (or one line) each; an entry's expansion goes on over its block's next lines. Blocks that
    do not open with an entry (a back-cover address in the column) are not entries."""
    rule = rules.load(DIMENSION)["glossary_entries"]["rules"][0]
    out: list[Definition] = []
    for block in document.blocks:
        if not (span[0] <= block.start < span[1]):
            continue
        offset, lines = block.start, entry_lines(document.block_text(block))
        current: list[str] | None = None
        for line in lines:
            m = compiled(rule["pattern"]).match(line)
            if m and letters(m.group("acronym")):
                current = [m.group("expansion")]
                out.append(Definition(m.group("acronym"), "", offset + m.start("acronym"), rule["name"]))
            elif current is not None:
                current.append(line)
            if current is not None:
                out[-1] = replace(out[-1], expansion=clean(" ".join(current)))
            offset += len(line) + 1
    return [d for d in out if d.expansion]


def column_entries(document: Document, span: tuple[int, int]) -> list[Definition]:
    """Entries of a glossary set as two columns, the sigles in one and their expansions in
    the other: the layout reads each column as its own blocks, so a sigle block is paired by
    geometry with the block whose first line shares its top, just right of it on its page.
    An expansion wrapped over several lines is one block, read whole."""
    rule = next(r for r in rules.load(DIMENSION)["glossary_columns"]["rules"])
    blocks = [b for b in document.blocks if span[0] <= b.start < span[1] and b.bbox is not None]
    sigles = [b for b in blocks if compiled(rule["pattern"]).fullmatch(document.block_text(b).strip())]
    others = [b for b in blocks if b not in sigles and b.role in ("body", "list")]
    out = []
    for s in sigles:
        size = s.size or 10.0
        beside = [b for b in others if b.page == s.page and abs(b.bbox[1] - s.bbox[1]) <= rule["top_tolerance"] * size
                  and 0 <= b.bbox[0] - s.bbox[2] <= rule["max_gap"] * size]
        if beside:
            expansion = min(beside, key=lambda b: b.bbox[0])
            out.append(Definition(document.block_text(s).strip(), clean(document.block_text(expansion)), s.start,
                                  rule["name"]))
    return out






def _legend_line(line: str, offset: int, head: "regex.Pattern", marker: "regex.Pattern") -> list[Definition] | None:
    """The entries of one line of a sigle list, or None when the line does not open with one."""
    heads = list(head.finditer(line))
    if not heads or not marker.match(line[: heads[0].start()]):
        return None
    out = []
    for m, nxt in zip(heads, heads[1:] + [None]):
        expansion = clean(line[m.end() : nxt.start() if nxt else len(line)])
        if fold(expansion[:1]) != fold(m.group("acronym")[:1]):
            return None  # "Note : Voir…" is prose, not a sigle list
        out.append(Definition(m.group("acronym"), expansion, offset + m.start("acronym"), "legend_entry"))
    return out


def legend_entries(document: Document, skip: Iterable[tuple[int, int]] = ()) -> list[Definition]:
    """Entries of sigle lists that have no heading (a table's legend): blocks every line of
    which opens with ``SIGLE : Expansion``, two entries or more; several entries may share a
    line. Blocks inside ``skip`` (glossary sections, read by their own rules) are left out."""
    by_name = {r["name"]: r for r in rules.load(DIMENSION)["glossary_entries"]["rules"]}
    head, marker = compiled(by_name["legend_entry"]["pattern"]), compiled(by_name["legend_marker"]["pattern"])
    skip = list(skip)
    out: list[Definition] = []
    for block in document.blocks:
        if any(a <= block.start < b for a, b in skip):
            continue
        offset, found = block.start, []
        for line in document.block_text(block).split("\n"):
            entries = _legend_line(line, offset, head, marker) if line.strip() else []
            if entries is None:
                break
            found += entries
            offset += len(line) + 1
        else:
            if len(found) >= 2:
                out += found
    return out


def looks_like_acronym(token: str, lexicon: Lexicon) -> bool:
    """Capitals (CDD) or a title-case word an acronym's consonants (Cdd, Sms, Plfss); not a
    dictionary word, a Roman numeral or a unit."""
    data = rules.load(DIMENSION)["undefined"]
    if token.upper() in data["not_acronyms"] or compiled(data["roman_numeral"]).match(token):
        return False
    if token.lower() in lexicon:
        return False
    if token.isupper():
        return True
    low = fold(token)
    onset = low[:2]
    consonants = "bcdfghjklmnpqrstvwxz"
    return (onset[1] in consonants and onset[0] in consonants and onset not in data["onsets"]) or bool(
        compiled(f"[{consonants}]{{3}}").search(low))


def person_initials(sdoc: "Doc | None") -> set[str]:
    """Initials of the people the NER finds ("Isabelle Sancerni" → IS): speaker labels of an
    interview, not acronyms."""
    if sdoc is None:
        return set()
    return {"".join(w[0] for w in e.text.split()).upper() for e in sdoc.ents if e.label_ == "PER" and " " in e.text}


def undefined_shapes(text: str) -> set[str]:
    """Every acronym-shaped token of ``text`` upper-cased (what ``undefined_tokens`` starts
    from, before anything is ruled out): the initials a person's name may not have without
    the NER being asked (``nlp.needs``)."""
    return {m.group().upper() for rule in rules.load(DIMENSION)["undefined"]["rules"]
            for m in compiled(rule["pattern"]).finditer(text)}


def undefined_tokens(text: str, defined: set[str], skip: Iterable[str] = (),
                     lex: Lexicon | None = None) -> dict[str, tuple[str, int]]:
    """Acronym-shaped tokens that nothing defines: folded key → (first form, first offset).
    A token also written in lower case in the document is an ordinary word (the document is
    its own dictionary: "MARS" beside "mars"); a piece of a word broken at a line end
    ("SCO‐" + "LAIRE") is not a token."""
    data = rules.load(DIMENSION)["undefined"]
    lex, skipped, seen = lex or lexicon(DEFAULT_MODEL), set(skip), {}
    # (a web or mail address is no word of the text: "www.cnil.fr" does not make CNIL one; only
    # the tokens with a dot or an at sign are looked at, a tenth of them: the pattern is slow)
    address = compiled(data["addresses"])
    kept = " ".join(t for t in text.split() if not (("." in t or "@" in t) and address.search(t)))
    lower = set(compiled(r"(?<!\p{L})\p{Ll}+(?!\p{L})").findall(kept))
    known = known_bodies()
    for rule in data["rules"]:
        for m in compiled(rule["pattern"]).finditer(text):
            token, key = m.group(), fold(m.group())
            # a national body's acronym in capitals is one, whatever the model's dictionary has of the word in lower case
            body = key in known and token.isupper()
            if key in defined or key in seen or token.upper() in skipped or token.lower() in lower and not body:
                continue
            if compiled(r"[\u2010\u00ad]").match(text[m.end() : m.end() + 1]) or compiled(
                    r"[\u2010\u00ad]\s+$").search(text[max(0, m.start() - 4) : m.start()]):
                continue
            if body or looks_like_acronym(token, lex):
                seen[key] = (token, m.start())
    return seen


def occurrences(text: str, form: str) -> list[int]:
    """Offsets of ``form`` as a whole word, in its own, upper and title case."""
    variants = "|".join(sorted({regex.escape(form), regex.escape(form.upper()), regex.escape(form.title())}))
    return [m.start() for m in compiled(rf"(?<![\p{{L}}\d@/&-])(?:{variants})(?![\p{{L}}\d@&]|\.\p{{L}}|/)").finditer(text)]


#: the rule of an undefined acronym whose long form is that of a national body (``known_bodies``)
KNOWN_BODY = "known_body"


@functools.lru_cache(maxsize=None)
def known_bodies() -> dict[str, str]:
    """Folded acronym → long form of the national bodies of ``patterns/acronyms``'s
    ``known_bodies``: what an acronym a report does not define stands for."""
    return {fold(acronym): expansion for acronym, expansion in rules.load(DIMENSION)["known_bodies"].items()}


@functools.lru_cache(maxsize=None)
def _kind_heads() -> dict[str, str]:
    return {fold(w): kind for kind, ws in rules.load(DIMENSION)["kinds"].items() for w in ws}


def kind_of(expansion: str | None, before: Iterable[str] = ()) -> str | None:
    """``organisation``, ``benefit``, ``law`` or ``programme`` from the expansion's first two
    words ("fonds national") or first word, else from a head word written before the acronym ("loi Essoc")."""
    heads = _kind_heads()
    first = words(expansion or "")[:2]
    for key in (" ".join(w.folded for w in first), first[0].folded if first else ""):
        if key in heads:
            return heads[key]
    if expansion and scoped_body(expansion):  # "Groupe interministériel de suivi…", not "Groupe de travail"
        return "organisation"
    return next((heads[fold(w)] for w in before if fold(w) in heads), None)


def extract(document: Document, sdoc: "Doc | None" = None, model: str = DEFAULT_MODEL) -> list[Acronym]:
    """One record per acronym of the document (case aside: AF and Af are one), merging its
    glossary entry and in-text definitions; acronyms never defined come with ``source``
    ``undefined`` and no expansion. ``count`` is the number of occurrences in the text and
    ``page`` the first page where it appears. ``model``: the spaCy pipeline package whose
    lexicon tells words from acronyms (the run's own: one model per process)."""
    text = document.text
    spans = glossary_spans(document)
    block_starts = frozenset(b.start for b in document.blocks)
    glossary: dict[str, Definition] = {}
    for span in spans:
        for d in glossary_entries(document, span) + column_entries(document, span):
            glossary.setdefault(fold(d.acronym), d)
    for d in legend_entries(document, spans):
        glossary.setdefault(fold(d.acronym), d)
    inline: dict[str, list[Definition]] = {}
    for d in inline_definitions(text, spans, block_starts):
        inline.setdefault(fold(d.acronym), []).append(d)
    undefined = undefined_tokens(text, set(glossary) | set(inline), person_initials(sdoc), lexicon(model))
    known = known_bodies()

    records = []
    for key in sorted(set(glossary) | set(inline) | set(undefined)):
        defs = inline.get(key, [])
        said = next((d for d in defs if not d.expansion.isupper()), defs[0] if defs else None)
        if key in glossary:
            first, source, expansion, rule = glossary[key], "glossary", glossary[key].expansion, glossary[key].rule
            other = said.expansion if said and not same_expansion(said.expansion, expansion) else None
        elif said:
            first, source, expansion, rule, other = said, "inline", said.expansion, said.rule, None
        else:
            form, offset = undefined[key]
            first = Definition(form, "", offset, "undefined_token")
            source, expansion, rule, other = "undefined", None, "undefined_token", None
            if key in known:  # a national body the report expects its reader to know
                expansion, rule = known[key], KNOWN_BODY
        found = sorted({o for d in [first, *defs] for o in occurrences(text, d.acronym)})
        before = [text[max(0, o - 30) : o].split()[-1] for o in found if text[max(0, o - 30) : o].split()]
        records.append(Acronym(
            acronym=first.acronym, expansion=expansion, source=source,
            page=document.page_at(min(found, default=first.start)), count=len(found),
            kind="organisation" if rule == KNOWN_BODY else kind_of(expansion, before), rule=rule, inline_expansion=other,
            definitions=definitions(document, glossary.get(key), defs),
        ))
    return records


def definitions(document: Document, entry: Definition | None, inline: list[Definition]) -> list[dict]:
    """Every definition of one acronym, in the order of the text: its glossary entry and each
    in-text one. The record keeps one expansion (the glossary's first), but a reader asking
    where the running text defines it needs the in-text places too."""
    found = [("glossary", entry)] if entry is not None else []
    found += [("inline", d) for d in inline]
    return [{"source": source, "page": document.page_at(d.start), "expansion": d.expansion, "rule": d.rule}
            for source, d in sorted(found, key=lambda f: f[1].start)]


def document_of(doc: "Doc") -> Document:
    """The ``Document`` a Doc was made from, or a bare one over its text (no layout)."""
    found = doc.user_data.get("document")
    return found if found is not None else Document(path="<doc>", text=doc.text, pages=0, blocks=[], source="text")


def make_component(nlp, name: str = "extractor_acronyms"):
    """A pipeline component setting ``doc._.acronyms`` (a list of ``Acronym``)."""
    from spacy.tokens import Doc

    Doc.set_extension("acronyms", default=None, force=True)

    def component(doc: "Doc") -> "Doc":
        doc._.acronyms = extract(document_of(doc), doc)
        return doc

    return component
