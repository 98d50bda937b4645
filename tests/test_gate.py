"""wslint as a gate: baseline on a legacy repo, changed files, pre-commit."""

from __future__ import annotations

import json
import shutil
import subprocess
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


def _git_repo(project: Path) -> None:
    _git(project, "init", "-q", "-b", "main")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "fixture")


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


@pytest.mark.slow
@pytest.mark.parametrize(("fixture", "code"), [("gold", 0), ("ws201-missing-broadcaster", 1)])
def test_pre_commit_try_repo(tmp_path: Path, fixture: str, code: int) -> None:
    pre_commit = shutil.which("pre-commit")
    assert pre_commit is not None, "pre-commit is a dev dependency"
    project = _copy_fixture(fixture, tmp_path)
    _git_repo(project)
    done = subprocess.run(
        [pre_commit, "try-repo", str(REPO), "wslint", "--all-files"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={
            "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
            "PATH": str(Path(pre_commit).parent) + ":/usr/bin:/bin",
        },
    )
    assert done.returncode == code, done.stdout + done.stderr
