"""What a WebSocket handler sends: once after connect, or again and again in its own loop."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

from wslint.facts import FirstMessage, SourceRef
from wslint.python_facts.first_message import Ending, Payload, call_payload, endings_after
from wslint.python_facts.pushes import is_keepalive, loop_waits_for_input, push_call_types, sends_upstream
from wslint.python_facts.syntax import (
    BLOCK_FIELDS,
    child_fields,
    final_name,
    is_string_literal,
    method_name,
    receiver,
    root_name,
    source_args,
)
from wslint.python_facts.table import Scope
from wslint.python_facts.types import TypeDraft, TypeResolver
from wslint.vocabulary import SEND_METHODS

# Calls that only store, drop or log the socket: handing it to them sends nothing for us.
# fmt: off
_STORES_SOCKET = frozenset({
    "add", "append", "discard", "remove", "pop", "disconnect", "unregister", "close", "id", "str",
    "repr", "isinstance", "len", "print", "hash", "debug", "info", "warning", "error", "exception"
})
# fmt: on


@dataclass(frozen=True, slots=True)
class FirstSend:
    """A message sent once after connect: its type, its payload's keys, what the branch does next."""

    draft: TypeDraft
    payload: Payload | None
    then_closes: bool


@dataclass(slots=True)
class HandlerSends:
    initial: list[TypeDraft] = field(default_factory=list)
    first: list[FirstSend] = field(default_factory=list)  # one for each of ``initial``
    repeated: list[TypeDraft] = field(default_factory=list)
    errors: list[TypeDraft] = field(default_factory=list)  # sent once, only in an ``except`` clause
    sends_initial: bool = False
    delegates: bool = False  # hands the socket to another function, which may send for it
    relays: bool = False  # sends the client messages of unreadable type again and again
    _seen: set[int] = field(default_factory=set)  # type nodes already counted (json.dumps inside send_text)

    def add(self, draft: TypeDraft, repeated: bool, on_error: bool = False) -> bool:
        """Count a sent type once; True when it is new and initial."""
        if id(draft.node) in self._seen or (repeated and is_keepalive(draft)):
            return False
        self._seen.add(id(draft.node))
        (self.repeated if repeated else self.errors if on_error else self.initial).append(draft)
        return not repeated and not on_error


_Function = ast.FunctionDef | ast.AsyncFunctionDef


def _socket_parameters(function: _Function) -> frozenset[str]:
    """The parameter holding the connection: annotated ``WebSocket`` (keyword-only too, as in
    ``def handler(*, websocket: WebSocket, ...)``), else the first one."""
    params = [p for p in (*function.args.posonlyargs, *function.args.args) if p.arg != "self"]
    for param in (*params, *function.args.kwonlyargs):
        if param.annotation is not None and final_name(param.annotation) == "WebSocket":
            return frozenset({param.arg})
    return frozenset({params[0].arg}) if params else frozenset()


