"""Recognise WebSocket route registrations: decorators, call forms and Starlette routes."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from wslint.python_facts.syntax import argument, dotted_name, final_name, method_name

_ROUTE_DECORATORS = frozenset({"websocket", "websocket_route"})
_ROUTE_ADDERS = frozenset({"add_websocket_route", "add_api_websocket_route"})
_ROUTE_CLASSES = frozenset({"WebSocketRoute"})


@dataclass(frozen=True, slots=True)
class EndpointDraft:
    path: ast.expr | None  # the route path expression, if given
    anchor: ast.AST  # where the route is registered, for the ref when there is no path
    router: str | None
    handler: ast.expr | ast.FunctionDef | ast.AsyncFunctionDef  # the def itself, or the expression naming it
    scope_name: str | None  # qualified name of the function the registration sits in


def _route_path(call: ast.Call) -> ast.expr | None:
    return argument(call, 0, "path")


def decorator_route(decorator: ast.expr) -> tuple[ast.Call, str | None] | None:
    """``@router.websocket("/ws/x")`` -> (the call, "router")."""
    if type(decorator) is not ast.Call or type(decorator.func) is not ast.Attribute:
        return None
    if decorator.func.attr not in _ROUTE_DECORATORS:
        return None
    return decorator, dotted_name(decorator.func.value)


def decorated_endpoint(
    function: ast.FunctionDef | ast.AsyncFunctionDef, scope_name: str | None
) -> EndpointDraft | None:
    for decorator in function.decorator_list:
        route = decorator_route(decorator)
        if route is not None:
            call, router = route
            return EndpointDraft(_route_path(call), call, router, function, scope_name)
    return None


def call_endpoint(call: ast.Call, scope_name: str | None) -> EndpointDraft | None:
    """``app.websocket(path)(handler)``, ``app.add_websocket_route(path, fn)``, ``WebSocketRoute(...)``."""
    method = method_name(call)
    inner = call.func
    if type(inner) is ast.Call and type(inner.func) is ast.Attribute:
        if inner.func.attr in _ROUTE_DECORATORS:
            handler = argument(call, 0)
            if handler is not None:
                return EndpointDraft(
                    _route_path(inner), inner, dotted_name(inner.func.value), handler, scope_name
                )
        return None
    if method in _ROUTE_ADDERS and type(call.func) is ast.Attribute:
        handler = argument(call, 1, "endpoint", "route")
        if handler is not None:
            return EndpointDraft(_route_path(call), call, dotted_name(call.func.value), handler, scope_name)
    if final_name(call.func) in _ROUTE_CLASSES:
        handler = argument(call, 1, "endpoint")
        if handler is not None:
            return EndpointDraft(_route_path(call), call, None, handler, scope_name)
    return None


def endpoint_class_methods(
    node: ast.ClassDef,
) -> list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, bool]]:
    """``on_connect`` (once) and ``on_receive`` (per message) of a class-based endpoint."""
    return [
        (statement, statement.name == "on_receive")
        for statement in node.body
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
        and statement.name in ("on_connect", "on_receive")
    ]
