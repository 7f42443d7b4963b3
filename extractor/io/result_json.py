"""Reading back an extraction JSON written by ``extractor extract`` (glossary, review, regress),
and the source paths it records.

A JSON names its source three ways: ``path`` as the run was given it (the key of the tables
and the store), ``path_absolute``, and ``path_from_json`` (relative to the JSON's folder), so
that the source is found from any working directory, and still when the output folder and the
reports move together.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..core.errors import ExtractorError, InputNotFound
from ..layout import check_input

__all__ = ["read_result", "set_paths", "same_paths", "source_of"]


def read_result(path: str | Path) -> dict:
    """The result dict of an extraction JSON; a missing file, a folder or a file that is not
    one of ours is an ``ExtractorError`` naming it."""
    p = check_input(path)
    try:
        result = json.loads(p.read_text(encoding="utf-8"))
        result["document"]["path"]
    except OSError as err:
        raise ExtractorError(p, f"cannot read ({err.strerror or err})") from None
    except (ValueError, KeyError, TypeError) as err:
        raise ExtractorError(p, f"not an extraction JSON ({type(err).__name__})") from None
    return result


def _paths(source: str | Path, json_path: str | Path) -> dict[str, str]:
    # absolute but not resolved: a symlink keeps the name (and so the suffix) it was given
    absolute = os.path.abspath(source)
    return {"path": str(source), "path_absolute": absolute,
            "path_from_json": os.path.relpath(absolute, os.path.dirname(os.path.abspath(json_path)))}


def set_paths(result: dict, source: str | Path, json_path: str | Path) -> None:
    """Record in ``result`` where its source is, as given and from anywhere."""
    result["document"].update(_paths(source, json_path))


def same_paths(result: dict, source: str | Path, json_path: str | Path) -> bool:
    """True when ``result`` already records ``source`` as ``set_paths`` would."""
    document = result["document"]
    return all(document.get(k) == v for k, v in _paths(source, json_path).items())


def source_of(result: dict, json_path: str | Path) -> Path:
    """The source file of the extraction JSON ``json_path``: its absolute path, its path
    relative to the JSON, the path as written (from here, then from the JSON's folder), or a
    file of its name beside the JSON; an ``InputNotFound`` naming all it tried otherwise."""
    document, folder = result["document"], Path(json_path).parent
    written = Path(document["path"])
    candidates = [Path(document["path_absolute"])] if document.get("path_absolute") else []
    if document.get("path_from_json"):
        candidates.append(folder / document["path_from_json"])
    candidates += [written, folder / written, folder / written.name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise InputNotFound(written, f"the source named by {json_path} is not found "
                                 f"(looked at {', '.join(dict.fromkeys(map(str, candidates)))})")
