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
- **Names**: ``<stem>.json``; inputs sharing a stem, or whose name an earlier run gave another
  source, get ``<stem>-<sha8>.json``; names are sanitised, capped in bytes and never leave the
  output folder. The store is upserted with the whole folder's tables, so both always list the
  same documents.
- **One run per folder**: ``out/.lock`` is held (``flock``) for the whole run, so the stale
  temporary files a run removes at start are never another live run's.
- **Limits**: a worker's address space is capped (``limits.limit_memory``), so a decompression
  bomb fails alone with a ``ResourceLimit``; the output folder is probed (free space, a real
  write) before any work, and a write that fails later stops the run with an ``OutputError``.
- **Scans**: a PDF without a text layer is a result of status ``no_text``, with a warning (OCR is
  not supported), not a failure.
"""
from __future__ import annotations

import fcntl
import glob
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterable

import regex

from .._version import __version__
from ..core import limits
from ..core.document import Document
from ..core.errors import (
    ExtractorError,
    InputNotFound,
    NoTextLayer,
    OutputError,
    ProcessingError,
    ResourceLimit,
)
from ..core.escape import terminal
from ..core.resources import load_model
from ..io import arrow_tables as tables
from ..io.arrow_tables import atomic_write_text
from ..io.duckdb_store import upsert
from ..layout import check_input
from ..layout.backends import get_backend
from ..pipeline import Config, Result, describe, one_line, process, sha256_of

INPUT_SUFFIXES = (".pdf", ".txt", ".md")
CACHE_DIR = ".cache"
LOCK_FILE = ".lock"
FAILURES_FILE = "failures.jsonl"
#: free space the output folder needs before a run starts
MIN_FREE_BYTES = 64 << 20
_UNSAFE = regex.compile(r"[^\w.-]+")
_GLOB_CHARS = regex.compile(r"[*?\[]")
#: Workers fork from a server that has imported these (spaCy's French tokenizer exceptions
#: alone compile for seconds), so a new or replacement worker starts in a fraction of that.
START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
PRELOAD = ["extractor.batch", "spacy.lang.fr"]


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

    @property
    def exit_code(self) -> int:
        return 2 if self.failures else 0

    def summary(self) -> str:
        seconds = max(self.seconds, 1e-9)
        return (f"{len(self.outputs)} documents written, {len(self.failures)} failed "
                f"({len(self.processed)} processed, {len(self.cached)} from the cache) in "
                f"{self.seconds:.1f} s: {len(self.processed) / seconds:.2f} docs/s, "
                f"{self.pages / seconds:.1f} pages/s → {self.out}")


# -- inputs and names ------------------------------------------------------------------------
def _failure_row(path: str, error: str, message: str, sha: str | None = None) -> dict:
    return {"path": path, "sha256": sha, "error": error, "message": " ".join(message.split())}


def _walk(folder: Path, skip: str | None, skipped: list[str]) -> Iterable[Path]:
    """Reports under ``folder``, recursively; hidden folders and the output folder are skipped.
    Symlinked folders are followed, each real folder once: a link back to an ancestor (a
    cycle) is skipped with a message instead of walked for ever."""
    seen: set[str] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            skipped.append(f"{root}: skipped (a symlinked folder already walked: a cycle)")
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and os.path.realpath(os.path.join(root, d)) != skip)
        for name in sorted(files):
            if name.lower().endswith(INPUT_SUFFIXES) and not name.startswith("."):
                yield Path(root, name)


def _regular(path: Path, skipped: list[str]) -> bool:
    """True for a regular file (through symlinks); otherwise say why it is skipped: a FIFO or
    a device would block or never end a read, a symlink loop or a dangling link has no file."""
    try:
        check_input(path)
        return True
    except ExtractorError as err:
        skipped.append(f"{path}: skipped ({err.reason})")
        return False


def discover(paths: Iterable[str | Path], out: str | Path | None = None,
             skipped: list[str] | None = None) -> tuple[list[str], list[dict]]:
    """Expand files, folders (recursive: ``*.pdf``, ``*.txt``, ``*.md``) and globs into input
    paths, each once, in a stable order, as named (a symlink stays the name it was given); a
    path that matches nothing, or that names something other than a file or folder, becomes a
    failure. Files found inside folders that are not regular files are appended to
    ``skipped``, one line each."""
    skip = os.path.realpath(out) if out is not None else None
    skipped = [] if skipped is None else skipped
    found: dict[str, str] = {}
    failures = []
    for spec in map(str, paths):
        p = Path(spec)
        if p.is_dir():
            candidates = [c for c in _walk(p, skip, skipped) if _regular(c, skipped)]
        elif os.path.lexists(spec) and not _GLOB_CHARS.search(spec):
            try:
                candidates = [Path(check_input(p))]
            except ExtractorError as err:
                failures.append(_failure_row(spec, type(err).__name__, str(err)))
                continue
        elif _GLOB_CHARS.search(spec):
            candidates = []
            for match in sorted(glob.glob(spec, recursive=True)):
                m = Path(match)
                if m.is_dir():
                    candidates += [c for c in _walk(m, skip, skipped) if _regular(c, skipped)]
                elif m.name.lower().endswith(INPUT_SUFFIXES) and _regular(m, skipped):
                    candidates.append(m)
        else:
            failures.append(_failure_row(spec, InputNotFound.__name__, f"{spec}: no such file or folder"))
            continue
        if not candidates:
            failures.append(_failure_row(spec, InputNotFound.__name__, f"{spec}: no report (*.pdf, *.txt, *.md)"))
        for c in candidates:
            found.setdefault(os.path.realpath(c), str(c))
    return list(found.values()), failures


#: bytes of a sanitised stem: with ``-<sha8>-<n>.json`` and the temporary name's
#: ``.<name>.<random>.tmp`` around it, a name stays far below the 255 bytes file systems allow
STEM_BYTES = 100


def _safe_stem(path: str) -> str:
    stem = _UNSAFE.sub("_", Path(path).stem).strip("._")
    stem = stem.encode("utf-8")[:STEM_BYTES].decode("utf-8", errors="ignore")  # whole characters
    return stem or "document"


def output_names(inputs: Iterable[tuple[str, str]], taken: dict[str, str] | None = None) -> dict[str, str]:
    """``{path: json file name}`` for ``(path, sha256)`` pairs: ``<stem>.json``, or
    ``<stem>-<sha8>.json`` for every input whose stem another input shares or whose name an
    earlier run gave another source (``taken``: casefolded name → the source of the JSON of
    that name in the output folder); names compare case-insensitively; never two inputs on one
    name, whatever the order of ``inputs``, nor one input on another's earlier JSON."""
    taken = taken or {}
    items = sorted(inputs)
    stems: dict[str, int] = {}
    for path, _ in items:
        key = _safe_stem(path).casefold()
        stems[key] = stems.get(key, 0) + 1
    names: dict[str, str] = {}
    used: set[str] = set()

    def free(name: str, path: str) -> bool:
        return name.casefold() not in used and taken.get(name.casefold(), path) == path

    for path, sha in items:
        stem = _safe_stem(path)
        base = stem if stems[stem.casefold()] == 1 and free(f"{stem}.json", path) else f"{stem}-{sha[:8]}"
        name, n = f"{base}.json", 1
        while not free(name, path):
            n += 1
            name = f"{base}-{n}.json"
        used.add(name.casefold())
        names[path] = name
    return names


