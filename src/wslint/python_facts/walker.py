"""One pass over a parsed module that collects every fact the linker needs from it.

The pass dispatches on ``type(node)`` through a table of the few node types that carry a fact;
every other node is only descended into, through the fields that can hold children.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from wslint.facts import Broadcaster, Endpoint, Mount, Push, PythonFacts, SourceRef, TypeValue
from wslint.python_facts.endpoints import (
    EndpointDraft,
    call_endpoint,
    decorated_endpoint,
    endpoint_class_methods,
)
from wslint.python_facts.factories import factory_call, function_call_name, may_call_factory, route_factory
from wslint.python_facts.flows import FlowCollector
from wslint.python_facts.handlers import first_message, handler_sends
from wslint.python_facts.loop_items import literal_loop_items
from wslint.python_facts.positions import Positions
from wslint.python_facts.pushes import (
    FunctionState,
    LoopState,
    finish_loop,
    note_push,
    note_sleep,
    note_wait,
    push_call_types,
    send_call_types,
    sends_to_loop_target,
    sends_to_socket,
    sends_upstream,
)
from wslint.python_facts.scopes import function_scope
from wslint.python_facts.syntax import (
    CHILD_FIELDS,
    argument,
    child_fields,
    dotted_name,
    final_name,
    has_docstring,
    keyword_arg,
    method_name,
    positional_args,
    source_args,
    string_value,
    unstarred,
)
from wslint.python_facts.table import Scope, SymbolTable
from wslint.python_facts.types import TypeDraft, TypeResolver
from wslint.vocabulary import SEND_METHODS, is_push_method

_TEST_CONNECT_METHODS = frozenset({"websocket_connect"})
# Socket servers besides FastAPI / Starlette, whose routes wslint does not read.
_OTHER_SERVERS = frozenset({"websockets.serve", "websockets.server.serve", "websockets.asyncio.server.serve"})
_NOT_FUNCTIONS = frozenset({"None", "True", "False", "self", "cls"})
_Function = ast.FunctionDef | ast.AsyncFunctionDef


def _bound_names(target: ast.expr) -> frozenset[str]:
    if type(target) is ast.Name:
        return frozenset({target.id})
    if type(target) is ast.Tuple or type(target) is ast.List:
        return frozenset().union(*(_bound_names(unstarred(element)) for element in target.elts))
    return frozenset()


def _url_path(text: str) -> str:
    """``ws://host:8000/ws/x?token=1`` -> ``/ws/x``."""
    if "://" in text:
        after_scheme = text.split("://", 1)[1]
        slash = after_scheme.find("/")
        text = after_scheme[slash:] if slash >= 0 else "/"
    return text.split("?", 1)[0]


def _may_name_itself(expression: ast.expr | None) -> bool:
    """A bare name, ``self.name`` or ``cls.name`` may be the enclosing function; ``other.name`` is not."""
    if expression is None or type(expression) is ast.Name:
        return True
    return (
        type(expression) is ast.Attribute
        and type(expression.value) is ast.Name
        and expression.value.id in ("self", "cls")
    )


@dataclass(slots=True)
class _FunctionEntry:
    node: _Function
    qualname: str
    enclosing: str | None  # qualified name of the function it is nested in


@dataclass(slots=True)
class _Index:
    functions: list[_FunctionEntry] = field(default_factory=list)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    scopes: dict[_Function, Scope] = field(default_factory=dict)


