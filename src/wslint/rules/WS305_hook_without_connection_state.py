"""WS305 hook-without-connection-state: an exported WebSocket hook does not return its connection
state (``isConnected``, ...)."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    for hook in ctx.project.hooks:
        if not hook.exported or hook.returns_connection_state:
            continue
        yield ctx.report(
            hook.ref,
            f"WebSocket hook `{hook.name}` does not return its connection state (isConnected)",
            symbol=hook.name,
        )
