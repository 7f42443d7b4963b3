"""Batches across runs and odd folders (issue 24, items 1-5 and 11): nothing lost across runs,
no single file stops a batch, the tables and the store describe the same documents."""
from __future__ import annotations

import fcntl
import json
import os
import shutil

import pyarrow.parquet as pq
import pytest

from extractor.batch.discover import STEM_BYTES, discover, output_names
from extractor.batch.run import LOCK_FILE, run_batch
from extractor.core.errors import OutputError
from extractor.io.duckdb_store import query

from helpers import hostile

REPORT_B = hostile.TEXT_REPORT.replace("1 250 000 euros", "2 500 000 euros")


# -- items 3-5: discovery ----------------------------------------------------------------------
@pytest.fixture
def odd_folder(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(hostile.TEXT_REPORT)
    (root / "sub" / "back").symlink_to(root)  # a cycle: in/sub/back -> in
    (root / "loop.pdf").symlink_to(root / "loop.pdf")
    os.mkfifo(root / "pipe.pdf")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.md").write_text(hostile.TEXT_REPORT)
    (root / "linked").symlink_to(tmp_path / "elsewhere")  # a symlinked folder: followed
    (tmp_path / "notes").write_text(hostile.TEXT_REPORT)  # no suffix
    (root / "c.md").symlink_to(tmp_path / "notes")
    return root


def test_discovery_takes_regular_files_follows_links_once_and_says_what_it_skips(odd_folder):
    skipped: list[str] = []
    found, failures = discover([odd_folder], skipped=skipped)
    assert sorted(os.path.relpath(p, odd_folder) for p in found) == ["c.md", "linked/b.md", "sub/a.txt"]
    assert failures == []
    assert sorted(skipped) == sorted([
        f"{odd_folder / 'loop.pdf'}: skipped (symlink loop)",
        f"{odd_folder / 'pipe.pdf'}: skipped (not a regular file (a FIFO))",
        f"{odd_folder / 'sub' / 'back'}: skipped (a symlinked folder already walked: a cycle)",
    ])


def test_a_named_fifo_or_loop_is_a_failure_not_a_hang(odd_folder):
    found, failures = discover([odd_folder / "pipe.pdf", odd_folder / "loop.pdf"])
    assert found == []
    assert [(f["error"], f["message"]) for f in failures] == [
        ("InputNotFound", f"{odd_folder / 'pipe.pdf'}: not a regular file (a FIFO)"),
        ("InputNotFound", f"{odd_folder / 'loop.pdf'}: symlink loop")]


# -- items 1-2: names ------------------------------------------------------------------------
def test_a_name_an_earlier_run_gave_another_source_gets_the_content_suffix():
    taken = {"report.json": "A/report.txt"}
    assert output_names([("B/report.txt", "b" * 64)], taken) == {"B/report.txt": "report-bbbbbbbb.json"}
    assert output_names([("A/report.txt", "a" * 64)], taken) == {"A/report.txt": "report.json"}
    taken["report-bbbbbbbb.json"] = "C/report.txt"  # the same content under a third path
    assert output_names([("B/report.txt", "b" * 64)], taken) == {"B/report.txt": "report-bbbbbbbb-2.json"}


def test_names_are_capped_in_bytes():
    long = "é" * 120  # 240 bytes: valid as a file name, too long with a suffix around it
    (name,) = output_names([(f"/in/{long}.txt", "a" * 64)]).values()
    assert name == "é" * (STEM_BYTES // 2) + ".json"
    assert len(f".{name}.abcdefgh.tmp".encode()) < 255


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Two batches into one --out and one --db: A/report.txt (and a file of 120 é, and a
    symlink to a suffix-less file), then B/report.txt and a copy of A's content elsewhere."""
    root = tmp_path_factory.mktemp("runs")
    for folder, text in (("A", hostile.TEXT_REPORT), ("B", REPORT_B)):
        (root / folder).mkdir()
        (root / folder / "report.txt").write_text(text)
    (root / "A" / ("é" * 120 + ".txt")).write_text(REPORT_B)
    (root / "notes").write_text(hostile.TEXT_REPORT.replace("2021", "2022"))
    (root / "A" / "linked.md").symlink_to(root / "notes")
    (root / "C").mkdir()
    shutil.copy(root / "A" / "report.txt", root / "C" / "copy.txt")
    out, db = root / "out", root / "out" / "s.duckdb"
    first = run_batch([root / "A"], out, db=db, jobs=1)
    second = run_batch([root / "B", root / "C"], out, db=db, jobs=1)
    return root, out, db, first, second


def test_a_badly_named_file_does_not_stop_the_batch(two_runs):
    root, _, _, first, _ = two_runs
    assert first.failures == [] and len(first.outputs) == 3
    assert first.outputs[str(root / "A" / ("é" * 120 + ".txt"))].name == "é" * 50 + ".json"


def test_a_symlink_is_read_as_named(two_runs):
    root, _, _, first, _ = two_runs
    result = json.loads(first.outputs[str(root / "A" / "linked.md")].read_text())
    assert result["document"]["status"] == "ok" and result["document"]["path"] == str(root / "A" / "linked.md")


def test_a_later_batch_keeps_an_earlier_batchs_json(two_runs):
    root, out, _, first, second = two_runs
    a, b = str(root / "A" / "report.txt"), str(root / "B" / "report.txt")
    assert first.outputs[a].name == "report.json"
    assert second.outputs[b].name.startswith("report-") and second.outputs[b].name != "report.json"
    sources = {json.loads(p.read_text())["document"]["path"] for p in out.glob("*.json")}
    assert {a, b, str(root / "C" / "copy.txt")} <= sources and len(sources) == 5


def test_the_tables_and_the_store_describe_the_same_documents(two_runs):
    _, out, db, _, _ = two_runs
    parquet = sorted(zip(*[pq.read_table(out / "documents.parquet").column(c).to_pylist() for c in ("path", "sha256")]))
    store = sorted(query(db, "SELECT path, sha256 FROM documents").itertuples(index=False, name=None))
    assert parquet == store and len(parquet) == 5
    for kind in ("figures", "dates", "acronyms"):
        n = int(query(db, f"SELECT count(*) AS n FROM {kind}")["n"][0])
        assert n == pq.read_table(out / f"{kind}.parquet").num_rows > 0, kind


# -- item 11: one run at a time per output folder --------------------------------------------
def test_a_second_run_on_one_out_refuses_with_a_clear_message(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".report.json.abcd.tmp").write_text("a running run's temporary file")
    report = tmp_path / "r.txt"
    report.write_text(hostile.TEXT_REPORT)
    with open(out / LOCK_FILE, "w") as held:
        held.write("4242\n")
        held.flush()
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(OutputError) as err:
            run_batch([report], out, jobs=1)
    assert str(err.value) == f"{out}: in use by another extractor run (pid 4242): wait for it to end or use another --out"
    assert (out / ".report.json.abcd.tmp").exists()  # the first run's files are left alone
