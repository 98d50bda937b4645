"""Send summaries: what each function of the project sends, followed across calls and files.

Extraction records plain facts per function (``FunctionFlow``): its parameters, its calls with
the callee as a dotted symbol and each argument's shape, and the sends it makes itself. Here
every function gets a summary: the parameters whose value is sent as a message (``message``)
or as a message type (``type``). Summaries grow to a fixed point over a worklist indexed by
callee, so each function is revisited only when a function it calls learns something new. A
call of a summarised function then sends the concrete types its arguments give.

Reachability follows the same calls from entry points (module code, decorated functions,
framework callbacks, functions passed as values); calls from test files are not facts here.
A name wslint cannot resolve keeps every function of that name alive: precision first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from wslint.facts import (
    ArgFlow,
    AttributeFlow,
    CallFlow,
    FunctionFlow,
    PushLoop,
    PythonFacts,
    TypeValue,
)
from wslint.flow_channels import ChannelLinker, OpaqueRelay, argument_for
from wslint.module_index import ModuleIndex, module_names_match

_MAX_HOPS = 8
MODULE_CODE = "<module>"  # the name of a module's top-level code as a function
Role = Literal["message", "type"]
Summary = frozenset[tuple[Role, int]]


@dataclass(frozen=True, slots=True)
class Function:
    facts: PythonFacts = field(compare=False, hash=False)
    flow: FunctionFlow = field(compare=False, hash=False)
    path: str = ""
    name: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.path, self.name)


@dataclass(frozen=True, slots=True)
class FlowPush:
    """A concrete type a call of a summarised function sends."""

    caller: Function
    call: CallFlow
    type: TypeValue


@dataclass(slots=True)
class FlowModel:
    summaries: dict[tuple[str, str], set[tuple[Role, int]]] = field(default_factory=dict)
    pushes: list[FlowPush] = field(default_factory=list)
    # functions that send to clients, themselves or through what they call
    senders: set[tuple[str, str]] = field(default_factory=set)
    reachable: set[tuple[str, str]] = field(default_factory=set)
    functions: dict[tuple[str, str], Function] = field(default_factory=dict)
    # dotted callee symbols that name something of the project, and what it is
    targets: dict[str, tuple[Function, ...] | None] = field(default_factory=dict)
    # functions that publish to a broker channel, themselves or through what they call
    publishers: set[tuple[str, str]] = field(default_factory=set)
    # forwards to clients of what a subscription receives, of types unknown here
    opaque_relays: list[OpaqueRelay] = field(default_factory=list)
    # (channel, type) published on a broker channel no subscription of the project receives
    unreceived: list[tuple[str | None, TypeValue]] = field(default_factory=list)

    def resolves_to_sender(self, symbol: str) -> bool | None:
        """For a push call of the name heuristic: True when the callee is the project's own
        sender or publisher (its summary or its channel decides what the call sends), False
        when it is a project stand-in that sends nothing (an emitter nobody injects), None
        when unknown."""
        found = self.targets.get(symbol)
        if found is None:
            return None
        if not found:
            return False
        if all(function.key in self.senders or function.key in self.publishers for function in found):
            return True
        return None

    def is_dead(self, path: str, name: str) -> bool:
        key = (path, name)
        return key in self.functions and key not in self.reachable


class _Index(ModuleIndex):
    def __init__(self, modules: list[PythonFacts]) -> None:
        super().__init__(modules)
        self.functions: dict[int, dict[str, FunctionFlow]] = {}
        self.attributes: dict[int, dict[str, list[AttributeFlow]]] = {}
        for facts in modules:
            self.functions[id(facts)] = {function.name: function for function in facts.functions}
            bindings: dict[str, list[AttributeFlow]] = defaultdict(list)
            for attribute in facts.attributes:
                bindings[attribute.name].append(attribute)
            self.attributes[id(facts)] = bindings


class _Linker:
    def __init__(self, modules: list[PythonFacts], resolve_name: Callable[[TypeValue], str | None]) -> None:
        self.modules = modules
        self.resolve_name = resolve_name
        self.index = _Index(modules)
        self.model = FlowModel()
        self.injection_ready = False
        self.drained: set[str] = set()
        # resolutions before injected attributes can be followed (``model.targets`` after)
        self.early: dict[str, tuple[Function, ...] | None] = {}
        # (class-qualified method key) -> call sites: filled before injected attributes resolve
        self.callers: dict[tuple[str, str], list[tuple[Function, CallFlow]]] = defaultdict(list)

    # ------------------------------------------------------------------ resolution

    def targets(self, symbol: str, hops: int = 0) -> tuple[Function, ...] | None:
        """The project functions a dotted callee names; () for a stand-in that does nothing;
        None when it names nothing of the project, or something wslint cannot follow."""
        memo = self.model.targets if self.injection_ready else self.early
        if symbol in memo:
            return memo[symbol]
        if hops > _MAX_HOPS:
            return None
        memo[symbol] = None  # a symbol that leads back to itself names nothing
        parts = symbol.split(".")
        result: tuple[Function, ...] | None = None
        for split in range(len(parts) - 1, 0, -1):
            module, key = ".".join(parts[:split]), ".".join(parts[split:])
            found = [
                found
                for facts in self.index.modules_named(module)
                if (found := self._in_module(facts, key, hops)) is not None
            ]
            if len(found) == 1:
                result = found[0]
                break
            if found:
                break  # the same name means different things in different modules
        memo[symbol] = result
        return result

    def _in_module(self, facts: PythonFacts, key: str, hops: int) -> tuple[Function, ...] | None:
        functions = self.index.functions[id(facts)]
        function = functions.get(key) or functions.get(key + ".__init__")
        if function is not None:
            return (_function(facts, function),)
        head, _, rest = key.partition(".")
        alias = facts.aliases.get(head)
        if alias is not None:
            return self.targets(f"{alias}.{rest}" if rest else alias, hops + 1)
        instance = facts.instances.get(head)
        if instance is not None and rest:
            return self.targets(f"{instance}.{rest}", hops + 1)
        parts = key.split(".")
        attributes = self.index.attributes[id(facts)]
        for split in range(len(parts), 1, -1):
            bindings = attributes.get(".".join(parts[:split]))
            if bindings:
                return self._attribute(facts, ".".join(parts[:split]), bindings, parts[split:], hops)
        # as Python looks a name up: the class's own methods and what its instances are given
        # first, then its bases
        return self._inherited(facts, key, hops)

    def _inherited(self, facts: PythonFacts, key: str, hops: int) -> tuple[Function, ...] | None:
        """``PriceHub.push`` where ``PriceHub(Hub)`` does not define ``push``: the first base
        that names something, in order (``PriceHub()`` itself: the base's constructor)."""
        parts = key.split(".")
        for split in range(len(parts), 0, -1):
            bases = facts.class_bases.get(".".join(parts[:split]))
            if bases is None:
                continue
            rest = ".".join(parts[split:])
            for base in bases:
                found = self.targets(f"{base}.{rest}" if rest else base, hops + 1)
                if found is not None:
                    return found
            return None
        return None

    def _attribute(
        self, facts: PythonFacts, name: str, bindings: list[AttributeFlow], rest: list[str], hops: int
    ) -> tuple[Function, ...] | None:
        found: list[Function] = []
        owner = name.rpartition(".")[0]
        for binding in bindings:
            if rest:  # ``self.hub.fan_out``: a method of the instance the attribute holds
                if binding.instance_of is None:
                    return None
                targets = self.targets(".".join([binding.instance_of, *rest]), hops + 1)
            elif binding.nothing:
                targets = ()
            elif binding.function is not None:
                targets = self.targets(binding.function, hops + 1)
            elif binding.method is not None and binding.param is not None:
                targets = self._injected(facts, owner, binding.method, binding.param, hops)
            else:
                return None
            if targets is None:
                return None
            found.extend(targets)
        return tuple(dict.fromkeys(found))

    def _injected(
        self, facts: PythonFacts, owner: str, method: str, param: int, hops: int
    ) -> tuple[Function, ...] | None:
        """What the call sites of ``owner.method`` hand to its parameter ``param``."""
        if not self.injection_ready:
            return None
        receiver = self.index.functions[id(facts)].get(f"{owner}.{method}")
        if receiver is None:
            return None
        sites = self.callers.get((receiver.ref.path, receiver.name), [])
        if not sites:
            return None  # built by a framework or a factory wslint cannot see
        param_name = receiver.params[param] if param < len(receiver.params) else None
        found: list[Function] = []
        for _, call in sites:
            arg = argument_for(call, param, param_name)
            if arg is None or arg.nothing:
                continue  # left out: the default, a do-nothing stand-in
            if arg.function is None:
                return None
            targets = self.targets(arg.function, hops + 1)
            if targets is None:
                return None
            found.extend(targets)
        return tuple(dict.fromkeys(found))

    # ------------------------------------------------------------------ the model

    def run(self) -> FlowModel:
        model = self.model
        every: list[Function] = [
            _function(facts, function) for facts in self.modules for function in facts.functions
        ]
        for function in every:
            model.functions[function.key] = function
        # Injected attributes resolve through the callers of their setter, so calls are
        # indexed once without them first.
        for function in every:
            for call in function.flow.calls:
                for target in self.targets(call.callee) or ():
                    self.callers[target.key].append((function, call))
        self.injection_ready = True
        callers: dict[tuple[str, str], list[tuple[Function, CallFlow]]] = defaultdict(list)
        edges: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        for function in every:
            for call in function.flow.calls:
                for target in self.targets(call.callee) or ():
                    callers[target.key].append((function, call))
                    edges[function.key].add(target.key)
            for symbol in function.flow.passes:
                for target in self.targets(symbol) or ():
                    edges[function.key].add(target.key)
        self._summaries(every, callers)
        forwarders = self._forwarders(every)
        if forwarders:  # puts on a queue some sender drains are sends too: summarise again with them
            self.drained = set(forwarders)
            model.summaries.clear()
            model.senders.clear()
            model.pushes.clear()
            self._summaries(every, callers)
        channels = ChannelLinker(every, callers, self.targets, self._concrete, self.resolve_name)
        links = channels.link(model.summaries, forwarders)
        model.publishers = links.publishers
        model.opaque_relays = links.opaque
        model.unreceived = [(item.channel, value) for item in links.unreceived for value in item.types]
        for publication in links.reaching:
            for value in publication.types:
                model.pushes.append(FlowPush(publication.caller, publication.call, value))
        self._reachability(every, edges)
        return model

    def _forwarders(self, every: list[Function]) -> dict[str, set[Function]]:
        """Queues and subscriptions whose items some function sends, itself or through one of
        the project's senders, with the functions that do."""
        found: dict[str, set[Function]] = defaultdict(set)
        for function in every:
            for source in function.flow.forwards:
                found[source].add(function)
            for send in function.flow.sends:
                if send.queue is None and send.message.relayed_from is not None:
                    found[send.message.relayed_from].add(function)
            for call in function.flow.calls:
                for arg in call.args:
                    if arg.relayed_from is not None and any(
                        target.key in self.model.senders for target in self.targets(call.callee) or ()
                    ):
                        found[arg.relayed_from].add(function)
        return found

    def _is_drained(self, queue: str) -> bool:
        return any(module_names_match(queue, drained) for drained in self.drained)

    def _base(self, function: Function) -> set[tuple[Role, int]]:
        summary: set[tuple[Role, int]] = set()
        for send in function.flow.sends:
            if send.callee is not None and self.targets(send.callee) is not None:
                continue  # the project's own function: its summary decides
            if send.queue is not None:
                if not self._is_drained(send.queue):
                    continue  # nobody we can see sends what this queue holds
                put = CallFlow(send.queue, send.ref, (send.message,))
                for value in self._concrete(send.message, "message"):
                    self.model.pushes.append(FlowPush(function, put, value))
            self.model.senders.add(function.key)
            if send.message.param is not None:
                summary.add(("message", send.message.param))
            if send.message.type_param is not None:
                summary.add(("type", send.message.type_param))
        return summary

    def _summaries(
        self, every: list[Function], callers: dict[tuple[str, str], list[tuple[Function, CallFlow]]]
    ) -> None:
        model = self.model
        for function in every:
            model.summaries[function.key] = self._base(function)
        pending = [function.key for function in every if function.key in model.senders]
        queued = set(pending)
        emitted: set[tuple[object, ...]] = set()
        while pending:
            key = pending.pop()
            queued.discard(key)
            callee = model.functions[key]
            summary = model.summaries[key]
            for caller, call in callers.get(key, ()):
                learned = caller.key not in model.senders
                model.senders.add(caller.key)
                mine = model.summaries[caller.key]
                before = len(mine)
                for role, index in summary:
                    name = callee.flow.params[index] if index < len(callee.flow.params) else None
                    arg = argument_for(call, index, name)
                    if arg is None:
                        continue
                    for value in self._concrete(arg, role):
                        mark = (call.ref, value.ref, value.value, value.symbol)
                        if mark not in emitted:
                            emitted.add(mark)
                            model.pushes.append(FlowPush(caller, call, value))
                    if arg.param is not None:
                        mine.add((role, arg.param))
                    if role == "message" and arg.type_param is not None:
                        mine.add(("type", arg.type_param))
                if (learned or len(mine) != before) and caller.key not in queued:
                    queued.add(caller.key)
                    pending.append(caller.key)

    def _reachability(
        self, every: list[Function], edges: dict[tuple[str, str], set[tuple[str, str]]]
    ) -> None:
        model = self.model
        loose: set[str] = set()
        for facts in self.modules:
            loose |= facts.loose_references
            if not facts.functions:
                loose |= facts.references  # a file read only for its names
        for function in every:
            for call in function.flow.calls:
                if self.targets(call.callee) is None:
                    loose.add(call.callee.rpartition(".")[2])
            for symbol in function.flow.passes:
                if self.targets(symbol) is None:
                    loose.add(symbol.rpartition(".")[2])
        pending = [
            function.key
            for function in every
            if function.flow.entry or function.flow.name.rpartition(".")[2] in loose
        ]
        for symbols in (function.flow.passes for function in every):
            for symbol in symbols:
                pending.extend(target.key for target in self.targets(symbol) or ())
        while pending:
            key = pending.pop()
            if key in model.reachable:
                continue
            model.reachable.add(key)
            pending.extend(edges.get(key, ()))

    def _concrete(self, arg: ArgFlow, role: Role) -> tuple[TypeValue, ...]:
        if role == "message" and arg.built_by is not None:
            return self._built(arg.built_by)
        return _concrete(arg, role)

    def _built(self, builder: str) -> tuple[TypeValue, ...]:
        """The message types what ``builder`` names returns, through builders that return
        another builder's value (``return tick_message()``)."""
        found: dict[TypeValue, None] = {}
        seen: set[tuple[str, str]] = set()
        pending = [(builder, 0)]
        while pending:
            symbol, hops = pending.pop()
            for target in self.targets(symbol) or ():
                if target.key in seen:
                    continue
                seen.add(target.key)
                found.update(dict.fromkeys(target.flow.returns))
                if hops < _MAX_HOPS:
                    pending.extend((inner, hops + 1) for inner in target.flow.returns_built_by)
        return tuple(found)


def _function(facts: PythonFacts, flow: FunctionFlow) -> Function:
    return Function(facts, flow, flow.ref.path, flow.name)


def _concrete(arg: ArgFlow, role: Role) -> tuple[TypeValue, ...]:
    if role == "message":
        return arg.types
    if arg.name is not None and arg.function is None:
        return (arg.name,)
    if arg.name is not None and arg.name.value is not None:
        return (arg.name,)
    if arg.name is not None and arg.name.symbol is not None and arg.name.symbol.rpartition(".")[2].isupper():
        return (arg.name,)  # ``Kind.TICK``: an enum member or a constant, not a function
    return ()


def _literal_name(value: TypeValue) -> str | None:
    return value.value


def build_flow_model(
    modules: list[PythonFacts], resolve_name: Callable[[TypeValue], str | None] = _literal_name
) -> FlowModel:
    """Summaries, concrete pushes and reachability of the project's non-test Python modules.
    ``resolve_name`` gives the string a name stands for (a channel constant imported from
    another module)."""
    return _Linker(modules, resolve_name).run()


def flow_loops(pushes: Iterable[FlowPush]) -> dict[tuple[str, str], tuple[PushLoop, ...]]:
    """The loops each caller pushes in through summarised functions, by function key."""
    loops: dict[tuple[str, str], dict[PushLoop, None]] = defaultdict(dict)
    for push in pushes:
        if push.call.loop is not None:
            loops[push.caller.key][push.call.loop] = None
    return {key: tuple(found) for key, found in loops.items()}
