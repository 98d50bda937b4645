"""The real entry points in a subprocess: the console script and ``python -m wslint``.

Every other CLI test runs the command in-process (``tests.helpers.run_cli``); these check
that the installed entry points behave exactly as the in-process run does. The pre-commit
hooks are tested through real pre-commit in test_gate.py.
"""

from __future__ import annotations

import pytest

from tests.helpers import run_cli, run_console_script

BROKEN = "fixtures/ws303-unknown-message-type"


@pytest.mark.parametrize(
    "args",
    [
        ("check", BROKEN, "--no-cache"),
        ("check", BROKEN, "--no-cache", "--output-format", "json"),
        ("check", "--no-such-flag"),
    ],
    ids=["findings", "json", "usage-error"],
)
def test_console_script_matches_the_in_process_run(args: tuple[str, ...]) -> None:
    script = run_console_script(*args)
    assert script.returncode in (1, 2) and script.stdout + script.stderr
    assert script == run_cli(*args)


def test_python_dash_m_matches_the_in_process_run() -> None:
    args = ("check", BROKEN, "--no-cache", "--output-format", "concise")
    module = run_console_script(*args, module=True)
    assert module.returncode == 1 and "WS303" in module.stdout
    assert module == run_cli(*args)
    assert run_console_script("--version", module=True) == run_cli("--version")
