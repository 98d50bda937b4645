"""WS001 parse-error: a source file that cannot be parsed, reported once, while the rest is checked."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    for file in ctx.project.files:
        if file.parse_errors:
            error = file.parse_errors[0]
            yield ctx.report(
                error.ref,
                f"cannot parse `{file.path}`: {error.message}; its WebSocket facts are not checked",
                symbol=file.path,
            )
