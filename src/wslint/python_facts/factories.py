"""Route factories (functions that register WebSocket routes inside them) and calls that may be of one.

A factory like ``init_websocket_routes(manager, get_queue_data, ...)`` grows a parameter
with every endpoint; the call in ``server.py`` must grow with it (WS106).
"""

from __future__ import annotations

import builtins

import libcst as cst

from wslint.facts import FactoryCall, RouteFactory, SourceRef
from wslint.python_facts.syntax import dotted_name, final_name, name_words
from wslint.python_facts.table import Scope, SymbolTable

# Calls whose name says "routes" are recorded even when the factory lives in another file.
# fmt: off
_FACTORY_WORDS = frozenset({
    "route", "routes", "router", "routers", "websocket", "websockets", "ws", "socket", "sockets",
    "endpoint", "endpoints"
})
# fmt: on
_BUILTINS = frozenset(dir(builtins))


def route_factory(function: cst.FunctionDef, ref: SourceRef) -> RouteFactory:
    params = function.params
    positional = [*params.posonly_params, *params.params]
    if positional and positional[0].name.value in ("self", "cls"):
        positional = positional[1:]  # a method: the receiver is not passed in the call
    keyword_only = list(params.kwonly_params)
    required = sum(1 for param in (*positional, *keyword_only) if param.default is None)
    has_star = isinstance(params.star_arg, cst.Param) or params.star_kwarg is not None
    return RouteFactory(
        name=function.name.value,
        ref=ref,
        required=required,
        total=len(positional) + len(keyword_only),
        has_star_params=has_star,
    )


def function_call_name(call: cst.Call, scope: Scope, table: SymbolTable) -> str | None:
    """The bare name of a call of a function (``f(...)``, ``module.f(...)``), not of a method or class."""
    name = final_name(call.func)
    if name is None or name[:1].isupper() or name in _BUILTINS:
        return None
    if isinstance(call.func, cst.Attribute):
        head = (dotted_name(call.func.value) or "").partition(".")[0]
        if not head or (scope.alias(head) is None and head not in table.aliases):
            return None  # obj.method(...): a method call
    return name


def may_call_factory(name: str, local_factories: set[str]) -> bool:
    return name in local_factories or bool(name_words(name) & _FACTORY_WORDS)


def factory_call(call: cst.Call, name: str, ref: SourceRef) -> FactoryCall:
    return FactoryCall(
        name=name,
        ref=ref,
        positional=sum(1 for arg in call.args if arg.keyword is None and not arg.star),
        keywords=tuple(arg.keyword.value for arg in call.args if arg.keyword is not None),
        has_star_args=any(arg.star for arg in call.args),
    )
