"""The spaCy Doc of a ``Document``: tokenized whole, tagged and NER'd where the extractors read.

The layout is kept on the Doc the way explosion/spacy-layout does it, without its Docling
dependency: ``doc.spans["layout"]`` holds one span per layout block, and ``Span._.layout``
gives its page, bbox and role. The ``Document`` itself is on ``doc.user_data["document"]`` so
that pipeline components can ask it for provenance.
"""
from __future__ import annotations

import contextvars
import functools
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from ..core import rules
from ..core.document import Document
from ..core.resources import EXCLUDED_COMPONENTS
from .tokenizer import tokenize

if TYPE_CHECKING:  # spaCy is imported lazily: `extractor --help` and `extractor text` never load it
    import numpy
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["make_doc", "DocInBackground", "receptive_field", "Needs", "UNUSED_COMPONENTS", "TAGGING", "NER"]

#: (character ranges that need tagging, character ranges that need NER)
Needs = tuple[list[tuple[int, int]], list[tuple[int, int]]]

#: components whose output no extractor reads: figures read ``pos_``/``morph``, acronyms and
#: organisations read ``doc.ents``; nothing reads dependencies, sentences, lemmas or fine tags
#: (the acronyms lexicon reads the lemmatizer's lookup tables, not its output; the French
#: attribute ruler only copies each token's POS into its TAG). Skipping them changes no record
#: (tests/nlp/test_speed_parity.py).
UNUSED_COMPONENTS = EXCLUDED_COMPONENTS  # not even loaded (core.resources.load_model)


def _register_extensions() -> None:
    from spacy.tokens import Span

    if not Span.has_extension("layout"):
        Span.set_extension("layout", default=None, force=True)


def make_doc(document: "Document", nlp: "Language", needs: Needs | None = None) -> "Doc":
    """Run ``nlp`` (without ``UNUSED_COMPONENTS``) over ``document.text`` and attach the
    layout blocks as spans.

    With ``needs`` (character ranges that need tagging, ranges that need NER: what the
    extractors read, ``extract.needs``, handed over by the pipeline), the tokenizer runs over
    the whole text but the tagging components and NER only there: the records are those of a
    run over the whole text (tests/nlp/test_speed_parity.py). Without, every component runs over
    the whole text."""
    if needs is not None:
        tokens = Tokens(nlp, document.text)
        return assemble(document, tokens, tag_values(nlp, tokens, needs[0]), entity_spans(nlp, tokens, needs[1]))
    skip = [name for name in UNUSED_COMPONENTS if name in nlp.pipe_names]
    return _with_layout(nlp(document.text, disable=skip), document)


def _with_layout(doc: "Doc", document: "Document") -> "Doc":
    """``doc`` with ``document`` on it, and its layout blocks as spans."""
    _register_extensions()
    doc.user_data["document"] = document
    spans = []
    for block in document.blocks:
        span = doc.char_span(block.start, block.end, alignment_mode="expand")
        if span is None:
            continue
        span._.layout = {"page": block.page, "bbox": block.bbox, "role": block.role, "level": block.level}
        spans.append(span)
    doc.spans["layout"] = spans
    return doc


#: the components that give part-of-speech and morphology, and the one that gives entities
TAGGING = ("tok2vec", "morphologizer", "tagger", "attribute_ruler")
NER = ("ner",)




def receptive_field(nlp: "Language") -> int:
    """How many tokens either side a token's vector depends on in the model's CNN encoders
    (``window_size * depth`` of each ``MaxoutWindowEncoder``): 4 in fr_core_news_sm/md."""
    found = 0

    def walk(node) -> None:
        nonlocal found
        if isinstance(node, dict):
            if "window_size" in node and "depth" in node:
                found = max(found, int(node["window_size"]) * int(node["depth"]))
            for value in node.values():
                walk(value)

    walk(nlp.config.get("components", {}))
    return found


