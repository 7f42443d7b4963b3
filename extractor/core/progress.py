"""Progress inside one document, for whoever shows it: the layout reports each page it reads,
the pipeline each step, the review each page it renders. A caller (a batch worker, the command
line) installs a listener for the duration of a call with ``listening``; by default nothing
listens and a report costs one context-variable read."""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator

__all__ = ["Listener", "report", "listening"]

#: ``(step, done, total)``: ``step`` in words ("reading", "NLP", "extracting", "rendering"),
#: ``done`` the page just finished (0 for a step without pages), ``total`` 0 when unknown
Listener = Callable[[str, int, int], None]

_listener: ContextVar[Listener | None] = ContextVar("extractor_progress", default=None)


def report(step: str, done: int = 0, total: int = 0) -> None:
    listener = _listener.get()
    if listener is not None:
        listener(step, done, total)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