class FactWalker:
    def __init__(
        self,
        table: SymbolTable,
        positions: Positions,
        facts: PythonFacts,
        extra_push_methods: frozenset[str],
    ) -> None:
        self.table = table
        self.positions = positions
        self.facts = facts
        self.extra = extra_push_methods
        self.resolver = TypeResolver(table)
        self.index = _Index()
        self.endpoint_drafts: list[EndpointDraft] = []
        self.names: list[str] = []  # enclosing classes and functions, for qualified names
        self.class_bodies: list[bool] = []  # for each of ``names``: whether it is a class
        self.states = [FunctionState(None, None, Scope())]
        self.seen_pushes: set[tuple[int, int]] = set()
        # functions of this file already walked, and whether they send anything at all
        self.function_sends: dict[str, bool] = {}
        self.function_calls: list[tuple[str, ast.Call]] = []  # candidates for factory calls
        # Starlette route lists: id of a ``WebSocketRoute(...)`` / ``Mount(...)`` call listed in a
        # module-level list or in a ``Mount(routes=[...])`` -> the list's name / the Mount's prefix
        self.route_owners: dict[int, str] = {}
        self.mount_prefixes: dict[int, str] = {}
        self.flows = FlowCollector(table, positions, self.resolver)

    @property
    def state(self) -> FunctionState:
        return self.states[-1]

    def ref(self, node: ast.AST) -> SourceRef:
        return self.positions.ref(node)

    def type_value(self, draft: TypeDraft) -> TypeValue:
        return TypeValue(self.ref(draft.node), draft.value, draft.symbol, draft.pattern)

    # ------------------------------------------------------------------------ traversal

    def run(self, module: ast.Module) -> None:
        self.block(module.body)
        if not self.facts.is_test:
            self.resolve_endpoints()
            self.route_factories()
            self.flows.finish(self.facts)
        self.facts.broadcasters.sort(key=lambda broadcaster: broadcaster.ref)

    def visit(self, node: ast.AST) -> None:
        handler = _DISPATCH.get(type(node))
        if handler is not None:
            handler(self, node)
        elif type(node) not in _BARE:  # most nodes: only their children may carry a fact
            self.descend(node)

    def descend(self, node: ast.AST) -> None:
        """Visit the node's children. The hot loop of the pass: ``visit`` is inlined, and names
        and literals, which carry nothing, are not even visited."""
        dispatch, bare, descend = _DISPATCH, _BARE, self.descend
        for name in child_fields(type(node)):
            value = getattr(node, name)
            for item in value if type(value) is list else (value,):
                kind = type(item)
                if kind in bare:
                    continue
                handler = dispatch.get(kind)
                if handler is not None:
                    handler(self, item)
                else:
                    descend(item)

    def block(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.visit(statement)

    def call_node(self, node: ast.Call) -> None:
        self.call(node)
        self.descend(node)

    def await_node(self, node: ast.Await) -> None:
        if type(node.value) is ast.Call:
            note_wait(node.value, self.state)
        self.visit(node.value)

    def assignment_node(self, node: ast.Assign | ast.AnnAssign) -> None:
        self.assignment(node)
        self.value_references(node)
        self.descend(node)

    def value_node(self, node: ast.Return | ast.List | ast.Tuple | ast.Set) -> None:
        self.value_references(node)
        self.descend(node)

    def subscript_node(self, node: ast.Subscript) -> None:
        self.visit(node.value)
        if type(node.slice) is ast.Tuple:  # ``x[a, b]``: an index list, not a tuple value
            self.descend(node.slice)
        else:
            self.visit(node.slice)

    def dict_node(self, node: ast.Dict) -> None:
        self.value_references(node)
        for key, value in zip(node.keys, node.values, strict=True):
            if key is not None:
                self.visit(key)
            self.visit(value)

    def function(self, node: _Function) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        enclosing = self.state.qualname
        qualname = ".".join([*self.names, node.name])
        if not self.facts.is_test:
            draft = decorated_endpoint(node, enclosing)
            if draft is not None:
                self.endpoint_drafts.append(draft)
        parent = self.state.scope if self.state.node is not None else None
        scope = function_scope(node, parent, self.table)
        self.index.scopes[node] = scope
        self.index.functions.append(_FunctionEntry(node, qualname, enclosing))
        state = FunctionState(node, qualname, scope)
        is_method = bool(self.class_bodies) and self.class_bodies[-1]
        self.states.append(state)
        self.flows.enter(node, qualname, self.class_name())
        self.names.append(node.name)
        self.class_bodies.append(False)
        self.block(node.body)
        self.class_bodies.pop()
        self.names.pop()
        self.flows.leave(node, is_method)
        self.states.pop()
        self.function_sends[node.name] = state.sends
        if state.pushes and not self.facts.is_test:
            self.facts.broadcasters.append(
                Broadcaster(
                    name=qualname,
                    short_name=node.name,
                    ref=self.ref(node),
                    has_docstring=has_docstring(node.body),
                    decorated=bool(node.decorator_list),
                    loops=tuple(sorted(state.push_loops, key=lambda loop: loop.ref)),
                    is_method=is_method,
                )
            )

    def class_name(self) -> str | None:
        """The innermost enclosing class, qualified: what ``self`` is in the current function."""
        for index in range(len(self.class_bodies) - 1, -1, -1):
            if self.class_bodies[index]:
                return ".".join(self.names[: index + 1])
        return None

    def class_definition(self, node: ast.ClassDef) -> None:
        if any(final_name(base) == "WebSocketHandler" for base in node.bases):
            self.facts.other_socket_server = True  # tornado
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.index.classes.setdefault(node.name, node)
        bases = tuple(
            symbol for base in node.bases if (symbol := self.flows.symbol(base, self.state)) is not None
        )
        if bases:
            self.flows.class_bases[".".join([*self.names, node.name])] = bases
        self.names.append(node.name)
        self.class_bodies.append(True)
        self.block(node.body)
        self.class_bodies.pop()
        self.names.pop()

    def loop(self, node: ast.While | ast.For | ast.AsyncFor) -> None:
        if isinstance(node, ast.While):
            polling, targets = True, frozenset[str]()
        else:
            self.visit(node.iter)
            polling, targets = type(node) is ast.AsyncFor, _bound_names(node.target)
        loop = LoopState(node, polling, targets)
        self.state.loops.append(loop)
        if isinstance(node, ast.While):
            self.visit(node.test)
        self.block(node.body)
        self.state.loops.pop()
        finish_loop(loop, self.state, self.positions)
        self.block(node.orelse)

    def try_statement(self, node: ast.Try | ast.TryStar) -> None:
        self.state.try_depths.append(len(self.state.loops))
        self.block(node.body)
        self.state.try_depths.pop()
        for handler in node.handlers:
            self.visit(handler)
        self.block(node.orelse)
        self.block(node.finalbody)

    # ------------------------------------------------------------------------ calls

    def call(self, node: ast.Call) -> None:
        method = method_name(node) or ""
        if not self.facts.is_test:
            self.call_references(node, method)
        if method in _TEST_CONNECT_METHODS:
            self.test_connection(node)
        if self.facts.is_test:
            return
        endpoint = call_endpoint(node, self.state.qualname)
        if endpoint is not None:
            owner = self.route_owners.get(id(node))
            if endpoint.router is None and owner is not None:
                endpoint = replace(endpoint, router=owner)
            self.endpoint_drafts.append(endpoint)
        if final_name(node.func) == "Mount":
            self.starlette_mount(node)
        if method in ("include_router", "mount"):
            self.mount(node, method)
        if final_name(node.func) == "WebSocketResponse" or dotted_name(node.func) in _OTHER_SERVERS:
            self.facts.other_socket_server = True
        called = function_call_name(node, self.state.scope, self.table)
        if called is not None:
            self.function_calls.append((called, node))
        callee = self.flows.call(node, self.state, max(self.state.try_depths, default=-1))
        self.flows.queue_put(node, self.state)
        if not self.flows.brokers.call(node, self.state):  # a broker publish reaches no socket by itself
            self.pushes(node, method, callee)
        note_sleep(node, self.state, self.table)

    def pushes(self, node: ast.Call, method: str, callee: str | None) -> None:
        state = self.state
        pushes_by_name = is_push_method(method, self.extra)
        if method in SEND_METHODS or pushes_by_name:
            state.sends = True
        if sends_upstream(node, state.scope):
            return  # a client of another server talking to it: nothing reaches our clients
        if pushes_by_name:
            self.flows.send(node, state, callee, emit_style=method.startswith("emit"))
        elif method in SEND_METHODS and sends_to_loop_target(node, state) and sends_to_socket(node, method):
            self.flows.send(node, state, None, emit_style=False)
        if type(node.func) is ast.Name and self.function_sends.get(node.func.id) is False:
            return  # ``emit(outcome)`` calling a local function that logs, and sends nothing
        drafts = push_call_types(node, method, state.scope, self.resolver, self.extra)
        if (
            not drafts
            and method in SEND_METHODS
            and (state.polling_loops() or sends_to_loop_target(node, state))
        ):
            drafts = send_call_types(node, method, state.scope, self.resolver)
        by_name = bool(drafts) and pushes_by_name
        for draft in drafts:
            key = (id(draft.node), id(node))
            if key in self.seen_pushes:
                continue
            self.seen_pushes.add(key)
            value = self.type_value(draft)
            self.facts.pushes.append(
                Push(
                    value,
                    value.ref,
                    state.qualname,
                    method,
                    in_loop=bool(state.polling_loops()),
                    callee=callee if by_name else None,
                )
            )
            note_push(state, node)

    def mount(self, node: ast.Call, method: str) -> None:
        if method == "include_router":
            target, prefix_node = argument(node, 0, "router"), keyword_arg(node, "prefix")
        elif type(node.func) is ast.Attribute:
            target, prefix_node = argument(node, 1, "app"), argument(node, 0, "path")
            if prefix_node is None:
                return
        else:
            return
        symbol = self.symbol_of(target) if target is not None else None
        prefix = self.resolver.resolve(prefix_node, self.state.scope).value if prefix_node is not None else ""
        if symbol is not None and prefix is not None and target is not None:
            self.facts.mounts.append(Mount(symbol, prefix, self.ref(target)))

    def starlette_mount(self, node: ast.Call) -> None:
        """``Mount("/api", routes=[...])`` / ``Mount("/api", routes=api_routes)`` prefixes the routes."""
        path, routes = argument(node, 0, "path"), keyword_arg(node, "routes")
        if path is None or routes is None:
            return
        own = self.resolver.resolve(path, self.state.scope).value
        if own is None:
            return
        prefix = self.mount_prefixes.get(id(node), "").rstrip("/") + own.rstrip("/")
        if type(routes) is ast.List or type(routes) is ast.Tuple:
            owner = f"<Mount {prefix}>"
            self.facts.routers[owner] = prefix
            for element in routes.elts:
                route = unstarred(element)
                if type(route) is ast.Call:
                    self.route_owners[id(route)] = owner
                    self.mount_prefixes[id(route)] = prefix
            return
        symbol = self.symbol_of(routes)
        if symbol is not None:
            self.facts.mounts.append(Mount(symbol, prefix, self.ref(routes)))

    def route_list(self, node: ast.Assign | ast.AnnAssign, value: ast.List | ast.Tuple) -> None:
        """``api_routes = [WebSocketRoute(...), ...]``: the routes belong to the list, mountable by name."""
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [target.id for target in targets if type(target) is ast.Name]
        if len(names) != 1:
            return
        calls = [call for e in value.elts if type(call := unstarred(e)) is ast.Call]
        if not any(final_name(call.func) in ("WebSocketRoute", "Mount") for call in calls):
            return
        self.facts.routers.setdefault(names[0], "")
        for call in calls:
            self.route_owners.setdefault(id(call), names[0])

    def symbol_of(self, node: ast.expr) -> str | None:
        """Dotted symbol an expression names, imports resolved (``ws.router`` -> ``app.routes.ws.router``)."""
        dotted = dotted_name(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        if head == "self":
            return None
        base = self.state.scope.alias(head) or self.table.aliases.get(head)
        if base is not None:
            return f"{base}.{rest}" if rest else base
        return f"{self.table.module}.{dotted}" if self.table.module else dotted

    def test_connection(self, node: ast.Call) -> None:
        path = argument(node, 0, "url")
        if path is None:
            return
        # for path in ["/ws/a", "/ws/b"]: client.websocket_connect(path) opens each of them
        candidates = self.loop_items(path) if type(path) is ast.Name else None
        for candidate in candidates or [path]:
            draft = self.resolver.resolve(candidate, self.state.scope)
            text = draft.value if draft.value is not None else (draft.pattern or "").replace("*", "{}")
            if text:
                self.facts.test_connections.append((_url_path(text), self.ref(candidate)))

    def loop_items(self, name: ast.Name) -> list[ast.expr] | None:
        """The values a ``for`` target takes when the loop runs over a literal list or dict."""
        loop = next((loop for loop in reversed(self.state.loops) if name.id in loop.targets), None)
        if loop is None or isinstance(loop.node, ast.While):
            return None
        return literal_loop_items(loop.node, name.id, self.state.scope)

    def assignment(self, node: ast.Assign | ast.AnnAssign) -> None:
        value = node.value
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if value is not None and not self.facts.is_test:
            for target in targets:
                self.flows.assignment(target, value, self.state)
        in_module_code = self.state.node is None and not self.facts.is_test
        if (type(value) is ast.List or type(value) is ast.Tuple) and in_module_code:
            self.route_list(node, value)
        if type(value) is not ast.Call or final_name(value.func) != "APIRouter" or self.facts.is_test:
            return
        prefix_node = keyword_arg(value, "prefix")
        prefix = self.resolver.resolve(prefix_node, self.state.scope).value if prefix_node is not None else ""
        for target in targets:
            name = dotted_name(target)
            if name is not None and prefix is not None:
                self.facts.routers[name] = prefix

    # ------------------------------------------------------------------------ references

    def add_reference(self, name: str | None, expression: ast.expr | None = None) -> None:
        if name is None or self.facts.is_test or name in _NOT_FUNCTIONS:
            return
        # A function naming itself inside its own body does not start it; ``context.emitter.send(x)``
        # inside a module-level ``send`` names another object's method of the same name.
        if _may_name_itself(expression) and any(
            state.node is not None and state.node.name == name for state in self.states
        ):
            return
        self.facts.references.add(name)

    def add_expression_reference(self, expression: ast.expr) -> None:
        # ``on_progress=events.emit_progress if as_json else None``, ``callback or default_handler``
        if type(expression) is ast.IfExp:
            self.add_expression_reference(expression.body)
            self.add_expression_reference(expression.orelse)
        elif type(expression) is ast.BoolOp:
            for operand in expression.values:
                self.add_expression_reference(operand)
        else:
            self.add_reference(final_name(expression), expression)

    def call_references(self, node: ast.Call, method: str) -> None:
        self.add_expression_reference(node.func)
        for _, _, value in source_args(node):
            self.add_expression_reference(value)
        if method == "getattr" and type(node.func) is ast.Name:
            positional = positional_args(node)
            if len(positional) >= 2:
                self.add_reference(string_value(positional[1]))
                name = string_value(positional[1])
                if name is not None:
                    self.flows.loose.add(name)

    def value_references(self, node: ast.AST) -> None:
        """Functions passed as values: ``callbacks.append(self.f)``, ``{"x": self.f}``, ``h = self.f``."""
        if type(node) is ast.List or type(node) is ast.Tuple or type(node) is ast.Set:
            values = [unstarred(element) for element in node.elts]
        elif type(node) is ast.Dict:
            values = [value for key, value in zip(node.keys, node.values, strict=True) if key is not None]
        else:
            assert isinstance(node, (ast.Assign, ast.AnnAssign, ast.Return))
            if node.value is not None:
                self.add_expression_reference(node.value)
                if not self.facts.is_test:
                    self.flows.value(node.value, self.state)
                    if type(node) is ast.Return:
                        self.flows.returned(node.value, self.state)
            return
        for value in values:
            self.add_expression_reference(value)
        if not self.facts.is_test:
            for value in values:
                self.flows.value(value, self.state)

    # ------------------------------------------------------------------------ endpoints

    def scope_of(self, function: _Function) -> Scope:
        scope = self.index.scopes.get(function)
        return scope if scope is not None else function_scope(function, None, self.table)

    def find_function(self, name: str, enclosing: str | None) -> _Function | None:
        """The handler a registration names: a sibling in the same factory, else a module-level def."""
        candidates = [entry for entry in self.index.functions if entry.node.name == name]
        wanted = [f"{enclosing}.{name}"] if enclosing else []
        for qualname in (*wanted, name):
            for entry in candidates:
                if entry.qualname == qualname:
                    return entry.node
        return candidates[0].node if len(candidates) == 1 else None

    def resolve_endpoints(self) -> None:
        registered: set[str] = set()
        for draft in self.endpoint_drafts:
            endpoint = self.endpoint(draft)
            self.facts.endpoints.append(endpoint)
            registered.add(endpoint.handler)
        for name, node in self.index.classes.items():
            if name not in registered and any(
                final_name(base) == "WebSocketEndpoint" for base in node.bases
            ):
                self.facts.handlers[name] = self.handler_endpoint(node, None, None, self.ref(node))

    def handler_endpoint(
        self, handler: _Function | ast.ClassDef, path: str | None, router: str | None, ref: SourceRef
    ) -> Endpoint:
        bodies = endpoint_class_methods(handler) if isinstance(handler, ast.ClassDef) else [(handler, False)]
        sends = handler_sends(bodies, self.resolver, self.scope_of, self.extra, self.flows.brokers.publishes)
        return Endpoint(
            path=path,
            router=router,
            handler=handler.name,
            ref=ref,
            handler_ref=self.ref(handler),
            initial_types=tuple(self.type_value(d) for d in sends.initial),
            loop_types=tuple(self.type_value(d) for d in sends.repeated),
            error_types=tuple(self.type_value(d) for d in sends.errors),
            sends_initial=sends.sends_initial,
            delegates=sends.delegates,
            relays=sends.relays,
            first_messages=tuple(first_message(self.ref(first.draft.node), first) for first in sends.first),
        )

    def endpoint(self, draft: EndpointDraft) -> Endpoint:
        path = (
            self.resolver.resolve(draft.path, self.scope_of_name(draft.scope_name)).value
            if draft.path
            else None
        )
        ref = self.ref(draft.path if draft.path is not None else draft.anchor)
        handler: _Function | ast.ClassDef | None
        if isinstance(draft.handler, (ast.FunctionDef, ast.AsyncFunctionDef)):
            handler = draft.handler
        elif type(draft.handler) is ast.Name:
            name = draft.handler.id
            handler = self.find_function(name, draft.scope_name) or self.index.classes.get(name)
        else:
            handler = None
        if handler is None:
            handler_name = final_name(draft.handler)
            symbol = (
                self.symbol_of(draft.handler)
                if type(draft.handler) is ast.Name or type(draft.handler) is ast.Attribute
                else None
            )
            return Endpoint(
                path,
                draft.router,
                handler_name or "<unknown>",
                ref,
                self.ref(draft.handler),
                handler_found=False,
                handler_symbol=symbol,
            )
        return self.handler_endpoint(handler, path, draft.router, ref)

    def route_factories(self) -> None:
        factory_names = {draft.scope_name for draft in self.endpoint_drafts if draft.scope_name is not None}
        local_factories: set[str] = set()
        for entry in self.index.functions:
            if entry.qualname in factory_names:
                self.facts.route_factories.append(route_factory(entry.node, self.ref(entry.node)))
                local_factories.add(entry.node.name)
        for name, call in self.function_calls:
            if may_call_factory(name, local_factories):
                self.facts.factory_calls.append(factory_call(call, name, self.ref(call)))

    def scope_of_name(self, qualname: str | None) -> Scope:
        for entry in self.index.functions:
            if entry.qualname == qualname:
                return self.scope_of(entry.node)
        return self.states[0].scope


_DISPATCH: dict[type[ast.AST], Callable[[FactWalker, Any], None]] = {
    ast.FunctionDef: FactWalker.function,
    ast.AsyncFunctionDef: FactWalker.function,
    ast.ClassDef: FactWalker.class_definition,
    ast.While: FactWalker.loop,
    ast.For: FactWalker.loop,
    ast.AsyncFor: FactWalker.loop,
    ast.Try: FactWalker.try_statement,
    ast.TryStar: FactWalker.try_statement,
    ast.Call: FactWalker.call_node,
    ast.Await: FactWalker.await_node,
    ast.Assign: FactWalker.assignment_node,
    ast.AnnAssign: FactWalker.assignment_node,
    ast.Return: FactWalker.value_node,
    ast.List: FactWalker.value_node,
    ast.Tuple: FactWalker.value_node,
    ast.Set: FactWalker.value_node,
    ast.Dict: FactWalker.dict_node,
    ast.Subscript: FactWalker.subscript_node,
}
# Node types with no children and no fact of their own (names, literals, ``pass``), and None.
_BARE = frozenset(
    {type(None), *(kind for kind, fields in CHILD_FIELDS.items() if not fields and kind not in _DISPATCH)}
)
