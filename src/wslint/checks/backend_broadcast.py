"""Phase 2 of the checklist: every type an endpoint sends is broadcast again, by a
broadcaster somebody starts, in a loop that survives errors."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wslint.checks import RuleInput, rule
from wslint.facts import Broadcaster, PushLoop
from wslint.findings import Finding, Related
from wslint.link import LinkedEndpoint, Project, ResolvedType, is_keepalive_type, pattern_matches

# A one-off first message of a "snapshot then deltas" protocol (a chat room's ``history`` /
# ``backlog`` before its ``message`` deltas).
_SNAPSHOT_NAME = re.compile(
    r"(^|[_.:-])(init|initial|snapshot|connected|connection|welcome|hello|sync|handshake|ready|full_state"
    r"|history|backlog)"
    r"([_.:-]|$)"
)

# Functions a framework or runtime calls by convention, not by name in the project.
_CONVENTIONAL_ENTRY_POINTS = frozenset({"main", "run", "start", "__call__", "dispatch", "execute"})


def _symbol_could_be(symbol: str | None, value: str) -> bool:
    """An unresolved symbol whose name spells the value (``QUEUE_UPDATE`` for ``queue_update``)."""
    if symbol is None:
        return False
    name = symbol.rsplit(".", 1)[-1].rsplit(":", 1)[-1]
    return name.lower() == value.lower()


def could_be_sent_as(candidates: list[ResolvedType], value: str) -> bool:
    """Whether an unknown-valued type (pattern or unresolved symbol) may stand for ``value``."""
    for item in candidates:
        if item.value is not None:
            continue
        if item.pattern is not None and pattern_matches(item.pattern, value):
            return True
        if _symbol_could_be(item.symbol, value):
            return True
    return False


def _other_types_flow(linked: LinkedEndpoint, project: Project, pushed: set[str]) -> bool:
    """Something besides the snapshot reaches this endpoint's clients after connect."""
    if linked.endpoint.relays:
        return True  # the handler keeps relaying messages of types we cannot read
    if any(not is_keepalive_type(item.value) for item in linked.loop if item.value is not None):
        return True
    if any(item.value in pushed for item in linked.initial if item.value is not None):
        return True
    client_files = {path for url in project.client_urls_of(linked) for path in url.used_in}
    return any(
        item.type.value in pushed
        for item in project.expectations
        if item.expected.type.ref.path in client_files
    )


@rule("WS201")
def missing_broadcaster(data: RuleInput) -> Iterator[Finding]:
    project = data.project
    pushed = project.pushed_values()
    unknown_pushes = [push.type for push in project.pushes if push.type.value is None]
    for linked in project.endpoints:
        unknown_pushes_here = unknown_pushes + [item for item in linked.loop if item.value is None]
        for item in linked.initial:
            value = item.value
            if value is None or value in pushed or is_keepalive_type(value):
                continue
            if could_be_sent_as(unknown_pushes_here, value):
                continue
            if _SNAPSHOT_NAME.search(value) and _other_types_flow(linked, project, pushed):
                continue
            endpoint = linked.endpoint
            yield Finding(
                code="WS201",
                ref=item.ref,
                message=(
                    f"`{linked.served_path}` sends `{value}` on connect, but nothing broadcasts "
                    f"`{value}` afterwards: clients get the initial data and then sit idle"
                ),
                symbol=value,
                related=(Related(endpoint.ref, f"route `{linked.served_path}` ({endpoint.handler})"),),
            )


@rule("WS202")
def broadcaster_never_started(data: RuleInput) -> Iterator[Finding]:
    project = data.project
    for broadcaster in project.broadcasters:
        name = broadcaster.short_name
        if broadcaster.decorated or name in project.references:
            continue
        if name in _CONVENTIONAL_ENTRY_POINTS or name.startswith(("__", "on_")):
            continue
        if broadcaster.is_method and not name.startswith("_") and not broadcaster.loops:
            # A public method that pushes once is an interface (``emitter.send_toast(...)``): users
            # of the package, the framework or a subclass may call it from outside the project.
            # A push loop is a task somebody must start; a private method only the project calls.
            continue
        yield Finding(
            code="WS202",
            ref=broadcaster.ref,
            message=(
                f"`{broadcaster.name}` broadcasts updates, but nothing starts or calls it "
                "(no create_task, gather, add_task, await or callback)"
            ),
            symbol=broadcaster.name,
        )


