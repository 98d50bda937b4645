"""WebSocket hooks, the components that use them, and ``refetchInterval`` polling."""

from __future__ import annotations

import re

from wslint.facts import HelperCall, Hook, HookUse, Polling
from wslint.typescript_facts._index import Index, Scope
from wslint.typescript_facts._syntax import Node, Text, arguments, callee_name, object_entries, strip
from wslint.typescript_facts._urls import WS_HOOK_RE, Site, is_socket_hook
from wslint.typescript_facts._values import object_literal

HOOK_NAME_RE = re.compile(r"^use[A-Z0-9_]")
RETURNED_STATE = frozenset(
    {
        "isConnected",
        "connected",
        "connectionState",
        "readyState",
        "status",
        "connectionStatus",
        "connectionQuality",
    }
)
READ_STATE = RETURNED_STATE | {"lastUpdated", "isConnecting", "isReconnecting", "reconnectAttempts", "isOpen"}
_NUMERIC = frozenset({"number", "binary_expression", "unary_expression", "parenthesized_expression"})


def hook_scopes(index: Index) -> dict[str, Scope]:
    hooks: dict[str, Scope] = {}
    for scope in index.functions.values():
        label = scope.label
        if label and HOOK_NAME_RE.match(label) and scope.top == label and scope.parent is index.module_scope:
            hooks.setdefault(label, scope)
    return hooks


def extract_hooks(
    index: Index,
    text: Text,
    sites: list[Site],
    helper_calls: list[HelperCall],
    configured_hooks: frozenset[str] = frozenset(),
) -> tuple[list[Hook], list[HookUse]]:
    candidates = hook_scopes(index)
    opening = {site.scope.top for site in sites} | {call.function for call in helper_calls}
    calls_by_top: dict[str, set[str]] = {}
    for call, scope in index.calls:
        name = callee_name(call, text)
        if scope.top and name:
            calls_by_top.setdefault(scope.top, set()).add(name)
    ws_hooks = {name for name in candidates if name in opening or name in configured_hooks}
    changed = True
    while changed:  # a hook that calls a WebSocket hook opens a connection too
        changed = False
        for name in candidates:
            called = calls_by_top.get(name, set())
            if name not in ws_hooks and any(
                c in ws_hooks or is_socket_hook(c, configured_hooks) for c in called if c != name
            ):
                ws_hooks.add(name)
                changed = True
    socket_hooks = ws_hooks | configured_hooks  # calls of these open a socket, wherever they are defined
    query_keys = _query_keys_by_function(index, text, sites, socket_hooks)
    returns: dict[int, list[Node]] = {}
    for node, scope in index.returns:
        returns.setdefault(id(scope), []).append(node)
    hooks = [
        _hook(
            name,
            candidates[name],
            returns.get(id(candidates[name]), []),
            index,
            text,
            socket_hooks,
            query_keys.get(name, ()),
        )
        for name in sorted(ws_hooks)
    ]
    uses: list[HookUse] = []
    for call, scope in index.calls:
        name = callee_name(call, text)
        if call.type != "call_expression" or not name or not _is_ws_hook_call(call, text, socket_hooks):
            continue
        uses.append(HookUse(name, scope.top, text.ref(call), _reads_state(call, scope, text)))
    return sorted(hooks, key=lambda h: (h.ref.line, h.ref.col)), uses


def _query_keys_by_function(
    index: Index, text: Text, sites: list[Site], ws_hooks: set[str]
) -> dict[str, tuple[str, ...]]:
    """``queryKey`` options handed to socket hooks (``useReliableWebSocket({url, queryKey})``)."""
    site_calls = {site.call.id for site in sites}
    keys: dict[str, tuple[str, ...]] = {}
    for call, scope in index.calls:
        if scope.top is None or not (call.id in site_calls or _is_ws_hook_call(call, text, ws_hooks)):
            continue
        for arg in arguments(call):
            obj = object_literal(arg, text)
            for key, _key_node, value in object_entries(obj, text) if obj is not None else ():
                if key == "queryKey" and text.of(value) not in keys.get(scope.top, ()):
                    keys[scope.top] = (*keys.get(scope.top, ()), text.of(value))
    return keys


def _hook(
    name: str,
    scope: Scope,
    returned: list[Node],
    index: Index,
    text: Text,
    ws_hooks: set[str],
    query_keys: tuple[str, ...],
) -> Hook:
    function = scope.node
    assert function is not None
    name_node = function.child_by_field_name("name")
    declaration: Node | None = function
    if name_node is None:  # ``const useX = () => ...``: named by its declarator
        declarator = function.parent
        while declarator is not None and declarator.type != "variable_declarator":
            declarator = declarator.parent
        name_node = declarator.child_by_field_name("name") if declarator is not None else function
        declaration = declarator.parent if declarator is not None else function
    if (
        declaration is not None
        and declaration.parent is not None
        and declaration.parent.type == "export_statement"
    ):
        declaration = declaration.parent
    comment = declaration.prev_sibling if declaration is not None else None
    has_jsdoc = comment is not None and comment.type == "comment" and text.of(comment).startswith("/**")
    expressions = [r.named_children[0] for r in returned if r.named_child_count]
    body = function.child_by_field_name("body")
    if body is not None and body.type != "statement_block":
        expressions.append(body)
    returns_state = any(_is_state(e, scope, text, ws_hooks, 0) for e in expressions)
    return Hook(
        name, text.ref(name_node or function), name in index.exported, returns_state, has_jsdoc, query_keys
    )


