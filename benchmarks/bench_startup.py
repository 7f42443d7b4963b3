"""Start-up from the shell (issue 21): each measure in a fresh process, the median of
``--runs`` runs.

- the model load, CPU seconds (target <= 2 s), with ``import spacy`` apart;
- ``extractor text`` on a one-page PDF, wall seconds;
- ``extractor extract`` on a one-page PDF into a new folder, wall seconds (target <= 4 s);
- the same, and ``extractor extract`` on the whole golden report, with the cache folder a run
  before has filled (``_warm``): every later run on a machine.

The one-page PDF is the golden report's third page, copied with pypdfium2. Every other run gets
an empty cache folder (``EXTRACTOR_CACHE_DIR``): a machine's first run, before any process has
kept the lexicon's word forms (``core.resources``) or the French tokenizer's compiled patterns
(``core.lazy_regex``).

    python benchmarks/bench_startup.py [--runs 5] [--json startup.json]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_PDF = ROOT / "corpus" / "cnaf-2019" / "rapport-activite-2019.pdf"
EXTRACTOR = [sys.executable, "-c", "import sys; from extractor.cli import main; sys.exit(main())"]

LOAD = """
import json, time
t = time.process_time()
import spacy
imported = time.process_time() - t
from extractor.core.resources import load_model
load_model()
print(json.dumps({"import_spacy_cpu_s": imported, "model_load_cpu_s": time.process_time() - t - imported}))
"""


def one_page(out: Path) -> Path:
    import pypdfium2

    source = pypdfium2.PdfDocument(str(GOLDEN_PDF))
    page = pypdfium2.PdfDocument.new()
    page.import_pages(source, [2])
    page.save(str(out))
    return out


def cold() -> dict[str, str]:
    """The environment of a process on a machine with nothing cached."""
    return dict(os.environ, EXTRACTOR_CACHE_DIR=tempfile.mkdtemp(prefix="startup-cache-"))


def wall(command: list[str], env: dict[str, str] | None = None) -> float:
    """Wall seconds of ``command`` in a new process (with an empty cache folder unless ``env``)."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                   env=env or cold())
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", default="startup.json")
    args = parser.parse_args()
    results: dict[str, list[float]] = {"import_spacy_cpu_s": [], "model_load_cpu_s": [],
                                       "text_one_page_wall_s": [], "extract_one_page_wall_s": [],
                                       "extract_one_page_warm_wall_s": [], "extract_golden_warm_wall_s": []}
    with tempfile.TemporaryDirectory() as tmp:
        pdf = one_page(Path(tmp) / "one-page.pdf")
        warm = cold()
        wall(EXTRACTOR + ["extract", str(pdf), "--out", str(Path(tmp) / "warming")], warm)  # fills the cache
        for run in range(args.runs):
            out = subprocess.run([sys.executable, "-c", LOAD], check=True, capture_output=True, text=True, cwd=ROOT,
                                 env=cold())
            for key, value in json.loads(out.stdout.strip().splitlines()[-1]).items():
                results[key].append(value)
            results["text_one_page_wall_s"].append(wall(EXTRACTOR + ["text", str(pdf)]))
            folder = Path(tmp) / f"out-{run}"
            results["extract_one_page_wall_s"].append(wall(EXTRACTOR + ["extract", str(pdf), "--out", str(folder)]))
            shutil.rmtree(folder)
            results["extract_one_page_warm_wall_s"].append(
                wall(EXTRACTOR + ["extract", str(pdf), "--out", str(folder)], warm))
            shutil.rmtree(folder)
            results["extract_golden_warm_wall_s"].append(
                wall(EXTRACTOR + ["extract", str(GOLDEN_PDF), "--out", str(folder)], warm))
            shutil.rmtree(folder)
    medians = {key: round(statistics.median(values), 2) for key, values in results.items()}
    targets = {"model_load_cpu_s": 2.0, "extract_one_page_wall_s": 4.0, "extract_one_page_warm_wall_s": 4.0}
    for key, value in medians.items():
        target = f" (target <= {targets[key]} s: {'met' if value <= targets[key] else 'missed'})" if key in targets else ""
        print(f"{key:30} median {value:5.2f} s over {args.runs} runs "
              f"[{min(results[key]):.2f}-{max(results[key]):.2f}]{target}")
    Path(args.json).write_text(json.dumps({"runs": args.runs, "median": medians, "all": results}, indent=1),
                               encoding="utf-8")


if __name__ == "__main__":
    main()
