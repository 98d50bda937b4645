"""One pass over a parsed module that collects every fact the linker needs from it.

The pass dispatches on ``type(node)`` through a table of the few node types that carry a fact;
every other node is only descended into, through the fields that can hold children. It keeps
what each collector needs to know of where it is (enclosing classes and functions, their scopes,
the loops and ``try`` bodies around) and hands each node to the collectors that read it:

- ``RouteCollector`` (``routes``): endpoints, routers, mounts, route factories;
- ``FlowCollector`` (``flows``): functions and what they call, with ``BrokerCollector``;
- ``SendCollector`` (``sends``): pushes and the functions that make them;
- ``ReferenceCollector`` (``references``): functions named or passed without being called here;
- ``TestConnectionCollector`` (``test_connections``): the paths tests connect to.

Loops themselves (``LoopState``, ``finish_loop`` in ``pushes``) record how they repeat.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from wslint.facts import PythonFacts
from wslint.python_facts.flows import FlowCollector
from wslint.python_facts.positions import Positions
from wslint.python_facts.pushes import FunctionState, LoopState, finish_loop, note_sleep, note_wait
from wslint.python_facts.references import ReferenceCollector
from wslint.python_facts.routes import RouteCollector
from wslint.python_facts.scopes import DIALING_PACKAGES, function_scope, outgoing_attributes
from wslint.python_facts.sends import SendCollector
from wslint.python_facts.syntax import CHILD_FIELDS, child_fields, final_name, method_name, unstarred
from wslint.python_facts.table import Scope, SymbolTable
from wslint.python_facts.test_connections import TestConnectionCollector
from wslint.python_facts.types import TypeResolver
from wslint.vocabulary import TEST_CONNECT_METHODS

_Function = ast.FunctionDef | ast.AsyncFunctionDef


def _bound_names(target: ast.expr) -> frozenset[str]:
    if type(target) is ast.Name:
        return frozenset({target.id})
    if type(target) is ast.Tuple or type(target) is ast.List:
        return frozenset().union(*(_bound_names(unstarred(element)) for element in target.elts))
    return frozenset()


def _suppresses(manager: ast.expr) -> bool:
    """``contextlib.suppress(...)``: what it catches ends the block, not the loop around it."""
    return type(manager) is ast.Call and final_name(manager.func) == "suppress"


class FactWalker:
    def __init__(
        self,
        table: SymbolTable,
        positions: Positions,
        facts: PythonFacts,
        extra_push_methods: frozenset[str],
    ) -> None:
        self.table = table
        self.facts = facts
        self.positions = positions
        # Test files give only their connections; their routes, flows and sends are not the app's.
        self.is_test = facts.is_test
        self.names: list[str] = []  # enclosing classes and functions, for qualified names
        self.class_bodies: list[bool] = []  # for each of ``names``: whether it is a class
        # ``self.<attribute>`` connections each enclosing class opens to another server, looked
        # for only in a module that imports a client of one
        self.class_outgoing: list[frozenset[str]] = []
        imported = table.aliases.values()
        self.dials_out = any(symbol.partition(".")[0] in DIALING_PACKAGES for symbol in imported)
        self.states = [FunctionState(None, None, Scope())]
        resolver = TypeResolver(table)
        self.flows = FlowCollector(table, positions, resolver)
        self.routes = RouteCollector(
            table, positions, facts, resolver, self.flows, extra_push_methods, self.states[0].scope
        )
        self.sends = SendCollector(positions, facts, resolver, self.flows, extra_push_methods)
        self.references = ReferenceCollector(facts, self.flows, self.states)
        self.test_connections = TestConnectionCollector(positions, facts, resolver)

    @property
    def state(self) -> FunctionState:
        return self.states[-1]

    def run(self, module: ast.Module) -> None:
        self.block(module.body)
        if not self.is_test:
            self.routes.finish()
            self.flows.finish(self.facts)
        self.sends.finish()

    # ------------------------------------------------------------------------ traversal

    def visit(self, node: ast.AST) -> None:
        handler = _DISPATCH.get(type(node))
        if handler is not None:
            handler(self, node)
        elif type(node) not in _BARE:  # most nodes: only their children may carry a fact
            self.descend(node)

    def descend(self, node: ast.AST) -> None:
        """Visit the node's children. The hot loop of the pass: ``visit`` is inlined, and names
        and literals, which carry nothing, are not even visited."""
        dispatch, bare, descend = _DISPATCH, _BARE, self.descend
        for name in child_fields(type(node)):
            value = getattr(node, name)
            for item in value if type(value) is list else (value,):
                kind = type(item)
                if kind in bare:
                    continue
                handler = dispatch.get(kind)
                if handler is not None:
                    handler(self, item)
                else:
                    descend(item)

    def block(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.visit(statement)

    # ------------------------------------------------------------------------ node handlers

    def call_node(self, node: ast.Call) -> None:
        method = method_name(node) or ""
        state = self.state
        if method in TEST_CONNECT_METHODS:
            self.test_connections.call(node, state)
        if not self.is_test:
            self.references.call(node, method)
            self.routes.call(node, method, state)
            callee = self.flows.call(node, state, max(state.try_depths, default=-1))
            self.flows.queue_put(node, state)
            if not self.flows.brokers.call(node, state):  # a broker publish reaches no socket by itself
                self.sends.call(node, method, callee, state)
            note_sleep(node, state, self.table)
        self.descend(node)

    def await_node(self, node: ast.Await) -> None:
        if type(node.value) is ast.Call:
            note_wait(node.value, self.state)
        self.visit(node.value)

    def assignment_node(self, node: ast.Assign | ast.AnnAssign) -> None:
        if not self.is_test:
            value, state = node.value, self.state
            targets: list[ast.expr] = node.targets if isinstance(node, ast.Assign) else [node.target]
            if value is not None:
                for target in targets:
                    self.flows.assignment(target, value, state)
            self.routes.assignment(targets, value, state)
            if value is not None:
                self.passed_values([value], state)
        self.descend(node)

    def return_node(self, node: ast.Return) -> None:
        if not self.is_test and node.value is not None:
            self.passed_values([node.value], self.state)
            self.flows.returned(node.value, self.state)
        self.descend(node)

    def collection_node(self, node: ast.List | ast.Tuple | ast.Set) -> None:
        if not self.is_test:
            self.passed_values([unstarred(element) for element in node.elts], self.state)
        self.descend(node)

    def dict_node(self, node: ast.Dict) -> None:
        if not self.is_test:
            values = [value for key, value in zip(node.keys, node.values, strict=True) if key is not None]
            self.passed_values(values, self.state)
        for key, value in zip(node.keys, node.values, strict=True):
            if key is not None:
                self.visit(key)
            self.visit(value)

    def passed_values(self, values: list[ast.expr], state: FunctionState) -> None:
        """Functions passed as values: ``callbacks.append(self.f)``, ``{"x": self.f}``, ``h = self.f``."""
        for value in values:
            self.references.expression(value)
        for value in values:
            self.flows.value(value, state)

    def subscript_node(self, node: ast.Subscript) -> None:
        self.visit(node.value)
        if type(node.slice) is ast.Tuple:  # ``x[a, b]``: an index list, not a tuple value
            self.descend(node.slice)
        else:
            self.visit(node.slice)

    # ------------------------------------------------------------------------ scopes

    def function(self, node: _Function) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        enclosing = self.state.qualname
        qualname = ".".join([*self.names, node.name])
        parent = self.state.scope if self.state.node is not None else None
        is_method = bool(self.class_bodies) and self.class_bodies[-1]
        outgoing = self.class_outgoing[-1] if is_method else frozenset[str]()
        scope = function_scope(node, parent, self.table, outgoing)
        self.routes.function(node, qualname, enclosing, scope)
        state = FunctionState(node, qualname, scope)
        self.states.append(state)
        self.flows.enter(node, qualname, self.class_name())
        self.names.append(node.name)
        self.class_bodies.append(False)
        self.block(node.body)
        self.class_bodies.pop()
        self.names.pop()
        self.flows.leave(node, is_method)
        self.states.pop()
        self.sends.function_end(node, qualname, state, is_method)

    def class_name(self) -> str | None:
        """The innermost enclosing class, qualified: what ``self`` is in the current function."""
        for index in range(len(self.class_bodies) - 1, -1, -1):
            if self.class_bodies[index]:
                return ".".join(self.names[: index + 1])
        return None

    def class_definition(self, node: ast.ClassDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.routes.class_definition(node)
        self.flows.class_definition(node, ".".join([*self.names, node.name]), self.state)
        self.names.append(node.name)
        self.class_bodies.append(True)
        self.class_outgoing.append(outgoing_attributes(node) if self.dials_out else frozenset())
        self.block(node.body)
        self.class_outgoing.pop()
        self.class_bodies.pop()
        self.names.pop()

    def loop(self, node: ast.While | ast.For | ast.AsyncFor) -> None:
        if isinstance(node, ast.While):
            polling, targets = True, frozenset[str]()
        else:
            self.visit(node.iter)
            polling, targets = type(node) is ast.AsyncFor, _bound_names(node.target)
        loop = LoopState(node, polling, targets)
        self.state.loops.append(loop)
        if isinstance(node, ast.While):
            self.visit(node.test)
        self.block(node.body)
        self.state.loops.pop()
        finish_loop(loop, self.state, self.positions)
        self.block(node.orelse)

    def with_statement(self, node: ast.With | ast.AsyncWith) -> None:
        """``with suppress(Exception):`` guards its body as a ``try``/``except`` would."""
        for item in node.items:
            self.descend(item)
        if not any(_suppresses(item.context_expr) for item in node.items):
            self.block(node.body)
            return
        self.state.try_depths.append(len(self.state.loops))
        self.block(node.body)
        self.state.try_depths.pop()

    def try_statement(self, node: ast.Try | ast.TryStar) -> None:
        if not node.handlers:  # ``try``/``finally`` cleans up, the exception still ends the loop
            self.block(node.body)
        else:
            self.state.try_depths.append(len(self.state.loops))
            self.block(node.body)
            self.state.try_depths.pop()
        for handler in node.handlers:
            self.visit(handler)
        self.block(node.orelse)
        self.block(node.finalbody)


_DISPATCH: dict[type[ast.AST], Callable[[FactWalker, Any], None]] = {
    ast.FunctionDef: FactWalker.function,
    ast.AsyncFunctionDef: FactWalker.function,
    ast.ClassDef: FactWalker.class_definition,
    ast.While: FactWalker.loop,
    ast.For: FactWalker.loop,
    ast.AsyncFor: FactWalker.loop,
    ast.Try: FactWalker.try_statement,
    ast.With: FactWalker.with_statement,
    ast.AsyncWith: FactWalker.with_statement,
    ast.TryStar: FactWalker.try_statement,
    ast.Call: FactWalker.call_node,
    ast.Await: FactWalker.await_node,
    ast.Assign: FactWalker.assignment_node,
    ast.AnnAssign: FactWalker.assignment_node,
    ast.Return: FactWalker.return_node,
    ast.List: FactWalker.collection_node,
    ast.Tuple: FactWalker.collection_node,
    ast.Set: FactWalker.collection_node,
    ast.Dict: FactWalker.dict_node,
    ast.Subscript: FactWalker.subscript_node,
}
# Node types with no children and no fact of their own (names, literals, ``pass``), and None.
_BARE = frozenset(
    {type(None), *(kind for kind, fields in CHILD_FIELDS.items() if not fields and kind not in _DISPATCH)}
)
