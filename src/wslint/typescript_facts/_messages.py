"""Message types the frontend waits for, counted only where the value comes from a socket."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from wslint.facts import PROPS, ContextValue, ExpectedType, Hook, PropPass, TypeValue
from wslint.typescript_facts._hooks import HOOK_NAME_RE, hook_scopes
from wslint.typescript_facts._index import Binding, Index, Scope
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
    words,
)
from wslint.typescript_facts._urls import Site, is_socket_hook, return_expression
from wslint.typescript_facts._values import MAX_HOPS, TypeResolver, object_literal
from wslint.vocabulary import DOM_EVENTS, RESERVED_EVENTS

HANDLER_NAME_RE = re.compile(r"^(?:handle|on)\w*Message$|^onmessage$")
MESSAGE_TYPE_NAME_RE = re.compile(r"(?:Message|SocketEvent|WsEvent|WebSocketEvent)$")
LISTENER_METHODS = frozenset(
    {"on", "once", "subscribe", "addEventListener", "addListener", "addMessageListener"}
)
# Not "manager": socket.io's ``Manager`` only fires its own reserved events, while app classes
# named ``*Manager`` (``incomingDataTrackManager.on('sfuUpdateSubscription')``) are event emitters.
SOCKET_WORDS = frozenset({"ws", "wss", "socket", "websocket", "sock", "io", "connection", "realtime"})
MAX_TYPE_DEPTH = 10
# Message channels that are not sockets: a browser extension's runtime messaging, and
# ``postMessage`` between the page, its frames and workers.
_EXTENSION_LISTENERS = (".onMessage.addListener", ".onMessageExternal.addListener")
_PAGE_OBJECTS = frozenset({"window", "self", "globalThis", "parent", "top"})


@dataclass(slots=True)
class MessageAnalysis:
    index: Index
    text: Text
    resolver: TypeResolver
    sites: list[Site]
    socket_file: bool
    module: str = ""
    configured_hooks: frozenset[str] = frozenset()
    callbacks: set[int] = field(default_factory=set)  # function node ids that receive socket messages
    message_types: set[str] = field(default_factory=set)  # interface / alias names of messages
    found: list[ExpectedType] = field(default_factory=list)
    site_calls: set[int] = field(default_factory=set)  # node ids of the calls that open sockets
    # first arguments of the calls of each ``useState`` setter (by id of its binding), built on first use
    setter_calls: dict[int, list[tuple[Node, Scope]]] | None = None
    returns_by_scope: dict[int, list[Node]] | None = None  # returned expressions by id of their scope

    def __post_init__(self) -> None:
        self.site_calls = {site.call.id for site in self.sites}

    # ------------------------------------------------------------ socket callbacks

    def _other_channel_handlers(self) -> set[str]:
        """Names of the functions that handle messages of a channel other than a socket: an
        extension's runtime messaging (``chrome.runtime.onMessage.addListener``) or the page's
        ``postMessage`` (``window.addEventListener('message', ...)``), and those they call."""
        text = self.text
        handlers: set[int] = set()
        names: set[str] = set()
        for call, _scope in self.index.calls:
            if callee_name(call, text) not in ("addListener", "addEventListener"):
                continue  # neither listener below
            callee = dotted(strip(call.child_by_field_name("function")), text) or ""
            args = arguments(call)
            target: Node | None = None
            if callee.endswith(_EXTENSION_LISTENERS) and args:
                target = strip(args[0])
            elif (
                callee.rpartition(".")[0] in _PAGE_OBJECTS
                and callee.endswith(".addEventListener")
                and len(args) >= 2
                and string_value(args[0], text) == "message"
            ):
                target = strip(args[1])
            if target is None:
                continue
            if target.type == "identifier":
                names.add(text.of(target))
            elif target.type in FUNCTION_TYPES:
                handlers.add(target.id)
        for call, scope in self.index.calls if handlers else ():
            function = strip(call.child_by_field_name("function"))
            if (
                function is not None
                and function.type == "identifier"
                and any(s.node is not None and s.node.id in handlers for s in scope.chain())
            ):
                names.add(text.of(function))
        return names

    def find_callbacks(self) -> None:
        text = self.text
        other_channels = self._other_channel_handlers()
        for scope in self.index.functions.values():
            if (
                scope.node is not None
                and scope.label
                and HANDLER_NAME_RE.match(scope.label)
                and scope.label not in other_channels
            ):
                self.callbacks.add(scope.node.id)
        for node, scope in self.index.assignments:
            left = node.child_by_field_name("left")
            if (
                left is not None
                and left.type == "member_expression"
                and text.of(left).endswith(".onmessage")
                and text.of(left).rpartition(".")[0] not in _PAGE_OBJECTS
            ):
                self._mark(node.child_by_field_name("right"), scope, raw=True)
        # a handler's name or key (``onMessage``, ``handleChatMessage``, ``onmessage``) spells one
        handler_names = b"Message" in text.source or b"onmessage" in text.source
        for call, scope in self.index.calls:
            name = callee_name(call, text)
            if not (handler_names or name in ("addEventListener", "on") or call.id in self.site_calls):
                continue  # none of the callbacks below
            args = arguments(call)
            if (
                name in ("addEventListener", "on")
                and len(args) >= 2
                and string_value(args[0], text) == "message"
                and (dotted(strip(call.child_by_field_name("function")), text) or "").rpartition(".")[0]
                not in _PAGE_OBJECTS
            ):
                self._mark(args[1], scope, raw=name == "addEventListener")
            elif name and HANDLER_NAME_RE.match(name) and args:  # ``client.onMessage((msg) => ...)``
                self._mark(args[-1], scope, raw=False)
            elif call.id in self.site_calls and call.type == "call_expression" and len(args) >= 2:
                # ``useSocket('/ws/metrics', (msg) => ...)``: a socket hook's callback gets its messages
                last = strip(args[-1])
                if last is not None and last.type in FUNCTION_TYPES:
                    self._mark(last, scope, raw=False)
            for arg in args if handler_names else ():
                obj = object_literal(arg, text)
                if obj is None:
                    continue
                for child in obj.named_children:
                    if child.type != "pair":
                        continue
                    key = property_key(child.child_by_field_name("key"), text)
                    value = strip(child.child_by_field_name("value"))
                    if (
                        key
                        and HANDLER_NAME_RE.match(key)
                        and value is not None
                        and value.type == "identifier"
                    ):
                        self._mark(value, scope, raw=False)
        # ``JSON.parse(event.data)``: ``event`` is a MessageEvent, its own ``.type`` is "message"
        for call, scope in self.index.calls:
            if callee_name(call, text) == "parse" and self._is_json_parse(call):
                args = arguments(call)
                source = strip(args[0]) if args else None
                owner = strip(source.child_by_field_name("object")) if source is not None else None
                if source is not None and source.type == "member_expression" and owner is not None:
                    parsed = scope.lookup(text.of(owner)) if owner.type == "identifier" else None
                    if parsed is not None and parsed.kind == "param":
                        parsed.raw_event = True

    def _mark(self, node: Node | None, scope: Scope, raw: bool) -> None:
        for _ in range(MAX_HOPS):
            node = strip(node)
            if node is None:
                return
            if node.type == "call_expression" and callee_name(node, self.text) == "useCallback":
                args = arguments(node)
                node = args[0] if args else None
                continue
            if node.type in FUNCTION_TYPES:
                self.callbacks.add(node.id)
                if raw:
                    inner = self.index.functions.get(node.id)
                    for binding in inner.bindings.values() if inner else ():
                        if binding.kind == "param" and binding.node == node:
                            binding.raw_event = True
                return
            if node.type != "identifier":
                return
            found = scope.lookup(self.text.of(node))
            if found is None or found.kind not in ("const", "function"):
                return
            node, scope = found.node, found.scope

    def _is_json_parse(self, call: Node) -> bool:
        return (
            call.type == "call_expression"
            and dotted(call.child_by_field_name("function"), self.text) == "JSON.parse"
        )

    # ------------------------------------------------------------- value origins

    def in_callback(self, scope: Scope) -> bool:
        return any(s.node is not None and s.node.id in self.callbacks for s in scope.chain())

    def _annotated_message(self, annotation: Node | None) -> bool:
        if annotation is None or not self.socket_file:
            return False
        return any(MESSAGE_TYPE_NAME_RE.search(name) for name in self._type_names(annotation))

    def _type_names(self, node: Node) -> list[str]:
        return [n for n in re.findall(r"[A-Za-z_$][\w$]*", self.text.of(node)) if n != "MessageEvent"]

    def is_message(self, node: Node | None, scope: Scope, hops: int = 0) -> bool:
        node = strip(node)
        if node is None or hops > MAX_HOPS:
            return False
        text = self.text
        if node.type == "identifier":
            name = text.of(node)
            binding = scope.lookup(name)
            if binding is None:
                return name == "lastJsonMessage"
            return self._binding_is_message(binding, hops)
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            return prop is not None and text.of(prop) == "lastJsonMessage"
        if node.type == "call_expression" and self._is_json_parse(node):
            if self.in_callback(scope):
                return True
            args = arguments(node)
            arg = strip(args[0]) if args else None
            owner = (
                strip(arg.child_by_field_name("object"))
                if arg is not None and arg.type == "member_expression"
                else None
            )
            return owner is not None and owner.type == "identifier" and text.of(owner) == "lastMessage"
        return False

    def _binding_is_message(self, binding: Binding, hops: int) -> bool:
        if binding.kind == "param":
            if binding.key is not None or binding.raw_event or binding.node is None:
                return False
            return binding.node.id in self.callbacks or self._annotated_message(binding.annotation)
        if binding.kind == "const":
            return self.is_message(binding.node, binding.scope, hops + 1)
        if binding.kind == "destructure":
            return binding.key == "lastJsonMessage"
        if binding.kind == "state":  # ``setLastMessage(JSON.parse(event.data))`` in a socket callback
            return any(self.is_message(arg, where, hops + 1) for arg, where in self._setter_args(binding))
        return False

    def _setter_args(self, binding: Binding) -> list[tuple[Node, Scope]]:
        """First arguments of the calls of a ``useState`` setter, in the scope that declared it."""
        if self.setter_calls is None:
            self.setter_calls = {}
            for call, scope in self.index.calls:
                function = call.child_by_field_name("function")
                args = arguments(call)
                if function is None or function.type != "identifier" or not args:
                    continue
                setter = scope.lookup(self.text.of(function))
                if setter is not None and setter.kind == "setter":
                    self.setter_calls.setdefault(id(setter), []).append((args[0], scope))
        setter = binding.scope.bindings.get(binding.key or "")
        return self.setter_calls.get(id(setter), []) if setter is not None else []

    # ------------------------------------------------- values read from a hook's result

    def hook_symbol(self, callee: Node | None, scope: Scope) -> str | None:
        """``"<module>:<name>"`` of the hook a call calls, through this file's imports."""
        callee = strip(callee)
        if callee is None or callee.type != "identifier" or not HOOK_NAME_RE.match(self.text.of(callee)):
            return None
        return self.module_symbol(callee, scope)

    def module_symbol(self, node: Node | None, scope: Scope) -> str | None:
        """``"<module>:<name>"`` of a module-level or imported name."""
        if node is None or node.type != "identifier":
            return None
        name = self.text.of(node)
        binding = scope.lookup(name)
        if binding is None:
            return None
        if binding.kind == "import":
            return binding.symbol or binding.unresolved
        if binding.kind in ("function", "const") and binding.scope.parent is None:
            return f"{self.module}:{name}"
        return None

    def _hook_call(self, node: Node | None, scope: Scope, hops: int) -> str | None:
        """The hook whose result ``node`` holds: ``useSocket(url)``, or a const bound to it."""
        for _ in range(MAX_HOPS - hops):
            node = strip(node)
            if node is None:
                return None
            if node.type == "call_expression":
                if (
                    callee_name(node, self.text) == "useContext"
                ):  # the context stands for its provider's value
                    args = arguments(node)
                    return self.module_symbol(strip(args[0]) if args else None, scope)
                return self.hook_symbol(node.child_by_field_name("function"), scope)
            if node.type != "identifier":
                return None
            binding = scope.lookup(self.text.of(node))
            if binding is None or binding.kind != "const":
                return None
            node, scope = binding.node, binding.scope
        return None

    def hook_field(self, node: Node | None, scope: Scope, hops: int = 0) -> tuple[str, str] | None:
        """``(hook, field)`` when ``node`` is a field of a hook's result: ``lastMessage`` from
        ``const { lastMessage } = useSocket(url)``, ``socket.lastMessage``, or a const holding one."""
        node = strip(node)
        if node is None or hops > MAX_HOPS:
            return None
        text = self.text
        if node.type == "identifier":
            binding = scope.lookup(text.of(node))
            if binding is None:
                return None
            if binding.kind == "const":
                return self.hook_field(binding.node, binding.scope, hops + 1)
            if binding.kind == "destructure" and binding.key is not None:
                hook = self._hook_call(binding.node, binding.scope, hops + 1)
                if hook is None and (component := self._props_of(binding.node, binding.scope)):
                    return component, PROPS + binding.key  # ``const { message } = props``
                return (hook, binding.key) if hook else None
            if binding.kind == "param" and binding.key is not None:  # ``function Card({ message })``
                component = self._component(binding.scope, binding.node)
                return (component, PROPS + binding.key) if component else None
            return None
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            if prop is None or prop.type != "property_identifier":
                return None
            owner = node.child_by_field_name("object")
            if component := self._props_of(owner, scope):  # ``props.message``
                return component, PROPS + text.of(prop)
            hook = self._hook_call(owner, scope, hops + 1)
            return (hook, text.of(prop)) if hook else None
        return None

    def _component(self, scope: Scope, function: Node | None) -> str | None:
        """``"<module>:<Name>"`` when ``scope`` is a top-level component's own (PascalCase)."""
        label = scope.label
        if (
            function is None
            or scope.node is not function
            or scope.parent is not self.index.module_scope
            or not label
            or label != scope.top
            or not label[0].isupper()
        ):
            return None
        return f"{self.module}:{label}"

    def _props_of(self, node: Node | None, scope: Scope) -> str | None:
        """The component whose whole ``props`` parameter ``node`` is."""
        node = strip(node)
        if node is None or node.type != "identifier":
            return None
        binding = scope.lookup(self.text.of(node))
        if binding is None or binding.kind != "param" or binding.key is not None:
            return None
        return self._component(binding.scope, binding.node)

    def type_source(self, node: Node | None, scope: Scope) -> tuple[str, str] | bool:
        """True for a message's ``type`` (see ``is_type_expression``); ``(hook, field)`` for the
        ``type`` of a hook result's field, a message if the hook returns one there; else False."""
        if self.is_type_expression(node, scope):
            return True
        node = strip(node)
        if node is None:
            return False
        text = self.text
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
        return self.hook_field(owner, owner_scope) or False

    def returned_message_fields(self, function: Scope) -> tuple[tuple[str, ...], str | None]:
        """What a hook returns: the keys holding its socket's last message, and the hook whose
        result it returns whole (``return useSocket(URL)``, ``{ ...useSocket(URL), extra }``)."""
        fields: list[str] = []
        returns_hook: str | None = None
        if self.returns_by_scope is None:
            self.returns_by_scope = {}
            for node, scope in self.index.returns:
                if node.named_child_count:
                    self.returns_by_scope.setdefault(id(scope), []).append(node.named_children[0])
        expressions = list(self.returns_by_scope.get(id(function), ()))
        body = function.node.child_by_field_name("body") if function.node is not None else None
        if body is not None and body.type != "statement_block":
            expressions.append(body)
        for expression in expressions:
            more, hook = self.value_fields(expression, function)
            fields.extend(more)
            returns_hook = returns_hook or hook
        return tuple(dict.fromkeys(fields)), returns_hook

    def value_fields(self, node: Node | None, scope: Scope) -> tuple[list[str], str | None]:
        """The message fields of an object value (``{ lastMessage, send }``, a const holding one,
        ``useMemo(() => ({...}))``), or the hook whose result the value is."""
        value = strip(node)
        if value is not None and value.type == "identifier":
            binding = scope.lookup(self.text.of(value))
            if binding is not None and binding.kind == "const" and binding.node is not None:
                inner = strip(binding.node)
                if (
                    object_literal(inner, self.text) is not None
                    or callee_name_of(inner, self.text) == "useMemo"
                ):
                    value = inner
        if value is not None and callee_name_of(value, self.text) == "useMemo":
            args = arguments(value)
            factory = strip(args[0]) if args else None
            value = (
                strip(return_expression(factory))
                if factory is not None and factory.type in FUNCTION_TYPES
                else None
            )
        obj = object_literal(value, self.text)
        if obj is None:
            return [], self._hook_call(value, scope, 0)
        fields: list[str] = []
        returns_hook: str | None = None
        for child in obj.named_children:
            if child.type == "spread_element" and child.named_child_count:
                returns_hook = returns_hook or self._hook_call(child.named_children[0], scope, 0)
            elif child.type == "shorthand_property_identifier":  # ``{ lastMessage }``
                binding = scope.lookup(self.text.of(child))
                if binding is not None and self._binding_is_message(binding, 0):
                    fields.append(self.text.of(child))
            elif child.type == "pair":
                key = property_key(child.child_by_field_name("key"), self.text)
                if key and self.is_message(child.child_by_field_name("value"), scope):
                    fields.append(key)
        return fields, returns_hook

    def is_type_expression(self, node: Node | None, scope: Scope) -> bool:
        """``msg.type``, ``msg?.type``, ``msg['type']``, or ``type`` destructured from a message."""
        node = strip(node)
        if node is None:
            return False
        text = self.text
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            return (
                prop is not None
                and text.of(prop) == "type"
                and self.is_message(node.child_by_field_name("object"), scope)
            )
        if node.type == "subscript_expression":
            index = node.child_by_field_name("index")
            return string_value(index, text) == "type" and self.is_message(
                node.child_by_field_name("object"), scope
            )
        if node.type == "identifier":
            binding = scope.lookup(text.of(node))
            if binding is None or binding.key != "type":
                return False
            if binding.kind == "destructure":
                return self.is_message(binding.node, binding.scope)
            if binding.kind == "param" and binding.node is not None:
                return binding.node.id in self.callbacks and not binding.raw_event
        return False

    # ------------------------------------------------------------------- checks

    def _add(
        self, value: TypeValue | None, scope: Scope, how: str, source: tuple[str, str] | bool = True
    ) -> None:
        if value is None:
            return
        hook, field = source if isinstance(source, tuple) else (None, None)
        self.found.append(ExpectedType(value, scope.top, how, hook=hook, hook_field=field))

    def find_checks(self) -> None:
        resolve = self.resolver.resolve
        for node, scope in self.index.compares:
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if source := self.type_source(left, scope):
                self._add(resolve(right, scope), scope, "compare", source)
            elif source := self.type_source(right, scope):
                self._add(resolve(left, scope), scope, "compare", source)
        for node, scope in self.index.switches:
            source = self.type_source(node.child_by_field_name("value"), scope)
            if not source:
                continue
            body = node.child_by_field_name("body")
            for case in body.named_children if body is not None else ():
                if case.type == "switch_case":
                    self._add(resolve(case.child_by_field_name("value"), scope), scope, "switch", source)
        for node, scope in self.index.subscripts:
            if source := self.type_source(node.child_by_field_name("index"), scope):
                self._handler_map(node.child_by_field_name("object"), scope, source)
        for call, scope in self.index.calls:
            self._call_check(call, scope)

    def _handler_map(self, node: Node | None, scope: Scope, source: tuple[str, str] | bool) -> None:
        node = strip(node)
        obj: Node | None = None
        owner = scope
        if node is not None and node.type == "identifier":
            binding = scope.lookup(self.text.of(node))
            if binding is not None and binding.kind == "const":
                obj, owner = object_literal(binding.node, self.text), binding.scope
                inner = strip(binding.node)
                if (
                    obj is None
                    and inner is not None
                    and inner.type == "call_expression"
                    and callee_name(inner, self.text) == "useMemo"
                ):
                    # ``useMemo(() => ({...}), [])``
                    args = arguments(inner)
                    function = strip(args[0]) if args else None
                    body = function.child_by_field_name("body") if function is not None else None
                    obj = object_literal(body, self.text)
        elif node is not None:
            obj = object_literal(node, self.text)
        if obj is None:
            return
        for child in obj.named_children:
            key = child.child_by_field_name("key") if child.type in ("pair", "method_definition") else None
            if child.type == "method_definition":
                key = child.child_by_field_name("name")
            if key is None:
                continue
            if key.type == "computed_property_name" and key.named_child_count:
                self._add(self.resolver.resolve(key.named_children[0], owner), scope, "handler-map", source)
            elif (name := property_key(key, self.text)) is not None:
                self._add(TypeValue(self.text.ref(key), value=name), scope, "handler-map", source)

    def _call_check(self, call: Node, scope: Scope) -> None:
        text = self.text
        name = callee_name(call, text)
        if not name or not (name == "includes" or name in LISTENER_METHODS or name.startswith("use")):
            return  # none of the checks below
        args = arguments(call)
        if not args:
            return
        function = strip(call.child_by_field_name("function"))
        if name == "includes" and function is not None and function.type == "member_expression":
            array = strip(function.child_by_field_name("object"))
            source = (
                self.type_source(args[0], scope) if array is not None and array.type == "array" else False
            )
            if array is not None and source:
                for element in array.named_children:
                    self._add(self.resolver.resolve(element, scope), scope, "compare", source)
            return
        if len(args) < 2:
            return
        listener = False
        if name in LISTENER_METHODS and function is not None and function.type == "member_expression":
            listener = self._socketish(function.child_by_field_name("object"), scope)
        elif re.match(r"^use\w*(?:Socket|Ws|WS)\w*(?:Event|Subscription|Listener|Message)s?$", name):
            listener = True  # ``useSocketEvent('queue_update', handler)``
        if listener:
            value = self.resolver.resolve(args[0], scope)
            if value is None or value.value in RESERVED_EVENTS:
                return
            if name == "addEventListener" and value.value in DOM_EVENTS:
                return
            self._add(value, scope, "listener")

    def _socketish(self, node: Node | None, scope: Scope) -> bool:
        name = dotted(strip(node), self.text)
        if not name:
            return False
        if set(words(name)) & SOCKET_WORDS:
            return True
        binding = scope.lookup(name.split(".")[0])
        target = strip(binding.node) if binding is not None and binding.kind == "const" else None
        return target is not None and target.id in self.site_calls

    # --------------------------------------------------------------- interfaces

    def find_interfaces(self) -> None:
        names = {
            name
            for name in self.index.type_decls
            if MESSAGE_TYPE_NAME_RE.search(name) and (self.socket_file or set(words(name)) & SOCKET_WORDS)
        }
        for node, scope in self.index.type_uses:
            if node.type == "type_arguments":
                call = node.parent
                if call is None or call.type not in ("call_expression", "new_expression"):
                    continue
                name = callee_name(call, self.text) or ""
                if not (is_socket_hook(name, self.configured_hooks) or call.id in self.site_calls):
                    continue
                names.update(self._type_names(node))
            elif scope.node is not None and scope.node.id in self.callbacks:
                names.update(self._type_names(node))
        seen: set[str] = set()
        for name in sorted(names):
            self._interface(name, seen, 0)

    def _interface(self, name: str, seen: set[str], depth: int) -> None:
        declaration = self.index.type_decls.get(name)
        if declaration is None or name in seen or depth > MAX_TYPE_DEPTH:
            return
        seen.add(name)
        if declaration.type == "interface_declaration":
            self._members(declaration.child_by_field_name("body"), seen, depth)
        else:
            self._type_expression(declaration.child_by_field_name("value"), seen, depth)

    def _type_expression(self, node: Node | None, seen: set[str], depth: int) -> None:
        if node is None or depth > MAX_TYPE_DEPTH:
            return
        if node.type in ("union_type", "intersection_type", "parenthesized_type"):
            for child in node.named_children:
                self._type_expression(child, seen, depth + 1)
        elif node.type == "object_type":
            self._members(node, seen, depth)
        elif node.type == "type_identifier":
            self._interface(self.text.of(node), seen, depth + 1)

    def _members(self, body: Node | None, seen: set[str], depth: int) -> None:
        for member in body.named_children if body is not None else ():
            if member.type != "property_signature":
                continue
            if property_key(member.child_by_field_name("name"), self.text) != "type":
                continue
            annotation = member.child_by_field_name("type")
            if annotation is not None and annotation.named_child_count:
                self._literal_types(annotation.named_children[0], set(), depth)

    def _literal_types(self, node: Node, aliases: set[str], depth: int) -> None:
        if depth > MAX_TYPE_DEPTH:
            return
        text = self.text
        if node.type == "literal_type" and node.named_child_count:
            value = string_value(node.named_children[0], text)
            if value is not None:
                self.found.append(
                    ExpectedType(TypeValue(text.ref(node.named_children[0]), value=value), None, "interface")
                )
        elif node.type in ("union_type", "parenthesized_type"):
            for child in node.named_children:
                self._literal_types(child, aliases, depth + 1)
        elif node.type == "nested_type_identifier":  # ``type: MessageType.Queue``
            resolved = self.resolver.resolve_type_reference(text.of(node), node, self.index.module_scope)
            if resolved is not None:
                self.found.append(ExpectedType(resolved, None, "interface"))
        elif node.type == "type_identifier":  # ``type: QueueMessageType`` -> its literal union
            name = text.of(node)
            declaration = self.index.type_decls.get(name)
            if (
                declaration is not None
                and declaration.type == "type_alias_declaration"
                and name not in aliases
            ):
                aliased = declaration.child_by_field_name("value")
                if aliased is not None:
                    self._literal_types(aliased, aliases | {name}, depth + 1)


