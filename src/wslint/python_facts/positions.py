"""Source positions of libcst nodes, computed only when a fact needs one.

libcst's ``PositionProvider`` (through a ``MetadataWrapper``) costs ~20 ms on a 200-line
file. Regenerating the code once with a code-generation state that only counts lines and
columns and remembers where each node starts costs ~4 ms and yields the same start
positions: ``before_codegen`` gives an expression's start, ``record_syntactic_position``
gives a statement's start after its decorators and leading comments (``async``/``def``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import MetadataWrapper, PositionProvider

from wslint.facts import SourceRef


@dataclass
class _StartRecordingState(CodegenState):
    starts: dict[cst.CSTNode, tuple[int, int]] = field(default_factory=dict)
    line: int = 1
    column: int = 0

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.column += len(token)

    def add_token(self, value: str) -> None:
        newlines = value.count("\n")
        if newlines:
            self.line += newlines
            self.column = len(value) - value.rfind("\n") - 1
        elif "\r" in value:  # a lone carriage return ends a line too
            self.line += value.count("\r")
            self.column = len(value) - value.rfind("\r") - 1
        else:
            self.column += len(value)

    def pop_trailing_newline(self) -> None:
        """Tokens are not kept, so there is nothing to pop."""

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.starts[node] = (self.line, self.column)

    @contextmanager
    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> Iterator[None]:
        self.starts[node] = (self.line, self.column)
        yield


def _starts_by_codegen(module: cst.Module) -> dict[cst.CSTNode, tuple[int, int]]:
    state = _StartRecordingState(default_indent=module.default_indent, default_newline=module.default_newline)
    module._codegen(state)
    return state.starts


def _starts_by_metadata(module: cst.Module) -> dict[cst.CSTNode, tuple[int, int]]:
    ranges = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    return {node: (code_range.start.line, code_range.start.column) for node, code_range in ranges.items()}


class Positions:
    """Maps nodes of one parsed module to 1-based ``SourceRef``s, computing them on first use."""

    def __init__(self, path: str, module: cst.Module) -> None:
        self._path = path
        self._module = module
        self._starts: dict[cst.CSTNode, tuple[int, int]] | None = None

    @property
    def path(self) -> str:
        return self._path

    @property
    def computed(self) -> bool:
        return self._starts is not None

    def ref(self, node: cst.CSTNode) -> SourceRef:
        if self._starts is None:
            try:
                self._starts = _starts_by_codegen(self._module)
            except (AttributeError, TypeError):  # libcst changed its private codegen API
                self._starts = _starts_by_metadata(self._module)
        line, column = self._starts.get(node, (1, 0))
        return SourceRef(self._path, line, column + 1)
