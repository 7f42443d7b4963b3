"""The cache of a batch: a report's records by its sha256, the configuration and the extractor version."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .._version import __version__
from ..io.arrow_tables import atomic_write_text
from ..pipeline import Config
from .engines import Outcome

__all__ = ["CACHE_DIR", "Cache"]


CACHE_DIR = ".cache"


class Cache:
    """Content-addressed cache: ``DIR/.cache/<key>`` holds ``{"json": name}`` for a document
    whose JSON is ``DIR/<name>``, or the failure of a document that fails for a reason of its
    own (an ``ExtractorError``: corrupt, encrypted, no text), which would fail again."""

    def __init__(self, out: Path, config: Config):
        self.dir = out / CACHE_DIR
        self.out = out
        password = hashlib.sha256((config.password or "").encode()).hexdigest()
        self.config_key = f"{config.key()}|{password}"

    def key(self, sha: str) -> str:
        return hashlib.sha256(f"{sha}|{__version__}|{self.config_key}".encode()).hexdigest()

    def get(self, sha: str) -> Outcome | None:
        """The cached outcome (as ``process_one`` returns it), or None."""
        try:
            entry = json.loads((self.dir / self.key(sha)).read_text(encoding="utf-8"))
            if "json" not in entry:  # a failure row (``discover.failure_row``), cacheable
                return Outcome(path=entry["path"], error=entry["error"], message=entry["message"],
                               cacheable=entry["cacheable"])
            result = json.loads((self.out / entry["json"]).read_text(encoding="utf-8"))
            if result["document"]["sha256"] == sha:
                return Outcome(result=result)
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def put(self, sha: str, entry: dict) -> None:
        self.dir.mkdir(exist_ok=True)
        atomic_write_text(self.dir / self.key(sha), json.dumps(entry, ensure_ascii=False))
