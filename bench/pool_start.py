"""What starting the extraction workers costs with each start method: a pool of two workers,
one small Python and one small TS file extracted in each, then stopped. The parent has the
extractors imported, as a cold run has by then (the byte prefilter lives beside them).

    python bench/pool_start.py --repeat 5
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time

from wslint.extract import ExtractionSettings, _extract_batch, _Job
from wslint.workers import _start_worker

PYTHON = (
    b"from fastapi import WebSocket\n\n@app.websocket('/ws')\n"
    b"async def ws(socket: WebSocket):\n    await socket.accept()\n"
)
TYPESCRIPT = b"export const socket = new WebSocket('/ws');\n"
BATCH = (
    ExtractionSettings(),
    [_Job("app/ws.py", "python", PYTHON, True), _Job("web/socket.ts", "typescript", TYPESCRIPT, True)],
)


def start_and_stop(method: str) -> float:
    import os

    started = time.perf_counter()
    pool = multiprocessing.get_context(method).Pool(2, initializer=_start_worker, initargs=(os.getpid(),))
    pool.map(_extract_batch, [BATCH, BATCH])
    pool.close()
    pool.join()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    _extract_batch(BATCH)  # the parent has the extractors and tree-sitter loaded, as in a cold run
    # forkserver is left out: its workers are the server's children, not this process's
    methods = [method for method in ("fork", "spawn") if method in multiprocessing.get_all_start_methods()]
    samples: dict[str, list[float]] = {method: [] for method in methods}
    for _ in range(args.repeat):  # interleaved, so load changes hit every method alike
        for method in methods:
            samples[method].append(start_and_stop(method))
    for method, times in samples.items():
        median, low, high = (value * 1000 for value in (statistics.median(times), min(times), max(times)))
        print(f"{method:>6}: median {median:6.0f} ms [{low:.0f}–{high:.0f}] over {args.repeat} runs")


if __name__ == "__main__":
    main()
