"""One pass over a parsed module that collects every fact the linker needs from it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import libcst as cst

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
    argument,
    children,
    dotted_name,
    final_name,
    keyword_arg,
    method_name,
    positional_args,
    string_value,
)
from wslint.python_facts.table import Scope, SymbolTable
from wslint.python_facts.types import TypeDraft, TypeResolver
from wslint.vocabulary import SEND_METHODS, is_push_method

_TEST_CONNECT_METHODS = frozenset({"websocket_connect"})
# Socket servers besides FastAPI / Starlette, whose routes wslint does not read.
_OTHER_SERVERS = frozenset({"websockets.serve", "websockets.server.serve", "websockets.asyncio.server.serve"})
_NOT_FUNCTIONS = frozenset({"None", "True", "False", "self", "cls"})
# Node types ``visit`` looks at; every other node is only descended into. libcst's node
# classes are ABCs, so ``isinstance`` is slow enough to matter on every node of a file.
# fmt: off
_INTERESTING = frozenset({
    cst.FunctionDef, cst.ClassDef, cst.While, cst.For, cst.Try, cst.TryStar, cst.If, cst.Call, cst.Await,
    cst.Assign, cst.AnnAssign, cst.Return, cst.List, cst.Tuple, cst.Set, cst.Dict,
})
# fmt: on


def _bound_names(target: cst.BaseExpression) -> frozenset[str]:
    if isinstance(target, cst.Name):
        return frozenset({target.value})
    if isinstance(target, (cst.Tuple, cst.List)):
        return frozenset().union(*(_bound_names(element.value) for element in target.elements))
    return frozenset()


def _url_path(text: str) -> str:
    """``ws://host:8000/ws/x?token=1`` -> ``/ws/x``."""
    if "://" in text:
        after_scheme = text.split("://", 1)[1]
        slash = after_scheme.find("/")
        text = after_scheme[slash:] if slash >= 0 else "/"
    return text.split("?", 1)[0]


def _may_name_itself(expression: cst.BaseExpression | None) -> bool:
    """A bare name, ``self.name`` or ``cls.name`` may be the enclosing function; ``other.name`` is not."""
    if expression is None or isinstance(expression, cst.Name):
        return True
    return (
        isinstance(expression, cst.Attribute)
        and isinstance(expression.value, cst.Name)
        and expression.value.value in ("self", "cls")
    )


@dataclass(slots=True)
class _FunctionEntry:
    node: cst.FunctionDef
    qualname: str
    enclosing: str | None  # qualified name of the function it is nested in


