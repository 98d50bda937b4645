"""WS103 handler-name-style: the handler of ``/ws/foo-bar`` is not named ``websocket_foo_bar``."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.queries import feature_name
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    for linked in ctx.project.endpoints:
        name = feature_name(linked.served_path)
        if name is None:
            continue
        expected = "websocket_" + name.replace("-", "_")
        handler = linked.endpoint.handler
        if handler == expected:
            continue
        yield ctx.report(
            linked.endpoint.handler_ref,
            f"handler of `{linked.served_path}` is `{handler}`, expected `{expected}`",
            symbol=handler,
        )
