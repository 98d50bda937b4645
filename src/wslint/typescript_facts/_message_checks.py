"""Type checks: the message types the code tells apart where a message arrives.

Reads the index's comparisons (``msg.type === "queue_update"``), switches (``case "queue_update":``),
subscripts (``handlers[msg.type]``: the keys of that handler map) and calls
(``["a", "b"].includes(msg.type)``, ``socket.on("queue_update", ...)``, ``useSocketEvent("x", ...)``).
Produces an ``ExpectedType`` for each, ``how`` it was checked ("compare", "switch", "handler-map",
"listener"), with the hook and field its message came from when it was read from a hook's result.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from wslint.facts import ExpectedType, TypeValue
from wslint.typescript_facts._hooks import HOOK_NAME_RE
from wslint.typescript_facts._index import Scope
from wslint.typescript_facts._message_fields import hook_field
from wslint.typescript_facts._message_origins import SOCKET_WORDS, MessageAnalysis
from wslint.typescript_facts._syntax import (
    Node,
    arguments,
    callee_name,
    dotted,
    property_key,
    string_value,
    strip,
    words,
)
from wslint.typescript_facts._values import object_literal
from wslint.vocabulary import ANNOTATED, DOM_EVENTS, RESERVED_EVENTS, SUBSCRIBED

# ``includes`` / ``has`` / ``get`` of a collection of types (an array, a Set, a Map of handlers)
_MEMBERSHIP = frozenset({"includes", "has", "get"})
LISTENER_METHODS = frozenset(
    {"on", "once", "subscribe", "addEventListener", "addListener", "addMessageListener"}
)


def find_checks(analysis: MessageAnalysis) -> list[ExpectedType]:
    found: list[ExpectedType] = []
    index = analysis.index
    resolve = analysis.resolver.resolve
    for node, scope in index.compares:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if source := type_source(analysis, left, scope):
            _add(found, resolve(right, scope), scope, "compare", source)
        elif source := type_source(analysis, right, scope):
            _add(found, resolve(left, scope), scope, "compare", source)
        elif annotated_type(analysis, left, scope):
            _add(found, resolve(right, scope), scope, ANNOTATED)
        elif annotated_type(analysis, right, scope):
            _add(found, resolve(left, scope), scope, ANNOTATED)
    for node, scope in index.switches:
        value = node.child_by_field_name("value")
        source = type_source(analysis, value, scope)
        how = "switch" if source else ANNOTATED if annotated_type(analysis, value, scope) else None
        if how is None:
            continue
        body = node.child_by_field_name("body")
        for case in body.named_children if body is not None else ():
            if case.type == "switch_case":
                _add(found, resolve(case.child_by_field_name("value"), scope), scope, how, source or True)
    for node, scope in index.subscripts:
        if source := type_source(analysis, node.child_by_field_name("index"), scope):
            _handler_map(analysis, found, node.child_by_field_name("object"), scope, source)
    for call, scope in index.calls:
        _call_check(analysis, found, call, scope)
    return found


def type_source(analysis: MessageAnalysis, node: Node | None, scope: Scope) -> tuple[str, str] | bool:
    """True for a message's ``type`` (see ``is_type_expression``); ``(hook, field)`` for the
    ``type`` of a hook result's field, a message if the hook returns one there; else False."""
    if is_type_expression(analysis, node, scope):
        return True
    node = strip(node)
    if node is None:
        return False
    text = analysis.text
    owner: Node | None = None
    owner_scope = scope
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        if prop is not None and text.of(prop) == "type":
            owner = node.child_by_field_name("object")
    elif node.type == "subscript_expression":
        if string_value(node.child_by_field_name("index"), text) == "type":
            owner = node.child_by_field_name("object")
    elif node.type == "identifier":
        binding = scope.lookup(text.of(node))
        if binding is not None and binding.kind == "destructure" and binding.key == "type":
            owner, owner_scope = binding.node, binding.scope
    return hook_field(analysis, owner, owner_scope) or False


