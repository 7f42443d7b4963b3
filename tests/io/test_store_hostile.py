"""The store and the tables against hostile use (issue 24): ``query`` cannot reach beyond the
store, fails in one line on any SQL or file, and CSV cells cannot run as formulas."""
from __future__ import annotations

import csv as csv_module
import io
import subprocess
import sys
import time

import duckdb
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from extractor.cli import main
from extractor.core.errors import ExtractorError, OutputError
from extractor.io import arrow_tables as tables
from extractor.io import duckdb_store
from extractor.io.duckdb_store import query, upsert

from helpers import ROOT

ESC_TITLE = "\x1b[31mRED\x1b[0m rapport\x07"
FORMULA = '=HYPERLINK("http://127.0.0.1:9/x","clic")'


def fake_result(path: str, sha: str, title: str = "Rapport", context: str = "contexte") -> dict:
    """A per-document result as ``Result.to_dict()`` gives it, written by hand (no pipeline)."""
    return {"document": {"path": path, "sha256": sha, "pages": 1, "title": title, "year": 2021, "status": "ok"},
            "figures": [{"id": "fig-0001", "value": 3.0, "raw": "3", "label": "allocataires", "page": 1,
                         "section": "+SUM(A1:A9)", "context": context, "rule": "digits"}],
            "dates": [], "acronyms": [], "organisations": []}


@pytest.fixture
def store(tmp_path):
    db = tmp_path / "reports.duckdb"
    upsert(db, tables.build([fake_result("/r/a.pdf", "a" * 64, title=FORMULA, context=ESC_TITLE)]),
           tables.failures_table([]))
    return db


# -- item 15: the query sandbox --------------------------------------------------------------
@pytest.mark.parametrize("sql", [
    "COPY (SELECT 1) TO '{tmp}/written.csv'",
    "SELECT * FROM read_csv('/etc/passwd')",
    "ATTACH '{tmp}/other.duckdb' (READ_WRITE)",
    "SELECT * FROM '{tmp}/figures.parquet'",
    "SET enable_external_access = true",
    "INSTALL httpfs",
])
def test_query_cannot_reach_beyond_the_store(store, tmp_path, sql):
    pq.write_table(tables.build([])["figures"], tmp_path / "figures.parquet")
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    with pytest.raises(ExtractorError) as err:
        query(store, sql.format(tmp=tmp_path))
    assert "\n" not in str(err.value) and str(err.value).startswith(f"{store}: query failed: ")
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before  # nothing written


def test_another_store_cannot_be_emptied_through_attach(store, tmp_path):
    other = tmp_path / "other.duckdb"
    upsert(other, tables.build([fake_result("/r/b.pdf", "b" * 64)]), tables.failures_table([]))
    with pytest.raises(ExtractorError):
        query(store, f"ATTACH '{other}' AS o (READ_WRITE); DELETE FROM o.documents")
    assert query(other, "SELECT count(*) AS n FROM documents")["n"][0] == 1


def test_allow_files_gives_file_access_back(store, tmp_path):
    (tmp_path / "extra.csv").write_text("a,b\n1,2\n")
    assert query(store, f"SELECT b FROM read_csv('{tmp_path}/extra.csv')", allow_files=True)["b"].tolist() == [2]
    with pytest.raises(ExtractorError):  # still read-only, and the settings still locked
        query(store, "DELETE FROM documents", allow_files=True)
    with pytest.raises(ExtractorError):
        query(store, "SET autoload_known_extensions = true", allow_files=True)


def test_the_sandbox_is_what_the_issue_asks():
    assert duckdb_store.SANDBOX == {"enable_external_access": False, "autoload_known_extensions": False,
                                    "autoinstall_known_extensions": False, "lock_configuration": True}


# -- item 12: query fails in one line --------------------------------------------------------
@pytest.mark.parametrize("sql", ["", ";", "-- c", "   "])
def test_sql_without_a_result_is_one_line(store, sql):
    with pytest.raises(ExtractorError, match="the query returns no rows"):
        query(store, sql)


@pytest.mark.parametrize("content", [b'{"a": 1}', b"not a duckdb file at all" * 100])
def test_a_file_that_is_not_a_store_is_one_line(tmp_path, content):
    for name in ("a.json", "b.duckdb"):
        (tmp_path / name).write_bytes(content)
        with pytest.raises(ExtractorError) as err:
            query(tmp_path / name, "SELECT 1")
        assert str(err.value).startswith(f"{tmp_path / name}: cannot open the store") and "\n" not in str(err.value)


def test_a_folder_is_not_a_store(tmp_path):
    with pytest.raises(ExtractorError):
        query(tmp_path, "SELECT 1")


HOLD = "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(float(sys.argv[2]))"