def _is_ws_hook_call(node: Node | None, text: Text, ws_hooks: set[str]) -> bool:
    name = callee_name(node, text) if node is not None and node.type == "call_expression" else None
    return bool(name and (name in ws_hooks or WS_HOOK_RE.match(name)))


def _is_state(node: Node | None, scope: Scope, text: Text, ws_hooks: set[str], hops: int) -> bool:
    node = strip(node)
    if node is None or hops > 4:
        return False
    if _is_ws_hook_call(node, text, ws_hooks):
        return True
    if node.type == "identifier":
        name = text.of(node)
        if name in RETURNED_STATE:
            return True
        binding = scope.lookup(name)
        if binding is not None and binding.kind == "const":
            return _is_state(binding.node, binding.scope, text, ws_hooks, hops + 1)
        return False
    if node.type == "object":
        for child in node.named_children:
            if child.type == "spread_element" and _is_state(
                child.named_children[0], scope, text, ws_hooks, hops + 1
            ):
                return True
        return any(key in RETURNED_STATE for key, _k, _v in object_entries(node, text))
    if node.type == "array":
        return any(_is_state(child, scope, text, ws_hooks, hops + 1) for child in node.named_children)
    return False


def _reads_state(call: Node, scope: Scope, text: Text) -> bool:
    parent = call.parent
    while parent is not None and parent.type in (
        "parenthesized_expression",
        "as_expression",
        "non_null_expression",
    ):
        parent = parent.parent
    if parent is None:
        return False
    if parent.type == "member_expression":
        prop = parent.child_by_field_name("property")
        return prop is not None and text.of(prop) in READ_STATE
    if parent.type != "variable_declarator":
        return parent.type in (
            "return_statement",
            "arrow_function",
            "arguments",
            "jsx_expression",
            "spread_element",
        )
    pattern = parent.child_by_field_name("name")
    if pattern is None:
        return False
    if pattern.type == "object_pattern":
        for child in pattern.named_children:
            if child.type == "rest_pattern":
                return True  # ``...rest`` passes the state on
            key = child.child_by_field_name("key") if child.type == "pair_pattern" else child
            if child.type == "object_assignment_pattern":
                key = child.child_by_field_name("left")
            if key is not None and text.of(key) in READ_STATE:
                return True
        return False
    if pattern.type == "array_pattern":
        return any(text.of(child) in READ_STATE for child in pattern.named_children)
    if pattern.type != "identifier":
        return False
    # ``const ws = useX()``: reads ``ws.isConnected``, or hands ``ws`` on (props, spread, return)
    owner = scope.node if scope.node is not None else parent
    body = text.source[owner.start_byte : owner.end_byte]
    declared_at = pattern.start_byte - owner.start_byte
    name = re.escape(text.of(pattern).encode())
    state = "|".join(sorted(READ_STATE)).encode()
    if re.search(rb"(?<![\w$.])" + name + rb"\s*\??\.\s*(?:" + state + rb")\b", body):
        return True
    for match in re.finditer(rb"(?<![\w$])(?:(?<=\.\.\.)|(?<!\.))" + name + rb"(?![\w$])(\s*\??\.)?", body):
        if match.start() != declared_at and not match.group(1):
            return True
    return False


def extract_polling(index: Index, text: Text) -> list[Polling]:
    found: list[Polling] = []
    for node, scope in index.refetch:
        if node.type == "shorthand_property_identifier":
            key, value_text, conditional = node, text.of(node), True
        else:
            key = node.child_by_field_name("key") or node
            value = node.child_by_field_name("value")
            value_text = text.of(value)
            conditional = not _numeric(value) and value_text not in ("false", "true")
        obj = node.parent
        query_key = _query_key(obj, text) if obj is not None else None
        disabled = value_text in ("false", "0")
        found.append(Polling(text.ref(key), value_text, disabled, conditional, query_key, scope.top))
    return found


def _numeric(node: Node | None) -> bool:
    if node is None or node.type not in _NUMERIC:
        return False
    if node.type == "number":
        return True
    if node.type == "binary_expression":
        return _numeric(node.child_by_field_name("left")) and _numeric(node.child_by_field_name("right"))
    return all(_numeric(child) for child in node.named_children)


def _query_key(obj: Node, text: Text) -> str | None:
    for key, _key_node, value in object_entries(obj, text):
        if key == "queryKey":
            return text.of(value)
    args = obj.parent  # react-query v3: ``useQuery(['key'], fetcher, { refetchInterval })``
    if args is not None and args.type == "arguments" and object_literal(args.named_children[0], text) is None:
        first = args.named_children[0]
        if first.type in ("array", "string", "template_string") and first != obj:
            return text.of(first)
    return None
