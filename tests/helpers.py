"""Shared by the tests: run wslint the way the product does, and read fixtures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The console script in a subprocess, as users run it."""
    script = Path(sys.executable).parent / "wslint"
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [str(script), *args], cwd=cwd or REPO, capture_output=True, text=True, env=full_env, check=False
    )
