"""WS204 unguarded-broadcast-loop: a ``while`` loop that pushes with no try/except inside it, so
one exception ends all updates.

Only loops that run until stopped from outside (``while True``, ``while self.running``) must
outlive errors; one that runs to its own bound (``while elapsed < duration``, a ``for`` over
a simulation's steps) ends anyway, and ``push_loops`` leaves it out.
"""

from __future__ import annotations

from collections.abc import Iterator

from wslint.facts import Broadcaster
from wslint.findings import Finding
from wslint.link import Project
from wslint.queries import push_loops
from wslint.rules import RuleContext


def _serves_one_connection(broadcaster: Broadcaster, project: Project) -> bool:
    """An endpoint handler, or a task nested in one: its loop feeds a single client.

    When it raises, the framework closes that client's socket and the client sees it (and
    reconnects); nothing shared dies quietly, which is what WS204 is about.
    """
    scopes = broadcaster.name.split(".")
    return any(
        endpoint.handler_found
        and endpoint.handler_ref.path == broadcaster.ref.path
        and endpoint.handler in scopes
        for endpoint in project.declared_endpoints
    )


def check(ctx: RuleContext) -> Iterator[Finding]:
    for broadcaster, loop in push_loops(ctx.project):
        if loop.has_try or loop.over_stream or loop.per_client:
            continue
        if _serves_one_connection(broadcaster, ctx.project):
            continue
        yield ctx.report(
            loop.ref,
            f"the push loop in `{broadcaster.name}` has no try/except: one exception ends all updates",
            symbol=broadcaster.name,
        )
