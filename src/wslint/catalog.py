"""The rule catalog: the metadata of every rule, from ``wslint/rules/<code>_<name>.toml``.

Each rule is a pair of files side by side, ``WS201_missing_broadcaster.py`` (its check) and
``WS201_missing_broadcaster.toml`` (phase, severity, texts, bad/good examples). The code and the
name come from the file name, never from inside a file, so they cannot disagree. The TOML files
are the single source for ``wslint rules``, ``wslint explain``, SARIF rule metadata and the
README's rule table; their bad/good examples are run as tests.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from wslint.findings import Severity

# ``WS201_missing_broadcaster``: the code, then the kebab-case name written with underscores
RULE_FILE_STEM = re.compile(r"^(?P<code>WS\d{3})_(?P<name>[a-z0-9]+(?:_[a-z0-9]+)*)$")
_IDENTITY_KEYS = ("code", "name")


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


def rule_identity(stem: str) -> tuple[str, str] | None:
    """(code, name) of a rule file stem, or None when the stem is not a rule's."""
    match = RULE_FILE_STEM.match(stem)
    if match is None:
        return None
    return match["code"], match["name"].replace("_", "-")


def _parse_rule(text: str, source: str, code: str, name: str) -> Rule:
    data = tomllib.loads(text)
    for key in _IDENTITY_KEYS:
        if key in data:
            raise ValueError(f"{source}: `{key}` comes from the file name; remove it from the file")
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
            code=code,
            name=name,
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
        stem, dot, suffix = entry.name.rpartition(".")
        identity = rule_identity(stem) if dot and suffix == "toml" else None
        if identity is not None:
            rule = _parse_rule(entry.read_text(encoding="utf-8"), entry.name, *identity)
            rules[rule.code] = rule
    return dict(sorted(rules.items()))
