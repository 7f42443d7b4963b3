"""Crash consistency (issue 24): a batch killed with SIGKILL at any point, then run again,
ends with the outputs of a clean run: the same JSON, tables, failures and store rows.

The kill comes from inside the run, at a chosen point: an audit hook loaded by
``sitecustomize`` counts the files the run opens for writing under ``--out`` (each JSON,
cache entry, table and failures file is first created as a temporary file) and, at the k-th,
or once DuckDB is imported (the store write is next), starts a timer that sends the process
SIGKILL after a few milliseconds, while the bytes are being written.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extractor.batch.run import run_batch
from extractor.io.arrow_tables import TABLES
from extractor.io.duckdb_store import query

from helpers import ROOT, hostile

KILLER = textwrap.dedent('''
    import os, signal, sys, threading

    _KIND, _AT, _DELAY = os.environ["CRASH_AT"].split(":")
    _OUT = os.path.realpath(os.environ["CRASH_OUT"]) + os.sep
    _LOG = os.environ.get("CRASH_LOG")
    _WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT
    _seen = [0]

    def _kill():
        os.kill(os.getpid(), signal.SIGKILL)

    def _trigger():
        threading.Timer(float(_DELAY) / 1000, _kill).start()

    def _hook(event, args):
        if event == "open" and _KIND == "write" and isinstance(args[0], (str, bytes)):
            mode, flags = args[1], args[2]
            if any(c in (mode or "") for c in "wax+") or (mode is None and flags & _WRITE):
                path = os.path.realpath(os.fsdecode(args[0]))
                if path.startswith(_OUT):
                    _seen[0] += 1
                    if _LOG:
                        with open(_LOG, "a") as fh:
                            fh.write(path + "\\n")
                    if _seen[0] == int(_AT):
                        _trigger()
        elif event == "import" and _KIND == "duckdb" and args[0] == "duckdb":
            _trigger()

    sys.addaudithook(_hook)
''')
TRIALS = 20


def run_killable(inputs: Path, out: Path, killer: Path, crash_at: str, log: Path | None = None) -> int:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(killer), str(ROOT)]), CRASH_AT=crash_at,
               CRASH_OUT=str(out))
    if log is not None:
        env["CRASH_LOG"] = str(log)
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(inputs), "--out", str(out),
                           "--db", str(out / "s.duckdb"), "--jobs", "1", "--quiet"],
                          capture_output=True, text=True, env=env, timeout=300)
    return proc.returncode


def snapshot(out: Path) -> dict:
    """Everything a run leaves that a user reads: JSON files, tables, failures, store rows."""
    state: dict = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}
    for name in TABLES:
        state[f"{name}.parquet"] = pq.read_table(out / f"{name}.parquet").to_pylist()
    state["failures.jsonl"] = (out / "failures.jsonl").read_text(encoding="utf-8")
    for name in TABLES + ("failures",):
        frame = query(out / "s.duckdb", f"SELECT * FROM {name}")
        state[f"store:{name}"] = sorted(json.dumps(row, sort_keys=True, default=str)
                                        for row in frame.to_dict(orient="records"))
    state["temporary files"] = sorted(p.name for p in out.glob(".*.tmp"))
    return state


@pytest.mark.slow
def test_a_batch_killed_anywhere_then_rerun_equals_a_clean_run(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(4):
        (inputs / f"report-{i}.txt").write_text(hostile.TEXT_REPORT.replace("2021", str(2015 + i)), encoding="utf-8")
    (inputs / "broken.pdf").write_bytes(hostile.small_pdf()[:200])  # a failure, for failures.jsonl
    killer = tmp_path / "killer"
    killer.mkdir()
    (killer / "sitecustomize.py").write_text(KILLER)

    clean, log = tmp_path / "clean", tmp_path / "writes.log"
    assert run_killable(inputs, clean, killer, "write:0:0", log) == 2  # never fires; logs the writes
    expected = snapshot(clean)
    writes = log.read_text().splitlines()
    tables = [k for k, path in enumerate(writes, start=1) if ".parquet." in path]
    assert len(writes) > 10 and tables

    rnd = random.Random(24)
    trials = ([("write", k, rnd.choice([0, 2, 5])) for k in rnd.sample(range(1, len(writes) + 1), 10)]
              + [("write", k, rnd.choice([1, 3])) for k in rnd.sample(tables, min(4, len(tables)))]
              + [("duckdb", 0, delay) for delay in rnd.sample(range(0, 400), TRIALS - 14)])
    assert len(trials) >= TRIALS
    killed = 0
    for kind, k, delay in trials:
        out = tmp_path / f"{kind}-{k}-{delay}"
        code = run_killable(inputs, out, killer, f"{kind}:{k}:{delay}")
        killed += code == -9
        run_batch([inputs], out, db=out / "s.duckdb", jobs=1)
        assert snapshot(out) == expected, (kind, k, delay)
    assert killed >= TRIALS - 2  # (a kill a few ms after the last write may come too late)
