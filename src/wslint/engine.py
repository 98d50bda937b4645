"""One ``wslint check``: discover, extract, link, run rules, filter.

The CLI and the tests call ``run_check``; it returns findings and notices and prints
nothing. ``plan_check`` is its first half: what would be read (``wslint check --show-files``).
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wslint.cache import FactsCache
from wslint.catalog import Rule, load_catalog
from wslint.config import CONFIG_FILE_NAMES, Config, ConfigError, load_config
from wslint.extract import ExtractionSettings, extract_all
from wslint.facts import FileFacts
from wslint.files import Discovery, Skipped, discover, find_repository_root, language_of
from wslint.findings import Finding
from wslint.link import Project, link
from wslint.rules import ArchitectureDoc, RuleContext, rule_checks
from wslint.selection import Selection
from wslint.suppress import UnusedIgnore, apply_inline_ignores, find_inline_ignores

UNUSED_IGNORE = "WS002"


class UsageError(Exception):
    """Bad arguments: a one-line message, exit code 2."""


@dataclass
class CheckOptions:
    paths: Sequence[Path] = ()
    config_file: Path | None = None
    use_cache: bool = True
    select: Sequence[str] | None = None
    extend_select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    ignore_suppressions: bool = False  # show what inline ignores hide
    report_only: Sequence[Path] | None = None  # report only findings touching these files
    respect_gitignore: bool | None = None  # None: as configured (default: yes)
    force_exclude: bool = False  # excludes and ignore files apply to the paths named too
    progress: Callable[[int, int], None] | None = None  # told (parsed, to parse) as parses finish


@dataclass
class Scope:
    root: Path  # reported paths are relative to it
    directories: list[Path]  # what is walked
    only: list[str] | None = None  # report only findings touching these files / folders
    files: list[Path] = field(default_factory=list)  # files outside any project, read on their own


@dataclass
class Plan:
    scope: Scope
    config: Config
    discovery: Discovery
    project_root: Path  # the repository or configured project: baselines are relative to it


@dataclass
class CheckResult:
    root: Path
    config: Config
    findings: list[Finding]
    project: Project
    files_checked: int
    files_parsed: int
    notices: list[str] = field(default_factory=list)  # shown unless --quiet
    warnings: list[str] = field(default_factory=list)  # shown unless --silent: a skipped source, no source
    project_root: Path | None = None  # baselines are relative to it
    files_read: list[Path] = field(default_factory=list)  # absolute: the files this run read
    skipped: list[Skipped] = field(default_factory=list)  # every folder and source file not read
    # the findings of the whole project, before they were narrowed to ``report_only``
    unscoped_findings: list[Finding] = field(default_factory=list)
    report_only: list[str] | None = None  # the files / folders findings were narrowed to


def project_root_of(directory: Path) -> Path | None:
    """The repository holding ``directory``, else the nearest folder with a config file or a
    pyproject.toml, else None: a file outside any project is read on its own."""
    repository = find_repository_root(directory)
    if repository is not None:
        return repository
    for candidate in (directory, *directory.parents):
        if any((candidate / name).is_file() for name in CONFIG_FILE_NAMES):
            return candidate
    return None


def plan_scope(paths: Sequence[Path], cwd: Path) -> Scope:
    """Directories name what is checked; files name what is reported from the whole project
    (the repository, or the folder of the nearest config file), or, outside any project, what
    is read: a file argument never makes wslint walk the folders above it."""
    resolved = [(cwd / path).resolve() for path in (paths or [Path(".")])]
    for path in resolved:
        if not path.exists():
            raise UsageError(f"path does not exist: {path}")
        if not path.is_dir() and (not path.is_file() or language_of(path.name) is None):
            raise UsageError(f"not a Python or TypeScript source file: {path}")
    if all(path.is_dir() for path in resolved):
        root = Path(os.path.commonpath(resolved))
        return Scope(root=root, directories=resolved)
    anchor = resolved[0] if resolved[0].is_dir() else resolved[0].parent
    project = project_root_of(anchor)
    if project is None:
        root = Path(os.path.commonpath([path if path.is_dir() else path.parent for path in resolved]))
        return Scope(
            root=root,
            directories=[path for path in resolved if path.is_dir()],
            files=[path for path in resolved if not path.is_dir()],
        )
    root = project
    if not all(path.is_relative_to(root) for path in resolved):
        root = Path(os.path.commonpath([root, *resolved]))
    only = [path.relative_to(root).as_posix() for path in resolved]
    return Scope(root=root, directories=[root], only=only)


def _touches(finding: Finding, only: list[str]) -> bool:
    paths = [finding.ref.path, *(related.ref.path for related in finding.related)]
    return any(
        path == item or path.startswith(item.rstrip("/") + "/") or item == "."
        for path in paths
        for item in only
    )


def _per_file_ignored(finding: Finding, config: Config, root: Path) -> bool:
    if not config.per_file_ignores:
        return False
    absolute = root / finding.ref.path
    try:
        rel = absolute.relative_to(config.root).as_posix()
    except ValueError:
        rel = finding.ref.path
    return any(
        (fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern.rstrip("/") + "/*"))
        and any(finding.code.startswith(code.upper()) or code.upper() == "ALL" for code in codes)
        for pattern, codes in config.per_file_ignores.items()
    )


def _inline_ignores(
    findings: list[Finding],
    facts: Sequence[FileFacts],
    root: Path,
    selection: Selection,
    catalog: Mapping[str, Rule],
) -> tuple[list[Finding], tuple[UnusedIgnore, ...]]:
    """Drop what ``wslint: ignore`` comments suppress; return the ignores that suppress nothing."""
    ignores = {}
    for file in facts:
        if not file.has_inline_ignores:
            continue
        try:
            text = (root / file.path).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        ignores[file.path] = find_inline_ignores(file.path, text)
    if not ignores:
        return findings, ()
    outcome = apply_inline_ignores(
        findings, ignores, active_codes=selection.enabled, known_codes=catalog.__contains__
    )
    return outcome.kept, tuple(outcome.unused)


def _architecture_doc(config: Config) -> ArchitectureDoc | None:
    """The ``docs`` file WS601 compares with; a file that cannot be read is a configuration error."""
    if config.docs is None:
        return None
    try:
        text = (config.root / config.docs).read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        where = config.source or "configuration"
        raise ConfigError(f"{where}: `docs` = {config.docs!r} cannot be read: {error.strerror}") from None
    return ArchitectureDoc(config.docs, text)


@dataclass(frozen=True)
class _RuleRun:
    """Runs the selected rules over one linked project, each with its own context."""

    project: Project
    config: Config
    selection: Selection
    catalog: Mapping[str, Rule]

    def findings(self, code: str, **facts: Any) -> list[Finding]:
        if not self.selection.enabled(code):
            return []
        rule = self.catalog[code]
        context = RuleContext(
            code=code,
            severity=self.selection.severity(code, rule.severity),
            fix=rule.fix,
            project=self.project,
            config=self.config,
            **facts,
        )
        return list(rule_checks()[code](context))


def plan_check(options: CheckOptions, cwd: Path | None = None) -> Plan:
    """Scope, settings and the files a check reads; nothing is read but folders and configs."""
    cwd = cwd or Path.cwd()
    scope = plan_scope(options.paths, cwd)
    config = load_config(scope.root, options.config_file)

    directories = scope.directories
    configured_roots = [*config.backend, *config.frontend]
    if configured_roots:
        directories = [(config.root / root).resolve() for root in configured_roots]
        missing = [str(d) for d in directories if not d.is_dir()]
        if missing:
            raise ConfigError(f"{config.source}: configured root does not exist: {missing[0]}")
        if not all(directory.is_relative_to(scope.root) for directory in directories):
            # The configured project is larger than the folder named on the command line: read
            # all of it, report what touches that folder.
            named = scope.only or [d.relative_to(config.root).as_posix() for d in scope.directories]
            scope = Scope(root=config.root, directories=directories, only=named)
    respect_gitignore = (
        config.respect_gitignore if options.respect_gitignore is None else options.respect_gitignore
    )
    discovery = discover(
        scope.root,
        directories,
        config.exclude,
        config.root,
        files=scope.files,
        exclude_source=f"`exclude` in {config.source.name}" if config.source else "the configured exclude",
        respect_gitignore=respect_gitignore,
        force_exclude=options.force_exclude,
    )
    project_root = config.root if config.source else find_repository_root(scope.root) or scope.root
    if not scope.root.is_relative_to(project_root):
        project_root = scope.root
    if not discovery.files:
        names = ", ".join(str(path) for path in options.paths) or "."
        discovery.warnings.append(f"warning: no Python or TypeScript files found under {names}")
    return Plan(scope, config, discovery, project_root)


def cache_directory(config: Config, project_root: Path, notices: list[str]) -> Path | None:
    """Where this project's facts cache lives: ``WSLINT_CACHE_DIR`` or the platform's user cache
    folder, one subfolder per project (by absolute path), outside the checked tree; or the
    configured ``cache-dir``, unless git tracks files in it: a cache that came with the
    checkout must never decide findings."""
    if config.cache_dir is not None:
        directory = config.root / config.cache_dir
        if _git_tracks(directory):
            notices.append(f"{config.cache_dir}: not used as the cache, git tracks files in it")
            return None
        return directory
    base = os.environ.get("WSLINT_CACHE_DIR")
    if not base:
        import platformdirs

        base = platformdirs.user_cache_dir("wslint", appauthor=False)
    key = hashlib.blake2b(os.fsencode(project_root), digest_size=8).hexdigest()
    return Path(base) / f"{project_root.name or 'root'}-{key}"


def _git_tracks(directory: Path) -> bool:
    if find_repository_root(directory.parent) is None:
        return False
    try:
        done = subprocess.run(
            ["git", "-C", str(directory.parent), "ls-files", "--", directory.name],
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return True  # cannot tell: do not trust it
    return done.returncode != 0 or bool(done.stdout.strip())


def _read_paths_only(findings: list[Finding], read: set[str], notices: list[str]) -> list[Finding]:
    """Findings whose every location is a file this run read; a fact pointing elsewhere is not
    wslint's own (a damaged or planted cache entry) and never reaches the report."""
    kept = []
    for finding in findings:
        paths = [finding.ref.path, *(related.ref.path for related in finding.related)]
        if all(path in read for path in paths):
            kept.append(finding)
        else:
            notices.append(f"{finding.ref.path}: {finding.code} dropped, it points outside the files read")
    return kept


