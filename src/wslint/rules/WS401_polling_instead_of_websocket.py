"""WS401 polling-instead-of-websocket: a component polls, by the same query key, a resource a
WebSocket hook already serves (handed to the hook, or written into the query cache by it)."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.queries import socket_feeder
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    for polling in ctx.project.polling:
        feeder = socket_feeder(ctx.project, polling)
        if feeder is None:
            continue
        polled = polling.query_key or polling.function or "refetchInterval"
        yield ctx.report(
            polling.ref,
            f"polls {polled} over HTTP although `{feeder}` serves it over a WebSocket",
            symbol=polled,
        )
