"""WS602 hook-without-doc: an exported WebSocket hook without a JSDoc comment."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    for hook in ctx.project.hooks:
        if not hook.exported or hook.has_jsdoc:
            continue
        yield ctx.report(hook.ref, f"exported WebSocket hook `{hook.name}` has no JSDoc", symbol=hook.name)
