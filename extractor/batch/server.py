"""The batch's fork server: started first, before this process imports the pipeline, so that
it imports spaCy, loads the model and warms the pipeline (``batch.preload``) on the other core
while this process gets the run ready; the workers fork from it (``engines.run_local``).

This module imports nothing of the pipeline: ``extractor extract`` starts the server from here
before it imports the engines (0.2 s earlier on a one-report run)."""
from __future__ import annotations

import multiprocessing
import os
import signal
from typing import Any

from ..core.resources import DEFAULT_MODEL

__all__ = ["START_METHOD", "PRELOAD", "preload", "start_server", "stop_server"]


#: Workers fork from a server that has imported these and loaded the default model
#: (``batch.preload``), so a new or replacement worker starts in a fraction of a second.
START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


PRELOAD = ["extractor.batch.preload"]


def preload(model: str) -> list[str]:
    """What the fork server imports for workers of ``model``: ``PRELOAD`` warms the default
    model; another model is loaded by each worker (the server would load one for nothing)."""
    return PRELOAD if model == DEFAULT_MODEL else ["extractor.batch.engines"]


def start_server(model: str = DEFAULT_MODEL) -> None:
    """Start the fork server now, without waiting for it: it imports ``preload(model)`` and
    loads the model while this process gets the run ready (``run_local`` then forks its
    workers from it). A server already running is kept."""
    if START_METHOD != "forkserver":
        return
    multiprocessing.get_context(START_METHOD).set_forkserver_preload(preload(model))
    from multiprocessing import forkserver

    forkserver.ensure_running()


def stop_server() -> None:
    """Stop the fork server (after a run): one that no worker used, every report having come
    from the cache, would otherwise go on loading the model after this process ends. Relies
    on CPython's ``ForkServer._stop`` (used by its own tests); without it, nothing is done."""
    from multiprocessing import forkserver

    server: Any = getattr(forkserver, "_forkserver", None)
    pid = getattr(server, "_forkserver_pid", None)
    if pid is None or not hasattr(server, "_stop"):
        return
    try:
        os.kill(pid, signal.SIGKILL)  # it may be busy preloading: it would not see its socket close
    except OSError:
        pass
    server._stop()  # closes its socket and reaps it
