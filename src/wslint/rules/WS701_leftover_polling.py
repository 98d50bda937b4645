"""WS701 leftover-polling: ``refetchInterval`` set to anything but ``false`` in a frontend that uses
WebSockets."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.queries import is_socket_fallback, socket_feeder
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    project = ctx.project
    if not project.client_urls:
        return  # the frontend uses no WebSocket: its polling is not our business
    for polling in project.polling:
        if is_socket_fallback(polling) or socket_feeder(project, polling) is not None:
            continue  # off, a fallback, or WS401's finding
        symbol = polling.query_key or polling.function or "refetchInterval"
        yield ctx.report(
            polling.ref, f"`refetchInterval: {polling.value}` still polls over HTTP ({symbol})", symbol=symbol
        )
