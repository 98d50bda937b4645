"""Configuration: defaults, ``[tool.wslint]`` in pyproject.toml, or wslint.toml.

Keys mirror the command-line flags (kebab-case, as ruff writes them). Unknown keys and
values of the wrong type are errors that name the file and the key. A config file comes
with the checked tree, so every path in it must stay inside the project root: `backend`,
`frontend`, `docs`, `cache-dir` and `exclude` that point elsewhere (``/proc/self/environ``,
``../../secrets``, a symlink out) are errors, and `docs` must be a regular file.
"""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wslint.findings import Severity

CONFIG_FILE_NAMES = ("wslint.toml", ".wslint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A problem with the user's configuration; the message is one line."""


@dataclass
class Config:
    # the directory the config file sits in (or the checked directory); relative paths in
    # the config and every reported path are relative to it
    root: Path
    source: Path | None = None  # the file the settings came from
    backend: list[str] = field(default_factory=list)  # backend roots; empty = find them
    frontend: list[str] = field(default_factory=list)  # frontend roots; empty = find them
    exclude: list[str] = field(default_factory=list)  # gitignore-style patterns
    select: list[str] | None = None  # None: the rules that are on by default
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity = Severity.ERROR
    severity: dict[str, Severity] = field(default_factory=dict)  # per-rule override
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)  # glob -> codes
    push_methods: list[str] = field(default_factory=list)  # extra broadcast method names
    hook_names: list[str] = field(default_factory=list)  # extra WebSocket hook names
    docs: str | None = None  # architecture doc, for WS601
    output_format: str | None = None
    cache_dir: str | None = None  # None: outside the tree, in the user cache folder
    respect_gitignore: bool = True


def _expect_str_list(value: Any, key: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings")
    return list(value)


def _expect_str(value: Any, key: str, where: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: `{key}` must be a string")
    return value


def _severity(value: Any, key: str, where: str) -> Severity:
    try:
        return Severity.parse(_expect_str(value, key, where))
    except KeyError:
        raise ConfigError(f"{where}: `{key}` must be one of error, warning, info (got {value!r})") from None


def _apply(config: Config, table: dict[str, Any], where: str) -> None:
    list_keys = {
        "backend": "backend",
        "frontend": "frontend",
        "exclude": "exclude",
        "extend-exclude": "exclude",
        "select": "select",
        "extend-select": "extend_select",
        "ignore": "ignore",
        "push-methods": "push_methods",
        "hook-names": "hook_names",
    }
    for key, value in table.items():
        if key in list_keys:
            setattr(config, list_keys[key], _expect_str_list(value, key, where))
        elif key == "fail-on":
            config.fail_on = _severity(value, key, where)
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f'{where}: `severity` must be a table of CODE = "error|warning|info"')
            config.severity = {code: _severity(sev, f"severity.{code}", where) for code, sev in value.items()}
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f'{where}: `per-file-ignores` must be a table of "glob" = [codes]')
            config.per_file_ignores = {
                glob: _expect_str_list(codes, f"per-file-ignores.{glob}", where)
                for glob, codes in value.items()
            }
        elif key == "docs":
            config.docs = _expect_str(value, key, where)
        elif key == "output-format":
            config.output_format = _expect_str(value, key, where)
        elif key == "cache-dir":
            config.cache_dir = _expect_str(value, key, where)
        elif key == "respect-gitignore":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: `respect-gitignore` must be true or false")
            config.respect_gitignore = value
        else:
            raise ConfigError(f"{where}: unknown key `{key}`")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: not valid UTF-8 (byte {error.start + 1})") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None


def _settings_in(path: Path) -> tuple[dict[str, Any], str] | None:
    """The wslint table of a config file, or None if the file has none (a plain pyproject)."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "wslint" not in tool:
            return None
        table = tool["wslint"]
        where = f"{path} [tool.wslint]"
    else:
        table, where = data, str(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    return table, where


def find_config_file(start: Path) -> Path | None:
    """The nearest config file holding wslint settings, from ``start`` up to the filesystem root."""
    directory = start if start.is_dir() else start.parent
    for candidate_dir in (directory, *directory.parents):
        for name in CONFIG_FILE_NAMES:
            candidate = candidate_dir / name
            if candidate.is_file() and _settings_in(candidate) is not None:
                return candidate
        if (candidate_dir / ".git").exists():
            break  # settings above the repository do not belong to it
    return None


def load_config(start: Path, explicit: Path | None = None) -> Config:
    """Settings for checking ``start``: from ``explicit``, or the nearest config file, or defaults."""
    path = explicit if explicit is not None else find_config_file(start.resolve())
    if path is None:
        root = start.resolve()
        return Config(root=root if root.is_dir() else root.parent)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    config = Config(root=path.resolve().parent, source=path)
    found = _settings_in(path)
    if found is not None:
        table, where = found
        _apply(config, table, where)
        _check_paths_stay_inside(config, where)
    return config


def _inside(root: Path, value: str) -> bool:
    """``value``, resolved against ``root`` with every symlink followed, stays inside it."""
    if not value or "\0" in value or os.path.isabs(value):
        return False
    return (root / value).resolve().is_relative_to(root.resolve())


def _check_paths_stay_inside(config: Config, where: str) -> None:
    def outside(key: str, value: str) -> ConfigError:
        return ConfigError(f"{where}: `{key}` = {value!r} is outside the project root {config.root}")

    for key, values in (("backend", config.backend), ("frontend", config.frontend)):
        for value in values:
            if not _inside(config.root, value):
                raise outside(key, value)
    if config.cache_dir is not None and not _inside(config.root, config.cache_dir):
        raise outside("cache-dir", config.cache_dir)
    for pattern in config.exclude:
        if ".." in pattern.replace("\\", "/").split("/"):
            raise outside("exclude", pattern)
    if config.docs is not None:
        if not _inside(config.root, config.docs):
            raise outside("docs", config.docs)
        try:
            mode = (config.root / config.docs).stat().st_mode
        except OSError:
            return  # a missing doc is WS601's to report
        if not stat.S_ISREG(mode):
            raise ConfigError(f"{where}: `docs` = {config.docs!r} is not a regular file")
