"""WS302 endpoint-without-client: no frontend code connects to a backend WebSocket endpoint."""

from __future__ import annotations

from collections.abc import Iterator

from wslint import fixes
from wslint.findings import Finding
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    project = ctx.project
    if not project.frontend_present:
        return
    connected = [linked for linked in project.endpoints if project.client_urls_of(linked)]
    if not connected:
        # The frontend we see opens none of these routes (an extension, an admin tool, a
        # client of another server): the app's real client lives elsewhere.
        return
    for linked in project.endpoints:
        if linked in connected:
            continue
        yield ctx.report(
            linked.endpoint.ref,
            f"no frontend code connects to `{linked.served_path}`",
            symbol=linked.served_path,
            fix=fixes.endpoint_without_client(project, linked),
        )
