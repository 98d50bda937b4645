"""WS401 polling-instead-of-websocket: a component polls, by the same query key, a resource a
WebSocket hook already serves."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.queries import is_socket_fallback, normalized_query_key
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    project = ctx.project
    served = {normalized_query_key(key): hook.name for hook in project.hooks for key in hook.query_keys}
    for polling in project.polling:
        if is_socket_fallback(polling) or polling.query_key is None:
            continue
        hook = served.get(normalized_query_key(polling.query_key))
        if hook is None:
            continue
        yield ctx.report(
            polling.ref,
            f"polls {polling.query_key} over HTTP although `{hook}` serves it over a WebSocket",
            symbol=polling.query_key,
        )
