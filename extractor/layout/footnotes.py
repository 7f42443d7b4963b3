"""Footnotes: found at the foot of their page, read after the sentence they interrupt.

A footnote is a run of lines at the bottom of a page, in smaller type than the text, whose
first line opens with a marker ("1", "*", "(2)") that a glyph of the text repeats set small
or raised (the call). Read in page order, a note lands between the last words of a page and
the first of the next, inside the sentence that runs on: ``after_sentences`` moves it after
the block that finishes that sentence.
"""
from __future__ import annotations

from collections.abc import Callable

import regex

from .lines import Line

__all__ = ["NOTE_SIZE", "CALL_SIZE", "MARKER", "NoteLines", "find_notes", "split_notes", "after_sentences"]

#: a note is set at most this many times the size of the page's text
NOTE_SIZE = 0.9
#: a call is a glyph at most this many times the size of its line, or raised above it
CALL_SIZE = 0.85

#: a marker opening a note, then the note's text (a capital, or a lower-case word)
MARKER = regex.compile(r"^(?:(\d{1,2})|(\*{1,3})|\((\d{1,2})\))\s*(?=\p{L})")
_TERMINAL = tuple(".!?:;»…)")


class NoteLines(list):
    """A region of lines that are a page's footnotes: read apart from the body."""


def _calls(lines: list[Line], marker: str) -> bool:
    """Does a line of the text carry ``marker`` as a call: glyphs with that text set small or
    raised, right after a word?"""
    for ln in lines:
        chars = ln.chars
        if marker not in "".join([c.text for c in chars]):  # no run of glyphs can spell it
            continue
        for k in range(1, len(chars) - len(marker) + 1):
            run = chars[k:k + len(marker)]
            if "".join(c.text for c in run) != marker or not chars[k - 1].text.isalpha() and chars[k - 1].text not in ".,;»)":
                continue
            small = all(c.size <= CALL_SIZE * ln.size for c in run)
            raised = all(c.bottom < ln.bottom - 0.2 * ln.size for c in run)
            if small or raised:
                return True
    return False


def find_notes(lines: list[Line]) -> list[Line]:
    """The lines of a page's footnotes (top to bottom), or [] when it has none."""
    if len(lines) < 3:
        return []
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    note_size = ordered[-1].size
    tail: list[Line] = []
    for ln in reversed(ordered):
        if abs(ln.size - note_size) > 0.1 * note_size:
            break
        tail.insert(0, ln)
    # the calls are in the larger type of the text above (a page all in one size has no notes)
    text = [ln for ln in ordered[:len(ordered) - len(tail)] if NOTE_SIZE * ln.size >= note_size]
    if not text:
        return []
    for i, ln in enumerate(tail):
        m = MARKER.match(ln.text)
        if m and _calls(text, m.group(1) or m.group(2) or m.group(3)):
            return tail[i:]
    return []


def split_notes(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """(the page's lines that are not footnotes, its footnotes' lines)."""
    notes = find_notes(lines)
    if not notes:
        return lines, []
    ids = {id(ln) for ln in notes}
    return [ln for ln in lines if id(ln) not in ids], notes


def after_sentences(blocks: list[tuple[list[Line], int]], is_note: Callable[[int], bool]) -> list[tuple[list[Line], int]]:
    """``blocks`` (lines, region) in reading order, each run of note blocks (``is_note`` of its
    region) that falls inside a sentence (the block before it ends without a full stop, the
    one after it opens in lower case) moved after the block that finishes the sentence."""
    out = list(blocks)
    i = 0
    while i < len(out):
        if not is_note(out[i][1]):
            i += 1
            continue
        j = i
        while j < len(out) and is_note(out[j][1]):
            j += 1
        if 0 < i and j < len(out) and _runs_on(out[i - 1][0], out[j][0]):
            out[i:j + 1] = [out[j]] + out[i:j]  # the notes now end at j
            i = j + 1
        else:
            i = j
    return out


def _runs_on(before: list[Line], after: list[Line]) -> bool:
    """Does the text of ``before`` run on into ``after`` (no full stop, a lower-case start)?"""
    end = before[-1].text.rstrip()
    return bool(end) and not end.endswith(_TERMINAL) and after[0].text[:1].islower()
