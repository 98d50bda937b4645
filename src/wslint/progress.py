"""A progress bar on stderr while files are parsed: for people at a terminal, on slow runs.

It appears only once a run has taken more than ``DELAY`` seconds (a quick run shows nothing),
only when stderr is a terminal, and the caller leaves it off for machine formats. It is
transient: once parsing is done, the line is cleared.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # rich's progress machinery loads only when a bar is shown
    from rich.progress import Progress, TaskID

DELAY = 1.0  # seconds of silence before a bar is worth showing

ProgressCallback = Callable[[int, int], None]  # (files done, files in all)


class ParseProgress:
    """Use as a context manager; pass ``callback`` to the extraction."""

    def __init__(self, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream or sys.stderr
        self._clock = clock
        self._started = clock()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def callback(self, done: int, total: int) -> None:
        if self._bar is None:
            if self._clock() - self._started < DELAY or done >= total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                TextColumn("wslint: parsing"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("files"),
                TimeElapsedColumn(),
                console=Console(file=self._stream, stderr=True),
                transient=True,
            )
            self._task = self._bar.add_task("parse", total=total)
            self._bar.start()
        assert self._task is not None
        self._bar.update(self._task, completed=done, total=total)

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def __enter__(self) -> ParseProgress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()


def wants_progress(stream: TextIO, machine_format: bool) -> bool:
    """A bar only for a person at a terminal reading a human format."""
    isatty = getattr(stream, "isatty", None)
    return not machine_format and bool(isatty and isatty())
