"""Rules: one module per rule, beside its metadata.

``WS201_missing_broadcaster.py`` holds the check, ``WS201_missing_broadcaster.toml`` its phase,
severity, texts and bad/good examples. Adding a rule is adding that pair (see the README's
"Adding a rule"): the registry finds the module by its file name, which also gives the rule its
code and name.

A check is a pure function of the linked ``Project`` (and the few documents the engine reads for
it): ``check(ctx)`` yields ``ctx.report(...)``, which stamps the rule's own code, its configured
severity and its fix hint, so a rule says only what is wrong and where.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from wslint.catalog import rule_identity
from wslint.config import Config
from wslint.facts import SourceRef
from wslint.findings import Finding, Related, Severity
from wslint.link import Project
from wslint.suppress import UnusedIgnore


@dataclass(frozen=True, slots=True)
class ArchitectureDoc:
    """The architecture document the configuration names (``docs``), read by the engine."""

    name: str  # as configured, relative to the project root
    text: str


@dataclass(frozen=True)
class RuleContext:
    """What one rule sees: the linked project, and how to report."""

    code: str
    severity: Severity
    fix: str  # the rule's fix hint, for findings that bring none of their own
    project: Project
    config: Config
    docs: ArchitectureDoc | None = None
    # ``wslint: ignore`` comments that suppressed nothing, found after every other rule ran
    unused_ignores: tuple[UnusedIgnore, ...] = ()

    def report(
        self,
        ref: SourceRef,
        message: str,
        symbol: str,
        related: tuple[Related, ...] = (),
        fix: str | None = None,
    ) -> Finding:
        return Finding(
            code=self.code,
            ref=ref,
            message=message,
            symbol=symbol,
            severity=self.severity,
            related=related,
            fix=fix or self.fix,
        )


Check = Callable[[RuleContext], Iterable[Finding]]


@cache
def rule_checks() -> dict[str, Check]:
    """Every rule module's ``check``, by the code in its file name, sorted by code."""
    checks: dict[str, Check] = {}
    for module_info in pkgutil.iter_modules(__path__):
        identity = rule_identity(module_info.name)
        if identity is None:
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        checks[identity[0]] = module.check
    return dict(sorted(checks.items()))