@rule("WS206")
def unhandled_broadcast_type(data: RuleInput) -> Iterator[Finding]:
    project = data.project
    expected = project.expected_values()
    if not expected:
        return  # no frontend code we can see dispatches on message types
    unknown_expectations = [item.type for item in project.expectations if item.type.value is None]
    for linked in project.pushes:
        value = linked.type.value
        if value is None or value in expected or is_keepalive_type(value):
            continue
        if could_be_sent_as(unknown_expectations, value):
            continue
        yield Finding(
            code="WS206",
            ref=linked.type.ref,
            message=f"the backend broadcasts `{value}`, but no frontend code handles that message type",
            symbol=value,
        )


def _polling_loops(project: Project) -> Iterator[tuple[Broadcaster, PushLoop]]:
    """Loops that push and sleep: polling broadcasters (an event loop waits on a queue instead)."""
    for broadcaster in project.broadcasters:
        for loop in broadcaster.loops:
            yield broadcaster, loop


@rule("WS203")
def unconditional_broadcast(data: RuleInput) -> Iterator[Finding]:
    for broadcaster, loop in _polling_loops(data.project):
        sleeps = loop.sleep_seconds is not None or not loop.sleep_known
        if loop.event_driven or not sleeps or loop.compares_last_state:
            continue
        yield Finding(
            code="WS203",
            ref=loop.ref,
            message=(
                f"`{broadcaster.name}` broadcasts on every pass of its polling loop without comparing "
                "with the last state it sent"
            ),
            symbol=broadcaster.name,
        )


def _serves_one_connection(broadcaster: Broadcaster, project: Project) -> bool:
    """An endpoint handler, or a task nested in one: its loop feeds a single client.

    When it raises, the framework closes that client's socket and the client sees it (and
    reconnects); nothing shared dies quietly, which is what WS204 is about.
    """
    scopes = broadcaster.name.split(".")
    return any(
        endpoint.handler_found
        and endpoint.handler_ref.path == broadcaster.ref.path
        and endpoint.handler in scopes
        for facts in project.python_modules
        for endpoint in facts.endpoints
    )


@rule("WS204")
def unguarded_broadcast_loop(data: RuleInput) -> Iterator[Finding]:
    for broadcaster, loop in _polling_loops(data.project):
        if loop.has_try or loop.over_stream or loop.per_client:
            continue
        if _serves_one_connection(broadcaster, data.project):
            continue
        yield Finding(
            code="WS204",
            ref=loop.ref,
            message=(
                f"the push loop in `{broadcaster.name}` has no try/except: one exception ends all updates"
            ),
            symbol=broadcaster.name,
        )


MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS = 1.0, 60.0


@rule("WS205")
def polling_interval(data: RuleInput) -> Iterator[Finding]:
    for broadcaster, loop in _polling_loops(data.project):
        seconds = loop.sleep_seconds
        if loop.event_driven:
            continue  # each pass waits for an event, not for a clock
        if seconds is None:
            # No sleep: an event loop waiting on a queue is fine; a loop that compares with the
            # last state is polling, and without a pause it spins.
            if not loop.sleep_known or not loop.compares_last_state:
                continue
            pace = "never sleeps"
        elif MIN_INTERVAL_SECONDS <= seconds <= MAX_INTERVAL_SECONDS:
            continue
        else:
            pace = f"polls every {seconds:g} s"
        yield Finding(
            code="WS205",
            ref=loop.ref,
            message=(
                f"`{broadcaster.name}` {pace}; the checklist's range is "
                f"{MIN_INTERVAL_SECONDS:g}-{MAX_INTERVAL_SECONDS:g} s"
            ),
            symbol=broadcaster.name,
        )


@rule("WS603")
def broadcaster_without_docstring(data: RuleInput) -> Iterator[Finding]:
    for broadcaster in data.project.broadcasters:
        if broadcaster.has_docstring:
            continue
        yield Finding(
            code="WS603",
            ref=broadcaster.ref,
            message=f"broadcaster `{broadcaster.name}` has no docstring (frequency, trigger, message format)",
            symbol=broadcaster.name,
        )
