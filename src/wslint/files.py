"""Discovery: which files of a project wslint reads, and in which language.

Walks the checked directories without following symlinked directories, honours every
.gitignore on the way (and those of parent directories up to the repository root), the
configured excludes, and always skips dependency, VCS, virtualenv and build folders.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from wslint.facts import Language

PYTHON_SUFFIXES = frozenset({".py"})
TYPESCRIPT_SUFFIXES = frozenset({".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"})

# Folders that never hold a project's own source.
ALWAYS_SKIPPED_DIRS = frozenset(
    {
        "node_modules",
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".wslint_cache",
        "site-packages",
        "build",
        "dist",
        ".next",
        ".nuxt",
        ".svelte-kit",
        ".turbo",
        ".parcel-cache",
        "coverage",
        ".eggs",
    }
)


@dataclass(frozen=True, slots=True)
class SourceFile:
    rel: str  # posix path relative to the scope root
    path: Path  # absolute
    language: Language


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what could not be read, said once


def language_of(name: str) -> Language | None:
    lowered = name.lower()
    if lowered.endswith(".d.ts") or lowered.endswith(".min.js"):
        return None  # declarations and minified bundles hold no code of the project
    suffix = os.path.splitext(lowered)[1]
    if suffix in PYTHON_SUFFIXES:
        return "python"
    if suffix in TYPESCRIPT_SUFFIXES:
        return "typescript"
    return None


def _is_virtualenv(directory: Path) -> bool:
    return (directory / "pyvenv.cfg").is_file()


def find_repository_root(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return None


def _read_ignore_file(path: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


class _IgnoreRules:
    """Gitignore specs anchored at the directories that hold them."""

    def __init__(self, scope: Path, extra_patterns: list[str], extra_anchor: Path) -> None:
        self._specs: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
        repository = find_repository_root(scope)
        if repository is not None:
            for directory in reversed(scope.parents):
                if directory == repository or repository in directory.parents:
                    self.add_directory(directory)
        if extra_patterns:
            self._specs.append((extra_anchor, pathspec.GitIgnoreSpec.from_lines(extra_patterns)))

    def add_directory(self, directory: Path) -> None:
        ignore_file = directory / ".gitignore"
        if ignore_file.is_file():
            spec = _read_ignore_file(ignore_file)
            if spec is not None:
                self._specs.append((directory, spec))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for anchor, spec in self._specs:
            try:
                rel = path.relative_to(anchor).as_posix()
            except ValueError:
                continue
            if spec.match_file(rel + "/" if is_dir else rel):
                return True
        return False


def _walk(
    directory: Path, scope: Path, rules: _IgnoreRules, notices: list[str]
) -> Iterator[tuple[Path, Language]]:
    def on_error(error: OSError) -> None:
        notices.append(f"cannot read directory {error.filename}: {error.strerror}")

    for current, dirnames, filenames in os.walk(directory, onerror=on_error, followlinks=False):
        here = Path(current)
        rules.add_directory(here)
        kept_dirs = []
        for name in sorted(dirnames):
            child = here / name
            if name in ALWAYS_SKIPPED_DIRS or name.endswith(".egg-info") or child.is_symlink():
                continue
            if _is_virtualenv(child) or rules.ignored(child, is_dir=True):
                continue
            kept_dirs.append(name)
        dirnames[:] = kept_dirs
        for name in sorted(filenames):
            language = language_of(name)
            if language is None:
                continue
            path = here / name
            if path.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError) as error:  # RuntimeError: a loop, before Python 3.13
                    if isinstance(error, RuntimeError) or error.errno == errno.ELOOP:
                        notices.append(f"{path.relative_to(scope).as_posix()}: skipped, symlink loop")
                    continue  # a loop, or dangling
                if not target.is_relative_to(scope) or not target.is_file():
                    continue  # never read outside the checked tree
            if rules.ignored(path, is_dir=False):
                continue
            yield path, language


def discover(scope: Path, directories: list[Path], exclude: list[str], exclude_anchor: Path) -> Discovery:
    """Every source file under ``directories`` (all inside ``scope``), sorted by path."""
    result = Discovery()
    rules = _IgnoreRules(scope, exclude, exclude_anchor)
    seen: set[str] = set()
    for directory in directories:
        for path, language in _walk(directory, scope, rules, result.notices):
            rel = path.relative_to(scope).as_posix()
            if rel not in seen:
                seen.add(rel)
                if not rel.isascii() and not _encodable(rel):
                    shown = os.fsencode(rel).decode("utf-8", "replace")
                    result.notices.append(f"{shown}: skipped, its name is not valid UTF-8")
                    continue
                result.files.append(SourceFile(rel, path, language))
    result.files.sort(key=lambda source: source.rel)
    return result


def _encodable(rel: str) -> bool:
    """False for a name that is not valid UTF-8 (undecodable bytes kept as surrogates): no
    report format can carry it."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_TEST_DIRS = frozenset({"tests", "test", "__tests__", "__mocks__", "e2e", "cypress", "playwright"})


def is_test_path(rel: str) -> bool:
    """Test code, by the conventions of pytest and of JS test runners."""
    parts = rel.split("/")
    name = parts[-1]
    if any(part in _TEST_DIRS for part in parts[:-1]):
        return True
    if (
        name == "conftest.py"
        or (name.startswith("test_") and name.endswith(".py"))
        or name.endswith("_test.py")
    ):
        return True
    stem = name.rsplit(".", 1)[0]
    return stem.endswith((".test", ".spec", ".stories", ".cy"))


_WEB_FRAMEWORK_IMPORT = re.compile(rb"^\s*(?:from|import)\s+(?:fastapi|starlette)\b", re.MULTILINE)


def imports_web_framework(source: bytes) -> bool:
    """The file imports fastapi or starlette: it belongs to the backend wslint checks."""
    return _WEB_FRAMEWORK_IMPORT.search(source) is not None


def _top_package_parent(path: Path) -> Path:
    """The directory above a file's outermost package (``__init__.py`` chain)."""
    directory = path.parent
    while (directory / "__init__.py").is_file() and directory.parent != directory:
        directory = directory.parent
    return directory


def _outermost(directories: set[Path]) -> list[Path]:
    return sorted(
        d for d in directories if not any(other != d and d.is_relative_to(other) for other in directories)
    )


def detect_roots(scope: Path, discovery: Discovery) -> tuple[list[str], list[str]]:
    """Backend roots (above the packages whose files import fastapi/starlette) and frontend
    roots (folders with a package.json or tsconfig.json that hold TS/JS), relative to scope."""
    backend: set[Path] = set()
    frontend: set[Path] = set()
    for source in discovery.files:
        if source.language == "python":
            try:
                head = source.path.read_bytes()[:65536]
            except OSError:
                continue
            if imports_web_framework(head):
                backend.add(_top_package_parent(source.path))
        else:
            for directory in (source.path.parent, *source.path.parent.parents):
                if not directory.is_relative_to(scope):
                    break
                if (directory / "package.json").is_file() or (directory / "tsconfig.json").is_file():
                    frontend.add(directory)
                    break

    def relative(paths: set[Path]) -> list[str]:
        return [p.relative_to(scope).as_posix() or "." for p in _outermost(paths)]

    return relative(backend), relative(frontend)
