"""Phases 4 and 7 of the checklist: components use the socket, not HTTP polling."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wslint.checks import RuleInput, rule
from wslint.facts import Polling
from wslint.findings import Finding

# ``isConnected ? false : 30000``: poll only while the socket is down, the sanctioned fallback.
_CONNECTION_STATE = re.compile(r"connect|readyState|socket|\bws\b|online", re.IGNORECASE)


def _normalized_key(text: str) -> str:
    return re.sub(r"\s+", "", text).replace('"', "'").rstrip(",")


def _is_fallback(polling: Polling) -> bool:
    return polling.disabled or (polling.conditional and bool(_CONNECTION_STATE.search(polling.value)))


@rule("WS401")
def polling_instead_of_websocket(data: RuleInput) -> Iterator[Finding]:
    served = {_normalized_key(key): hook.name for hook in data.project.hooks for key in hook.query_keys}
    for polling in data.project.polling:
        if _is_fallback(polling) or polling.query_key is None:
            continue
        hook = served.get(_normalized_key(polling.query_key))
        if hook is None:
            continue
        yield Finding(
            code="WS401",
            ref=polling.ref,
            message=f"polls {polling.query_key} over HTTP although `{hook}` serves it over a WebSocket",
            symbol=polling.query_key,
        )


@rule("WS701")
def leftover_polling(data: RuleInput) -> Iterator[Finding]:
    project = data.project
    if not project.client_urls:
        return  # the frontend uses no WebSocket: its polling is not our business
    for polling in project.polling:
        if _is_fallback(polling):
            continue
        symbol = polling.query_key or polling.function or "refetchInterval"
        yield Finding(
            code="WS701",
            ref=polling.ref,
            message=f"`refetchInterval: {polling.value}` still polls over HTTP ({symbol})",
            symbol=symbol,
        )
