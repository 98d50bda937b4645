"""Broker channels: messages published to Redis pub/sub or PostgreSQL NOTIFY, the subscriptions
that receive them, and sends of what was received. Plain facts only (``BrokerPublish``,
``BrokerSubscription``, ``FunctionFlow.forwards``); the linker ties publishers to subscribers
by channel (``wslint.flow_channels``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

import libcst as cst

from wslint.facts import ArgFlow, BrokerPublish, BrokerSubscription, TypeValue
from wslint.python_facts.pushes import FunctionState, sends_to_socket, sends_upstream
from wslint.python_facts.syntax import (
    argument,
    children,
    dotted_name,
    final_name,
    method_name,
    name_words,
    positional_args,
    receiver,
    string_value,
)
from wslint.python_facts.table import Scope
from wslint.vocabulary import (
    BROKER_CLIENT_WORDS,
    BROKER_PACKAGES,
    BROKER_PAYLOAD_FIELDS,
    BROKER_PUBLISH_METHODS,
    BROKER_RECEIVE_METHODS,
    BROKER_SUBSCRIBE_METHODS,
    SEND_METHODS,
    SQL_EXECUTE_METHODS,
)

if TYPE_CHECKING:
    from wslint.python_facts.flows import FlowCollector

# ``pg_notify('inventory', $1)`` / ``pg_notify($1, $2)``: a channel literal or placeholder, then the payload's
_PG_NOTIFY = re.compile(r"(?i)\bpg_notify\s*\(\s*(?:'([^']*)'|\$(\d+))\s*,\s*(?:\$(\d+))?")
_NOTIFY = re.compile(r'(?i)^\s*NOTIFY\s+"?([A-Za-z_][A-Za-z0-9_]*)"?')
# asyncpg calls a listener with (connection, pid, channel, payload)
_LISTENER_PAYLOAD = 3
_MAX_HOPS = 8


def _package(symbol: str | None) -> bool:
    return symbol is not None and symbol.partition(".")[0] in BROKER_PACKAGES


def _words(node: cst.BaseExpression) -> set[str]:
    name = dotted_name(node)
    return name_words(name) if name is not None else set()


def _called(value: cst.BaseExpression | None) -> cst.Call | None:
    if isinstance(value, cst.Await):
        value = value.expression
    return value if isinstance(value, cst.Call) else None


def _single_value(name: str, scope: Scope) -> cst.BaseExpression | None:
    bound = scope.lookup(name)
    return bound[0] if bound is not None and len(bound) == 1 else None


def _sql_text(node: cst.BaseExpression | None) -> str | None:
    """``"SELECT pg_notify(...)"``, or the same inside SQLAlchemy's ``text(...)``."""
    call = _called(node)
    if call is not None and final_name(call.func) == "text":
        node = argument(call, 0, "text")
    return string_value(node) if node is not None else None


