"""spaCy pipeline components: thin wrappers around the pure-function extractors.

Declared under ``[project.entry-points.spacy_factories]`` so that any spaCy user can
``nlp.add_pipe("extractor_figures")`` once the package is installed. Each component reads the
layout ``Document`` from ``doc.user_data["document"]`` when ``extractor.nlp.make_doc`` put it
there, or builds a position-less one from the Doc's own text, and sets ``doc._.<kind>``.
"""
from __future__ import annotations

import importlib

from spacy.language import Language


def _factory(kind: str):
    """Register ``extractor_<kind>``: it builds ``extractor.<kind>.make_component``."""

    def make(nlp: Language, name: str):
        return importlib.import_module(f"extractor.{kind}").make_component(nlp, name)

    make.__name__ = make.__qualname__ = f"make_{kind}"
    return Language.factory(f"extractor_{kind}", func=make)


make_figures = _factory("figures")
make_dates = _factory("dates")
make_acronyms = _factory("acronyms")
make_organisations = _factory("organisations")
