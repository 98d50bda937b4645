"""Fix texts in the project's own words: the broadcaster to copy, the type the backend does
send, the route it does serve, the module that keeps the URL helpers.

Every name and path here comes from the checked project's facts, so a fix never sends a
user to a file that does not exist; when the project offers nothing to point at, the text is
a short generic example without paths.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable

from wslint.facts import Broadcaster, SourceRef
from wslint.link import LinkedEndpoint, LinkedPush, Project


def _at(ref: SourceRef) -> str:
    return f"{ref.path}:{ref.line}"


def _explain(code: str) -> str:
    return f" (`wslint explain {code}` quotes the checklist)"


def _closeness(left: str, right: str) -> int:
    """Shared leading path segments: a neighbour in the tree is a better example."""
    shared = 0
    for a, b in zip(left.split("/"), right.split("/"), strict=False):
        if a != b:
            break
        shared += 1
    return shared


def _started(broadcaster: Broadcaster, project: Project) -> bool:
    return broadcaster.decorated or project.is_referenced(broadcaster.short_name)


def _starter_files(broadcaster: Broadcaster, project: Project) -> list[str]:
    """Backend files that name the broadcaster (call, await, schedule or pass it)."""
    return sorted(
        file.path
        for file in project.files
        if file.python is not None
        and not file.python.is_test
        and broadcaster.short_name in file.python.references
    )


def _example_pushes(project: Project, value: str, near: str) -> tuple[LinkedPush | None, LinkedPush | None]:
    """The closest started push of another known type: one from an event, one from a loop."""
    broadcasters = {(b.ref.path, b.name): b for b in project.broadcasters}
    event: list[tuple[int, str, LinkedPush]] = []
    loop: list[tuple[int, str, LinkedPush]] = []
    for linked in project.pushes:
        other = linked.type.value
        broadcaster = broadcasters.get((linked.push.ref.path, linked.push.function or ""))
        if other is None or other == value or broadcaster is None or not _started(broadcaster, project):
            continue
        rank = (-_closeness(near, linked.push.ref.path), _at(linked.push.ref), linked)
        (loop if linked.push.in_loop or broadcaster.loops else event).append(rank)
    best_event = min(event, key=lambda item: item[:2])[2] if event else None
    best_loop = min(loop, key=lambda item: item[:2])[2] if loop else None
    return best_event, best_loop


def missing_broadcaster(project: Project, linked: LinkedEndpoint, value: str) -> str:
    """WS201: how this project already pushes other types, to copy for ``value``."""
    event, loop = _example_pushes(project, value, linked.endpoint.handler_ref.path)
    ways = []
    if event is not None:
        push = event.push
        ways.append(
            f"where the data changes, call `.{push.method}(...)` with `{value}` as `{push.function}` "
            f"does for `{event.type.value}` at {_at(push.ref)}"
        )
    if loop is not None:
        push = loop.push
        broadcaster = next(
            b for b in project.broadcasters if b.ref.path == push.ref.path and b.name == push.function
        )
        starters = _starter_files(broadcaster, project)
        started = f", started from {starters[0]}" if starters else ""
        # an example that waits for events (a relay, a queue) is no poller to copy the comparing from
        relays = bool(broadcaster.loops) and all(push_loop.event_driven for push_loop in broadcaster.loops)
        how = (
            "push from a background task that waits for the change"
            if relays
            else "poll in a background task that compares with the last state it sent"
        )
        example = f"`{push.function}` at {_at(broadcaster.ref)} does for `{loop.type.value}`{started}"
        ways.append(f"{how}, like {example}")
    if not ways:
        return (
            f"Push `{value}` again whenever it changes: where the data changes, "
            f'`await manager.broadcast({{"type": "{value}", "data": ...}})` on the connection manager '
            "the endpoint's sockets are registered with; or a background task that compares with the "
            "last state it sent, started with the application (`asyncio.create_task(...)` in its "
            "lifespan or startup handler)" + _explain("WS201") + "."
        )
    return f"Push `{value}` again whenever it changes: " + "; or ".join(ways) + _explain("WS201") + "."


def _sent_at(project: Project, value: str) -> SourceRef | None:
    refs = [item.ref for item in project.sent_types() if item.value == value]
    return min(refs) if refs else None


def unknown_message_type(
    project: Project, value: str, unrun: Iterable[str] = (), unreceived: str = ""
) -> str:
    """WS303: start the code that sends the type, relay the channel it is published on, or the
    type the backend sends closest to it.

    ``unrun``: the functions that send ``value`` but that no code of the project runs;
    ``unreceived``: the broker channels it is published on that nothing subscribes to.
    """
    senders = sorted(unrun)
    if unreceived and not senders:
        return (
            f"Subscribe to {unreceived} and forward what arrives to the sockets (a task started in "
            f"the lifespan), or publish `{value}` on a channel a relay already forwards"
            + _explain("WS303") + "."
        )
    if senders:
        names = ", ".join(f"`{name}`" for name in senders)
        return (
            f"Start {names} where the application starts (a lifespan or startup handler, "
            "`asyncio.create_task(...)`), or send `" + value + "` where that event happens"
            + _explain("WS303") + "."
        )
    sent = sorted({item.value for item in project.sent_types(live=True) if item.value is not None})
    close = difflib.get_close_matches(value, sent, n=1)
    if close:
        where = _sent_at(project, close[0])
        at = f" (sent at {_at(where)})" if where else ""
        return (
            f"The closest type the backend sends is `{close[0]}`{at}: compare with that exact string, "
            f"or make the backend send `{value}` where that event happens" + _explain("WS303") + "."
        )
    listed = ", ".join(f"`{item}`" for item in sent[:5]) + (" and more" if len(sent) > 5 else "")
    known = f" ({listed})" if sent else ""
    return (
        f"Compare with a type the backend sends{known}, or make the backend send `{value}` where "
        "that event happens" + _explain("WS303") + "."
    )


def unknown_endpoint(project: Project, path: str) -> str:
    """WS304: the route the backend serves that is closest to the URL opened."""
    routes = {linked.served_path: linked for linked in project.endpoints}
    close = difflib.get_close_matches(path, sorted(routes), n=1)
    if close:
        endpoint = routes[close[0]].endpoint
        return (
            f"Open `{close[0]}` (served by `{endpoint.handler}` at {_at(endpoint.ref)}) if that is the "
            f"socket meant, or add a route for `{path}`" + _explain("WS304") + "."
        )
    listed = ", ".join(f"`{route}`" for route in sorted(routes)[:5])
    return f"Open a path the backend serves ({listed}), or add a route for `{path}`" + _explain("WS304") + "."


def _helper_module(project: Project) -> tuple[str, list[str]] | None:
    """The file most URL helpers live in, and their names there."""
    files = Counter(helper.ref.path for helper in project.url_helpers)
    if not files:
        return None
    module = min(files, key=lambda path: (-files[path], path))
    return module, sorted(helper.name for helper in project.url_helpers if helper.ref.path == module)


def _example_hook(project: Project, others: Iterable[LinkedEndpoint]) -> tuple[str, str, str] | None:
    """A hook that opens another endpoint: (hook, its file, the route it opens)."""
    found = []
    for linked in others:
        for url in project.client_urls_of(linked):
            if url.function and url.function.startswith("use"):
                found.append((url.function, url.ref.path, linked.served_path))
    return min(found) if found else None


def endpoint_without_client(project: Project, linked: LinkedEndpoint) -> str:
    """WS302: where this project keeps its socket URLs and how it opens them."""
    route = linked.served_path
    parts = []
    helpers = _helper_module(project)
    if helpers is not None:
        module, names = helpers
        shown = ", ".join(f"`{name}`" for name in names[:3])
        parts.append(f"add a URL helper for `{route}` in {module} beside {shown}")
    hook = _example_hook(project, (other for other in project.endpoints if other is not linked))
    if hook is not None:
        name, path, other_route = hook
        parts.append(f"open it from a hook as `{name}` in {path} opens `{other_route}`")
    if not parts:
        parts.append(f"open `{route}` from the frontend in a hook that returns its data and connection state")
    text = " and ".join(parts)
    return (
        text[0].upper() + text[1:] + "; or remove the route if no client needs it" + _explain("WS302") + "."
    )


def broadcaster_never_started(project: Project, broadcaster: Broadcaster) -> str:
    """WS202: where this project starts its other background tasks."""
    call = f"asyncio.create_task({'self.' if broadcaster.is_method else ''}{broadcaster.short_name}())"
    examples = sorted(
        (-_closeness(broadcaster.ref.path, other.ref.path), other.name, starters[0])
        for other in project.broadcasters
        if other is not broadcaster
        and other.loops
        and project.is_referenced(other.short_name)
        and (starters := _starter_files(other, project))
    )
    if examples:
        _, name, starter = examples[0]
        where = f"where this project starts `{name}`, in {starter}"
    else:
        where = "where the application starts its background work (a lifespan or startup handler)"
    return (
        f"Start it {where}: `{call}`; or call it from the code where the data changes"
        + _explain("WS202")
        + "."
    )


def missing_url_helper(project: Project, linked: LinkedEndpoint) -> str:
    """WS301: the module that keeps this project's URL helpers."""
    helpers = _helper_module(project)
    if helpers is None:
        return (
            f"Add a URL helper for `{linked.served_path}` beside the project's others"
            + _explain("WS301")
            + "."
        )
    module, names = helpers
    shown = ", ".join(f"`{name}`" for name in names[:3])
    return (
        f"Add a URL helper for `{linked.served_path}` in {module} beside {shown}, and open the socket "
        "through it" + _explain("WS301") + "."
    )


def unhandled_broadcast_type(project: Project, value: str, sent_from: str) -> str:
    """WS206: where the frontend handles the other message types."""
    handled = sorted(
        (-_closeness(sent_from, item.type.ref.path), item.type.ref.path, item.type.ref.line, item.type.value)
        for item in project.expectations
        if item.type.value is not None and item.expected.how != "interface"
    )
    if not handled:
        return f"Handle `{value}` in the frontend, or stop broadcasting it" + _explain("WS206") + "."
    _, path, line, other = handled[0]
    return (
        f"Handle `{value}` where the frontend handles `{other}` ({path}:{line}), correct the type to "
        "one the frontend expects, or stop broadcasting it" + _explain("WS206") + "."
    )
