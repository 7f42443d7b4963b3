"""Batch runs: many reports → per-document JSON, Parquet/CSV tables and the DuckDB store.

Every document goes through one function, ``process_one`` (``pipeline.process`` with its
errors turned into one-line failure records), run either by a pool of local worker processes
or by a Dask distributed cluster. Everything that touches the output folder happens here, in
the parent process, so both engines write byte-identical outputs.

- **Workers** are processes (forked from a forkserver that has imported spaCy) that load the
  model once, then take one document at a time. A worker that overruns ``timeout`` is killed and replaced (the pebble approach,
  written by hand with ``multiprocessing.connection.wait``); a worker that dies is replaced.
- **Cache**: ``DIR/.cache/<key>`` names the JSON of a document whose sha256, extractor version
  and ``Config.key()`` give ``key``; such a document is not processed again (``force`` redoes it).
- **Atomic writes**: every output is written to a temporary file beside it and renamed into
  place, so an interrupted run leaves complete files or none; the next run does the rest.
- **Names**: ``<stem>.json``; inputs sharing a stem get ``<stem>-<sha8>.json``; names are
  sanitised and never leave the output folder.
- **Limits**: a worker's address space is capped (``limits.limit_memory``), so a decompression
  bomb fails alone with a ``ResourceLimit``; the output folder is probed (free space, a real
  write) before any work, and a write that fails later stops the run with an ``OutputError``.
- **Scans**: a PDF without a text layer is a result of status ``no_text``, with a warning (OCR is
  not supported), not a failure.
"""
from __future__ import annotations

import fcntl
import importlib
import json
import os
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..core import limits
from ..core.errors import (
    InputNotFound,
    NoTextLayer,
    OutputError,
)
from ..core.escape import terminal
from ..io import arrow_tables as tables
from ..io.arrow_tables import atomic_write_text
from ..io.duckdb_store import upsert
from ..io.result_json import same_paths, set_paths
from ..layout import TEXT_SUFFIXES
from ..pipeline import Config, sha256_of
from .cache import Cache
from .discover import discover, failure_row, output_names, refusal
from .engines import Outcome, run_dask, run_local
from .pages import PageCounter
from .progress import LOG, Progress, counted, rate
from .server import start_server

__all__ = ["LOCK_FILE", "FAILURES_FILE", "MIN_FREE_BYTES", "BatchReport", "run_batch", "BatchOptions", "run"]

#: held (flock) for the whole run: one run at a time per output folder
LOCK_FILE = ".lock"
FAILURES_FILE = "failures.jsonl"
#: free space the output folder needs before a run starts
MIN_FREE_BYTES = 64 << 20


@dataclass
class BatchReport:
    """What a batch run did; ``exit_code`` is 0 when every document succeeded, else 2."""

    out: Path
    processed: list[str] = field(default_factory=list)  #: inputs run through the pipeline now
    cached: list[str] = field(default_factory=list)  #: inputs answered from the cache
    failures: list[dict] = field(default_factory=list)  #: {path, sha256, error, message}
    warnings: list[str] = field(default_factory=list)  #: one line each: documents without text
    outputs: dict[str, Path] = field(default_factory=dict)  #: input path → its JSON
    pages: int = 0  #: pages extracted by this run (cache hits excluded)
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)  #: inputs refused unread: not reports
    notes: list[str] = field(default_factory=list)  #: one line each: inputs left out on purpose
    nothing_written: bool = False  #: no report among the inputs: the output folder was not touched

    @property
    def exit_code(self) -> int:
        return 2 if self.failures else 0

    def summary(self) -> str:
        """One line: what was written, failed and skipped, and the rates of the documents this
        run processed (none when every answer came from the cache)."""
        if self.nothing_written:
            skipped = f" ({counted(len(self.skipped), 'file')} skipped)" if self.skipped else ""
            return f"no report to extract: nothing written{skipped}"
        failed = len(self.failures) - len(self.skipped)
        parts = [f"{counted(len(self.outputs), 'document')} written", f"{failed} failed"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (not reports)")
        line = (f"{', '.join(parts)} ({len(self.processed)} processed, {len(self.cached)} from the cache) "
                f"in {self.seconds:.1f} s")
        if self.processed:
            seconds = max(self.seconds, 1e-9)
            line += f": {rate(len(self.processed), seconds, 'document')}, {rate(self.pages, seconds, 'page')}"
        return f"{line} → {self.out}"


# -- the batch -------------------------------------------------------------------------------
def _write_json(path: Path, result: dict) -> None:
    atomic_write_text(path, json.dumps(result, ensure_ascii=False, indent=1))


def _prepare_out(out: Path) -> None:
    """Create ``out`` and prove it writable before any work: enough free space, and a real
    write (permissions alone say nothing to root, nor about a read-only file system)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        for stale in [*out.glob(".*.tmp"), *out.glob(".*.tmp.wal")]:  # left by a run killed while writing
            stale.unlink()
        with tempfile.NamedTemporaryFile(dir=out, prefix=".probe.", suffix=".tmp") as probe:
            probe.write(b"\0" * 65536)
            probe.flush()
            os.fsync(probe.fileno())
        free = shutil.disk_usage(out).free
        if free < MIN_FREE_BYTES:
            raise OutputError(out, f"disk full: {free >> 20} MiB free, {MIN_FREE_BYTES >> 20} MiB needed")
    except OSError as err:
        raise OutputError(out, f"cannot write the output folder ({err.strerror or err})") from None


@contextmanager
def _locked(out: Path):
    """One run at a time in an output folder: an exclusive ``flock`` on ``out/.lock`` (released
    by the system when the run ends, however it ends). A second run refuses at once, naming
    the first: it would otherwise remove the first run's temporary files as stale, and the two
    would rewrite each other's tables."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise OutputError(out, f"cannot write the output folder ({err.strerror or err})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", errors="ignore").strip()
            raise OutputError(out, f"in use by another extractor run{f' (pid {holder})' if holder else ''}: "
                                   "wait for it to end or use another --out") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)


