"""Worker processes for parse work: started only when the work pays for them, fed in batches,
and never outliving the run that started them.

A forked worker starts in ~10 ms with every module its parent imported; a spawned one pays
the start of a new interpreter and the imports of tree-sitter and wslint's extractors again
(``bench/pool_start.py`` measures both), so workers are forked where the platform can fork.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:  # multiprocessing and ctypes cost ~50 ms to import; a warm run needs neither
    from multiprocessing.pool import Pool

Item = TypeVar("Item")
Batch = TypeVar("Batch")
Result = TypeVar("Result")

# Below this much source to parse, starting workers costs more than it saves. One process
# reads ~4.5 MB of source a second (stdlib ast for Python, tree-sitter for TS); workers take
# ~0.2 s to start and import the extractors, and unpickling their facts here costs ~20 % of
# what parsing them cost. On two real cores a pool pays from ~3 MB; on a VM whose two vCPUs
# share one core's time (the bench machine: two busy processes each run at half speed) it
# never does. 8 MB keeps ordinary projects in one process on both.
POOL_MIN_BYTES = 8 * 1024 * 1024
# A batch is a few hundred KB of source: few round trips, yet batches enough to balance.
BATCH_BYTES = 256 * 1024
MAX_WORKERS = 8
# One file may take this much processor time to analyse; more is a notice, not a stalled run.
# Processor time, not wall-clock time: a busy CI machine must not skip a file it would read
# when idle, so the verdict does not depend on what else the machine is doing.
TIME_BUDGET_SECONDS = 30.0

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class OverBudget(BaseException):
    """Raised inside a file's analysis when its time budget runs out. A BaseException, so an
    extractor's ``except Exception`` safety net does not swallow it."""


def _over_budget(signum: int, frame: FrameType | None) -> None:
    raise OverBudget


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Interrupt the body with ``OverBudget`` once it has used ``seconds`` of processor time
    (main thread, POSIX only, and only when the caller has no profiling timer of its own
    pending; otherwise the body simply runs)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_PROF)[0] > 0
    ):
        yield
        return
    previous = signal.signal(signal.SIGPROF, _over_budget)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def worker_count(parse_bytes: int) -> int:
    """How many workers the parse work pays for: none below ``POOL_MIN_BYTES``, else one per
    ``POOL_MIN_BYTES`` up to the cores this process may use."""
    if parse_bytes < POOL_MIN_BYTES:
        return 0
    cores = os.cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        cores = min(cores, len(os.sched_getaffinity(0)))
    workers = min(cores, MAX_WORKERS, parse_bytes // POOL_MIN_BYTES)
    return workers if workers > 1 else 0


def batches(items: Sequence[Item], sizes: Sequence[int], batch_bytes: int = BATCH_BYTES) -> list[list[Item]]:
    """Items grouped into batches of about ``batch_bytes``, largest items first so that the
    long ones start early and the short ones fill the gaps at the end."""
    order = sorted(range(len(items)), key=lambda index: -sizes[index])
    grouped: list[list[Item]] = []
    current: list[Item] = []
    filled = 0
    for index in order:
        current.append(items[index])
        filled += sizes[index]
        if filled >= batch_bytes:
            grouped.append(current)
            current, filled = [], 0
    if current:
        grouped.append(current)
    return grouped


def _start_worker(parent: int) -> None:
    """A worker dies with its parent, even one killed with SIGKILL, and leaves Ctrl-C to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM kills a worker outright: the parent's handler (an exit that runs cleanup), if it
    # was inherited, could fire while the worker holds the task queue's lock and hang the pool.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def start_pool(workers: int) -> Pool:
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    return context.Pool(workers, initializer=_start_worker, initargs=(os.getpid(),))


class BatchPool(Generic[Batch, Result]):
    """``function`` over every batch in ``workers`` processes, started at once so that this
    process can do other work meanwhile; iterating yields results as batches finish. Use it
    as a context manager: however the run ends (an error, Ctrl-C, SIGTERM turned into an exit),
    the workers are stopped when the block is left."""

    def __init__(self, function: Callable[[Batch], list[Result]], grouped: list[Batch], workers: int) -> None:
        self._pool = start_pool(workers)
        try:
            self._results = self._pool.imap_unordered(function, grouped)
        except BaseException:
            self.close()
            raise

    def __iter__(self) -> Iterator[Result]:
        for batch in self._results:
            yield from batch

    def close(self) -> None:
        self._pool.terminate()  # stops the workers of a pool that did not finish
        self._pool.join()

    def __enter__(self) -> BatchPool[Batch, Result]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
