"""Socket callbacks: the functions that receive a socket's messages.

Reads the index's functions (a handler's name: ``handleChatMessage``, ``onmessage``), assignments
(``ws.onmessage = ...``) and calls (``ws.addEventListener('message', ...)``, ``client.onMessage(...)``,
a socket hook's callback, a handler key of an options object). Produces the ids of those function
nodes, and marks the parameters that receive a raw ``MessageEvent`` (``raw_event``): its own
``.type`` is "message", not a message type. Handlers of another channel (an extension's runtime
messaging, the page's ``postMessage``) are no socket callbacks.
"""

from __future__ import annotations

import re

from wslint.typescript_facts._index import Index, Scope
from wslint.typescript_facts._syntax import (
    FUNCTION_TYPES,
    Node,
    Text,
    arguments,
    callee_name,
    dotted,
    property_key,
    string_value,
    strip,
)
from wslint.typescript_facts._values import MAX_HOPS, object_literal

HANDLER_NAME_RE = re.compile(r"^(?:handle|on)\w*Message$|^onmessage$")
# Message channels that are not sockets: a browser extension's runtime messaging, and
# ``postMessage`` between the page, its frames and workers.
_EXTENSION_LISTENERS = (".onMessage.addListener", ".onMessageExternal.addListener")
_PAGE_OBJECTS = frozenset({"window", "self", "globalThis", "parent", "top"})
# ... and the objects of other channels a page opens: server-sent events (``EventSource`` and its
# polyfills, ``fetchEventSource``), workers, other tabs. Their messages are no socket's.
_OTHER_CHANNEL = re.compile(r"EventSource|^(?:Shared)?Worker$|^BroadcastChannel$|^MessageChannel$")
_OTHER_CHANNEL_BYTES = (b"EventSource", b"Worker", b"BroadcastChannel", b"MessageChannel")


def find_callbacks(index: Index, text: Text, site_calls: set[int]) -> set[int]:
    """Ids of the function nodes that receive socket messages; ``site_calls`` are the ids of the
    calls that open sockets."""
    callbacks: set[int] = set()
    not_sockets = _PAGE_OBJECTS | _other_channel_objects(index, text)
    other_names, other_handlers = _other_channel_handlers(index, text, not_sockets)
    for scope in index.functions.values():
        if (
            scope.node is not None
            and scope.label
            and HANDLER_NAME_RE.match(scope.label)
            and scope.label not in other_names
            and scope.node.id not in other_handlers
        ):
            callbacks.add(scope.node.id)
    for node, scope in index.assignments:
        left = node.child_by_field_name("left")
        if (
            left is not None
            and left.type == "member_expression"
            and text.of(left).endswith(".onmessage")
            and not _of(text.of(left).rpartition(".")[0], not_sockets)
        ):
            _mark(node.child_by_field_name("right"), scope, index, text, callbacks, raw=True)
    # a handler's name or key (``onMessage``, ``handleChatMessage``, ``onmessage``) spells one
    handler_names = b"Message" in text.source or b"onmessage" in text.source
    for call, scope in index.calls:
        name = callee_name(call, text)
        if not (handler_names or name in ("addEventListener", "on") or call.id in site_calls):
            continue  # none of the callbacks below
        args = arguments(call)
        if (
            name in ("addEventListener", "on")
            and len(args) >= 2
            and string_value(args[0], text) == "message"
            and not _of(
                (dotted(strip(call.child_by_field_name("function")), text) or "").rpartition(".")[0],
                not_sockets,
            )
        ):
            _mark(args[1], scope, index, text, callbacks, raw=name == "addEventListener")
        elif name and HANDLER_NAME_RE.match(name) and args:  # ``client.onMessage((msg) => ...)``
            _mark(args[-1], scope, index, text, callbacks, raw=False)
        elif call.id in site_calls and call.type == "call_expression" and len(args) >= 2:
            # ``useSocket('/ws/metrics', (msg) => ...)``: a socket hook's callback gets its messages
            last = strip(args[-1])
            if last is not None and last.type in FUNCTION_TYPES:
                _mark(last, scope, index, text, callbacks, raw=False)
        for arg in args if handler_names and not (name and "EventSource" in name) else ():
            obj = object_literal(arg, text)
            if obj is None:
                continue
            for child in obj.named_children:
                if child.type != "pair":
                    continue
                key = property_key(child.child_by_field_name("key"), text)
                value = strip(child.child_by_field_name("value"))
                if key and HANDLER_NAME_RE.match(key) and value is not None and value.type == "identifier":
                    _mark(value, scope, index, text, callbacks, raw=False)
    # ``JSON.parse(event.data)``: ``event`` is a MessageEvent, its own ``.type`` is "message"
    for call, scope in index.calls:
        if callee_name(call, text) == "parse" and is_json_parse(call, text):
            args = arguments(call)
            source = strip(args[0]) if args else None
            owner = strip(source.child_by_field_name("object")) if source is not None else None
            if source is not None and source.type == "member_expression" and owner is not None:
                parsed = scope.lookup(text.of(owner)) if owner.type == "identifier" else None
                if parsed is not None and parsed.kind == "param":
                    parsed.raw_event = True
    return callbacks


