"""The extractors: numbers, figures (statements, key-figure cards, table cells), dates,
acronyms and organisations. Pure functions over a ``Document`` and its spaCy Doc, plus thin
spaCy components (``components``); every rule is in ``extractor/patterns/<dimension>/``."""

__all__: list[str] = []
