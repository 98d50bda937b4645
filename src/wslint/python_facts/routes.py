"""Routes: endpoints, routers, mounts and route factories of one file.

Reads ``@router.websocket(...)`` decorators, ``add_api_websocket_route`` / ``WebSocketRoute``
calls, ``APIRouter(prefix=...)`` assignments, route lists, ``include_router`` / ``mount`` /
``Mount(...)``, and ``WebSocketEndpoint`` classes. Produces ``endpoints``, ``handlers``,
``routers``, ``mounts``, ``route_factories``, ``factory_calls`` and ``other_socket_server``.

Registrations name their handler before or after its definition, so they are drafts until the
traversal ends; ``finish`` resolves them against the functions and classes the file defines.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace

from wslint.facts import Endpoint, Mount, PythonFacts, SourceRef
from wslint.python_facts.endpoints import (
    EndpointDraft,
    call_endpoint,
    decorated_endpoint,
    endpoint_class_methods,
)
from wslint.python_facts.factories import factory_call, function_call_name, may_call_factory, route_factory
from wslint.python_facts.flows import FlowCollector
from wslint.python_facts.handlers import first_message, handler_sends
from wslint.python_facts.positions import Positions
from wslint.python_facts.pushes import FunctionState
from wslint.python_facts.scopes import function_scope
from wslint.python_facts.syntax import argument, dotted_name, final_name, keyword_arg, unstarred
from wslint.python_facts.table import Scope, SymbolTable
from wslint.python_facts.types import TypeResolver

# Socket servers besides FastAPI / Starlette, whose routes wslint does not read.
_OTHER_SERVERS = frozenset({"websockets.serve", "websockets.server.serve", "websockets.asyncio.server.serve"})
_Function = ast.FunctionDef | ast.AsyncFunctionDef


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


class RouteCollector:
    def __init__(
        self,
        table: SymbolTable,
        positions: Positions,
        facts: PythonFacts,
        resolver: TypeResolver,
        flows: FlowCollector,
        extra_push_methods: frozenset[str],
        module_scope: Scope,
    ) -> None:
        self.table = table
        self.positions = positions
        self.facts = facts
        self.resolver = resolver
        self.flows = flows
        self.extra = extra_push_methods
        self.module_scope = module_scope
        self.index = _Index()
        self.endpoint_drafts: list[EndpointDraft] = []
        self.function_calls: list[tuple[str, ast.Call]] = []  # candidates for factory calls
        # Starlette route lists: id of a ``WebSocketRoute(...)`` / ``Mount(...)`` call listed in a
        # module-level list or in a ``Mount(routes=[...])`` -> the list's name / the Mount's prefix
        self.route_owners: dict[int, str] = {}
        self.mount_prefixes: dict[int, str] = {}

    def ref(self, node: ast.AST) -> SourceRef:
        return self.positions.ref(node)

    # ------------------------------------------------------------------------ traversal hooks

    def function(self, node: _Function, qualname: str, enclosing: str | None, scope: Scope) -> None:
        if not self.facts.is_test:
            draft = decorated_endpoint(node, enclosing)
            if draft is not None:
                self.endpoint_drafts.append(draft)
        self.index.scopes[node] = scope
        self.index.functions.append(_FunctionEntry(node, qualname, enclosing))

    def class_definition(self, node: ast.ClassDef) -> None:
        if any(final_name(base) == "WebSocketHandler" for base in node.bases):
            self.facts.other_socket_server = True  # tornado
        self.index.classes.setdefault(node.name, node)

    def call(self, node: ast.Call, method: str, state: FunctionState) -> None:
        endpoint = call_endpoint(node, state.qualname)
        if endpoint is not None:
            owner = self.route_owners.get(id(node))
            if endpoint.router is None and owner is not None:
                endpoint = replace(endpoint, router=owner)
            self.endpoint_drafts.append(endpoint)
        if final_name(node.func) == "Mount":
            self.starlette_mount(node, state.scope)
        if method in ("include_router", "mount"):
            self.mount(node, method, state.scope)
        if final_name(node.func) == "WebSocketResponse" or dotted_name(node.func) in _OTHER_SERVERS:
            self.facts.other_socket_server = True
        called = function_call_name(node, state.scope, self.table)
        if called is not None:
            self.function_calls.append((called, node))

    def assignment(self, targets: list[ast.expr], value: ast.expr | None, state: FunctionState) -> None:
        if (type(value) is ast.List or type(value) is ast.Tuple) and state.node is None:
            self.route_list(targets, value)
        if type(value) is not ast.Call or final_name(value.func) != "APIRouter":
            return
        prefix_node = keyword_arg(value, "prefix")
        prefix = self.resolver.resolve(prefix_node, state.scope).value if prefix_node is not None else ""
        for target in targets:
            name = dotted_name(target)
            if name is not None and prefix is not None:
                self.facts.routers[name] = prefix

    def finish(self) -> None:
        self.resolve_endpoints()
        self.route_factories()

    # ------------------------------------------------------------------------ routers and mounts

    def mount(self, node: ast.Call, method: str, scope: Scope) -> None:
        if method == "include_router":
            target, prefix_node = argument(node, 0, "router"), keyword_arg(node, "prefix")
        elif type(node.func) is ast.Attribute:
            target, prefix_node = argument(node, 1, "app"), argument(node, 0, "path")
            if prefix_node is None:
                return
        else:
            return
        symbol = self.symbol_of(target, scope) if target is not None else None
        prefix = self.resolver.resolve(prefix_node, scope).value if prefix_node is not None else ""
        if symbol is not None and prefix is not None and target is not None:
            owner = self.symbol_of(node.func.value, scope) if type(node.func) is ast.Attribute else None
            self.facts.mounts.append(Mount(symbol, prefix, self.ref(target), owner))

    def starlette_mount(self, node: ast.Call, scope: Scope) -> None:
        """``Mount("/api", routes=[...])`` / ``Mount("/api", routes=api_routes)`` prefixes the routes."""
        path, routes = argument(node, 0, "path"), keyword_arg(node, "routes")
        if path is None or routes is None:
            return
        own = self.resolver.resolve(path, scope).value
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
        symbol = self.symbol_of(routes, scope)
        if symbol is not None:
            # a Mount listed in a module-level route list belongs to the list; one nested in
            # another Mount (owner ``<Mount /a>``) already carries the outer prefixes
            listed_in = self.route_owners.get(id(node), "")
            includer = self.local_symbol(listed_in) if listed_in.isidentifier() else None
            self.facts.mounts.append(Mount(symbol, prefix, self.ref(routes), includer))

    def route_list(self, targets: list[ast.expr], value: ast.List | ast.Tuple) -> None:
        """``api_routes = [WebSocketRoute(...), ...]``: the routes belong to the list, mountable by name."""
        names = [target.id for target in targets if type(target) is ast.Name]
        if len(names) != 1:
            return
        calls = [call for e in value.elts if type(call := unstarred(e)) is ast.Call]
        if not any(final_name(call.func) in ("WebSocketRoute", "Mount") for call in calls):
            return
        self.facts.routers.setdefault(names[0], "")
        for call in calls:
            self.route_owners.setdefault(id(call), names[0])

    def local_symbol(self, name: str) -> str:
        return f"{self.table.module}.{name}" if self.table.module else name

    def symbol_of(self, node: ast.expr, scope: Scope) -> str | None:
        """Dotted symbol an expression names, imports resolved (``ws.router`` -> ``app.routes.ws.router``)."""
        dotted = dotted_name(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        if head == "self":
            return None
        base = scope.alias(head) or self.table.aliases.get(head)
        if base is not None:
            return f"{base}.{rest}" if rest else base
        return self.local_symbol(dotted)

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
        type_value = self.positions.type_value
        return Endpoint(
            path=path,
            router=router,
            handler=handler.name,
            ref=ref,
            handler_ref=self.ref(handler),
            initial_types=tuple(type_value(d) for d in sends.initial),
            loop_types=tuple(type_value(d) for d in sends.repeated),
            error_types=tuple(type_value(d) for d in sends.errors),
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
                self.symbol_of(draft.handler, self.module_scope)
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
        return self.module_scope
