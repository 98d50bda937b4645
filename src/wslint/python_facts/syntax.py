"""Small questions asked of ``ast`` nodes, and a child iterator that reads only fields that can hold one.

``ast.iter_child_nodes`` looks at every field of every node and yields the shared context and
operator objects (``Load``, ``Add``) too; a table of the fields that can hold a child, made once
per node type, skips names, numbers and those singletons. Children come in source order (a
dict's keys and values alternate, a conditional expression's body comes before its test).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

# Fields that hold a name, a number, a flag or an operator, never a child worth descending into.
# fmt: off
_SCALAR_FIELDS = frozenset({
    "ctx", "op", "ops", "id", "attr", "name", "names", "arg", "module", "level", "kind", "conversion",
    "type_comment", "is_async", "tag", "rest", "kwd_attrs", "simple",
})
# fmt: on
# Node types whose fields hold no child at all (``Constant.value`` is the literal itself).
_LEAVES = (ast.Constant, ast.MatchSingleton)
# Fields in source order where ``_fields`` has another order.
_SOURCE_ORDER: dict[type[ast.AST], tuple[str, ...]] = {ast.IfExp: ("body", "test", "orelse")}
# Fields that hold a block of statements.
BLOCK_FIELDS = frozenset({"body", "orelse", "finalbody"})
_STRING_TYPES = (str, bytes)


def _fields_of(node_type: type[ast.AST]) -> tuple[str, ...]:
    if issubclass(node_type, _LEAVES):
        return ()
    ordered = _SOURCE_ORDER.get(node_type, node_type._fields)
    return tuple(name for name in ordered if name not in _SCALAR_FIELDS)


def _node_types() -> list[type[ast.AST]]:
    found: list[type[ast.AST]] = []
    pending = [ast.AST]
    while pending:
        node_type = pending.pop()
        found.append(node_type)
        pending.extend(node_type.__subclasses__())
    return found


# Every node type -> the names of its fields that can hold children, in source order.
CHILD_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {
    node_type: _fields_of(node_type) for node_type in _node_types()
}


def child_fields(node_type: type[ast.AST]) -> tuple[str, ...]:
    """The names of the fields of a node type that can hold children, in source order."""
    names = CHILD_FIELDS.get(node_type)
    if names is None:
        names = CHILD_FIELDS[node_type] = _fields_of(node_type)
    return names


def children(node: ast.AST) -> Iterator[ast.AST]:
    """The node's children in source order."""
    if type(node) is ast.Dict:
        for key, value in zip(node.keys, node.values, strict=True):
            if key is not None:
                yield key
            yield value
        return
    for name in child_fields(type(node)):
        value = getattr(node, name)
        if type(value) is list:
            for item in value:
                if item is not None:
                    yield item
        elif value is not None:
            yield value


def string_value(node: ast.AST | None) -> str | None:
    """The value of a plain (non-bytes, non-f) string literal, implicit concatenation included."""
    if type(node) is ast.Constant and type(node.value) is str:
        return node.value
    return None


def is_string_literal(node: ast.AST | None) -> bool:
    """A string or bytes literal, not an f-string."""
    return type(node) is ast.Constant and isinstance(node.value, _STRING_TYPES)


def is_none(node: ast.AST | None) -> bool:
    return type(node) is ast.Constant and node.value is None


