"""Lists the layout reader joined into one paragraph, split back into their entries.

A list of abbreviations set with dotted leaders ("Ademe ........ Agence de l'environnement")
or as "Sigle : expansion" lines is read as one block of text when its lines are close; its
entries are still there, each opening with a short term before the leader or the colon.
``entries`` finds them, so that a reader writes one entry per line (``layout.render``). An
entry wrapped over two lines stays one entry: only a leader or a term and its colon open one.
"""
from __future__ import annotations

import regex

from ..core.text import LETTER

__all__ = ["entries", "entry_lines", "MIN_ENTRIES"]

#: fewer entries than this is a sentence with a colon, not a list
MIN_ENTRIES = 2

#: a term then a dotted leader: "Ademe ........", "ADP.......", "CAF …………"
_LEADER = regex.compile(r"(?P<term>[\p{L}\d][\p{L}\d&'’./-]{0,15}?)\s*(?:\.{4,}|…{2,}|(?:\.\s){4,})\s*")
#: a short capitalised term then a colon: "CAF : Caisse d'allocations familiales", "Anah : …"
_SIGLE = regex.compile(r"(?:^|(?<=\s))(?P<term>\p{Lu}[\p{L}\d&'’-]{1,11})\s?:\s")
#: what may stand before a list's first entry: the call of the note the list is ("(*) AM : …")
_NOTE_MARK = regex.compile(r"\s*\(?[*†‡¹²³\d]{1,2}\)?\s*")


def _lead_in(text: str) -> bool:
    """``text`` (what stands before a list's first entry) is nothing, or a note's call."""
    return not text.strip() or bool(_NOTE_MARK.fullmatch(text))


def _split(text: str, pattern: regex.Pattern) -> list[str] | None:
    found = list(pattern.finditer(text))
    if len(found) < MIN_ENTRIES or not _lead_in(text[:found[0].start()]):
        return None  # not a list, or one that starts with something else than an entry
    bounds = [m.start() for m in found] + [len(text)]
    out = []
    for m, end in zip(found, bounds[1:]):
        rest = " ".join(text[m.end():end].split())
        if not LETTER.search(rest):
            return None  # a term without words after it: a table of contents ("Rapport ..... 5"), a form
        out.append(f"{m.group('term')} : {rest}")
    return out


def entries(text: str) -> list[str] | None:
    """The entries of ``text`` when it is a list of dotted-leader or "Sigle : expansion"
    entries (each as "TERM : expansion"), else None."""
    text = " ".join(text.split())
    return _split(text, _LEADER) or _split(text, _SIGLE)


def _starts(text: str, pattern: regex.Pattern) -> list[int]:
    """Where each entry of ``text`` opens (its term), when ``text`` is such a list."""
    found = [m for m in pattern.finditer(text) if m.start("term") == 0 or text[m.start("term") - 1].isspace()]
    if len(found) < MIN_ENTRIES or not _lead_in(text[:found[0].start("term")]):
        return []
    ends = [m.start("term") for m in found[1:]] + [len(text)]
    if any(not LETTER.search(text[m.end():end]) for m, end in zip(found, ends)):
        return []  # a term without words after it: a table of contents, a form
    return [m.start("term") for m in found]


def entry_lines(text: str) -> list[str]:
    """The lines of ``text`` (a block's text), a line that holds several dotted-leader or
    "Sigle : expansion" entries (the reader joined them as one paragraph) cut before each:
    every cut drops the one space before the entry, so that the pieces keep their offsets
    as lines do (each piece and one separator)."""
    out: list[str] = []
    for line in text.split("\n"):
        starts = _starts(line, _LEADER) or _starts(line, _SIGLE)
        cuts = starts[1:]  # (a note's call before the first entry stays with it)
        if not cuts:
            out.append(line)
            continue
        bounds = [0] + cuts
        out += [line[a:b - 1] for a, b in zip(bounds, cuts)] + [line[cuts[-1]:]]
    return out
