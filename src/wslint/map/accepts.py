"""What an endpoint's handler accepts from its clients, read from the handler's own code.

A handler that keeps what it receives (``message = await websocket.receive_json()``, ``async for
message in websocket.iter_json()``, a ``WebSocketEndpoint.on_receive``) accepts client messages;
their types are the string literals it compares a ``"type"`` field with (``message["type"] ==
"subscribe"``, ``message.get("type")``, ``match message["type"]: case "subscribe"``). A handler
that only awaits ``receive_text()`` to keep the socket open accepts nothing. A handler that hands
the socket to other code may accept more than it shows: then nothing is claimed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from wslint.facts import SourceRef
from wslint.map.source import parse_python

_RECEIVE = frozenset({"receive", "receive_json", "receive_text", "receive_bytes"})
_ITERATE = frozenset({"iter_json", "iter_text", "iter_bytes"})


@dataclass(frozen=True, slots=True)
class Accepted:
    receives: bool  # keeps and reads what clients send
    types: tuple[str, ...] = ()  # the message types it tells apart


def _method(node: ast.AST) -> str | None:
    if isinstance(node, ast.Await):
        node = node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _is_type_field(node: ast.AST) -> bool:
    """``x["type"]`` or ``x.get("type")``."""
    if isinstance(node, ast.Subscript):
        key = node.slice
        return isinstance(key, ast.Constant) and key.value == "type"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
        return bool(node.args) and isinstance(node.args[0], ast.Constant) and node.args[0].value == "type"
    return False


def _literals(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [
            item.value for item in node.elts if isinstance(item, ast.Constant) and isinstance(item.value, str)
        ]
    return []


def _keeps_received(node: ast.AST) -> bool:
    """``m = await ws.receive_json()`` / ``async for m in ws.iter_json()``: it reads what came."""
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
        return _method(node.value) in _RECEIVE
    return isinstance(node, ast.AsyncFor) and _method(node.iter) in _ITERATE


def _read(function: ast.AST) -> Accepted:
    receives = False
    types: list[str] = []
    for node in ast.walk(function):
        if _keeps_received(node):
            receives = True
        elif (
            isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.Eq, ast.In))
        ):
            sides = [node.left, node.comparators[0]]
            if any(_is_type_field(side) for side in sides):
                types += [value for side in sides for value in _literals(side)]
        elif isinstance(node, ast.Match) and _is_type_field(node.subject):
            for case in node.cases:
                pattern = case.pattern
                options = pattern.patterns if isinstance(pattern, ast.MatchOr) else [pattern]
                types += [
                    option.value.value
                    for option in options
                    if isinstance(option, ast.MatchValue)
                    and isinstance(option.value, ast.Constant)
                    and isinstance(option.value.value, str)
                ]
    # compared without receiving anything: those are other messages (what it sends, say)
    return Accepted(receives=receives, types=tuple(dict.fromkeys(types)) if receives else ())


def accepted(root: Path, handler: SourceRef, delegates: bool) -> Accepted | None:
    """What the handler defined at ``handler`` accepts; ``None`` when that cannot be told."""
    if delegates or not handler.path.endswith(".py"):
        return None
    tree = parse_python(root, handler.path)
    if tree is None:
        return None
    for node in ast.walk(tree):
        if (
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and node.lineno == handler.line
        ):
            if isinstance(node, ast.ClassDef):  # a WebSocketEndpoint: what on_receive reads
                hooks = [item for item in node.body if getattr(item, "name", "") == "on_receive"]
                if not hooks:
                    return Accepted(receives=False)
                found = _read(hooks[0])
                return Accepted(receives=True, types=found.types)
            return _read(node)
    return None
