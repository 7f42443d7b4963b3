"""The spaCy Doc of a ``Document``: tokenized whole, tagged and NER'd where the extractors read.

The layout is kept on the Doc the way explosion/spacy-layout does it, without its Docling
dependency: ``doc.spans["layout"]`` holds one span per layout block, and ``Span._.layout``
gives its page, bbox and role. The ``Document`` itself is on ``doc.user_data["document"]`` so
that pipeline components can ask it for provenance.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import rules
from ..core.document import Document
from ..core.resources import EXCLUDED_COMPONENTS
from .tokenizer import tokenize

if TYPE_CHECKING:  # spaCy is imported lazily: `extractor --help` and `extractor text` never load it
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["make_doc", "receptive_field", "Needs", "UNUSED_COMPONENTS", "TAGGING", "NER"]

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
    _register_extensions()
    skip = [name for name in UNUSED_COMPONENTS if name in nlp.pipe_names]
    if needs is not None:
        doc = _selective(document, nlp, skip, needs)
    else:
        doc = nlp(document.text, disable=skip)
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


def _selective(document: "Document", nlp: "Language", skip: list[str], needs: Needs) -> "Doc":
    import numpy
    from spacy.attrs import MORPH, NORM, POS, TAG
    from spacy.tokens import Doc, Span

    doc = tokenize(nlp, document.text)
    want_tags, want_ents = needs
    words = [t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]

    norms = doc.to_array([NORM])  # the tokenizer's special cases set norms ("1er")

    def piece(ws: int, we: int) -> "Doc":  # a window of tokens as a Doc of its own
        sub = Doc(doc.vocab, words=words[ws:we], spaces=spaces[ws:we])
        sub.from_array([NORM], norms[ws:we])
        return sub

    # tags of a window's own tokens are those of a whole run when the context margin covers
    # the encoders' receptive field
    margin = max(int(rules.load("nlp").get("margin_tokens", 4)), receptive_field(nlp))
    present = [name for name in nlp.pipe_names if name not in skip]

    tag_pipes = [n for n in present if n in TAGGING]
    windows = _windows(doc, want_tags, margin) if tag_pipes else []
    if windows:
        attrs = [POS, TAG, MORPH]
        values = numpy.zeros((len(doc), len(attrs)), dtype="uint64")
        subs = nlp.pipe((piece(ws, we) for ws, we, _ in windows),
                        disable=[n for n in nlp.pipe_names if n not in tag_pipes])
        for (ws, _, cores), sub in zip(windows, subs):
            arr = sub.to_array(attrs)
            for cs, ce in cores:
                values[cs:ce] = arr[cs - ws:ce - ws]
        doc.from_array(attrs, values)

    ner_pipes = [n for n in present if n in NER]
    windows = _windows(doc, want_ents, margin) if ner_pipes else []
    ents = []
    if windows:
        subs = nlp.pipe((piece(ws, we) for ws, we, _ in windows),
                        disable=[n for n in nlp.pipe_names if n not in ner_pipes])
        for (ws, _, cores), sub in zip(windows, subs):
            for e in sub.ents:
                s, t = e.start + ws, e.end + ws
                if any(cs <= s and t <= ce for cs, ce in cores):
                    ents.append(Span(doc, s, t, label=e.label_))
    doc.set_ents(ents, default="outside")
    return doc
