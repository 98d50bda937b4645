"""Phase 1 of the checklist: the endpoint itself: its name, its initial message."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wslint.checks import RuleInput, rule
from wslint.facts import RouteFactory
from wslint.findings import Finding
from wslint.link import LinkedEndpoint, ResolvedType, path_segments

_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_PARAM = re.compile(r"^\{[A-Za-z_][A-Za-z0-9_]*(:[a-z]+)?\}$")
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def feature_name(path: str) -> str | None:
    """``/ws/adw-state/{adw_id}`` -> ``adw-state``: the segment after ``ws``, if kebab-case."""
    segments = path_segments(path)
    if "ws" not in segments:
        return None
    rest = segments[segments.index("ws") + 1 :]
    if not rest or not _KEBAB.match(rest[0]):
        return None
    return rest[0]


@rule("WS101")
def endpoint_path_style(data: RuleInput) -> Iterator[Finding]:
    for linked in data.project.endpoints:
        path = linked.endpoint.path or ""
        segments = path_segments(linked.served_path)
        if segments == ["ws"]:
            continue  # one multiplexed socket: a design choice, not a naming slip
        rest = segments[segments.index("ws") + 1 :] if "ws" in segments else None
        if rest is not None and rest and all(_KEBAB.match(s) or _PARAM.match(s) for s in rest):
            continue
        yield Finding(
            code="WS101",
            ref=linked.endpoint.ref,
            message=f"route `{path}` is not `/ws/<kebab-case>`",
            symbol=path,
        )


def _backend_type_literals(data: RuleInput) -> Iterator[ResolvedType]:
    seen = set()
    for item in data.project.sent_types():
        if item.value is not None and item.symbol is None and item.ref not in seen:
            seen.add(item.ref)
            yield item


@rule("WS102")
def message_type_style(data: RuleInput) -> Iterator[Finding]:
    for item in _backend_type_literals(data):
        assert item.value is not None
        if _SNAKE.match(item.value):
            continue
        yield Finding(
            code="WS102",
            ref=item.ref,
            message=f"message type `{item.value}` is not snake_case",
            symbol=item.value,
        )


@rule("WS103")
def handler_name_style(data: RuleInput) -> Iterator[Finding]:
    for linked in data.project.endpoints:
        name = feature_name(linked.served_path)
        if name is None:
            continue
        expected = "websocket_" + name.replace("-", "_")
        handler = linked.endpoint.handler
        if handler == expected:
            continue
        yield Finding(
            code="WS103",
            ref=linked.endpoint.handler_ref,
            message=f"handler of `{linked.served_path}` is `{handler}`, expected `{expected}`",
            symbol=handler,
        )


def _sends_nothing_we_can_see(linked: LinkedEndpoint) -> bool:
    endpoint = linked.endpoint
    return (
        endpoint.handler_found
        and not endpoint.sends_initial
        and not endpoint.initial_types
        and not endpoint.delegates
        # replies to each request (an echo, a chat, an RPC): a conversation the client starts
        and not endpoint.loop_types
        and not endpoint.relays
    )


@rule("WS104")
def no_initial_data(data: RuleInput) -> Iterator[Finding]:
    for linked in data.project.endpoints:
        if not _sends_nothing_we_can_see(linked):
            continue
        yield Finding(
            code="WS104",
            ref=linked.endpoint.ref,
            message=f"`{linked.served_path}` accepts connections but sends no initial data",
            symbol=linked.served_path,
        )


@rule("WS105")
def type_endpoint_mismatch(data: RuleInput) -> Iterator[Finding]:
    for linked in data.project.endpoints:
        name = feature_name(linked.served_path)
        known = [item for item in linked.initial if item.value is not None]
        if name is None or not known:
            continue
        expected = name.replace("-", "_") + "_update"
        if any(item.value == expected for item in known):
            continue
        first = known[0]
        yield Finding(
            code="WS105",
            ref=first.ref,
            message=f"`{linked.served_path}` sends `{first.value}`; the checklist names it `{expected}`",
            symbol=first.value or "",
        )


@rule("WS106")
def route_init_arity(data: RuleInput) -> Iterator[Finding]:
    project = data.project
    factories: dict[str, list[RouteFactory]] = {}
    for facts in project.python_modules:
        for factory in facts.route_factories:
            factories.setdefault(factory.name, []).append(factory)
    for facts in project.python_modules:
        for call in facts.factory_calls:
            candidates = factories.get(call.name, [])
            if len(candidates) != 1 or call.has_star_args:
                continue  # ambiguous, or unpacked arguments we cannot count
            factory = candidates[0]
            given = call.positional + len(call.keywords)
            if factory.has_star_params or factory.required <= given <= factory.total:
                continue
            expected = (
                str(factory.total)
                if factory.required == factory.total
                else f"{factory.required}-{factory.total}"
            )
            yield Finding(
                code="WS106",
                ref=call.ref,
                message=f"`{call.name}(...)` passes {given} argument(s), but the factory takes {expected}",
                symbol=call.name,
            )
