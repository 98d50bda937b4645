"""Test connections: the paths a test opens with ``client.websocket_connect(url)``.

Reads each ``websocket_connect`` call; a URL given as a ``for`` target over a literal list opens
each item. Produces ``test_connections`` (path without scheme, host and query, and where).
"""

from __future__ import annotations

import ast

from wslint.facts import PythonFacts
from wslint.python_facts.loop_items import literal_loop_items
from wslint.python_facts.positions import Positions
from wslint.python_facts.pushes import FunctionState
from wslint.python_facts.syntax import argument
from wslint.python_facts.types import TypeResolver


def _url_path(text: str) -> str:
    """``ws://host:8000/ws/x?token=1`` -> ``/ws/x``."""
    if "://" in text:
        after_scheme = text.split("://", 1)[1]
        slash = after_scheme.find("/")
        text = after_scheme[slash:] if slash >= 0 else "/"
    return text.split("?", 1)[0]


def _loop_items(name: ast.Name, state: FunctionState) -> list[ast.expr] | None:
    """The values a ``for`` target takes when the loop runs over a literal list or dict."""
    loop = next((loop for loop in reversed(state.loops) if name.id in loop.targets), None)
    if loop is None or isinstance(loop.node, ast.While):
        return None
    return literal_loop_items(loop.node, name.id, state.scope)


class TestConnectionCollector:
    def __init__(self, positions: Positions, facts: PythonFacts, resolver: TypeResolver) -> None:
        self.positions = positions
        self.facts = facts
        self.resolver = resolver

    def call(self, node: ast.Call, state: FunctionState) -> None:
        """A ``websocket_connect`` call."""
        path = argument(node, 0, "url")
        if path is None:
            return
        # for path in ["/ws/a", "/ws/b"]: client.websocket_connect(path) opens each of them
        candidates = _loop_items(path, state) if type(path) is ast.Name else None
        for candidate in candidates or [path]:
            draft = self.resolver.resolve(candidate, state.scope)
            text = draft.value if draft.value is not None else (draft.pattern or "").replace("*", "{}")
            if text:
                self.facts.test_connections.append((_url_path(text), self.positions.ref(candidate)))
