"""How many pages each PDF of a batch has, counted by pdfium in a process of its own.

The batch sends the longest reports to its workers first (``run._longest_first``), and a PDF's
length is its number of pages: pdfium reads a document's page tree in about a millisecond.
But pdfium ends its process on some damaged files and when an allocation fails, and a
decompression bomb in a page tree's object stream would take the memory of the process that
reads it; the batch's own process must outlive any input. So the pages are counted by a child
process (as the workers, one of ``multiprocessing``'s, running this package's code), under the
workers' memory limit and a time limit, which sends each count as it goes: whatever it counted
before it died or was stopped is used, and the other files are measured by their size.

    counting = PageCounter(paths, password, memory_limit)   # starts at once, runs beside
    ...                                                      # the workers' start
    pages = counting.result()                                # {path: pages} counted
"""
from __future__ import annotations

import multiprocessing
import time
from typing import Any

from ..core import limits

__all__ = ["PageCounter", "TIME_LIMIT"]

#: seconds the counting process may take: to start (a new interpreter), and then for each file
#: (a millisecond or so a file); the workers load the model meanwhile. A file that hangs it
#: costs the order of the files after it, and the batch these seconds at most
TIME_LIMIT = (3.0, 0.005)


class PageCounter:
    """The page counts of ``paths`` (PDFs), counted by a child process started at once (a new
    interpreter: it starts while the workers' fork server loads the model, and shares no
    thread or lock with this process)."""

    def __init__(self, paths: list[str], password: str | None = None, memory_limit: int | None = None,
                 time_limit: float | None = None) -> None:
        start, each = TIME_LIMIT
        self.time_limit = time_limit if time_limit is not None else start + each * len(paths)
        self._process: Any = None
        self._conn: Any = None
        if not paths:
            return
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe(duplex=False)
        try:
            self._process = context.Process(target=_count, args=(child, paths, password, memory_limit),
                                             daemon=True, name="extractor-pages")
            self._process.start()
        except OSError:  # no process to be had: every file is measured by its size
            self._process = None
            self._conn.close()
        finally:
            child.close()

    def result(self) -> dict[str, int]:
        """{path: pages} of the files the child counted before it ended, or was stopped after
        ``time_limit`` seconds (``TIME_LIMIT``: a start, and a time for each file)."""
        counts: dict[str, int] = {}
        if self._process is None:
            return counts
        deadline = time.monotonic() + self.time_limit
        try:
            while self._conn.poll(max(0.0, deadline - time.monotonic())):
                path, pages = self._conn.recv()
                counts[path] = pages
        except (EOFError, OSError):  # the child ended: every file counted, or it died
            pass
        finally:
            if self._process.is_alive():  # over the time limit
                self._process.kill()
            self._process.join()
            self._conn.close()
            self._process = None
        return counts


def _count(conn: Any, paths: list[str], password: str | None, memory_limit: int | None) -> None:
    """The child: send ``(path, pages)`` for each PDF that pdfium opens, as soon as it is
    counted."""
    limits.limit_memory(memory_limit)
    import pypdfium2 as pdfium

    with conn:
        for path in paths:
            try:
                pdf = pdfium.PdfDocument(path, password=password or None)
                try:
                    pages = len(pdf)
                finally:
                    pdf.close()
            except Exception:  # named by the worker that reads it
                continue
            conn.send((path, pages))
