"""Batch runs (issue #6): a folder holding the golden report (PDF and text), a generated PDF and
three bad files (corrupt, encrypted, zero-byte), processed by the local engine and by Dask.

The golden PDF goes through pages 1-2 only (``FAST``) and its text conversion is cut after the
editorial (``opening``), to keep the suite quick; the timeout test reads the PDF whole, on
purpose, so that it overruns."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import __version__
from extractor.batch.run import Cache, discover, output_names, run_batch
from extractor.cli import main
from extractor.core.records import KINDS, validate
from extractor.io.arrow_tables import TABLES, schema
from extractor.io.duckdb_store import query
from extractor.pipeline import Config

from helpers import GOLDEN_PDF, GOLDEN_TXT, ROOT

FAST = Config(pages=(1, 2))
BAD = {"corrupt.pdf", "encrypted.pdf", "empty.pdf"}
GOOD = {GOLDEN_PDF.name, GOLDEN_TXT.name, "note.pdf"}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_note(path: Path) -> None:
    """A two-page French note typeset by reportlab."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4)
    canvas.setTitle("Note de la Caf du Rhône 2021")
    for lines in (["Note de la Caf du Rhône 2021",
                   "Le 3 février 2021, la Caisse d'allocations familiales (Caf) a versé",
                   "1 250 000 euros aux familles du département."],
                  ["En 2021, 45 % des allocataires ont utilisé le site caf.fr."]):
        y = 780
        for line in lines:
            canvas.drawString(72, y, line)
            y -= 18
        canvas.showPage()
    canvas.save()


def opening(chars: int = 6000) -> str:
    """The golden report's text conversion up to the first paragraph break after ``chars``
    (cover, contents, editorial): its year and first records, quick to process."""
    text = GOLDEN_TXT.read_text(encoding="utf-8")
    return text[: text.index("\n\n", chars)] + "\n"


