"""Phase 3 of the checklist: the frontend connects to real endpoints and waits for types
the backend really sends."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from wslint.checks import RuleInput, rule
from wslint.checks.backend_broadcast import could_be_sent_as
from wslint.findings import Finding, Related
from wslint.link import is_keepalive_type, path_segments


@rule("WS302")
def endpoint_without_client(data: RuleInput) -> Iterator[Finding]:
    project = data.project
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
        yield Finding(
            code="WS302",
            ref=linked.endpoint.ref,
            message=f"no frontend code connects to `{linked.served_path}`",
            symbol=linked.served_path,
        )


@rule("WS303")
def unknown_message_type(data: RuleInput) -> Iterator[Finding]:
    project = data.project
    if not project.backend_present or not project.endpoints:
        return  # no FastAPI/Starlette backend we can see: nothing to compare with
    sent = list(project.sent_types())
    sent_values = {item.value for item in sent if item.value is not None}
    # files talking to a socket no route of ours serves: with a server we cannot read in the
    # backend (aiohttp, tornado), that server is theirs, and its messages are unknown to us
    elsewhere = (
        {
            path
            for url in project.client_urls
            if not project.endpoints_serving(url.path)
            for path in url.used_in
        }
        if project.other_socket_server
        else set()
    )
    for linked in project.expectations:
        value = linked.type.value
        if value is None or value in sent_values or is_keepalive_type(value):
            continue
        if linked.type.ref.path in elsewhere:
            continue
        if could_be_sent_as(sent, value):
            continue
        close = difflib.get_close_matches(value, sorted(sent_values), n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        where = f" in `{linked.expected.function}`" if linked.expected.function else ""
        yield Finding(
            code="WS303",
            ref=linked.type.ref,
            message=f"frontend waits for message type `{value}`{where}, but the backend never sends it{hint}",
            symbol=value,
        )


@rule("WS304")
def unknown_endpoint(data: RuleInput) -> Iterator[Finding]:
    project = data.project
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
        yield Finding(
            code="WS304",
            ref=url.ref,
            message=f"frontend opens `{url.path}`, but no backend WebSocket route serves it{hint}",
            symbol=url.path,
            related=tuple(
                Related(linked.endpoint.ref, f"route `{linked.served_path}`")
                for linked in project.endpoints
                if close and linked.served_path == close[0]
            ),
        )
