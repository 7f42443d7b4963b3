"""Batch throughput: N copies of the golden report (or the real corpus) through ``run_batch``
with 1 and 2 jobs.

Prints documents/s, pages/s and the speed-up of 2 jobs over 1. The wall-clock time includes
starting the workers (each loads the spaCy model once), as a user's run does. Every run uses
``force=True`` and a fresh output folder, so nothing comes from the cache.

    python benchmarks/bench_batch.py [--copies 6] [--pages 1-20] [--jobs 1 2]
    python benchmarks/bench_batch.py --corpus real     # ../shared/corpus/real as it is
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from extractor.batch.run import run_batch
from extractor.cli import parse_pages
from extractor.pipeline import Config

GOLDEN_PDF = Path(__file__).resolve().parent.parent / "corpus" / "cnaf-2019" / "rapport-activite-2019.pdf"
REAL_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"


def bench(inputs: Path, jobs: int, config: Config) -> tuple[float, float, float]:
    """(seconds, documents/s, pages/s) of one batch over ``inputs``."""
    with tempfile.TemporaryDirectory() as out:
        report = run_batch([inputs], out, config=config, jobs=jobs, force=True)
    if report.failures:
        raise SystemExit(f"benchmark failed: {report.failures[0]['message']}")
    return report.seconds, len(report.processed) / report.seconds, report.pages / report.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=6)
    parser.add_argument("--pages", type=parse_pages, help="page range of each copy, e.g. 1-4")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", choices=["golden", "real"], default="golden",
                        help="real: every PDF of ../shared/corpus/real (copies ignored)")
    args = parser.parse_args()
    config = Config(pages=args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        if args.corpus == "real":
            if not REAL_CORPUS.is_dir():
                raise SystemExit(f"{REAL_CORPUS}: the real corpus is not there")
            inputs, count = REAL_CORPUS, len(list(REAL_CORPUS.glob("*.pdf")))
        else:
            inputs, count = Path(tmp), args.copies
            for i in range(args.copies):
                shutil.copy(GOLDEN_PDF, inputs / f"copy{i:03d}.pdf")
        timings = {}
        for jobs in args.jobs:
            seconds, docs, pages = bench(inputs, jobs, config)
            timings[jobs] = seconds
            print(f"jobs={jobs}: {count} documents in {seconds:.1f} s: "
                  f"{docs:.3f} documents/s, {pages:.2f} pages/s", flush=True)
    base = timings[args.jobs[0]]
    for jobs in args.jobs[1:]:
        print(f"speed-up jobs={jobs} over jobs={args.jobs[0]}: {base / timings[jobs]:.2f}")


if __name__ == "__main__":
    main()
