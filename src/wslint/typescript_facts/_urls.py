"""WebSocket URLs: connections, URL helpers in config objects, and calls of those helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wslint.facts import Connection, HelperCall, UrlHelper
from wslint.typescript_facts._index import Index, Scope
from wslint.typescript_facts._syntax import (
    FUNCTION_TYPES,
    Node,
    Text,
    arguments,
    callee_name,
    dotted,
    object_entries,
    string_value,
    strip,
    unescape,
    words,
)
from wslint.typescript_facts._values import MAX_HOPS, MAX_OBJECT_DEPTH, object_literal, object_property

HOLE = "\x00"  # stands for a part of the URL the extractor cannot see
Part = tuple[str, Node | None]  # text (or HOLE) and the literal it comes from
MAX_EVAL_DEPTH = 40

WS_HOOK_RE = re.compile(r"^use\w*(?:WebSocket|Websocket|Socket|Ws|WS)\w*$")


def is_socket_hook(name: str, configured: frozenset[str]) -> bool:
    """A hook that opens a WebSocket: named like one, or listed in ``hook-names``."""
    return bool(WS_HOOK_RE.match(name)) or name in configured


HELPER_NAME_RE = re.compile(r"(?i)(?:ws|websocket|socket)_?(?:url|uri|endpoint|path)s?$")
WS_KEYS = frozenset({"websocket", "websockets", "ws", "sockets", "socket", "wsurls", "wsendpoints"})
# Methods of sockets and collections: calling them is not asking a helper for a URL.
NOT_HELPERS = frozenset(
    {
        "send", "close", "on", "off", "once", "emit", "addEventListener", "removeEventListener",
        "subscribe", "unsubscribe", "connect", "disconnect", "reconnect", "open", "get", "set",
        "has", "delete", "forEach", "map", "filter", "push", "clear", "values", "keys", "entries",
        "sendMessage", "sendJsonMessage", "getWebSocket", "current", "log", "error", "warn",
    }
)  # fmt: skip
_OBJECT_ROOTS = frozenset({"this", "_this", "self", "that"})  # ``this.ws.send``: a socket, not a config
# Functions that make a socket from a URL (``createWebSocket(url)``, rxjs ``webSocket(url)``).
_FACTORY_RE = re.compile(r"^(?:(?:create|connect|open|make|init|new|get)\w*WebSocket|webSocket)$")
_ENV_ROOTS = ("process.env", "import.meta", "window.", "location.", "document.", "globalThis.", "self.")


def _is_env(name: str) -> bool:
    return name.startswith(_ENV_ROOTS) or name in ("window", "location", "document")


def _has_literal(parts: list[Part]) -> bool:
    return any(text and text != HOLE for text, _ in parts)


def _joined(parts: list[Part]) -> str:
    return "".join(text for text, _ in parts)


def _is_nullish(node: Node | None, text: Text) -> bool:
    node = strip(node)
    return node is not None and (
        node.type in ("null", "undefined") or text.of(node) in ("undefined", "''", '""')
    )


def return_expression(function: Node) -> Node | None:
    """The expression a function returns: its expression body or its last top-level ``return``."""
    body = function.child_by_field_name("body")
    if body is None:
        return None
    if body.type != "statement_block":
        return body
    for statement in reversed(body.named_children):
        if statement.type == "return_statement":
            return statement.named_children[0] if statement.named_child_count else None
    return None


def looks_like_ws(path: str, raw: str) -> bool:
    segments = [s.lower() for s in path.split("/") if s]
    return (
        any(s in ("ws", "wss", "websocket", "websockets", "socket", "sockets") for s in segments)
        or "/socket" in raw.lower()
        or raw.startswith(("ws://", "wss://"))
    )


_AUTHORITY = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//([^/?#]*)")
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")


def external_host(parts: list[Part]) -> bool:
    """The URL names a literal public domain (``wss://stream.example.com/ws``): not a dev server
    (``localhost``, an IP, a compose service name) and not ``${location.host}``."""
    chars = "".join(text for text, _ in parts)
    match = _AUTHORITY.match(chars)
    if match is None or HOLE in match.group(1):
        return False
    host = match.group(1).rsplit("@", 1)[-1].lower()
    if host.startswith("["):
        return False  # an IPv6 literal
    host = host.split(":", 1)[0]
    return bool(_DOMAIN.match(host)) and not host.endswith((".localhost", ".local", ".internal"))


def normalize(parts: list[Part]) -> tuple[str, Node | None, bool] | None:
    """``(path, literal holding it, has ws scheme)``, or None when no literal path survives."""
    chars = "".join(text for text, _ in parts)
    owners = [node for text, node in parts for _ in text]
    scheme = re.match(r"^[A-Za-z\x00]*://", chars)
    start: int
    if scheme:
        slash = chars.find("/", scheme.end())
        if slash < 0:
            owner = next((n for n, c in zip(owners, chars, strict=True) if c != HOLE), None)
            return ("/", owner, chars.lower().startswith(("ws://", "wss://"))) if owner else None
        start = slash
    else:
        first = len(chars) - len(chars.lstrip(HOLE))
        rest = chars[first:]
        if rest.startswith("//"):  # ``${protocol}//${host}/ws`` or ``//host/ws``
            start = chars.find("/", first + 2)
        elif first and not rest.startswith("/"):
            start = chars.find("/", first)  # ``${host}:8000/ws`` -> the host part is dropped
        else:
            start = first
        if start < 0:
            return None
    end = len(chars)
    for stop in ("?", "#"):
        at = chars.find(stop, start)
        if at >= 0:
            end = min(end, at)
    segments: list[str] = []
    literal_at: int | None = None  # the last literal character: its literal is the most specific
    position = start
    for raw in chars[start:end].split("/"):
        if raw:
            if raw.strip(HOLE):
                literal_at = position + max(i for i, c in enumerate(raw) if c != HOLE)
                segments.append(re.sub(f"{HOLE}+", "{}", raw))
            else:
                segments.append("{}")
        position += len(raw) + 1
    if literal_at is None:
        return None
    return "/" + "/".join(segments), owners[literal_at], chars.lower().startswith(("ws://", "wss://"))


def same_path(yes: list[Part], no: list[Part]) -> list[Part]:
    """Both branches of ``DEV ? 'ws://localhost:8000/ws' : `wss://${location.host}/ws` ``: when
    they end in the same path, the URL is that path whichever branch runs; otherwise unknown."""
    if _joined(yes) == _joined(no):
        return yes
    left, right = normalize(yes), normalize(no)
    if left is None or right is None or left[0] != right[0] or left[0] == "/":
        return [(HOLE, None)]
    if left[2] != right[2]:  # one ``ws://`` branch and one without a scheme: keep the socket one
        return yes if left[2] else no
    return no if external_host(yes) and not external_host(no) else yes


@dataclass(slots=True)
class Evaluator:
    """Evaluates URL expressions to parts, following consts and same-file helpers."""

    index: Index
    text: Text

    def evaluate(
        self, node: Node | None, scope: Scope, subst: dict[str, list[Part]] | None = None, depth: int = 0
    ) -> list[Part]:
        node = strip(node)
        if node is None or depth > MAX_EVAL_DEPTH:
            return [(HOLE, None)]
        kind = node.type
        text = self.text
        if kind == "string":
            value = string_value(node, text)
            return [(value, node)] if value is not None else [(HOLE, None)]
        if kind == "template_string":
            parts: list[Part] = []
            for child in node.named_children:
                if child.type == "string_fragment":
                    parts.append((text.of(child), node))
                elif child.type == "escape_sequence":
                    parts.append((unescape(text.of(child)), node))
                elif child.type == "template_substitution" and child.named_child_count:
                    parts.extend(self.evaluate(child.named_children[0], scope, subst, depth + 1))
            return parts
        if kind == "binary_expression":
            operator = text.of(node.child_by_field_name("operator"))
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if operator == "+":
                return self.evaluate(left, scope, subst, depth + 1) + self.evaluate(
                    right, scope, subst, depth + 1
                )
            if operator in ("||", "??"):
                first = self.evaluate(left, scope, subst, depth + 1)
                return first if _has_literal(first) else self.evaluate(right, scope, subst, depth + 1)
            return [(HOLE, None)]
        if kind == "ternary_expression":
            consequence = node.child_by_field_name("consequence")
            alternative = node.child_by_field_name("alternative")
            if _is_nullish(consequence, text):
                return self.evaluate(alternative, scope, subst, depth + 1)
            if _is_nullish(alternative, text):
                return self.evaluate(consequence, scope, subst, depth + 1)
            yes = self.evaluate(consequence, scope, subst, depth + 1)
            no = self.evaluate(alternative, scope, subst, depth + 1)
            return same_path(yes, no)
        if kind in ("identifier", "shorthand_property_identifier"):
            name = text.of(node)
            if subst is not None and name in subst:
                return subst[name]
            binding = scope.lookup(name)
            if binding is not None and binding.kind == "const" and depth < MAX_EVAL_DEPTH:
                return self.evaluate(binding.node, binding.scope, subst, depth + 4)
            return [(HOLE, None)]
        if kind == "member_expression":
            member_name = dotted(node, text)
            target = self.target(member_name, scope) if member_name and not _is_env(member_name) else None
            if target is not None and target[0].type not in FUNCTION_TYPES:
                return self.evaluate(target[0], target[1], None, depth + 4)
            prop = node.child_by_field_name("property")
            if prop is not None and text.of(prop) == "href":  # ``new URL(...).href``
                return self.evaluate(node.child_by_field_name("object"), scope, subst, depth + 1)
            return [(HOLE, None)]
        if kind in ("call_expression", "new_expression"):
            return self._call(node, scope, subst, depth)
        if kind in FUNCTION_TYPES:  # ``useWebSocket(() => url)``
            inner = self.index.functions.get(node.id, scope)
            return self.evaluate(return_expression(node), inner, subst, depth + 1)
        return [(HOLE, None)]

    def _call(self, node: Node, scope: Scope, subst: dict[str, list[Part]] | None, depth: int) -> list[Part]:
        text = self.text
        args = arguments(node)
        name = callee_name(node, text)
        if node.type == "new_expression":
            if name == "URL" and args:  # ``new URL('/ws/queue', base)``
                return self.evaluate(args[0], scope, subst, depth + 1)
            return [(HOLE, None)]
        callee = strip(node.child_by_field_name("function"))
        if name in ("toString", "valueOf") and callee is not None and callee.type == "member_expression":
            return self.evaluate(callee.child_by_field_name("object"), scope, subst, depth + 1)
        if name in ("String", "useCallback", "useMemo") and args:
            return self.evaluate(args[0], scope, subst, depth + 1)
        callee_dotted = dotted(callee, text)
        target = self.target(callee_dotted, scope) if callee_dotted else None
        if target is not None and target[0].type in FUNCTION_TYPES:
            function = target[0]
            inner = self.index.functions.get(function.id, target[1])
            bound: dict[str, list[Part]] = {}
            params = function.child_by_field_name("parameters")
            names = (
                [] if params is None else [p.child_by_field_name("pattern") for p in params.named_children]
            )
            for param, arg in zip(names, args, strict=False):
                if param is not None and param.type == "identifier":
                    bound[text.of(param)] = self.evaluate(arg, scope, subst, depth + 1)
            return self.evaluate(return_expression(function), inner, bound, depth + 4)
        opener = name is not None and (name.startswith("use") or "WebSocket" in name or name == "io")
        if args and not opener:  # a URL builder we cannot see: ``getWsUrl('/ws/queue')`` -> base + path
            path = self.evaluate(args[0], scope, subst, depth + 1)
            joined = _joined(path)
            if joined.startswith("/") or "://" in joined:
                return [(HOLE, None), *path]
        return [(HOLE, None)]

    def target(self, name: str | None, scope: Scope) -> tuple[Node, Scope] | None:
        """The same-file definition a dotted name refers to (a const, a function, an object entry)."""
        if not name:
            return None
        head, *rest = name.split(".")
        binding = scope.lookup(head)
        if binding is None or binding.kind not in ("const", "function") or binding.node is None:
            return None
        node: Node | None = binding.node
        if rest:
            node = object_property(binding.node, rest, self.text) if binding.kind == "const" else None
        node = strip(node)
        if (
            node is not None
            and node.type == "call_expression"
            and callee_name(node, self.text) == "useCallback"
        ):
            args = arguments(node)
            node = strip(args[0]) if args else None
        return (node, binding.scope) if node is not None else None


def _top_expression(node: Node | None, scope: Scope, text: Text) -> tuple[Node | None, Scope]:
    """Follow ``const url = ...`` hops to the expression that builds a URL."""
    for _ in range(MAX_HOPS):
        node = strip(node)
        if node is not None and node.type == "ternary_expression":
            # ``useWebSocket(enabled ? FEED_URL : null)``: no socket at all, or that URL
            consequence = node.child_by_field_name("consequence")
            alternative = node.child_by_field_name("alternative")
            if _is_nullish(alternative, text):
                node = consequence
                continue
            if _is_nullish(consequence, text):
                node = alternative
                continue
        if node is None or node.type not in ("identifier", "shorthand_property_identifier"):
            break
        binding = scope.lookup(text.of(node))
        if binding is None or binding.kind != "const":
            break
        node, scope = binding.node, binding.scope
    return node, scope


def _socket_word(code: str) -> bool:
    """``ws`` or ``socket`` in any case: what every helper-like name holds."""
    lowered = code.lower()
    return "ws" in lowered or "socket" in lowered


def helper_like(name: str) -> bool:
    """A callee that reads like a URL helper: ``apiConfig.websocket.queue``, ``getQueueWsUrl``."""
    segments = name.split(".")
    last = segments[-1]
    if last in NOT_HELPERS:
        return False
    if len(segments) >= 3 and segments[-2].lower() in WS_KEYS and segments[0] not in _OBJECT_ROOTS:
        return True
    return bool(HELPER_NAME_RE.search(last))


@dataclass(slots=True)
class Site:
    """A place that opens a socket, whether or not its URL can be recovered."""

    call: Node
    scope: Scope
    via: str
    url: Node | None
    certain: bool


def _options_url(args: list[Node], text: Text) -> Node | None:
    for arg in args:
        obj = object_literal(arg, text)
        if obj is not None:
            for key, _key_node, value in object_entries(obj, text):
                if key == "url":
                    return value
    return None


def connection_site(
    call: Node, scope: Scope, text: Text, configured_hooks: frozenset[str] = frozenset()
) -> Site | None:
    name = callee_name(call, text)
    if not name:
        return None
    lowered = name.lower()
    if (
        "socket" not in lowered
        and "ws" not in lowered
        and name not in ("io", "connect")
        and name not in configured_hooks
    ):
        return None  # the common case: no name below can match, decided without the arguments
    args = arguments(call)
    first = strip(args[0]) if args else None
    first_is_options = first is not None and first.type == "object"
    if call.type == "new_expression":
        if "WebSocket" in name or name in ("Sockette", "RWS"):
            url = _options_url(args, text) if first_is_options else first
            return Site(call, scope, name, url, True)
        return None
    callee = dotted(strip(call.child_by_field_name("function")), text)
    if callee in ("io", "io.connect"):
        return Site(call, scope, "io", None if first_is_options else first, False)
    if is_socket_hook(name, configured_hooks):
        return Site(call, scope, name, _options_url(args, text) if first_is_options else first, True)
    if set(words(name)) & {"websocket", "socket", "ws"} and name not in NOT_HELPERS:
        url = _options_url(args, text)
        if url is not None:
            return Site(call, scope, name, url, True)
        if _FACTORY_RE.match(name) and first is not None and not first_is_options:
            return Site(call, scope, name, first, True)
    return None


@dataclass(slots=True)
class UrlFacts:
    connections: list[Connection] = field(default_factory=list)
    helpers: list[UrlHelper] = field(default_factory=list)
    helper_calls: list[HelperCall] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)


def extract_urls(index: Index, text: Text, configured_hooks: frozenset[str] = frozenset()) -> UrlFacts:
    facts = UrlFacts()
    evaluator = Evaluator(index, text)
    facts.helpers = _url_helpers(index, text, evaluator)
    helper_names = {h.name for h in facts.helpers}
    helper_refs = {h.ref for h in facts.helpers}
    seen_calls: set[int] = set()
    for call, scope in index.calls:
        site = connection_site(call, scope, text, configured_hooks)
        if site is None:
            continue
        facts.sites.append(site)
        via = site.via
        top, top_scope = _top_expression(site.url, scope, text)
        if top is not None and top.type in ("call_expression", "member_expression", "identifier"):
            target = top.child_by_field_name("function") if top.type == "call_expression" else top
            name = dotted(strip(target), text)
            binding = top_scope.lookup(name.split(".")[0]) if name else None
            if (
                name
                and not _is_env(name)
                and (top.type != "identifier" or (binding and binding.kind == "import"))
            ):
                facts.helper_calls.append(HelperCall(name, text.ref(top), scope.top))
                seen_calls.add(top.id)
                if evaluator.target(name, top_scope) is not None:
                    via = f"helper:{name}"
        if site.url is None:
            continue
        parts = evaluator.evaluate(site.url, scope)
        normalized = normalize(parts)
        if normalized is None:
            continue
        path, owner, ws_scheme = normalized
        raw = text.of(owner)
        if owner is None or not ("/" in raw or ws_scheme):
            continue
        facts.connections.append(
            Connection(
                path,
                text.ref(owner),
                via,
                scope.top,
                site.certain or ws_scheme,
                external=external_host(parts),
            )
        )
    for call, scope in index.calls:
        if call.id in seen_calls or call.type != "call_expression":
            continue
        function = call.child_by_field_name("function")
        if not helper_names and not _socket_word(text.of(function)):
            continue  # no name below can read like a helper
        name = dotted(strip(function), text)
        if name and (helper_like(name) or name in helper_names):
            facts.helper_calls.append(HelperCall(name, text.ref(call), scope.top))
            built = _built_url(call, name, scope, evaluator)
            if built is not None and built.ref not in helper_refs:  # not a helper's own body
                facts.connections.append(built)
    for member, scope in index.members:
        if member.id in seen_calls:
            continue
        name = dotted(member, text)
        if name in helper_names and scope.lookup(name.split(".")[0]) is not None:
            parent = member.parent
            if parent is None or parent.type != "call_expression":
                facts.helper_calls.append(HelperCall(name, text.ref(member), scope.top))
    return facts


def _built_url(call: Node, name: str, scope: Scope, evaluator: Evaluator) -> Connection | None:
    """``socketUrl('/ws/floor')`` handed to code that opens it out of sight (a client class's
    constructor, a store): a function named for a socket URL, given a path, builds that socket's
    URL. Not certain (what it makes of the path is unseen), so it only counts as a client."""
    args = arguments(call)
    if not args or not HELPER_NAME_RE.search(name.rpartition(".")[2]):
        return None
    path = evaluator.evaluate(args[0], scope)
    if not _joined(path).startswith("/"):
        return None  # a host, a name, a value we cannot read: no path of a route
    normalized = normalize([(HOLE, None), *path])
    if normalized is None or normalized[1] is None or normalized[0] == "/":
        return None
    return Connection(normalized[0], evaluator.text.ref(normalized[1]), name, scope.top, certain=False)


def _url_helpers(index: Index, text: Text, evaluator: Evaluator) -> list[UrlHelper]:
    """Top-level config entries, helper functions and string constants that build a WS URL."""
    helpers: list[UrlHelper] = []
    module = index.module_scope
    for name, binding in module.bindings.items():
        if binding.kind == "function" and binding.node is not None:
            _helper_entry(name, binding.node, module, False, text, evaluator, helpers)
        elif binding.kind == "const" and binding.node is not None:
            obj = object_literal(binding.node, text)
            if obj is not None:
                _helper_object(name, obj, module, False, text, evaluator, helpers, 0)
            else:
                _helper_entry(name, binding.node, module, False, text, evaluator, helpers)
    return helpers


def _helper_object(
    prefix: str,
    obj: Node,
    scope: Scope,
    under_ws_key: bool,
    text: Text,
    evaluator: Evaluator,
    out: list[UrlHelper],
    depth: int,
) -> None:
    if depth > MAX_OBJECT_DEPTH:
        return
    for key, _key_node, value in object_entries(obj, text):
        name = f"{prefix}.{key}"
        ws_key = under_ws_key or key.lower() in WS_KEYS
        inner = object_literal(value, text)
        if inner is not None:
            _helper_object(name, inner, scope, ws_key, text, evaluator, out, depth + 1)
        else:
            _helper_entry(name, value, scope, ws_key, text, evaluator, out)


def _helper_entry(
    name: str,
    value: Node,
    scope: Scope,
    under_ws_key: bool,
    text: Text,
    evaluator: Evaluator,
    out: list[UrlHelper],
) -> None:
    value_node = strip(value)
    if value_node is None or value_node.type not in (
        *FUNCTION_TYPES,
        "string",
        "template_string",
        "binary_expression",
        "ternary_expression",
    ):
        return
    normalized = normalize(evaluator.evaluate(value_node, scope))
    if normalized is None:
        return
    path, owner, ws_scheme = normalized
    if owner is None or path == "/":
        return
    raw = text.of(owner)
    if "/" not in raw and not ws_scheme:
        return
    # ``getUrl: (path) => `${BASE}/api${path}``` under a ``websocket`` key builds, it names no socket
    builder = any(
        "{}" in segment and segment != "{}" and segment.endswith("{}") for segment in path.split("/")
    )
    if (under_ws_key and not builder) or looks_like_ws(path, raw.strip("'\"`")):
        out.append(UrlHelper(name, path, text.ref(owner)))
