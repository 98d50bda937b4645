"""What names a function binds, so uses of a local variable can be followed to its value."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from wslint.python_facts.symbols import import_aliases
from wslint.python_facts.syntax import final_name, is_none, method_name, string_value, unstarred
from wslint.python_facts.table import Scope, SymbolTable

# Calls that open a client connection to another server: ``websockets.connect(url)``,
# ``session.ws_connect(url)``, httpx-ws ``aconnect_ws(url)``.
_CONNECT_CALLS = frozenset({"connect", "ws_connect", "aconnect_ws", "connect_ws"})
# Annotations of such a connection handed in as a parameter.
# fmt: off
_CLIENT_CONNECTION_TYPES = frozenset({
    "ClientConnection", "ClientWebSocketResponse", "WebSocketClientProtocol", "AsyncWebSocketSession",
})
# fmt: on


def _opens_connection(value: ast.expr) -> bool:
    """``await websockets.connect(url)``: a call that dials out, not one handed our own socket
    (``ws = await manager.connect(websocket)`` returns the client's connection)."""
    if type(value) is ast.Await:
        value = value.value
    if type(value) is not ast.Call:
        return False
    if method_name(value) not in _CONNECT_CALLS:
        return False
    values = [unstarred(arg) for arg in value.args] + [keyword.value for keyword in value.keywords]
    return not any(
        type(arg) is ast.Name and ("socket" in arg.id.lower() or arg.id == "ws") for arg in values
    )


def _bind_name(scope: Scope, name: str) -> None:
    scope.bindings.setdefault(name, []).append(None)


def _bind_unknown(scope: Scope, target: ast.expr) -> None:
    if type(target) is ast.Name:
        _bind_name(scope, target.id)
    elif type(target) is ast.Tuple or type(target) is ast.List:
        for element in target.elts:
            _bind_unknown(scope, element)
    elif type(target) is ast.Starred:
        _bind_unknown(scope, target.value)


def _bind(scope: Scope, target: ast.expr, value: ast.expr) -> None:
    if type(target) is ast.Name:
        scope.bindings.setdefault(target.id, []).append(value)
    elif type(target) is ast.Subscript and type(target.value) is ast.Name:
        # message["type"] = ... adds a type to a dict built earlier
        if string_value(target.slice) == "type":
            scope.item_types.setdefault(target.value.id, []).append(value)
    else:
        _bind_unknown(scope, target)


class _BindingCollector:
    def __init__(self, scope: Scope, table: SymbolTable) -> None:
        self.scope = scope
        self.table = table

    def block(self, body: Sequence[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        scope = self.scope
        if type(node) is ast.Assign:
            for target in node.targets:
                _bind(scope, target, node.value)
                if type(target) is ast.Name and _opens_connection(node.value):
                    scope.outgoing.add(target.id)
        elif type(node) is ast.AnnAssign:
            if node.value is not None:
                _bind(scope, node.target, node.value)
        elif type(node) is ast.AugAssign:
            _bind_unknown(scope, node.target)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for local, symbol in import_aliases(node, self.table.module, self.table.is_package):
                scope.aliases[local] = symbol
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                _bind_name(scope, name)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            _bind_name(scope, node.name)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            _bind_unknown(scope, node.target)
            self.block(node.body)
            self.block(node.orelse)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    _bind_unknown(scope, item.optional_vars)
                    if type(item.optional_vars) is ast.Name and _opens_connection(item.context_expr):
                        scope.outgoing.add(item.optional_vars.id)
            self.block(node.body)
        elif isinstance(node, (ast.Try, ast.TryStar)):
            self.block(node.body)
            for handler in node.handlers:
                if handler.name is not None:
                    _bind_name(scope, handler.name)
                self.block(handler.body)
            self.block(node.orelse)
            self.block(node.finalbody)
        elif isinstance(node, (ast.If, ast.While)):
            self.block(node.body)
            self.block(node.orelse)
        elif type(node) is ast.Match:
            for case in node.cases:
                self.block(case.body)


# Packages whose clients dial out to another WebSocket server.
DIALING_PACKAGES = frozenset({"websockets", "aiohttp", "httpx_ws", "websocket", "wsproto"})


def outgoing_attributes(cls: ast.ClassDef) -> frozenset[str]:
    """``self.conn = await websockets.connect(url)`` in any method: what the class sends on
    ``self.conn`` goes upstream, in the other methods too."""
    found: set[str] = set()
    for node in ast.walk(cls):
        if type(node) is ast.Assign:
            targets, opens = node.targets, _opens_connection(node.value)
        elif type(node) is ast.AnnAssign:
            targets = [node.target]
            opens = final_name(_unoptional(node.annotation)) in _CLIENT_CONNECTION_TYPES or (
                node.value is not None and _opens_connection(node.value)
            )
        else:
            continue
        if opens:
            found.update(name for target in targets if (name := _self_attribute(target)) is not None)
    return frozenset(found)


def _self_attribute(target: ast.expr) -> str | None:
    if type(target) is ast.Attribute and type(target.value) is ast.Name and target.value.id == "self":
        return f"self.{target.attr}"
    return None


def _unoptional(annotation: ast.expr) -> ast.expr:
    """``ClientConnection | None`` -> ``ClientConnection``."""
    if type(annotation) is ast.BinOp and type(annotation.op) is ast.BitOr and is_none(annotation.right):
        return annotation.left
    return annotation


def function_scope(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    parent: Scope | None,
    table: SymbolTable,
    outgoing: frozenset[str] = frozenset(),
) -> Scope:
    scope = Scope(parent=parent)
    scope.outgoing.update(outgoing)
    params = function.args
    for param in (*params.posonlyargs, *params.args, *params.kwonlyargs):
        _bind_name(scope, param.arg)
        if param.annotation is not None and final_name(param.annotation) in _CLIENT_CONNECTION_TYPES:
            scope.outgoing.add(param.arg)
    for star in (params.vararg, params.kwarg):
        if star is not None:
            _bind_name(scope, star.arg)
    _BindingCollector(scope, table).block(function.body)
    return scope
