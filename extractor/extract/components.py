"""spaCy pipeline components: thin wrappers around the pure-function extractors.

Declared under ``[project.entry-points.spacy_factories]`` so that any spaCy user can
``nlp.add_pipe("extractor_figures")`` once the package is installed (the registrations of one
module, spaCy's own ``registrations.py`` pattern). Each component reads the layout
``Document`` from ``doc.user_data["document"]`` when the pipeline's ``make_doc`` put it there,
or builds a position-less one from the Doc's own text, and sets ``doc._.<kind>``.
"""
from __future__ import annotations

from types import ModuleType

from spacy.language import Language

from . import acronyms, dates, figures, organisations

__all__ = ["make_figures", "make_dates", "make_acronyms", "make_organisations"]


def _factory(kind: str, module: ModuleType):
    """Register ``extractor_<kind>``: it builds ``module.make_component``."""

    def make(nlp: Language, name: str):
        return module.make_component(nlp, name)

    make.__name__ = make.__qualname__ = f"make_{kind}"
    return Language.factory(f"extractor_{kind}", func=make)


make_figures = _factory("figures", figures)
make_dates = _factory("dates", dates)
make_acronyms = _factory("acronyms", acronyms)
make_organisations = _factory("organisations", organisations)
