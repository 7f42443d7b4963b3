"""Text repairs where a PDF's own encoding is broken.

Faults that a clean PDF never shows and designed reports often do:

* **overprinting**: a heading printed twice at the same place (a fake bold, or a bold and a
  regular font on top of each other) extracts as "RReessppoonnssaabblleess". pdfplumber's
  ``dedupe_chars`` only merges copies in the same font; here any two glyphs with the same
  text and the same box (within a tolerance) are one, whatever their font, in O(n log n);
* **drop caps**: a large initial set apart from its word ("L" + "e service…"), found by
  geometry: a single capital in type much larger than the line just right of it, whose top
  it shares; it is given that line's size and baseline so that the line builder reads it as
  the word's first letter;
* **TeX font codes**: a LaTeX font in the Cork (T1) encoding with no Unicode map gives its
  ligatures and quotes as control characters ("a\x1cn" for "afin", "\x13" for "«"; pdfminer
  says "(cid:28)"): they are read as the characters the encoding puts there;
* **accents for spaces**: a font whose Unicode map gives its space glyph a combining accent
  (U+0301 after "é") extracts "qualité́générale"; a lone accent that takes its own
  advance after the letter before it, instead of being drawn over it, is that space;
* **mathematical letters** from an equation editor ("𝑁𝑜𝑚𝑏𝑟𝑒", "𝟗𝟔,𝟖") read as plain text;
* **lost ligatures**: fonts whose ``f``, ``fi``, ``ff``… glyphs have no Unicode mapping
  extract as U+FFFD or drop a letter ("attenti�s", "�amiliarisé", "bénéfce"). A word is
  repaired only when exactly one candidate reading is a French word, per the lexicon of
  the installed spaCy model (the method of dictionary-validated OCR post-correction, e.g.
  Kukich, "Techniques for automatically correcting words in text", ACM Computing Surveys
  1992: generate candidates from a confusion set, keep the unique dictionary word).

The confusion sets and thresholds are data in ``patterns/repair/fr.yaml``. Every function
returns how many repairs it made, so that ``Document.repairs`` can say so per kind.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

import regex

from ..core import rules
from ..core.resources import DEFAULT_MODEL, lexicon
from .backends import Char
from .compiled import _glyphs

__all__ = [
    "REPLACEMENT", "CORK_CODES", "repair_page", "plain_tex_codes", "GlyphFacts", "glyph_facts", "dedupe_overprint", "plain_math",
    "join_drop_caps", "spaces_mapped_as_accents", "ligature_candidates", "repair_word", "glyph_words", "repair_ligatures",
    "french_word"
]

REPLACEMENT = "\ufffd"


@functools.lru_cache(maxsize=None)
def _data() -> dict:
    return rules.load("repair")


# -- overprinting ---------------------------------------------------------------------------
def repair_page(chars: list[Char]) -> tuple[list[Char], dict[str, int], "GlyphFacts"]:
    """A page's glyphs through the repairs made on every page, in turn: overprinted copies
    removed, drop caps joined, mathematical letters made plain. What they ask of every glyph
    is read in one pass (``glyph_facts``). Returns (chars, repairs made per kind, the
    ``GlyphFacts`` of the chars returned)."""
    tol = _tolerance()
    facts = glyph_facts(chars, tol)
    chars, overprint = dedupe_overprint(chars, facts.suspects)
    if overprint:  # glyphs went: ask again
        facts = glyph_facts(chars, tol)
    chars, drop_cap = join_drop_caps(chars, facts)
    chars, math_alphanumeric = plain_math(chars, facts.highest)
    chars, tex_codes = plain_tex_codes(chars)
    chars, accent_space = spaces_mapped_as_accents(chars)
    if drop_cap or math_alphanumeric or tex_codes or accent_space:  # sizes or texts changed: the facts of the repaired page
        facts = glyph_facts(chars, tol)
    return chars, {"overprint": overprint, "drop_cap": drop_cap, "math_alphanumeric": math_alphanumeric,
                   "tex_code": tex_codes, "accent_space": accent_space}, facts


@dataclass(frozen=True)
class GlyphFacts:
    """What the page repairs ask of every glyph (``glyph_facts``)."""
    #: indices of the non-space glyphs that another glyph of the same text matches within the
    #: overprint tolerance in x0, top and x1 (a glyph outside is never a copy nor an original)
    suspects: set[int]
    #: the median type size of the non-space glyphs (``sorted(sizes)[n // 2]``; 0.0 if none)
    body: float
    #: (index, size) of each glyph that is a single upper-case letter
    capitals: list[tuple[int, float]]
    #: the highest code point of all the glyphs' texts (0 if none)
    highest: int
    #: how many non-space glyphs have each type size, the sizes in the order they first appear
    size_counts: dict[float, int]
    #: a text holds U+FFFD (a character the font lost: ``repair_ligatures``)
    damaged: bool


def glyph_facts(chars: list[Char], tol: float) -> GlyphFacts:
    """``GlyphFacts`` of ``chars`` in one pass: compiled (``_glyphs.glyph_facts``) when the
    extension is built and every coordinate and size is a number, else in Python."""
    found = _glyphs.glyph_facts(chars, tol) if _glyphs is not None else None
    if found is None:
        return _glyph_facts_python(chars, tol)
    return GlyphFacts(*found)


def _glyph_facts_python(chars: list[Char], tol: float) -> GlyphFacts:
    ink_sizes = [c.size for c in chars if not c.text.isspace()]
    sizes = sorted(ink_sizes)
    text = "".join([c.text for c in chars])
    return GlyphFacts(_overprint_suspects(chars, tol), sizes[len(sizes) // 2] if sizes else 0.0,
                      [(k, c.size) for k, c in enumerate(chars) if len(c.text) == 1 and c.text.isupper()],
                      ord(max(text, default="\0")), dict(Counter(ink_sizes)), REPLACEMENT in text)


def _tolerance() -> float:
    return float(_data()["overprint"]["tolerance"])


def dedupe_overprint(chars: list[Char], suspects: set[int] | None = None) -> tuple[list[Char], int]:
    """``chars`` without the copies of a glyph printed again on top of itself (same text,
    same box within ``overprint.tolerance`` points); a copy in a bold font makes the kept
    glyph bold. ``suspects``: the glyphs that may be copies or originals, when known
    (``GlyphFacts.suspects``). Returns (chars, number of copies removed)."""
    tol = _tolerance()
    if suspects is None:
        suspects = _overprint_suspects(chars, tol)
    if not suspects:
        return list(chars), 0
    seen: dict[tuple[str, int, int], list[int]] = {}
    get = seen.get
    out: list[Char] = []
    removed = 0
    for k, c in enumerate(chars):
        if k not in suspects:  # no glyph with its text and box: spaces, and most glyphs
            out.append(c)
            continue
        text, kx, ky = c.text, int(c.x0 // tol), int(c.top // tol)
        twin = None
        for dx, dy in _NEIGHBOUR_CELLS:  # a twin within ``tol`` lies in this cell or next to it
            for i in get((text, kx + dx, ky + dy), ()):
                o = out[i]
                if abs(o.x0 - c.x0) <= tol and abs(o.top - c.top) <= tol and abs(o.x1 - c.x1) <= tol:
                    twin = i
                    break
            if twin is not None:
                break
        if twin is not None:
            removed += 1
            if c.bold and not out[twin].bold:
                out[twin] = replace(out[twin], bold=True)
            continue
        seen.setdefault((text, kx, ky), []).append(len(out))
        out.append(c)
    return out, removed




def _overprint_suspects(chars: list[Char], tol: float) -> set[int]:
    """Indices of the non-space glyphs that have another glyph of the same text whose x0, top
    and x1 are each within ``tol`` (the relation is symmetric: a glyph outside this set is
    never a copy, nor the original of one)."""
    ink = sorted([(c.text, c.x0, c.top, c.x1, k) for k, c in enumerate(chars) if not c.text.isspace()])
    n = len(ink)
    # sorted by text then x0: a glyph's twins follow it, and only while the next glyph does
    starts = [p for p in range(n - 1) if ink[p][0] == ink[p + 1][0] and ink[p + 1][1] - ink[p][1] <= tol]
    suspects: set[int] = set()
    for p in starts:
        text, x0, top, x1, k = ink[p]
        for q in range(p + 1, n):
            text2, x02, top2, x12, k2 = ink[q]
            if text2 != text or x02 - x0 > tol:
                break
            if abs(top2 - top) <= tol and abs(x12 - x1) <= tol:
                suspects.add(k)
                suspects.add(k2)
    return suspects


_NEIGHBOUR_CELLS = tuple(itertools.product((0, -1, 1), repeat=2))


# -- mathematical letters and digits ---------------------------------------------------------
def plain_math(chars: list[Char], highest: int | None = None) -> tuple[list[Char], int]:
    """Mathematical alphanumeric symbols (U+1D400–U+1D7FF: a formula set in an equation
    editor, "𝟗𝟔, 𝟖 %") read as the plain letters and digits they are styled from (NFKC).
    ``highest``: the highest code point of the glyphs, when known (``GlyphFacts.highest``).
    Returns (chars, number of glyphs changed)."""
    if highest is None:
        highest = ord(max("".join([c.text for c in chars]), default="\0"))
    if highest < 0x1D400:
        return list(chars), 0  # nothing at or above the block
    out, changed = [], 0
    for c in chars:
        if any(0x1D400 <= ord(ch) <= 0x1D7FF for ch in c.text):
            out.append(replace(c, text=unicodedata.normalize("NFKC", c.text)))
            changed += 1
        else:
            out.append(c)
    return out, changed


# -- TeX font codes -------------------------------------------------------------------------
#: what the Cork (T1) encoding, LaTeX's usual one for French (``fontenc``), puts at the
#: control-character codes a font without a Unicode map passes on: quotes, dashes, dotless
#: i and j, and the f-ligatures (a control character is never text on a page, so the reading
#: is safe; the codes below 0x10 are accents, which such fonts compose, and stay as they are)
CORK_CODES: dict[int, str] = {
    0x10: "\u201c", 0x11: "\u201d", 0x12: "\u201e", 0x13: "\u00ab", 0x14: "\u00bb", 0x15: "\u2013",
    0x16: "\u2014", 0x17: "", 0x18: "", 0x19: "i", 0x1A: "j", 0x1B: "ff", 0x1C: "fi", 0x1D: "fl",
    0x1E: "ffi", 0x1F: "ffl",
}
_TEX_CODE = regex.compile(r"^(?:[\x10-\x1f]|\(cid:(1[6-9]|2\d|3[01])\))$")
_ANY_TEX_CODE = regex.compile(r"[\x10-\x1f]|\(cid:(?:1[6-9]|2\d|3[01])\)")


def plain_tex_codes(chars: list[Char]) -> tuple[list[Char], int]:
    """Glyphs whose text is a Cork-encoded control code (pdfium passes the code on, pdfminer
    writes "(cid:N)") given the text the encoding means (``CORK_CODES``). Returns (chars,
    number of glyphs changed)."""
    if not _ANY_TEX_CODE.search("".join([c.text for c in chars])):
        return chars, 0  # nearly every page: nothing to read again
    out, changed = [], 0
    for c in chars:
        m = _TEX_CODE.match(c.text)
        if m is None:
            out.append(c)
            continue
        text = CORK_CODES[int(m.group(1)) if m.group(1) else ord(c.text)]
        if text:  # (a compound-word mark or a per-mille zero has no text of its own)
            out.append(replace(c, text=text))
        changed += 1
    return out, changed


# -- accents for spaces ---------------------------------------------------------------------
_ANY_MARK = regex.compile(r"\p{Mn}")


def spaces_mapped_as_accents(chars: list[Char]) -> tuple[list[Char], int]:
    """Glyphs whose text is a lone combining mark but that are set after the glyph before
    them, on its line, with an advance of their own, read as spaces: a real accent is drawn
    over its letter (or has no advance). Returns (chars, number of glyphs changed)."""
    if not _ANY_MARK.search("".join([c.text for c in chars])):
        return chars, 0  # nearly every page
    out, changed = list(chars), 0
    for k in range(1, len(chars)):
        c, before = chars[k], chars[k - 1]
        if len(c.text) != 1 or unicodedata.category(c.text) != "Mn" or c.x1 - c.x0 <= 0:
            continue
        on_line = abs(c.top - before.top) < 0.3 * max(c.size, 1.0)
        if on_line and c.x0 >= before.x1 - _tolerance() and before.text.strip():
            out[k] = replace(c, text=" ")
            changed += 1
    return out, changed


# -- drop caps ------------------------------------------------------------------------------
def join_drop_caps(chars: list[Char], facts: GlyphFacts | None = None) -> tuple[list[Char], int]:
    """Give each drop cap (a lone capital at least ``drop_cap.size_ratio`` times larger than
    the text right of it, sharing that text's top) the size and box height of that text, so
    that it is read as the first letter of its word. ``facts``: the glyphs' ``GlyphFacts``,
    when known. Returns (chars, number joined)."""
    conf = _data()["drop_cap"]
    ratio, reach = float(conf["size_ratio"]), float(conf["reach"])
    if facts is None:
        facts = _glyph_facts_python(chars, _tolerance())
    least = ratio * facts.body
    big = [chars[k] for k, size in facts.capitals if size >= least]
    if not big:
        return chars, 0
    ink = [c for c in chars if not c.text.isspace()]
    sizes = sorted([c.size for c in ink])
    moved: dict[int, Char] = {}
    # the glyphs by top, to look only about the cap's height (then back in page order)
    order = sorted(range(len(ink)), key=lambda k: ink[k].top)
    tops = [ink[k].top for k in order]
    widest = max(sizes)
    for cap in big:
        # |c.top - cap.top| <= c.size + 0.25 * cap.size, c.size <= widest (a point of slack);
        # the glyphs of the cap's own size next to it are within cap.size <= widest
        reach_y = widest + 0.25 * cap.size + 1.0
        lo = bisect.bisect_left(tops, cap.top - reach_y)
        hi = bisect.bisect_right(tops, cap.top + reach_y)
        near = [ink[k] for k in sorted(order[lo:hi])]
        right = [c for c in near if c is not cap and c.size * ratio <= cap.size
                 and 0 <= c.x0 - cap.x1 <= reach * c.size
                 and abs(c.top - cap.top) <= c.size + 0.25 * cap.size]
        if not right:
            continue
        # the cap must stand alone: no glyph of its own size right next to it
        if any(c is not cap and abs(c.size - cap.size) < 0.2 * cap.size and abs(c.top - cap.top) < cap.size
               and 0 <= c.x0 - cap.x1 < cap.size for c in near):
            continue
        first = min(right, key=lambda c: (c.top, c.x0))
        line = [c for c in right if abs(c.top - first.top) < 0.3 * first.size] or [first]  # (type of size 0)
        nxt = min(line, key=lambda c: c.x0)
        moved[id(cap)] = replace(cap, x0=nxt.x0 - (nxt.x1 - nxt.x0), x1=nxt.x0, top=nxt.top,
                                 bottom=nxt.bottom, size=nxt.size, bold=nxt.bold)
    return [moved.get(id(c), c) for c in chars], len(moved)


# -- lost ligatures ------------------------------------------------------------------------
def ligature_candidates(word: str, replacement: tuple[str, ...], after_f: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Readings of ``word``, one piece per character: each U+FFFD replaced by one of
    ``replacement``, each ``f`` optionally followed by one of ``after_f``, the letters a
    dropped ligature glyph lost (``fi``, ``fl``)."""
    slots: list[list[str]] = []
    for ch in word:
        if ch == REPLACEMENT:
            slots.append(list(replacement))
        elif ch.lower() == "f":
            slots.append([ch] + [ch + tail for tail in after_f])
        else:
            slots.append([ch])
    if sum(len(s) > 1 for s in slots) > int(_data()["ligatures"]["max_slots"]):
        return []
    return [p for p in itertools.product(*slots) if "".join(p) != word]


def repair_word(word: str, known: Callable[[str], bool], replacement: tuple[str, ...] | None = None,
                after_f: tuple[str, ...] | None = None) -> list[tuple[str, ...]]:
    """The dictionary readings of a damaged ``word`` (one piece per character): none when
    the word is sound, several when it is ambiguous ("\ufffdaire": "faire" or "flaire")."""
    if REPLACEMENT not in word and (known(word.lower()) or "f" not in word.lower()):
        return []
    conf = _data()["ligatures"]
    replacement = tuple(conf["replacement"]) if replacement is None else replacement
    after_f = tuple(conf["after_f"]) if after_f is None else after_f
    hits = {"".join(p).lower(): p for p in ligature_candidates(word, replacement, after_f)
            if known("".join(p).lower())}
    return list(hits.values())


def glyph_words(pieces: list[tuple[str, Char | None]]) -> list[list[Char]]:
    """Runs of letter glyphs (U+FFFD included) of a line's pieces: its words."""
    words: list[list[Char]] = []
    run: list[Char] = []
    for text, char in pieces + [(" ", None)]:
        if char is not None and (text.isalpha() or text == REPLACEMENT):
            run.append(char)
        elif run:
            words.append(run)
            run = []
    return words


def repair_ligatures(words: list[list[Char]], known: Callable[[str], bool]) -> int:
    """Repair, in place, each word (a list of glyphs) that has a unique dictionary reading;
    a glyph's text may become several letters (``f`` → ``fi``), keeping its box. Returns the
    number of words repaired.

    Two passes: the words with a unique reading over the whole confusion set show how this
    document's font is broken (U+FFFD stands for ``f``, a lone ``f`` lost an ``i``); the
    ambiguous words are then read again with that narrower confusion set, and repaired when
    that leaves one reading. Call only when the document holds a U+FFFD, the sign that its
    ``f`` glyphs are broken (elsewhere "f" in an unknown word is just a rare word)."""
    count = 0
    seen_replacement: set[str] = set()
    seen_tails: set[str] = set()
    ambiguous: list[list[Char]] = []

    def apply(glyphs: list[Char], pieces: tuple[str, ...]) -> None:
        for c, piece in zip(glyphs, pieces):
            if c.text == REPLACEMENT:
                seen_replacement.add(piece)
            elif piece != c.text:
                seen_tails.add(piece[len(c.text):])
            c.text = piece

    for glyphs in words:
        hits = repair_word("".join(c.text for c in glyphs), known)
        if len(hits) == 1:
            apply(glyphs, hits[0])
            count += 1
        elif hits:
            ambiguous.append(glyphs)
    for glyphs in ambiguous:
        hits = repair_word("".join(c.text for c in glyphs), known, tuple(sorted(seen_replacement)),
                           tuple(sorted(seen_tails)))
        if len(hits) == 1:
            apply(glyphs, hits[0])
            count += 1
    return count


def french_word(model: str = DEFAULT_MODEL) -> Callable[[str], bool]:
    """Membership in the French lexicon of the spaCy pipeline package ``model`` (the one the
    run uses: one model per process)."""
    return lexicon(model).__contains__
