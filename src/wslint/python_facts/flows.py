"""Per-function flow facts: what each function calls (callee as a dotted symbol, arguments by
shape) and what it sends itself. The linker turns them into send summaries (``wslint.flow``).

The walker calls ``FlowCollector`` as it passes functions, calls, assignments and values, so
the file is still traversed once.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field

from wslint.facts import (
    ArgFlow,
    AttributeFlow,
    BrokerPublish,
    BrokerSubscription,
    CallFlow,
    FunctionFlow,
    PushLoop,
    PythonFacts,
    SendFlow,
    SourceRef,
    TypeValue,
)
from wslint.flow import MODULE_CODE
from wslint.python_facts.brokers import BrokerCollector
from wslint.python_facts.positions import Positions
from wslint.python_facts.pushes import FunctionState, LoopState, loop_fact, pushes_on_change
from wslint.python_facts.syntax import (
    argument,
    dotted_name,
    final_name,
    has_docstring,
    is_none,
    keyword_arg,
    method_name,
    name_words,
    positional_args,
    receiver,
    source_args,
    string_value,
)
from wslint.python_facts.table import Scope, SymbolTable
from wslint.python_facts.types import TypeDraft, TypeResolver, wrapped_message
from wslint.vocabulary import QUEUE_WORDS

_BUILTINS = frozenset(dir(builtins))
_QUEUE_PUTS = frozenset({"put", "put_nowait"})
# Functions a framework or runtime calls by convention, not by a call of the project.
_CONVENTIONAL = frozenset({"main", "run", "start", "__call__", "dispatch", "execute"})


def _converts(value: ast.expr, name: str) -> bool:
    """``message = message.model_dump()``, ``message = json.loads(message) if ... else message``:
    a parameter rebound to itself in another form still hands on what the caller passed."""
    if type(value) is ast.Name:
        return value.id == name
    if type(value) is ast.IfExp:
        return _converts(value.body, name) and _converts(value.orelse, name)
    if type(value) is ast.Call:
        wrapped = wrapped_message(value)
        if wrapped is None and method_name(value) == "loads" and positional_args(value):
            wrapped = positional_args(value)[0]
        return wrapped is not None and _converts(wrapped, name)
    return False


def _params(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str, ...]:
    params = node.args
    names = [p.arg for p in (*params.posonlyargs, *params.args, *params.kwonlyargs)]
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return tuple(names)


# What a lambda may return and still do nothing: a string, bytes, an int (a bool), None, ``...``.
_INERT_CONSTANTS = (str, bytes, int, type(None), type(...))


def _does_nothing(node: ast.expr) -> bool:
    """``None``, or a lambda that returns a constant: a stand-in that sends nothing."""
    if is_none(node):
        return True
    if type(node) is ast.Lambda:
        return type(node.body) is ast.Constant and isinstance(node.body.value, _INERT_CONSTANTS)
    return False


# Calls that schedule the coroutine they are given: ``lambda m: create_task(send(m))`` sends.
_SCHEDULERS = frozenset({"create_task", "ensure_future", "run_coroutine_threadsafe", "spawn", "start_soon"})


def _forwarded(node: ast.Lambda) -> ast.expr | None:
    """The function a lambda only forwards its parameters to, in order
    (``lambda m: fan_out(m)``, ``lambda m: asyncio.create_task(fan_out(m))``)."""
    params = node.args
    if params.vararg is not None or params.kwarg is not None or params.kwonlyargs:
        return None
    names = [param.arg for param in (*params.posonlyargs, *params.args)]
    body = node.body
    if type(body) is ast.Call and final_name(body.func) in _SCHEDULERS:
        scheduled = source_args(body)
        if len(scheduled) == 1:
            body = scheduled[0][2]
    if type(body) is not ast.Call or not isinstance(body.func, (ast.Name, ast.Attribute)):
        return None
    passed = [
        value.id if type(value) is ast.Name and keyword is None and not starred else None
        for keyword, starred, value in source_args(body)
    ]
    return body.func if passed == names else None


def _injected(value: ast.expr) -> ast.expr:
    """``emitter or (lambda *a: None)`` / ``emitter if emitter else noop``: the injected part."""
    if type(value) is ast.BoolOp and type(value.op) is ast.Or:
        # ``a or b or c`` is ``(a or b) or c``: the injected part is ``a or b``, no single name
        return value.values[0] if len(value.values) == 2 else value
    if type(value) is ast.IfExp:
        return value.body
    return value


def _names_a_queue(target: ast.expr) -> bool:
    name = dotted_name(target)
    return name is not None and bool(name_words(name.rpartition(".")[2]) & QUEUE_WORDS)


def _constructs(value: ast.expr) -> bool:
    """``Manager()``: a call of a name spelled like a class."""
    return type(value) is ast.Call and (final_name(value.func) or "")[:1].isupper()


@dataclass(slots=True)
class _CallDraft:
    callee: str
    ref: SourceRef
    args: tuple[ArgFlow, ...]
    loop: LoopState | None  # the outermost polling loop around the call
    guarded: bool
    on_change: bool = False  # runs only when a test of what the loop's pass computed says so


@dataclass(slots=True)
class _FunctionDraft:
    node: ast.FunctionDef | ast.AsyncFunctionDef | None
    name: str
    params: tuple[str, ...]
    class_name: str | None  # qualified name of the class whose method (or nested function) this is
    calls: list[_CallDraft] = field(default_factory=list)
    sends: list[SendFlow] = field(default_factory=list)
    passes: set[str] = field(default_factory=set)
    returns: list[TypeValue] = field(default_factory=list)
    returns_built_by: list[str] = field(default_factory=list)
    publishes: list[BrokerPublish] = field(default_factory=list)
    subscriptions: list[BrokerSubscription] = field(default_factory=list)
    forwards: list[str] = field(default_factory=list)


class FlowCollector:
    def __init__(self, table: SymbolTable, positions: Positions, resolver: TypeResolver) -> None:
        self.table = table
        self.module = table.module
        self.positions = positions
        self.resolver = resolver
        self.stack: list[_FunctionDraft] = [_FunctionDraft(None, MODULE_CODE, (), None)]
        self.functions: list[FunctionFlow] = []
        self.attributes: dict[str, list[AttributeFlow]] = {}
        self.instances: dict[str, str] = {}
        self.class_bases: dict[str, tuple[str, ...]] = {}
        self.loose: set[str] = set()
        self.brokers = BrokerCollector(self)

    # ------------------------------------------------------------------ functions

    def enter(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, qualname: str, class_name: str | None
    ) -> None:
        self.stack.append(_FunctionDraft(node, qualname, _params(node), class_name))

    def class_definition(self, node: ast.ClassDef, qualname: str, state: FunctionState) -> None:
        """A class's bases as symbols, where the linker looks for the methods it inherits."""
        bases = tuple(symbol for base in node.bases if (symbol := self.symbol(base, state)) is not None)
        if bases:
            self.class_bases[qualname] = bases

    def leave(self, node: ast.FunctionDef | ast.AsyncFunctionDef, is_method: bool) -> None:
        draft = self.stack.pop()
        name = node.name
        entry = bool(node.decorator_list) or name in _CONVENTIONAL or name.startswith(("__", "on_"))
        self.functions.append(self._function(draft, entry, has_docstring(node.body), is_method))

    def _function(self, draft: _FunctionDraft, entry: bool, docstring: bool, is_method: bool) -> FunctionFlow:
        calls = tuple(
            CallFlow(call.callee, call.ref, call.args, call.loop is not None, self._loop(call))
            for call in draft.calls
        )
        ref = (
            self.positions.ref(draft.node) if draft.node is not None else SourceRef(self.positions.path, 1, 1)
        )
        return FunctionFlow(
            draft.name,
            ref,
            draft.params,
            calls,
            tuple(draft.sends),
            tuple(sorted(draft.passes)),
            tuple(draft.returns),
            entry,
            docstring,
            is_method,
            tuple(dict.fromkeys(draft.returns_built_by)),
            publishes=tuple(draft.publishes),
            subscriptions=tuple(draft.subscriptions),
            forwards=tuple(dict.fromkeys(draft.forwards)),
        )

    def _loop(self, call: _CallDraft) -> PushLoop | None:
        """The call's loop as the walker would record it if the call pushed."""
        loop = call.loop
        if loop is None:
            return None
        return loop_fact(loop, self.positions, call.on_change and not loop.pushes_every_pass, call.guarded)

    def finish(self, facts: PythonFacts) -> None:
        facts.functions = [*self.functions, self._function(self.stack[0], True, False, False)]
        facts.functions.sort(key=lambda function: function.ref)
        facts.attributes = [
            item for name in sorted(self.attributes) for item in dict.fromkeys(self.attributes[name])
        ]
        facts.instances = self.instances
        facts.class_bases = self.class_bases
        facts.loose_references = self.loose

    # ------------------------------------------------------------------ symbols

    def symbol(self, node: ast.expr, state: FunctionState) -> str | None:
        """The dotted symbol an expression names, as far as this file can tell."""
        dotted = dotted_name(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        scope = state.scope
        if head in ("self", "cls"):
            owner = self.stack[-1].class_name
            return f"{self.module}.{owner}.{rest}" if owner and rest else None
        alias = scope.alias(head)
        if alias is not None:
            return f"{alias}.{rest}" if rest else alias
        if scope.lookup(head) is not None:
            instance = self._local_instance(head, state)
            return f"{instance}.{rest}" if instance and rest else None
        alias = self.table.aliases.get(head)
        if alias is not None:
            return f"{alias}.{rest}" if rest else alias
        if not rest and head in _BUILTINS:
            return None
        prefix = f"{self.module}." if self.module else ""
        return prefix + dotted

    def _local_instance(self, name: str, state: FunctionState) -> str | None:
        """A local bound once to ``Class(...)``, or a parameter annotated with a class."""
        node = state.node
        if node is not None:
            params = node.args
            for param in (*params.posonlyargs, *params.args, *params.kwonlyargs):
                if param.arg == name and param.annotation is not None:
                    annotation = param.annotation
                    if isinstance(annotation, (ast.Name, ast.Attribute)):
                        return self.symbol(annotation, FunctionState(None, None, Scope()))
                    return None
        bound = state.scope.lookup(name)
        if bound is not None and len(bound) == 1 and isinstance(bound[0], ast.Call):
            func = bound[0].func
            if (final_name(func) or "")[:1].isupper():
                return self.symbol(func, FunctionState(None, None, Scope()))
        return None

    # ------------------------------------------------------------------ arguments

    def _param_index(self, node: ast.expr, state: FunctionState) -> int | None:
        """The parameter an expression hands on as it is (``message``, ``json.dumps(message)``)."""
        draft = self.stack[-1]
        if type(node) is ast.Name:
            if node.id in draft.params:
                bound = state.scope.lookup(node.id)
                if bound is not None and all(value is None or _converts(value, node.id) for value in bound):
                    return draft.params.index(node.id)
                return None
            bound = state.scope.lookup(node.id)
            if bound is not None and len(bound) == 1 and bound[0] is not None:
                return self._param_index(bound[0], state)
            return None
        if type(node) is ast.Call:
            wrapped = wrapped_message(node)
            if wrapped is None and method_name(node) == "loads" and positional_args(node):
                wrapped = positional_args(node)[0]  # ``json.loads(payload)``: the same message, parsed
            return self._param_index(wrapped, state) if wrapped is not None else None
        if type(node) is ast.Dict:
            # ``{**message, "sent_at": now}``: the message with more keys, same type
            if any(key is not None and string_value(key) == "type" for key in node.keys):
                return None
            for key, star in zip(node.keys, node.values, strict=True):
                if key is None:
                    index = self._param_index(star, state)
                    if index is not None:
                        return index
        return None

    def _type_param(self, node: ast.expr, state: FunctionState, depth: int = 0) -> int | None:
        """A message whose ``type`` is a parameter: ``{"type": event, "data": data}``."""
        if depth > 8:
            return None
        if type(node) is ast.Dict:
            for key, value in zip(node.keys, node.values, strict=True):
                if key is not None and string_value(key) == "type":
                    return self._param_index(value, state)
            return None
        if type(node) is ast.Name:
            bound = state.scope.lookup(node.id)
            if bound is not None and len(bound) == 1 and bound[0] is not None:
                return self._type_param(bound[0], state, depth + 1)
            for item in state.scope.item_types_of(node.id):
                index = self._param_index(item, state)
                if index is not None:
                    return index
            return None
        if type(node) is ast.Call:
            wrapped = wrapped_message(node)
            if wrapped is not None:
                return self._type_param(wrapped, state, depth + 1)
            explicit = keyword_arg(node, "type")
            if explicit is not None and (final_name(node.func) or "")[:1].isupper():
                return self._param_index(explicit, state)  # ``Event(type=kind, ...)``
        return None

    def type_value(self, draft: TypeDraft) -> TypeValue:
        return TypeValue(self.positions.ref(draft.node), draft.value, draft.symbol, draft.pattern)

    def arg_flow(
        self, node: ast.expr, position: int, keyword: str | None, state: FunctionState
    ) -> ArgFlow:
        if _does_nothing(node):
            return ArgFlow(position, keyword, nothing=True)
        param = self._param_index(node, state)
        type_param = self._type_param(node, state) if param is None else None
        types = tuple(self.type_value(d) for d in self.resolver.message_types(node, state.scope) if d.known)
        name_draft = self.resolver.resolve(node, state.scope)
        name = (
            self.type_value(name_draft)
            if name_draft.value is not None or name_draft.symbol is not None
            else None
        )
        function = None
        if type(node) is ast.Lambda:
            node = _forwarded(node) or node
        if isinstance(node, (ast.Name, ast.Attribute)) and param is None:
            function = self.symbol(node, state)
        built_by = self._builder(node, state) if not types and param is None else None
        relayed_from = None
        if not types and param is None:
            relayed_from = self.queue_item(node, state) or self.brokers.received_item(node, state)
        return ArgFlow(
            position,
            keyword,
            types,
            name,
            param,
            type_param,
            function,
            built_by=built_by,
            relayed_from=relayed_from,
        )

    def queue_item(self, node: ast.expr, state: FunctionState) -> str | None:
        """``event`` bound once to ``await events.get()``: the queue it comes from."""
        if type(node) is ast.Name:
            bound = state.scope.lookup(node.id)
            if bound is None or len(bound) != 1 or bound[0] is None:
                return None
            node = bound[0]
        if type(node) is ast.Await and type(node.value) is ast.Call:
            call = node.value
            target = receiver(call)
            if method_name(call) == "get" and target is not None and _names_a_queue(target):
                return self.symbol(target, state)
        return None

    def queue_put(self, node: ast.Call, state: FunctionState) -> None:
        """``events.put_nowait(message)``: a message handed to whoever drains the queue."""
        target = receiver(node)
        if method_name(node) not in _QUEUE_PUTS or target is None or not _names_a_queue(target):
            return
        queue = self.symbol(target, state)
        item = argument(node, 0, "item")
        if queue is not None and item is not None:
            message = self.arg_flow(item, 0, None, state)
            self.stack[-1].sends.append(SendFlow(self.positions.ref(node), message, None, queue))

    def _builder(self, node: ast.expr, state: FunctionState) -> str | None:
        """``quote_message(...)``, or a local bound once to it: the callee that builds the value."""
        if type(node) is ast.Name:
            bound = state.scope.lookup(node.id)
            if bound is None or len(bound) != 1 or bound[0] is None:
                return None
            node = bound[0]
        if type(node) is ast.Await:
            node = node.value
        if type(node) is ast.Call and not _constructs(node):
            return self.symbol(node.func, state)
        return None

    def returned(self, value: ast.expr, state: FunctionState) -> None:
        """A ``return`` of the current function: the message types it hands back."""
        if self.stack[-1].node is None:
            return
        drafts = self.resolver.message_types(value, state.scope)
        self.stack[-1].returns.extend(self.type_value(d) for d in drafts if d.known)
        builder = self._builder(value, state)
        if builder is not None:
            self.stack[-1].returns_built_by.append(builder)

    def _args(self, call: ast.Call, state: FunctionState) -> tuple[ArgFlow, ...]:
        flows: list[ArgFlow] = []
        position = 0
        for keyword, starred, value in source_args(call):
            if starred:
                continue
            if keyword is None:
                flow = self.arg_flow(value, position, None, state)
                position += 1
            else:
                flow = self.arg_flow(value, -1, keyword, state)
            flows.append(flow)  # an argument that carries nothing known is still there
        return tuple(flows)

    # ------------------------------------------------------------------ walker hooks

    def call(self, node: ast.Call, state: FunctionState, deepest_try: int) -> str | None:
        """Record a call; returns its callee symbol, if it has one."""
        callee = self.symbol(node.func, state)
        draft = self.stack[-1]
        if callee is None:
            name = final_name(node.func)
            if name is not None:
                self.loose.add(name)
            return None
        polling = [index for index, loop in enumerate(state.loops) if loop.polling]
        loop = state.loops[polling[0]] if polling else None
        guarded = bool(polling) and deepest_try > polling[0]
        args = self._args(node, state)
        on_change = loop is not None and pushes_on_change(node, loop)
        draft.calls.append(_CallDraft(callee, self.positions.ref(node), args, loop, guarded, on_change))
        for arg in args:
            if arg.function is not None:
                draft.passes.add(arg.function)
        return callee

    def send(self, node: ast.Call, state: FunctionState, callee: str | None, emit_style: bool) -> None:
        """A push: a socket send to each connection of a loop, or a push method call."""
        message: ArgFlow | None = None
        positional = positional_args(node)
        if emit_style and positional:
            first = self.arg_flow(positional[0], 0, None, state)
            if first.param is not None:
                message = ArgFlow(0, type_param=first.param)
        if message is None:
            candidates: list[tuple[int, ast.expr, str | None]] = [
                (index, value, None) for index, value in enumerate(positional)
            ]
            candidates += [(-1, k.value, k.arg) for k in node.keywords if k.arg is not None]
            for index, value, keyword in reversed(candidates):
                flow = self.arg_flow(value, index, keyword, state)
                if flow.param is not None or flow.type_param is not None:
                    message = flow
                    break
        if message is None:
            sent = argument(node, 0, "data", "message")
            message = self.arg_flow(sent, 0, None, state) if sent is not None else ArgFlow(0)
        self.stack[-1].sends.append(SendFlow(self.positions.ref(node), message, callee))

    def value(self, expression: ast.expr, state: FunctionState) -> None:
        """A function passed as a value (a callback, a task, a handler in a registry)."""
        if type(expression) is ast.Name or type(expression) is ast.Attribute:
            symbol = self.symbol(expression, state)
            if symbol is not None:
                self.stack[-1].passes.add(symbol)
            elif type(expression) is ast.Attribute:
                self.loose.add(expression.attr)

    def assignment(self, target: ast.expr, value: ast.expr, state: FunctionState) -> None:
        """``self.x = ...`` in a method; ``name = Class(...)`` at module level."""
        draft = self.stack[-1]
        if draft.node is None:
            if _constructs(value) and type(target) is ast.Name and type(value) is ast.Call:
                symbol = self.symbol(value.func, state)
                if symbol is not None:
                    self.instances[target.id] = symbol
            return
        if not (
            type(target) is ast.Attribute
            and type(target.value) is ast.Name
            and target.value.id == "self"
            and draft.class_name is not None
        ):
            return
        name = f"{draft.class_name}.{target.attr}"
        injected = _injected(value)
        attribute = AttributeFlow(name)
        if _does_nothing(value):
            attribute = AttributeFlow(name, nothing=True)
        elif type(injected) is ast.Name and injected.id in draft.params:
            method = draft.name.rpartition(".")[2]
            attribute = AttributeFlow(name, method=method, param=draft.params.index(injected.id))
        elif type(injected) is ast.Call and (final_name(injected.func) or "")[:1].isupper():
            symbol = self.symbol(injected.func, state)
            if symbol is not None:
                attribute = AttributeFlow(name, instance_of=symbol)
        elif type(injected) is ast.Name or type(injected) is ast.Attribute:
            symbol = self.symbol(injected, state)
            if symbol is not None:
                attribute = AttributeFlow(name, function=symbol)
        self.attributes.setdefault(name, []).append(attribute)
