"""The tables (``extractor.tables``) and the DuckDB store (``extractor.store``), fed with the
golden report's real records (its text conversion, run through the pipeline in-process)."""
from __future__ import annotations

import copy
import json

import duckdb
import pytest

from extractor.core.errors import ExtractorError, InputNotFound
from extractor.core.records import KINDS
from extractor.io import arrow_tables as tables
from extractor.io.duckdb_store import query, upsert

from helpers import GOLDEN_TXT

NO_FAILURES = tables.failures_table([])


@pytest.fixture(scope="module")
def golden(nlp) -> dict:
    from extractor import extract

    result = extract(GOLDEN_TXT).to_dict()
    assert len(result["dates"]) > 10  # the report is full of dates: the tests below need records
    return result


def counts(db) -> dict[str, int]:
    return {t: int(query(db, f"SELECT count(*) AS n FROM {t}")["n"][0]) for t in tables.TABLES + ("failures",)}


def test_rows_carry_the_document_and_json_encode_nested_values(golden):
    rows = tables.rows("dates", golden)
    assert len(rows) == len(golden["dates"])
    for i, (row, record) in enumerate(zip(rows, golden["dates"])):
        assert (row["sha256"], row["path"], row["ordinal"]) == (golden["document"]["sha256"], str(GOLDEN_TXT), i)
        assert row["start"] == record["start"] and row["rule"] == record["rule"]
        assert row["bbox"] is None or json.loads(row["bbox"]) == record["bbox"]
    (doc,) = tables.rows("documents", golden)
    assert doc["year"] == 2019 and json.loads(doc["repairs"]) == golden["document"]["repairs"]


def test_tables_are_sorted_by_sha256_whatever_the_order_of_results(golden):
    other = copy.deepcopy(golden)
    other["document"]["sha256"] = "0" * 64  # the same records under a second document
    a, b = tables.build([golden, other]), tables.build([other, golden])
    for name in tables.TABLES:
        assert a[name].equals(b[name])
        shas = a[name].column("sha256").to_pylist()
        assert shas == sorted(shas)
    assert a["dates"].num_rows == 2 * len(golden["dates"])


def test_empty_tables_keep_their_columns():
    for name, table in tables.build([]).items():
        assert table.num_rows == 0 and table.schema == tables.schema(name)
        assert {"sha256", "path"} <= set(table.schema.names)


def test_upsert_never_duplicates(tmp_path, golden):
    db = tmp_path / "reports.duckdb"
    built = tables.build([golden])
    upsert(db, built, NO_FAILURES)
    upsert(db, built, NO_FAILURES)
    assert counts(db) == {**{t: built[t].num_rows for t in tables.TABLES}, "failures": 0}
    assert query(db, "SELECT year FROM documents")["year"].tolist() == [2019]


def test_a_new_extraction_replaces_the_document_rows(tmp_path, golden):
    db = tmp_path / "reports.duckdb"
    upsert(db, tables.build([golden]), NO_FAILURES)
    fewer = copy.deepcopy(golden)
    for kind in KINDS:
        fewer[kind] = fewer[kind][:1]
    upsert(db, tables.build([fewer]), NO_FAILURES)
    assert counts(db)["dates"] == 1
    assert query(db, "SELECT start FROM dates")["start"].tolist() == [golden["dates"][0]["start"]]


def test_failures_are_replaced_and_cleared_by_a_success(tmp_path, golden):
    db = tmp_path / "reports.duckdb"
    path = golden["document"]["path"]
    failure = {"path": path, "sha256": None, "error": "NotAPDF", "message": f"{path}: damaged"}
    upsert(db, tables.build([]), tables.failures_table([failure]))
    upsert(db, tables.build([]), tables.failures_table([failure]))
    assert query(db, "SELECT error FROM failures")["error"].tolist() == ["NotAPDF"]
    upsert(db, tables.build([golden]), NO_FAILURES)
    assert counts(db)["failures"] == 0


def test_an_older_store_gets_the_new_columns(tmp_path, golden):
    db = tmp_path / "reports.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE dates (sha256 VARCHAR, path VARCHAR, ordinal BIGINT, raw VARCHAR)")
    con.close()
    upsert(db, tables.build([golden]), NO_FAILURES)
    columns = query(db, "DESCRIBE dates")["column_name"].tolist()
    assert set(tables.schema("dates").names) <= set(columns)
    assert counts(db)["dates"] == len(golden["dates"])


def test_query_is_read_only_and_fails_in_one_line(tmp_path, golden):
    db = tmp_path / "reports.duckdb"
    upsert(db, tables.build([golden]), NO_FAILURES)
    with pytest.raises(ExtractorError) as err:
        query(db, "DELETE FROM documents")
    assert "\n" not in str(err.value)
    assert counts(db)["documents"] == 1
    with pytest.raises(InputNotFound):
        query(tmp_path / "missing.duckdb", "SELECT 1")


def test_a_new_store_is_whole_or_absent(tmp_path, golden, monkeypatch):
    """A new store is made under a temporary name and linked into place: interrupted while
    DuckDB makes it, no store is left (a half-written file DuckDB would refuse to open, on the
    next run) and no temporary file; made, it is complete and nothing else is left."""
    from extractor.io import duckdb_store

    db = tmp_path / "store" / "s.duckdb"
    made = duckdb_store._ensure_tables

    def interrupted(con):
        made(con)
        raise KeyboardInterrupt

    monkeypatch.setattr(duckdb_store, "_ensure_tables", interrupted)
    with pytest.raises(KeyboardInterrupt):
        upsert(db, tables.build([golden]), NO_FAILURES)
    assert list(db.parent.iterdir()) == []
    monkeypatch.setattr(duckdb_store, "_ensure_tables", made)
    upsert(db, tables.build([golden]), NO_FAILURES)
    assert sorted(p.name for p in db.parent.iterdir()) == ["s.duckdb"]
    assert counts(db)["figures"] == len(golden["figures"]) > 0
