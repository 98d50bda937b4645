"""Discovery: which files of a project wslint reads, and in which language.

Walks the checked directories without following symlinked directories, honours every
.gitignore on the way (and those of parent directories up to the repository root) and the
configured excludes, and skips dependency, VCS, cache, virtualenv and build-output folders.
What the user names (a directory or file argument, a configured root) is read even when an
ignore rule above it would skip it, as ruff does, unless ``force_exclude`` is set. Every
directory and file skipped is recorded with its reason (``wslint check -v`` shows them).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from wslint.facts import Language

PYTHON_SUFFIXES = frozenset({".py"})
TYPESCRIPT_SUFFIXES = frozenset({".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"})

# Larger files are generated (bundles, schemas, fixtures): skipped with a notice, never parsed.
MAX_FILE_BYTES = 2 * 1024 * 1024

# Folders that never hold a project's own source, by name.
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
        ".next",
        ".nuxt",
        ".svelte-kit",
        ".turbo",
        ".parcel-cache",
        ".eggs",
    }
)
# Build output, but only beside the manifest that builds into it: elsewhere a folder of
# these names may well be source (``src/build/``, ``app/coverage/``).
BUILD_OUTPUT_DIRS = frozenset({"build", "dist", "coverage"})
_BUILD_MANIFESTS = ("package.json", "pyproject.toml", "setup.py", "setup.cfg")


@dataclass(frozen=True, slots=True)
class SourceFile:
    rel: str  # posix path relative to the scope root
    path: Path  # absolute
    language: Language


@dataclass(frozen=True, slots=True)
class Skipped:
    path: Path  # absolute; a directory's whole subtree is skipped
    is_dir: bool
    reason: str


@dataclass
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what could not be read, said once
    warnings: list[str] = field(default_factory=list)  # source skipped for size: said even under --quiet
    skipped: list[Skipped] = field(default_factory=list)  # every skipped folder and source file


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


def _skipped_by_name(name: str) -> str | None:
    """Why a file of this name, with a source suffix, is not read."""
    lowered = name.lower()
    if lowered.endswith(".d.ts"):
        return "type declarations"
    if lowered.endswith(".min.js"):
        return "minified bundle (.min.js)"
    return None


def is_virtualenv(directory: Path) -> bool:
    """A virtualenv has its ``pyvenv.cfg`` and its interpreter: a ``pyvenv.cfg`` alone (left in
    a package, say) does not hide a folder of source."""
    if not (directory / "pyvenv.cfg").is_file():
        return False
    return any(
        (directory / interpreter).exists()
        for interpreter in ("bin/python", "bin/python3", "Scripts/python.exe")
    )


def _is_build_output(directory: Path) -> bool:
    if directory.name not in BUILD_OUTPUT_DIRS or (directory / "__init__.py").is_file():
        return False
    return any((directory.parent / manifest).is_file() for manifest in _BUILD_MANIFESTS)


def _skipped_directory(directory: Path) -> str | None:
    """Why a folder is never read, whatever the ignore files say."""
    name = directory.name
    if name in ALWAYS_SKIPPED_DIRS or name.endswith(".egg-info"):
        return "dependency, tool or cache folder"
    if directory.is_symlink():
        return "symlinked folder"
    if is_virtualenv(directory):
        return "virtualenv (pyvenv.cfg and its python)"
    if _is_build_output(directory):
        return "build output beside " + next(
            manifest for manifest in _BUILD_MANIFESTS if (directory.parent / manifest).is_file()
        )
    return None


def find_repository_root(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return None


def _read_ignore_lines(path: Path) -> list[str] | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None


@dataclass
class _Spec:
    anchor: Path  # patterns are relative to it
    patterns: list[pathspec.Pattern]
    reason: str  # "git-ignored (web/.gitignore)", "excluded by wslint.toml"


class _IgnoreRules:
    """Gitignore and exclude patterns, anchored at the directories that hold them."""

    def __init__(
        self, scope: Path, exclude: list[str], exclude_anchor: Path, exclude_source: str, gitignore: bool
    ) -> None:
        self._scope = scope
        self._gitignore = gitignore
        self._repository = find_repository_root(scope) if gitignore else None
        self._specs: list[_Spec] = []
        self._loaded: set[Path] = set()
        if exclude:
            spec = pathspec.GitIgnoreSpec.from_lines(exclude)
            self._specs.append(_Spec(exclude_anchor, list(spec.patterns), f"excluded by {exclude_source}"))

    def add_directory(self, directory: Path) -> None:
        if not self._gitignore or directory in self._loaded:
            return
        self._loaded.add(directory)
        lines = _read_ignore_lines(directory / ".gitignore") if (directory / ".gitignore").is_file() else None
        if lines is not None:
            spec = pathspec.GitIgnoreSpec.from_lines(lines)
            where = (directory / ".gitignore").relative_to(self._repository or directory.parent).as_posix()
            self._specs.append(_Spec(directory, list(spec.patterns), f"git-ignored ({where})"))

    def enter_root(self, root: Path) -> None:
        """Load the ignore files of every folder from the repository down to ``root``."""
        if self._repository is None or not root.is_relative_to(self._repository):
            return
        for directory in (*reversed(root.parents), root):
            if directory == self._repository or directory.is_relative_to(self._repository):
                self.add_directory(directory)

    def shadowed(self, root: Path) -> set[int]:
        """Patterns that match ``root`` itself or a folder above it: a path the user names is
        read even though such a pattern would skip it (``--force-exclude`` keeps them)."""
        hidden: set[int] = set()
        for spec in self._specs:
            if not root.is_relative_to(spec.anchor) or root == spec.anchor:
                continue
            parts = root.relative_to(spec.anchor).parts
            prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
            for pattern in spec.patterns:
                if pattern.include and any(
                    pattern.match_file(prefix + "/") is not None for prefix in prefixes
                ):
                    hidden.add(id(pattern))
        return hidden

    def reason(self, path: Path, is_dir: bool, shadowed: Collection[int] = frozenset()) -> str | None:
        """Why an ignore rule skips ``path``, or None; the last matching pattern decides."""
        for spec in self._specs:
            if path == spec.anchor or not path.is_relative_to(spec.anchor):
                continue
            rel = path.relative_to(spec.anchor).as_posix() + ("/" if is_dir else "")
            decision: bool | None = None
            for pattern in spec.patterns:
                if pattern.include is None or id(pattern) in shadowed:
                    continue
                if pattern.match_file(rel) is not None:
                    decision = pattern.include
            if decision:
                return spec.reason
        return None


def _file_reason(path: Path, scope: Path, notices: list[str]) -> str | None:
    """Why a source file found in a walk is not read (symlinks, size), or None."""
    try:
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError) as error:  # RuntimeError: a loop, before Python 3.13
                if isinstance(error, RuntimeError) or error.errno == errno.ELOOP:
                    notices.append(f"{path.relative_to(scope).as_posix()}: skipped, symlink loop")
                    return "symlink loop"
                return "dangling symlink"
            if not target.is_relative_to(scope) or not target.is_file():
                return "symlink to a file outside the checked tree"  # never read outside it
        info = path.stat()
    except OSError:
        return None  # reading it will say what is wrong
    if stat.S_ISREG(info.st_mode) and info.st_size > MAX_FILE_BYTES:
        return f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"
    return None


class _Walker:
    def __init__(self, scope: Path, rules: _IgnoreRules, result: Discovery, force_exclude: bool) -> None:
        self.scope = scope
        self.rules = rules
        self.result = result
        self.force_exclude = force_exclude

    def skip(self, path: Path, is_dir: bool, reason: str) -> None:
        self.result.skipped.append(Skipped(path, is_dir, reason))
        if reason.startswith("larger than"):
            self.result.warnings.append(f"{self._shown(path)}: skipped, {reason}")

    def _shown(self, path: Path) -> str:
        return path.relative_to(self.scope).as_posix() if path.is_relative_to(self.scope) else str(path)

    def named_file(self, path: Path) -> Iterator[tuple[Path, Language]]:
        """A file the user named: read unless it is not source, or --force-exclude excludes it."""
        language = language_of(path.name)
        if language is None:
            return
        self.rules.enter_root(path.parent)
        if self.force_exclude:
            reason = self.rules.reason(path, is_dir=False)
            if reason is not None:
                self.skip(path, False, reason)
                return
        reason = _file_reason(path, self.scope, self.result.notices)
        if reason is not None:
            self.skip(path, False, reason)
            return
        yield path, language

    def walk(self, root: Path) -> Iterator[tuple[Path, Language]]:
        self.rules.enter_root(root)
        if self.force_exclude:
            reason = self.rules.reason(root, is_dir=True)
            if reason is not None:
                self.skip(root, True, reason)
                return
            shadowed: set[int] = set()
        else:
            shadowed = self.rules.shadowed(root)

        def on_error(error: OSError) -> None:
            self.result.notices.append(f"cannot read directory {error.filename}: {error.strerror}")

        for current, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
            here = Path(current)
            self.rules.add_directory(here)
            kept_dirs = []
            for name in sorted(dirnames):
                child = here / name
                reason = _skipped_directory(child) or self.rules.reason(child, True, shadowed)
                if reason is not None:
                    self.skip(child, True, reason)
                    continue
                kept_dirs.append(name)
            dirnames[:] = kept_dirs
            for name in sorted(filenames):
                path = here / name
                language = language_of(name)
                if language is None:
                    by_name = _skipped_by_name(name)
                    if by_name is not None:
                        self.skip(path, False, by_name)
                    continue
                reason = self.rules.reason(path, False, shadowed) or _file_reason(
                    path, self.scope, self.result.notices
                )
                if reason is not None:
                    self.skip(path, False, reason)
                    continue
                yield path, language


def discover(
    scope: Path,
    directories: Sequence[Path],
    exclude: list[str],
    exclude_anchor: Path,
    *,
    files: Sequence[Path] = (),
    exclude_source: str = "the configured exclude",
    respect_gitignore: bool = True,
    force_exclude: bool = False,
) -> Discovery:
    """Every source file under ``directories`` and among ``files`` (all inside ``scope``),
    sorted by path."""
    result = Discovery()
    rules = _IgnoreRules(scope, exclude, exclude_anchor, exclude_source, respect_gitignore)
    walker = _Walker(scope, rules, result, force_exclude)
    seen: set[str] = set()
    found = [pair for directory in directories for pair in walker.walk(directory)]
    found += [pair for path in files for pair in walker.named_file(path)]
    for path, language in found:
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
