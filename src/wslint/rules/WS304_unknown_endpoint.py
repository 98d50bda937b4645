"""WS304 unknown-endpoint: the frontend opens a WebSocket path no backend endpoint serves."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from wslint import fixes
from wslint.findings import Finding, Related
from wslint.link import path_segments
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    project = ctx.project
    if not project.backend_present or not project.endpoints:
        return  # the sockets may be served by something we do not read
    if project.other_socket_server or any(linked.endpoint.path is None for linked in project.endpoints):
        return  # a route we could not read may serve it
    for url in project.client_urls:
        if not url.certain or not any(not s.startswith("{") for s in path_segments(url.path)):
            continue
        if any("{}" in s and s != "{}" for s in path_segments(url.path)):
            continue  # ``${WS_BASE}${path}`` -> ``/api{}``: the unknown part may hold more segments
        if url.external:
            continue  # ``wss://stream.example.com/...``: another service's socket, not a route of ours
        if project.endpoints_serving(url.path):
            continue
        routes = sorted({linked.served_path for linked in project.endpoints})
        close = difflib.get_close_matches(url.path, routes, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        yield ctx.report(
            url.ref,
            f"frontend opens `{url.path}`, but no backend WebSocket route serves it{hint}",
            symbol=url.path,
            fix=fixes.unknown_endpoint(project, url.path),
            related=tuple(
                Related(linked.endpoint.ref, f"route `{linked.served_path}`")
                for linked in project.endpoints
                if close and linked.served_path == close[0]
            ),
        )
