"""Broker channels in the send summaries: a message published to a channel (``redis.publish``,
``pg_notify``) counts as sent when some subscription of the project can receive that channel.

A publication whose channel or message is still a parameter (``publish_event(channel, event)``)
is handed to the callers, as send summaries are, until its call sites make it concrete. A
subscription whose channel is named at run time can receive anything, and a publication to a
channel named at run time can reach any subscriber: both count as reaching. Where what a
subscription forwards to clients cannot be typed (its channel is unknown, or nothing of the
project publishes to it), the forwarding is an opaque relay: rules say nothing about the
types its clients wait for.
"""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from wslint.facts import ArgFlow, BrokerPublish, BrokerSubscription, CallFlow, SourceRef, TypeValue

if TYPE_CHECKING:
    from wslint.flow import Function

Role = Literal["message", "type"]
_MAX_HOPS = 8


def argument_for(call: CallFlow, index: int, name: str | None) -> ArgFlow | None:
    """The argument a call gives a callee's parameter ``index`` (called ``name``)."""
    for arg in call.args:
        if arg.position == index or (name is not None and arg.keyword == name):
            return arg
    return None


@dataclass(frozen=True, slots=True)
class _Channel:
    name: str | None = None  # None: named at run time
    param: int | None = None  # still the function's parameter


@dataclass(frozen=True, slots=True)
class _Open:
    """A publication of a function whose channel or message is still one of its parameters."""

    channel: _Channel
    role: Role | None  # the parameter holding the message (``message``) or its type (``type``)
    index: int | None
    types: tuple[TypeValue, ...] = ()  # the message's types when no parameter holds it


@dataclass(frozen=True, slots=True)
class Publication:
    """A message published at ``call`` of ``caller``, its channel and types known (or not) there."""

    caller: Function
    call: CallFlow
    channel: str | None
    types: tuple[TypeValue, ...]


@dataclass(frozen=True, slots=True)
class _Subscribed:
    function: Function
    subscription: BrokerSubscription
    # (name, is a glob): ``psubscribe("orders.*")``, ``subscribe(f"tenant:{tenant_id}")``;
    # None: named at run time, any channel
    channels: frozenset[tuple[str, bool]] | None


@dataclass(frozen=True, slots=True)
class OpaqueRelay:
    """Clients get what a subscription receives, of types unknown here."""

    function: Function  # forwards it, to a socket or to the project's senders
    ref: SourceRef  # the subscription, or the forwarding function when the subscription is unseen
    through: frozenset[tuple[str, str]] = frozenset()  # those senders, by function key


@dataclass(slots=True)
class ChannelLinks:
    reaching: list[Publication] = field(default_factory=list)  # received by some subscription
    unreceived: list[Publication] = field(default_factory=list)  # received by none
    publishers: set[tuple[str, str]] = field(default_factory=set)  # publish, themselves or through calls
    opaque: list[OpaqueRelay] = field(default_factory=list)


