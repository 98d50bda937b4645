"""Where socket code puts what it receives: the HTTP query cache (the queries it feeds are served
over the socket) and client-side stores (a poller writing the same store polls what the socket serves)."""

from __future__ import annotations

import re

from wslint.facts import QueryFeed, StoreWrite
from wslint.typescript_facts._index import Index, Scope
from wslint.typescript_facts._message_fields import hook_symbol
from wslint.typescript_facts._message_origins import MessageAnalysis
from wslint.typescript_facts._syntax import (
    FUNCTION_TYPES,
    Node,
    Text,
    arguments,
    callee_name,
    object_entries,
    strip,
)
from wslint.typescript_facts._urls import return_expression
from wslint.typescript_facts._values import object_literal

# TanStack Query's cache writes: ``setQueryData`` replaces one query's data; the others mark every
# query whose key starts with the given one as stale, so it is fetched again from the socket's news.
_WRITES = frozenset({"setQueryData", "setQueriesData", "invalidateQueries", "refetchQueries", "resetQueries"})


def _opening(analysis: MessageAnalysis, socket_hooks: set[str]) -> set[str]:
    """Functions that open a socket: hooks that do, and those with an opening call in them."""
    return socket_hooks | {site.scope.top for site in analysis.sites if site.scope.top}


def extract_query_feeds(
    index: Index, text: Text, analysis: MessageAnalysis, socket_hooks: set[str]
) -> list[QueryFeed]:
    """Cache writes in a socket's message callback, in a hook that opens a socket, or in a function
    that opens one (a component reacting to ``lastMessage``)."""
    opening = _opening(analysis, socket_hooks)
    feeds: list[QueryFeed] = []
    for call, scope in index.calls:
        name = callee_name(call, text)
        if name not in _WRITES or call.type != "call_expression":
            continue
        if not (scope.top in opening or analysis.in_callback(scope)):
            continue
        args = arguments(call)
        key = strip(args[0]) if args else None
        obj = object_literal(key, text)
        if obj is not None:
            key = next((value for entry, _k, value in object_entries(obj, text) if entry == "queryKey"), None)
        if key is None or key.type not in (
            "array",
            "string",
            "template_string",
            "identifier",
            "member_expression",
        ):
            continue
        feeds.append(QueryFeed(text.of(key), text.ref(call), scope.top, prefix=not name.startswith("set")))
    return feeds


# zustand's convention: ``useOrderStore``, ``useChatStore``
_STORE_HOOK = re.compile(r"^use\w*Store$")


def extract_store_writes(
    index: Index, text: Text, analysis: MessageAnalysis, socket_hooks: set[str]
) -> list[StoreWrite]:
    """Calls of a store's actions: ``useStore.getState().setX(...)``, ``useStore.setState(...)``,
    and ``setX(...)`` where ``const setX = useStore((s) => s.setX)`` or ``const { setX } = useStore()``."""
    if b"Store" not in text.source:
        return []  # no store hook (``useOrderStore``) to write through
    opening = _opening(analysis, socket_hooks)
    writes: list[StoreWrite] = []
    for call, scope in index.calls:
        if call.type != "call_expression":
            continue
        target = _store_action(strip(call.child_by_field_name("function")), scope, analysis)
        if target is None:
            continue
        store, member = target
        from_socket = scope.top in opening or analysis.in_callback(scope)
        writes.append(StoreWrite(store, member, text.ref(call), scope.top, from_socket))
    return writes


def _store_action(callee: Node | None, scope: Scope, analysis: MessageAnalysis) -> tuple[str, str] | None:
    text = analysis.text
    if callee is None:
        return None
    if callee.type == "member_expression":
        member = text.of(callee.child_by_field_name("property"))
        owner = strip(callee.child_by_field_name("object"))
        if owner is not None and owner.type == "identifier" and member == "setState":
            store = _store_symbol(owner, scope, analysis)
            return (store, member) if store else None
        # ``useStore.getState().setOrders``
        if owner is not None and owner.type == "call_expression" and callee_name(owner, text) == "getState":
            getter = strip(owner.child_by_field_name("function"))
            root = strip(getter.child_by_field_name("object")) if getter is not None else None
            store = _store_symbol(root, scope, analysis)
            return (store, member) if store else None
        return None
    if callee.type != "identifier":
        return None
    binding = scope.lookup(text.of(callee))
    if binding is None or binding.node is None:
        return None
    value = strip(binding.node)
    if value is None or value.type != "call_expression":
        return None
    store = _store_symbol(strip(value.child_by_field_name("function")), binding.scope, analysis)
    if store is None:
        return None
    if binding.kind == "destructure" and binding.key:  # ``const { setOrders } = useOrderStore()``
        return store, binding.key
    if binding.kind == "const":  # ``const setOrders = useOrderStore((s) => s.setOrders)``
        args = arguments(value)
        selector = strip(args[0]) if args else None
        if selector is not None and selector.type in FUNCTION_TYPES:
            picked = strip(return_expression(selector))
            if picked is not None and picked.type == "member_expression":
                return store, text.of(picked.child_by_field_name("property"))
    return None


def _store_symbol(node: Node | None, scope: Scope, analysis: MessageAnalysis) -> str | None:
    if node is None or node.type != "identifier" or not _STORE_HOOK.match(analysis.text.of(node)):
        return None
    return hook_symbol(analysis, node, scope)