@contextmanager
def _writing(out: Path):
    """Turn a failed write (disk full mid-run, folder gone) into a one-line ``OutputError``."""
    try:
        yield
    except OSError as err:
        raise OutputError(err.filename or out, f"cannot write ({err.strerror or err})") from None


def run_batch(paths: Iterable[str | Path], out: str | Path, *, config: Config = Config(),
              jobs: int | None = None, engine: str = "local", scheduler: str | None = None,
              force: bool = False, timeout: float | None = 300.0, table_format: str = "parquet",
              db: str | Path | None = None, quiet: bool = True,
              memory_limit: int | None = limits.DEFAULT_MEMORY_MIB,
              with_conversions: bool = False) -> BatchReport:
    """Process every report under ``paths`` into ``out``: one JSON per document, the tables,
    ``failures.jsonl`` and, with ``db``, the DuckDB store. Failures never stop the batch; an
    output that cannot be written does (``OutputError``). When no input is a report, nothing
    is written (``nothing_written``): an empty table would read as "no records found"."""
    options = BatchOptions(jobs=jobs, engine=engine, scheduler=scheduler, force=force, timeout=timeout,
                           table_format=table_format, db=db, quiet=quiet, memory_limit=memory_limit,
                           with_conversions=with_conversions)
    started = time.monotonic()
    report = _inputs(paths, Path(out), options)
    if not report.processed:  # the reports to do, until the engines run
        report.nothing_written = True
        report.seconds = time.monotonic() - started
        return report
    with _writing(Path(out)), _locked(Path(out)):
        _run_batch(report, Path(out), config, options)
    report.seconds = time.monotonic() - started
    return report


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs (``run_batch``'s keyword arguments), apart from what each document
    gets (``Config``)."""

    jobs: int | None = None
    engine: str = "local"
    scheduler: str | None = None
    force: bool = False
    timeout: float | None = 300.0
    table_format: str = "parquet"
    db: str | Path | None = None
    quiet: bool = True
    memory_limit: int | None = limits.DEFAULT_MEMORY_MIB
    with_conversions: bool = False


def _inputs(paths, out: Path, options: BatchOptions) -> BatchReport:
    """The report of a run before any work: the inputs found (in ``processed`` until the
    engines run), the failures of discovery, and the files refused unread (not reports),
    which are failures too, counted as skipped."""
    skipped: list[str] = []
    notes: list[str] = []
    inputs, failures = discover(paths, out, skipped, options.with_conversions, notes)
    if not inputs and not failures:
        raise InputNotFound(", ".join(map(str, paths)), "no report (*.pdf, *.txt, *.md) found")
    report = BatchReport(out=out, failures=failures, warnings=skipped, notes=notes)
    if not options.quiet:  # before the work: why a file of the folder is left out
        for note in notes:
            LOG.info("%s", terminal(note))
    for path in inputs:
        refused = refusal(path)
        if refused is None:
            report.processed.append(path)
        else:
            report.skipped.append(path)
            report.failures.append(failure_row(path, type(refused).__name__, f"{path}: {refused.reason}"))
    return report


def _hashed(report: BatchReport) -> list[tuple[str, str]]:
    """``(path, sha256)`` of the inputs to do (``report.processed``, emptied for the engines);
    one that cannot be read is a failure. The refused files get their sha256 too, as every
    failure row has."""
    inputs, report.processed = report.processed, []
    hashed = []
    for path in inputs:
        try:
            hashed.append((path, sha256_of(path)))
        except OSError as err:
            report.failures.append(failure_row(path, type(err).__name__, f"{path}: cannot read ({err.strerror})"))
    for failure in report.failures:
        if failure["path"] in report.skipped:
            try:
                failure["sha256"] = sha256_of(failure["path"])
            except OSError:
                pass
    return hashed


def _run_batch(report: BatchReport, out: Path, config: Config, options: BatchOptions) -> None:
    _prepare_out(out)
    hashed = _hashed(report)
    names = output_names(hashed, {name.casefold(): source for name, source in _json_sources(out).items()})
    sha_of = dict(hashed)
    cache = Cache(out, config)

    def record(path: str, outcome: Outcome, cached: bool) -> None:
        """Keep one document's outcome: write its JSON or its failure, and its cache entry."""
        sha = sha_of[path]
        (report.cached if cached else report.processed).append(path)
        if outcome.result is None:
            assert outcome.error is not None and outcome.message is not None and outcome.path is not None
            failure = failure_row(path, outcome.error, outcome.message.replace(outcome.path, path), sha)
            report.failures.append(failure)
            if outcome.cacheable and not cached:
                cache.put(sha, dict(failure, cacheable=True))
            return
        result, target = outcome.result, out / names[path]
        assert target.resolve().parent == out.resolve(), target
        if not cached or not same_paths(result, path, target) or not target.is_file():
            set_paths(result, path, target)  # a cache hit may be the same file moved or copied
            _write_json(target, result)
            cache.put(sha, {"json": names[path]})
        report.outputs[path] = target
        if result["document"]["status"] == "no_text":
            report.warnings.append(f"{path}: {NoTextLayer.REASON}")

    todo = []
    for path, sha in hashed:
        hit = None if options.force else cache.get(sha)
        if hit is None:
            todo.append(path)
        else:
            record(path, hit, cached=True)

    # absolute for workers whose folder may differ (Dask), but not resolved: a symlink keeps
    # the name, and so the suffix, it was given
    absolute = {os.path.abspath(p): p for p in todo}
    jobs = max(1, min(options.jobs or len(os.sched_getaffinity(0)), len(todo) or 1))
    # the PDFs' pages, for the order of the work, counted beside the workers' start; with no
    # more reports than workers, each starts at once and the order does not matter
    counting = PageCounter([p for p in absolute if Path(p).suffix.lower() not in TEXT_SUFFIXES]
                           if len(todo) > jobs else [], config.password, options.memory_limit)
    if todo and options.engine != "dask":
        start_server(config.model)  # the workers' model loads while this process gets ready
        # pandas (the tables) imports here, on the other core, while the workers run
        threading.Thread(target=importlib.import_module, args=("pandas",), daemon=True).start()
    if todo and not options.quiet:
        LOG.info("loading the French model (%s) in %s…", config.model, counted(jobs, "worker"))
    with Progress(len(todo), options.quiet) as progress:
        def done(task: str, outcome: Outcome) -> None:
            record(absolute[task], outcome, cached=False)
            pages = outcome.result["document"]["pages"] if outcome.result is not None else 0
            progress.advance(pages, absolute[task], counted(pages, "page") if outcome.ok else f"failed ({outcome.error})")

        order = _longest_first(absolute, config, counting.result())
        if todo and options.engine == "dask":
            run_dask(order, config, jobs, options.scheduler, done)
        elif todo:
            run_local(order, config, jobs, options.timeout, done, options.memory_limit,
                      lambda task, *where: progress.step(absolute[task], *where))
        report.pages = progress.pages
        progress.step(str(out), "writing the tables" + (" and the store" if options.db is not None else ""))
        _write_tables(report, out, set(sha_of), options)


def _write_tables(report: BatchReport, out: Path, inputs: set[str], options: BatchOptions) -> None:
    """The tables, ``failures.jsonl`` and the store, from every JSON of the folder."""
    inputs_now = inputs | {f["path"] for f in report.failures}
    built = tables.build(_folder_results(out, report.outputs, inputs_now))
    tables.write(built, out, options.table_format)
    report.failures.sort(key=lambda f: f["path"])
    failures = _merge_failures(out / FAILURES_FILE, report.failures, inputs_now)
    atomic_write_text(out / FAILURES_FILE, "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in failures))
    if options.db is not None:
        # the whole folder, as the tables: both describe the same documents
        upsert(options.db, built, tables.failures_table(report.failures), inputs_now)


def _json_sources(out: Path) -> dict[str, str]:
    """``{json name: source path}`` of the extraction JSON files in ``out``."""
    sources = {}
    for path in out.glob("*.json"):
        try:
            sources[path.name] = json.loads(path.read_text(encoding="utf-8"))["document"]["path"]
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not one of ours
    return sources


#: bytes counted as a page for a report whose pages are not counted: a text report (what the
#: pipeline reads in the time of a PDF page), a PDF that pdfium cannot open (a typical page)
TEXT_PAGE_BYTES, PDF_PAGE_BYTES = 5_000, 50_000


def _longest_first(paths: Iterable[str], config: Config, pages: dict[str, int]) -> list[str]:
    """``paths``, the longest reports first (then the largest files): the longest start while
    every worker is free, instead of one worker finishing one alone at the end. A PDF's length
    is its number of ``pages`` (counted by pdfium beside the workers' start: ``batch.pages``),
    of the page range asked for if any; a text report's, or a PDF's whose pages were not
    counted (pdfium could not open it: the worker names the problem), is guessed from its size.
    File sizes alone put a 20-page report of slides read by OCR (0.4 MB) after reports ten
    times larger that took a third of its time, and one worker read it alone at the end (the
    real corpus with 2 jobs: 13.2 s by sizes, 12.2 s by pages, alternating runs). The outputs
    do not depend on the order (the tables are built from the folder, by name)."""

    def length(path: str) -> tuple[float, int]:
        try:
            size = os.path.getsize(path)
        except OSError:  # named by the worker, as any unreadable file
            return 0.0, 0
        if Path(path).suffix.lower() in TEXT_SUFFIXES:
            return size / TEXT_PAGE_BYTES, size
        count = pages.get(path)
        if count is None:
            return size / PDF_PAGE_BYTES, size
        if config.pages is not None:
            first, last = config.pages
            count = max(0, min(last, count) - first + 1)
        return float(count), size

    return sorted(paths, key=length, reverse=True)


def _folder_results(out: Path, outputs: dict[str, Path], inputs: set[str]) -> list[dict]:
    """The results of every JSON in ``out``, so that the tables describe the whole folder
    (earlier batches included). A JSON left by an earlier run for one of ``inputs`` that this
    run wrote elsewhere, or that now fails, is out of date: it is removed."""
    current = {target.name for target in outputs.values()}
    results = []
    for path in sorted(out.glob("*.json")):
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
            source = result["document"]["path"]
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not one of ours
        if path.name not in current and source in inputs:
            path.unlink()
            continue
        results.append(result)
    return results


def _merge_failures(path: Path, failures: list[dict], inputs: set[str]) -> list[dict]:
    """This run's failures plus the earlier ones of paths this run did not see."""
    try:
        earlier = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    except (OSError, ValueError):
        earlier = []
    kept = [f for f in earlier if isinstance(f, dict) and f.get("path") not in inputs]
    return sorted(kept + failures, key=lambda f: f["path"])


def run(args) -> int:
    """``extractor extract``: the command line's arguments to ``run_batch``; exit 0 or 2."""
    config = Config(model=args.model, backend=args.backend, password=args.password, pages=args.pages,
                    ocr=args.ocr)
    report = run_batch(args.paths, args.out, config=config, jobs=args.jobs, engine=args.engine,
                       scheduler=args.scheduler, force=args.force, timeout=args.timeout,
                       table_format=args.table_format, db=args.db, quiet=args.quiet,
                       memory_limit=args.memory_limit, with_conversions=args.with_conversions)
    # file names and messages are the documents' words: no control character passes
    for warning in report.warnings:
        LOG.warning("warning: %s", terminal(warning))
    for failure in report.failures:
        verb = "skipped" if failure["path"] in report.skipped else "failed"
        LOG.warning("%s: %s (%s)", verb, terminal(failure["message"]), failure["error"])
    if report.nothing_written:  # said even when quiet: the output folder was not touched
        LOG.error("%s", terminal(report.summary()))
    else:
        LOG.info("%s", terminal(report.summary()))
    return report.exit_code
