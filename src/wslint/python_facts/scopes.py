"""What names a function binds, so uses of a local variable can be followed to its value."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from wslint.python_facts.symbols import import_aliases
from wslint.python_facts.syntax import final_name, method_name, statements, string_value
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


def _opens_connection(value: cst.BaseExpression) -> bool:
    """``await websockets.connect(url)``: a call that dials out, not one handed our own socket
    (``ws = await manager.connect(websocket)`` returns the client's connection)."""
    if isinstance(value, cst.Await):
        value = value.expression
    if not isinstance(value, cst.Call):
        return False
    if method_name(value) not in _CONNECT_CALLS:
        return False
    return not any(
        isinstance(arg.value, cst.Name) and ("socket" in arg.value.value.lower() or arg.value.value == "ws")
        for arg in value.args
    )


def _bind_unknown(scope: Scope, target: cst.BaseExpression) -> None:
    if isinstance(target, cst.Name):
        scope.bindings.setdefault(target.value, []).append(None)
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            _bind_unknown(scope, element.value)
    elif isinstance(target, cst.StarredElement):
        _bind_unknown(scope, target.value)


def _bind(scope: Scope, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
    if isinstance(target, cst.Name):
        scope.bindings.setdefault(target.value, []).append(value)
    elif isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
        # message["type"] = ... adds a type to a dict built earlier
        index = target.slice[0].slice if len(target.slice) == 1 else None
        if isinstance(index, cst.Index) and string_value(index.value) == "type":
            scope.item_types.setdefault(target.value.value, []).append(value)
    else:
        _bind_unknown(scope, target)


class _BindingCollector:
    def __init__(self, scope: Scope, table: SymbolTable) -> None:
        self.scope = scope
        self.table = table

    def block(self, body: cst.BaseSuite | Sequence[cst.CSTNode]) -> None:
        for statement in statements(body):
            self.statement(statement)

    def statement(self, node: cst.CSTNode) -> None:
        scope = self.scope
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                self.statement(small)
        elif isinstance(node, cst.Assign):
            for target in node.targets:
                _bind(scope, target.target, node.value)
                if isinstance(target.target, cst.Name) and _opens_connection(node.value):
                    scope.outgoing.add(target.target.value)
        elif isinstance(node, cst.AnnAssign):
            if node.value is not None:
                _bind(scope, node.target, node.value)
        elif isinstance(node, cst.AugAssign):
            _bind_unknown(scope, node.target)
        elif isinstance(node, (cst.Import, cst.ImportFrom)):
            for local, symbol in import_aliases(node, self.table.module, self.table.is_package):
                scope.aliases[local] = symbol
        elif isinstance(node, (cst.Global, cst.Nonlocal)):
            for name_item in node.names:
                _bind_unknown(scope, name_item.name)
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            _bind_unknown(scope, node.name)
        elif isinstance(node, cst.For):
            _bind_unknown(scope, node.target)
            self.block(node.body)
            if node.orelse is not None:
                self.block(node.orelse.body)
        elif isinstance(node, cst.With):
            for item in node.items:
                if item.asname is not None:
                    _bind_unknown(scope, item.asname.name)
                    if isinstance(item.asname.name, cst.Name) and _opens_connection(item.item):
                        scope.outgoing.add(item.asname.name.value)
            self.block(node.body)
        elif isinstance(node, (cst.Try, cst.TryStar)):
            self.block(node.body)
            for handler in node.handlers:
                if handler.name is not None:
                    _bind_unknown(scope, handler.name.name)
                self.block(handler.body)
            for tail in (node.orelse, node.finalbody):
                if tail is not None:
                    self.block(tail.body)
        elif isinstance(node, (cst.If, cst.While)):
            self.block(node.body)
            orelse = node.orelse
            while isinstance(orelse, cst.If):
                self.block(orelse.body)
                orelse = orelse.orelse
            if orelse is not None:
                self.block(orelse.body)
        elif isinstance(node, cst.Match):
            for case in node.cases:
                self.block(case.body)


def function_scope(function: cst.FunctionDef, parent: Scope | None, table: SymbolTable) -> Scope:
    scope = Scope(parent=parent)
    params = function.params
    for param in (*params.posonly_params, *params.params, *params.kwonly_params):
        _bind_unknown(scope, param.name)
        annotation = param.annotation.annotation if param.annotation is not None else None
        if annotation is not None and final_name(annotation) in _CLIENT_CONNECTION_TYPES:
            scope.outgoing.add(param.name.value)
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            _bind_unknown(scope, star.name)
    _BindingCollector(scope, table).block(function.body)
    return scope
