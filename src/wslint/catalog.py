"""The rule catalog: one TOML file per rule in ``wslint/rules/``.

The TOML files are the single source for ``wslint rules``, ``wslint explain``, SARIF rule
metadata and the README's rule table; their bad/good examples are run as tests.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from wslint.findings import Severity


@dataclass(frozen=True, slots=True)
class Example:
    kind: str  # "bad" (must raise the rule) or "good" (must not)
    files: dict[str, str]  # posix path relative to a project root -> file text
    # for "bad": the findings of this rule the example must raise, as (path, line); empty = any
    expect: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    code: str  # "WS201"
    name: str  # "missing-broadcaster"
    phase: int  # checklist phase (0 for wslint's own rules)
    severity: Severity  # default severity
    summary: str  # one line
    why: str  # why it matters
    fix: str  # the fix hint, from the checklist phase
    examples: tuple[Example, ...] = field(default_factory=tuple)
    # on without --select: rules about broken behaviour are; naming, docs and test advice
    # are opt-in (``--select ALL`` / ``extend-select``), as ruff keeps its style rules off
    default: bool = True

    @property
    def title(self) -> str:
        return f"{self.code} {self.name}"


def _parse_rule(text: str, source: str) -> Rule:
    data = tomllib.loads(text)
    examples = tuple(
        Example(
            kind=item["kind"],
            files=dict(item["files"]),
            expect=tuple((entry["path"], int(entry["line"])) for entry in item.get("expect", ())),
        )
        for item in data.get("example", ())
    )
    try:
        return Rule(
            code=data["code"],
            name=data["name"],
            phase=int(data["phase"]),
            severity=Severity.parse(data["severity"]),
            summary=data["summary"].strip(),
            why=data["why"].strip(),
            fix=data["fix"].strip(),
            examples=examples,
            default=bool(data.get("default", True)),
        )
    except KeyError as missing:
        raise ValueError(f"{source}: rule is missing key {missing}") from None


@cache
def load_catalog() -> dict[str, Rule]:
    """All rules by code, sorted by code."""
    rules: dict[str, Rule] = {}
    for entry in resources.files("wslint").joinpath("rules").iterdir():
        if entry.name.endswith(".toml"):
            rule = _parse_rule(entry.read_text(encoding="utf-8"), entry.name)
            rules[rule.code] = rule
    return dict(sorted(rules.items()))