def _windows(doc: "Doc", ranges: list[tuple[int, int]], margin: int) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Token windows (start, end, cores) covering the character ``ranges`` (the cores, as
    token ranges) with ``margin`` tokens of context each side; overlapping windows merge."""
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    for start, end in ranges:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        ws, we = max(0, span.start - margin), min(len(doc), span.end + margin)
        if out and ws <= out[-1][1]:
            s0, _, cores = out[-1]
            cores.append((span.start, span.end))
            out[-1] = (s0, max(we, out[-1][1]), cores)
        else:
            out.append((ws, we, [(span.start, span.end)]))
    return out


class Tokens:
    """A document's text tokenized whole (``doc``), and what the Docs of its windows of
    tokens are cut from: each token's text, whether a space follows it, and its norm (the
    tokenizer's special cases set norms: "1er")."""

    def __init__(self, nlp: "Language", text: str) -> None:
        from spacy.attrs import NORM, ORTH, SPACY

        self.doc = doc = tokenize(nlp, text)
        # by arrays: a Token object per token costs more than the rest of this together
        orth, space, self.norms = doc.to_array([ORTH, SPACY, NORM]).T
        strings = doc.vocab.strings
        self.words: list[str] = [strings[o] for o in orth.tolist()]
        self.spaces: list[bool] = (space != 0).tolist()

    def window(self, ws: int, we: int) -> "Doc":
        """Tokens ``ws`` to ``we`` as a Doc of their own."""
        from spacy.attrs import NORM
        from spacy.tokens import Doc

        sub = Doc(self.doc.vocab, words=self.words[ws:we], spaces=self.spaces[ws:we])
        sub.from_array([NORM], self.norms[ws:we].reshape(-1, 1))
        return sub


def _margin(nlp: "Language") -> int:
    """Tokens of context each side of a range: the tags of a window's own tokens are those
    of a whole run when the margin covers the encoders' receptive field."""
    return max(int(rules.load("nlp").get("margin_tokens", 4)), receptive_field(nlp))


def _present(nlp: "Language", kinds: tuple[str, ...]) -> list[str]:
    return [n for n in nlp.pipe_names if n in kinds and n not in UNUSED_COMPONENTS]


def tag_values(nlp: "Language", tokens: Tokens, ranges: list[tuple[int, int]]) -> "numpy.ndarray | None":
    """POS, TAG and MORPH of every token (zero outside ``ranges``, the character ranges that
    need tagging), read by the tagging components in windows around the ranges; None when
    the model has no tagging component or no range holds a token."""
    import numpy
    from spacy.attrs import MORPH, POS, TAG

    pipes = _present(nlp, TAGGING)
    windows = _windows(tokens.doc, ranges, _margin(nlp)) if pipes else []
    if not windows:
        return None
    attrs = [POS, TAG, MORPH]
    values = numpy.zeros((len(tokens.doc), len(attrs)), dtype="uint64")
    subs = nlp.pipe((tokens.window(ws, we) for ws, we, _ in windows),
                    disable=[n for n in nlp.pipe_names if n not in pipes])
    for (ws, _, cores), sub in zip(windows, subs):
        arr = sub.to_array(attrs)
        for cs, ce in cores:
            values[cs:ce] = arr[cs - ws:ce - ws]
    return values


def entity_spans(nlp: "Language", tokens: Tokens, ranges: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(first token, end token, label) of the entities NER finds within ``ranges`` (the
    character ranges that need NER), read in windows around them."""
    pipes = _present(nlp, NER)
    windows = _windows(tokens.doc, ranges, _margin(nlp)) if pipes else []
    ents = []
    if windows:
        subs = nlp.pipe((tokens.window(ws, we) for ws, we, _ in windows),
                        disable=[n for n in nlp.pipe_names if n not in pipes])
        for (ws, _, cores), sub in zip(windows, subs):
            for e in sub.ents:
                s, t = e.start + ws, e.end + ws
                if any(cs <= s and t <= ce for cs, ce in cores):
                    ents.append((s, t, e.label_))
    return ents


def assemble(document: "Document", tokens: Tokens, tags: "numpy.ndarray | None",
             ents: list[tuple[int, int, str]]) -> "Doc":
    """The Doc of ``tokens`` with the tags (``tag_values``) and entities (``entity_spans``)
    set, and the layout blocks as spans (``make_doc``)."""
    from spacy.attrs import MORPH, POS, TAG
    from spacy.tokens import Span

    doc = tokens.doc
    if tags is not None:
        doc.from_array([POS, TAG, MORPH], tags)
    doc.set_ents([Span(doc, s, t, label=label) for s, t, label in ents], default="outside")
    return _with_layout(doc, document)


@functools.lru_cache(maxsize=1)
def _blas_libraries() -> Any:
    """threadpoolctl's controller of the BLAS libraries this process has loaded (numpy's
    OpenBLAS, loaded with spaCy): finding them walks the loaded libraries, 1.5 ms, so it is
    done once, not for every document."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


