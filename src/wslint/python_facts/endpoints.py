"""Recognise WebSocket route registrations: decorators, call forms and Starlette routes."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from wslint.python_facts.syntax import argument, dotted_name, final_name, method_name

_ROUTE_DECORATORS = frozenset({"websocket", "websocket_route"})
_ROUTE_ADDERS = frozenset({"add_websocket_route", "add_api_websocket_route"})
_ROUTE_CLASSES = frozenset({"WebSocketRoute"})


@dataclass(frozen=True, slots=True)
class EndpointDraft:
    path: cst.BaseExpression | None  # the route path expression, if given
    anchor: cst.CSTNode  # where the route is registered, for the ref when there is no path
    router: str | None
    handler: cst.BaseExpression | cst.FunctionDef  # the def itself, or the expression naming it
    scope_name: str | None  # qualified name of the function the registration sits in


def _route_path(call: cst.Call) -> cst.BaseExpression | None:
    return argument(call, 0, "path")


def decorator_route(decorator: cst.Decorator) -> tuple[cst.Call, str | None] | None:
    """``@router.websocket("/ws/x")`` -> (the call, "router")."""
    call = decorator.decorator
    if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute):
        return None
    return (call, dotted_name(call.func.value)) if call.func.attr.value in _ROUTE_DECORATORS else None


def decorated_endpoint(function: cst.FunctionDef, scope_name: str | None) -> EndpointDraft | None:
    for decorator in function.decorators:
        route = decorator_route(decorator)
        if route is not None:
            call, router = route
            return EndpointDraft(_route_path(call), call, router, function, scope_name)
    return None


def call_endpoint(call: cst.Call, scope_name: str | None) -> EndpointDraft | None:
    """``app.websocket(path)(handler)``, ``app.add_websocket_route(path, fn)``, ``WebSocketRoute(...)``."""
    method = method_name(call)
    inner = call.func
    if isinstance(inner, cst.Call) and isinstance(inner.func, cst.Attribute):
        if inner.func.attr.value in _ROUTE_DECORATORS:
            handler = argument(call, 0)
            if handler is not None:
                return EndpointDraft(
                    _route_path(inner), inner, dotted_name(inner.func.value), handler, scope_name
                )
        return None
    if method in _ROUTE_ADDERS and isinstance(call.func, cst.Attribute):
        handler = argument(call, 1, "endpoint", "route")
        if handler is not None:
            return EndpointDraft(_route_path(call), call, dotted_name(call.func.value), handler, scope_name)
    if final_name(call.func) in _ROUTE_CLASSES:
        handler = argument(call, 1, "endpoint")
        if handler is not None:
            return EndpointDraft(_route_path(call), call, None, handler, scope_name)
    return None


def endpoint_class_methods(node: cst.ClassDef) -> list[tuple[cst.FunctionDef, bool]]:
    """``on_connect`` (once) and ``on_receive`` (per message) of a class-based endpoint."""
    methods: list[tuple[cst.FunctionDef, bool]] = []
    if isinstance(node.body, cst.IndentedBlock):
        for statement in node.body.body:
            if isinstance(statement, cst.FunctionDef) and statement.name.value in (
                "on_connect",
                "on_receive",
            ):
                methods.append((statement, statement.name.value == "on_receive"))
    return methods
