"""WS206 unhandled-broadcast-type: the backend pushes a message type no frontend code handles,
while the frontend handles other types."""

from __future__ import annotations

from collections.abc import Iterator

from wslint import fixes
from wslint.findings import Finding
from wslint.queries import could_be_sent_as
from wslint.rules import RuleContext
from wslint.vocabulary import is_keepalive_type


def check(ctx: RuleContext) -> Iterator[Finding]:
    project = ctx.project
    if not project.expected_values():
        return  # no frontend code we can see dispatches on message types
    handled = project.handled_values()
    unknown_expectations = [item.type for item in project.handled if not item.type.known]
    for linked in project.pushes:
        value = linked.type.value
        if value is None or value in handled or is_keepalive_type(value):
            continue
        if could_be_sent_as(unknown_expectations, value):
            continue
        yield ctx.report(
            linked.type.ref,
            f"the backend broadcasts `{value}`, but no frontend code handles that message type",
            symbol=value,
            fix=fixes.unhandled_broadcast_type(project, value, linked.type.ref.path),
        )
