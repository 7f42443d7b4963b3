"""What a command imports before it works: the command line and the fork server's module import
no stage of the pipeline (``extractor extract`` starts its workers' fork server before the
pipeline is imported, ``extractor --help`` answers at once), and the package gives the
pipeline's names on first use, with ``extract`` the function, not the extractors' package."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

_SCRIPT = """
import json, sys
import extractor.cli
from extractor.batch.server import start_server, stop_server
before = sorted(m for m in sys.modules if m.startswith("extractor.") and m.split(".")[1] in
                ("pipeline", "layout", "nlp", "extract", "io") and m != "extractor.extract")
import extractor
import extractor.extract.dates  # the extractors' package, imported whole
print(json.dumps([before, "spacy" in sys.modules, extractor.extract.__module__, extractor.Config.__module__,
                  extractor.process.__name__]))
"""


def test_the_command_line_imports_no_stage_before_it_runs_one():
    done = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    before, spacy, extract_module, config_module, process_name = json.loads(done.stdout.strip().splitlines()[-1])
    assert before == [] and not spacy
    assert extract_module == "extractor"  # the function: its sub-package of the same name did not replace it
    assert config_module == "extractor.pipeline" and process_name == "process"


def test_the_package_says_what_it_has_not():
    import extractor

    with pytest.raises(AttributeError, match="no_such_name"):
        extractor.no_such_name  # noqa: B018
