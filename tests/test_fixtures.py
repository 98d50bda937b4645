"""Every fixture project reports exactly the findings written down beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FIXTURES, check_rows, expected_rows, run_cli

FIXTURE_DIRS = sorted(path for path in FIXTURES.iterdir() if (path / "expected.json").is_file())


def test_there_are_fixtures() -> None:
    names = {path.name for path in FIXTURE_DIRS}
    assert {"gold", "realistic"} <= names
    assert len(names) >= 10


@pytest.mark.parametrize("fixture", FIXTURE_DIRS, ids=lambda path: path.name)
def test_fixture_findings_in_full(fixture: Path) -> None:
    assert check_rows(fixture) == expected_rows(fixture)


def test_gold_exits_zero_and_prints_no_finding() -> None:
    done = run_cli("check", "fixtures/gold", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "All checks passed! (16 files)"