class ChannelLinker:
    def __init__(
        self,
        every: list[Function],
        callers: dict[tuple[str, str], list[tuple[Function, CallFlow]]],
        targets: Callable[[str], tuple[Function, ...] | None],
        concrete: Callable[[ArgFlow, Role], tuple[TypeValue, ...]],
        resolve_name: Callable[[TypeValue], str | None],
    ) -> None:
        self.every = every
        self.functions = {function.key: function for function in every}
        self.callers = callers
        self.targets = targets
        self.concrete = concrete
        self.resolve_name = resolve_name

    def link(
        self, summaries: dict[tuple[str, str], set[tuple[Role, int]]], forwarders: dict[str, set[Function]]
    ) -> ChannelLinks:
        links = ChannelLinks()
        publications = self._publications(links)
        subscribed = [
            _Subscribed(
                function,
                subscription,
                self._subscribed_channels(function, subscription.channel, subscription.pattern),
            )
            for function in self.every
            for subscription in function.flow.subscriptions
        ]
        for publication in publications:
            received = any(_receives(each, publication.channel) for each in subscribed)
            (links.reaching if received else links.unreceived).append(publication)
        sources = {s.subscription.source for s in subscribed}
        for source, functions in forwarders.items():
            if source.startswith("pubsub:") and source not in sources:
                # items of a subscription made where wslint does not see it: any channel
                for function in functions:
                    through = self._through(function, source)
                    links.opaque.append(OpaqueRelay(function, function.flow.ref, through))
        for item in subscribed:
            subscription = item.subscription
            forwarding = self._forwarding(subscription, summaries, forwarders)
            if forwarding and not self._typed(item, publications):
                for function in forwarding:
                    through = self._through(function, subscription.source, subscription.payload_param)
                    links.opaque.append(OpaqueRelay(function, subscription.ref, through))
        return links

    def _through(
        self, function: Function, source: str | None, param: int | None = None
    ) -> frozenset[tuple[str, str]]:
        """The project's functions ``function`` hands the received items to."""
        return frozenset(
            target.key
            for call in function.flow.calls
            if any(_carries(arg, source, param) for arg in call.args)
            for target in self.targets(call.callee) or ()
        )

    # ------------------------------------------------------------------ publications

    def _publications(self, links: ChannelLinks) -> list[Publication]:
        found: list[Publication] = []
        opened: dict[tuple[str, str], set[_Open]] = defaultdict(set)
        for function in self.every:
            for publish in function.flow.publishes:
                links.publishers.add(function.key)
                entry = _Open(self._channel(publish.channel), *self._message(publish.message))
                if entry.channel.param is None and entry.role is None:
                    call = _call_of(function, publish)
                    found.append(Publication(function, call, entry.channel.name, entry.types))
                else:
                    opened[function.key].add(entry)
        pending = list(opened)
        seen: set[tuple[object, ...]] = set()
        while pending:
            key = pending.pop()
            for caller, call in self.callers.get(key, ()):
                callee = self.functions[key]
                for entry in list(opened[key]):
                    handed = self._handed(entry, callee, call)
                    links.publishers.add(caller.key)
                    if handed.channel.param is None and handed.role is None:
                        mark = (call.ref, handed.channel.name, handed.types)
                        if mark not in seen:
                            seen.add(mark)
                            found.append(Publication(caller, call, handed.channel.name, handed.types))
                    elif handed not in opened[caller.key]:
                        opened[caller.key].add(handed)
                        pending.append(caller.key)
        return found

    def _channel(self, arg: ArgFlow | None) -> _Channel:
        if arg is None:
            return _Channel()
        if arg.param is not None:
            return _Channel(param=arg.param)
        if arg.name is not None and arg.name.pattern is None:
            return _Channel(self.resolve_name(arg.name))
        return _Channel()

    def _message(self, arg: ArgFlow | None) -> tuple[Role | None, int | None, tuple[TypeValue, ...]]:
        if arg is None:
            return None, None, ()
        if arg.param is not None:
            return "message", arg.param, ()
        if arg.type_param is not None:
            return "type", arg.type_param, ()
        return None, None, self.concrete(arg, "message")

    def _handed(self, entry: _Open, callee: Function, call: CallFlow) -> _Open:
        """The publication as a call site makes it: parameters replaced by what the call gives."""
        params = callee.flow.params

        def given(index: int) -> ArgFlow | None:
            return argument_for(call, index, params[index] if index < len(params) else None)

        channel = entry.channel
        if channel.param is not None:
            channel = self._channel(given(channel.param))
        if entry.role is None or entry.index is None:
            return _Open(channel, None, None, entry.types)
        arg = given(entry.index)
        if entry.role == "message":
            return _Open(channel, *self._message(arg))
        if arg is not None and arg.param is not None:
            return _Open(channel, "type", arg.param)
        return _Open(channel, None, None, self.concrete(arg, "type") if arg is not None else ())

    # ------------------------------------------------------------------ subscriptions

    def _subscribed_channels(
        self, function: Function, arg: ArgFlow, glob: bool, hops: int = 0
    ) -> frozenset[tuple[str, bool]] | None:
        """The channels a subscription's argument names, through the callers when it is a parameter."""
        if arg.param is None and arg.name is not None and arg.name.pattern is not None:
            return frozenset({(arg.name.pattern, True)})
        channel = self._channel(arg)
        if channel.param is None:
            return frozenset({(channel.name, glob)}) if channel.name is not None else None
        sites = self.callers.get(function.key, [])
        if not sites or hops > _MAX_HOPS:
            return None
        names: set[tuple[str, bool]] = set()
        params = function.flow.params
        for caller, call in sites:
            name = params[channel.param] if channel.param < len(params) else None
            given = argument_for(call, channel.param, name)
            found = self._subscribed_channels(caller, given, glob, hops + 1) if given is not None else None
            if found is None:
                return None
            names |= found
        return frozenset(names)

    def _forwarding(
        self,
        subscription: BrokerSubscription,
        summaries: dict[tuple[str, str], set[tuple[Role, int]]],
        forwarders: dict[str, set[Function]],
    ) -> set[Function]:
        """The functions that send what the subscription receives to clients."""
        if subscription.source is not None:
            return forwarders.get(subscription.source, set())
        if subscription.callback is None or subscription.payload_param is None:
            return set()
        return {
            function
            for function in self.targets(subscription.callback) or ()
            if ("message", subscription.payload_param) in summaries.get(function.key, ())
        }

    def _typed(self, item: _Subscribed, publications: list[Publication]) -> bool:
        """Every message the subscription can receive has a type the project publishes."""
        if item.channels is None:
            return False
        return any(_receives(item, publication.channel) for publication in publications)


def _carries(arg: ArgFlow, source: str | None, param: int | None) -> bool:
    """The argument is a received item: of the subscription ``source``, or the callback's parameter."""
    return (source is not None and arg.relayed_from == source) or (param is not None and arg.param == param)


def _receives(item: _Subscribed, channel: str | None) -> bool:
    if item.channels is None or channel is None:
        return True
    return any(
        fnmatch.fnmatchcase(channel, name) if glob else channel == name for name, glob in item.channels
    )


def _call_of(function: Function, publish: BrokerPublish) -> CallFlow:
    """The publish as a call: the one the function records at that place (its loop), if any."""
    recorded = next((call for call in function.flow.calls if call.ref == publish.ref), None)
    if recorded is None:
        return CallFlow("publish", publish.ref, (publish.message,))
    return CallFlow(recorded.callee, publish.ref, (publish.message,), recorded.in_loop, recorded.loop)
