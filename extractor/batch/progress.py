"""What a long step says while it runs, on stderr: a rich progress bar on a terminal, one plain
line per item otherwise (a log file, CI), nothing with ``--quiet``; and the counts and rates of
the messages, with their plurals right."""
from __future__ import annotations

import logging
import sys
import time
from typing import Any

__all__ = ["LOG", "Progress", "counted", "rate", "short", "on_terminal"]

#: the logger of every progress and summary line (the command line sets its level: ``--quiet``
#: shows warnings and errors only, ``-v`` adds debug lines)
LOG = logging.getLogger("extractor")


def counted(n: int, word: str) -> str:
    """``1 document``, ``2 documents``, ``0 documents``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def rate(n: int, seconds: float, word: str) -> str:
    """``n`` items over ``seconds`` as a rate, in the unit that reads best (per second, or per
    minute below one a second)."""
    per_second = n / max(seconds, 1e-9)
    if per_second >= 1 or n == 0:
        return f"{per_second:.1f} {word}s/s"
    return f"{per_second * 60:.1f} {word}s/min"


def short(name: str, width: int = 40) -> str:
    """A file name cut to ``width`` characters from its end, which tells files apart."""
    name = name.rsplit("/", 1)[-1]
    return name if len(name) <= width else "…" + name[-width + 1:]


def on_terminal() -> bool:
    return sys.stderr.isatty()


class Progress:
    """Progress over ``total`` items (documents, pages…) named ``unit``: a rich bar with the
    rates when stderr is a terminal, one INFO log line per item otherwise; silent when
    ``quiet`` (or when the ``extractor`` logger is above INFO)."""

    def __init__(self, total: int, quiet: bool, what: str = "extracting", unit: str = "document"):
        self.bar: Any = None
        self.total, self.what, self.unit = total, what, unit
        self.started = time.monotonic()
        self.docs = self.pages = 0
        self.quiet = quiet or not LOG.isEnabledFor(logging.INFO)
        if self.quiet or not on_terminal() or not total:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar = Progress(TextColumn(what), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rates]}"), TimeElapsedColumn(),
                            TextColumn("{task.fields[step]}"),
                            console=Console(stderr=True), transient=True)
        self.task = self.bar.add_task(what, total=total, rates="", step="")

    def __enter__(self) -> "Progress":
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()

    def step(self, name: str, step: str, page: int = 0, pages: int = 0) -> None:
        """Where the work on ``name`` is: on the bar's last column on a terminal, a debug line
        (``-v``) elsewhere (a line per page would drown a log)."""
        where = f"{step} page {page}{f'/{pages}' if pages else ''}" if page else step
        if self.bar:
            self.bar.update(self.task, step=f"{short(name)}: {where}")
        else:
            LOG.debug("%s: %s", name, where)

    def advance(self, pages: int = 0, name: str = "", outcome: str = "") -> None:
        """One more item done: ``name`` and ``outcome`` make its plain log line."""
        self.docs += 1
        self.pages += pages
        elapsed = time.monotonic() - self.started
        if self.bar:
            rates = rate(self.docs, elapsed, self.unit)
            if self.pages:
                rates += f" {rate(self.pages, elapsed, 'page')}"
            self.bar.update(self.task, advance=1, rates=rates)
        elif not self.quiet:
            detail = f": {outcome}" if outcome else ""
            LOG.info("%s [%d/%d] %s%s (%.1f s)", self.what, self.docs, self.total, name, detail, elapsed)
