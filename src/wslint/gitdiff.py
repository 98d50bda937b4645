"""Files changed since a git revision, for ``wslint check --changed-since REV``."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    """git is missing or refused: a one-line message, exit code 2."""


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError("--changed-since needs git, which is not installed") from None
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()
        raise GitError(f"git {' '.join(args)}: {reason[-1] if reason else 'failed'}")
    return done.stdout


def changed_files(revision: str, cwd: Path) -> list[Path]:
    """Absolute paths of files changed since ``revision``, committed or not, plus untracked ones."""
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    names = _git(["diff", "--name-only", "--no-renames", revision, "--"], cwd).splitlines()
    names += _git(["ls-files", "--others", "--exclude-standard"], top).splitlines()
    return sorted({(top / name).resolve() for name in names if name})
