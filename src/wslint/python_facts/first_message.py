"""What a message sent on connect carries, and whether the handler hangs up right after it.

Both answers are plain syntax: the keys a payload is written with (and which of them hold text
made in place), and whether the statements that follow the send in its branch close the socket,
raise or return before anything else is awaited. The rule decides what they mean.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from wslint.python_facts.syntax import (
    children,
    dotted_name,
    final_name,
    is_string_literal,
    method_name,
    positional_args,
    source_args,
    string_value,
)
from wslint.python_facts.table import Scope

_MAX_DEPTH = 8
_SERIALIZE = frozenset({"dumps"})  # ``json.dumps(payload)`` carries what ``payload`` carries
_DUMP = frozenset({"model_dump", "model_dump_json", "dict", "json"})
# Calls that make a string: an identifier or a time as text, never a collection.
_TEXT_CALLS = frozenset({"str", "repr", "isoformat", "strftime", "hex", "uuid4"})


@dataclass(frozen=True, slots=True)
class Payload:
    keys: tuple[str, ...]  # besides ``type``
    text_keys: tuple[str, ...]


def _is_text(value: ast.expr) -> bool:
    """A string made in place: a literal, an f-string, ``str(...)``, a timestamp, a fresh id.

    Not a number or a flag: ``{"type": "counter", "value": 0}`` is a first state, not a notice.
    """
    if is_string_literal(value) or type(value) is ast.JoinedStr:
        return True
    if type(value) is ast.Call:
        return final_name(value.func) in _TEXT_CALLS
    if type(value) is ast.Attribute:
        return value.attr == "hex"  # ``uuid4().hex``
    return False


def _nested_dict(value: ast.expr, scope: Scope, depth: int) -> ast.Dict | None:
    """A dict written in place or held by a local assigned once (``"payload": init_payload``)."""
    if type(value) is ast.Name and depth <= _MAX_DEPTH:
        assigned = scope.lookup(value.id)
        if assigned is not None and len(assigned) == 1 and assigned[0] is not None:
            return _nested_dict(assigned[0], scope, depth + 1)
    return value if type(value) is ast.Dict else None


def _dict_payload(node: ast.Dict, scope: Scope, depth: int) -> Payload | None:
    """The dict's keys, and those of the dicts nested in it (what a snapshot holds: ``{"type":
    "init", "payload": {"sessions": [...]}}`` carries ``payload`` and ``sessions``)."""
    keys: list[str] = []
    text: list[str] = []
    for key_node, value in zip(node.keys, node.values, strict=True):
        key = string_value(key_node)
        if key is None:
            return None  # ``**base`` or a computed key: more than we can read
        if key == "type" and depth == 0:
            continue
        keys.append(key)
        if _is_text(value):
            text.append(key)
        nested = _nested_dict(value, scope, depth + 1)
        inner = _dict_payload(nested, scope, depth + 1) if nested is not None and depth < 2 else None
        if inner is not None:
            keys += inner.keys
            text += inner.text_keys
    return Payload(tuple(keys), tuple(text))


def _keyword_payload(call: ast.Call, model: bool) -> Payload | None:
    """``dict(type=..., client_id=...)`` / ``Connected(client_id=...)``: the keywords are the keys."""
    if call.args or any(keyword.arg is None for keyword in call.keywords):
        return None  # positional or ``**`` arguments: fields we cannot name
    pairs = [(keyword.arg, keyword.value) for keyword in call.keywords if keyword.arg != "type"]
    if model and not pairs:
        return None  # ``Snapshot()``: its fields, defaults and all, are not written here
    return Payload(
        tuple(key for key, _ in pairs if key is not None),
        tuple(key for key, value in pairs if key is not None and _is_text(value)),
    )


def payload(node: ast.expr, scope: Scope, depth: int = 0) -> Payload | None:
    """The keys a message value is written with; None when they cannot be read."""
    if depth > _MAX_DEPTH:
        return None
    if type(node) is ast.Dict:
        return _dict_payload(node, scope, 0)
    if type(node) is ast.Name:
        assigned = scope.lookup(node.id)
        if assigned is not None and len(assigned) == 1 and assigned[0] is not None:
            return payload(assigned[0], scope, depth + 1)
        return None
    if type(node) is not ast.Call:
        return None
    method = method_name(node)
    positional = positional_args(node)
    if method in _SERIALIZE and positional:
        return payload(positional[0], scope, depth + 1)
    if method in _DUMP and type(node.func) is ast.Attribute:
        return payload(node.func.value, scope, depth + 1)
    name = dotted_name(node.func)
    if name == "dict":
        return _keyword_payload(node, model=False)
    if name is not None and name.rpartition(".")[2][:1].isupper():
        return _keyword_payload(node, model=True)
    return None


def call_payload(call: ast.Call, holder: ast.expr | None, scope: Scope) -> Payload | None:
    """What a send carries: the argument holding the message (``holder``), or, when the type is an
    argument of its own (``emit("connected", {"sid": sid})``), every other argument together."""
    if holder is not None:
        return payload(holder, scope)
    keys: list[str] = []
    text: list[str] = []
    for keyword, starred, value in source_args(call)[1:]:
        if keyword in ("room", "to", "namespace", "sid", "skip_sid"):
            continue  # addressing, not payload
        part = payload(value, scope) if not starred else None
        if part is None:
            return None
        keys += part.keys
        text += part.text_keys
    return Payload(tuple(keys), tuple(text))


class Ending(Enum):
    """What the statements after a send in its branch do before anything else is awaited."""

    GOES_ON = "goes on"  # awaits something, loops, branches, or runs into the end of a loop body
    CLOSES = "closes"  # ``close()``s the socket or raises
    RETURNS = "returns"  # returns: the handler ends, unless the send handed the socket on


# Statements with a block of their own: after one of them, more happens.
# fmt: off
_COMPOUND = frozenset({
    ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.TryStar,
    ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Match,
})
# fmt: on


def _statement_ending(statement: ast.stmt) -> Ending | None:
    kind = type(statement)
    if kind is ast.Return:
        return Ending.RETURNS
    if kind is ast.Raise:
        return Ending.CLOSES
    if kind is ast.Continue or kind is ast.Break:
        return Ending.GOES_ON
    if kind in _COMPOUND:
        return Ending.GOES_ON  # a loop, a branch, a ``with``: more happens
    awaits = False
    pending: list[ast.AST] = [statement]
    while pending:
        node = pending.pop()
        if type(node) is ast.Call and method_name(node) == "close":
            return Ending.CLOSES
        awaits = awaits or type(node) is ast.Await
        pending.extend(children(node))
    if awaits:
        return Ending.GOES_ON
    return None  # logging, assignments: look further


def endings_after(block: Sequence[ast.stmt], at_block_end: Ending) -> list[Ending]:
    """How the branch goes on after each statement of a block, given the statements after it;
    ``at_block_end`` is what follows the block itself (the enclosing statement's own ending).
    One backward pass: a long run of plain statements is read once."""
    endings: list[Ending] = []
    after = at_block_end
    for statement in reversed(block):
        endings.append(after)
        after = _statement_ending(statement) or after
    return endings[::-1]
