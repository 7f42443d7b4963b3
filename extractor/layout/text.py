"""Character normalisation and de-hyphenation, shared by every backend.

Normalisation is done character by character so that the offset map stays exact: one
source character becomes zero, one or several output characters, each keeping the source
character's position.
"""
from __future__ import annotations

__all__ = ["CHAR_MAP", "SOFT_HYPHENS", "HARD_HYPHEN", "LINE_END_HYPHENS", "normalise", "join_hyphenated"]

#: Characters replaced in the output text. No-break (U+00A0) and narrow no-break (U+202F)
#: spaces are kept: they are thousands separators in French figures.
CHAR_MAP: dict[str, str] = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\u2011": "-",  # non-breaking hyphen is a real hyphen
    "\u2009": " ", "\u2002": " ", "\u2003": " ", "\u2007": "\u00a0",
    "\u200b": "", "\ufeff": "",
    "\u0152": "Œ", "\u0153": "œ",
}

#: Hyphens that typesetters insert to break a word at a line end: removed when the next
#: line continues the word.
SOFT_HYPHENS = ("\u2010", "\u00ad")
HARD_HYPHEN = "-"
LINE_END_HYPHENS = SOFT_HYPHENS + (HARD_HYPHEN,)


def normalise(text: str) -> str:
    """Normalise a whole string (for inputs without positions)."""
    return "".join(CHAR_MAP.get(c, c) for c in text)


def join_hyphenated(left: str, right: str) -> str | None:
    """How to join a line ending in a hyphen to the next line, or None if it does not.

    Returns the text that replaces the hyphen: ``""`` (soft break: "presta‐" + "tions"),
    ``"-"`` (a real compound broken after its hyphen: "extra-" + "légales"). ``None`` means
    the hyphen is not a break (next line starts with a capital, a digit or punctuation).
    """
    if not left or left[-1] not in LINE_END_HYPHENS or len(left) < 2 or not left[-2].isalpha():
        return None
    if not right or not right[0].isalpha():
        return None
    if not right[0].islower() and not (left[:-1].isupper() and right.split(" ")[0].rstrip(",.;:)").isupper()):
        return None  # a capital after the hyphen starts a new word, except inside an all-caps word
    if left[-1] in SOFT_HYPHENS:
        return ""
    return "-"
