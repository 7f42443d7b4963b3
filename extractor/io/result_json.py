"""Reading back an extraction JSON written by ``extractor extract`` (glossary, review, regress)."""
from __future__ import annotations

import json
from pathlib import Path

from ..core.errors import ExtractorError
from ..layout import check_input

__all__ = ["read_result"]

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
