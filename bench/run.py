"""Speed of ``wslint check`` against the tools users would otherwise run.

On a real-shaped corpus (``bench/corpus.py``: published FastAPI/Starlette sdists and npm
packages with TS sources, copied N times) it times, in paired rounds, every command as a
fresh process the way CI runs it:

- wslint cold (``--no-cache``), warm (cache filled, nothing changed) and one file touched;
- ``ruff check --select ALL --no-cache`` (every ruff rule, Python only);
- semgrep with three single-file WebSocket patterns (``bench/semgrep-websocket.yml``);
- the plain-parse floor: ``ast.parse`` of every .py and a tree-sitter parse of every TS file.

wslint is timed as pip installs it, its modules compiled to bytecode: an editable install
run with ``PYTHONDONTWRITEBYTECODE`` set would otherwise compile every module from source on
every run (~0.05 s), which no installed copy does. ruff is a binary and semgrep's Python is
compiled when pip installs it.

It prints ratios per round as median [min–max]: the machines are shared and noisy, and a
ratio of two runs made back to back survives load better than either time. CPU-time ratios
(user + sys of the whole process tree) are printed beside the wall-clock ones. ruff and
semgrep are optional (``pip install -e '.[bench]'``); a missing tool is reported and its
ratios left out. A synthetic bench (``bench/synthetic.py``) runs after it.

    python bench/run.py                            # corpus at 1x and 10x, synthetic 100/400/1600
    python bench/run.py --copies 1 --repeat 3 --no-synthetic
    python bench/run.py --sizes 200 --copies       # synthetic only
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from corpus import build_corpus, describe  # noqa: E402
from synthetic import generate_project  # noqa: E402

SEMGREP_RULES = BENCH / "semgrep-websocket.yml"


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # user + sys seconds of the process and the children it waited for
    rss_mb: float  # peak resident set of the process or its largest child


def _tool(name: str) -> str | None:
    """A console script next to this interpreter (a venv with the bench extra), else on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def timed(command: Sequence[str]) -> Sample:
    env = {**os.environ, "NO_COLOR": "1", "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    if hasattr(os, "wait4"):
        assert process.stderr is not None
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        cpu, rss = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
    else:  # no per-child resource usage here: wall-clock only
        errors = process.communicate()[1]
        cpu, rss = float("nan"), float("nan")
    wall = time.perf_counter() - started
    if process.returncode not in (0, 1):
        tail = errors.decode(errors="replace")[-2000:]
        raise SystemExit(f"bench: {' '.join(command)} failed ({process.returncode}):\n{tail}")
    return Sample(wall, cpu, rss)


def plain_parse(root: Path) -> None:
    """The floor: every file parsed once by the fastest parser for it, nothing else."""
    import tree_sitter
    import tree_sitter_typescript

    parsers = {
        ".ts": tree_sitter.Parser(tree_sitter.Language(tree_sitter_typescript.language_typescript())),
        ".tsx": tree_sitter.Parser(tree_sitter.Language(tree_sitter_typescript.language_tsx())),
    }
    for path in root.rglob("*"):
        if path.suffix == ".py":
            with contextlib.suppress(SyntaxError, ValueError):  # the floor parses, it does not judge
                ast.parse(path.read_bytes())
        elif path.suffix in parsers and not path.name.endswith(".d.ts"):
            parsers[path.suffix].parse(path.read_bytes())


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} [{min(values):.2f}–{max(values):.2f}]"


def _touch(path: Path, round_number: int) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(f"\n# touched in round {round_number}\n")


def _touched_file(root: Path) -> Path:
    """A backend file with an endpoint: touching it re-parses a file that matters."""
    for path in sorted(root.rglob("*.py")):
        if b".websocket(" in path.read_bytes():
            return path
    return next(iter(sorted(root.rglob("*.py"))))


def bench_corpus(copies: int, repeat: int) -> None:
    ruff, semgrep = _tool("ruff"), _tool("semgrep")
    wslint = [sys.executable, "-m", "wslint", "check", "--exit-zero", "--output-format", "concise"]
    commands: dict[str, list[str]] = {}
    workdir = Path(tempfile.mkdtemp(prefix="wslint-bench-"))
    try:
        root = build_corpus(workdir / "project", copies)
        target = str(root)
        commands["cold"] = [*wslint, "--no-cache", target]
        commands["warm"] = [*wslint, target]
        commands["plain"] = [sys.executable, str(Path(__file__).resolve()), "--plain-parse", target]
        if ruff:
            commands["ruff"] = [ruff, "check", "--isolated", "--select", "ALL", "--no-cache", "--exit-zero"]
            commands["ruff"] += ["--quiet", target]
        if semgrep:
            commands["semgrep"] = [semgrep, "scan", "--config", str(SEMGREP_RULES), "--metrics=off"]
            commands["semgrep"] += ["--disable-version-check", "--quiet", "--no-git-ignore", target]
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"\nreal-shaped corpus x{copies}: {describe(root)}")
        print(f"{repeat} paired rounds, {os.cpu_count()} cores, load average {load:.1f} at start")
        for tool, name in ((ruff, "ruff"), (semgrep, "semgrep")):
            if tool is None:
                print(f"  {name} not installed (pip install -e '.[bench]'): its ratios are left out")
        touched_file = _touched_file(root)
        timed(commands["warm"])  # fill the cache
        rounds: list[dict[str, Sample]] = []
        for number in range(repeat):
            samples = {name: timed(command) for name, command in commands.items()}
            _touch(touched_file, number)
            samples["touched"] = timed(commands["warm"])
            rounds.append(samples)
        _report(rounds, copies)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# (label, numerator, denominator, target at 1x, target at 10x and above)