# -- the per-document function ---------------------------------------------------------------
def _failed(path: str, err: BaseException | str, message: str | None = None, cacheable: bool = False) -> dict:
    """A failure outcome; ``message`` defaults to the first line of ``err``, after the path."""
    if message is None:
        message = one_line((str(err).strip().splitlines() or [type(err).__name__])[0])
    error = err if isinstance(err, str) else type(err).__name__
    return {"ok": False, "path": path, "error": error, "message": f"{path}: {message}",
            "cacheable": cacheable}


def _no_text_result(path: str, config: Config) -> dict:
    """The result of a PDF without a text layer: its pages, status ``no_text``, no records."""

    pages = get_backend(config.backend).page_count(Path(path), config.password)
    document = Document(path=str(path), text="", pages=pages, blocks=[], source="pdf")
    return Result(document=describe(document, path, sha256_of(path))).to_dict()


def process_one(path: str, config: Config) -> dict:
    """``process(path, config)`` as a picklable outcome; never raises (but for interrupts):
    ``{"ok": True, "result": Result.to_dict()}`` or ``{"ok": False, "path", "error",
    "message", "cacheable"}``, cacheable when the file itself is at fault."""
    try:
        return {"ok": True, "result": process(path, config).to_dict()}
    except NoTextLayer:
        try:
            return {"ok": True, "result": _no_text_result(path, config)}
        except ExtractorError as err:
            return _failed(path, err, err.reason, cacheable=True)
    except MemoryError:
        return _failed(path, ResourceLimit.__name__, f"exceeded the {limits.memory_limit_mib()} MiB memory limit")
    except (ResourceLimit, ProcessingError) as err:  # may pass on another run: not cached
        return _failed(path, err, err.reason)
    except ExtractorError as err:
        return _failed(path, err, err.reason, cacheable=err.path == str(path))
    except Exception as err:  # pdfminer, MemoryError, RecursionError…: one line, no traceback
        return _failed(path, err)


