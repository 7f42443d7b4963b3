"""Peak memory on a long report: a generated 2,000-page PDF read page by page.

Each measurement runs in a fresh child process and reports its peak resident set (``VmHWM``)
and wall time: the layout reader alone, window by window as ``extractor text`` reads
(``read``), then the whole pipeline (``process``: the
layout, the spaCy model and every extractor). The target of issue #9 is a peak under 1 GiB.

    python benchmarks/bench_memory.py [--pages 2000] [--stages read process]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import json, sys, time
started = time.monotonic()
if sys.argv[1] == "read":  # as `extractor text` reads: a window of pages at a time
    from extractor.layout import read, windows
    pages = sum(read(sys.argv[2], pages=w).pages for w in windows(sys.argv[2]))
else:
    from extractor.pipeline import process
    pages = process(sys.argv[2]).document.pages
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"pages": pages, "seconds": time.monotonic() - started, "peak_mib": hwm / 1024}))
"""


def measure(stage: str, pdf: Path) -> dict:
    """One child process: ``stage`` (read or process) over ``pdf``; its peak RSS and time."""
    out = subprocess.run([sys.executable, "-c", CHILD, stage, str(pdf)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--stages", nargs="+", default=["read", "process"], choices=["read", "process"])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from helpers.hostile import many_pages

    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / f"long-{args.pages}.pdf"
        started = time.monotonic()
        pdf.write_bytes(many_pages(args.pages))
        print(f"generated {args.pages} pages ({pdf.stat().st_size >> 10} KiB) in {time.monotonic() - started:.1f} s")
        for stage in args.stages:
            m = measure(stage, pdf)
            verdict = "under" if m["peak_mib"] < 1024 else "OVER"
            print(f"{stage:8} {m['pages']} pages in {m['seconds']:.1f} s ({m['pages'] / m['seconds']:.1f} pages/s): "
                  f"peak RSS {m['peak_mib']:.0f} MiB ({verdict} 1 GiB)")


if __name__ == "__main__":
    main()
