"""Sends: the pushes of one file and the functions that make them.

Reads each call: socket sends (``send_json``, ``send_text``...) and push methods (``broadcast``,
``publish``, ``emit``...), with the message type they carry. Produces ``pushes`` and, as each
function ends, a ``broadcasters`` entry for a function that pushes; tells ``FlowCollector`` of each
send so the linker can follow it through calls.
"""

from __future__ import annotations

import ast

from wslint.facts import Broadcaster, Push, PythonFacts
from wslint.python_facts.flows import FlowCollector
from wslint.python_facts.positions import Positions
from wslint.python_facts.pushes import (
    FunctionState,
    note_push,
    push_call_types,
    send_call_types,
    sends_to_loop_target,
    sends_to_socket,
    sends_upstream,
)
from wslint.python_facts.syntax import has_docstring
from wslint.python_facts.types import TypeResolver
from wslint.vocabulary import SEND_METHODS, is_push_method

_Function = ast.FunctionDef | ast.AsyncFunctionDef


class SendCollector:
    def __init__(
        self,
        positions: Positions,
        facts: PythonFacts,
        resolver: TypeResolver,
        flows: FlowCollector,
        extra_push_methods: frozenset[str],
    ) -> None:
        self.positions = positions
        self.facts = facts
        self.resolver = resolver
        self.flows = flows
        self.extra = extra_push_methods
        self.seen_pushes: set[tuple[int, int]] = set()
        # functions of this file already walked, and whether they send anything at all
        self.function_sends: dict[str, bool] = {}

    def call(self, node: ast.Call, method: str, callee: str | None, state: FunctionState) -> None:
        pushes_by_name = is_push_method(method, self.extra)
        if method in SEND_METHODS or pushes_by_name:
            state.sends = True
        if sends_upstream(node, state.scope):
            return  # a client of another server talking to it: nothing reaches our clients
        if pushes_by_name:
            self.flows.send(node, state, callee, emit_style=method.startswith("emit"))
        elif method in SEND_METHODS and sends_to_loop_target(node, state) and sends_to_socket(node, method):
            self.flows.send(node, state, None, emit_style=False)
        if type(node.func) is ast.Name and self.function_sends.get(node.func.id) is False:
            return  # ``emit(outcome)`` calling a local function that logs, and sends nothing
        drafts = push_call_types(node, method, state.scope, self.resolver, self.extra)
        if (
            not drafts
            and method in SEND_METHODS
            and (state.polling_loops() or sends_to_loop_target(node, state))
        ):
            drafts = send_call_types(node, method, state.scope, self.resolver)
        by_name = bool(drafts) and pushes_by_name
        for draft in drafts:
            key = (id(draft.node), id(node))
            if key in self.seen_pushes:
                continue
            self.seen_pushes.add(key)
            value = self.positions.type_value(draft)
            self.facts.pushes.append(
                Push(
                    value,
                    value.ref,
                    state.qualname,
                    method,
                    in_loop=bool(state.polling_loops()),
                    callee=callee if by_name else None,
                )
            )
            note_push(state, node)

    def function_end(self, node: _Function, qualname: str, state: FunctionState, is_method: bool) -> None:
        self.function_sends[node.name] = state.sends
        if state.pushes and not self.facts.is_test:
            self.facts.broadcasters.append(
                Broadcaster(
                    name=qualname,
                    short_name=node.name,
                    ref=self.positions.ref(node),
                    has_docstring=has_docstring(node.body),
                    decorated=bool(node.decorator_list),
                    loops=tuple(sorted(state.push_loops, key=lambda loop: loop.ref)),
                    is_method=is_method,
                )
            )

    def finish(self) -> None:
        self.facts.broadcasters.sort(key=lambda broadcaster: broadcaster.ref)
