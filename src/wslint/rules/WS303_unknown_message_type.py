"""WS303 unknown-message-type: the frontend waits for a message type the backend never sends."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from wslint import fixes
from wslint.findings import Finding
from wslint.flow import Function
from wslint.link import Project
from wslint.queries import could_be_sent_as
from wslint.rules import RuleContext
from wslint.vocabulary import is_keepalive_type


def check(ctx: RuleContext) -> Iterator[Finding]:
    project = ctx.project
    if not project.backend_present or not project.endpoints:
        return  # no FastAPI/Starlette backend we can see: nothing to compare with
    sent = list(project.sent_types(live=True))
    sent_values = {item.value for item in sent if item.value is not None}
    live = {id(push) for push in project.live_pushes}
    dead_pushes = [push for push in project.pushes if id(push) not in live]
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
    # clients of an endpoint that relays messages wslint cannot type (a broker subscription
    # forwarded as is): what they may receive is unknown
    relayed = {
        path
        for endpoint in project.endpoints
        if endpoint.endpoint.relays
        for url in project.client_urls_of(endpoint)
        for path in url.used_in
    }
    # and of endpoints that a broker relay of such messages reaches through their sender
    silenced = _opaquely_relayed(project)
    if silenced is None:
        return
    relayed |= silenced
    for linked in project.expectations:
        value = linked.type.value
        if value is None or value in sent_values or is_keepalive_type(value):
            continue
        if linked.type.ref.path in elsewhere or linked.type.ref.path in relayed:
            continue
        if could_be_sent_as(sent, value):
            continue
        unrun = sorted({push.push.function or "" for push in dead_pushes if push.type.value == value} - {""})
        close = difflib.get_close_matches(value, sorted(sent_values), n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        if unrun:
            names = ", ".join(f"`{name}`" for name in unrun)
            hint = f" (only {names} sends it, and no code of the project runs that)"
        unreceived = _channel_names(project.unreceived_channels.get(value, set()))
        if unreceived and not unrun:
            hint = f" (it is published on {unreceived}, which no subscription of the project receives)"
        where = f" in `{linked.expected.function}`" if linked.expected.function else ""
        yield ctx.report(
            linked.type.ref,
            f"frontend waits for message type `{value}`{where}, but the backend never sends it{hint}",
            symbol=value,
            fix=fixes.unknown_message_type(project, value, unrun, unreceived),
        )


def _opaquely_relayed(project: Project) -> set[str] | None:
    """Frontend files whose sockets get messages of a broker subscription that cannot be typed
    (a channel named at run time, one only another service publishes to): the clients of the
    endpoints that register their sockets with the sender the relay hands them to. None when
    such a relay reaches sockets no endpoint can be tied to: then nothing is said anywhere."""
    relaying = {linked.endpoint.handler_ref for linked in project.endpoints if linked.endpoint.relays}
    handlers = {function.flow.ref: function for function in project.flow.functions.values()}
    silenced: set[str] = set()
    for relay in project.flow.opaque_relays:
        if relay.function.flow.ref in relaying:
            continue  # the endpoint's own loop: its clients are left alone already
        owners = {(path, name.rpartition(".")[0]) for path, name in relay.through if "." in name}
        tied = [
            linked
            for linked in project.endpoints
            if (handler := handlers.get(linked.endpoint.handler_ref)) is not None
            and owners & _classes_called(project, handler)
        ]
        if not tied:
            return None
        for linked in tied:
            silenced.update(path for url in project.client_urls_of(linked) for path in url.used_in)
    return silenced


def _classes_called(project: Project, function: Function) -> set[tuple[str, str]]:
    """The classes whose methods a function calls (``manager.connect(websocket)``), by file."""
    return {
        (target.path, target.name.rpartition(".")[0])
        for call in function.flow.calls
        for target in project.flow.targets.get(call.callee) or ()
        if "." in target.name
    }


def _channel_names(channels: set[str | None]) -> str:
    named = sorted(f"`{channel}`" for channel in channels if channel is not None)
    if not named:
        return "a broker channel named at run time" if channels else ""
    return ("broker channel " if len(named) == 1 else "broker channels ") + ", ".join(named)
