"""Phases 4 and 7 of the checklist: components use the socket, not HTTP polling."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wslint.checks import RuleInput, rule
from wslint.findings import Finding

# ``isConnected ? false : 30000``: poll only while the socket is down, the sanctioned fallback.
_CONNECTION_STATE = re.compile(r"connect|readyState|socket|\bws\b|online", re.IGNORECASE)


@rule("WS701")
def leftover_polling(data: RuleInput) -> Iterator[Finding]:
    project = data.project
    if not project.client_urls:
        return  # the frontend uses no WebSocket: its polling is not our business
    for polling in project.polling:
        if polling.disabled:
            continue
        if polling.conditional and _CONNECTION_STATE.search(polling.value):
            continue
        symbol = polling.query_key or polling.function or "refetchInterval"
        yield Finding(
            code="WS701",
            ref=polling.ref,
            message=f"`refetchInterval: {polling.value}` still polls over HTTP ({symbol})",
            symbol=symbol,
        )