class BrokerCollector:
    """Called by the walker for each call; records broker facts in the current function."""

    def __init__(self, flows: FlowCollector) -> None:
        self.flows = flows

    # ------------------------------------------------------------------ receivers

    def is_client(self, target: cst.BaseExpression, scope: Scope) -> bool:
        """A broker client: named like one (``redis``, ``self.broker``), or made by a broker
        package or a ``get_redis()`` (``broadcast = Broadcast(url)``, ``client = Redis(...)``)."""
        if _words(target) & BROKER_CLIENT_WORDS:
            return True
        made = _called(target)  # ``get_redis().publish(...)``
        if made is None and isinstance(target, cst.Name):
            if scope.lookup(target.value) is None:  # a module-level name or an import
                instance = self.flows.instances.get(target.value)
                return _package(instance) or _package(self.flows.table.aliases.get(target.value))
            made = _called(_single_value(target.value, scope))
        if made is None:
            return False
        return bool(_words(made.func) & BROKER_CLIENT_WORDS) or _package(self._symbol(made.func))

    def _is_pubsub(self, target: cst.BaseExpression, state: FunctionState) -> bool:
        """``self._pubsub``, ``p = redis.pubsub()``, ``async with redis.pubsub() as p``."""
        if "pubsub" in _words(target):
            return True
        if not isinstance(target, cst.Name):
            return False
        name = target.value
        made = _called(_single_value(name, state.scope)) or _called(_context_value(name, state))
        return made is not None and method_name(made) == "pubsub"

    def _symbol(self, node: cst.BaseExpression) -> str | None:
        return self.flows.symbol(node, FunctionState(None, None, Scope()))

    def source(self, target: cst.BaseExpression, state: FunctionState) -> str | None:
        """Who receives: the same object named in the subscribing and the reading code."""
        name = dotted_name(target)
        if name is None:
            return None
        head = name.partition(".")[0]
        if head not in ("self", "cls") and state.scope.lookup(head) is not None:
            return f"pubsub:{self.flows.module}.{state.qualname or '<module>'}:{name}"
        symbol = self.flows.symbol(target, state)
        return f"pubsub:{symbol}" if symbol is not None else None

    # ------------------------------------------------------------------ the walker hook

    def call(self, node: cst.Call, state: FunctionState) -> bool:
        """Record what the call does with a broker; True for a publish (it pushes nothing itself)."""
        method = method_name(node) or ""
        draft = self.flows.stack[-1]
        target = receiver(node)
        publish = self.publish(node, state)
        if publish is not None:
            draft.publishes.append(publish)
            return True
        if method in BROKER_SUBSCRIBE_METHODS and target is not None:
            self._subscribe(node, method, target, state)
        elif method == "add_listener":
            self._listener(node, state)
        elif method in SEND_METHODS and sends_to_socket(node, method):
            if sends_upstream(node, state.scope):
                return False
            sent = argument(node, 0, "data", "message")
            item = self.received_item(sent, state) if sent is not None else None
            if item is None and sent is not None:
                item = self.flows.queue_item(sent, state)
            if item is not None:
                draft.forwards.append(item)
        return False

    def publishes(self, node: cst.Call, scope: Scope) -> bool:
        """``redis.publish(channel, message)`` on a broker client, ``func.pg_notify(channel,
        payload)``, or SQL that notifies (``conn.execute("SELECT pg_notify(...)", payload)``)."""
        method = method_name(node) or ""
        target = receiver(node)
        if method in BROKER_PUBLISH_METHODS:
            return (
                target is not None
                and argument(node, 0, "channel") is not None
                and argument(node, 1, "message") is not None
                and self.is_client(target, scope)
            )
        if method == "pg_notify":
            return len(positional_args(node)) == 2
        if method in SQL_EXECUTE_METHODS:
            positional = positional_args(node)
            sql = _sql_text(positional[0]) if positional else None
            return sql is not None and (_PG_NOTIFY.search(sql) is not None or _NOTIFY.match(sql) is not None)
        return False

    def publish(self, node: cst.Call, state: FunctionState) -> BrokerPublish | None:
        if not self.publishes(node, state.scope):
            return None
        method = method_name(node) or ""
        ref = self.flows.positions.ref(node)
        if method in SQL_EXECUTE_METHODS:
            return self._sql_notify(node, state)
        channel, message = argument(node, 0, "channel"), argument(node, 1, "message")
        assert channel is not None and message is not None  # ``publishes`` saw them
        return BrokerPublish(ref, self._channel(channel, 0, state), self._arg(message, 1, state))

    def _arg(self, node: cst.BaseExpression, position: int, state: FunctionState) -> ArgFlow:
        return self.flows.arg_flow(node, position, None, state)

    def _channel(self, node: cst.BaseExpression, position: int, state: FunctionState) -> ArgFlow:
        """A channel argument; one made with an f-string keeps its shape (``tenant:*``)."""
        flow = self._arg(node, position, state)
        if flow.name is None and flow.param is None:
            draft = self.flows.resolver.resolve(node, state.scope)
            if draft.pattern is not None:
                return replace(flow, name=self.flows.type_value(draft))
        return flow

    def _sql_notify(self, node: cst.Call, state: FunctionState) -> BrokerPublish:
        """``conn.execute("SELECT pg_notify('inventory', $1)", payload)`` / ``"NOTIFY inventory"``."""
        positional = positional_args(node)
        sql_node = positional[0] if positional else None
        sql = _sql_text(sql_node) if sql_node is not None else None
        assert sql is not None and sql_node is not None  # ``publishes`` read it
        ref = self.flows.positions.ref(node)
        literal_ref = self.flows.positions.ref(sql_node)

        def placeholder(index: str | None, channel: bool = False) -> ArgFlow:
            at = int(index) if index is not None else -1
            if 0 < at < len(positional):  # asyncpg's ``$1`` is the first argument after the SQL
                return (self._channel if channel else self._arg)(positional[at], at, state)
            return ArgFlow(0)

        found = _PG_NOTIFY.search(sql)
        if found is not None:
            name, channel_index, payload_index = found.groups()
            channel = placeholder(channel_index, channel=True)
            if name is not None:
                channel = ArgFlow(0, name=TypeValue(literal_ref, name))
            return BrokerPublish(ref, channel, placeholder(payload_index))
        notify = _NOTIFY.match(sql)
        name = notify.group(1) if notify is not None else None
        return BrokerPublish(ref, ArgFlow(0, name=TypeValue(literal_ref, name)), ArgFlow(1))

    def _subscribe(
        self, node: cst.Call, method: str, target: cst.BaseExpression, state: FunctionState
    ) -> None:
        """``await pubsub.subscribe(ORDERS, AUDIT)`` / ``pubsub.subscribe(orders=handler)``, or a
        subscription used as a context (``async with broadcast.subscribe(channel="chat") as s``)."""
        ref = self.flows.positions.ref(node)
        channels: list[ArgFlow] = []
        if self._is_pubsub(target, state):
            source = self.source(target, state)
            listed = enumerate(positional_args(node))
            channels = [self._channel(value, index, state) for index, value in listed]
            for arg in node.args:
                if arg.keyword is not None:  # redis-py: the keyword names the channel
                    named = TypeValue(self.flows.positions.ref(arg.keyword), arg.keyword.value)
                    channels.append(ArgFlow(-1, name=named))
                elif arg.star:
                    channels.append(ArgFlow(-1))  # ``subscribe(**handlers)``: named at run time
        elif self.is_client(target, state.scope):
            holder = self._context_name(node, state)
            source = self.source(holder, state) if holder is not None else None
            given = argument(node, 0, "channel")
            channels = [self._channel(given, 0, state) if given is not None else ArgFlow(0)]
        else:
            # a subscriber wslint does not recognise, on a channel it can name: whatever publishes
            # there may reach clients through it
            given = argument(node, 0, "channel")
            unrecognised = self._channel(given, 0, state) if given is not None else None
            if unrecognised is None or not _names_a_channel(unrecognised.name):
                return
            source, channels = None, [unrecognised]
        for channel in channels:
            subscription = BrokerSubscription(ref, channel, pattern=method == "psubscribe", source=source)
            self.flows.stack[-1].subscriptions.append(subscription)

    def _context_name(self, call: cst.Call, state: FunctionState) -> cst.Name | None:
        """The name ``async with <call> as name`` binds, in the current function."""
        pending: list[cst.CSTNode] = [state.node.body] if state.node is not None else []
        while pending:
            node = pending.pop()
            if isinstance(node, cst.With):
                for item in node.items:
                    if _called(item.item) is call and item.asname is not None:
                        name = item.asname.name
                        return name if isinstance(name, cst.Name) else None
            if not isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
                pending.extend(children(node))
        return None

    def _listener(self, node: cst.Call, state: FunctionState) -> None:
        """asyncpg's ``await conn.add_listener("inventory", on_notify)``."""
        positional = positional_args(node)
        if len(positional) != 2 or string_value(positional[1]) is not None:
            return  # not a channel and a callback (``app.add_listener(setup, "before_start")``)
        channel, callback = positional
        symbol = None
        if isinstance(callback, (cst.Name, cst.Attribute)):
            symbol = self.flows.symbol(callback, state)
        self.flows.stack[-1].subscriptions.append(
            BrokerSubscription(
                self.flows.positions.ref(node),
                self._channel(channel, 0, state),
                callback=symbol,
                payload_param=_LISTENER_PAYLOAD if symbol is not None else None,
            )
        )

    # ------------------------------------------------------------------ received messages

    def received_item(self, node: cst.BaseExpression, state: FunctionState, hops: int = 0) -> str | None:
        """What a subscription received, as it is or unwrapped: ``json.loads(message["data"])``
        for ``message`` of ``pubsub.listen()`` / ``await pubsub.get_message()``, or
        ``event.message`` for ``event`` of a subscription context. Its subscription's source."""
        if hops > _MAX_HOPS:
            return None
        if isinstance(node, cst.Call):
            method = method_name(node)
            if method in ("loads", "decode", "str") and (inner := _unwrapped(node)) is not None:
                return self.received_item(inner, state, hops + 1)
            return None
        if isinstance(node, cst.Subscript):
            return self.received_item(node.value, state, hops + 1)
        if isinstance(node, cst.Attribute):
            if node.attr.value in BROKER_PAYLOAD_FIELDS:
                return self.received_item(node.value, state, hops + 1)
            return None
        if not isinstance(node, cst.Name):
            return None
        for loop in reversed(state.loops):
            if node.value in loop.targets:
                return self._iterated(loop.node, state)
        value = _single_value(node.value, state.scope)
        if value is None:
            return None
        polled = _called(value)
        receives = polled is not None and method_name(polled) in BROKER_RECEIVE_METHODS
        if isinstance(value, cst.Await) and receives and polled is not None:
            target = receiver(polled)
            if target is not None and self._is_pubsub(target, state):
                return self.source(target, state)
            return None
        return self.received_item(value, state, hops + 1)

    def _iterated(self, loop: cst.While | cst.For, state: FunctionState) -> str | None:
        """``async for message in pubsub.listen()`` / ``async for event in subscriber``."""
        if not isinstance(loop, cst.For) or loop.asynchronous is None:
            return None
        iterated = loop.iter
        if isinstance(iterated, cst.Call):
            target = receiver(iterated)
            if method_name(iterated) in BROKER_RECEIVE_METHODS and target is not None:
                return self.source(target, state) if self._is_pubsub(target, state) else None
            return None
        if isinstance(iterated, cst.Name):
            subscribed = _context_subscription(iterated.value, state)
            if subscribed is not None and self.is_client(subscribed, state.scope):
                return self.source(iterated, state)
        return None


