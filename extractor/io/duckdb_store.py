"""The embedded store: every document's records in one DuckDB file, keyed by sha256.

``upsert`` replaces all rows of the documents it is given (delete, then insert, in one
transaction), so re-running a batch never duplicates a record. The tables have the columns of
the Parquet/CSV tables (``extractor.tables``), plus ``failures`` (path, sha256, error, message):
the latest failure of each path that has not succeeded since.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pyarrow as pa

from ..core.errors import ExtractorError, InputNotFound, OutputError
from .arrow_tables import FAILURE_SCHEMA, TABLES, schema

if TYPE_CHECKING:
    import duckdb
    import pandas

__all__ = ["upsert", "query"]


def _ensure_table(con: "duckdb.DuckDBPyConnection", name: str, table_schema: pa.Schema) -> None:
    """Create ``name`` with ``table_schema``, or add the columns a newer version introduced."""
    con.register("_empty", pa.Table.from_pylist([], schema=table_schema))
    con.execute(f'CREATE TABLE IF NOT EXISTS "{name}" AS SELECT * FROM _empty')
    existing = {row[0] for row in con.execute(f'DESCRIBE "{name}"').fetchall()}
    for column in table_schema.names:
        if column not in existing:
            duck_type = con.execute(f'DESCRIBE SELECT "{column}" FROM _empty').fetchone()[1]
            con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{column}" {duck_type}')
    con.unregister("_empty")


def _insert(con: "duckdb.DuckDBPyConnection", name: str, table: pa.Table) -> None:
    if table.num_rows:
        con.register("_rows", table)
        con.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM _rows')
        con.unregister("_rows")


def upsert(db: str | Path, tables: dict[str, pa.Table], failures: pa.Table,
           paths: Iterable[str] = ()) -> None:
    """Replace the records of every document in ``tables["documents"]`` and record ``failures``.

    Rows of the same sha256, and every row and failure of the same path or of ``paths`` (the
    inputs of the batch: a file that changed or now fails loses its old rows), are deleted
    first. Everything happens in one transaction.
    """
    import duckdb

    db = Path(db)
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(db))
    except (OSError, duckdb.Error) as err:
        raise OutputError(db, f"cannot open the store: {str(err).splitlines()[0]}") from None
    try:
        con.execute("BEGIN TRANSACTION")
        for name in TABLES:
            _ensure_table(con, name, schema(name))
        _ensure_table(con, "failures", FAILURE_SCHEMA)
        documents = tables["documents"]
        con.register("_shas", documents.select(["sha256"]))
        paths = set(paths) | set(documents.column("path").to_pylist()) | set(failures.column("path").to_pylist())
        con.register("_paths", pa.table({"path": pa.array(sorted(paths), pa.string())}))
        for name in TABLES:
            con.execute(f'DELETE FROM "{name}" WHERE sha256 IN (SELECT sha256 FROM _shas) '
                        'OR path IN (SELECT path FROM _paths)')
            _insert(con, name, tables[name])
        con.execute("DELETE FROM failures WHERE path IN (SELECT path FROM _paths)")
        _insert(con, "failures", failures)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()


def query(db: str | Path, sql: str) -> "pandas.DataFrame":
    """Run ``sql`` against the store (read-only) and return the result as a DataFrame."""
    import duckdb

    if not Path(db).is_file():
        raise InputNotFound(db, "no such store (run `extractor extract … --db` first)")
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).df()
    except duckdb.Error as err:
        raise ExtractorError(db, f"query failed: {' '.join(str(err).split())}") from None
    finally:
        con.close()
