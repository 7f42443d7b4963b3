"""Text helpers every stage shares: folding (case, accents, apostrophes) and simple plurals."""
from __future__ import annotations

import functools
import unicodedata

import regex

__all__ = ["fold", "singular", "compiled"]


# -- text helpers -------------------------------------------------------------------------
@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accents removed, typographic apostrophes made plain."""
    text = unicodedata.normalize("NFD", text.replace("\u2019", "'"))
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