def analyse_messages(
    index: Index,
    text: Text,
    resolver: TypeResolver,
    sites: list[Site],
    socket_file: bool,
    module: str,
    configured_hooks: frozenset[str] = frozenset(),
) -> MessageAnalysis:
    """The message analysis of one file, its socket callbacks found."""
    analysis = MessageAnalysis(index, text, resolver, sites, socket_file, module, configured_hooks)
    analysis.find_callbacks()
    return analysis


def extract_expected_types(analysis: MessageAnalysis) -> list[ExpectedType]:
    analysis.find_checks()
    analysis.find_interfaces()
    unique: dict[tuple[object, ...], ExpectedType] = {}
    for expected in analysis.found:
        unique.setdefault((expected.type, expected.how), expected)
    return sorted(unique.values(), key=lambda e: (e.type.ref.line, e.type.ref.col, e.how))


def with_message_fields(hooks: list[Hook], index: Index, analysis: MessageAnalysis) -> list[Hook]:
    """The hooks, each with the keys its result holds the last message under (see ``Hook``)."""
    scopes = hook_scopes(index)
    result: list[Hook] = []
    for hook in hooks:
        scope = scopes.get(hook.name)
        if scope is not None:
            fields, returns_hook = analysis.returned_message_fields(scope)
            hook = replace(hook, message_fields=fields, returns_hook=returns_hook)
        result.append(hook)
    return result


