"""OCR at scale: scanned reports through ``run_batch`` with 1 and 2 jobs.

Makes a scanned report of ``--pages`` pages (the golden report's pages rasterised at 200 dpi,
repeated), runs it through the batch (OCR runs page by page inside the workers), and prints
pages/s per core, the speed-up of 2 jobs, the peak RSS of the workers against the batch's
memory limit, and the sentence recovery of the OCR text against the golden report's text
conversion. Also: two copies of a 20-page scan with 1 and 2 jobs (two documents can run in
parallel; one document's pages run one after the other in its worker).

    python benchmarks/bench_ocr.py [--pages 50] [--jobs 1 2]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from extractor.batch.run import run_batch  # noqa: E402
from extractor.core import limits  # noqa: E402
from extractor.layout import ocr  # noqa: E402

from helpers.rasterise import rasterise  # noqa: E402  (the tests' scanner: image-only PDFs)

GOLDEN_PDF = ROOT / "corpus" / "cnaf-2019" / "rapport-activite-2019.pdf"


class PeakRss:
    """The largest RSS of any one process under this one (workers, Tesseract), sampled every
    0.2 s while a batch runs: batch workers are the forkserver's children, which
    ``getrusage(RUSAGE_CHILDREN)`` does not count."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.2):
            for child in me.children(recursive=True):
                try:
                    self.peak = max(self.peak, child.memory_info().rss)
                except psutil.Error:
                    pass

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def batch(inputs: Path, jobs: int) -> tuple[float, int, Path, float]:
    """(seconds, pages, output folder, peak RSS of a worker in MiB) of one batch."""
    out = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    started = time.perf_counter()
    with PeakRss() as rss:
        report = run_batch([inputs], out, jobs=jobs, force=True, timeout=3600)
    if report.failures:
        raise SystemExit(f"benchmark failed: {report.failures[0]['message']}")
    return time.perf_counter() - started, report.pages, out, rss.peak / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    if not ocr.available():
        print(f"bench_ocr: {ocr.INSTALL_HINT}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one"
        one.mkdir()
        order = [1 + i % 20 for i in range(args.pages)]
        rasterise(GOLDEN_PDF, one / "scan.pdf", pages=order)
        two = Path(tmp) / "two"
        two.mkdir()
        for k in range(2):
            rasterise(GOLDEN_PDF, two / f"scan{k}.pdf", seed=k)
        for label, inputs in ((f"one {args.pages}-page scan", one), ("two 20-page scans", two)):
            rates = {}
            for jobs in args.jobs:
                seconds, pages, out, peak = batch(inputs, jobs)
                rates[jobs] = pages / seconds
                print(f"{label}, jobs={jobs}: {pages} pages in {seconds:.1f} s = {pages / seconds:.2f} pages/s "
                      f"({pages / seconds / jobs:.2f} per core); a worker's peak RSS "
                      f"{peak:.0f} MiB (limit {limits.DEFAULT_MEMORY_MIB} MiB)", flush=True)
                if label.startswith("one") and jobs == args.jobs[0]:
                    document = json.loads(next(out.glob("scan*.json")).read_text(encoding="utf-8"))
                    print(f"  OCR pages: {document['document']['repairs'].get('ocr_pages')}, "
                          f"figures: {len(document['figures'])}", flush=True)
            if len(rates) > 1:
                print(f"  speed-up jobs={args.jobs[-1]} over jobs={args.jobs[0]}: "
                      f"{rates[args.jobs[-1]] / rates[args.jobs[0]]:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
