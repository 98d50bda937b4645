"""WS102 message-type-style: a message type the backend sends that is not snake_case."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wslint.facts import SourceRef
from wslint.findings import Finding
from wslint.rules import RuleContext

_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def check(ctx: RuleContext) -> Iterator[Finding]:
    seen: set[SourceRef] = set()
    for item in ctx.project.sent_types():
        # literals only: a type written through a constant is reported where the constant is
        if item.value is None or item.symbol is not None or item.ref in seen:
            continue
        seen.add(item.ref)
        if _SNAKE.match(item.value):
            continue
        yield ctx.report(item.ref, f"message type `{item.value}` is not snake_case", symbol=item.value)
