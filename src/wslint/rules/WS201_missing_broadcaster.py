"""WS201 missing-broadcaster: an endpoint's initial message type is never pushed again.

The checklist's #1 mistake: the endpoint connects, sends its initial data and then sits idle.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wslint import fixes
from wslint.findings import Finding, Related
from wslint.link import LinkedEndpoint, Project
from wslint.queries import could_be_sent_as
from wslint.rules import RuleContext
from wslint.vocabulary import is_keepalive_type

# A one-off first message of a "snapshot then deltas" protocol (a chat room's ``history`` /
# ``backlog`` before its ``message`` deltas).
_SNAPSHOT_NAME = re.compile(
    r"(^|[_.:-])(init|initial|snapshot|connected|connection|welcome|hello|sync|handshake|ready|full_state"
    r"|history|backlog)"
    r"([_.:-]|$)"
)


def _other_types_flow(linked: LinkedEndpoint, project: Project, pushed: set[str]) -> bool:
    """Something besides the snapshot reaches this endpoint's clients after connect."""
    if linked.endpoint.relays:
        return True  # the handler keeps relaying messages of types we cannot read
    if any(item.known and not is_keepalive_type(item.value or "") for item in linked.loop):
        return True
    if any(item.value in pushed for item in linked.initial if item.known):
        return True
    client_files = {path for url in project.client_urls_of(linked) for path in url.used_in}
    return any(
        item.type.value in pushed
        for item in project.expectations
        if item.expected.type.ref.path in client_files
    )


def check(ctx: RuleContext) -> Iterator[Finding]:
    project = ctx.project
    pushed = project.pushed_values()
    unknown_pushes = [push.type for push in project.pushes if not push.type.known]
    for linked in project.endpoints:
        unknown_pushes_here = unknown_pushes + [item for item in linked.loop if not item.known]
        for item in linked.initial:
            value = item.value
            if value is None or value in pushed or is_keepalive_type(value):
                continue
            if could_be_sent_as(unknown_pushes_here, value):
                continue
            if _SNAPSHOT_NAME.search(value) and _other_types_flow(linked, project, pushed):
                continue
            endpoint = linked.endpoint
            yield ctx.report(
                item.ref,
                f"`{linked.served_path}` sends `{value}` on connect, but nothing broadcasts "
                f"`{value}` afterwards: clients get the initial data and then sit idle",
                symbol=value,
                related=(Related(endpoint.ref, f"route `{linked.served_path}` ({endpoint.handler})"),),
                fix=fixes.missing_broadcaster(project, linked, value),
            )