def is_json_parse(call: Node, text: Text) -> bool:
    return (
        call.type == "call_expression" and dotted(call.child_by_field_name("function"), text) == "JSON.parse"
    )


def _of(owner: str, objects: frozenset[str]) -> bool:
    """``owner`` is one of ``objects`` or a member of one (``worker.port``)."""
    return owner in objects or owner.partition(".")[0] in objects


def _other_channel_objects(index: Index, text: Text) -> frozenset[str]:
    """What a file sets to a channel other than a socket (``const source = new EventSource(url)``,
    ``this.worker = new Worker(...)``), as written."""
    if not any(word in text.source for word in _OTHER_CHANNEL_BYTES):
        return frozenset()
    found: set[str] = set()
    pairs = [
        (node.child_by_field_name("name"), node.child_by_field_name("value")) for node, _ in index.declarators
    ]
    pairs += [
        (node.child_by_field_name("left"), node.child_by_field_name("right")) for node, _ in index.assignments
    ]
    for target, value in pairs:
        value = strip(value)
        if target is None or value is None or value.type != "new_expression":
            continue
        name = callee_name(value, text)
        if name and _OTHER_CHANNEL.search(name) and target.type in ("identifier", "member_expression"):
            found.add(text.of(target))
    return frozenset(found)


def _other_channel_handlers(
    index: Index, text: Text, not_sockets: frozenset[str]
) -> tuple[set[str], set[int]]:
    """Names and function nodes (by id) of the handlers of a channel other than a socket: an
    extension's runtime messaging (``chrome.runtime.onMessage.addListener``), the page's
    ``postMessage`` (``window.addEventListener('message', ...)``), server-sent events, a worker
    (``source.onmessage = handleMessage``, ``fetchEventSource(url, { onmessage(ev) {...} })``),
    and those they call."""
    handlers: set[int] = set()
    names: set[str] = set()
    targets: list[Node | None] = []
    for node, _scope in index.assignments:
        left = node.child_by_field_name("left")
        if (
            left is not None
            and left.type == "member_expression"
            and text.of(left).endswith(".onmessage")
            and _of(text.of(left).rpartition(".")[0], not_sockets - _PAGE_OBJECTS)
        ):
            targets.append(strip(node.child_by_field_name("right")))
    for call, _scope in index.calls:
        name = callee_name(call, text)
        if name and "EventSource" in name:  # the handlers in its options
            for arg in arguments(call):
                obj = object_literal(arg, text)
                for child in obj.named_children if obj is not None else ():
                    if child.type == "method_definition":
                        targets.append(child)
                    elif child.type == "pair":
                        targets.append(strip(child.child_by_field_name("value")))
            continue
        if name not in ("addListener", "addEventListener"):
            continue  # neither listener below
        callee = dotted(strip(call.child_by_field_name("function")), text) or ""
        args = arguments(call)
        if callee.endswith(_EXTENSION_LISTENERS) and args:
            targets.append(strip(args[0]))
        elif (
            _of(callee.rpartition(".")[0], not_sockets)
            and callee.endswith(".addEventListener")
            and len(args) >= 2
            and string_value(args[0], text) == "message"
        ):
            targets.append(strip(args[1]))
    for target in targets:
        if target is None:
            continue
        if target.type == "identifier":
            names.add(text.of(target))
        elif target.type in FUNCTION_TYPES:
            handlers.add(target.id)
    for call, scope in index.calls if handlers else ():
        function = strip(call.child_by_field_name("function"))
        if (
            function is not None
            and function.type == "identifier"
            and any(s.node is not None and s.node.id in handlers for s in scope.chain())
        ):
            names.add(text.of(function))
    return names, handlers


def _mark(
    node: Node | None, scope: Scope, index: Index, text: Text, callbacks: set[int], raw: bool
) -> None:
    """Add the function ``node`` is, or names through consts and ``useCallback``, to ``callbacks``;
    ``raw``: its parameters receive the ``MessageEvent`` itself."""
    for _ in range(MAX_HOPS):
        node = strip(node)
        if node is None:
            return
        if node.type == "call_expression" and callee_name(node, text) == "useCallback":
            args = arguments(node)
            node = args[0] if args else None
            continue
        if node.type in FUNCTION_TYPES:
            callbacks.add(node.id)
            if raw:
                inner = index.functions.get(node.id)
                for binding in inner.bindings.values() if inner else ():
                    if binding.kind == "param" and binding.node == node:
                        binding.raw_event = True
            return
        if node.type != "identifier":
            return
        found = scope.lookup(text.of(node))
        if found is None or found.kind not in ("const", "function"):
            return
        node, scope = found.node, found.scope
