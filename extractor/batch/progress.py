"""The progress line of a batch on stderr."""
from __future__ import annotations

import sys
import time

__all__ = ["Progress"]


# -- progress --------------------------------------------------------------------------------
class Progress:
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

    def __enter__(self) -> "Progress":
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