RATIOS = [
    ("cold ÷ semgrep", "cold", "semgrep", 0.4, 0.5),
    ("cold ÷ ruff ALL", "cold", "ruff", None, None),
    ("cold ÷ plain parse", "cold", "plain", None, None),
    ("warm ÷ ruff ALL", "warm", "ruff", 1.0, 1.0),
    ("one file touched ÷ warm", "touched", "warm", 1.2, 1.2),
]


def _report(rounds: list[dict[str, Sample]], copies: int) -> None:
    print(f"  {'':26} {'wall: median [min–max]':>24} {'cpu: median':>12}  target")
    for label, top, bottom, small, large in RATIOS:
        if bottom not in rounds[0]:
            continue
        wall = [r[top].wall / r[bottom].wall for r in rounds]
        cpu = [r[top].cpu / r[bottom].cpu for r in rounds]
        target = small if copies < 10 else large
        verdict = ""
        if target is not None:
            verdict = f"≤ {target:.1f}: {'met' if statistics.median(wall) <= target else 'NOT met'}"
        print(f"  {label:26} {_spread(wall):>24} {statistics.median(cpu):12.2f}  {verdict}")
    print("  seconds, median wall (cpu):", end="")
    for name in ("cold", "warm", "touched", "semgrep", "ruff", "plain"):
        if name in rounds[0]:
            wall = statistics.median(r[name].wall for r in rounds)
            cpu = statistics.median(r[name].cpu for r in rounds)
            print(f" {name} {wall:.2f} ({cpu:.2f})", end="")
    print()
    rss = {name: max(r[name].rss_mb for r in rounds) for name in ("cold", "warm")}
    print(f"  peak RSS, largest process: wslint cold {rss['cold']:.0f} MB, warm {rss['warm']:.0f} MB")


def _median_seconds(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def bench_synthetic(sizes: Sequence[int], repeat: int) -> None:
    """In-process runs on generated projects: the engine alone, without start-up."""
    from wslint.engine import CheckOptions, run_check

    print("\nsynthetic projects (in-process, median seconds; ratio over plain parse)")
    print(f"{'files':>6} {'plain parse':>12} {'cold check':>11} {'ratio':>6} {'warm check':>11} {'ratio':>6}")
    for size in sizes:
        workdir = Path(tempfile.mkdtemp(prefix="wslint-bench-"))
        try:
            root = generate_project(workdir / "project", files=size)
            cold = CheckOptions(paths=[root], use_cache=False)
            warm = CheckOptions(paths=[root], use_cache=True)
            plain = _median_seconds(lambda root=root: plain_parse(root), repeat)
            cold_time = _median_seconds(lambda cold=cold: run_check(cold), repeat)
            run_check(warm)  # fill the cache
            warm_time = _median_seconds(lambda warm=warm: run_check(warm), repeat)
            print(
                f"{size:>6} {plain:>11.3f}s {cold_time:>10.3f}s {cold_time / plain:>5.1f}x "
                f"{warm_time:>10.3f}s {warm_time / plain:>5.1f}x"
            )
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


def _compile_wslint() -> None:
    """Bytecode for the wslint being timed, as a wheel install has it."""
    import compileall

    import wslint

    compileall.compile_dir(Path(wslint.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="*", default=[1, 10], help="real-shaped corpus sizes")
    parser.add_argument("--repeat", type=int, default=3, help="paired rounds per corpus size")
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 400, 1600], help="synthetic sizes")
    parser.add_argument("--synthetic-repeat", type=int, default=3)
    parser.add_argument("--no-synthetic", action="store_true")
    parser.add_argument("--plain-parse", type=Path, help=argparse.SUPPRESS)  # the floor's own process
    args = parser.parse_args()
    if args.plain_parse:
        plain_parse(args.plain_parse)
        return
    _compile_wslint()
    for copies in args.copies:
        bench_corpus(copies, args.repeat)
    if not args.no_synthetic and args.sizes:
        bench_synthetic(args.sizes, args.synthetic_repeat)


if __name__ == "__main__":
    main()
