"""Speed of ``wslint check`` on synthetic projects of growing size.

For each size it prints the median of several runs for: a cold check (no cache), a warm
check (cache filled, nothing changed), and the floor to compare with, a plain parse of the
same files (``ast.parse`` for Python, a tree-sitter parse for TS). Ratios are check time
over plain-parse time. The machines are shared and noisy: read medians, not single runs.

    python bench/run.py                 # sizes 100, 400, 1600 files
    python bench/run.py --sizes 200 --repeat 7
"""

from __future__ import annotations

import argparse
import ast
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate_project

from wslint.engine import CheckOptions, run_check


def _median_seconds(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _plain_parse(root: Path) -> None:
    import tree_sitter
    import tree_sitter_typescript

    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_typescript.language_tsx()))
    for path in root.rglob("*"):
        if path.suffix == ".py":
            ast.parse(path.read_bytes())
        elif path.suffix in (".ts", ".tsx"):
            parser.parse(path.read_bytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 400, 1600])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'files':>6} {'plain parse':>12} {'cold check':>11} {'ratio':>6} {'warm check':>11} {'ratio':>6}")
    for size in args.sizes:
        workdir = Path(tempfile.mkdtemp(prefix="wslint-bench-"))
        try:
            root = generate_project(workdir / "project", files=size)
            cold = CheckOptions(paths=[root], use_cache=False)
            warm = CheckOptions(paths=[root], use_cache=True)
            plain = _median_seconds(lambda root=root: _plain_parse(root), args.repeat)
            cold_time = _median_seconds(lambda cold=cold: run_check(cold), args.repeat)
            run_check(warm)  # fill the cache
            warm_time = _median_seconds(lambda warm=warm: run_check(warm), args.repeat)
            print(
                f"{size:>6} {plain:>11.3f}s {cold_time:>10.3f}s {cold_time / plain:>5.1f}x "
                f"{warm_time:>10.3f}s {warm_time / plain:>5.1f}x"
            )
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
