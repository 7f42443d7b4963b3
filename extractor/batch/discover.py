"""Inputs of a batch: the reports named by files, folders and globs, and the output name of each."""
from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Iterable

import regex

from ..core.errors import (
    InputNotFound,
)

__all__ = ["INPUT_SUFFIXES", "discover", "output_names", "failure_row"]


INPUT_SUFFIXES = (".pdf", ".txt", ".md")


_UNSAFE = regex.compile(r"[^\w.-]+")


_GLOB_CHARS = regex.compile(r"[*?\[]")


# -- inputs and names ------------------------------------------------------------------------
def failure_row(path: str, error: str, message: str, sha: str | None = None) -> dict:
    return {"path": path, "sha256": sha, "error": error, "message": " ".join(message.split())}


def _walk(folder: Path, skip: Path | None) -> Iterable[Path]:
    """Reports under ``folder``, recursively; hidden folders and the output folder are skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (skip is None or Path(root, d).resolve() != skip))
        for name in sorted(files):
            if name.lower().endswith(INPUT_SUFFIXES) and not name.startswith("."):
                yield Path(root, name)


def discover(paths: Iterable[str | Path], out: str | Path | None = None) -> tuple[list[str], list[dict]]:
    """Expand files, folders (recursive: ``*.pdf``, ``*.txt``, ``*.md``) and globs into input
    paths, each once, in a stable order; a path that matches nothing becomes a failure."""
    skip = Path(out).resolve() if out is not None else None
    found: dict[Path, str] = {}
    failures = []
    for spec in map(str, paths):
        p = Path(spec)
        if p.is_dir():
            candidates = list(_walk(p, skip))
        elif p.is_file():
            candidates = [p]
        elif _GLOB_CHARS.search(spec):
            candidates = []
            for match in sorted(glob.glob(spec, recursive=True)):
                m = Path(match)
                candidates += list(_walk(m, skip)) if m.is_dir() else (
                    [m] if m.name.lower().endswith(INPUT_SUFFIXES) else [])
        else:
            failures.append(failure_row(spec, InputNotFound.__name__, f"{spec}: no such file or folder"))
            continue
        if not candidates:
            failures.append(failure_row(spec, InputNotFound.__name__, f"{spec}: no report (*.pdf, *.txt, *.md)"))
        for c in candidates:
            found.setdefault(c.resolve(), str(c))
    return list(found.values()), failures


def _safe_stem(path: str) -> str:
    stem = _UNSAFE.sub("_", Path(path).stem).strip("._")
    return stem[:120] or "document"


def output_names(inputs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``{path: json file name}`` for ``(path, sha256)`` pairs: ``<stem>.json``, or
    ``<stem>-<sha8>.json`` for every input whose stem another input shares (names compare
    case-insensitively); never two inputs on one name, whatever the order of ``inputs``."""
    items = sorted(inputs)
    stems: dict[str, int] = {}
    for path, _ in items:
        key = _safe_stem(path).casefold()
        stems[key] = stems.get(key, 0) + 1
    names: dict[str, str] = {}
    used: set[str] = set()
    for path, sha in items:
        stem = _safe_stem(path)
        base = stem if stems[stem.casefold()] == 1 else f"{stem}-{sha[:8]}"
        name, n = f"{base}.json", 1
        while name.casefold() in used:
            n += 1
            name = f"{base}-{n}.json"
        used.add(name.casefold())
        names[path] = name
    return names
