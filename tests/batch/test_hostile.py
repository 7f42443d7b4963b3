"""Hostile and broken inputs (issue #9): nothing crashes, nothing is lost, nothing runs.

One ``extractor extract`` call takes the whole adversarial corpus of ``hostile.py`` together
with the golden report, under a guard (an audit hook loaded by ``sitecustomize`` in every
process of the run: the CLI, the forkserver and its workers) that refuses and logs any network
connection, any program started and any file written outside ``--out``. A second, small batch
stops the decompression bomb by the memory limit and opens the user-password PDF with
``--password``; a third cuts off a page of a million tiny characters by the time limit. The
output-folder checks use
a private mount namespace (``unshare -rm``) holding a tiny or read-only tmpfs: the tests run as
root, for whom ``chmod`` stops no write.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

import pytest

from extractor.batch import run as batch
from extractor.batch.run import run_batch
from extractor.cli import main
from extractor.core.errors import NoTextLayer, OutputError
from extractor.core.records import validate
from extractor.io.result_json import set_paths
from extractor.layout import read

from helpers import GOLDEN_PDF, ROOT, hostile

GUARD = textwrap.dedent('''
    import os, socket, sys

    _LOG = os.environ["HOSTILE_GUARD_LOG"]
    _ALLOWED = tuple(os.path.realpath(os.environ[k]) + os.sep for k in ("HOSTILE_GUARD_OUT", "TMPDIR"))
    _WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    _RUN = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.startfile",
            "webbrowser.open"}

    def _log(event, detail):
        with open(_LOG, "a") as fh:
            fh.write(f"{os.getpid()} {event} {detail}\\n")

    def _hook(event, args):  # extractor runs no program (Tesseract is a library, in-process)
        if event == "socket.connect" and args[0].family in (socket.AF_INET, socket.AF_INET6):
            _log(event, args[1])
            raise PermissionError("network access refused by the hostile-input guard")
        if event in ("socket.getaddrinfo", "socket.gethostbyname", "urllib.Request") or event in _RUN:
            _log(event, args[0] if args else "")
            raise PermissionError(f"{event} refused by the hostile-input guard")
        if event == "open" and isinstance(args[0], (str, bytes)) and args[0] != _LOG:
            mode, flags = args[1], args[2]
            writes = any(c in (mode or "") for c in "wax+") or (mode is None and flags & _WRITE)
            path = os.path.realpath(os.fsdecode(args[0]))
            if writes and not (path + os.sep).startswith(_ALLOWED) and path != "/dev/null":
                _log("write", path)

    sys.addaudithook(_hook)
''')


def guarded_env(guard: Path, out: Path, tmp: Path) -> dict:
    """The environment of a guarded run: writes allowed under ``out`` and ``tmp`` (TMPDIR) only."""
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(guard), str(ROOT)]), TMPDIR=str(tmp),
                HOSTILE_GUARD_LOG=str(guard / "guard.log"), HOSTILE_GUARD_OUT=str(out))


def start_guarded_cli(args: list[str], guard: Path, out: Path, cwd: Path) -> subprocess.Popen:
    (cwd / "tmp").mkdir()
    env = guarded_env(guard, out, cwd / "tmp")
    return subprocess.Popen([sys.executable, "-m", "extractor.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)


# -- the whole corpus in one batch, beside the golden report --------------------------------
@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, request):
    """``extractor extract`` over every hostile case and the golden report, guarded; the clean
    run of the golden report (a session fixture) is made meanwhile."""
    root = tmp_path_factory.mktemp("hostile")
    inputs = root / "in"
    hostile.build_corpus(inputs)
    shutil.copy(GOLDEN_PDF, inputs / GOLDEN_PDF.name)
    (inputs / "tiny.pdf").write_bytes(hostile.tiny_characters(200_000))
    (inputs / "bomb.pdf").write_bytes(hostile.deflate_bomb(4))
    (inputs / "long.pdf").write_bytes(hostile.many_pages(12))
    guard = root / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD)
    out = root / "out"
    out.mkdir()
    stale = out / "rapport-activite-2019.json"
    stale.write_text('{"left": "by an earlier run"}')
    stale_inode = stale.stat().st_ino
    before = {p: p.stat().st_mtime_ns for p in inputs.rglob("*")}
    proc = start_guarded_cli(["extract", str(inputs), "--out", str(out), "--jobs", "2", "--timeout", "150",
                              "--memory-limit", "2048"], guard, out, root)
    golden = request.getfixturevalue("golden_result")
    stdout, stderr = proc.communicate(timeout=300)
    failures = {Path(f["path"]).name: f for f in map(json.loads, (out / "failures.jsonl").read_text().splitlines())}
    outputs = {json.loads(p.read_text(encoding="utf-8"))["document"]["path"]: p for p in out.glob("*.json")}
    docs = {Path(k).name: json.loads(v.read_text(encoding="utf-8")) for k, v in outputs.items()}
    return dict(root=root, inputs=inputs, out=out, code=proc.returncode, stderr=stderr, failures=failures,
                docs=docs, outputs=outputs, before=before, guard=guard, stale_inode=stale_inode,
                golden=golden)


FAILS = {  # case → (error, words of its one-line message)
    "empty.pdf": ("NotAPDF", "empty file (0 bytes)"),
    "not-a-pdf-random.pdf": ("NotAPDF", "no %PDF- header"),
    "not-a-pdf-html.pdf": ("NotAPDF", "no %PDF- header"),
    "not-a-pdf-zip.pdf": ("NotAPDF", "a ZIP archive"),
    "truncated-header.pdf": ("NotAPDF", "cannot open PDF"),
    "truncated-middle.pdf": ("NotAPDF", "cannot open PDF"),
    "truncated-before-xref.pdf": ("NotAPDF", "cannot open PDF"),
    "encrypted-user.pdf": ("EncryptedPDF", "a password is needed (use --password)"),
    "bomb.pdf": ("ResourceLimit", "exceeded the 2048 MiB memory limit"),
}
#: a small report of two pages read whole, whatever happened to its file structure
SEED_LIKE = ["seed.pdf", "broken-xref.pdf", "truncated-before-eof.pdf", "encrypted-owner.pdf", *hostile.ODD_NAMES]


@pytest.mark.slow
def test_every_failure_is_one_clear_line_and_the_batch_goes_on(hostile_run):
    stderr, failures = hostile_run["stderr"], hostile_run["failures"]
    assert hostile_run["code"] == 2, stderr
    assert "Traceback" not in stderr
    assert {name: f["error"] for name, f in failures.items()} == {k: v[0] for k, v in FAILS.items()}
    for name, (_, words) in FAILS.items():
        message = failures[name]["message"]
        assert message == f"{hostile_run['inputs'] / name}: " + message.split(": ", 1)[1]
        assert words in message and "\n" not in message, message
    failed = [line for line in stderr.splitlines() if line.startswith("extractor: failed: ")]
    # what is not a PDF at all is refused unread, before any worker starts
    skipped = [line for line in stderr.splitlines() if line.startswith("extractor: skipped: ")]
    assert {line.split(": ")[2].rsplit("/", 1)[-1] for line in skipped} == {
        "empty.pdf", "not-a-pdf-random.pdf", "not-a-pdf-html.pdf", "not-a-pdf-zip.pdf"}
    assert len(failed) + len(skipped) == len(FAILS)


@pytest.mark.slow
def test_every_other_case_is_written(hostile_run):
    docs = hostile_run["docs"]
    written = set(FAILS) | set(docs)
    assert written == {p.name for p in hostile_run["inputs"].iterdir()}
    for name, doc in docs.items():
        validate(doc)
    for name in SEED_LIKE:
        assert docs[name]["document"]["pages"] == 2, name
        assert docs[name]["document"]["year"] == 2021, name
        # "Le 1 mars 2021" on page 1, "Le 2 mars 2021" on page 2: read whole, not a page lost
        assert sorted(d["start"] for d in docs[name]["dates"] if d["granularity"] == "day") == [
            "2021-03-01", "2021-03-02"], name
        assert [(f["value"], f["unit"]) for f in docs[name]["figures"]] == [
            (f["value"], f["unit"]) for f in docs["seed.pdf"]["figures"]], name
    assert docs["long.pdf"]["document"]["pages"] == 12
    assert docs["tiny.pdf"]["document"]["pages"] == 1 and docs["tiny.pdf"]["document"]["status"] == "ok"


@pytest.mark.slow
def test_a_scan_is_status_no_text_with_a_one_line_warning(hostile_run):
    doc = hostile_run["docs"]["scanned.pdf"]["document"]
    assert (doc["status"], doc["pages"]) == ("no_text", 1)
    warnings = [line for line in hostile_run["stderr"].splitlines() if line.startswith("extractor: warning: ")]
    assert warnings == [f"extractor: warning: {hostile_run['inputs'] / 'scanned.pdf'}: {NoTextLayer.REASON}"]
    assert "OCR is not supported" in NoTextLayer.REASON


@pytest.mark.slow
def test_text_reports_in_latin1_or_with_a_bom_read_as_utf8(hostile_run):
    docs = hostile_run["docs"]
    records = [{k: docs[f"text-{enc}.txt"][k] for k in ("figures", "dates", "acronyms", "organisations")}
               for enc in ("utf8", "bom", "latin1")]
    assert records[0] == records[1] == records[2]
    assert [d["start"] for d in records[0]["dates"] if d["granularity"] == "day"] == ["2021-02-03"]
    assert {(a["acronym"], a["expansion"]) for a in records[0]["acronyms"]} >= {
        ("Cnaf", "Caisse nationale des allocations familiales")}
    assert docs["text-latin1.txt"]["document"]["title"] == "Rapport d'activité 2021"


@pytest.mark.slow
def test_odd_file_names_give_safe_names_inside_out(hostile_run):
    out, outputs = hostile_run["out"], hostile_run["outputs"]
    names = {Path(k).name: v.name for k, v in outputs.items()}
    assert {n: names[n] for n in hostile.ODD_NAMES} == {
        "rapport annuel 2021.pdf": "rapport_annuel_2021.json",
        "Évaluation à mi-parcours.pdf": "Évaluation_à_mi-parcours.json",
        "l'État \"2021\".pdf": "l_État_2021.json",
        "a..b.pdf": "a..b.json",
        "rapport...final.pdf": "rapport...final.json",
        "x..pdf": "x.json",
    }
    for path, target in outputs.items():
        assert target.resolve().parent == out.resolve()
        assert json.loads(target.read_text(encoding="utf-8"))["document"]["path"] == path


@pytest.mark.slow
def test_the_golden_report_is_complete_and_identical_to_a_clean_run(hostile_run):
    doc = hostile_run["docs"][GOLDEN_PDF.name]
    clean = json.loads(hostile_run["golden"].to_json())
    source = str(hostile_run["inputs"] / GOLDEN_PDF.name)
    set_paths(clean, source, hostile_run["outputs"][source])  # the source as given, absolute, from the JSON
    assert doc == clean
    assert doc["document"]["pages"] == 20 and len(doc["figures"]) > 100


@pytest.mark.slow
def test_an_existing_output_is_replaced_atomically(hostile_run):
    target = hostile_run["out"] / "rapport-activite-2019.json"
    assert json.loads(target.read_text(encoding="utf-8"))["document"]["pages"] == 20
    assert target.stat().st_ino != hostile_run["stale_inode"]  # renamed into place, not rewritten
    assert list(hostile_run["out"].glob(".*.tmp")) == []


@pytest.mark.slow
def test_active_content_is_never_run_opened_or_fetched(hostile_run):
    log = hostile_run["guard"] / "guard.log"
    assert not log.exists(), log.read_text()
    doc = hostile_run["docs"]["active.pdf"]
    assert doc["document"]["pages"] == 1
    assert [d["start"] for d in doc["dates"] if d["granularity"] == "day"] == ["2021-03-03"]
    assert {p: p.stat().st_mtime_ns for p in hostile_run["inputs"].rglob("*")} == hostile_run["before"]
    root = hostile_run["root"]
    assert not any(p.name == hostile.PAYLOAD_NAME for p in root.rglob("*"))
    assert not Path("/tmp/extractor-canary").exists()
    assert {p.name for p in root.iterdir()} == {"in", "out", "guard", "tmp"}
    assert list((root / "tmp").iterdir()) == []  # temporary files were removed


def test_the_guard_would_have_seen_a_connection(tmp_path):
    """The guard is live in the workers: a connection attempted there is refused and logged."""
    (tmp_path / "sitecustomize.py").write_text(GUARD)
    code = ("import multiprocessing as mp, socket\n"
            "def probe(_):\n"
            "    try:\n        socket.socket().connect(('127.0.0.1', 9))\n"
            "    except PermissionError:\n        return 'refused'\n"
            "    except OSError:\n        return 'attempted'\n"
            "if __name__ == '__main__':\n"
            "    with mp.get_context('forkserver').Pool(1) as pool:\n        print(pool.map(probe, [0]))\n")
    env = guarded_env(tmp_path, tmp_path / "out", tmp_path)
    (tmp_path / "probe.py").write_text(code)
    proc = subprocess.run([sys.executable, str(tmp_path / "probe.py")], capture_output=True, text=True, env=env,
                          timeout=60)
    assert proc.stdout.strip() == "['refused']", proc.stderr
    assert (tmp_path / "guard.log").read_text().split(" ", 1)[1] == "socket.connect ('127.0.0.1', 9)\n"


def test_pages_are_released_as_they_are_read(tmp_path):
    """pdfplumber keeps each page's objects until the page is closed; the backend closes every
    page after use: six pages peak at about 9 MiB of Python objects (20 MiB without closing).
    The 2,000-page case itself is ``benchmarks/bench_memory.py`` (minutes of layout)."""
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(hostile.many_pages(6))
    tracemalloc.start()
    try:
        document = read(pdf)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert document.pages == 6 and document.text.count("(ligne 6-") == 20
    assert peak < 14 * 2**20, f"{peak / 2**20:.1f} MiB"


# -- limits and passwords --------------------------------------------------------------------
def _extract(inputs: Path, *options: str) -> tuple[int, dict, dict]:
    """(exit code, failures by file name, outputs by file name) of ``extractor extract``."""
    out = inputs.parent / f"{inputs.name}-out"
    code = main(["extract", str(inputs), "--out", str(out), *options, "--quiet"])
    failures = {Path(f["path"]).name: f for f in map(json.loads, (out / "failures.jsonl").read_text().splitlines())}
    return code, failures, {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}


@pytest.fixture(scope="module")
def slow_page_run(tmp_path_factory):
    """A page of a million 1-pt characters (about 6 s of work here) under a 1 s time limit: a
    limit six times below the work, whatever the machine."""
    inputs = tmp_path_factory.mktemp("slow")
    (inputs / "tiny.pdf").write_bytes(hostile.tiny_characters(1_000_000))
    return _extract(inputs, "--jobs", "1", "--timeout", "1")


@pytest.fixture(scope="module")
def limits_run(tmp_path_factory):
    """The bomb and the user-password PDF with a tight memory limit and its password."""
    inputs = tmp_path_factory.mktemp("limits")
    (inputs / "bomb.pdf").write_bytes(hostile.deflate_bomb(4))
    seed = inputs.parent / "seed.pdf"
    seed.write_bytes(hostile.small_pdf())
    hostile.encrypted_pdf(seed, inputs / "locked.pdf", user="secret", owner="owner")
    return _extract(inputs, "--jobs", "2", "--timeout", "60", "--memory-limit", "1536", "--password", "secret")


@pytest.mark.slow
def test_a_million_tiny_characters_are_cut_off_by_the_time_limit(slow_page_run):
    code, failures, docs = slow_page_run
    assert code == 2
    assert failures["tiny.pdf"]["error"] == "ResourceLimit"
    assert failures["tiny.pdf"]["message"].endswith("tiny.pdf: exceeded the 1 s time limit")
    assert "tiny.json" not in docs


@pytest.mark.slow
def test_a_decompression_bomb_is_stopped_by_the_memory_limit(limits_run):
    _, failures, _ = limits_run
    assert failures["bomb.pdf"]["error"] == "ResourceLimit"
    assert failures["bomb.pdf"]["message"].endswith("bomb.pdf: exceeded the 1536 MiB memory limit")
    assert len(hostile.deflate_bomb(4)) < 5 << 20  # under 5 MB on disk, 4 GiB inflated


@pytest.mark.slow
def test_password_opens_a_user_password_pdf(limits_run):
    _, failures, docs = limits_run
    assert set(failures) == {"bomb.pdf"}
    assert docs["locked.json"]["document"]["pages"] == 2
    assert sorted(d["start"] for d in docs["locked.json"]["dates"] if d["granularity"] == "day") == [
        "2021-03-01", "2021-03-02"]


# -- the output folder: checked before any work ----------------------------------------------
def _namespace_available() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


namespace = pytest.mark.skipif(not _namespace_available(), reason="needs unshare -rm (mount namespaces)")


@namespace
@pytest.mark.parametrize("options, reason", [
    ("ro,size=1m", "cannot write the output folder (Read-only file system)"),
    ("size=32k", "cannot write the output folder (No space left on device)"),
])
def test_an_unwritable_output_folder_is_a_clear_error_before_any_work(tmp_path, options, reason):
    mount = tmp_path / "mnt"
    mount.mkdir()
    cli = f"{sys.executable} -m extractor.cli extract {GOLDEN_PDF} --out {mount}"
    started = time.monotonic()
    proc = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o {options} none {mount} && exec {cli}"],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == f"extractor: error: {mount}: {reason}\n"
    assert time.monotonic() - started < 10  # the golden report alone takes longer: no work was done


@pytest.mark.slow
def test_a_write_failing_mid_run_is_a_clear_error_and_keeps_the_old_output(hostile_run, tmp_path, monkeypatch):
    """The cache answers every document (no worker starts); then the disk fills up."""
    out = tmp_path / "out"
    shutil.copytree(hostile_run["out"], out)
    source = hostile_run["inputs"] / "text-utf8.txt"
    copy = tmp_path / "text-utf8.txt"  # same content, new path: its JSON is rewritten
    shutil.copy(source, copy)
    (out / "text-utf8.json").write_text("old")

    def full(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OutputError) as err:
        run_batch([copy], out, jobs=1)
    assert str(err.value) == f"{out / 'text-utf8.json'}: cannot write (No space left on device)"
    assert (out / "text-utf8.json").read_text() == "old"
    assert list(out.glob(".*.tmp")) == []


def test_a_full_disk_is_refused_before_any_work(tmp_path, monkeypatch):
    monkeypatch.setattr(batch.shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(100 << 30, 100 << 30, 1 << 20))
    # discovery only lists the inputs (it must, to know whether anything would be written);
    # reading them (hashing first) is the work
    monkeypatch.setattr(batch, "sha256_of", lambda *a, **k: pytest.fail("work started on a full disk"))
    with pytest.raises(OutputError, match=r"disk full: 1 MiB free, 64 MiB needed"):
        run_batch([GOLDEN_PDF], tmp_path / "out")
