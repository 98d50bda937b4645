"""WS106 route-init-arity: a route-factory call passes a different number of arguments than the
factory has parameters (``init_websocket_routes(manager, ...)`` grows with every endpoint)."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.facts import RouteFactory
from wslint.findings import Finding
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    project = ctx.project
    factories: dict[str, list[RouteFactory]] = {}
    for factory in project.route_factories:
        factories.setdefault(factory.name, []).append(factory)
    for call in project.factory_calls:
        candidates = factories.get(call.name, [])
        if len(candidates) != 1 or call.has_star_args:
            continue  # ambiguous, or unpacked arguments we cannot count
        factory = candidates[0]
        given = call.positional + len(call.keywords)
        if factory.has_star_params or factory.required <= given <= factory.total:
            continue
        expected = (
            str(factory.total) if factory.required == factory.total else f"{factory.required}-{factory.total}"
        )
        yield ctx.report(
            call.ref,
            f"`{call.name}(...)` passes {given} argument(s), but the factory takes {expected}",
            symbol=call.name,
        )
