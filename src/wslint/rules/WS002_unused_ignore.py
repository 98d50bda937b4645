"""WS002 unused-ignore: an inline ``wslint: ignore[...]`` that suppresses no finding.

The engine applies inline ignores after every other rule ran and hands the ones that suppressed
nothing to this rule; its own findings are never suppressed.
"""

from __future__ import annotations

from collections.abc import Iterator

from wslint.facts import SourceRef
from wslint.findings import Finding
from wslint.rules import RuleContext
from wslint.suppress import UnusedIgnore


def _message(unused: UnusedIgnore) -> str:
    ignore, code = unused.ignore, unused.code
    if unused.reason == "bare":
        return f"unused `{ignore.directive}`: no finding on line {ignore.applies_to}"
    if unused.reason == "empty":
        return "`wslint: ignore[]` names no code and ignores nothing"
    if unused.reason == "not-a-code":
        return (
            f"`{ignore.directive}`: `{code}` is not a rule code; "
            "name exact codes such as WS201 (prefixes are not allowed)"
        )
    if unused.reason == "unknown-code":
        return f"`{ignore.directive}`: no rule has the code `{code}` (`wslint rules` lists them)"
    return f"unused `{ignore.directive}`: no {code} finding on line {ignore.applies_to}"


def check(ctx: RuleContext) -> Iterator[Finding]:
    for unused in ctx.unused_ignores:
        ignore = unused.ignore
        symbol = "*" if unused.reason == "bare" else unused.code or ""
        yield ctx.report(SourceRef(ignore.path, ignore.line, ignore.col), _message(unused), symbol=symbol)