def hold(db, seconds: float) -> subprocess.Popen:
    """Another process holding the store's lock for ``seconds``."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


@pytest.mark.slow  # waits for a lock by design: seconds, kept out of the quick subset
def test_a_store_held_by_another_process_is_waited_for_then_one_line(store, monkeypatch):
    monkeypatch.setattr(duckdb_store, "LOCK_WAIT", 1.0)
    holder = hold(store, 30)
    try:
        with pytest.raises(ExtractorError) as err:
            query(store, "SELECT 1")
        assert str(err.value) == f"{store}: the store is in use by another process (waited 1 s)"
        with pytest.raises(OutputError, match="in use by another process"):
            upsert(store, tables.build([]), tables.failures_table([]))
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.slow  # waits for a lock by design: seconds, kept out of the quick subset
def test_a_writer_waits_for_the_store_to_be_free(store):
    """Two runs on one --db: the later one waits for the earlier one, then writes its rows."""
    holder = hold(store, 2)
    started = time.monotonic()
    upsert(store, tables.build([fake_result("/r/c.pdf", "c" * 64)]), tables.failures_table([]))
    holder.wait()
    assert time.monotonic() - started > 1
    assert sorted(query(store, "SELECT path FROM documents")["path"]) == ["/r/a.pdf", "/r/c.pdf"]


# -- item 10: a failed commit names its cause ------------------------------------------------
def test_a_failing_commit_is_an_output_error_not_a_rollback_error(store, monkeypatch):
    real = duckdb.connect

    class FailingCommit:
        def __init__(self, con):
            self.con = con

        def execute(self, sql, *args):
            if sql == "COMMIT":
                self.con.execute("ROLLBACK")  # as a failed commit leaves it: no transaction
                raise duckdb.IOException("IO Error: No space left on device")
            return self.con.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self.con, name)

    monkeypatch.setattr(duckdb, "connect", lambda *a, **k: FailingCommit(real(*a, **k)))
    with pytest.raises(OutputError) as err:
        upsert(store, tables.build([fake_result("/r/d.pdf", "d" * 64)]), tables.failures_table([]))
    assert str(err.value) == f"{store}: cannot write the store: IO Error: No space left on device"
    monkeypatch.setattr(duckdb, "connect", real)
    assert query(store, "SELECT path FROM documents")["path"].tolist() == ["/r/a.pdf"]


# -- item 14: CSV and terminal ---------------------------------------------------------------
def test_csv_tables_neutralise_formulas(tmp_path):
    built = tables.build([fake_result("/r/a.pdf", "a" * 64, title=FORMULA, context="-12 % en 2021")])
    tables.write(built, tmp_path, "csv")
    documents = pacsv.read_csv(tmp_path / "documents.csv").to_pylist()
    figures = pacsv.read_csv(tmp_path / "figures.csv").to_pylist()
    assert documents[0]["title"] == "'" + FORMULA
    assert (figures[0]["section"], figures[0]["context"]) == ("'+SUM(A1:A9)", "'-12 % en 2021")
    assert figures[0]["value"] == 3.0  # numbers are numbers
    # Parquet keeps the text as it is: only a spreadsheet format is neutralised
    tables.write(built, tmp_path, "parquet")
    assert pq.read_table(tmp_path / "documents.parquet").column("title").to_pylist() == [FORMULA]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


@pytest.mark.slow
def test_query_output_escapes_controls_and_neutralises_formulas(store):
    table = run_cli("query", "SELECT title, context FROM figures JOIN documents USING (sha256)", "--db", str(store))
    assert table.returncode == 0, table.stderr
    assert "\x1b" not in table.stdout and "\x07" not in table.stdout
    assert "\\x1b[31mRED\\x1b[0m rapport\\x07" in table.stdout
    csv = run_cli("query", "SELECT title, context FROM figures JOIN documents USING (sha256)", "--db", str(store),
                  "--format", "csv")
    rows = list(csv_module.reader(io.StringIO(csv.stdout)))
    assert rows[1] == ["'" + FORMULA, "\\x1b[31mRED\\x1b[0m rapport\\x07"]


@pytest.mark.slow
def test_query_errors_are_one_line_exit_2(store, tmp_path):
    (tmp_path / "a.json").write_text("{}")
    for args in (["", "--db", str(store)], ["-- c", "--db", str(store)], ["SELECT 1", "--db", str(tmp_path / "a.json")],
                 ["SELECT 1", "--db", str(tmp_path)], ["COPY (SELECT 1) TO 'x.csv'", "--db", str(store)]):
        proc = run_cli("query", *args)
        assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1, (args, proc.stderr)
        assert "Traceback" not in proc.stderr and proc.stderr.startswith("extractor: error: ")


def test_query_allow_files_flag(store, tmp_path):
    (tmp_path / "extra.csv").write_text("a,b\n1,2\n")
    sql = f"SELECT b FROM read_csv('{tmp_path}/extra.csv')"
    assert main(["query", sql, "--db", str(store)]) == 2
    assert main(["query", sql, "--db", str(store), "--allow-files"]) == 0
