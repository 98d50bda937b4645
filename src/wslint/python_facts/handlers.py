"""What a WebSocket handler sends: once after connect, or again and again in its own loop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import libcst as cst

from wslint.facts import FirstMessage, SourceRef
from wslint.python_facts.first_message import Ending, Payload, call_payload, endings_after
from wslint.python_facts.pushes import is_keepalive, loop_waits_for_input, push_call_types, sends_upstream
from wslint.python_facts.syntax import children, final_name, method_name, receiver, root_name
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


def _socket_parameters(function: cst.FunctionDef) -> frozenset[str]:
    """The parameter holding the connection: annotated ``WebSocket`` (keyword-only too, as in
    ``def handler(*, websocket: WebSocket, ...)``), else the first one."""
    params = [p for p in (*function.params.posonly_params, *function.params.params) if p.name.value != "self"]
    for param in (*params, *function.params.kwonly_params):
        if param.annotation is not None and final_name(param.annotation.annotation) == "WebSocket":
            return frozenset({param.name.value})
    return frozenset({params[0].name.value}) if params else frozenset()


class _HandlerWalker:
    def __init__(
        self,
        resolver: TypeResolver,
        scope_of: Callable[[cst.FunctionDef], Scope],
        extra_push_methods: frozenset[str],
        sends: HandlerSends,
        publishes_to_broker: Callable[[cst.Call, Scope], bool],
    ) -> None:
        self.resolver = resolver
        self.scope_of = scope_of
        self.extra = extra_push_methods
        self.sends = sends
        self.publishes_to_broker = publishes_to_broker

    socket_names: frozenset[str] = frozenset()
    error_depth = 0  # inside ``except`` clauses: an error report, not the initial data
    ending = Ending.GOES_ON  # what the current statement's branch does after it

    def walk(self, node: cst.CSTNode, scope: Scope, repeated: bool, right_away: bool) -> None:
        """``repeated``: the code runs again and again; ``right_away``: it runs after connect
        without first waiting for the client (a polling send loop sends its first message at once).
        """
        if isinstance(node, cst.FunctionDef):
            # A function nested in the handler is a callback or a sender task: it runs later, repeatedly.
            self.walk_with_ending(node.body, self.scope_of(node), True, False, Ending.GOES_ON)
            return
        if isinstance(node, (cst.IndentedBlock, cst.SimpleStatementSuite)):
            self.block(node, scope, repeated, right_away)
            return
        if isinstance(node, cst.ClassDef):
            return
        if isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler)):
            self.error_depth += 1
            for child in children(node):
                self.walk(child, scope, repeated, right_away)
            self.error_depth -= 1
            return
        if isinstance(node, cst.While) or (isinstance(node, cst.For) and node.asynchronous is not None):
            waits = loop_waits_for_input(node)
            for child in children(node):
                in_loop = child is not node.orelse
                # the end of a loop body leads to the next pass, not to what follows the loop
                self.walk_with_ending(
                    child, scope, repeated or in_loop, right_away and not (in_loop and waits), Ending.GOES_ON
                )
            return
        if isinstance(node, cst.Call):
            if sends_upstream(node, scope):
                # A proxy talking to the server it dials (``upstream.send_str(auth)``): that message is
                # not the client's, and what the client gets first comes from upstream, unseen here.
                self.sends.delegates = True
                return
            if self.publishes_to_broker(node, scope):
                return  # handed to a broker channel: it reaches clients only through a subscriber
            self.call(node, scope, repeated, right_away)
        for child in children(node):
            self.walk(child, scope, repeated, right_away)

    def walk_with_ending(
        self, node: cst.CSTNode, scope: Scope, repeated: bool, right_away: bool, ending: Ending
    ) -> None:
        outer, self.ending = self.ending, ending
        self.walk(node, scope, repeated, right_away)
        self.ending = outer

    def block(
        self,
        node: cst.IndentedBlock | cst.SimpleStatementSuite,
        scope: Scope,
        repeated: bool,
        right_away: bool,
    ) -> None:
        """Each statement learns what its branch does after it; the block's last one inherits
        what follows the statement that owns the block (an ``if``, a ``with``, a ``try``)."""
        if isinstance(node, cst.SimpleStatementSuite):  # ``if x: a; b`` on one line
            for small in node.body:
                self.walk(small, scope, repeated, right_away)
            return
        for statement, ending in zip(node.body, endings_after(node.body, self.ending), strict=True):
            self.walk_with_ending(statement, scope, repeated, right_away, ending)

    def call(self, call: cst.Call, scope: Scope, repeated: bool, right_away: bool) -> None:
        method = method_name(call) or ""
        # A typed message handed to any call (send_json, a connection helper, a manager) is sent.
        sent: list[tuple[TypeDraft, cst.BaseExpression | None]] = [
            (d, arg.value)
            for arg in call.args
            if not arg.star
            for d in self.resolver.message_types(arg.value, scope)
        ]
        if not sent:
            sent = [(d, None) for d in push_call_types(call, method, scope, self.resolver, self.extra)]
        drafts = [draft for draft, _ in sent]
        is_send = method in SEND_METHODS and receiver(call) is not None
        passes_socket = any(
            isinstance(a.value, cst.Name) and a.value.value in self.socket_names for a in call.args
        )
        if passes_socket and method not in _STORES_SOCKET:
            self.sends.delegates = True
        if right_away and (is_send or drafts):
            self.sends.sends_initial = True
        target = receiver(call)
        direct = is_send and target is not None and root_name(target) in self.socket_names
        if repeated and direct:
            message = call.args[0].value if call.args else None
            # ``send_text("pong")`` is a keep-alive reply; ``send_json(event)`` relays an opaque message
            literal = isinstance(message, (cst.SimpleString, cst.ConcatenatedString))
            if message is not None and not literal and not any(draft.known for draft in drafts):
                self.sends.relays = True
        # ``return`` after handing the socket to a helper that holds it says nothing; after a
        # send of our own, the handler ends and so does the connection
        then_closes = self.ending is Ending.CLOSES or (self.ending is Ending.RETURNS and direct)
        for draft, holder in sent:
            if draft.known and self.sends.add(draft, repeated, on_error=self.error_depth > 0):
                self.sends.first.append(FirstSend(draft, call_payload(call, holder, scope), then_closes))


def handler_sends(
    bodies: list[tuple[cst.FunctionDef, bool]],
    resolver: TypeResolver,
    scope_of: Callable[[cst.FunctionDef], Scope],
    extra_push_methods: frozenset[str],
    publishes_to_broker: Callable[[cst.Call, Scope], bool] = lambda call, scope: False,
) -> HandlerSends:
    """Analyse handler functions; each comes with whether its whole body repeats.

    A plain handler is one ``(function, False)``. A class-based ``WebSocketEndpoint`` gives
    ``on_connect`` (runs once) and ``on_receive`` (runs for every incoming message).
    """
    sends = HandlerSends()
    walker = _HandlerWalker(resolver, scope_of, extra_push_methods, sends, publishes_to_broker)
    for function, repeated in bodies:
        walker.socket_names = _socket_parameters(function)
        walker.walk_with_ending(function.body, scope_of(function), repeated, not repeated, Ending.GOES_ON)
    return sends


def first_message(type_ref: SourceRef, first: FirstSend) -> FirstMessage:
    keys = first.payload.keys if first.payload is not None else None
    text = first.payload.text_keys if first.payload is not None else ()
    return FirstMessage(type_ref, keys, text, first.then_closes)