class Cache:
    """Content-addressed cache: ``DIR/.cache/<key>`` holds ``{"json": name}`` for a document
    whose JSON is ``DIR/<name>``, or the failure of a document that fails for a reason of its
    own (an ``ExtractorError``: corrupt, encrypted, no text), which would fail again."""

    def __init__(self, out: Path, config: Config):
        self.dir = out / CACHE_DIR
        self.out = out
        password = hashlib.sha256((config.password or "").encode()).hexdigest()
        self.config_key = f"{config.key()}|{password}"

    def key(self, sha: str) -> str:
        return hashlib.sha256(f"{sha}|{__version__}|{self.config_key}".encode()).hexdigest()

    def get(self, sha: str) -> dict | None:
        """The cached outcome (as ``process_one`` returns it), or None."""
        try:
            entry = json.loads((self.dir / self.key(sha)).read_text(encoding="utf-8"))
            if "json" not in entry:
                return dict(entry, ok=False)
            result = json.loads((self.out / entry["json"]).read_text(encoding="utf-8"))
            if result["document"]["sha256"] == sha:
                return {"ok": True, "result": result}
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def put(self, sha: str, entry: dict) -> None:
        self.dir.mkdir(exist_ok=True)
        atomic_write_text(self.dir / self.key(sha), json.dumps(entry, ensure_ascii=False))


# -- engines ---------------------------------------------------------------------------------
Done = Callable[[str, dict], None]