def _names_a_channel(name: TypeValue | None) -> bool:
    """A string, an f-string, or a constant (``ORDERS_CHANNEL``), not a callback (``on_next``)."""
    if name is None:
        return False
    last = (name.symbol or "").rpartition(".")[2]
    return name.value is not None or name.pattern is not None or (last.isupper() and last != last.lower())


def _unwrapped(call: cst.Call) -> cst.BaseExpression | None:
    """``json.loads(x)`` / ``str(x)`` -> ``x``; ``x.decode()`` -> ``x``."""
    if method_name(call) == "decode":
        return receiver(call)
    positional = positional_args(call)
    return positional[0] if positional else None


def _context_value(name: str, state: FunctionState) -> cst.BaseExpression | None:
    """What ``with <value> as <name>`` / ``async with`` binds to the name in the current function."""
    pending: list[cst.CSTNode] = [state.node.body] if state.node is not None else []
    while pending:
        node = pending.pop()
        if isinstance(node, cst.With):
            for item in node.items:
                bound = item.asname.name if item.asname is not None else None
                if isinstance(bound, cst.Name) and bound.value == name:
                    return item.item
        if not isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            pending.extend(children(node))
    return None


def _context_subscription(name: str, state: FunctionState) -> cst.BaseExpression | None:
    """The broker client of ``async with <client>.subscribe(...) as <name>``, if that binds it."""
    call = _called(_context_value(name, state))
    if call is not None and method_name(call) in BROKER_SUBSCRIBE_METHODS:
        return receiver(call)
    return None
