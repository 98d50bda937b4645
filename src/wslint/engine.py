"""One ``wslint check``: discover, extract, link, run rules, filter.

The CLI and the tests call ``run_check``; it returns findings and notices and prints
nothing.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wslint.cache import FactsCache
from wslint.catalog import Rule, load_catalog
from wslint.config import Config, ConfigError, load_config
from wslint.extract import ExtractionSettings, extract_all
from wslint.facts import FileFacts
from wslint.files import discover, find_repository_root
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
    progress: Callable[[int, int], None] | None = None  # told (parsed, to parse) as parses finish


@dataclass
class Scope:
    root: Path  # reported paths are relative to it
    directories: list[Path]  # what is walked
    only: list[str] | None = None  # report only findings touching these files / folders


@dataclass
class CheckResult:
    root: Path
    config: Config
    findings: list[Finding]
    project: Project
    files_checked: int
    files_parsed: int
    notices: list[str] = field(default_factory=list)
    # the findings of the whole project, before they were narrowed to ``report_only``
    unscoped_findings: list[Finding] = field(default_factory=list)
    report_only: list[str] | None = None  # the files / folders findings were narrowed to


def plan_scope(paths: Sequence[Path], cwd: Path) -> Scope:
    """Directories name what is checked; files name what is reported from the whole project."""
    resolved = [(cwd / path).resolve() for path in (paths or [Path(".")])]
    for path in resolved:
        if not path.exists():
            raise UsageError(f"path does not exist: {path}")
    if all(path.is_dir() for path in resolved):
        root = Path(os.path.commonpath(resolved))
        return Scope(root=root, directories=resolved)
    anchor = resolved[0] if resolved[0].is_dir() else resolved[0].parent
    root = find_repository_root(anchor) or cwd.resolve()
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


def run_check(options: CheckOptions, cwd: Path | None = None) -> CheckResult:
    cwd = cwd or Path.cwd()
    scope = plan_scope(options.paths, cwd)
    config = load_config(scope.root, options.config_file)
    catalog = load_catalog()
    selection = Selection.from_config(config, options, catalog)

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
    discovery = discover(scope.root, directories, config.exclude, config.root)

    cache_dir = (config.root / config.cache_dir) if options.use_cache else None
    cache = FactsCache(cache_dir)
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
    return CheckResult(
        root=scope.root,
        config=config,
        findings=findings,
        project=project,
        files_checked=len(extraction.facts),
        files_parsed=extraction.parsed,
        notices=discovery.notices + extraction.notices,
        unscoped_findings=unscoped,
        report_only=only,
    )
