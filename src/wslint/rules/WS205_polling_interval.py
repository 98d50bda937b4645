"""WS205 polling-interval: a push loop that sleeps less than 1 s or more than 60 s per pass, or
never sleeps while it polls."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.queries import push_loops
from wslint.rules import RuleContext

MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS = 1.0, 60.0


def check(ctx: RuleContext) -> Iterator[Finding]:
    for broadcaster, loop in push_loops(ctx.project):
        seconds = loop.sleep_seconds
        if loop.event_driven:
            continue  # each pass waits for an event, not for a clock
        if seconds is None:
            # No sleep: an event loop waiting on a queue is fine; a loop that checks each pass
            # for a change is polling, and without a pause it spins.
            if not loop.sleep_known or not loop.pushes_on_change:
                continue
            pace = "never sleeps"
        elif MIN_INTERVAL_SECONDS <= seconds <= MAX_INTERVAL_SECONDS:
            continue
        else:
            pace = f"polls every {seconds:g} s"
        yield ctx.report(
            loop.ref,
            f"`{broadcaster.name}` {pace}; the checklist's range is "
            f"{MIN_INTERVAL_SECONDS:g}-{MAX_INTERVAL_SECONDS:g} s",
            symbol=broadcaster.name,
        )
