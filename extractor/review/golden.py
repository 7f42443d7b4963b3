"""The records of an extraction that fail the regression against golden values.

``extractor.regress`` matches golden values and extracted records by label and unit; it
reports rows, not records. Here the same matching runs over one regress item per record, so
each pair leads back to the record's id: a record whose golden value differs (``changed``)
or that the golden values do not have (``new``) fails; a golden value with no record
(``missing``) is listed on its own.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..quality import golden_set
from ..quality.regress import Item, golden_items, match, result_items, same_value, set_items
from .items import record_id

__all__ = ["COMPARED", "failures"]

#: record kinds that ``regress`` compares, by the name of their list in a result
COMPARED = ("figures", "dates", "acronyms", "organisations")


def _plain(value: float | str) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _record_items(kind: str, record: Mapping, as_set: bool, scope: str) -> list[Item]:
    if as_set:
        return set_items(golden_set.entries_of({kind: [record]}), scope)
    return result_items({kind: [record]}, scope)


def failures(result: Mapping, golden: str | Path, scope: str | None = None) -> tuple[dict[str, str], list[dict]]:
    """``({record id: reason}, [missing golden values])`` of ``result`` against ``golden``
    (a set written by ``extractor golden``, a folder of hand-written expected YAML files, or
    one of them), matched as ``regress`` matches them (and with its default scope)."""
    as_set = golden_set.is_golden_set(golden)
    scope = scope or ("all" if as_set else "key")
    ids, new = [], []
    for kind in COMPARED:
        for i, record in enumerate(result.get(kind, [])):
            for item in _record_items(kind, record, as_set, scope):
                ids.append(record_id(kind, i, record))
                new.append(item)
    position = {id(item): k for k, item in enumerate(new)}
    failing, missing = {}, []
    old_items = set_items(golden_set.read(golden), scope) if as_set else golden_items(golden, scope)
    for old, found in match(old_items, new, by_value=as_set):
        if old is not None and old.ignore:
            continue
        if found is None:
            missing.append({"kind": old.kind, "label": old.label, "value": _plain(old.value), "page": old.page})
        elif old is None:
            failing[ids[position[id(found)]]] = "new: not in the golden values"
        elif not same_value(old, found):
            failing[ids[position[id(found)]]] = (
                f"changed: golden {_plain(old.value)} ({old.label}), extracted {_plain(found.value)}")
    return failing, missing
