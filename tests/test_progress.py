"""The parse progress bar: only after a second, only for a person at a terminal."""

from __future__ import annotations

import io

from tests.helpers import FIXTURES, run_cli
from wslint.engine import CheckOptions, run_check
from wslint.progress import DELAY, ParseProgress, wants_progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_quick_run_shows_nothing() -> None:
    clock, stream = Clock(), Terminal()
    with ParseProgress(stream, clock) as progress:
        for done in range(1, 50):
            clock.now += DELAY / 100
            progress.callback(done, 100)
    assert not progress.shown
    assert stream.getvalue() == ""


def test_a_slow_run_shows_files_done_of_all() -> None:
    clock, stream = Clock(), Terminal()
    with ParseProgress(stream, clock) as progress:
        progress.callback(1, 40)
        assert not progress.shown
        clock.now += DELAY + 0.1
        progress.callback(2, 40)
        assert progress.shown
        progress.callback(39, 40)
    assert "parsing" in stream.getvalue()
    assert "/40" in stream.getvalue()


def test_the_last_file_done_late_shows_nothing() -> None:
    clock, stream = Clock(), Terminal()
    with ParseProgress(stream, clock) as progress:
        clock.now += DELAY * 5
        progress.callback(10, 10)
    assert not progress.shown


def test_only_a_terminal_and_a_human_format_get_a_bar() -> None:
    assert wants_progress(Terminal(), machine_format=False)
    assert not wants_progress(Terminal(), machine_format=True)
    assert not wants_progress(io.StringIO(), machine_format=False)


def test_piped_runs_print_no_progress() -> None:
    done = run_cli("check", "fixtures/realistic", "--no-cache")
    assert "parsing" not in done.stderr
    assert "\x1b" not in done.stderr


def test_the_run_reports_each_parse_to_the_progress_callback() -> None:
    calls: list[tuple[int, int]] = []
    result = run_check(
        CheckOptions(
            paths=[FIXTURES / "realistic"], use_cache=False, progress=lambda *call: calls.append(call)
        )
    )
    assert calls, "no parse was reported"
    total = calls[0][1]
    assert [done for done, _ in calls] == list(range(1, total + 1))
    assert {all_ for _, all_ in calls} == {total}
    assert total >= result.files_parsed > 0
