"""What a message sent on connect carries, and whether the handler hangs up right after it.

Both answers are plain syntax: the keys a payload is written with (and which of them hold text
made in place), and whether the statements that follow the send in its branch close the socket,
raise or return before anything else is awaited. The rule decides what they mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

import libcst as cst

from wslint.python_facts.syntax import children, dotted_name, final_name, method_name, positional_args
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


def _is_text(value: cst.BaseExpression) -> bool:
    """A string made in place: a literal, an f-string, ``str(...)``, a timestamp, a fresh id.

    Not a number or a flag: ``{"type": "counter", "value": 0}`` is a first state, not a notice.
    """
    if isinstance(value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
        return True
    if isinstance(value, cst.Call):
        return final_name(value.func) in _TEXT_CALLS
    if isinstance(value, cst.Attribute):
        return value.attr.value == "hex"  # ``uuid4().hex``
    return False


def _nested_dict(value: cst.BaseExpression, scope: Scope, depth: int) -> cst.Dict | None:
    """A dict written in place or held by a local assigned once (``"payload": init_payload``)."""
    if isinstance(value, cst.Name) and depth <= _MAX_DEPTH:
        assigned = scope.lookup(value.value)
        if assigned is not None and len(assigned) == 1 and assigned[0] is not None:
            return _nested_dict(assigned[0], scope, depth + 1)
    return value if isinstance(value, cst.Dict) else None


def _dict_payload(node: cst.Dict, scope: Scope, depth: int) -> Payload | None:
    """The dict's keys, and those of the dicts nested in it (what a snapshot holds: ``{"type":
    "init", "payload": {"sessions": [...]}}`` carries ``payload`` and ``sessions``)."""
    keys: list[str] = []
    text: list[str] = []
    for element in node.elements:
        if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.SimpleString):
            return None  # ``**base`` or a computed key: more than we can read
        key = element.key.evaluated_value
        if not isinstance(key, str):
            return None
        if key == "type" and depth == 0:
            continue
        keys.append(key)
        if _is_text(element.value):
            text.append(key)
        nested = _nested_dict(element.value, scope, depth + 1)
        inner = _dict_payload(nested, scope, depth + 1) if nested is not None and depth < 2 else None
        if inner is not None:
            keys += inner.keys
            text += inner.text_keys
    return Payload(tuple(keys), tuple(text))


def _keyword_payload(call: cst.Call, model: bool) -> Payload | None:
    """``dict(type=..., client_id=...)`` / ``Connected(client_id=...)``: the keywords are the keys."""
    if any(arg.keyword is None for arg in call.args):
        return None  # positional or ``**`` arguments: fields we cannot name
    pairs = [(arg.keyword.value, arg.value) for arg in call.args if arg.keyword is not None]
    pairs = [(key, value) for key, value in pairs if key != "type"]
    if model and not pairs:
        return None  # ``Snapshot()``: its fields, defaults and all, are not written here
    return Payload(tuple(key for key, _ in pairs), tuple(key for key, value in pairs if _is_text(value)))


def payload(node: cst.BaseExpression, scope: Scope, depth: int = 0) -> Payload | None:
    """The keys a message value is written with; None when they cannot be read."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, cst.Dict):
        return _dict_payload(node, scope, 0)
    if isinstance(node, cst.Name):
        assigned = scope.lookup(node.value)
        if assigned is not None and len(assigned) == 1 and assigned[0] is not None:
            return payload(assigned[0], scope, depth + 1)
        return None
    if not isinstance(node, cst.Call):
        return None
    method = method_name(node)
    positional = positional_args(node)
    if method in _SERIALIZE and positional:
        return payload(positional[0], scope, depth + 1)
    if method in _DUMP and isinstance(node.func, cst.Attribute):
        return payload(node.func.value, scope, depth + 1)
    name = dotted_name(node.func)
    if name == "dict":
        return _keyword_payload(node, model=False)
    if name is not None and name.rpartition(".")[2][:1].isupper():
        return _keyword_payload(node, model=True)
    return None


def call_payload(call: cst.Call, holder: cst.BaseExpression | None, scope: Scope) -> Payload | None:
    """What a send carries: the argument holding the message (``holder``), or, when the type is an
    argument of its own (``emit("connected", {"sid": sid})``), every other argument together."""
    if holder is not None:
        return payload(holder, scope)
    keys: list[str] = []
    text: list[str] = []
    for arg in call.args[1:]:
        if arg.keyword is not None and arg.keyword.value in ("room", "to", "namespace", "sid", "skip_sid"):
            continue  # addressing, not payload
        part = payload(arg.value, scope) if not arg.star else None
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


def _line_ending(line: cst.SimpleStatementLine) -> Ending | None:
    for small in line.body:
        if isinstance(small, cst.Return):
            return Ending.RETURNS
        if isinstance(small, cst.Raise):
            return Ending.CLOSES
        if isinstance(small, (cst.Continue, cst.Break)):
            return Ending.GOES_ON
        awaits = False
        pending: list[cst.CSTNode] = [small]
        while pending:
            node = pending.pop()
            if isinstance(node, cst.Call) and method_name(node) == "close":
                return Ending.CLOSES
            awaits = awaits or isinstance(node, cst.Await)
            pending.extend(children(node))
        if awaits:
            return Ending.GOES_ON
    return None  # logging, assignments: look further


def endings_after(block: Sequence[cst.BaseStatement], at_block_end: Ending) -> list[Ending]:
    """How the branch goes on after each statement of a block, given the statements after it;
    ``at_block_end`` is what follows the block itself (the enclosing statement's own ending).
    One backward pass: a long run of plain statements is read once."""
    endings: list[Ending] = []
    after = at_block_end
    for statement in reversed(block):
        endings.append(after)
        if not isinstance(statement, cst.SimpleStatementLine):
            after = Ending.GOES_ON  # a loop, a branch, a ``with``: more happens
        else:
            after = _line_ending(statement) or after
    return endings[::-1]