@dataclass(slots=True)
class _Index:
    functions: list[_FunctionEntry] = field(default_factory=list)
    classes: dict[str, cst.ClassDef] = field(default_factory=dict)
    scopes: dict[cst.FunctionDef, Scope] = field(default_factory=dict)


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
        self.function_calls: list[tuple[str, cst.Call]] = []  # candidates for factory calls
        # Starlette route lists: id of a ``WebSocketRoute(...)`` / ``Mount(...)`` call listed in a
        # module-level list or in a ``Mount(routes=[...])`` -> the list's name / the Mount's prefix
        self.route_owners: dict[int, str] = {}
        self.mount_prefixes: dict[int, str] = {}
        self.flows = FlowCollector(table, positions, self.resolver)

    @property
    def state(self) -> FunctionState:
        return self.states[-1]

    def ref(self, node: cst.CSTNode) -> SourceRef:
        return self.positions.ref(node)

    def type_value(self, draft: TypeDraft) -> TypeValue:
        return TypeValue(self.ref(draft.node), draft.value, draft.symbol, draft.pattern)

    # ------------------------------------------------------------------------ traversal

    def run(self, module: cst.Module) -> None:
        for statement in module.body:
            self.visit(statement)
        if not self.facts.is_test:
            self.resolve_endpoints()
            self.route_factories()
            self.flows.finish(self.facts)
        self.facts.broadcasters.sort(key=lambda broadcaster: broadcaster.ref)

    def visit(self, node: cst.CSTNode) -> None:
        if type(node) not in _INTERESTING:  # most nodes: names, strings, arguments, operators
            for child in children(node):
                self.visit(child)
            return
        if isinstance(node, cst.FunctionDef):
            self.function(node)
            return
        if isinstance(node, cst.ClassDef):
            self.class_definition(node)
            return
        if isinstance(node, (cst.While, cst.For)):
            self.loop(node)
            return
        if isinstance(node, (cst.Try, cst.TryStar)):
            self.try_statement(node)
            return
        if isinstance(node, cst.Call):
            self.call(node)
        elif isinstance(node, cst.Await) and isinstance(node.expression, cst.Call):
            note_wait(node.expression, self.state)
        elif isinstance(node, (cst.Assign, cst.AnnAssign)):
            self.assignment(node)
        self.value_references(node)
        for child in children(node):
            self.visit(child)

    def function(self, node: cst.FunctionDef) -> None:
        for decorator in node.decorators:
            self.visit(decorator)
        enclosing = self.state.qualname
        qualname = ".".join([*self.names, node.name.value])
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
        self.names.append(node.name.value)
        self.class_bodies.append(False)
        self.visit(node.body)
        self.class_bodies.pop()
        self.names.pop()
        self.flows.leave(node, is_method)
        self.states.pop()
        self.function_sends[node.name.value] = state.sends
        if state.pushes and not self.facts.is_test:
            self.facts.broadcasters.append(
                Broadcaster(
                    name=qualname,
                    short_name=node.name.value,
                    ref=self.ref(node),
                    has_docstring=node.get_docstring() is not None,
                    decorated=bool(node.decorators),
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

    def class_definition(self, node: cst.ClassDef) -> None:
        if any(final_name(base.value) == "WebSocketHandler" for base in node.bases):
            self.facts.other_socket_server = True  # tornado
        for decorator in node.decorators:
            self.visit(decorator)
        self.index.classes.setdefault(node.name.value, node)
        bases = tuple(
            symbol
            for base in node.bases
            if base.keyword is None and (symbol := self.flows.symbol(base.value, self.state)) is not None
        )
        if bases:
            self.flows.class_bases[".".join([*self.names, node.name.value])] = bases
        self.names.append(node.name.value)
        self.class_bodies.append(True)
        self.visit(node.body)
        self.class_bodies.pop()
        self.names.pop()

    def loop(self, node: cst.While | cst.For) -> None:
        if isinstance(node, cst.For):
            self.visit(node.iter)
            polling, targets = node.asynchronous is not None, _bound_names(node.target)
        else:
            polling, targets = True, frozenset()
        loop = LoopState(node, polling, targets)
        self.state.loops.append(loop)
        if isinstance(node, cst.While):
            self.visit(node.test)
        self.visit(node.body)
        self.state.loops.pop()
        finish_loop(loop, self.state, self.positions)
        if node.orelse is not None:
            self.visit(node.orelse)

    def try_statement(self, node: cst.Try | cst.TryStar) -> None:
        self.state.try_depths.append(len(self.state.loops))
        self.visit(node.body)
        self.state.try_depths.pop()
        for handler in node.handlers:
            self.visit(handler)
        for tail in (node.orelse, node.finalbody):
            if tail is not None:
                self.visit(tail)

    # ------------------------------------------------------------------------ calls

    def call(self, node: cst.Call) -> None:
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

    def pushes(self, node: cst.Call, method: str, callee: str | None) -> None:
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
        if isinstance(node.func, cst.Name) and self.function_sends.get(node.func.value) is False:
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

    def mount(self, node: cst.Call, method: str) -> None:
        if method == "include_router":
            target, prefix_node = argument(node, 0, "router"), keyword_arg(node, "prefix")
        elif isinstance(node.func, cst.Attribute):
            target, prefix_node = argument(node, 1, "app"), argument(node, 0, "path")
            if prefix_node is None:
                return
        else:
            return
        symbol = self.symbol_of(target) if target is not None else None
        prefix = self.resolver.resolve(prefix_node, self.state.scope).value if prefix_node is not None else ""
        if symbol is not None and prefix is not None and target is not None:
            self.facts.mounts.append(Mount(symbol, prefix, self.ref(target)))

    def starlette_mount(self, node: cst.Call) -> None:
        """``Mount("/api", routes=[...])`` / ``Mount("/api", routes=api_routes)`` prefixes the routes."""
        path, routes = argument(node, 0, "path"), keyword_arg(node, "routes")
        if path is None or routes is None:
            return
        own = self.resolver.resolve(path, self.state.scope).value
        if own is None:
            return
        prefix = self.mount_prefixes.get(id(node), "").rstrip("/") + own.rstrip("/")
        if isinstance(routes, (cst.List, cst.Tuple)):
            owner = f"<Mount {prefix}>"
            self.facts.routers[owner] = prefix
            for element in routes.elements:
                if isinstance(element.value, cst.Call):
                    self.route_owners[id(element.value)] = owner
                    self.mount_prefixes[id(element.value)] = prefix
            return
        symbol = self.symbol_of(routes)
        if symbol is not None:
            self.facts.mounts.append(Mount(symbol, prefix, self.ref(routes)))

    def route_list(self, node: cst.Assign | cst.AnnAssign, value: cst.List | cst.Tuple) -> None:
        """``api_routes = [WebSocketRoute(...), ...]``: the routes belong to the list, mountable by name."""
        targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
        names = [target.value for target in targets if isinstance(target, cst.Name)]
        if len(names) != 1:
            return
        calls = [e.value for e in value.elements if isinstance(e.value, cst.Call)]
        if not any(final_name(call.func) in ("WebSocketRoute", "Mount") for call in calls):
            return
        self.facts.routers.setdefault(names[0], "")
        for call in calls:
            self.route_owners.setdefault(id(call), names[0])

    def symbol_of(self, node: cst.BaseExpression) -> str | None:
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

    def test_connection(self, node: cst.Call) -> None:
        path = argument(node, 0, "url")
        if path is None:
            return
        # for path in ["/ws/a", "/ws/b"]: client.websocket_connect(path) opens each of them
        candidates = self.loop_items(path) if isinstance(path, cst.Name) else None
        for candidate in candidates or [path]:
            draft = self.resolver.resolve(candidate, self.state.scope)
            text = draft.value if draft.value is not None else (draft.pattern or "").replace("*", "{}")
            if text:
                self.facts.test_connections.append((_url_path(text), self.ref(candidate)))

    def loop_items(self, name: cst.Name) -> list[cst.BaseExpression] | None:
        """The values a ``for`` target takes when the loop runs over a literal list or dict."""
        loop = next((loop for loop in reversed(self.state.loops) if name.value in loop.targets), None)
        if loop is None or not isinstance(loop.node, cst.For):
            return None
        return literal_loop_items(loop.node, name.value, self.state.scope)

    def assignment(self, node: cst.Assign | cst.AnnAssign) -> None:
        value = node.value
        if value is not None and not self.facts.is_test:
            targets_of = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            for target in targets_of:
                self.flows.assignment(target, value, self.state)
        if isinstance(value, (cst.List, cst.Tuple)) and self.state.node is None and not self.facts.is_test:
            self.route_list(node, value)
        if not isinstance(value, cst.Call) or final_name(value.func) != "APIRouter" or self.facts.is_test:
            return
        targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
        prefix_node = keyword_arg(value, "prefix")
        prefix = self.resolver.resolve(prefix_node, self.state.scope).value if prefix_node is not None else ""
        for target in targets:
            name = dotted_name(target)
            if name is not None and prefix is not None:
                self.facts.routers[name] = prefix

    # ------------------------------------------------------------------------ references

    def add_reference(self, name: str | None, expression: cst.BaseExpression | None = None) -> None:
        if name is None or self.facts.is_test or name in _NOT_FUNCTIONS:
            return
        # A function naming itself inside its own body does not start it; ``context.emitter.send(x)``
        # inside a module-level ``send`` names another object's method of the same name.
        if _may_name_itself(expression) and any(
            state.node is not None and state.node.name.value == name for state in self.states
        ):
            return
        self.facts.references.add(name)

    def add_expression_reference(self, expression: cst.BaseExpression) -> None:
        # ``on_progress=events.emit_progress if as_json else None``, ``callback or default_handler``
        if isinstance(expression, cst.IfExp):
            self.add_expression_reference(expression.body)
            self.add_expression_reference(expression.orelse)
        elif isinstance(expression, cst.BooleanOperation):
            self.add_expression_reference(expression.left)
            self.add_expression_reference(expression.right)
        else:
            self.add_reference(final_name(expression), expression)

    def call_references(self, node: cst.Call, method: str) -> None:
        self.add_expression_reference(node.func)
        for arg in node.args:
            self.add_expression_reference(arg.value)
        if method == "getattr" and isinstance(node.func, cst.Name):
            positional = positional_args(node)
            if len(positional) >= 2:
                self.add_reference(string_value(positional[1]))
                name = string_value(positional[1])
                if name is not None:
                    self.flows.loose.add(name)

    def value_references(self, node: cst.CSTNode) -> None:
        """Functions passed as values: ``callbacks.append(self.f)``, ``{"x": self.f}``, ``h = self.f``."""
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            for element in node.elements:
                self.add_expression_reference(element.value)
        elif isinstance(node, cst.Dict):
            for item in node.elements:
                if isinstance(item, cst.DictElement):
                    self.add_expression_reference(item.value)
        elif isinstance(node, (cst.Assign, cst.AnnAssign, cst.Return)) and node.value is not None:
            self.add_expression_reference(node.value)
            if not self.facts.is_test:
                self.flows.value(node.value, self.state)
                if isinstance(node, cst.Return):
                    self.flows.returned(node.value, self.state)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)) and not self.facts.is_test:
            for element in node.elements:
                self.flows.value(element.value, self.state)
        elif isinstance(node, cst.Dict) and not self.facts.is_test:
            for item in node.elements:
                if isinstance(item, cst.DictElement):
                    self.flows.value(item.value, self.state)

    # ------------------------------------------------------------------------ endpoints

    def scope_of(self, function: cst.FunctionDef) -> Scope:
        scope = self.index.scopes.get(function)
        return scope if scope is not None else function_scope(function, None, self.table)

    def find_function(self, name: str, enclosing: str | None) -> cst.FunctionDef | None:
        """The handler a registration names: a sibling in the same factory, else a module-level def."""
        candidates = [entry for entry in self.index.functions if entry.node.name.value == name]
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
                final_name(base.value) == "WebSocketEndpoint" for base in node.bases
            ):
                self.facts.handlers[name] = self.handler_endpoint(node, None, None, self.ref(node))

    def handler_endpoint(
        self, handler: cst.FunctionDef | cst.ClassDef, path: str | None, router: str | None, ref: SourceRef
    ) -> Endpoint:
        bodies = endpoint_class_methods(handler) if isinstance(handler, cst.ClassDef) else [(handler, False)]
        sends = handler_sends(bodies, self.resolver, self.scope_of, self.extra, self.flows.brokers.publishes)
        return Endpoint(
            path=path,
            router=router,
            handler=handler.name.value,
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
        handler: cst.FunctionDef | cst.ClassDef | None
        if isinstance(draft.handler, cst.FunctionDef):
            handler = draft.handler
        elif isinstance(draft.handler, cst.Name):
            name = draft.handler.value
            handler = self.find_function(name, draft.scope_name) or self.index.classes.get(name)
        else:
            handler = None
        if handler is None:
            handler_name = (
                final_name(draft.handler) if not isinstance(draft.handler, cst.FunctionDef) else None
            )
            symbol = (
                self.symbol_of(draft.handler)
                if isinstance(draft.handler, (cst.Name, cst.Attribute))
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
                local_factories.add(entry.node.name.value)
        for name, call in self.function_calls:
            if may_call_factory(name, local_factories):
                self.facts.factory_calls.append(factory_call(call, name, self.ref(call)))

    def scope_of_name(self, qualname: str | None) -> Scope:
        for entry in self.index.functions:
            if entry.qualname == qualname:
                return self.scope_of(entry.node)
        return self.states[0].scope
