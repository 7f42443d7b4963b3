"""Text helpers every stage shares: folding (case, accents, apostrophes) and simple plurals."""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator

import regex

__all__ = [
    "fold", "singular", "compiled", "word_alternation", "pieces", "STATEMENT_END", "NER_PIECE_END", "DATE_SENTENCE_END",
    "REFERENCE_SENTENCE_END", "LETTER",
]

#: a letter of any script: a text holding one holds words, not only numbers and signs
LETTER = regex.compile(r"\p{L}")
#: a year and nothing else, as a table's header or section line prints it ("2023")
BARE_YEAR = regex.compile(r"^(?:19|20)\d\d$")


# -- text helpers -------------------------------------------------------------------------
@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accents removed, typographic apostrophes made plain. Case is folded first:
    a combining mark may fold to a letter (the iota subscript U+0345 to "ι", as its capital
    "Ι" does), and must not be dropped as an accent in one case and kept in the other."""
    text = unicodedata.normalize("NFD", text.replace("\u2019", "'").casefold())
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def singular(word: str) -> str:
    """A simple French plural made singular: a word of more than three letters loses a final
    ``s`` or ``x`` (allocataires → allocataire; irregular plurals such as nationaux stay)."""
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


@functools.lru_cache(maxsize=4096)
def compiled(pattern: str, flags: int = 0) -> "regex.Pattern":
    """``regex.compile(pattern, flags)``, once per pattern: ``compiled(p).search(s)`` is
    ``regex.search(p, s)`` without the look-up in regex's own cache on every call (bounded:
    acronyms compile a pattern per word form)."""
    return regex.compile(pattern, flags)


def word_alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` (escaped), as a tree of their common prefixes
    ("ma(?:i|rs)" for "mai", "mars"): the same words as ``a|b|c``, but tried a letter at a
    time instead of word by word at every position of a scan, which halves the time of a
    case-insensitive scan for month words over a long report (20 → 11 ms, 256,000
    characters). Where a word is a prefix of another, the longer is tried first."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict) -> str:
        alternatives = [regex.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + branch(tree) + ")"


# -- sentence ends ---------------------------------------------------------------------------
# Each reader cuts text where it needs to, and the cuts differ on purpose (merging them would
# change records); they live here, side by side, so that a change to one is made knowing the
# others.

#: a figure's statement (``extract.figures``): after . ! ? ; and before a bullet
STATEMENT_END = regex.compile(r"(?<=[.!?;])\s+|\s+(?=[›>•]\s)")
#: a piece of text the NER may be asked about (``extract.needs``): after end punctuation
#: (… and : too) and at line breaks; a margin of context tokens makes up for a cut too many
NER_PIECE_END = re.compile(r"(?<=[.!?…;:])\s+|\n+")
#: a date's sentence (``extract.dates``): end punctuation before a capital or a digit
DATE_SENTENCE_END = regex.compile(r"[.!?…](?=\s+[«\"(]?\s*[\p{Lu}\d])")
#: a reference sentence of a text conversion (``quality.evaluation``): as above, after a space
REFERENCE_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«A-ZÀ-Ý0-9])")


def pieces(text: str, start: int, end: int, ends: "re.Pattern[str]") -> Iterator[tuple[int, int]]:
    """(start, end) of the pieces of ``text[start:end]`` between the matches of ``ends``
    (empty pieces left out)."""
    for m in ends.finditer(text, start, end):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < end:
        yield start, end
