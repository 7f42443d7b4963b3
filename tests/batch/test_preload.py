"""The fork server's preload (batch.preload) leaves the model, the lexicon and the rule files
in memory, so that workers fork with them; a run through forked workers gives the records of
an in-process run (tests/batch/test_batch*.py compare outputs)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extractor.batch import server


@pytest.mark.slow  # a new interpreter loads the model: seconds, kept out of the quick subset
def test_the_fork_server_preloads_the_model_and_warms_the_pipeline():
    assert server.PRELOAD == ["extractor.batch.preload"]
    code = ("import json, extractor.batch.preload\n"
            "from extractor.core import resources, rules\n"
            "print(json.dumps([resources.load_model.cache_info().currsize,"
            " resources.lexicon.cache_info().currsize, rules.load.cache_info().currsize]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    models, lexicons, rule_files = json.loads(out.stdout.strip().splitlines()[-1])
    assert models == 1 and lexicons == 1
    assert rule_files >= 5  # figures, dates, acronyms, organisations, layout…


@pytest.mark.slow  # starts a fork server: seconds, kept out of the quick subset
def test_the_command_stops_its_fork_server(tmp_path, monkeypatch):
    """``extractor extract`` starts the fork server before it reads its inputs and stops it when
    the run ends, also when every report came from the cache (no worker used it)."""
    from multiprocessing import forkserver

    from extractor.cli import main

    from helpers import GOLDEN_TXT

    running_at_stop = []
    real_stop = server.stop_server

    def stop() -> None:
        running_at_stop.append(getattr(forkserver._forkserver, "_forkserver_pid", None) is not None)
        real_stop()

    monkeypatch.setattr(server, "stop_server", stop)
    for run in range(2):  # the second run: every report from the cache
        assert main(["extract", str(GOLDEN_TXT), "--out", str(tmp_path / "out"), "--quiet"]) == 0
        assert getattr(forkserver._forkserver, "_forkserver_pid", None) is None, run
    assert running_at_stop == [True, True]
    assert (tmp_path / "out" / "figures.parquet").is_file()
