"""What the batch's fork server does before it forks a worker (``server.PRELOAD``): import the
engines and spaCy, load the default model, and run the pipeline once over a few sentences, so
that the rule files, the lexicon, dateparser's language data and the compiled patterns are in
memory. Every worker, the first as well as each replacement, forks with them instead of
spending two to three seconds on its first report.

A model that fails to load here is left to the worker, which reports it per document; the fork
server must not die of it (it only forgives an ImportError)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from ..core.resources import DEFAULT_MODEL, load_model
from ..layout.backends import get_backend
from ..pipeline import Config, process
from . import engines  # noqa: F401  (the worker's code)

__all__ = ["SAMPLE", "warm_up"]

#: a few sentences with a figure, a date, a period and an acronym defined in the text
SAMPLE = ("Rapport d'activité\n\n"
          "Au 31 décembre 2023, l'Agence nationale de l'habitat (Anah) a aidé 12 500 ménages, "
          "soit 4,5 % de plus qu'en 2022. De janvier à juin 2024, 3,2 millions d'euros ont été "
          "versés.\n")


def warm_up(model: str = DEFAULT_MODEL) -> None:
    """Load ``model`` and run the pipeline once over ``SAMPLE``."""
    load_model(model)
    get_backend("auto")
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.txt"
        sample.write_text(SAMPLE, encoding="utf-8")
        process(sample, Config(model=model))


try:
    warm_up()
except Exception:  # noqa: BLE001  (the worker loads the model again and reports the failure)
    pass
