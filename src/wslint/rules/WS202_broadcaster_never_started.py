"""WS202 broadcaster-never-started: a function that pushes a message type nobody calls or schedules."""

from __future__ import annotations

from collections.abc import Iterator

from wslint import fixes
from wslint.findings import Finding
from wslint.rules import RuleContext

# Functions a framework or runtime calls by convention, not by name in the project.
_CONVENTIONAL_ENTRY_POINTS = frozenset({"main", "run", "start", "__call__", "dispatch", "execute"})


def check(ctx: RuleContext) -> Iterator[Finding]:
    project = ctx.project
    for broadcaster in project.broadcasters:
        name = broadcaster.short_name
        if broadcaster.decorated or project.is_referenced(name):
            continue
        if name in _CONVENTIONAL_ENTRY_POINTS or name.startswith(("__", "on_")):
            continue
        if broadcaster.is_method and not name.startswith("_") and not broadcaster.loops:
            # A public method that pushes once is an interface (``emitter.send_toast(...)``): users
            # of the package, the framework or a subclass may call it from outside the project.
            # A push loop is a task somebody must start; a private method only the project calls.
            continue
        yield ctx.report(
            broadcaster.ref,
            f"`{broadcaster.name}` broadcasts updates, but nothing starts or calls it "
            "(no create_task, gather, add_task, await or callback)",
            symbol=broadcaster.name,
            fix=fixes.broadcaster_never_started(project, broadcaster),
        )
