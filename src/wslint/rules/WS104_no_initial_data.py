"""WS104 no-initial-data: an endpoint accepts connections but sends nothing before it waits."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.link import LinkedEndpoint
from wslint.rules import RuleContext


def _sends_nothing_we_can_see(linked: LinkedEndpoint) -> bool:
    endpoint = linked.endpoint
    return (
        endpoint.handler_found
        and not endpoint.sends_initial
        and not endpoint.initial_types
        and not endpoint.delegates
        # replies to each request (an echo, a chat, an RPC): a conversation the client starts
        and not endpoint.loop_types
        and not endpoint.relays
    )


def check(ctx: RuleContext) -> Iterator[Finding]:
    for linked in ctx.project.endpoints:
        if not _sends_nothing_we_can_see(linked):
            continue
        yield ctx.report(
            linked.endpoint.ref,
            f"`{linked.served_path}` accepts connections but sends no initial data",
            symbol=linked.served_path,
        )