def annotated_type(analysis: MessageAnalysis, node: Node | None, scope: Scope) -> bool:
    """The ``type`` of a value only its annotation calls a message (``action.payload.type`` in a
    reducer typed ``PayloadAction<ServerMessage>``): see ``ANNOTATED``."""
    return _type_field(analysis, node, scope, analysis.annotated_message, params=False)


def is_type_expression(analysis: MessageAnalysis, node: Node | None, scope: Scope) -> bool:
    """``msg.type``, ``msg?.type``, ``msg['type']``, or ``type`` destructured from a message."""
    return _type_field(analysis, node, scope, analysis.is_message, params=True)


def _type_field(
    analysis: MessageAnalysis,
    node: Node | None,
    scope: Scope,
    holds_message: Callable[[Node | None, Scope], bool],
    *,
    params: bool,
) -> bool:
    """``x.type``, ``x?.type``, ``x['type']`` or ``type`` destructured from ``x``, where
    ``holds_message`` says ``x`` is a message; with ``params``, also a ``type`` parameter of a
    message callback."""
    node = strip(node)
    if node is None:
        return False
    text = analysis.text
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        named = text.of(prop) if prop is not None else None
        return named == "type" and holds_message(node.child_by_field_name("object"), scope)
    if node.type == "subscript_expression":
        named = string_value(node.child_by_field_name("index"), text)
        return named == "type" and holds_message(node.child_by_field_name("object"), scope)
    if node.type == "identifier":
        binding = scope.lookup(text.of(node))
        if binding is None or binding.key != "type":
            return False
        if binding.kind == "destructure":
            return holds_message(binding.node, binding.scope)
        if params and binding.kind == "param" and binding.node is not None:
            return binding.node.id in analysis.callbacks and not binding.raw_event
    return False


def _add(
    found: list[ExpectedType],
    value: TypeValue | None,
    scope: Scope,
    how: str,
    source: tuple[str, str] | bool = True,
) -> None:
    if value is None:
        return
    hook, field = source if isinstance(source, tuple) else (None, None)
    found.append(ExpectedType(value, scope.top, how, hook=hook, hook_field=field))


def _handler_map(
    analysis: MessageAnalysis,
    found: list[ExpectedType],
    node: Node | None,
    scope: Scope,
    source: tuple[str, str] | bool,
) -> None:
    text = analysis.text
    node = strip(node)
    obj: Node | None = None
    owner = scope
    if node is not None and node.type == "identifier":
        binding = scope.lookup(text.of(node))
        if binding is not None and binding.kind == "const":
            obj, owner = object_literal(binding.node, text), binding.scope
            inner = strip(binding.node)
            if (
                obj is None
                and inner is not None
                and inner.type == "call_expression"
                and callee_name(inner, text) == "useMemo"
            ):
                # ``useMemo(() => ({...}), [])``
                args = arguments(inner)
                function = strip(args[0]) if args else None
                body = function.child_by_field_name("body") if function is not None else None
                obj = object_literal(body, text)
    elif node is not None:
        obj = object_literal(node, text)
    if obj is None:
        return
    for child in obj.named_children:
        key = child.child_by_field_name("key") if child.type in ("pair", "method_definition") else None
        if child.type == "method_definition":
            key = child.child_by_field_name("name")
        if key is None:
            continue
        if key.type == "computed_property_name" and key.named_child_count:
            _add(found, analysis.resolver.resolve(key.named_children[0], owner), scope, "handler-map", source)
        elif (name := property_key(key, text)) is not None:
            _add(found, TypeValue(text.ref(key), value=name), scope, "handler-map", source)