class _HandlerWalker:
    def __init__(
        self,
        resolver: TypeResolver,
        scope_of: Callable[[_Function], Scope],
        extra_push_methods: frozenset[str],
        sends: HandlerSends,
        publishes_to_broker: Callable[[ast.Call, Scope], bool],
    ) -> None:
        self.resolver = resolver
        self.scope_of = scope_of
        self.extra = extra_push_methods
        self.sends = sends
        self.publishes_to_broker = publishes_to_broker

    socket_names: frozenset[str] = frozenset()
    error_depth = 0  # inside ``except`` clauses: an error report, not the initial data
    ending = Ending.GOES_ON  # what the current statement's branch does after it

    def walk(self, node: ast.AST, scope: Scope, repeated: bool, right_away: bool) -> None:
        """``repeated``: the code runs again and again; ``right_away``: it runs after connect
        without first waiting for the client (a polling send loop sends its first message at once).
        """
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            # A function nested in the handler is a callback or a sender task: it runs later, repeatedly.
            outer, self.ending = self.ending, Ending.GOES_ON
            self.block(node.body, self.scope_of(node), True, False)
            self.ending = outer
            return
        if type(node) is ast.ClassDef:
            return
        if type(node) is ast.ExceptHandler:
            self.error_depth += 1
            self.children(node, scope, repeated, right_away)
            self.error_depth -= 1
            return
        if isinstance(node, (ast.While, ast.AsyncFor)):
            waits = loop_waits_for_input(node)
            # the end of a loop body leads to the next pass, not to what follows the loop
            outer, self.ending = self.ending, Ending.GOES_ON
            for name in child_fields(type(node)):
                if name == "orelse":
                    self.block(node.orelse, scope, repeated, right_away)
                elif name == "body":
                    self.block(node.body, scope, True, right_away and not waits)
                else:
                    self.walk(getattr(node, name), scope, True, right_away and not waits)
            self.ending = outer
            return
        if type(node) is ast.Call:
            if sends_upstream(node, scope):
                # A proxy talking to the server it dials (``upstream.send_str(auth)``): that message is
                # not the client's, and what the client gets first comes from upstream, unseen here.
                self.sends.delegates = True
                return
            if self.publishes_to_broker(node, scope):
                return  # handed to a broker channel: it reaches clients only through a subscriber
            self.call(node, scope, repeated, right_away)
        self.children(node, scope, repeated, right_away)

    def children(self, node: ast.AST, scope: Scope, repeated: bool, right_away: bool) -> None:
        """Walk the node's children; a block of statements (the body of an ``if``, a ``with``,
        a ``try``) ends as the statement that owns it."""
        if type(node) is ast.Dict:
            for key, value in zip(node.keys, node.values, strict=True):
                if key is not None:
                    self.walk(key, scope, repeated, right_away)
                self.walk(value, scope, repeated, right_away)
            return
        for name in child_fields(type(node)):
            value = getattr(node, name)
            if type(value) is list:
                if name in BLOCK_FIELDS:
                    self.block(value, scope, repeated, right_away)
                else:
                    for item in value:
                        if item is not None:
                            self.walk(item, scope, repeated, right_away)
            elif value is not None:
                self.walk(value, scope, repeated, right_away)

    def block(self, body: list[ast.stmt], scope: Scope, repeated: bool, right_away: bool) -> None:
        """Each statement learns what its branch does after it; the block's last one inherits
        what follows the statement that owns the block (an ``if``, a ``with``, a ``try``)."""
        outer = self.ending
        for statement, ending in zip(body, endings_after(body, outer), strict=True):
            self.ending = ending
            self.walk(statement, scope, repeated, right_away)
        self.ending = outer

    def call(self, call: ast.Call, scope: Scope, repeated: bool, right_away: bool) -> None:
        method = method_name(call) or ""
        arguments = source_args(call)
        # A typed message handed to any call (send_json, a connection helper, a manager) is sent.
        sent: list[tuple[TypeDraft, ast.expr | None]] = [
            (d, value)
            for _, starred, value in arguments
            if not starred
            for d in self.resolver.message_types(value, scope)
        ]
        if not sent:
            sent = [(d, None) for d in push_call_types(call, method, scope, self.resolver, self.extra)]
        drafts = [draft for draft, _ in sent]
        is_send = method in SEND_METHODS and receiver(call) is not None
        passes_socket = any(
            type(value) is ast.Name and value.id in self.socket_names for _, _, value in arguments
        )
        if passes_socket and method not in _STORES_SOCKET:
            self.sends.delegates = True
        if right_away and (is_send or drafts):
            self.sends.sends_initial = True
        target = receiver(call)
        direct = is_send and target is not None and root_name(target) in self.socket_names
        if repeated and direct:
            message = arguments[0][2] if arguments else None
            # ``send_text("pong")`` is a keep-alive reply; ``send_json(event)`` relays an opaque message
            literal = is_string_literal(message)
            if message is not None and not literal and not any(draft.known for draft in drafts):
                self.sends.relays = True
        # ``return`` after handing the socket to a helper that holds it says nothing; after a
        # send of our own, the handler ends and so does the connection
        then_closes = self.ending is Ending.CLOSES or (self.ending is Ending.RETURNS and direct)
        for draft, holder in sent:
            if draft.known and self.sends.add(draft, repeated, on_error=self.error_depth > 0):
                self.sends.first.append(FirstSend(draft, call_payload(call, holder, scope), then_closes))


def handler_sends(
    bodies: list[tuple[_Function, bool]],
    resolver: TypeResolver,
    scope_of: Callable[[_Function], Scope],
    extra_push_methods: frozenset[str],
    publishes_to_broker: Callable[[ast.Call, Scope], bool] = lambda call, scope: False,
) -> HandlerSends:
    """Analyse handler functions; each comes with whether its whole body repeats.

    A plain handler is one ``(function, False)``. A class-based ``WebSocketEndpoint`` gives
    ``on_connect`` (runs once) and ``on_receive`` (runs for every incoming message).
    """
    sends = HandlerSends()
    walker = _HandlerWalker(resolver, scope_of, extra_push_methods, sends, publishes_to_broker)
    for function, repeated in bodies:
        walker.socket_names = _socket_parameters(function)
        walker.ending = Ending.GOES_ON
        walker.block(function.body, scope_of(function), repeated, not repeated)
    return sends


def first_message(type_ref: SourceRef, first: FirstSend) -> FirstMessage:
    keys = first.payload.keys if first.payload is not None else None
    text = first.payload.text_keys if first.payload is not None else ()
    return FirstMessage(type_ref, keys, text, first.then_closes)
