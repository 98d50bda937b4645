"""WS501 endpoint-untested: no test opens the endpoint (``client.websocket_connect(...)``)."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.link import serves
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    project = ctx.project
    if not project.has_tests:
        return  # a project without tests gets no test advice per endpoint
    for linked in project.endpoints:
        if any(serves(linked, path) for path in project.test_paths):
            continue
        yield ctx.report(
            linked.endpoint.ref,
            f"no test opens `{linked.served_path}` (client.websocket_connect)",
            symbol=linked.served_path,
        )
