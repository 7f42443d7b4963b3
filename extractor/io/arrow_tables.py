"""Per-document results to flat tables: one row per record, with the document's sha256 and path.

Every table has a fixed Arrow schema derived from the record dataclasses, so that an empty
table still has its columns and two runs write byte-identical files. Scalars keep their type;
nested values (``bbox``, ``previous``, ``target``, ``pages``, ``repairs``) are JSON strings,
which DuckDB (``json_extract``), pandas and Spark all read. Rows are sorted by sha256, then
by the record's position in its document (``ordinal``), whatever order documents finished in.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import os
import tempfile
import types
import typing
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa

from ..core.escape import csv_cell
from ..core.records import (
    KINDS,
    Acronym,
    DateRecord,
    DocumentInfo,
    Figure,
    Organisation,
    TableCell,
)

__all__ = [
    "RECORD_TYPES", "TABLES", "FAILURE_SCHEMA", "schema", "rows", "build", "failures_table",
    "atomic_write", "atomic_write_text", "write"
]

RECORD_TYPES: dict[str, type] = {
    "figures": Figure, "dates": DateRecord, "acronyms": Acronym, "organisations": Organisation,
}
#: ``tables``: one row per table cell (``Result.tables``), with its table's id, title and
#: caption beside the cell's page and row- and column-header paths
TABLES = ("documents",) + KINDS + ("tables",)
_TABLE_FIELDS = [("table", pa.string(), False), ("title", pa.string(), False), ("caption", pa.string(), False)]
#: Columns of the failures table (and of the lines of ``failures.jsonl``).
FAILURE_SCHEMA = pa.schema([("path", pa.string()), ("sha256", pa.string()),
                            ("error", pa.string()), ("message", pa.string())])
_SCALARS = {str: pa.string(), float: pa.float64(), int: pa.int64(), bool: pa.bool_()}


def _umask() -> int:
    """The process's file-creation mask, read where the system says it (Linux), else set and
    set back at once (os.umask is the only portable way to read it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _arrow_type(hint: Any) -> pa.DataType | None:
    """Arrow type of a scalar field (``str``, ``int | None``…); None for nested fields."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _arrow_type(args[0]) if len(args) == 1 else None
    return _SCALARS.get(hint)


def _fields(record_type: type) -> list[tuple[str, pa.DataType, bool]]:
    """(column, Arrow type, is_json) for each field of a record dataclass."""
    hints = typing.get_type_hints(record_type)
    out = []
    for f in dataclasses.fields(record_type):
        arrow = _arrow_type(hints[f.name])
        out.append((f.name, arrow or pa.string(), arrow is None))
    return out


@functools.lru_cache(maxsize=None)
def _columns(table: str) -> list[tuple[str, pa.DataType, bool]]:
    if table == "documents":
        return _fields(DocumentInfo)
    if table == "tables":
        return [("sha256", pa.string(), False), ("path", pa.string(), False), ("ordinal", pa.int64(), False)] \
            + _TABLE_FIELDS + _fields(TableCell)
    prefix = [("sha256", pa.string(), False), ("path", pa.string(), False), ("ordinal", pa.int64(), False)]
    return prefix + [c for c in _fields(RECORD_TYPES[table]) if c[0] not in ("sha256", "path")]


def schema(table: str) -> pa.Schema:
    """The Arrow schema of one output table (``documents``, ``figures``…)."""
    return pa.schema([(name, arrow) for name, arrow, _ in _columns(table)])


def _cell(value: Any, is_json: bool) -> Any:
    if is_json and value is not None:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def rows(table: str, result: dict) -> list[dict]:
    """The rows one per-document result (``Result.to_dict()``) contributes to ``table``."""
    columns = _columns(table)
    doc = result["document"]
    if table == "documents":
        return [{name: _cell(doc.get(name), js) for name, _, js in columns}]
    if table == "tables":
        return _cell_rows(result, columns)
    out = []
    for i, record in enumerate(result.get(table, [])):
        record = dict(record, sha256=doc["sha256"], path=doc["path"], ordinal=i)
        out.append({name: _cell(record.get(name), js) for name, _, js in columns})
    return out


def _cell_rows(result: dict, columns: list[tuple[str, pa.DataType, bool]]) -> list[dict]:
    """One row per cell of the result's tables, in reading order."""
    doc = result["document"]
    out = []
    cells = [(t, cell) for t in result.get("tables", []) for cell in t["cells"]]
    for i, (t, cell) in enumerate(cells):
        record = dict(cell, sha256=doc["sha256"], path=doc["path"], ordinal=i, table=t["id"], title=t["title"],
                      caption=t["caption"])
        out.append({name: _cell(record.get(name), js) for name, _, js in columns})
    return out


def build(results: Iterable[dict]) -> dict[str, pa.Table]:
    """One Arrow table per kind (plus ``documents``) from per-document results."""
    ordered = sorted(results, key=lambda r: (r["document"]["sha256"], r["document"]["path"]))
    return {t: pa.Table.from_pylist([row for r in ordered for row in rows(t, r)], schema=schema(t))
            for t in TABLES}


def failures_table(failures: Iterable[dict]) -> pa.Table:
    ordered = sorted(failures, key=lambda f: f["path"])
    return pa.Table.from_pylist(ordered, schema=FAILURE_SCHEMA)


def atomic_write(path: Path, write: typing.Callable[[str], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it into place:
    ``path`` appears complete or not at all (``os.replace`` is atomic on one filesystem)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def csv_safe(table: pa.Table) -> pa.Table:
    """``table`` with its text cells neutralised for spreadsheets (``core.escape.csv_cell``):
    titles, sections and contexts come from the documents, whoever wrote them."""
    for i, column in enumerate(table.schema):
        if pa.types.is_string(column.type):
            cells = [csv_cell(v) for v in table.column(i).to_pylist()]
            table = table.set_column(i, column, pa.array(cells, pa.string()))
    return table


def write(tables: dict[str, pa.Table], out: Path, table_format: str = "parquet") -> list[Path]:
    """Write each table to ``out/<name>.parquet`` (or ``.csv``) atomically; return the paths."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    written = []
    for name, table in tables.items():
        path = out / f"{name}.{table_format}"
        if table_format == "parquet":
            atomic_write(path, lambda tmp, t=table: pq.write_table(t, tmp))
        elif table_format == "csv":
            atomic_write(path, lambda tmp, t=csv_safe(table): pacsv.write_csv(t, tmp))
        else:
            raise ValueError(f"unknown table format {table_format!r}")
        written.append(path)
    return written
