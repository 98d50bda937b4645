"""WS203 unconditional-broadcast: a polling loop that pushes on every pass, whether or not
anything changed.

A loop whose every push waits on a test of what the pass read (a flag from the data layer, a
hash or version against the last one, a detector's verdict) already pushes on change; a test of
who is connected or of a setting does not count, it is the same on every pass.
"""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.queries import push_loops
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    for broadcaster, loop in push_loops(ctx.project):
        sleeps = loop.sleep_seconds is not None or not loop.sleep_known
        if loop.event_driven or not sleeps or loop.pushes_on_change:
            continue
        yield ctx.report(
            loop.ref,
            f"`{broadcaster.name}` broadcasts on every pass of its polling loop, whether or not "
            "anything changed",
            symbol=broadcaster.name,
        )
