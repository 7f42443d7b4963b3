"""spaCy pipeline components: thin wrappers around the pure-function extractors.

Declared under ``[project.entry-points.spacy_factories]`` so that any spaCy user can
``nlp.add_pipe("extractor_figures")`` once the package is installed. Each component reads the
layout ``Document`` from ``doc.user_data["document"]`` when ``extractor.nlp.make_doc`` put it
there, or builds a position-less one from the Doc's own text, and sets ``doc._.<kind>``.
"""
from __future__ import annotations

from spacy.language import Language


@Language.factory("extractor_figures")
def make_figures(nlp: Language, name: str):
    from .figures import make_component

    return make_component(nlp, name)


@Language.factory("extractor_dates")
def make_dates(nlp: Language, name: str):
    from .dates import make_component

    return make_component(nlp, name)


@Language.factory("extractor_acronyms")
def make_acronyms(nlp: Language, name: str):
    from .acronyms import make_component

    return make_component(nlp, name)


@Language.factory("extractor_organisations")
def make_organisations(nlp: Language, name: str):
    from .organisations import make_component

    return make_component(nlp, name)
