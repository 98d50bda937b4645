"""WS105 type-endpoint-mismatch: ``/ws/foo-bar`` sends an initial type other than ``foo_bar_update``."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.queries import feature_name
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    for linked in ctx.project.endpoints:
        name = feature_name(linked.served_path)
        known = [item for item in linked.initial if item.known]
        if name is None or not known:
            continue
        expected = name.replace("-", "_") + "_update"
        if any(item.value == expected for item in known):
            continue
        first = known[0]
        yield ctx.report(
            first.ref,
            f"`{linked.served_path}` sends `{first.value}`; the checklist names it `{expected}`",
            symbol=first.value or "",
        )