def _collection_keys(
    analysis: MessageAnalysis,
    found: list[ExpectedType],
    node: Node | None,
    scope: Scope,
    source: tuple[str, str] | bool,
) -> None:
    """The types a collection tells apart: ``['a', 'b'].includes(msg.type)``,
    ``TRADING.has(msg.type)`` of ``new Set(['halt', 'resume'])``, ``handlers.get(msg.type)?.(msg)``
    of ``new Map([['order_created', onCreated], ...])``; inline or a const."""
    text = analysis.text
    owner = scope
    collection = strip(node)
    if collection is not None and collection.type == "identifier":
        binding = scope.lookup(text.of(collection))
        if binding is None or binding.kind != "const":
            return
        collection, owner = strip(binding.node), binding.scope
    how = "compare"
    if collection is not None and collection.type == "new_expression":
        constructor = callee_name(collection, text)
        if constructor not in ("Set", "Map"):
            return
        how = "handler-map" if constructor == "Map" else how
        entries = arguments(collection)
        collection = strip(entries[0]) if entries else None
    if collection is None or collection.type != "array":
        return
    for item in collection.named_children:
        key = strip(item)
        if how == "handler-map":  # ``['order_created', onCreated]``
            key = strip(key.named_children[0]) if key is not None and key.type == "array" else None
        if key is not None:
            _add(found, analysis.resolver.resolve(key, owner), scope, how, source)


def _call_check(analysis: MessageAnalysis, found: list[ExpectedType], call: Node, scope: Scope) -> None:
    text = analysis.text
    name = callee_name(call, text)
    if not name or not (name in _MEMBERSHIP or name in LISTENER_METHODS or name.startswith("use")):
        return  # none of the checks below
    args = arguments(call)
    if not args:
        return
    function = strip(call.child_by_field_name("function"))
    if name in _MEMBERSHIP:
        if (
            function is not None
            and function.type == "member_expression"
            and (source := type_source(analysis, args[0], scope))
        ):
            _collection_keys(analysis, found, function.child_by_field_name("object"), scope, source)
        return
    if len(args) < 2:
        return
    listener = False
    if name in LISTENER_METHODS and function is not None and function.type == "member_expression":
        listener = _socketish(analysis, function.child_by_field_name("object"), scope)
    elif name in LISTENER_METHODS and function is not None and function.type == "identifier":
        # ``const { subscribe } = useRealtime()``: a socket hook's or context's own listener
        binding = scope.lookup(name)
        listener = (
            binding is not None
            and binding.kind == "destructure"
            and binding.key in LISTENER_METHODS
            and _of_socket_hook(analysis, binding.node)
        )
    elif re.match(r"^use\w*(?:Socket|Ws|WS)\w*(?:Event|Subscription|Listener|Message)s?$", name):
        listener = True  # ``useSocketEvent('queue_update', handler)``
    if listener:
        value = analysis.resolver.resolve(args[0], scope)
        if value is None or value.value in RESERVED_EVENTS:
            return
        if name == "addEventListener" and value.value in DOM_EVENTS:
            return
        _add(found, value, scope, SUBSCRIBED if name == "subscribe" else "listener")


def _socketish(analysis: MessageAnalysis, node: Node | None, scope: Scope) -> bool:
    """A socket's name (``ws``, ``chatSocket``), or a const bound to a call that opens one."""
    name = dotted(strip(node), analysis.text)
    if not name:
        return False
    if set(words(name)) & SOCKET_WORDS:
        return True
    binding = scope.lookup(name.split(".")[0])
    target = strip(binding.node) if binding is not None and binding.kind == "const" else None
    return target is not None and (target.id in analysis.site_calls or _of_socket_hook(analysis, target))


def _of_socket_hook(analysis: MessageAnalysis, node: Node | None) -> bool:
    """A call of a hook or a context named for a socket (``useRealtime()``,
    ``useContext(SocketContext)``): what it returns is that socket's client."""
    node = strip(node)
    if node is None or node.type != "call_expression":
        return False
    name = callee_name(node, analysis.text) or ""
    if name == "useContext":
        args = arguments(node)
        name = analysis.text.of(args[0]) if args else ""  # the context: ``SocketContext``
    elif not HOOK_NAME_RE.match(name):
        return False
    return bool(set(words(name)) & SOCKET_WORDS)
