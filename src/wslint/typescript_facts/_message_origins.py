"""Which values hold a socket's message: the state of one file's message analysis.

``MessageAnalysis`` holds what every part of the analysis reads: the index, the socket sites, the
socket callbacks (``_message_callbacks``). Its ``is_message`` follows a value to where it comes
from: a callback's parameter, ``JSON.parse`` in a callback or of ``lastMessage.data``, a hook
result's ``lastJsonMessage``, a ``useState`` set from one, or a parameter annotated with a message
type in a socket file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wslint.typescript_facts._index import Binding, Index, Scope
from wslint.typescript_facts._message_callbacks import is_json_parse
from wslint.typescript_facts._syntax import Node, Text, arguments, callee_name, strip, words
from wslint.typescript_facts._urls import Site
from wslint.typescript_facts._values import MAX_HOPS, TypeResolver

MESSAGE_TYPE_NAME_RE = re.compile(r"(?:Message|SocketEvent|WsEvent|WebSocketEvent)$")
# Not "manager": socket.io's ``Manager`` only fires its own reserved events, while app classes
# named ``*Manager`` (``incomingDataTrackManager.on('sfuUpdateSubscription')``) are event emitters.
SOCKET_WORDS = frozenset({"ws", "wss", "socket", "websocket", "sock", "io", "connection", "realtime"})
# Names of the messages the client sends (``ClientMessage``, ``OutgoingMessage``,
# ``ClientToServerEvent``): their types are the server's to read, not the frontend's to wait for.
_OUTBOUND_WORDS = frozenset({"outgoing", "outbound", "upstream", "request", "requests"})


def is_outbound(name: str) -> bool:
    """A type name of what the client sends; ``ServerToClientMessage`` is what it receives."""
    parts = words(name)
    if _OUTBOUND_WORDS.intersection(parts):
        return True
    at = parts.index("client") if "client" in parts else -1
    return at >= 0 and not (at > 0 and parts[at - 1] == "to")


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
    site_calls: set[int] = field(default_factory=set)  # node ids of the calls that open sockets
    # first arguments of the calls of each ``useState`` setter (by id of its binding), built on first use
    setter_calls: dict[int, list[tuple[Node, Scope]]] | None = None
    returns_by_scope: dict[int, list[Node]] | None = None  # returned expressions by id of their scope

    def __post_init__(self) -> None:
        self.site_calls = {site.call.id for site in self.sites}

    def in_callback(self, scope: Scope) -> bool:
        return any(s.node is not None and s.node.id in self.callbacks for s in scope.chain())

    def _annotated_message(self, annotation: Node | None) -> bool:
        if annotation is None or not self.socket_file:
            return False
        return self.names_message(annotation)

    def names_message(self, annotation: Node) -> bool:
        """The annotation names a type of the messages the client receives."""
        names = self.type_names(annotation)
        return any(MESSAGE_TYPE_NAME_RE.search(name) and not is_outbound(name) for name in names)

    def type_names(self, node: Node) -> list[str]:
        """The names a type annotation or type arguments mention, the DOM's ``MessageEvent`` aside."""
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
            return self.binding_is_message(binding, hops)
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            if prop is not None and text.of(prop) == "data":  # ``Schema.safeParse(message).data``
                return self._validated(node.child_by_field_name("object"), scope, ("safeParse",), hops + 1)
            return prop is not None and text.of(prop) == "lastJsonMessage"
        if node.type == "call_expression" and not is_json_parse(node, text):
            return self._validated(node, scope, ("parse",), hops + 1)  # ``Schema.parse(message)``
        if node.type == "call_expression":
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

    def _validated(self, node: Node | None, scope: Scope, methods: tuple[str, ...], hops: int) -> bool:
        """A schema's validation of a message (zod, valibot, yup: ``Schema.parse(message)``), or a
        const holding one: what it returns is that message."""
        for _ in range(MAX_HOPS):
            node = strip(node)
            if node is None or node.type != "identifier":
                break
            binding = scope.lookup(self.text.of(node))
            if binding is None or binding.kind != "const":
                return False
            node, scope = binding.node, binding.scope
        if node is None or node.type != "call_expression":
            return False
        function = strip(node.child_by_field_name("function"))
        args = arguments(node)
        return (
            function is not None
            and function.type == "member_expression"
            and callee_name(node, self.text) in methods
            and bool(args)
            and self.is_message(args[0], scope, hops)
        )

    def annotated_message(self, node: Node | None, scope: Scope, hops: int = 0) -> bool:
        """A value only its type annotation calls a message, in any file: a parameter typed
        ``ServerMessage``, or the ``payload`` of one typed ``PayloadAction<ServerMessage>`` (a
        reducer's action), or a const holding either."""
        node = strip(node)
        if node is None or hops > MAX_HOPS:
            return False
        text = self.text
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            return (
                prop is not None
                and text.of(prop) == "payload"
                and self.annotated_message(node.child_by_field_name("object"), scope, hops + 1)
            )
        if node.type != "identifier":
            return False
        binding = scope.lookup(text.of(node))
        if binding is None:
            return False
        if binding.kind == "const":
            return self.annotated_message(binding.node, binding.scope, hops + 1)
        if binding.kind == "destructure":  # ``const { payload } = action``
            return binding.key == "payload" and self.annotated_message(binding.node, binding.scope, hops + 1)
        return (
            binding.kind == "param"
            and binding.key is None
            and binding.annotation is not None
            and self.names_message(binding.annotation)
        )

    def binding_is_message(self, binding: Binding, hops: int) -> bool:
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
