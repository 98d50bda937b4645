"""The values a ``for`` loop target takes when the loop runs over a literal collection.

Tests often open every endpoint in a loop (``for path, kind in expected.items():``); the
paths are still static.
"""

from __future__ import annotations

import ast

from wslint.python_facts.syntax import method_name, unstarred
from wslint.python_facts.table import Scope

_DICT_VIEWS = frozenset({"items", "keys", "values"})


def _collection(node: ast.expr, scope: Scope) -> ast.expr:
    if type(node) is ast.Name:
        assigned = scope.lookup(node.id)
        if assigned is not None and len(assigned) == 1 and assigned[0] is not None:
            return assigned[0]
    return node


def _entries(iterable: ast.expr, scope: Scope) -> list[ast.expr] | None:
    view = None
    if (
        type(iterable) is ast.Call
        and type(iterable.func) is ast.Attribute
        and not iterable.args
        and not iterable.keywords
    ):
        view = method_name(iterable)
        if view not in _DICT_VIEWS:
            return None
        iterable = iterable.func.value
    collection = _collection(iterable, scope)
    if type(collection) is ast.Dict:
        entries = zip(collection.keys, collection.values, strict=True)
        pairs = [(key, value) for key, value in entries if key is not None]
        if view == "values":
            return [value for _, value in pairs]
        if view == "items":
            return [ast.Tuple(elts=[key, value], ctx=ast.Load()) for key, value in pairs]
        return [key for key, _ in pairs]
    if view is None and isinstance(collection, (ast.List, ast.Tuple, ast.Set)):
        return [element for element in collection.elts if type(element) is not ast.Starred]
    return None


def literal_loop_items(loop: ast.For | ast.AsyncFor, name: str, scope: Scope) -> list[ast.expr] | None:
    entries = _entries(loop.iter, scope)
    if entries is None:
        return None
    if type(loop.target) is ast.Name:
        return entries if loop.target.id == name else None
    if not isinstance(loop.target, (ast.Tuple, ast.List)):
        return None
    names = [unstarred(element) for element in loop.target.elts]
    index = next((i for i, n in enumerate(names) if type(n) is ast.Name and n.id == name), None)
    if index is None:
        return None
    items: list[ast.expr] = []
    for entry in entries:
        if not isinstance(entry, (ast.Tuple, ast.List)) or len(entry.elts) <= index:
            return None
        items.append(unstarred(entry.elts[index]))
    return items
