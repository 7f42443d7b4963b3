"""What the extractors read from spaCy, and where: the pipeline hands it to the NLP stage,
which runs the tagger and NER only there (``nlp.make_doc``)."""
from __future__ import annotations

import functools

import regex

from ..core import rules
from ..core.document import Document
from ..core.text import NER_PIECE_END, pieces
from . import acronyms, figures

__all__ = ["needs"]


@functools.lru_cache(maxsize=1)
def _need_patterns() -> tuple[tuple[list["regex.Pattern"], "regex.Pattern"], int]:
    """((the regexes of a sentence that may name a person, the regex of an organisation head
    word), the least context margin in tokens)."""
    conf = rules.load("nlp")
    names = [regex.compile(r["pattern"]) for r in conf["ner"]["rules"]]
    heads = rules.load("organisations")["ner"]["heads"]
    head = regex.compile(r"(?i)\b(?:" + "|".join(regex.escape(h) for h in heads) + r")\b")
    return (names, head), int(conf.get("margin_tokens", 4))


def needs(document: "Document", prepared: figures.Prepared | None = None) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(character ranges that need tagging, ranges that need NER): the statements of the
    candidate figures (figure labels read part-of-speech there, ``figures.tagging_ranges``),
    and the sentences whose entities a record can read: those with an organisation head
    word (an ORG is kept only when it opens with one, ``organisations.keep_ner``), and those
    in which a rule of ``patterns/nlp`` finds a name whose initials are an acronym-shaped
    token of the document (a PER is read only for its initials, ``acronyms.person_initials``)."""
    names, heads = _need_patterns()[0]
    text = document.text
    shapes = _initials_index(text)
    want_ents = []
    for block in document.blocks:
        for start, end in pieces(text, block.start, block.end, NER_PIECE_END):
            piece = text[start:end]
            if heads.search(piece) or (any(p.search(piece) for p in names) and _may_name_initials(piece, shapes)):
                want_ents.append((start, end))
    return figures.tagging_ranges(document, prepared), want_ents


def _initials_index(text: str) -> dict[str, set[str]]:
    """The acronym-shaped tokens of ``text`` that a person's initials could hide (the
    undefined-acronym candidates, upper-cased, ``acronyms.person_initials``), indexed by all
    but their first letter: {"S": {"I"}} for "IS"."""
    index: dict[str, set[str]] = {}
    for shape in acronyms.undefined_shapes(text):
        index.setdefault(shape[1:], set()).add(shape[0])
    return index


def _may_name_initials(piece: str, index: dict[str, set[str]]) -> bool:
    """Could a name of two words or more in ``piece`` have initials that are an acronym-shaped
    token of the document (``_initials_index``)? Its first token opens a word or follows a
    character that is not a letter in it ("d'Isabelle", "«Isabelle"); its other words open
    after a space. Only such a name changes a record."""
    words = piece.split()
    longest = max(map(len, index), default=0)
    for i in range(len(words) - 1):
        tail = ""
        for word in words[i + 1 : i + 1 + longest]:
            tail += word[0].upper()
            firsts = index.get(tail)
            if firsts is not None and any(ch.upper() in firsts for ch in _token_starts(words[i])):
                return True
    return False


def _token_starts(word: str) -> list[str]:
    """The characters of ``word`` a token may open with: its first, and each one after a
    character that is not a letter (spaCy never cuts between two letters of a word)."""
    return [ch for k, ch in enumerate(word) if k == 0 or not word[k - 1].isalpha()]




