"""Inputs of a batch: the reports named by files, folders and globs, and the output name of each."""
from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Iterable

import regex

from ..core.errors import ExtractorError, InputNotFound, NotAPDF
from ..layout import check_input, check_pdf_head

__all__ = ["INPUT_SUFFIXES", "STEM_BYTES", "discover", "output_names", "failure_row", "refusal", "conversions"]


INPUT_SUFFIXES = (".pdf", ".txt", ".md")


_UNSAFE = regex.compile(r"[^\w.-]+")


_GLOB_CHARS = regex.compile(r"[*?\[]")


# -- inputs and names ------------------------------------------------------------------------
def failure_row(path: str, error: str, message: str, sha: str | None = None) -> dict:
    return {"path": path, "sha256": sha, "error": error, "message": " ".join(message.split())}


def _walk(folder: Path, skip: str | None, skipped: list[str]) -> Iterable[Path]:
    """Reports under ``folder``, recursively; hidden folders and the output folder are skipped.
    Symlinked folders are followed, each real folder once: a link back to an ancestor (a
    cycle) is skipped with a message instead of walked for ever."""
    seen: set[str] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            skipped.append(f"{root}: skipped (a symlinked folder already walked: a cycle)")
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and os.path.realpath(os.path.join(root, d)) != skip)
        for name in sorted(files):
            if name.lower().endswith(INPUT_SUFFIXES) and not name.startswith("."):
                yield Path(root, name)


def _regular(path: Path, skipped: list[str]) -> bool:
    """True for a regular file (through symlinks); otherwise say why it is skipped: a FIFO or
    a device would block or never end a read, a symlink loop or a dangling link has no file."""
    try:
        check_input(path)
        return True
    except ExtractorError as err:
        skipped.append(f"{path}: skipped ({err.reason})")
        return False


def refusal(path: str | Path) -> ExtractorError | None:
    """Why ``path`` is not a report, from its name and first KiB, or None: checked in the
    batch's own process, so that a ``.docx`` or random bytes named ``.pdf`` are refused at once,
    before any worker starts or any spaCy model loads (the same reasons ``layout.read`` gives)."""
    suffix = Path(path).suffix.lower()
    if suffix not in INPUT_SUFFIXES:
        return NotAPDF(path, f"not a report ({suffix or 'no extension'}: reads {', '.join(INPUT_SUFFIXES)})")
    if suffix != ".pdf":
        return None
    try:
        check_pdf_head(Path(path))
    except NotAPDF as err:
        return err
    except OSError:
        pass  # the worker names the problem
    return None


#: stems of a folder's own documentation, by convention never a report
FOLDER_DOCS = {"readme", "changelog", "license", "licence", "contributing", "authors"}


def conversions(found: list[Path]) -> tuple[list[Path], list[Path]]:
    """``found`` split into reports and text conversions: a ``.txt`` or ``.md`` beside a PDF of
    the same stem (the bundled corpus keeps each report so) is that PDF's text, not a second
    report; reading both would give every fact twice."""
    pdfs = {(c.parent, c.stem.casefold()) for c in found if c.suffix.lower() == ".pdf"}
    twins = [c for c in found if c.suffix.lower() != ".pdf" and (c.parent, c.stem.casefold()) in pdfs]
    return [c for c in found if c not in twins], twins


def discover(paths: Iterable[str | Path], out: str | Path | None = None,
             skipped: list[str] | None = None, with_conversions: bool = False,
             notes: list[str] | None = None) -> tuple[list[str], list[dict]]:
    """Expand files, folders (recursive: ``*.pdf``, ``*.txt``, ``*.md``) and globs into input
    paths, each once, in a stable order, as named (a symlink stays the name it was given); a
    path that matches nothing, or that names something other than a file or folder, becomes a
    failure. Files found inside folders that are not regular files, and (unless
    ``with_conversions``) the text conversions found beside their PDF (to ``notes`` when
    given), are appended to ``skipped``, one line each; a file named explicitly is always kept."""
    skip = os.path.realpath(out) if out is not None else None
    skipped = [] if skipped is None else skipped
    notes = skipped if notes is None else notes
    found: dict[str, str] = {}
    failures = []
    for spec in map(str, paths):
        p = Path(spec)
        if p.is_dir():
            candidates = [c for c in _walk(p, skip, skipped) if _regular(c, skipped)]
        elif os.path.lexists(spec) and not _GLOB_CHARS.search(spec):
            try:
                candidates = [Path(check_input(p))]
            except ExtractorError as err:
                failures.append(failure_row(spec, type(err).__name__, str(err)))
                continue
        elif _GLOB_CHARS.search(spec):
            candidates = []
            for match in sorted(glob.glob(spec, recursive=True)):
                m = Path(match)
                if m.is_dir():
                    candidates += [c for c in _walk(m, skip, skipped) if _regular(c, skipped)]
                elif m.name.lower().endswith(INPUT_SUFFIXES) and _regular(m, skipped):
                    candidates.append(m)
        else:
            failures.append(failure_row(spec, InputNotFound.__name__, f"{spec}: no such file or folder"))
            continue
        if p.is_dir() or _GLOB_CHARS.search(spec):
            candidates, twins = (candidates, []) if with_conversions else conversions(candidates)
            notes += [f"{t}: skipped (the text of the PDF beside it; --with-conversions reads it)" for t in twins]
            docs = [c for c in candidates if c.suffix.lower() != ".pdf" and c.stem.casefold() in FOLDER_DOCS]
            notes += [f"{d}: skipped (the folder's {d.stem}, not a report)" for d in docs]
            candidates = [c for c in candidates if c not in docs]
        if not candidates:
            failures.append(failure_row(spec, InputNotFound.__name__, f"{spec}: no report (*.pdf, *.txt, *.md)"))
        for c in candidates:
            found.setdefault(os.path.realpath(c), str(c))
    return list(found.values()), failures


#: bytes of a sanitised stem: with ``-<sha8>-<n>.json`` and the temporary name's
#: ``.<name>.<random>.tmp`` around it, a name stays far below the 255 bytes file systems allow
STEM_BYTES = 100


def _safe_stem(path: str) -> str:
    stem = _UNSAFE.sub("_", Path(path).stem).strip("._")
    stem = stem.encode("utf-8")[:STEM_BYTES].decode("utf-8", errors="ignore")  # whole characters
    return stem or "document"


def output_names(inputs: Iterable[tuple[str, str]], taken: dict[str, str] | None = None) -> dict[str, str]:
    """``{path: json file name}`` for ``(path, sha256)`` pairs: ``<stem>.json``, or
    ``<stem>-<sha8>.json`` for every input whose stem another input shares or whose name an
    earlier run gave another source (``taken``: casefolded name → the source of the JSON of
    that name in the output folder); names compare case-insensitively; never two inputs on one
    name, whatever the order of ``inputs``, nor one input on another's earlier JSON."""
    taken = taken or {}
    items = sorted(inputs)
    stems: dict[str, int] = {}
    for path, _ in items:
        key = _safe_stem(path).casefold()
        stems[key] = stems.get(key, 0) + 1
    names: dict[str, str] = {}
    used: set[str] = set()

    def free(name: str, path: str) -> bool:
        return name.casefold() not in used and taken.get(name.casefold(), path) == path

    for path, sha in items:
        stem = _safe_stem(path)
        base = stem if stems[stem.casefold()] == 1 and free(f"{stem}.json", path) else f"{stem}-{sha[:8]}"
        name, n = f"{base}.json", 1
        while not free(name, path):
            n += 1
            name = f"{base}-{n}.json"
        used.add(name.casefold())
        names[path] = name
    return names