def make_corpus(root: Path) -> Path:
    import pikepdf

    (root / "pdf").mkdir(parents=True)
    (root / "txt").mkdir()
    (root / "bad").mkdir()
    (root / ".hidden").mkdir()
    shutil.copy(GOLDEN_PDF, root / "pdf" / GOLDEN_PDF.name)
    (root / "txt" / GOLDEN_TXT.name).write_text(opening(), encoding="utf-8")
    make_note(root / "pdf" / "note.pdf")
    data = GOLDEN_PDF.read_bytes()
    (root / "bad" / "corrupt.pdf").write_bytes(data[: len(data) // 3])
    (root / "bad" / "empty.pdf").write_bytes(b"")
    with pikepdf.open(root / "pdf" / "note.pdf") as pdf:
        pdf.save(root / "bad" / "encrypted.pdf", encryption=pikepdf.Encryption(user="secret", owner="o", R=4))
    (root / "expected.yaml").write_text("not: an input\n")
    shutil.copy(GOLDEN_TXT, root / ".hidden" / "skipped.txt")
    return root


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def local_run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out-local")
    report = run_batch([corpus], out, config=FAST, jobs=2, db=out / "reports.duckdb")
    return out, report


def outputs_by_name(report) -> dict[str, dict]:
    return {Path(p).name: json.loads(f.read_text(encoding="utf-8")) for p, f in report.outputs.items()}


# -- one batch, local engine ------------------------------------------------------------------
def test_every_good_document_is_written(corpus, local_run):
    out, report = local_run
    docs = outputs_by_name(report)
    assert set(docs) == GOOD
    for name, payload in docs.items():
        validate(payload)
        source = next(corpus.rglob(name))
        assert payload["document"]["sha256"] == sha(source)
        assert payload["document"]["extractor_version"] == __version__
        assert payload["document"]["path"] == str(source)
    # the golden report's own year is on its cover: "2019 RAPPORT D'ACTIVITÉ DE LA BRANCHE FAMILLE"
    assert docs[GOLDEN_PDF.name]["document"]["year"] == 2019
    assert docs[GOLDEN_TXT.name]["document"]["year"] == 2019
    assert docs[GOLDEN_PDF.name]["document"]["pages"] == 2  # FAST: pages 1-2
    assert docs["note.pdf"]["document"]["pages"] == 2
    assert docs["note.pdf"]["document"]["year"] == 2021


def test_same_stem_inputs_get_distinct_names(corpus, local_run):
    out, report = local_run
    pdf, txt = corpus / "pdf" / GOLDEN_PDF.name, corpus / "txt" / GOLDEN_TXT.name
    assert report.outputs[str(pdf)] == out / f"rapport-activite-2019-{sha(pdf)[:8]}.json"
    assert report.outputs[str(txt)] == out / f"rapport-activite-2019-{sha(txt)[:8]}.json"
    assert report.outputs[str(corpus / "pdf" / "note.pdf")] == out / "note.json"
    assert sorted(p.name for p in out.glob("*.json")) == sorted(f.name for f in report.outputs.values())


def test_bad_files_are_recorded_and_the_batch_goes_on(corpus, local_run):
    out, report = local_run
    assert report.exit_code == 2
    lines = [json.loads(line) for line in (out / "failures.jsonl").read_text().splitlines()]
    assert lines == report.failures
    by_name = {Path(f["path"]).name: f for f in lines}
    assert set(by_name) == BAD
    for name, failure in by_name.items():
        assert failure["path"] == str(corpus / "bad" / name)
        assert failure["sha256"] == sha(corpus / "bad" / name)
        assert failure["message"].startswith(failure["path"] + ": ") and "\n" not in failure["message"]
    assert by_name["empty.pdf"]["error"] == "NotAPDF" and "0 bytes" in by_name["empty.pdf"]["message"]
    assert by_name["corrupt.pdf"]["error"] == "NotAPDF"
    assert by_name["encrypted.pdf"]["error"] == "EncryptedPDF"


def test_tables_hold_one_row_per_record(corpus, local_run):
    out, report = local_run
    docs = outputs_by_name(report).values()
    documents = pq.read_table(out / "documents.parquet")
    assert documents.schema == schema("documents")
    assert documents.column("sha256").to_pylist() == sorted(sha(next(corpus.rglob(n))) for n in GOOD)
    for kind in KINDS:
        table = pq.read_table(out / f"{kind}.parquet")
        assert table.schema == schema(kind)
        assert table.num_rows == sum(len(d[kind]) for d in docs)
        frame = table.to_pandas()
        assert list(frame[["sha256", "ordinal"]].itertuples(index=False)) == sorted(
            frame[["sha256", "ordinal"]].itertuples(index=False))


def test_store_holds_the_batch(local_run):
    out, report = local_run
    db = out / "reports.duckdb"
    docs = query(db, "SELECT path, year, sha256 FROM documents ORDER BY path")
    assert list(docs["path"]) == sorted(report.outputs)
    failures = query(db, "SELECT path, error FROM failures ORDER BY path")
    assert list(failures["path"]) == [f["path"] for f in report.failures]
    for kind in KINDS:
        rows = pq.read_table(out / f"{kind}.parquet").num_rows
        assert query(db, f"SELECT count(*) AS n FROM {kind}")["n"][0] == rows


def test_second_run_hits_the_cache(corpus, local_run):
    out, first = local_run
    stamps = {p: p.stat().st_mtime_ns for p in out.glob("*.json")}
    report = run_batch([corpus], out, config=FAST, jobs=2, db=out / "reports.duckdb")
    assert report.processed == []
    # the empty file is refused unread, in this process, each time: not a cache hit
    assert report.skipped == first.skipped == [str(corpus / "bad" / "empty.pdf")]
    assert sorted(report.cached) == sorted(list(first.outputs) + [f["path"] for f in first.failures
                                                                  if f["path"] not in first.skipped])
    assert report.seconds < 2.0
    assert report.failures == first.failures and report.exit_code == 2
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.json")} == stamps
    assert query(out / "reports.duckdb", "SELECT count(*) AS n FROM documents")["n"][0] == len(GOOD)
    assert query(out / "reports.duckdb", "SELECT count(*) AS n FROM failures")["n"][0] == len(BAD)


def test_the_cache_is_keyed_by_content_version_and_configuration(corpus, local_run):
    out, _ = local_run
    note = sha(corpus / "pdf" / "note.pdf")
    assert Cache(out, FAST).get(note).result["document"]["sha256"] == note
    assert Cache(out, Config(pages=(1, 1))).get(note) is None
    assert Cache(out, Config(pages=(1, 2), password="secret")).get(note) is None
    assert Cache(out, FAST).get(sha(GOLDEN_PDF)[::-1]) is None


def test_csv_tables(corpus, local_run):
    out, _ = local_run
    run_batch([corpus], out, config=FAST, table_format="csv")  # all cached: only writes tables
    for name in TABLES:
        frame = pd.read_csv(out / f"{name}.csv")
        assert list(frame.columns) == schema(name).names
        assert len(frame) == pq.read_table(out / f"{name}.parquet").num_rows


def test_cli_exit_codes_and_query(corpus, local_run, capsys):
    out, _ = local_run
    cached = ["--out", str(out), "--pages", "1-2", "--quiet"]
    assert main(["extract", str(corpus / "pdf" / "note.pdf"), *cached]) == 0
    # the tables describe the whole folder, not only the last batch
    assert pq.read_table(out / "documents.parquet").num_rows == len(GOOD)
    assert len((out / "failures.jsonl").read_text().splitlines()) == len(BAD)
    assert main(["extract", str(corpus), *cached, "--db", str(out / "reports.duckdb")]) == 2
    capsys.readouterr()
    assert main(["query", "SELECT count(*) AS n FROM failures", "--db", str(out / "reports.duckdb"),
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out == f"n\n{len(BAD)}\n"


# -- Dask gives the same outputs ---------------------------------------------------------------
@pytest.mark.slow
def test_dask_engine_rewrites_identical_outputs(corpus, local_run):
    """``force`` redoes every document, on Dask this time: the outputs stay byte-identical."""
    out, report = local_run
    names = [f"{t}.parquet" for t in TABLES] + ["failures.jsonl"] + [f.name for f in report.outputs.values()]
    before = {name: ((out / name).read_bytes(), (out / name).stat().st_mtime_ns) for name in names}
    dask = run_batch([corpus], out, config=FAST, jobs=2, engine="dask", force=True)
    assert sorted(dask.processed) == sorted(list(report.outputs) + [f["path"] for f in report.failures
                                                                    if f["path"] not in report.skipped])
    assert dask.failures == report.failures
    for name in names:
        assert (out / name).stat().st_mtime_ns != before[name][1], f"{name} was not rewritten"
        assert (out / name).read_bytes() == before[name][0], name


# -- interruption and timeouts -----------------------------------------------------------------
@pytest.mark.slow
def test_interrupted_run_leaves_whole_files_and_resumes(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    text = opening()
    for i in range(4):  # distinct contents: no copy is a cache hit for another
        (inputs / f"copy{i}.txt").write_text(f"{text}\n\nCopie {i}.\n", encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "extractor.cli", "extract", str(inputs), "--out", str(out), "--jobs", "1", "--quiet"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(out.glob("*.json")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 130
    written = sorted(out.glob("*.json"))
    assert 0 < len(written) < 4
    for path in written:
        validate(json.loads(path.read_text(encoding="utf-8")))
    assert list(out.glob(".*.tmp")) == []

    report = run_batch([inputs], out, jobs=1)
    assert report.exit_code == 0
    assert sorted(p.name for p in out.glob("*.json")) == [f"copy{i}.json" for i in range(4)]
    assert set(report.cached) <= {str(inputs / p.name.replace(".json", ".txt")) for p in written}
    assert len(report.processed) + len(report.cached) == 4 and len(report.processed) >= 4 - len(written)


@pytest.mark.slow
def test_a_document_over_the_timeout_is_killed_and_the_batch_goes_on(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    import pikepdf

    with pikepdf.open(GOLDEN_PDF) as golden, pikepdf.new() as slow:  # 10 x 20 pages: > 5 s of work
        for _ in range(10):
            slow.pages.extend(golden.pages)
        slow.save(inputs / "a-slow.pdf")
    (inputs / "b-quick.txt").write_text(opening(200), encoding="utf-8")
    report = run_batch([inputs], tmp_path / "out", jobs=1, timeout=3.0)
    assert [(Path(f["path"]).name, f["error"]) for f in report.failures] == [("a-slow.pdf", "ResourceLimit")]
    assert "3 s time limit" in report.failures[0]["message"]
    assert [Path(p).name for p in report.outputs] == ["b-quick.txt"]
    assert Cache(tmp_path / "out", Config()).get(sha(inputs / "a-slow.pdf")) is None  # may pass next time


# -- inputs and names, without workers -------------------------------------------------------
def test_discover_files_folders_and_globs(corpus, tmp_path):
    found, failures = discover([corpus / "pdf", str(corpus / "bad" / "*.pdf"), corpus / "txt" / GOLDEN_TXT.name,
                                corpus / "pdf" / "note.pdf", tmp_path / "missing.pdf"], out=tmp_path)
    assert [Path(p).name for p in found] == ["note.pdf", GOLDEN_PDF.name, "corrupt.pdf", "empty.pdf",
                                             "encrypted.pdf", GOLDEN_TXT.name]
    assert [(f["path"], f["error"]) for f in failures] == [(str(tmp_path / "missing.pdf"), "InputNotFound")]
    everything, _ = discover([corpus])
    assert {Path(p).name for p in everything} == GOOD | BAD  # not expected.yaml, not .hidden/


def test_output_folder_is_not_an_input(corpus, tmp_path):
    root = tmp_path / "root"
    shutil.copytree(corpus / "txt", root)
    (root / "outputs").mkdir()
    shutil.copy(GOLDEN_TXT, root / "outputs" / "old.txt")
    found, _ = discover([root], out=root / "outputs")
    assert [Path(p).name for p in found] == [GOLDEN_TXT.name]


def test_names_cannot_escape_the_output_folder():
    names = output_names([("../../etc/passwd.pdf", "a" * 64), ("/tmp/.profile.txt", "b" * 64),
                          ("x/..pdf", "c" * 64)])
    assert names == {"../../etc/passwd.pdf": "passwd.json", "/tmp/.profile.txt": "profile.json",
                     "x/..pdf": "document.json"}


paths = st.lists(st.tuples(st.sampled_from(["a", "b/c", "../d", "e/f/g"]),
                           st.sampled_from(["rapport", "Rapport", "r-2019", "x y", ".z", "r-aaaaaaaa"]),
                           st.sampled_from([".pdf", ".txt", ".md"]),
                           st.sampled_from(["a" * 64, "b" * 64, "c" * 64])),
                 max_size=12, unique_by=lambda t: (t[0], t[1], t[2]))


@settings(max_examples=200, deadline=None)
@given(paths, st.randoms())
def test_output_names_are_unique_safe_and_order_free(items, rnd):
    pairs = [(f"{folder}/{stem}{suffix}", digest) for folder, stem, suffix, digest in items]
    names = output_names(pairs)
    assert len({n.casefold() for n in names.values()}) == len(pairs)
    for name in names.values():
        assert name.endswith(".json") and "/" not in name and not name.startswith(".")
        assert os.path.dirname(os.path.normpath(os.path.join("out", name))) == "out"
    rnd.shuffle(pairs)
    assert output_names(pairs) == names


def _pdf(path, pages: int, noise: int = 0):
    """A PDF of ``pages`` pages, with a ``noise`` x ``noise`` image of random grey on the first
    (which makes a large file of a short report)."""
    import random

    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for k in range(pages):
        c.drawString(72, 700, f"Page {k + 1} du rapport.")
        if noise and k == 0:
            rnd = random.Random(7)
            image = Image.frombytes("L", (noise, noise), bytes(rnd.randrange(256) for _ in range(noise * noise)))
            c.drawImage(ImageReader(image), 72, 300, 200, 200)
        c.showPage()
    c.save()
    return path


def test_the_longest_reports_go_to_the_workers_first(tmp_path):
    """The longest reports start while every worker is free: a PDF by its pages (of the page
    range asked for), a text report or a PDF pdfium cannot open by its size; a file that is gone
    is left to the worker to name."""
    from extractor.batch.pages import PageCounter
    from extractor.batch.run import PDF_PAGE_BYTES, TEXT_PAGE_BYTES, _longest_first

    long = _pdf(tmp_path / "long.pdf", 5)
    short_but_large = _pdf(tmp_path / "short.pdf", 1, noise=300)
    notes = tmp_path / "notes.txt"
    notes.write_text("x" * (4 * TEXT_PAGE_BYTES), encoding="utf-8")  # four pages' worth
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + b"x" * (PDF_PAGE_BYTES * 5 // 2 - 9))  # 2.5 pages' worth, no page tree
    gone = tmp_path / "gone.pdf"
    assert short_but_large.stat().st_size > 10 * long.stat().st_size
    paths = [str(p) for p in (gone, short_but_large, notes, broken, long)]
    pages = PageCounter([str(p) for p in (gone, short_but_large, broken, long)]).result()
    assert pages == {str(long): 5, str(short_but_large): 1}
    assert _longest_first(paths, Config(), pages) == [str(p) for p in (long, notes, broken, short_but_large, gone)]
    # pages 1-2 of each: the 5-page report counts 2
    assert _longest_first(paths, Config(pages=(1, 2)), pages) == [str(p) for p in (notes, broken, long,
                                                                                    short_but_large, gone)]
    # nothing counted (the counting process failed): PDFs by their size
    assert _longest_first(paths, Config(), {}) == [str(p) for p in (notes, broken, short_but_large, long, gone)]


@pytest.mark.parametrize("jobs, counted", [(2, 0), (1, 2)])
def test_pages_are_counted_only_when_the_order_matters(tmp_path, monkeypatch, jobs, counted):
    """With no more reports than workers, each starts at once: no process counts their pages."""
    from extractor.batch import run as batch_run
    from extractor.batch.engines import Outcome

    asked: list[list[str]] = []

    class Counter:
        def __init__(self, paths, *args, **kwargs):
            asked.append(list(paths))

        def result(self):
            return {}

    def no_workers(tasks, config, jobs, timeout, done, *args, **kwargs):
        for task in tasks:
            done(task, Outcome(path=task, error="Stub", message=f"{task}: not read"))

    monkeypatch.setattr(batch_run, "PageCounter", Counter)
    monkeypatch.setattr(batch_run, "run_local", no_workers)
    monkeypatch.setattr(batch_run, "start_server", lambda model: None)
    reports = [_pdf(tmp_path / "a.pdf", 2), _pdf(tmp_path / "b.pdf", 1)]
    report = run_batch(reports, tmp_path / "out", jobs=jobs)
    assert len(report.failures) == 2
    assert [len(paths) for paths in asked] == [counted]


#: loaded by the counting process (``sitecustomize`` on its PYTHONPATH): pdfium hangs on a file
#: named stuck.pdf and brings its process down on one named crash.pdf, as it may on damaged files
_PDFIUM_TROUBLE = """
import os, time
import pypdfium2
_open = pypdfium2.PdfDocument
def _troubled(path, *args, **kwargs):
    if str(path).endswith("stuck.pdf"):
        time.sleep(60)
    if str(path).endswith("crash.pdf"):
        os._exit(134)
    return _open(path, *args, **kwargs)
pypdfium2.PdfDocument = _troubled
"""


@pytest.mark.parametrize("trouble", [pytest.param("stuck.pdf", marks=pytest.mark.slow), "crash.pdf"])  # stuck: waits out a time limit
def test_pages_are_counted_in_a_process_that_a_bad_file_cannot_hold(tmp_path, monkeypatch, trouble):
    """pdfium counts the pages in a process of its own, which writes each count as it goes: when
    a file hangs it (stopped at the time limit) or brings it down, the files counted before
    still count, the others are measured by their size, and the batch's process goes on."""
    from extractor.batch.pages import PageCounter

    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(_PDFIUM_TROUBLE, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hooks), str(ROOT)]))
    first, last = _pdf(tmp_path / "first.pdf", 3), _pdf(tmp_path / "last.pdf", 2)
    bad = _pdf(tmp_path / trouble, 4)
    assert PageCounter([str(first), str(bad), str(last)], time_limit=3.0).result() == {str(first): 3}
    assert PageCounter([str(first), str(last)]).result() == {str(first): 3, str(last): 2}
    assert PageCounter([]).result() == {}


def test_a_batch_worker_reads_its_share_of_the_ocr_pages_at_once(monkeypatch):
    """Each worker runs as many Tesseracts at once as its share of the cores, so that the
    workers together use each core once."""
    from extractor.batch import engines
    from extractor.layout import ocr
    from extractor.pipeline import Config

    class Conn:  # the parent's end: says "stop" at once
        def __init__(self) -> None:
            self.sent: list = []

        def send(self, message) -> None:
            self.sent.append(message)

        def recv(self):
            return None

    monkeypatch.setattr(ocr, "_parallel", None)
    monkeypatch.setattr(engines.signal, "signal", lambda *args: None)
    monkeypatch.setattr(engines, "load_model", lambda model: None)
    monkeypatch.setattr(engines.limits, "limit_memory", lambda mib: None)
    conn = Conn()
    engines._worker_main(conn, Config(), None, 1)
    assert conn.sent == ["ready"] and ocr.parallel() == 1
    ocr.set_parallel(None)
    assert ocr.parallel() == max(1, min(ocr.MAX_PARALLEL, len(os.sched_getaffinity(0))))


def test_a_run_removes_what_a_killed_run_left_half_written(tmp_path):
    """Temporary files of a run killed while writing (a table, a JSON, a new store and its
    journal) are removed by the next run in the folder; the user's own files stay."""
    from extractor.batch.run import _prepare_out

    out = tmp_path / "out"
    out.mkdir()
    left = [".figures.parquet.k2x9.tmp", ".s.duckdb.a8b7.tmp", ".s.duckdb.a8b7.tmp.wal"]
    for name in left + ["notes.tmp", "s.duckdb.wal"]:
        (out / name).write_bytes(b"x")
    _prepare_out(out)
    assert sorted(p.name for p in out.iterdir()) == ["notes.tmp", "s.duckdb.wal"]
