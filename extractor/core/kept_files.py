"""Files kept from one process to the next in the user's cache folder: what takes long to make
and comes out the same every time (the compiled programs of the tokenizer's long patterns, the
word forms of the model's lemmatizer tables), as ``__pycache__`` keeps bytecode.

A file is written whole or not at all (a temporary file renamed into place) with the sha256 of
its contents in front, and read back only when that checksum holds: a damaged or cut file is
made again, as a missing one is. A cache folder that cannot be written changes nothing but the
time. Delete the folder at will.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from pathlib import Path

__all__ = ["folder", "file_of", "read", "write"]

#: bytes of the checksum in front of a kept file's contents
_DIGEST = 32


def folder(kind: str) -> Path | None:
    """Where the files of ``kind`` are kept: ``$EXTRACTOR_CACHE_DIR/<kind>``, else under
    ``$XDG_CACHE_HOME`` or ``~/.cache``, in ``extractor/<kind>``; None when no home is known."""
    root = os.environ.get("EXTRACTOR_CACHE_DIR")
    if root:
        return Path(root) / kind
    base = os.environ.get("XDG_CACHE_HOME") or (str(Path.home() / ".cache") if Path.home() != Path("/") else "")
    return Path(base) / "extractor" / kind if base else None


def file_of(kind: str, key: str) -> Path | None:
    """The file of ``kind`` kept for ``key`` (what the contents are made from), for this
    Python (marshal's format is its own); None when no home is known."""
    found = folder(kind)
    if found is None:
        return None
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return found / f"{sys.implementation.cache_tag}-{digest}.marshal"


def read(path: Path | None) -> bytes | None:
    """The contents kept at ``path``, or None: no such file, or one whose checksum fails."""
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest, payload = data[:_DIGEST], data[_DIGEST:]
    return payload if hashlib.sha256(payload).digest() == digest else None


def write(path: Path | None, payload: bytes) -> None:
    """Keep ``payload`` at ``path`` for the next process; nothing when it cannot be written."""
    if path is None:
        return
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            tmp.write(hashlib.sha256(payload).digest() + payload)
        os.replace(tmp.name, path)
    except OSError:  # a read-only home, a full disk: no cache, nothing else changes
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp.name)
