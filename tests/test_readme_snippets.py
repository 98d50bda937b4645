"""The README's snippets work as written: its map is today's map, its CI example shows the
map in the job summary, and its pre-commit snippets run through real pre-commit against a
clone of this repository at the release tag they pin."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, REPO, run_cli
from tests.test_gate import _copy_fixture, _git_repo
from wslint.engine import CheckOptions, run_check
from wslint.map import build_map, render_map

README = (REPO / "README.md").read_text(encoding="utf-8")
PLACEHOLDER = "<wslint-repo-url>"


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", README, flags=re.M | re.S)


def test_the_readme_map_is_todays_map_of_the_realistic_fixture() -> None:
    mapped = build_map(run_check(CheckOptions(paths=[FIXTURES / "realistic"], use_cache=False)))
    assert render_map("mermaid", mapped) in blocks("mermaid"), (
        "regenerate with: wslint map fixtures/realistic --output-format mermaid"
    )


def test_the_ci_example_installs_from_the_repository_and_writes_the_summary() -> None:
    ci = next(block for block in blocks("yaml") if "runs-on:" in block)
    assert "pip install wslint\n" not in ci
    assert f'pip install "git+{PLACEHOLDER}@' in ci
    assert 'wslint map --output-format markdown >> "$GITHUB_STEP_SUMMARY"' in ci
    summary = run_cli("map", "fixtures/realistic", "--no-cache", "--output-format", "markdown")
    assert summary.returncode == 0 and "```mermaid" in summary.stdout


def pre_commit_snippets() -> list[str]:
    return [block for block in blocks("yaml") if block.startswith("repos:")]


def _pinned_rev(snippet: str) -> str:
    """The release tag a snippet pins: ``rev: vMAJOR.MINOR.PATCH``, as the README promises."""
    revs = re.findall(r"^\s*rev: (\S+)", snippet, flags=re.M)
    assert len(revs) == 1 and re.fullmatch(r"v\d+\.\d+\.\d+", revs[0]), snippet
    return str(revs[0])


def _has_tags(repository: Path) -> bool:
    listed = subprocess.run(
        ["git", "tag", "--list"], cwd=repository, capture_output=True, text=True, check=False
    )
    return bool(listed.stdout.strip())


def test_the_pre_commit_snippets_pin_a_tag_of_this_repository() -> None:
    snippets = pre_commit_snippets()
    assert len(snippets) == 2
    assert "args: [--baseline, .wslint-baseline.json]" in snippets[1]
    if not _has_tags(REPO):
        pytest.skip("this clone carries no tags (git fetch --tags)")
    for snippet in snippets:
        rev = _pinned_rev(snippet)
        tag = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"refs/tags/{rev}"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert tag.returncode == 0, f"the README pins rev {rev}: no such tag (git fetch --tags)"


def _run_snippet(snippet: str, project: Path, clone: Path, home: Path) -> subprocess.CompletedProcess[str]:
    config = snippet.replace(PLACEHOLDER, str(clone))
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    pre_commit = Path(sys.executable).parent / "pre-commit"
    return subprocess.run(
        [str(pre_commit), "run", "--all-files"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"},
    )


@pytest.mark.slow
def test_the_readme_pre_commit_snippets_run_against_a_clone(tmp_path: Path) -> None:
    clone = tmp_path / "wslint-clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    plain, legacy = pre_commit_snippets()
    # a clone made without tags (CI's) gets the pinned one on its own HEAD, so the snippet runs as written
    for rev in {_pinned_rev(plain), _pinned_rev(legacy)}:
        known = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"refs/tags/{rev}"], cwd=clone, check=False
        )
        if known.returncode != 0:
            subprocess.run(["git", "tag", rev], cwd=clone, check=True)
    home = tmp_path / "pre-commit-home"

    project = _copy_fixture("ws201-missing-broadcaster", tmp_path)
    _git_repo(project)
    failing = _run_snippet(plain, project, clone, home)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "WS201" in failing.stdout

    # the legacy repository records today's findings, and the hook fails only on new ones
    recorded = run_cli(
        "check", ".", "--no-cache", "--write-baseline", ".wslint-baseline.json", "--exit-zero", cwd=project
    )
    assert recorded.returncode == 0, recorded.stderr
    passing = _run_snippet(legacy, project, clone, home)
    assert passing.returncode == 0, passing.stdout + passing.stderr