def _worker_main(conn, config: Config, memory_limit: int | None = None) -> None:
    """A local worker: load the model once, cap its memory, then process documents until told
    to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    try:
        load_model(config.model)
    except Exception:  # a missing model is reported per document by process_one
        pass
    limits.limit_memory(memory_limit)
    conn.send("ready")
    while (task := conn.recv()) is not None:
        if isinstance(task, tuple):  # (path, backend): a retry with another PDF backend
            path, backend = task
            conn.send(process_one(path, replace(config, backend=backend)))
        else:
            conn.send(process_one(task, config))


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: object
    task: str | None = None
    started: float = 0.0
    ready: bool = False


# complexity 23, above the limit: to be split when batch/ gets its engines (issue 16)
def run_local(tasks: list[str], config: Config, jobs: int, timeout: float | None, done: Done,  # noqa: C901
              memory_limit: int | None = None) -> None:
    """Run ``process_one`` over ``tasks`` in ``jobs`` worker processes whose address space is
    capped at ``memory_limit`` MiB; call ``done(task, outcome)`` in this process as each
    finishes. A task over ``timeout`` seconds has its worker killed and becomes a
    ``ResourceLimit`` failure; a dead worker, a ``WorkerCrashed`` failure. Workers are stopped
    on return and on interrupt."""
    ctx = multiprocessing.get_context(START_METHOD)
    if START_METHOD == "forkserver":  # import once in the server, fork each worker from it
        ctx.set_forkserver_preload(PRELOAD)
    pending = deque(tasks)
    workers: list[_Worker] = []

    def spawn() -> None:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker_main, args=(child, config, memory_limit), daemon=True)
        proc.start()
        child.close()
        workers.append(_Worker(proc, parent))

    # pdfium (the auto backend's engine) terminates its process when an allocation fails or
    # on some damaged files, where pdfminer raises MemoryError or a clear error: a document
    # whose worker died is tried once more with the pdfplumber backend
    retry_with: dict[str, str] = {}

    def retire(w: _Worker, error: str, message: str) -> None:
        if not w.ready:  # died while loading: every replacement would too
            raise ExtractorError("worker", f"worker process failed to start ({message})")
        w.process.kill()
        w.process.join()
        w.conn.close()
        workers.remove(w)
        if w.task is not None:
            if error == "WorkerCrashed" and config.backend == "auto" and w.task not in retry_with:
                retry_with[w.task] = "pdfplumber"
                pending.appendleft(w.task)
            else:
                done(w.task, _failed(w.task, error, message))
        if pending:
            spawn()

    try:
        for _ in range(min(jobs, len(pending))):
            spawn()
        while workers and (pending or any(w.task for w in workers)):
            for w in workers:
                if w.ready and w.task is None and pending:
                    w.task, w.started = pending.popleft(), time.monotonic()
                    w.conn.send((w.task, retry_with[w.task]) if w.task in retry_with else w.task)
            deadlines = [w.started + timeout for w in workers if w.task and timeout]
            wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = set(wait([w.conn for w in workers] + [w.process.sentinel for w in workers], wait_for))
            for w in list(workers):
                if w.conn in ready:
                    try:
                        message = w.conn.recv()
                    except (EOFError, OSError):
                        retire(w, "WorkerCrashed", f"worker process died (exit code {w.process.exitcode})")
                        continue
                    if message == "ready":
                        w.ready = True
                    else:
                        task, w.task = w.task, None
                        done(task, message)
                elif w.process.sentinel in ready:
                    w.process.join()
                    retire(w, "WorkerCrashed", f"worker process died (exit code {w.process.exitcode})")
                elif w.task and timeout and time.monotonic() - w.started > timeout:
                    retire(w, "ResourceLimit", f"exceeded the {timeout:g} s time limit")
    finally:
        for w in workers:
            if w.task is None and w.process.is_alive():
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in workers:
            w.process.join(timeout=1 if w.task is None else 0)
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            w.conn.close()


def run_dask(tasks: list[str], config: Config, jobs: int, scheduler: str | None, done: Done) -> None:
    """Run ``process_one`` over ``tasks`` on a Dask cluster (``scheduler``, or a local cluster of
    ``jobs`` single-threaded worker processes); call ``done`` here as each finishes. Dask cannot
    kill a running task, so the per-document timeout is not enforced on this engine."""
    import logging

    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        futures = client.map(process_one, tasks, config=config, pure=False)
        task_of = {f.key: t for f, t in zip(futures, tasks)}
        for future in as_completed(futures):
            task = task_of[future.key]
            try:
                outcome = future.result()
            except Exception as err:  # KilledWorker, lost connection…
                outcome = _failed(task, err)
            done(task, outcome)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# -- progress --------------------------------------------------------------------------------
class _Progress:
    """A rich progress bar on stderr with documents and pages per second; silent when
    ``quiet`` or when stderr is not a terminal."""

    def __init__(self, total: int, quiet: bool):
        self.bar = None
        self.started = time.monotonic()
        self.docs = self.pages = 0
        if quiet or not sys.stderr.isatty() or not total:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rates]}"), TimeElapsedColumn(),
                            console=Console(stderr=True), transient=True)
        self.task = self.bar.add_task("extract", total=total, rates="")

    def __enter__(self) -> "_Progress":
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()

    def advance(self, pages: int) -> None:
        self.docs += 1
        self.pages += pages
        if self.bar:
            elapsed = max(time.monotonic() - self.started, 1e-9)
            rates = f"{self.docs / elapsed:.2f} docs/s {self.pages / elapsed:.1f} pages/s"
            self.bar.update(self.task, advance=1, rates=rates)


# -- the batch -------------------------------------------------------------------------------
def _write_json(path: Path, result: dict) -> None:
    atomic_write_text(path, json.dumps(result, ensure_ascii=False, indent=1))


def _prepare_out(out: Path) -> None:
    """Create ``out`` and prove it writable before any work: enough free space, and a real
    write (permissions alone say nothing to root, nor about a read-only file system)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        for stale in out.glob(".*.tmp"):  # left by a run killed while writing
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
              memory_limit: int | None = limits.DEFAULT_MEMORY_MIB) -> BatchReport:
    """Process every report under ``paths`` into ``out``: one JSON per document, the tables,
    ``failures.jsonl`` and, with ``db``, the DuckDB store. Failures never stop the batch; an
    output that cannot be written does (``OutputError``)."""
    with _writing(Path(out)), _locked(Path(out)):
        return _run_batch(paths, Path(out), config, jobs, engine, scheduler, force, timeout, table_format, db,
                          quiet, memory_limit)


