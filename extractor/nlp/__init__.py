"""The NLP stage: one spaCy Doc per ``Document`` (the model itself is a shared resource,
``core.resources``)."""
from __future__ import annotations

from .doc import NER, TAGGING, UNUSED_COMPONENTS, DocInBackground, Needs, make_doc, receptive_field
from .tokenizer import SEEN_CHUNKS_MAX, tokenize

__all__ = ["make_doc", "DocInBackground", "receptive_field", "tokenize", "Needs", "UNUSED_COMPONENTS", "TAGGING", "NER",
           "SEEN_CHUNKS_MAX"]
