"""The values a ``for`` loop target takes when the loop runs over a literal collection.

Tests often open every endpoint in a loop (``for path, kind in expected.items():``); the
paths are still static.
"""

from __future__ import annotations

import libcst as cst

from wslint.python_facts.syntax import method_name
from wslint.python_facts.table import Scope

_DICT_VIEWS = frozenset({"items", "keys", "values"})


def _collection(node: cst.BaseExpression, scope: Scope) -> cst.BaseExpression:
    if isinstance(node, cst.Name):
        assigned = scope.lookup(node.value)
        if assigned is not None and len(assigned) == 1 and assigned[0] is not None:
            return assigned[0]
    return node


def _entries(iterable: cst.BaseExpression, scope: Scope) -> list[cst.BaseExpression] | None:
    view = None
    if isinstance(iterable, cst.Call) and isinstance(iterable.func, cst.Attribute) and not iterable.args:
        view = method_name(iterable)
        if view not in _DICT_VIEWS:
            return None
        iterable = iterable.func.value
    collection = _collection(iterable, scope)
    if isinstance(collection, cst.Dict):
        pairs = [e for e in collection.elements if isinstance(e, cst.DictElement)]
        if view == "values":
            return [pair.value for pair in pairs]
        if view == "items":
            return [cst.Tuple([cst.Element(pair.key), cst.Element(pair.value)]) for pair in pairs]
        return [pair.key for pair in pairs]
    if view is None and isinstance(collection, (cst.List, cst.Tuple, cst.Set)):
        return [element.value for element in collection.elements if isinstance(element, cst.Element)]
    return None


def literal_loop_items(loop: cst.For, name: str, scope: Scope) -> list[cst.BaseExpression] | None:
    entries = _entries(loop.iter, scope)
    if entries is None:
        return None
    if isinstance(loop.target, cst.Name):
        return entries if loop.target.value == name else None
    if not isinstance(loop.target, (cst.Tuple, cst.List)):
        return None
    names = [element.value for element in loop.target.elements]
    index = next((i for i, n in enumerate(names) if isinstance(n, cst.Name) and n.value == name), None)
    if index is None:
        return None
    items: list[cst.BaseExpression] = []
    for entry in entries:
        if not isinstance(entry, (cst.Tuple, cst.List)) or len(entry.elements) <= index:
            return None
        items.append(entry.elements[index].value)
    return items
