"""The engines of a batch: local worker processes (a deadline and a memory cap each, a worker
that dies is replaced) and Dask; each report goes through ``process_one``."""
from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from dataclasses import dataclass, replace
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable

from ..core import limits, progress
from ..core.document import Document
from ..core.errors import (
    ExtractorError,
    NoTextLayer,
    ProcessingError,
    ResourceLimit,
)
from ..core.resources import load_model
from ..layout import ocr
from ..layout.backends import get_backend
from ..pipeline import Config, Result, describe, one_line, process, sha256_of
from .server import START_METHOD, preload

__all__ = ["PROGRESS_EVERY", "Outcome", "Done", "Step", "process_one", "run_local", "run_dask"]


# -- the per-document function ---------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """What one report gave the batch (picklable: it comes back from a worker or Dask): its
    result (``Result.to_dict()``), or a failure: the path as the worker saw it, the error's
    name, a one-line message, and whether the file itself is at fault (then it is cached)."""

    result: dict | None = None
    path: str | None = None
    error: str | None = None
    message: str | None = None
    cacheable: bool = False

    @property
    def ok(self) -> bool:
        return self.result is not None


def _failed(path: str, err: BaseException | str, message: str | None = None, cacheable: bool = False) -> Outcome:
    """A failure outcome; ``message`` defaults to the first line of ``err``, after the path."""
    if message is None:
        message = one_line((str(err).strip().splitlines() or [type(err).__name__])[0])
    error = err if isinstance(err, str) else type(err).__name__
    return Outcome(path=path, error=error, message=f"{path}: {message}", cacheable=cacheable)


def _no_text_result(path: str, config: Config) -> dict:
    """The result of a PDF without a text layer: its pages, status ``no_text``, no records."""

    pages = get_backend(config.backend).page_count(Path(path), config.password)
    document = Document(path=str(path), text="", pages=pages, blocks=[], source="pdf")
    return Result(document=describe(document, path, sha256_of(path))).to_dict()


def process_one(path: str, config: Config) -> Outcome:
    """``process(path, config)`` as a picklable ``Outcome``; never raises (but for
    interrupts); a failure is cacheable when the file itself is at fault."""
    try:
        return Outcome(result=process(path, config).to_dict())
    except NoTextLayer:
        try:
            return Outcome(result=_no_text_result(path, config))
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


# -- engines ---------------------------------------------------------------------------------
Done = Callable[[str, "Outcome"], None]
#: ``(task, step, page, pages)``: where a worker is inside its document
Step = Callable[[str, str, int, int], None]


def _worker_main(conn, config: Config, memory_limit: int | None = None, ocr_parallel: int | None = None) -> None:
    """A local worker: load the model once, cap its memory, then process documents until told
    to stop, reading ``ocr_parallel`` pages by OCR at once (its share of the cores)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    ocr.set_parallel(ocr_parallel)
    try:
        load_model(config.model)
    except Exception:  # a missing model is reported per document by process_one
        pass
    limits.limit_memory(memory_limit)
    conn.send("ready")
    while (task := conn.recv()) is not None:
        path, backend = task if isinstance(task, tuple) else (task, config.backend)  # a retry: another backend
        with progress.listening(_progress_sender(conn, path, config)):
            conn.send(process_one(path, replace(config, backend=backend)))


#: seconds between two progress messages of a worker (the parent redraws at most this often)
PROGRESS_EVERY = 0.2


def _progress_sender(conn, path: str, config: Config) -> progress.Listener:
    """A listener sending ``("progress", step, done, total)`` to the parent, a step change at
    once and pages at most every ``PROGRESS_EVERY`` seconds; ``total``: the PDF's pages."""
    total = 0
    if path.lower().endswith(".pdf"):
        try:
            total = get_backend(config.backend).page_count(Path(path), config.password)
        except Exception:  # process_one names the problem
            pass
    last_step, last_at = "", 0.0

    def send(step: str, done: int, _total: int) -> None:
        nonlocal last_step, last_at
        now = time.monotonic()
        if step != last_step or now - last_at >= PROGRESS_EVERY:
            last_step, last_at = step, now
            conn.send(("progress", step, done, total))

    return send


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: object
    task: str | None = None
    started: float = 0.0
    ready: bool = False


# complexity 23, above the limit: to be split when batch/ gets its engines (issue 16)
def run_local(tasks: list[str], config: Config, jobs: int, timeout: float | None, done: Done,  # noqa: C901
              memory_limit: int | None = None, on_progress: Step | None = None) -> None:
    """Run ``process_one`` over ``tasks`` in ``jobs`` worker processes whose address space is
    capped at ``memory_limit`` MiB; call ``done(task, outcome)`` in this process as each
    finishes. A task over ``timeout`` seconds has its worker killed and becomes a
    ``ResourceLimit`` failure; a dead worker, a ``WorkerCrashed`` failure. Workers are stopped
    on return and on interrupt."""
    ctx = multiprocessing.get_context(START_METHOD)
    if START_METHOD == "forkserver":  # import once in the server, fork each worker from it
        ctx.set_forkserver_preload(preload(config.model))
    pending = deque(tasks)
    workers: list[_Worker] = []
    ocr_share = ocr.worker_share(jobs)

    def spawn() -> None:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker_main, args=(child, config, memory_limit, ocr_share), daemon=True)
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
                    elif isinstance(message, tuple) and message[0] == "progress":
                        if on_progress is not None and w.task is not None:
                            on_progress(w.task, *message[1:])
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
        client.run(ocr.set_parallel, ocr.worker_share(jobs))  # as run_local's workers
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