def dotted_name(node: ast.AST | None) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else None."""
    if type(node) is ast.Name:
        return node.id
    if type(node) is ast.Attribute:
        head = dotted_name(node.value)
        return f"{head}.{node.attr}" if head is not None else None
    return None


def final_name(node: ast.AST | None) -> str | None:
    """The last name of ``x`` / ``obj.attr.x``."""
    if type(node) is ast.Name:
        return node.id
    if type(node) is ast.Attribute:
        return node.attr
    return None


def root_name(node: ast.AST) -> str | None:
    """The first name of ``x.y[0].z()``."""
    while True:
        if type(node) is ast.Name:
            return node.id
        if type(node) is ast.Attribute or type(node) is ast.Subscript:
            node = node.value
        elif type(node) is ast.Call:
            node = node.func
        else:
            return None


def method_name(call: ast.Call) -> str | None:
    return final_name(call.func)


def receiver(call: ast.Call) -> ast.expr | None:
    """``x`` in ``x.method(...)``."""
    return call.func.value if type(call.func) is ast.Attribute else None


def positional_args(call: ast.Call) -> list[ast.expr]:
    return [arg for arg in call.args if type(arg) is not ast.Starred]


def keyword_arg(call: ast.Call, *names: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg is not None and keyword.arg in names:
            return keyword.value
    return None


def argument(call: ast.Call, index: int, *keywords: str) -> ast.expr | None:
    """The argument at a positional index, or given by one of the keywords."""
    positional = positional_args(call)
    if index < len(positional):
        return positional[index]
    return keyword_arg(call, *keywords)


def has_star_args(call: ast.Call) -> bool:
    """``f(*args)`` or ``f(**kwargs)``."""
    return any(type(arg) is ast.Starred for arg in call.args) or any(k.arg is None for k in call.keywords)


def source_args(call: ast.Call) -> list[tuple[str | None, bool, ast.expr]]:
    """Every argument as (keyword, starred, value) in source order: ``ast`` keeps positional and
    keyword arguments apart, and a ``*args`` may follow a keyword (``f(a, key=1, *rest)``)."""
    items: list[tuple[str | None, bool, ast.expr]] = [
        (None, True, arg.value) if type(arg) is ast.Starred else (None, False, arg) for arg in call.args
    ]
    keywords = [(k.arg, k.arg is None, k.value) for k in call.keywords]
    if keywords and any(starred for _, starred, _ in items):
        # a starred positional after a keyword: order by position
        merged: list[tuple[ast.expr | ast.keyword, tuple[str | None, bool, ast.expr]]]
        merged = [(arg, item) for arg, item in zip(call.args, items, strict=True)]
        merged += [(k, item) for k, item in zip(call.keywords, keywords, strict=True)]
        merged.sort(key=lambda pair: (pair[0].lineno, pair[0].col_offset))
        return [item for _, item in merged]
    return items + keywords


def unwrap_await(node: ast.expr) -> ast.expr:
    return node.value if type(node) is ast.Await else node


def unstarred(node: ast.expr) -> ast.expr:
    """``x`` of ``*x``, else the node."""
    return node.value if type(node) is ast.Starred else node


def name_words(name: str) -> set[str]:
    """Words of a snake_case or camelCase identifier, lowercased."""
    words: list[str] = []
    current = ""
    for char in name:
        if char == "_" or char == ".":
            words.append(current)
            current = ""
        elif char.isupper() and current and not current[-1].isupper():
            words.append(current)
            current = char
        else:
            current += char
    words.append(current)
    return {word.lower() for word in words if word}


def has_docstring(body: Sequence[ast.stmt]) -> bool:
    """The block opens with a string literal statement (bytes are not a docstring)."""
    if not body:
        return False
    first = body[0]
    return type(first) is ast.Expr and string_value(first.value) is not None


def is_elif(statement: ast.If) -> bool:
    """``elif``: ``ast`` writes it as an ``if`` alone in ``orelse``; an ``if`` under ``else:`` is
    indented deeper, an ``elif`` starts at the column of its ``if``."""
    orelse = statement.orelse
    return len(orelse) == 1 and type(orelse[0]) is ast.If and orelse[0].col_offset == statement.col_offset


def number_value(node: ast.AST, numbers: dict[str, float]) -> float | None:
    """A constant number: a literal, a numeric module constant, or arithmetic on those (``5 * 60``)."""
    if type(node) is ast.Constant:
        value = node.value
        return float(value) if type(value) is int or type(value) is float else None
    if type(node) is ast.Name:
        return numbers.get(node.id)
    if type(node) is ast.UnaryOp and type(node.op) is ast.USub:
        operand = number_value(node.operand, numbers)
        return -operand if operand is not None else None
    if type(node) is ast.BinOp:
        left, right = number_value(node.left, numbers), number_value(node.right, numbers)
        if left is None or right is None:
            return None
        operator = type(node.op)
        if operator is ast.Add:
            return left + right
        if operator is ast.Sub:
            return left - right
        if operator is ast.Mult:
            return left * right
        if operator is ast.Div and right:
            return left / right
    return None
