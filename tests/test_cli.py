"""The console script as users run it: exit codes of every subcommand, output formats."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, REPO, run_cli, write_project
from wslint import cli

SNAPSHOTS = Path(__file__).parent / "snapshots" / "cli"
BROKEN = "fixtures/ws303-unknown-message-type"


def test_no_arguments_shows_the_help_and_exits_two() -> None:
    done = run_cli()
    assert done.returncode == 2
    assert "Commands" in done.stdout and "check" in done.stdout
    assert done.stderr == ""


def test_version() -> None:
    done = run_cli("--version")
    assert (done.returncode, done.stdout.strip()) == (0, "wslint 0.1.0")


def test_findings_exit_one_and_exit_zero_overrides() -> None:
    assert run_cli("check", BROKEN, "--no-cache").returncode == 1
    assert run_cli("check", BROKEN, "--no-cache", "--exit-zero").returncode == 0


def test_fail_on_level() -> None:
    # the WS701 fixture has only warnings: they fail the run only from --fail-on warning down
    assert run_cli("check", "fixtures/ws701-leftover-polling", "--no-cache").returncode == 0
    done = run_cli("check", "fixtures/ws701-leftover-polling", "--no-cache", "--fail-on", "warning")
    assert done.returncode == 1


def test_select_limits_what_is_reported() -> None:
    done = run_cli("check", BROKEN, "--no-cache", "--select", "WS7", "--output-format", "json")
    assert (done.returncode, json.loads(done.stdout)) == (0, [])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--no-such-flag"], "No such option"),
        (["check", "does/not/exist"], "path does not exist"),
        (["check", BROKEN, "--no-cache", "--select", "WS999"], "unknown rule code or prefix `WS999`"),
        (["check", BROKEN, "--no-cache", "--output-format", "yaml"], "unknown output format `yaml`"),
        (["check", BROKEN, "--no-cache", "--baseline", "missing-baseline.json"], "missing-baseline.json"),
        (["explain", "WS999"], "unknown rule code `WS999`"),
        (["map", "does/not/exist"], "path does not exist"),
        (["init", "does/not/exist"], "not a directory"),
        (["rules", "--output-format", "xml"], "unknown output format `xml`"),
        (["explain", "missing-broadcast"], "did you mean `missing-broadcaster`?"),
        (["check", BROKEN, "--no-cache", "--statistics", "--output-format", "sarif"], "prints text"),
        (["frobnicate"], "No such command"),
    ],
)
def test_usage_errors_exit_two_with_one_line(args: list[str], message: str) -> None:
    done = run_cli(*args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_bad_config_exits_two_naming_the_key(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"wslint.toml": "colour = true\n", "app.py": "import fastapi\n"})
    done = run_cli("check", str(root))
    assert done.returncode == 2
    assert "unknown key `colour`" in done.stderr and "wslint.toml" in done.stderr


def test_internal_error_exits_two_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "run_check", explode)
    monkeypatch.delenv("WSLINT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as done:
        cli.main(["check", BROKEN])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("wslint: internal error: RuntimeError: boom")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["explain", "WS201"], 0),
        (["explain", "ws201"], 0),
        (["rules"], 0),
        (["rules", "--output-format", "json"], 0),
        (["map", "fixtures/gold", "--no-cache"], 0),
        (["check", "fixtures/gold", "--no-cache"], 0),
    ],
)
def test_subcommands_exit_zero(args: list[str], code: int) -> None:
    done = run_cli(*args)
    assert done.returncode == code, done.stdout + done.stderr


def test_explain_shows_the_rule() -> None:
    done = run_cli("explain", "WS201")
    assert done.stdout.startswith("WS201 missing-broadcaster (error, checklist phase 2)")
    assert "Example (raises WS201)" in done.stdout


FORMATS = ["full", "concise", "json", "json-lines", "github", "sarif", "junit"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_format_snapshot(fmt: str) -> None:
    done = run_cli("check", BROKEN, "--no-cache", "--output-format", fmt)
    snapshot = SNAPSHOTS / f"{fmt}.txt"
    actual = f"exit {done.returncode}\n{done.stdout}"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(actual, encoding="utf-8")
    assert actual == snapshot.read_text(encoding="utf-8")


def _assert_snapshot(name: str, actual: str) -> None:
    snapshot = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snapshot.write_text(actual, encoding="utf-8")
    assert actual == snapshot.read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "snapshot"), [("full", "statistics.txt"), ("json", "statistics.json")])
def test_statistics_snapshot(fmt: str, snapshot: str) -> None:
    done = run_cli("check", "fixtures/realistic", "--no-cache", "--statistics", "--output-format", fmt)
    _assert_snapshot(snapshot, f"exit {done.returncode}\n{done.stdout}")


def test_statistics_total_agrees_with_the_report() -> None:
    args = ("check", "fixtures/realistic", "--no-cache")
    report = run_cli(*args, "--output-format", "full").stdout.splitlines()
    statistics = run_cli(*args, "--statistics").stdout.splitlines()
    assert statistics[-1] == report[-1]
    assert statistics[-1].startswith("Checked 31 files (23 parsed): found 11 problems")
    counts = json.loads(run_cli(*args, "--statistics", "--output-format", "json").stdout)
    assert counts["total"] == sum(rule["count"] for rule in counts["rules"]) == 11
    assert counts["total"] == sum(counts["by_severity"].values())


def test_rules_listing_marks_default_and_opt_in_rules() -> None:
    done = run_cli("rules")
    assert done.returncode == 0, done.stderr
    _assert_snapshot("rules.txt", done.stdout)
    listed = json.loads(run_cli("rules", "--output-format", "json").stdout)
    table = run_cli("rules", "--output-format", "markdown").stdout
    for rule in listed:
        mark = "on" if rule["default"] else "opt-in"
        assert f"  {mark:<6}  {rule['summary']}" in done.stdout
        assert f"| {rule['severity']} | {mark} | {rule['summary']} |" in table
    assert {rule["code"] for rule in listed if not rule["default"]} >= {"WS101", "WS501", "WS601"}
    assert {rule["code"] for rule in listed if rule["default"]} >= {"WS001", "WS201", "WS303"}


def test_explain_takes_a_code_or_a_name() -> None:
    by_code = run_cli("explain", "WS201")
    assert by_code.returncode == 0
    for spelling in ("missing-broadcaster", "MISSING_BROADCASTER", " ws201 "):
        assert run_cli("explain", spelling) == by_code
    heads = []
    for rule in json.loads(run_cli("rules", "--output-format", "json").stdout):
        done = run_cli("explain", rule["name"])
        assert done.returncode == 0, done.stderr
        heads.append("\n".join(done.stdout.splitlines()[:2]))
    _assert_snapshot("explain-heads.txt", "\n".join(heads) + "\n")


def test_output_format_from_environment_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    done = run_cli("check", BROKEN, "--no-cache", "-o", str(out), env={"WSLINT_OUTPUT_FORMAT": "json"})
    assert done.returncode == 1
    assert done.stdout == ""
    assert {item["code"] for item in json.loads(out.read_text())} == {"WS303", "WS206"}


def test_machine_formats_are_never_coloured() -> None:
    done = run_cli("check", BROKEN, "--no-cache", "--output-format", "json", "--color", "always")
    assert "\x1b[" not in done.stdout
    coloured = run_cli("check", BROKEN, "--no-cache", "--color", "always")
    assert "\x1b[" in coloured.stdout


def test_file_arguments_report_only_findings_touching_them(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "realistic", project)
    (project / ".git").mkdir()
    everything = json.loads(
        run_cli("check", ".", "--no-cache", "--output-format", "json", cwd=project).stdout
    )
    some_file = everything[0]["path"]
    done = run_cli("check", some_file, "--no-cache", "--output-format", "json", cwd=project)
    reported = json.loads(done.stdout)
    expected = [
        item
        for item in everything
        if item["path"] == some_file or any(rel["path"] == some_file for rel in item["related"])
    ]
    assert reported == expected
    assert 0 < len(reported) < len(everything)


def test_cache_is_written_outside_the_tree_in_a_folder_per_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    # a working copy may hold a cache an older wslint wrote there: not part of the project
    shutil.copytree(REPO / BROKEN, project, ignore=shutil.ignore_patterns(".wslint_cache"))
    (project / ".git").mkdir()
    cache = {"WSLINT_CACHE_DIR": str(tmp_path / "cache")}
    first = run_cli("check", ".", "--output-format", "json", cwd=project, env=cache)
    second = run_cli("check", ".", "--output-format", "json", cwd=project, env=cache)
    assert first.stdout == second.stdout and first.returncode == second.returncode == 1
    [folder] = (tmp_path / "cache").iterdir()
    assert folder.name.startswith("project-") and (folder / "CACHEDIR.TAG").is_file()
    assert not (project / ".wslint_cache").exists()


def test_init_writes_a_config_with_the_roots_found_and_never_overwrites(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "realistic", project)
    (project / ".git").mkdir()
    done = run_cli("init", str(project))
    assert done.returncode == 0, done.stderr
    config = (project / "wslint.toml").read_text(encoding="utf-8")
    assert 'backend = ["backend"]\nfrontend = ["web"]\n' in config
    again = run_cli("init", str(project))
    assert again.returncode == 2 and "already configures wslint" in again.stderr
    assert (project / "wslint.toml").read_text(encoding="utf-8") == config
    configured = run_cli("check", "--no-cache", "--output-format", "json", cwd=project)
    plain = run_cli("check", "--no-cache", "--output-format", "json", cwd=FIXTURES / "realistic")
    assert json.loads(configured.stdout) == json.loads(plain.stdout)