def wrapper_hooks(hooks: list[Hook], index: Index, analysis: MessageAnalysis) -> dict[str, str]:
    """Top-level hooks that are no socket hooks here but return another hook's result."""
    socket_hooks = {hook.name for hook in hooks}
    found: dict[str, str] = {}
    for name, scope in hook_scopes(index).items():
        if name in socket_hooks:
            continue
        _fields, returns_hook = analysis.returned_message_fields(scope)
        if returns_hook is not None:
            found[name] = returns_hook
    return found


def callee_name_of(node: Node | None, text: Text) -> str | None:
    return callee_name(node, text) if node is not None and node.type == "call_expression" else None


def provided_contexts(index: Index, analysis: MessageAnalysis) -> dict[str, ContextValue]:
    """``<SocketContext.Provider value={socket}>`` (or React 19's ``<SocketContext value=...>``) for
    the module's own ``createContext`` constants: what the context's consumers read."""
    text = analysis.text
    contexts = {
        name
        for name, binding in index.module_scope.bindings.items()
        if binding.kind == "const" and callee_name_of(strip(binding.node), text) == "createContext"
    }
    found: dict[str, ContextValue] = {}
    for element, scope in index.jsx_elements:
        tag = text.of(element.child_by_field_name("name"))
        name = tag.removesuffix(".Provider")
        if name not in contexts or scope.lookup(name) is not index.module_scope.bindings.get(name):
            continue
        for attribute in element.named_children:
            if attribute.type != "jsx_attribute" or attribute.named_child_count < 2:
                continue
            if text.of(attribute.named_children[0]) != "value":
                continue
            expression = attribute.named_children[1]
            inner = expression.named_children[0] if expression.named_child_count else None
            fields, returns_hook = analysis.value_fields(inner, scope)
            if fields or returns_hook:
                found[name] = ContextValue(tuple(dict.fromkeys(fields)), returns_hook)
    return found


def prop_passes(index: Index, analysis: MessageAnalysis) -> list[PropPass]:
    """``<TicketCard message={lastMessage} />``: a message, or a hook result's field, handed to a
    component's prop."""
    text = analysis.text
    passes: list[PropPass] = []
    for element, scope in index.jsx_elements:
        tag = strip(element.child_by_field_name("name"))
        if tag is None or tag.type != "identifier" or not text.of(tag)[:1].isupper():
            continue
        component = analysis.module_symbol(tag, scope)
        if component is None:
            continue
        for attribute in element.named_children:
            if attribute.type != "jsx_attribute" or attribute.named_child_count < 2:
                continue
            expression = attribute.named_children[1]
            if expression.type != "jsx_expression" or not expression.named_child_count:
                continue
            value = expression.named_children[0]
            prop = text.of(attribute.named_children[0])
            if analysis.is_message(value, scope):
                passes.append(PropPass(component, prop, None, None))
            elif (origin := analysis.hook_field(value, scope)) is not None:
                passes.append(PropPass(component, prop, origin[0], origin[1]))
    return passes
