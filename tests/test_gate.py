"""wslint as a gate: baseline on a legacy repo, changed files, pre-commit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, REPO, run_cli


def _copy_fixture(name: str, tmp_path: Path) -> Path:
    project = tmp_path / name
    shutil.copytree(FIXTURES / name, project)
    (project / "expected.json").unlink()
    (project / "README.md").unlink(missing_ok=True)
    return project


def _json_findings(project: Path, *args: str) -> list[dict[str, object]]:
    done = run_cli("check", ".", "--no-cache", "--output-format", "json", *args, cwd=project)
    assert done.returncode in (0, 1), done.stderr
    return list(json.loads(done.stdout))


def test_baseline_hides_old_findings_after_they_move_and_shows_a_new_one(tmp_path: Path) -> None:
    project = _copy_fixture("ws201-missing-broadcaster", tmp_path)
    (project / ".git").mkdir()
    before = _json_findings(project)
    assert before, "the fixture must have findings to put in a baseline"
    baseline = tmp_path / "baseline.json"
    done = run_cli("check", ".", "--no-cache", "--write-baseline", str(baseline), "--exit-zero", cwd=project)
    assert done.returncode == 0
    assert _json_findings(project, "--baseline", str(baseline)) == []

    # Old findings move 20 lines down; one endpoint with the same mistake is added.
    for path in {str(item["path"]) for item in before}:
        file = project / path
        comment = "#" if path.endswith(".py") else "//"
        file.write_text(f"{comment} moved\n" * 20 + file.read_text(encoding="utf-8"), encoding="utf-8")
    routes = next(project.rglob("*.py"))
    routes.write_text(
        routes.read_text(encoding="utf-8")
        + "\n\nfrom fastapi import APIRouter as _NewRouter, WebSocket as _NewSocket\n"
        "_new_router = _NewRouter()\n\n\n"
        '@_new_router.websocket("/ws/audit-log")\n'
        "async def websocket_audit_log(websocket: _NewSocket) -> None:\n"
        "    await websocket.accept()\n"
        '    await websocket.send_json({"type": "audit_log_update", "data": []})\n',
        encoding="utf-8",
    )
    new = _json_findings(project, "--baseline", str(baseline), "--select", "WS201")
    assert [(item["code"], item["symbol"]) for item in new] == [("WS201", "audit_log_update")]


def _git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def _commit(project: Path, message: str) -> None:
    identity = ("-c", "user.name=t", "-c", "user.email=t@example.com")
    _git(project, *identity, "add", "-A")
    _git(project, *identity, "commit", "-q", "--allow-empty", "-m", message)


def _git_repo(project: Path) -> None:
    _git(project, "init", "-q", "-b", "main")
    _commit(project, "fixture")


def test_changed_since_reports_only_findings_touching_changed_files(tmp_path: Path) -> None:
    project = _copy_fixture("realistic", tmp_path)
    _git_repo(project)
    everything = _json_findings(project)
    assert _json_findings(project, "--changed-since", "HEAD") == []
    touched = str(everything[-1]["path"])
    file = project / touched
    file.write_text(file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = _json_findings(project, "--changed-since", "HEAD")
    assert changed and all(
        item["path"] == touched or any(rel["path"] == touched for rel in item["related"])  # type: ignore[attr-defined]
        for item in changed
    )


def test_changed_since_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    project = _copy_fixture("gold", tmp_path)
    done = run_cli(
        "check", ".", "--changed-since", "HEAD", cwd=project, env={"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    )
    assert done.returncode == 2
    assert done.stderr.startswith("wslint: error: git")


@dataclass(frozen=True)
class HookRepository:
    """This repository as pre-commit installs it, and one pre-commit home for every test."""

    url: str
    rev: str
    home: Path


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> HookRepository:
    """A clone of this repository with its working tree committed (so uncommitted changes to
    the hooks are what is tested) and a shared pre-commit home: pre-commit installs the hook
    environment once per repository and revision, and that install is the slow part.
    (``pre-commit try-repo`` would install it afresh on every call.)"""
    clone = tmp_path_factory.mktemp("hook-repository") / "wslint"
    _git(REPO, "clone", "--quiet", "--no-hardlinks", str(REPO), str(clone))
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    for rel in filter(None, listed.decode().split("\0")):
        source, target = REPO / rel, clone / rel
        target.unlink(missing_ok=True)
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _commit(clone, "working tree")
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True, check=True
    ).stdout.strip()
    return HookRepository(str(clone), rev, tmp_path_factory.mktemp("pre-commit-home"))


def _pre_commit(
    project: Path, hooks: HookRepository, hook: str, *args: str
) -> subprocess.CompletedProcess[str]:
    pre_commit = Path(sys.executable).parent / "pre-commit"
    assert pre_commit.is_file(), "pre-commit is a dev dependency"
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks.url}\n    rev: {hooks.rev}\n    hooks:\n      - id: {hook}\n",
        encoding="utf-8",
    )
    return subprocess.run(
        [str(pre_commit), "run", hook, *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PRE_COMMIT_HOME": str(hooks.home), "NO_COLOR": "1"},
    )


@pytest.mark.slow
@pytest.mark.xdist_group("pre-commit")  # one hook environment: install it on one worker
@pytest.mark.parametrize(("fixture", "code"), [("gold", 0), ("ws201-missing-broadcaster", 1)])
def test_pre_commit_hook_on_the_whole_project(
    tmp_path: Path, hook_repository: HookRepository, fixture: str, code: int
) -> None:
    project = _copy_fixture(fixture, tmp_path)
    _git_repo(project)
    done = _pre_commit(project, hook_repository, "wslint", "--all-files")
    assert done.returncode == code, done.stdout + done.stderr
    if code:
        assert "WS201" in done.stdout


@pytest.mark.slow
@pytest.mark.xdist_group("pre-commit")  # one hook environment: install it on one worker
def test_pre_commit_changed_hook_reports_only_findings_touching_the_files(
    tmp_path: Path, hook_repository: HookRepository
) -> None:
    project = _copy_fixture("realistic", tmp_path)
    _git_repo(project)
    clean = _pre_commit(project, hook_repository, "wslint-changed", "--files", "web/src/lib/api.ts")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    dirty = _pre_commit(
        project, hook_repository, "wslint-changed", "--files", "web/src/hooks/useOrderUpdates.ts"
    )
    assert dirty.returncode == 1, dirty.stdout + dirty.stderr
    assert "WS303" in dirty.stdout and "WS304" not in dirty.stdout
