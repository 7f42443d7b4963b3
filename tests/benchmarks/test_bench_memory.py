"""The memory benchmark (``benchmarks/bench_memory.py``) runs: it generates its long PDF with
the test helpers and measures each stage in a child process (a module moved under
``tests/helpers`` once left it unable to start, unseen)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_memory_benchmark_reads_its_generated_pdf_and_reports_the_peak():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_memory.py"), "--pages", "30", "--stages", "read"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r"read\s+(\d+) pages in [\d.]+ s .*peak RSS (\d+) MiB \(under 1 GiB\)", done.stdout)
    assert found and int(found.group(1)) == 30 and 0 < int(found.group(2)) < 1024, done.stdout
