"""Route factories (functions that register WebSocket routes inside them) and calls that may be of one.

A factory like ``init_websocket_routes(manager, get_queue_data, ...)`` grows a parameter
with every endpoint; the call in ``server.py`` must grow with it (WS106).
"""

from __future__ import annotations

import ast
import builtins

from wslint.facts import FactoryCall, RouteFactory, SourceRef
from wslint.python_facts.syntax import dotted_name, final_name, has_star_args, name_words
from wslint.python_facts.table import Scope, SymbolTable

# Calls whose name says "routes" are recorded even when the factory lives in another file.
# fmt: off
_FACTORY_WORDS = frozenset({
    "route", "routes", "router", "routers", "websocket", "websockets", "ws", "socket", "sockets",
    "endpoint", "endpoints"
})
# fmt: on
_BUILTINS = frozenset(dir(builtins))


def route_factory(function: ast.FunctionDef | ast.AsyncFunctionDef, ref: SourceRef) -> RouteFactory:
    params = function.args
    positional = [*params.posonlyargs, *params.args]
    # defaults belong to the last positional parameters
    has_default = [False] * (len(positional) - len(params.defaults)) + [True] * len(params.defaults)
    if positional and positional[0].arg in ("self", "cls"):
        positional, has_default = positional[1:], has_default[1:]  # a method: the receiver is not passed
    required = has_default.count(False) + sum(1 for default in params.kw_defaults if default is None)
    return RouteFactory(
        name=function.name,
        ref=ref,
        required=required,
        total=len(positional) + len(params.kwonlyargs),
        has_star_params=params.vararg is not None or params.kwarg is not None,
    )


def function_call_name(call: ast.Call, scope: Scope, table: SymbolTable) -> str | None:
    """The bare name of a call of a function (``f(...)``, ``module.f(...)``), not of a method or class."""
    name = final_name(call.func)
    if name is None or name[:1].isupper() or name in _BUILTINS:
        return None
    if type(call.func) is ast.Attribute:
        head = (dotted_name(call.func.value) or "").partition(".")[0]
        if not head or (scope.alias(head) is None and head not in table.aliases):
            return None  # obj.method(...): a method call
    return name


def may_call_factory(name: str, local_factories: set[str]) -> bool:
    return name in local_factories or bool(name_words(name) & _FACTORY_WORDS)


def factory_call(call: ast.Call, name: str, ref: SourceRef) -> FactoryCall:
    return FactoryCall(
        name=name,
        ref=ref,
        positional=sum(1 for arg in call.args if type(arg) is not ast.Starred),
        keywords=tuple(keyword.arg for keyword in call.keywords if keyword.arg is not None),
        has_star_args=has_star_args(call),
    )
