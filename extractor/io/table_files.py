"""A report's tables written to a folder (``extractor tables``): one CSV file per table (its
grid, as printed), one Parquet file of cells (one row per cell with its header paths, the
batch's ``tables.parquet``), or one Markdown file of all tables."""
from __future__ import annotations

import csv
import io
from dataclasses import asdict
from pathlib import Path

from ..core.escape import csv_cell
from ..core.records import TableRecord
from ..layout.render import markdown_table
from .arrow_tables import atomic_write, atomic_write_text, rows, schema

__all__ = ["TABLE_FORMATS", "write_tables"]

TABLE_FORMATS = ("csv", "parquet", "markdown")


def _csv(table: TableRecord) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([[csv_cell(c) for c in row] for row in table.rows])  # document text: neutralised
    return buffer.getvalue()


def _markdown(tables: list[TableRecord]) -> str:
    parts = []
    for t in tables:
        title = " — ".join(filter(None, [f"{t.id}, page {t.page}", t.title]))
        parts.append(f"## {title}\n\n{markdown_table(t.rows, t.header_rows)}\n")
    return "\n".join(parts)


def write_tables(tables: list[TableRecord], document: dict, out: Path, fmt: str = "csv") -> list[Path]:
    """Write ``tables`` (of the report ``document``: its ``path`` and ``sha256``) to ``out``;
    return the files written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        written = []
        for t in tables:
            path = out / f"{t.id}.csv"
            atomic_write_text(path, _csv(t))
            written.append(path)
        return written
    if fmt == "parquet":
        path = out / "tables.parquet"
        table = pa.Table.from_pylist(rows("tables", {"document": document, "tables": [asdict(t) for t in tables]}),
                                     schema=schema("tables"))
        atomic_write(path, lambda tmp: pq.write_table(table, tmp))
        return [path]
    if fmt == "markdown":
        path = out / "tables.md"
        atomic_write_text(path, _markdown(tables))
        return [path]
    raise ValueError(f"unknown table format {fmt!r} (one of {', '.join(TABLE_FORMATS)})")