class DocInBackground:
    """``make_doc(document, nlp, needs)`` on a thread of its own, while the caller reads
    what needs no spaCy; once free, the caller takes the jobs the thread has not started.

    The Doc is made of three jobs: tokenizing (first, on the thread), tagging, and NER. The
    thread tags first, then runs NER if the caller has not taken it: on a short report the
    caller is free before tagging ends and runs NER beside it (spaCy's matrix products let go
    of the GIL), on a long one the thread does both while the caller is busy. Each window
    gets the same tags and entities whichever thread reads it, so the Doc is ``make_doc``'s.
    Without ``needs`` (None), the thread runs every component over the whole text, as
    ``make_doc(document, nlp)`` does (the reference run of ``benchmarks/bench.py``).

        with DocInBackground(document, nlp, needs) as building:
            ...  # work that reads no spaCy output
            sdoc = building.doc()
    """

    def __init__(self, document: "Document", nlp: "Language", needs: Needs | None) -> None:
        self._document, self._nlp, self._needs = document, nlp, needs
        self._tokens: Tokens | None = None
        self._tokenized = threading.Event()
        self._lock = threading.Lock()
        self._jobs = ["tags", "ents"]  # taken from the front
        self._whole: "Doc | None" = None  # without needs: every component over the whole text
        self._tags: "numpy.ndarray | None" = None
        self._ents: list[tuple[int, int, str]] = []
        self._pool: ThreadPoolExecutor | None = None
        self._blas: Any = None
        self._thread: Future | None = None

    def __enter__(self) -> "DocInBackground":
        # one OpenBLAS thread per caller: its own threads would spin on the core that the
        # other of the two threads works on (with them, numpy's products gained nothing over
        # BLIS on the golden report; with one, the pipeline took 6 % less time)
        self._blas = _blas_libraries().limit(limits=1, user_api="blas")
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="spacy")
        # the caller's context (its progress display) goes with the work
        self._thread = self._pool.submit(contextvars.copy_context().run, self._start)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._pool is not None
        with self._lock:
            self._jobs.clear()  # on an error in the caller's block, the thread stops after its job
        self._pool.shutdown(wait=True)
        self._blas.restore_original_limits()

    def _start(self) -> None:
        if self._needs is None:  # one job, make_doc's run of every component
            self._tokenized.set()
            self._whole = make_doc(self._document, self._nlp)
            return
        try:
            self._tokens = Tokens(self._nlp, self._document.text)
        finally:
            self._tokenized.set()  # the caller learns of a failure from the thread's result
        self._work()

    def _work(self) -> None:
        """Run jobs not yet taken, one at a time, until none is left."""
        assert self._tokens is not None and self._needs is not None
        while True:
            with self._lock:
                if not self._jobs:
                    return
                job = self._jobs.pop(0)
            if job == "tags":
                self._tags = tag_values(self._nlp, self._tokens, self._needs[0])
            else:
                self._ents = entity_spans(self._nlp, self._tokens, self._needs[1])

    def doc(self) -> "Doc":
        """The Doc: the jobs not yet taken run here, then the thread's are waited for."""
        assert self._thread is not None, "DocInBackground is used in a with statement"
        self._tokenized.wait()
        if self._tokens is not None:
            self._work()
        self._thread.result()  # the thread's job finished, or its error raised here
        if self._whole is not None:
            return self._whole
        assert self._tokens is not None
        return assemble(self._document, self._tokens, self._tags, self._ents)
