"""Worker processes and per-file budgets: the same findings with or without workers and cache,
workers only when the parse work pays, no worker outliving its run, and a file too costly to
analyse becomes a notice."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, rows
from wslint import cli, extract, workers
from wslint.cache import FactsCache
from wslint.engine import CheckOptions, run_check
from wslint.facts import FileFacts

ALL_FIXTURES = sorted(path for path in FIXTURES.iterdir() if (path / "expected.json").is_file())
SMALL = FIXTURES / "ws201-missing-broadcaster"


def force_pool(monkeypatch: pytest.MonkeyPatch, on: bool) -> list[int]:
    """Workers for any parse work (on) or never (off); returns the worker counts started."""
    started: list[int] = []
    real_pool = workers.BatchPool

    def counting_pool(function, grouped, count):  # type: ignore[no-untyped-def]
        started.append(count)
        return real_pool(function, grouped, count)

    monkeypatch.setattr(workers, "POOL_MIN_BYTES", 1 if on else 1 << 62)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(workers, "BatchPool", counting_pool)
    return started


def json_report(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str]:
    with pytest.raises(SystemExit) as done:
        cli.main(["check", str(root), "--output-format", "json", *args])
    captured = capsys.readouterr()
    assert done.value.code in (0, 1), captured.err
    return captured.out, captured.err


@pytest.mark.parametrize("fixture", ALL_FIXTURES, ids=lambda path: path.name)
def test_same_json_with_and_without_pool_and_cache(
    fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / fixture.name
    shutil.copytree(fixture, root, ignore=shutil.ignore_patterns(".wslint_cache"))
    monkeypatch.chdir(root)
    outputs = {}
    for pool in (False, True):
        with monkeypatch.context() as patch:
            started = force_pool(patch, pool)
            outputs[f"pool={pool} no-cache"] = json_report(root, capsys, "--no-cache")
            outputs[f"pool={pool} cache filled"] = json_report(root, capsys)
            outputs[f"pool={pool} cache read"] = json_report(root, capsys)
            assert bool(started) == pool
    reference = outputs["pool=False no-cache"]
    assert reference[0].startswith("[")
    for name, output in outputs.items():
        assert output == reference, name


def test_workers_only_for_enough_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 4)
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert workers.worker_count(workers.POOL_MIN_BYTES - 1) == 0
    assert workers.worker_count(workers.POOL_MIN_BYTES) == 0  # one worker is no gain over this process
    assert workers.worker_count(2 * workers.POOL_MIN_BYTES) == 2
    assert workers.worker_count(100 * workers.POOL_MIN_BYTES) == 4
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert workers.worker_count(100 * workers.POOL_MIN_BYTES) == 0


def test_batches_hold_about_batch_bytes_largest_first() -> None:
    sizes = [10, 500, 30, 200, 300, 5]
    grouped = workers.batches(["a", "b", "c", "d", "e", "f"], sizes, batch_bytes=400)
    assert grouped == [["b"], ["e", "d"], ["c", "a", "f"]]


def test_many_small_files_are_parsed_here_few_large_ones_in_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "p"
    shutil.copytree(SMALL, root)
    for number in range(40):  # forty files to parse, a few KB in all: no workers
        (root / f"backend/app/pad_{number:02}.py").write_text(f'"""websocket helper {number}."""\nX = 1\n')
    started = force_pool(monkeypatch, on=False)
    monkeypatch.setattr(workers, "POOL_MIN_BYTES", 64 * 1024)
    result = run_check(CheckOptions(paths=[root], use_cache=False))
    assert started == [] and result.files_parsed > 40
    (root / "backend/app/pad_00.py").write_text("# websocket\n" + "X = 1\n" * 30000)  # 180 KB
    result = run_check(CheckOptions(paths=[root], use_cache=False))
    assert started == [2]
    assert rows(result.findings) == [("WS201", "backend/app/websocket_routes.py", 45, "system_status_update")]


@pytest.mark.parametrize("pool", [False, True], ids=["here", "in-workers"])
def test_file_over_time_budget_is_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool: bool
) -> None:
    root = tmp_path / "p"
    shutil.copytree(SMALL, root)
    (root / "backend/app/slow.py").write_text("# websocket\nX = 1\n")
    force_pool(monkeypatch, pool)
    monkeypatch.setattr(workers, "TIME_BUDGET_SECONDS", 2.0)
    real = extract.extract_source

    def slow_on_one_file(rel: str, *args: object) -> FileFacts:
        if rel.endswith("slow.py"):
            busy_for(60)
        return real(rel, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(extract, "extract_source", slow_on_one_file)
    started = time.monotonic()
    result = run_check(CheckOptions(paths=[root], use_cache=False))
    assert time.monotonic() - started < 60
    assert result.notices == [
        "backend/app/slow.py: skipped, analysing it took more than 2 s of processor time"
    ]
    assert rows(result.findings) == [("WS201", "backend/app/websocket_routes.py", 45, "system_status_update")]


def test_file_over_memory_budget_is_a_notice_and_never_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "p"
    shutil.copytree(SMALL, root)
    (root / "backend/app/table.py").write_text("# websocket\n" + "ROW = {'id': 1}\n" * 4000)
    (root / "backend/app/table_names.py").write_text("ROW = {'id': 1}\n" * 4000)  # not parsed: no budget
    monkeypatch.setattr(extract, "MEMORY_BUDGET_BYTES", 16 * 1024 * 1024)
    parsed: list[str] = []
    real = extract.extract_source

    def recording(rel: str, *args: object) -> FileFacts:
        parsed.append(rel)
        return real(rel, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(extract, "extract_source", recording)
    result = run_check(CheckOptions(paths=[root], use_cache=False))
    assert result.notices == [
        "backend/app/table.py: skipped, analysing it would take more than 16 MB of memory"
    ]
    assert "backend/app/table.py" not in parsed and "backend/app/table_names.py" in parsed
    assert rows(result.findings) == [("WS201", "backend/app/websocket_routes.py", 45, "system_status_update")]


# --- a killed run ------------------------------------------------------------------------

SLOW_RUN = """
import multiprocessing, sys, time
from wslint import cli, extract, workers

