"""WS203 unconditional-broadcast: a polling loop that pushes on every pass without comparing the
current state with the last one it sent."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.queries import push_loops
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    for broadcaster, loop in push_loops(ctx.project):
        sleeps = loop.sleep_seconds is not None or not loop.sleep_known
        if loop.event_driven or not sleeps or loop.compares_last_state:
            continue
        yield ctx.report(
            loop.ref,
            f"`{broadcaster.name}` broadcasts on every pass of its polling loop without comparing "
            "with the last state it sent",
            symbol=broadcaster.name,
        )
