"""WS603 broadcaster-without-docstring: a function that broadcasts a message type has no docstring."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    for broadcaster in ctx.project.broadcasters:
        if broadcaster.has_docstring:
            continue
        yield ctx.report(
            broadcaster.ref,
            f"broadcaster `{broadcaster.name}` has no docstring (frequency, trigger, message format)",
            symbol=broadcaster.name,
        )