workers.POOL_MIN_BYTES = 1
real = extract.extract_source

def slow(*args, **kwargs):
    if multiprocessing.parent_process() is not None:  # only workers stall
        time.sleep(60)
    return real(*args, **kwargs)

extract.extract_source = slow
sys.argv = ["wslint", "check", "--no-cache", sys.argv[1]]
cli.main()
"""


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("kill", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_a_killed_run_leaves_no_worker_behind(tmp_path: Path, kill: signal.Signals) -> None:
    root = tmp_path / "p"
    shutil.copytree(SMALL, root)
    run = subprocess.Popen(
        [sys.executable, "-c", SLOW_RUN, str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_until(lambda: len(children(run.pid)) >= 2, 30), "no workers started"
        pool = children(run.pid)
        os.kill(run.pid, kill)
        _, err = run.communicate(timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert wait_until(lambda: not any(alive(pid) for pid in pool), 10), "a worker outlived its run"
    assert "Traceback" not in err
    assert run.returncode == {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGKILL: -9}[kill]


def test_a_cache_save_killed_midway_leaves_nothing_later_runs_keep(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    stale = cache_dir / ".facts-killed.tmp"
    stale.write_text("{half a cache")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = cache_dir / ".facts-running.tmp"  # another run saving right now: left alone
    fresh.write_text("{")
    cache = FactsCache(cache_dir)
    cache.put("a.py", "key", FileFacts("a.py", "python"))
    cache.save()
    assert sorted(path.name for path in cache_dir.iterdir()) == sorted(
        [".facts-running.tmp", ".gitignore", "CACHEDIR.TAG", "facts-v2.jsonl"]
    )


def test_no_syntax_tree_outlives_its_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory grows with facts, not trees: after a run, no libcst node is alive beyond the few
    defaults libcst makes when imported, and nothing holds a tree-sitter tree or one of its nodes
    (a node keeps its tree alive)."""
    import gc

    import libcst

    import wslint.typescript_facts as typescript_facts

    def cst_nodes() -> int:
        gc.collect()
        return sum(isinstance(item, libcst.CSTNode) for item in gc.get_objects())

    trees: list[object] = []
    real_parse = typescript_facts.parse

    def recording_parse(path: str, source: bytes) -> object:
        trees.append(real_parse(path, source))
        return trees[-1]

    monkeypatch.setattr(typescript_facts, "parse", recording_parse)
    before = cst_nodes()
    force_pool(monkeypatch, on=False)  # every tree is made in this process
    result = run_check(CheckOptions(paths=[FIXTURES / "realistic"], use_cache=False))
    assert result.files_parsed > 20 and len(trees) > 5
    assert cst_nodes() == before
    unused = real_parse("unused.ts", b"1;")  # held by one name only, as each tree by the list
    assert [sys.getrefcount(tree) for tree in trees] == [sys.getrefcount(unused) + 1] * len(trees)


def sigterm_kills(batch: list[int]) -> list[bool]:
    return [signal.getsignal(signal.SIGTERM) == signal.SIG_DFL for _ in batch]


def test_workers_do_not_inherit_the_parents_sigterm_handler() -> None:
    """The CLI turns SIGTERM into an exit; a worker that inherited that handler could be stopped
    while holding the task queue's lock, and the pool's shutdown then hung."""
    previous = signal.signal(signal.SIGTERM, cli._exit_on_sigterm)
    try:
        with workers.BatchPool(sigterm_kills, [[1], [2], [3]], 2) as pool:
            assert list(pool) == [True, True, True]
    finally:
        signal.signal(signal.SIGTERM, previous)


def busy_for(seconds: float) -> None:
    """Use processor time (a budget counts that, not sleep) for up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pass


def test_time_budget_leaves_a_callers_own_timer_alone() -> None:
    previous = signal.signal(signal.SIGPROF, lambda signum, frame: None)
    signal.setitimer(signal.ITIMER_PROF, 100)
    try:
        with workers.time_budget(0.01):
            busy_for(0.1)  # no OverBudget: the caller's timer is not replaced
        assert signal.getitimer(signal.ITIMER_PROF)[0] > 90
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def test_time_budget_interrupts_the_body() -> None:
    started = time.monotonic()
    with pytest.raises(workers.OverBudget), workers.time_budget(0.05):
        busy_for(30)
    assert time.monotonic() - started < 30
    assert signal.getitimer(signal.ITIMER_PROF)[0] == 0


def test_time_budget_counts_processor_time_not_waiting() -> None:
    """A busy machine (the body waiting, not computing) does not use up the budget."""
    with workers.time_budget(0.05):
        time.sleep(0.3)
    assert signal.getitimer(signal.ITIMER_PROF)[0] == 0
