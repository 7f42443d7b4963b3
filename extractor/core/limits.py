"""Resource limits: of batch workers (memory here, time in ``batch.run_local``) and of the
one-file commands (the same memory cap on the command's own process, and ``watchdog``).

Time is enforced from outside: the parent kills a worker that overruns its deadline (the pebble
approach), since nothing inside a C parser can be interrupted. Memory is enforced from inside:
``RLIMIT_AS`` caps the worker's address space (``setrlimit(2)``), so an allocation past the cap
raises ``MemoryError`` in that one worker (a decompression bomb inflating gigabytes, a page of
hundreds of thousands of glyphs) instead of exhausting the machine. The cap counts virtual
memory, which is larger than the resident set: it is applied once the spaCy model is loaded and
must leave room for that.
"""
from __future__ import annotations

import contextlib
import resource
import threading
from typing import Callable, Iterator

__all__ = ["DEFAULT_MEMORY_MIB", "limit_memory", "memory_limit_mib"]

#: the default address-space cap of a worker, in MiB
DEFAULT_MEMORY_MIB = 4096


def limit_memory(mib: int | None) -> None:
    """Cap this process's address space at ``mib`` MiB (None: no cap), never above the hard limit."""
    if mib is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = mib << 20
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


@contextlib.contextmanager
def memory_capped(mib: int | None) -> Iterator[None]:
    """``limit_memory(mib)`` for the duration of a block: a command run in-process (tests, a
    program calling ``cli.main``) gives its caller the old soft limit back."""
    before = resource.getrlimit(resource.RLIMIT_AS)
    limit_memory(mib)
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, before)


def memory_limit_mib() -> int | None:
    """This process's address-space cap in MiB, or None when there is none."""
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return None if soft == resource.RLIM_INFINITY else soft >> 20


def watchdog(seconds: float | None, expire: Callable[[], None]) -> threading.Timer | None:
    """Call ``expire`` (which must end the process: ``os._exit``) after ``seconds``, from a
    daemon thread: a thread runs while the main one is inside a C parser or a regex, where no
    signal handler would. None: no limit. Cancel the returned timer when the work is done."""
    if not seconds:
        return None
    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    return timer
