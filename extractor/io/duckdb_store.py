"""The embedded store: every document's records in one DuckDB file, keyed by path.

``upsert`` replaces all rows of the documents it is given (delete, then insert, in one
transaction), so re-running a batch never duplicates a record. The tables have the columns of
the Parquet/CSV tables (``extractor.tables``), plus ``failures`` (path, sha256, error, message):
the latest failure of each path that has not succeeded since.

A new store is made whole under a temporary name, then linked into place: a run killed while
DuckDB writes a new file's first pages would leave a file DuckDB refuses to open.

A store is opened by one writer at a time (DuckDB locks the file): a run that finds it held
waits up to ``LOCK_WAIT`` seconds, then fails with one line. ``query`` runs on a read-only
connection sandboxed as DuckDB's securing guide says: no file or network access
(``enable_external_access``), no extension loaded behind the user's back
(``autoload_known_extensions``), and the configuration locked so that SQL cannot undo either;
``allow_files`` gives file access back to a user who wants to join the store with their files.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pyarrow as pa

from ..core.errors import ExtractorError, InputNotFound, OutputError
from .arrow_tables import FAILURE_SCHEMA, TABLES, schema

if TYPE_CHECKING:
    import duckdb
    import pandas

__all__ = ["upsert", "query", "connect", "LOCK_WAIT", "SANDBOX"]
#: seconds a run waits for a store that another process holds
LOCK_WAIT = 60.0
SANDBOX = {"enable_external_access": False, "autoload_known_extensions": False,
           "autoinstall_known_extensions": False, "lock_configuration": True}


def _first_line(err: BaseException) -> str:
    return " ".join((str(err).strip().splitlines() or [type(err).__name__])[0].split())


def connect(db: Path, read_only: bool = False, config: dict | None = None,
            wait: float | None = None) -> "duckdb.DuckDBPyConnection":
    """A connection to ``db``, waiting up to ``wait`` seconds while another process holds its
    lock; any other failure (not a DuckDB file, a folder) is one line naming the store."""
    import duckdb

    wait = LOCK_WAIT if wait is None else wait
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(db), read_only=read_only, config=config or {})
        except duckdb.Error as err:
            held = "lock" in str(err).lower()
            if held and time.monotonic() < deadline:
                time.sleep(0.25)
                continue
            if held:
                raise OutputError(db, f"the store is in use by another process (waited {wait:g} s)") from None
            raise OutputError(db, f"cannot open the store: {_first_line(err)}") from None


def _ensure_table(con: "duckdb.DuckDBPyConnection", name: str, table_schema: pa.Schema) -> None:
    """Create ``name`` with ``table_schema``, or add the columns a newer version introduced."""
    con.register("_empty", pa.Table.from_pylist([], schema=table_schema))
    con.execute(f'CREATE TABLE IF NOT EXISTS "{name}" AS SELECT * FROM _empty')
    # main.: a bare DESCRIBE "tables" is DuckDB's SHOW TABLES
    existing = {row[0] for row in con.execute(f'DESCRIBE main."{name}"').fetchall()}
    for column in table_schema.names:
        if column not in existing:
            duck_type = con.execute(f'DESCRIBE SELECT "{column}" FROM _empty').fetchone()[1]
            con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{column}" {duck_type}')
    con.unregister("_empty")


def _ensure_tables(con: "duckdb.DuckDBPyConnection") -> None:
    for name in TABLES:
        _ensure_table(con, name, schema(name))
    _ensure_table(con, "failures", FAILURE_SCHEMA)


def _create(db: Path) -> None:
    """A new store at ``db``, its tables made under a temporary name in the same folder, then
    linked into place (never over a store another process made meanwhile). A temporary file
    left by a run killed here is named like the output folder's (``.<name>.<random>.tmp``,
    its journal ``.tmp.wal``): the next run in that folder removes it."""
    import duckdb

    fd, tmp = tempfile.mkstemp(prefix=f".{db.name}.", suffix=".tmp", dir=db.parent)
    os.close(fd)
    os.unlink(tmp)  # DuckDB makes the file itself: an empty file is no database
    try:
        con = duckdb.connect(tmp)
        try:
            _ensure_tables(con)
        finally:
            con.close()
        try:
            os.link(tmp, db)
        except FileExistsError:
            pass  # another process made the store first: it is used as it is
        except OSError:  # a file system without hard links
            if not db.exists():
                os.replace(tmp, db)
    except duckdb.Error as err:
        raise OutputError(db, f"cannot create the store: {_first_line(err)}") from None
    except OSError as err:
        raise OutputError(db, f"cannot create the store: {err.strerror or err}") from None
    finally:
        for leftover in (tmp, tmp + ".wal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)


def _insert(con: "duckdb.DuckDBPyConnection", name: str, table: pa.Table) -> None:
    if table.num_rows:
        con.register("_rows", table)
        con.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM _rows')
        con.unregister("_rows")


def upsert(db: str | Path, tables: dict[str, pa.Table], failures: pa.Table,
           paths: Iterable[str] = ()) -> None:
    """Replace the records of every document in ``tables["documents"]`` and record ``failures``.

    Every row and failure of the same path or of ``paths`` (the inputs of the batch: a file
    that changed or now fails loses its old rows) is deleted first; documents are keyed by
    path, as the output folder's JSON are, so that one content under two paths is two
    documents in both. Everything happens in one transaction; a store that another process
    holds is waited for (``LOCK_WAIT``).
    """
    import duckdb

    db = Path(db)
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(db, f"cannot open the store: {err.strerror or err}") from None
    if not db.exists():
        _create(db)
    con = connect(db)
    try:
        con.execute("BEGIN TRANSACTION")
        _ensure_tables(con)  # a store of an older version gains the new columns
        documents = tables["documents"]
        paths = set(paths) | set(documents.column("path").to_pylist()) | set(failures.column("path").to_pylist())
        con.register("_paths", pa.table({"path": pa.array(sorted(paths), pa.string())}))
        for name in TABLES:
            con.execute(f'DELETE FROM "{name}" WHERE path IN (SELECT path FROM _paths)')
            _insert(con, name, tables[name])
        con.execute("DELETE FROM failures WHERE path IN (SELECT path FROM _paths)")
        _insert(con, "failures", failures)
        con.execute("COMMIT")
    except BaseException as err:
        try:  # a failed COMMIT has already ended the transaction: nothing to roll back
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        if isinstance(err, duckdb.Error):
            raise OutputError(db, f"cannot write the store: {_first_line(err)}") from None
        raise
    finally:
        con.close()


def query(db: str | Path, sql: str, allow_files: bool = False) -> "pandas.DataFrame":
    """Run ``sql`` against the store (read-only, sandboxed unless ``allow_files``) and return
    the result as a DataFrame."""
    import duckdb

    if not Path(db).is_file():
        raise InputNotFound(db, "no such store (run `extractor extract … --db` first)")
    config = dict(SANDBOX, enable_external_access=True) if allow_files else SANDBOX
    try:
        con = connect(Path(db), read_only=True, config=config)
    except OutputError as err:
        raise ExtractorError(db, err.reason) from None
    try:
        relation = con.sql(sql)
        if relation is None:
            raise ExtractorError(db, "the query returns no rows (empty, or not a SELECT)")
        return relation.df()
    except duckdb.Error as err:
        raise ExtractorError(db, f"query failed: {' '.join(str(err).split())}") from None
    finally:
        con.close()
