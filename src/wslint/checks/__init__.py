"""Rules: pure functions over the linked project, one module per checklist phase.

A rule yields findings without severity or fix hint; the engine fills those in from the
catalog and the configuration, so a rule only says what is wrong and where.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from wslint.config import Config
from wslint.findings import Finding
from wslint.link import Project


@dataclass(frozen=True, slots=True)
class RuleInput:
    project: Project
    config: Config


RuleFunction = Callable[[RuleInput], Iterable[Finding]]

RULES: dict[str, RuleFunction] = {}


def rule(code: str) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        if code in RULES:
            raise RuntimeError(f"rule {code} registered twice")
        RULES[code] = function
        return function

    return register


def load_rules() -> dict[str, RuleFunction]:
    """Import every phase module so its rules register, then return the registry."""
    from wslint.checks import (  # noqa: F401
        backend_broadcast,
        backend_endpoint,
        frontend_hooks,
        frontend_link,
        general,
        polling,
        tests_docs,
    )

    return RULES