def run_check(options: CheckOptions, cwd: Path | None = None) -> CheckResult:
    plan = plan_check(options, cwd)
    scope, config, discovery = plan.scope, plan.config, plan.discovery
    catalog = load_catalog()
    selection = Selection.from_config(config, options, catalog)

    notices: list[str] = []
    cache = FactsCache(cache_directory(config, plan.project_root, notices) if options.use_cache else None)
    settings = ExtractionSettings(
        push_methods=tuple(config.push_methods), hook_names=tuple(config.hook_names)
    )
    extraction = extract_all(discovery.files, cache, settings, options.progress)
    cache.save()

    backend_present = any(facts.imports_web_framework for facts in extraction.facts)
    project = link(extraction.facts, backend_present)
    rules = _RuleRun(project, config, selection, catalog)
    docs = _architecture_doc(config) if selection.enabled("WS601") else None
    findings: list[Finding] = []
    for code in rule_checks():
        if code != UNUSED_IGNORE:  # judges the other rules' ignores, after they ran
            findings += rules.findings(code, docs=docs)
    findings = _read_paths_only(findings, {source.rel for source in discovery.files}, notices)
    findings = [f for f in findings if not _per_file_ignored(f, config, scope.root)]
    if not options.ignore_suppressions:
        findings, unused = _inline_ignores(findings, extraction.facts, scope.root, selection, catalog)
        findings += rules.findings(UNUSED_IGNORE, unused_ignores=unused)
    only = scope.only
    if options.report_only is not None:
        only = [
            path.relative_to(scope.root).as_posix()
            for path in options.report_only
            if path.is_relative_to(scope.root)
        ] + (only or [])
    unscoped = sorted(findings, key=Finding.sort_key)
    if only is not None:
        findings = [f for f in findings if _touches(f, only)]
    findings.sort(key=Finding.sort_key)
    if extraction.facts and not project.endpoints:
        notices.append("note: no WebSocket endpoint found in the backend; frontend checks skipped")
    return CheckResult(
        root=scope.root,
        config=config,
        findings=findings,
        project=project,
        files_checked=len(extraction.facts),
        files_parsed=extraction.parsed,
        notices=discovery.notices + extraction.notices + notices,
        warnings=discovery.warnings,
        project_root=plan.project_root,
        files_read=[scope.root / facts.path for facts in extraction.facts],
        skipped=discovery.skipped,
        unscoped_findings=unscoped,
        report_only=only,
    )
