"""Pushes (a message type sent to clients again after connect) and the loops that repeat them."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from wslint.facts import PushLoop
from wslint.python_facts.positions import Positions
from wslint.python_facts.syntax import (
    BLOCK_FIELDS,
    argument,
    child_fields,
    children,
    dotted_name,
    final_name,
    keyword_arg,
    method_name,
    name_words,
    number_value,
    positional_args,
    receiver,
    root_name,
    source_args,
)
from wslint.python_facts.table import Scope, SymbolTable
from wslint.python_facts.types import TypeDraft, TypeResolver
from wslint.vocabulary import (
    ASGI_TYPE_PREFIXES,
    CONSUMING_METHODS,
    QUEUE_WORDS,
    SEND_METHODS,
    SLEEP_FUNCTIONS,
    SLEEP_KEYWORDS,
    WAIT_METHODS,
    is_keepalive_type,
    is_push_method,
)

_TYPE_KEYWORDS = ("type", "event", "message_type")
_TYPE_SHAPE = re.compile(r"[A-Za-z*][A-Za-z0-9_.:*-]*")


@dataclass(slots=True)
class LoopState:
    node: ast.While | ast.For | ast.AsyncFor
    polling: bool  # a ``while`` or ``async for``: repeats for as long as the connection lives
    targets: frozenset[str]  # names a ``for`` loop binds (the connection in ``for ws in clients``)
    event_driven: bool = False
    per_client: bool = False  # awaits ``<socket>.receive*()`` on each pass
    has_push: bool = False
    guarded: bool = False
    pushes_every_pass: bool = False  # some push is not under a test of what the pass computed
    has_sleep: bool = False
    sleep_seconds: float | None = None
    sleep_known: bool = True
    change_tested: frozenset[int] | None = None  # see ``pushes_on_change``; made when first asked
    # Both read the loop's subtree again: made when first asked, which most loops never are.
    _bound: frozenset[str] | None = None
    _long_running: bool | None = None

    @property
    def bound(self) -> frozenset[str]:
        """Names (``x``, ``self.x``) each pass assigns."""
        if self._bound is None:
            self._bound = bound_in(self.node)
        return self._bound

    @property
    def long_running(self) -> bool:
        """The loop runs until something outside it stops it (``runs_until_stopped``)."""
        if self._long_running is None:
            self._long_running = runs_until_stopped(self)
        return self._long_running


@dataclass(slots=True)
class FunctionState:
    node: ast.FunctionDef | ast.AsyncFunctionDef | None  # None for module-level code
    qualname: str | None
    scope: Scope
    loops: list[LoopState] = field(default_factory=list)
    try_depths: list[int] = field(default_factory=list)  # len(loops) when each enclosing try body began
    push_loops: list[PushLoop] = field(default_factory=list)
    pushes: int = 0
    sends: bool = False  # calls any send / broadcast / publish / emit, whatever it sends

    def polling_loops(self) -> list[LoopState]:
        return [loop for loop in self.loops if loop.polling]


def is_keepalive(draft: TypeDraft) -> bool:
    return draft.value is not None and is_keepalive_type(draft.value)


def _is_asgi(draft: TypeDraft) -> bool:
    return draft.value is not None and draft.value.startswith(ASGI_TYPE_PREFIXES)


def _looks_constant(draft: TypeDraft) -> bool:
    """A type-shaped literal or pattern, or a symbol named like a constant (``Kind.QUEUE``).

    Not ``manager``, and not ``emit_line("fflush(stdout);")`` of a code generator.
    """
    text = draft.value if draft.value is not None else draft.pattern
    if text is not None:
        return _TYPE_SHAPE.fullmatch(text) is not None
    name = (draft.symbol or "").rpartition(".")[2]
    return bool(name) and name.upper() == name and any(char.isalpha() for char in name)


def _type_argument(call: ast.Call, scope: Scope, resolver: TypeResolver) -> TypeDraft | None:
    """``emit("tick", data)`` / ``broadcast(type=...)``: a type given as an argument of its own."""
    keyword = keyword_arg(call, *_TYPE_KEYWORDS)
    if keyword is not None:
        draft = resolver.resolve(keyword, scope)
        return draft if draft.known else None
    positional = positional_args(call)
    if not positional:
        return None
    draft = resolver.resolve(positional[0], scope)
    return draft if draft.known and _looks_constant(draft) else None


def push_call_types(
    call: ast.Call, method: str, scope: Scope, resolver: TypeResolver, extra: frozenset[str]
) -> list[TypeDraft]:
    """Types a broadcast/publish/emit call pushes: from its message argument or a type argument."""
    if not is_push_method(method, extra):
        return []
    messages = [
        draft
        for _, starred, value in source_args(call)
        if not starred
        for draft in resolver.message_types(value, scope)
    ]
    if method.startswith("publish") and len(positional_args(call)) >= 2:
        # a broker's ``publish(channel, message)``: the first string names a channel, never a type
        return [draft for draft in messages if draft.known]
    type_argument = _type_argument(call, scope, resolver)
    # emit(event, data) names the event first, whatever the data holds; broadcast(channel,
    # message) / publish(channel, message) carry it in the message, the first string is a channel.
    if type_argument is not None and (method.startswith("emit") or not messages):
        return [type_argument]
    return [draft for draft in messages if draft.known]


# ``send`` alone is every channel's verb (queues, streams, SSE, sockets of other protocols);
# only on a receiver named like a socket is it a WebSocket send.
_SOCKET_NAME = re.compile(r"(?i)(socket|^ws$|^ws_|_ws$|^conn$|^connection$|^client$|^peer$)")


def send_call_types(call: ast.Call, method: str, scope: Scope, resolver: TypeResolver) -> list[TypeDraft]:
    """Types a ``ws.send_json/send_text/send`` call sends, keep-alive and ASGI messages left out."""
    target = receiver(call)
    if method not in SEND_METHODS or target is None:
        return []
    if method == "send" and not _SOCKET_NAME.search(final_name(target) or ""):
        return []
    message = argument(call, 0, "data", "message")
    if message is None:
        return []
    drafts = resolver.message_types(message, scope)
    return [d for d in drafts if d.known and not is_keepalive(d) and not _is_asgi(d)]


def sends_to_socket(call: ast.Call, method: str) -> bool:
    """``send_json`` / ``send_text`` on anything, ``send`` only on a receiver named like a socket."""
    target = receiver(call)
    return method != "send" or (
        target is not None and _SOCKET_NAME.search(final_name(target) or "") is not None
    )


def sends_upstream(call: ast.Call, scope: Scope) -> bool:
    """``await upstream.send_json(...)`` on a connection the function opened to another server."""
    target = receiver(call)
    if target is None:
        return False
    if type(target) is ast.Attribute and scope.dials_out_on(dotted_name(target) or ""):
        return True
    name = root_name(target)
    return name is not None and scope.is_outgoing(name)


def sends_to_loop_target(call: ast.Call, state: FunctionState) -> bool:
    """``for ws in connections: await ws.send_json(...)`` fans one message out to every client."""
    target = receiver(call)
    name = root_name(target) if target is not None else None
    return name is not None and any(name in loop.targets for loop in state.loops)


def note_push(state: FunctionState, call: ast.Call) -> None:
    state.pushes += 1
    deepest_try = max(state.try_depths, default=-1)
    for depth, loop in enumerate(state.loops):
        loop.has_push = True
        if deepest_try > depth:
            loop.guarded = True
        if not loop.pushes_every_pass and not pushes_on_change(call, loop):
            loop.pushes_every_pass = True


def note_sleep(call: ast.Call, state: FunctionState, table: SymbolTable) -> None:
    if not state.loops:
        return
    dotted = dotted_name(call.func)
    if dotted is None:
        return
    head, _, rest = dotted.partition(".")
    # An unimported ``asyncio.sleep`` can only mean asyncio's; a local of that name cannot be.
    base = state.scope.alias(head) or table.aliases.get(head)
    if base is None and state.scope.lookup(head) is None:
        base = head
    if base is None or (f"{base}.{rest}" if rest else base) not in SLEEP_FUNCTIONS:
        return
    duration = argument(call, 0, *SLEEP_KEYWORDS)
    seconds = None
    if duration is not None and not (type(duration) is ast.Name and state.scope.lookup(duration.id)):
        seconds = number_value(duration, table.numbers)
    for loop in state.loops:
        if not loop.has_sleep:
            loop.has_sleep = True
            loop.sleep_seconds = seconds
            loop.sleep_known = seconds is not None


# ``asyncio.wait_for(queue.get(), timeout=30)``: waits for what it wraps, with a time limit.
_AWAIT_WRAPPERS = frozenset({"wait_for", "shield"})


def _waits_for_input(call: ast.Call) -> bool:
    method = method_name(call)
    if method in _AWAIT_WRAPPERS:
        wrapped = positional_args(call)[:1]
        return bool(wrapped) and type(wrapped[0]) is ast.Call and _waits_for_input(wrapped[0])
    if method == "get":
        if not call.args and not call.keywords:
            return True  # an awaited ``get()`` with nothing to fetch by: ``asyncio.Queue.get``
        target = receiver(call)
        target_name = dotted_name(target) if target is not None else None
        return target_name is not None and bool(name_words(target_name) & QUEUE_WORDS)
    return method in WAIT_METHODS


def note_wait(call: ast.Call, state: FunctionState) -> None:
    """An awaited call that blocks until input arrives makes the enclosing loops event-driven."""
    if state.loops and _waits_for_input(call):
        reads_client = (method_name(call) or "").startswith("receive")
        for loop in state.loops:
            loop.event_driven = True
            loop.per_client = loop.per_client or reads_client


_NOT_RUN_HERE = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def loop_waits_for_input(loop: ast.While | ast.For | ast.AsyncFor) -> bool:
    """An ``async for``, or a loop that awaits a receive / queue get on each pass."""
    if type(loop) is ast.AsyncFor:
        return True
    pending: list[ast.AST] = list(loop.body)
    while pending:
        node = pending.pop()
        if isinstance(node, _NOT_RUN_HERE):
            continue
        if type(node) is ast.Await and type(node.value) is ast.Call and _waits_for_input(node.value):
            return True
        pending.extend(children(node))
    return False


def _targets(node: ast.AST) -> Iterator[str]:
    """Names an assignment target binds: ``x``, ``self.x``, and ``x`` of ``x[key] = ...``."""
    if type(node) is ast.Tuple or type(node) is ast.List:
        for element in node.elts:
            yield from _targets(element)
    elif type(node) is ast.Starred or type(node) is ast.Subscript:
        yield from _targets(node.value)
    else:
        name = dotted_name(node)
        if name is not None:
            yield name


def _bound_by(node: ast.AST) -> list[str]:
    """Names a node binds itself: assignment targets, ``for`` targets, ``as`` names, walruses."""
    if type(node) is ast.Assign:
        return [name for target in node.targets for name in _targets(target)]
    if isinstance(node, _TARGET_HOLDERS):
        return list(_targets(node.target))
    if type(node) is ast.withitem:
        return list(_targets(node.optional_vars)) if node.optional_vars is not None else []
    if type(node) is ast.ExceptHandler:
        return [node.name] if node.name is not None else []
    if type(node) is ast.alias:
        return [node.asname] if node.asname is not None else []
    return []


def bound_in(loop: ast.While | ast.For | ast.AsyncFor) -> frozenset[str]:
    """What a pass of the loop computes: every name it assigns, for-binds or walrus-binds."""
    names: set[str] = set()
    pending: list[ast.AST] = [loop]
    while pending:
        node = pending.pop()
        if isinstance(node, _NOT_RUN_HERE):
            continue
        if type(node) in _BINDERS:
            names.update(_bound_by(node))
        if type(node) is ast.Import or type(node) is ast.ImportFrom:
            pending.extend(node.names)  # ``import x as y`` binds ``y``
        else:
            pending.extend(children(node))
    return frozenset(names)


_TARGET_HOLDERS = (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.comprehension, ast.NamedExpr)
# fmt: off
_BINDERS = frozenset({
    ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.comprehension, ast.NamedExpr,
    ast.withitem, ast.ExceptHandler, ast.alias,
})
# fmt: on
_ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
# Builtins that only measure or test a value: ``len(self.clients)`` reads nothing new.
_PURE_BUILTINS = frozenset({"len", "bool", "isinstance", "hasattr", "not_"})


def _nodes(node: ast.AST) -> Iterator[ast.AST]:
    pending = [node]
    while pending:
        current = pending.pop()
        if type(current) is ast.Lambda:
            continue
        yield current
        pending.extend(children(current))


def _nodes_of(block: list[ast.stmt]) -> Iterator[ast.AST]:
    for statement in block:
        yield from _nodes(statement)


def _mentions(test: ast.AST, names: frozenset[str]) -> bool:
    return any(
        (type(node) is ast.Name or type(node) is ast.Attribute) and dotted_name(node) in names
        for node in _nodes(test)
    )


def _consumed_in(loop: ast.While) -> frozenset[str]:
    """What the body takes items out of: ``queue`` in ``queue.popleft()``."""
    return frozenset(
        name
        for node in _nodes_of(loop.body)
        if type(node) is ast.Call
        and (method_name(node) or "") in CONSUMING_METHODS
        and (target := receiver(node)) is not None
        and (name := dotted_name(target)) is not None
    )


def _clock_ordering(test: ast.AST) -> bool:
    """``time.monotonic() < deadline``: an ordering against a call, a value that moves by itself."""
    return any(
        type(node) is ast.Compare and any(isinstance(operator, _ORDERING) for operator in node.ops)
        for node in _nodes(test)
    ) and any(type(node) is ast.Call and final_name(node.func) not in _PURE_BUILTINS for node in _nodes(test))


def _ordering_on(test: ast.AST, names: frozenset[str]) -> bool:
    """``remaining <= 0`` / ``attempt >= limit`` where the loop moves the name."""
    return any(
        type(node) is ast.Compare and any(isinstance(operator, _ORDERING) for operator in node.ops)
        for node in _nodes(test)
    ) and _mentions(test, names)


def _breaking_tests(block: list[ast.stmt]) -> Iterator[ast.expr]:
    """Tests of ``if ...: break`` that leave this loop: not in a nested loop or function, and
    not in an ``except`` (a break there stops on a failure, not at a bound)."""
    pending = list(block)
    while pending:
        statement = pending.pop()
        if isinstance(statement, ast.If):
            if any(type(inner) is ast.Break for inner in statement.body):
                yield statement.test
            pending.extend(statement.body)
            pending.extend(statement.orelse)
        elif isinstance(statement, (ast.With, ast.AsyncWith)):
            pending.extend(statement.body)
        elif isinstance(statement, (ast.Try, ast.TryStar)):
            pending.extend((*statement.body, *statement.orelse, *statement.finalbody))


def runs_until_stopped(state: LoopState) -> bool:
    """``while True`` / ``while self.running`` / ``while len(self.clients) > 0``: stopped from outside.

    A ``while`` whose test reads what the body assigns or drains (``while t < end`` with
    ``t += step``, ``while not done``, ``while len(queue) > 0`` with ``queue.popleft()``), or
    orders against a clock (``while time.monotonic() < deadline``), runs to a bound of its own,
    like ``for step in range(n)``; so does a loop that breaks on such an ordering
    (``if remaining <= 0: break``). A break on anything else (``if item is None: break``, a
    sentinel) ends a stream, which runs as long as it is fed.
    """
    loop = state.node
    if not isinstance(loop, ast.While):
        return type(loop) is ast.AsyncFor  # a stream or subscription: as long as it lasts
    if _clock_ordering(loop.test):
        return False
    # ``while True: ...; if remaining <= 0: break``: a bound written as a break
    for test in _breaking_tests(loop.body):
        if _clock_ordering(test) or _ordering_on(test, state.bound):
            return False
    return not _mentions(loop.test, state.bound | _consumed_in(loop))


def _reads_the_pass(test: ast.AST, loop: LoopState) -> bool:
    """The test depends on something this pass computes: a name the pass assigns, or a call it
    makes right in the test (``if await repo.has_changes():``, ``if detector.fire(reading):``)."""
    for node in _nodes(test):
        if type(node) is ast.Await:
            return True
        if type(node) is ast.Call and final_name(node.func) not in _PURE_BUILTINS:
            return True
    return _mentions(test, loop.bound)


def _skips_the_rest(statement: ast.stmt, loop: LoopState) -> bool:
    """``if not changed: continue``: what follows in the block runs only when the test fails."""
    if type(statement) is not ast.If or statement.orelse:
        return False
    return type(statement.body[-1]) is ast.Continue and _reads_the_pass(statement.test, loop)


def _change_tested_calls(loop: LoopState) -> frozenset[int]:
    """Ids of the calls of the loop body that run only when a test of what the pass computed
    says so: under such an ``if`` (or its ``else``), or after such an early ``continue``."""
    found: set[int] = set()
    pending: list[tuple[ast.AST | list[ast.stmt], bool]] = [(loop.node.body, False)]
    while pending:
        node, tested = pending.pop()
        if isinstance(node, list):
            gated = tested
            for statement in node:
                pending.append((statement, gated))
                gated = gated or _skips_the_rest(statement, loop)
            continue
        if isinstance(node, _NOT_RUN_HERE):
            continue
        if tested and type(node) is ast.Call:
            found.add(id(node))
        if type(node) is ast.If:
            pending.append((node.test, tested))
            branches_tested = tested or _reads_the_pass(node.test, loop)
            pending.append((node.body, branches_tested))
            pending.append((node.orelse, branches_tested))
            continue
        for name in child_fields(type(node)):
            value = getattr(node, name)
            if name in BLOCK_FIELDS and type(value) is list:
                pending.append((value, tested))
            elif type(value) is list:
                pending.extend((item, tested) for item in value if item is not None)
            elif value is not None:
                pending.append((value, tested))
    return frozenset(found)


def pushes_on_change(call: ast.Call, loop: LoopState) -> bool:
    """Whether a push at ``call`` happens only when the pass saw a change."""
    if loop.change_tested is None:
        loop.change_tested = _change_tested_calls(loop)
    return id(call) in loop.change_tested


def loop_fact(loop: LoopState, positions: Positions, pushes_on_change: bool, has_try: bool) -> PushLoop:
    """The ``PushLoop`` fact of a loop, given how its pushes happen."""
    over_stream = type(loop.node) is ast.AsyncFor
    return PushLoop(
        ref=positions.ref(loop.node),
        pushes_on_change=pushes_on_change,
        has_try=has_try,
        sleep_seconds=loop.sleep_seconds,
        sleep_known=loop.sleep_known,
        event_driven=loop.event_driven or over_stream,
        over_stream=over_stream,
        per_client=loop.per_client,
        long_running=loop.long_running,
    )


def finish_loop(loop: LoopState, state: FunctionState, positions: Positions) -> None:
    if loop.polling and loop.has_push:
        state.push_loops.append(loop_fact(loop, positions, not loop.pushes_every_pass, loop.guarded))
