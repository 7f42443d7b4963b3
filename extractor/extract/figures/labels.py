"""Labels of figures: the noun phrase a number counts, read from the words around it.

After the number, the label is the noun phrase it counts ("13,5 millions *d'allocataires*");
when no noun follows, it is read before the number: the noun phrase right before it ("pour
un *montant moyen* de 213 euros"), else the head of its clause ("*le nombre de salariés de
la Cnaf* était de 1 290"). A label is a run of words between stop words and punctuation,
the candidate phrases of RAKE (Rose et al. 2010, "Automatic keyword extraction from
individual documents"); finite verbs, present participles and adverbs from the spaCy parse
end it too, when a parse is given. The word lists are data: ``label`` in
``patterns/figures/fr.yaml``.
"""
from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from ...core import rules

__all__ = ["settings", "word_list", "Parse", "tokens", "label_after", "label_before", "with_caption_tail"]

_WORD = regex.compile(r"(?i)(?:(?:puis|lors)?qu|[dlnsjc])'|\p{L}+(?:[.\-]\p{L}+)*|\p{N}+|\S")
_CLAUSE_CUT = ".;:(»«›>,–"
_QUOTES = {"«": "»", "“": "”"}
_QUOTED_MAX = 90  # characters: a name, not a quoted passage


def settings() -> dict:
    """The ``label`` section of the figures rules."""
    return rules.load("figures")["label"]


@functools.lru_cache(maxsize=None)
def word_list(key: str) -> frozenset[str]:
    """A word list of the ``label`` section (``skip``, ``links``, ``stop``, ``generic``...), lower-cased."""
    return frozenset(str(w).lower() for w in settings()[key])


@dataclass(frozen=True)
class Parse:
    """What the spaCy parse tells the label reader: offsets of finite verbs, present
    participles and adverbs (they end a noun phrase) and of nouns. Empty without spaCy."""

    verbs: frozenset[int] = frozenset()
    nouns: frozenset[int] = frozenset()

    @classmethod
    def of(cls, sdoc, ignored: list[tuple[int, int]] = ()) -> "Parse":
        """The parse of ``sdoc``, without tokens inside the ``ignored`` spans."""
        if sdoc is None:
            return cls()
        import numpy
        from spacy.attrs import IDX, POS
        from spacy.symbols import ADV, AUX, NOUN, PROPN, VERB

        if not len(sdoc):
            return cls()
        arr = sdoc.to_array([IDX, POS]).astype("int64")
        idx, pos = arr[:, 0], arr[:, 1]
        keep = numpy.ones(len(idx), dtype=bool)
        for s, e in ignored:  # token offsets are sorted: each span is one slice of them
            keep[numpy.searchsorted(idx, s, "left"):numpy.searchsorted(idx, e, "left")] = False
        verbs = set(idx[keep & (pos == ADV)].tolist())
        for i in numpy.flatnonzero(keep & ((pos == VERB) | (pos == AUX))).tolist():
            morph = sdoc[i].morph
            if "Fin" in morph.get("VerbForm") or "Pres" in morph.get("Tense"):
                verbs.add(int(idx[i]))
        nouns = set(idx[keep & ((pos == NOUN) | (pos == PROPN))].tolist())
        return cls(frozenset(verbs), frozenset(nouns))

    @functools.cached_property
    def _sorted_nouns(self) -> list[int]:
        return sorted(self.nouns)

    def noun_between(self, start: int, stop: int) -> bool:
        """Is a noun at an offset in ``[start, stop)``?"""
        nouns = self._sorted_nouns
        i = bisect.bisect_left(nouns, start)
        return i < len(nouns) and nouns[i] < stop


