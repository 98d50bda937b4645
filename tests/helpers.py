"""Shared by the tests: run wslint the way the product does, and read fixtures."""

from __future__ import annotations

import io
import json
import locale
import os
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from typer import rich_utils as typer_rich

from wslint import cli
from wslint.catalog import load_catalog
from wslint.engine import CheckOptions, run_check
from wslint.findings import Finding

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"

Row = tuple[str, str, int, str]  # code, path, line, symbol


def rows(findings: list[Finding]) -> list[Row]:
    return sorted((f.code, f.ref.path, f.ref.line, f.symbol) for f in findings)


def expected_rows(fixture: Path) -> list[Row]:
    data = json.loads((fixture / "expected.json").read_text(encoding="utf-8"))
    return sorted((item["code"], item["path"], int(item["line"]), item["symbol"]) for item in data)


def run_check_findings(root: Path, **options: object) -> list[Finding]:
    return run_check(CheckOptions(paths=[root], use_cache=False, **options)).findings  # type: ignore[arg-type]


def check_rows(root: Path, **options: object) -> list[Row]:
    return rows(run_check_findings(root, **options))


def write_project(root: Path, files: dict[str, str]) -> Path:
    """A project in ``root`` (its own git root, so no config above it applies)."""
    (root / ".git").mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@dataclass(frozen=True)
class CliRun:
    """What one run of the command left: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def child_environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a run gets: ours, without colour unless a test asks for it."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("FORCE_COLOR", None)
    return full_env


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> CliRun:
    """``wslint ARGS`` run in this process as the console script runs in a child of it.

    The run gets its own working directory and environment (NO_COLOR set, FORCE_COLOR unset),
    stdout and stderr that are pipes, not terminals (encoded as this interpreter encodes its
    own, read back as ``subprocess.run(text=True)`` reads them), a rule catalog loaded
    afresh, and the exit code ``main`` passes to ``sys.exit``. An exception that escapes
    ``main`` prints its traceback and exits 1, as the interpreter would.
    """
    stdout, stderr = _pipe(sys.__stdout__), _pipe(sys.__stderr__)
    with _isolated(cwd or REPO, child_environment(env), stdout, stderr):
        try:
            cli.main(list(args))
        except SystemExit as done:
            returncode = _exit_status(done.code, stderr)
        except Exception:  # escaped main (WSLINT_DEBUG): what the interpreter does with it
            traceback.print_exc(file=stderr)
            returncode = 1
        else:
            returncode = 0
    return CliRun(returncode, _read_pipe(stdout), _read_pipe(stderr))


def run_console_script(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, module: bool = False
) -> CliRun:
    """The installed console script (or ``python -m wslint``) in a subprocess, as users run it."""
    script = Path(sys.executable).parent / "wslint"
    command = [sys.executable, "-m", "wslint"] if module else [str(script)]
    done = subprocess.run(
        [*command, *args],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        env=child_environment(env),
        check=False,
    )
    return CliRun(done.returncode, done.stdout, done.stderr)


def _pipe(like: TextIO | None) -> io.TextIOWrapper:
    """A stream that is not a terminal, with the encoding and error handler a child would use."""
    return io.TextIOWrapper(
        io.BytesIO(),
        encoding=getattr(like, "encoding", None) or "utf-8",
        errors=getattr(like, "errors", None) or "strict",
        write_through=True,
    )


def _read_pipe(stream: io.TextIOWrapper) -> str:
    stream.flush()
    data = stream.buffer.getvalue()  # type: ignore[attr-defined]
    text = data.decode(locale.getpreferredencoding(False))
    return text.replace("\r\n", "\n").replace("\r", "\n")  # subprocess's universal newlines


def _exit_status(code: object, stderr: TextIO) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=stderr)  # sys.exit("message") prints it and exits 1
    return 1


@contextmanager
def _isolated(cwd: Path, env: dict[str, str], stdout: TextIO, stderr: TextIO) -> Iterator[None]:
    """Working directory, environment, standard streams and process-wide caches of one run,
    put back afterwards whatever the run did to them."""
    saved_cwd, saved_env = os.getcwd(), dict(os.environ)
    saved_streams = sys.stdout, sys.stderr
    saved_typer = {name: getattr(typer_rich, name) for name in _TYPER_ENV_SETTINGS}
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    sys.stdout, sys.stderr = stdout, stderr
    for name, from_env in _TYPER_ENV_SETTINGS.items():
        setattr(typer_rich, name, from_env(env))
    load_catalog.cache_clear()
    try:
        yield
    finally:
        load_catalog.cache_clear()
        for name, value in saved_typer.items():
            setattr(typer_rich, name, value)
        sys.stdout, sys.stderr = saved_streams
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)


# typer reads these from the environment once, at import (typer/rich_utils.py): a child
# process would read them from its own environment, so each run reads them from its own.
_TYPER_ENV_SETTINGS: dict[str, Callable[[Mapping[str, str]], object]] = {
    "MAX_WIDTH": lambda env: int(env["TERMINAL_WIDTH"]) if env.get("TERMINAL_WIDTH") else None,
    "FORCE_TERMINAL": lambda env: (
        False
        if env.get("_TYPER_FORCE_DISABLE_TERMINAL")
        else True
        if env.get("GITHUB_ACTIONS") or env.get("FORCE_COLOR") or env.get("PY_COLORS")
        else None
    ),
}
