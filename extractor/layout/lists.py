"""Lists the layout reader joined into one paragraph, split back into their entries.

A list of abbreviations set with dotted leaders ("Ademe ........ Agence de l'environnement")
or as "Sigle : expansion" lines is read as one block of text when its lines are close; its
entries are still there, each opening with a short term before the leader or the colon.
``entries`` finds them, so that a reader writes one entry per line (``layout.render``). An
entry wrapped over two lines stays one entry: only a leader or a term and its colon open one.
"""
from __future__ import annotations

import regex

__all__ = ["entries", "MIN_ENTRIES"]

#: fewer entries than this is a sentence with a colon, not a list
MIN_ENTRIES = 2

#: a term then a dotted leader: "Ademe ........", "ADP.......", "CAF …………"
_LEADER = regex.compile(r"(?P<term>[\p{L}\d][\p{L}\d&'’./-]{0,15}?)\s*(?:\.{4,}|…{2,}|(?:\.\s){4,})\s*")
#: a short capitalised term then a colon: "CAF : Caisse d'allocations familiales", "Anah : …"
_SIGLE = regex.compile(r"(?:^|(?<=\s))(?P<term>\p{Lu}[\p{L}\d&'’-]{1,11})\s?:\s")


def _split(text: str, pattern: regex.Pattern) -> list[str] | None:
    found = list(pattern.finditer(text))
    if len(found) < MIN_ENTRIES or text[:found[0].start()].strip():
        return None  # not a list, or one that starts with something else than an entry
    bounds = [m.start() for m in found] + [len(text)]
    out = []
    for m, end in zip(found, bounds[1:]):
        rest = " ".join(text[m.end():end].split())
        if not regex.search(r"\p{L}", rest):
            return None  # a term without words after it: a table of contents ("Rapport ..... 5"), a form
        out.append(f"{m.group('term')} : {rest}")
    return out


def entries(text: str) -> list[str] | None:
    """The entries of ``text`` when it is a list of dotted-leader or "Sigle : expansion"
    entries (each as "TERM : expansion"), else None."""
    text = " ".join(text.split())
    return _split(text, _LEADER) or _split(text, _SIGLE)
