"""Reading-order quality: the share of a reference text's sentences found whole in ours.

The reference is a report's markdown text conversion. Sentences of 8 words or more are taken
from its running text and searched in the extracted text with all whitespace removed,
apostrophes normalised and markdown markup stripped, so that line breaks and spacing do not
count, but interleaved columns, lost lines and broken words do.
"""
from __future__ import annotations

import re

from ..core.text import REFERENCE_SENTENCE_END
from ..layout.markdown import clean_inline
from ..layout.text import normalise

__all__ = ["reference_sentences", "end_matches", "sentence_recovery"]



def _squash(text: str) -> str:
    text = normalise(text).replace("\u00ad", "").replace("\u2010", "-")
    return re.sub(r"[\s›•*]+", "", text)  # list markers and emphasis are markup


def reference_sentences(markdown: str, exclude: tuple[tuple[str, str], ...] | list[tuple[str, str]] = (), min_words: int = 8) -> list[str]:
    """Sentences of the running text: ``exclude`` lists (start heading, end heading) pairs of
    sections to leave out (a timeline, key-figure cards, a glossary)."""
    lines = markdown.splitlines()
    keep: list[str] = []
    skipping: str | None = None
    for line in lines:
        heading = line.strip().startswith("#")
        stripped = line.strip().lstrip("#").strip()
        if not heading:
            pass
        elif skipping is None:
            for start, end in exclude:
                if stripped.lower().startswith(start.lower()):
                    skipping = end
                    break
        elif end_matches(stripped, skipping):
            skipping = None
            for start, end in exclude:
                if stripped.lower().startswith(start.lower()):
                    skipping = end
        if heading:
            keep.append("")  # a heading ends the running sentence
        elif skipping is None and line.strip():
            keep.append(clean_inline(re.sub(r"^\s*(?:[-*]\s*>?|>)\s+", "", line)).strip())
    chunks: list[str] = [""]
    for part in keep:  # re-join words the conversion hyphenated across paragraph breaks
        text = chunks[-1]
        if not part:
            chunks.append("")
        elif re.search(r"\w-$", text) and part[:1].islower():
            chunks[-1] = text[:-1] + part
        else:
            chunks[-1] = f"{text} {part}" if text else part
    return [s.strip() for chunk in chunks for s in REFERENCE_SENTENCE_END.split(chunk) if len(s.split()) >= min_words]


def end_matches(line: str, end: str) -> bool:
    return bool(end) and line.lower().startswith(end.lower())


def sentence_recovery(sentences: list[str], text: str) -> tuple[float, list[str]]:
    """(share of ``sentences`` found in ``text``, the sentences not found)."""
    haystack = _squash(text)
    missing = [s for s in sentences if _squash(s) not in haystack]
    return (1 - len(missing) / len(sentences)) if sentences else 1.0, missing
