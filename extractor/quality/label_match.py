"""When two labels name the same thing: the rule that ``regress``, ``compare`` and ``check`` use.

A report's wording drifts from year to year ("allocataires" / "d'allocataires", "Prestation
versée" / "prestations versées", "places en accueil collectif" / "accueil collectif : places").
Labels are therefore compared as sets of normalised words:

1. **normalise**: casefold, accents stripped, typographic apostrophes made plain
   (``acronyms.fold``);
2. **split** into words of letters and digits; an elided article (``d'``, ``l'``, ``qu'``) is
   dropped with its apostrophe;
3. **drop French function words** (``function_words()``, from ``patterns/quality/fr.yaml``: articles, prepositions, conjunctions,
   pronouns and auxiliaries: de, des, du, la, le, les, un, une, à, au, aux, en, et, ou, pour,
   par, sur, qui, que, est, sont...);
4. **singularise simple plurals**: a word of more than three letters loses a final ``s`` or
   ``x`` (allocataires → allocataire; irregular plurals such as nationaux/national stay apart);
5. keep the **set** of words, so word order does not count.

The score of two labels is the Jaccard index of their word sets, |A ∩ B| / |A ∪ B|; they match
when it is at least ``THRESHOLD`` (0.5: "enfants" matches "enfants couverts", "allocataires
contrôlés" matches "allocataires contrôlés au moins une fois"). A golden entry may instead give
*required words* (``label_words`` of ``expected/figures.yaml``, ``words`` of a timeline entry):
their score is the share of them found in the other label (``coverage``).
"""
from __future__ import annotations

import functools

import regex

from ..core import rules
from ..core.text import fold, singular

__all__ = ["THRESHOLD", "function_words", "word_set", "similarity", "coverage"]

THRESHOLD = 0.5



@functools.lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """The words left out of a label (patterns/quality: ``function_words``)."""
    return frozenset(rules.load("quality")["function_words"])


_WORD = regex.compile(r"(?:[dlnsjc]|qu)'|[\p{L}\p{N}]+")


@functools.lru_cache(maxsize=4096)
def word_set(label: str) -> frozenset[str]:
    """The normalised word set of ``label`` (see the module docstring)."""
    out = set()
    for w in _WORD.findall(fold(label)):
        if w.endswith("'") or w in function_words():
            continue
        out.add(singular(w))
    return frozenset(out)


def similarity(a: str, b: str) -> float:
    """Jaccard index of the normalised word sets of two labels (0 when either is empty)."""
    wa, wb = word_set(a), word_set(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def coverage(required: list[str], label: str) -> float:
    """Share of the ``required`` words found in ``label``, both normalised."""
    need = frozenset().union(*(word_set(w) for w in required))
    return len(need & word_set(label)) / len(need) if need else 0.0
