"""WS402 no-disconnected-state: a component calls a WebSocket hook but never reads its connection
state."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    project = ctx.project
    hooks = {hook.name for hook in project.hooks}
    for use in project.hook_uses:
        if use.reads_connection_state or use.hook not in hooks:
            continue
        if use.function is not None and use.function.startswith("use"):
            continue  # a hook wrapping a hook passes the state on; the component decides
        where = f"`{use.function}`" if use.function else "a component"
        yield ctx.report(
            use.ref, f"{where} uses `{use.hook}` but never reads its connection state", symbol=use.hook
        )
