"""Configuration: where it is found, what it accepts, and one-line errors naming the key."""

from pathlib import Path

import pytest

from wslint.catalog import load_catalog
from wslint.config import ConfigError, load_config
from wslint.engine import CheckOptions
from wslint.findings import Severity
from wslint.selection import Selection


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_pyproject_tool_table_is_read(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[tool.wslint]\nbackend = ["server"]\nfail-on = "warning"\nignore = ["WS7"]\n'
        '[tool.wslint.severity]\nWS302 = "info"\n[tool.wslint.per-file-ignores]\n"legacy/*" = ["WS201"]\n',
    )
    config = load_config(tmp_path)
    assert config.root == tmp_path.resolve()
    assert config.backend == ["server"]
    assert config.fail_on is Severity.WARNING
    assert config.ignore == ["WS7"]
    assert config.severity == {"WS302": Severity.INFO}
    assert config.per_file_ignores == {"legacy/*": ["WS201"]}


def test_pyproject_without_table_is_passed_over_for_a_parent_wslint_toml(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "wslint.toml", 'docs = "docs/ws.md"\n')
    write(tmp_path / "app" / "pyproject.toml", '[project]\nname = "app"\n')
    config = load_config(tmp_path / "app")
    assert config.source == tmp_path.resolve() / "wslint.toml"
    assert config.docs == "docs/ws.md"


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    config = load_config(tmp_path)
    assert config.source is None
    assert config.fail_on is Severity.ERROR
    assert config.select is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = true\n", "unknown key `colour`"),
        ('select = "WS2"\n', "`select` must be a list of strings"),
        ('fail-on = "fatal"\n', "`fail-on` must be one of error, warning, info"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_config_is_one_line_naming_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "wslint.toml", text)
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    assert message in str(error.value)
    assert str(path) in str(error.value)
    assert "\n" not in str(error.value).strip()


def selection(tmp_path: Path, **flags: object) -> Selection:
    (tmp_path / ".git").mkdir(parents=True, exist_ok=True)
    options = CheckOptions(**flags)  # type: ignore[arg-type]
    return Selection.from_config(load_config(tmp_path), options, load_catalog())


def test_select_by_prefix_and_ignore_more_specific(tmp_path: Path) -> None:
    chosen = selection(tmp_path, select=["WS2"], ignore=["WS206"])
    assert chosen.enabled("WS201")
    assert not chosen.enabled("WS206")
    assert not chosen.enabled("WS302")


def test_more_specific_select_beats_broader_ignore(tmp_path: Path) -> None:
    chosen = selection(tmp_path, select=["WS201"], ignore=["WS2"])
    assert chosen.enabled("WS201")
    assert not chosen.enabled("WS202")


def test_default_selection_leaves_naming_docs_and_test_advice_off(tmp_path: Path) -> None:
    chosen = selection(tmp_path)
    on = sorted(code for code in load_catalog() if chosen.enabled(code))
    assert on == [
        "WS001", "WS002", "WS104", "WS106", "WS201", "WS202", "WS203", "WS204", "WS206",
        "WS301", "WS302", "WS303", "WS304", "WS401", "WS402", "WS701",
    ]  # fmt: skip
    assert selection(tmp_path / "all", select=["ALL"]).enabled("WS103")
    assert selection(tmp_path / "more", extend_select=["WS6"]).enabled("WS602")


def test_unknown_code_in_select_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown rule code or prefix `WS999`"):
        selection(tmp_path, select=["WS999"])


def test_checking_one_root_of_a_configured_project_reads_the_whole_project(tmp_path: Path) -> None:
    import shutil

    from tests.helpers import FIXTURES, check_rows

    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "realistic", project)
    (project / ".git").mkdir()
    write(project / "wslint.toml", 'backend = ["backend"]\nfrontend = ["web"]\n')
    everything = check_rows(project)
    backend_only = check_rows(project / "backend")
    in_backend = [row for row in everything if row[1].startswith("backend/")]
    assert [row for row in backend_only if row[1].startswith("backend/")] == in_backend
    assert set(backend_only) <= set(everything)  # others only where a related location is in backend/
    assert any(row[0] == "WS302" for row in backend_only)  # the frontend was read to decide it