def tokens(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of the words of ``text[start:end]`` (elided articles apart: "d'")."""
    for m in _WORD.finditer(text, start, end):
        yield m.start(), m.end(), m.group(0)


def _next_token(text: str, offset: int, end: int) -> int | None:
    """Offset of the token after the one at ``offset`` (None at ``end``)."""
    following = tokens(text, offset, end)
    next(following, None)
    return next((s for s, _, _ in following), None)


def _ends_phrase(s: int, tok: str, parse: Parse) -> bool:
    return not tok[0].isalpha() or tok.lower() in word_list("stop") or s in parse.verbs


def label_after(text: str, start: int, end: int, parse: Parse = Parse()) -> tuple[str, bool]:
    """The noun phrase that a number counts, read from ``start`` up to ``end``:
    ("allocataires", True). The flag is False when the phrase has no head noun of its own
    ("pour le Fnas", "en Cdd")."""
    kept: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []
    content = 0
    leading = True
    headed = True
    found = list(tokens(text, start, end))
    for k, (s, e, tok) in enumerate(found):
        low = tok.lower()
        if leading and low in word_list("skip"):
            continue
        if tok in _QUOTES and content:
            # a quoted name after the noun says which one: "8 ateliers « Semaine de la
            # sensibilisation »", "3 ateliers sur la « Communication »"
            close = text.find(_QUOTES[tok], e, min(end, e + _QUOTED_MAX))
            if close != -1:
                kept.extend(pending + [(s, close + 1)])
            break
        if _ends_phrase(s, tok, parse) or (
                low in word_list("coordinators") and k + 1 < len(found) and found[k + 1][2].lower() in word_list("prepositions")):
            break
        if low in word_list("links"):
            headed = headed and not leading
            pending.append((s, e))
            leading = False
            continue
        leading = False
        kept.extend(pending + [(s, e)])
        pending = []
        content += 1
        if content >= settings()["max_words"]:
            break
    if not kept:
        return "", False
    return " ".join(text[kept[0][0]:kept[-1][1]].split()), headed


def label_before(text: str, start: int, end: int, parse: Parse = Parse()) -> str:
    """What a number measures, read before it, between ``start`` and ``end``.

    First the noun phrase right before it ("pour un montant moyen de 213 euros" gives
    "montant moyen"); when it has no noun (per the parse), the head of the clause ("le
    nombre de salariés de la Cnaf était de 1 290" gives "nombre de salariés de la Cnaf").
    """
    left = text[start:end].rstrip(" :–-(\n\u00a0")
    stop = start + len(left)
    tail = None
    for s, _, tok in reversed(list(tokens(text, start, stop))):
        if _ends_phrase(s, tok, parse):
            break
        tail = s
    for s, _, tok in tokens(text, tail if tail is not None else stop, stop):
        if tok.lower() not in word_list("links") | word_list("skip"):
            break
        tail = None if s == stop else _next_token(text, s, stop)
    if tail is not None:
        phrase, _ = label_after(text, tail, stop, parse)
        phrase_start = text.find(phrase, tail) if phrase else -1
        if phrase and (not parse.nouns or parse.noun_between(phrase_start, stop)):
            return phrase
    clause_start = start + max(left.rfind(c) for c in _CLAUSE_CUT) + 1
    for s, e, tok in tokens(text, clause_start, stop):
        if tok.lower() in word_list("clause_openers"):
            clause_start = e
    return label_after(text, clause_start, stop, parse)[0]


def with_caption_tail(text: str, start: int, end: int, label: str) -> str:
    """``label``, read from ``start``, with the rest of its caption up to ``end`` when that
    rest still belongs to it: the label's acronym and a measure after a colon (a table row
    "12,7 milliards d'euros | Allocations familiales (AF) : montant", where a card gives the
    title and the measure apart). Any other rest leaves the label as it is."""
    words = label.split()
    if not words:
        return label
    found = regex.compile(r"\s+".join(regex.escape(w) for w in words)).search(text, start, end)
    if found is None:
        return label
    rest = text[found.end():end]
    if not rest.strip() or not regex.compile(settings()["caption_tail"]).match(rest):
        return label
    return " ".join(f"{label}{rest}".split())