def _run_batch(paths, out: Path, config: Config, jobs, engine, scheduler, force, timeout, table_format, db,
               quiet, memory_limit) -> BatchReport:
    started = time.monotonic()
    _prepare_out(out)
    skipped: list[str] = []
    inputs, failures = discover(paths, out, skipped)
    if not inputs and not failures:
        raise InputNotFound(", ".join(map(str, paths)), "no report (*.pdf, *.txt, *.md) found")
    report = BatchReport(out=out, failures=failures, warnings=skipped)
    hashed = []
    for path in inputs:
        try:
            hashed.append((path, sha256_of(path)))
        except OSError as err:
            report.failures.append(_failure_row(path, type(err).__name__, f"{path}: cannot read ({err.strerror})"))
    names = output_names(hashed, {name.casefold(): source for name, source in _json_sources(out).items()})
    sha_of = dict(hashed)
    cache = Cache(out, config)

    def record(path: str, outcome: dict, cached: bool) -> None:
        """Keep one document's outcome: write its JSON or its failure, and its cache entry."""
        sha = sha_of[path]
        (report.cached if cached else report.processed).append(path)
        if not outcome["ok"]:
            failure = _failure_row(path, outcome["error"], outcome["message"].replace(outcome["path"], path), sha)
            report.failures.append(failure)
            if outcome["cacheable"] and not cached:
                cache.put(sha, dict(failure, cacheable=True))
            return
        result, target = outcome["result"], out / names[path]
        assert target.resolve().parent == out.resolve(), target
        if not cached or result["document"]["path"] != path or not target.is_file():
            result["document"]["path"] = path  # a cache hit may be the same file moved or copied
            _write_json(target, result)
            cache.put(sha, {"json": names[path]})
        report.outputs[path] = target
        if result["document"]["status"] == "no_text":
            report.warnings.append(f"{path}: {NoTextLayer.REASON}")

    todo = []
    for path, sha in hashed:
        hit = None if force else cache.get(sha)
        if hit is None:
            todo.append(path)
        else:
            record(path, hit, cached=True)

    # absolute for workers whose folder may differ (Dask), but not resolved: a symlink keeps
    # the name, and so the suffix, it was given
    absolute = {os.path.abspath(p): p for p in todo}
    with _Progress(len(todo), quiet) as progress:
        def done(task: str, outcome: dict) -> None:
            record(absolute[task], outcome, cached=False)
            progress.advance(outcome["result"]["document"]["pages"] if outcome["ok"] else 0)

        jobs = max(1, min(jobs or len(os.sched_getaffinity(0)), len(todo) or 1))
        if todo and engine == "dask":
            run_dask(list(absolute), config, jobs, scheduler, done)
        elif todo:
            run_local(list(absolute), config, jobs, timeout, done, memory_limit)
        report.pages = progress.pages

    inputs_now = set(sha_of) | {f["path"] for f in report.failures}
    built = tables.build(_folder_results(out, report.outputs, inputs_now))
    tables.write(built, out, table_format)
    report.failures.sort(key=lambda f: f["path"])
    failures = _merge_failures(out / FAILURES_FILE, report.failures, inputs_now)
    atomic_write_text(out / FAILURES_FILE, "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in failures))
    if db is not None:  # the whole folder, as the tables: both describe the same documents
        upsert(db, built, tables.failures_table(report.failures), inputs_now)
    report.seconds = time.monotonic() - started
    return report


def _json_sources(out: Path) -> dict[str, str]:
    """``{json name: source path}`` of the extraction JSON files in ``out``."""
    sources = {}
    for path in out.glob("*.json"):
        try:
            sources[path.name] = json.loads(path.read_text(encoding="utf-8"))["document"]["path"]
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not one of ours
    return sources


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
                       memory_limit=args.memory_limit)
    if not args.quiet:
        # file names and messages are the documents' words: no control character passes
        for warning in report.warnings:
            print(terminal(f"extractor: warning: {warning}"), file=sys.stderr)
        for failure in report.failures:
            print(terminal(f"extractor: failed: {failure['message']} ({failure['error']})"), file=sys.stderr)
        print(terminal(f"extractor: {report.summary()}"), file=sys.stderr)
    return report.exit_code
