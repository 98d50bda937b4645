"""References: the bare names of functions a file calls, awaits, schedules or passes as values.

Reads the callee and arguments of each call, ``getattr(obj, "name")``, and functions passed as
values (assigned, returned, listed, put in a dict). Produces ``references`` (not counting a
function's references to itself), which tell whether a broadcaster is ever started; a
``getattr`` name also becomes a loose reference of ``FlowCollector``. A name ``getattr`` builds
in place (``f"_broadcast_{kind}"``) is a pattern with ``*`` for what it reads at run time; a
string that is an import path (``"app.tasks:push_stats"``) names its last part.
"""

from __future__ import annotations

import ast
import re

from wslint.facts import PythonFacts
from wslint.python_facts.flows import FlowCollector
from wslint.python_facts.pushes import FunctionState
from wslint.python_facts.syntax import final_name, positional_args, source_args, string_value

_NOT_FUNCTIONS = frozenset({"None", "True", "False", "self", "cls"})


def _may_name_itself(expression: ast.expr | None) -> bool:
    """A bare name, ``self.name`` or ``cls.name`` may be the enclosing function; ``other.name`` is not."""
    if expression is None or type(expression) is ast.Name:
        return True
    return (
        type(expression) is ast.Attribute
        and type(expression.value) is ast.Name
        and expression.value.id in ("self", "cls")
    )


# ``"app.tasks:push_stats"`` / ``"app.tasks.push_stats"``: a function named by its import path,
# as job schedulers and task queues take it (``scheduler.add_job("app.tasks:push_stats", ...)``)
_IMPORT_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*[:.]([A-Za-z_]\w*)")


def _imported_by_path(text: str) -> str | None:
    found = _IMPORT_PATH.fullmatch(text) if len(text) < 200 else None
    return found.group(1) if found else None


def _name_parts(node: ast.expr) -> list[str]:
    """The text of a name built in place, ``*`` for each part read at run time."""
    text = string_value(node)
    if text is not None:
        return [text]
    if type(node) is ast.JoinedStr:
        return [part for value in node.values for part in _name_parts(value)]
    if type(node) is ast.BinOp and type(node.op) is ast.Add:
        return [*_name_parts(node.left), *_name_parts(node.right)]
    return ["*"]


def _name_pattern(node: ast.expr) -> str | None:
    """``getattr(self, f"_broadcast_{name}")`` may call any method named ``_broadcast_*``: the
    name's pattern, if its fixed text narrows it at all (``getattr(self, name)`` does not)."""
    parts = _name_parts(node)
    if all(part == "*" for part in parts):
        return None
    return re.sub(r"\*+", "*", "".join(parts))


class ReferenceCollector:
    def __init__(self, facts: PythonFacts, flows: FlowCollector, states: list[FunctionState]) -> None:
        self.facts = facts
        self.flows = flows
        self.states = states  # the traversal's enclosing functions, innermost last

    def add(self, name: str | None, expression: ast.expr | None = None) -> None:
        if name is None or name in _NOT_FUNCTIONS:
            return
        # A function naming itself inside its own body does not start it; ``context.emitter.send(x)``
        # inside a module-level ``send`` names another object's method of the same name.
        if _may_name_itself(expression) and any(
            state.node is not None and state.node.name == name for state in self.states
        ):
            return
        self.facts.references.add(name)

    def expression(self, expression: ast.expr) -> None:
        # ``on_progress=events.emit_progress if as_json else None``, ``callback or default_handler``
        if type(expression) is ast.IfExp:
            self.expression(expression.body)
            self.expression(expression.orelse)
        elif type(expression) is ast.BoolOp:
            for operand in expression.values:
                self.expression(operand)
        elif type(expression) is ast.Constant and type(expression.value) is str:
            self.add(_imported_by_path(expression.value))
        else:
            self.add(final_name(expression), expression)

    def call(self, node: ast.Call, method: str) -> None:
        self.expression(node.func)
        for _, _, value in source_args(node):
            self.expression(value)
        if method == "getattr" and type(node.func) is ast.Name:
            positional = positional_args(node)
            if len(positional) >= 2:
                name = string_value(positional[1])
                self.add(name)
                if name is not None:
                    self.flows.loose.add(name)
                else:
                    self.add(_name_pattern(positional[1]))
