"""1-based ``SourceRef``s of ``ast`` nodes.

``ast`` gives every node its start (``lineno``, ``col_offset``); the column is a UTF-8 byte
offset, while wslint's columns count characters, so a line with non-ASCII text before the node
is decoded up to it.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from wslint.facts import SourceRef, TypeValue

if TYPE_CHECKING:
    from wslint.python_facts.types import TypeDraft

# Python ends a line at ``\r\n``, ``\n`` or a lone ``\r`` (``str.splitlines`` knows more).
_LINE_END = re.compile(r"\r\n|\r|\n")


class Positions:
    """Maps nodes of one parsed module to ``SourceRef``s."""

    def __init__(self, path: str, text: str) -> None:
        self._path = path
        self._text = text
        self._ascii = text.isascii()
        self._line_starts: list[int] | None = None

    @property
    def path(self) -> str:
        return self._path

    def ref(self, node: ast.AST) -> SourceRef:
        line = getattr(node, "lineno", 1)
        column = getattr(node, "col_offset", 0)
        if not self._ascii and column:
            column = self._characters_before(line, column)
        return SourceRef(self._path, line, column + 1)

    def type_value(self, draft: TypeDraft) -> TypeValue:
        """The message type a draft resolved to, at the position it is written."""
        return TypeValue(self.ref(draft.node), draft.value, draft.symbol, draft.pattern)

    def _characters_before(self, line: int, byte_offset: int) -> int:
        if self._line_starts is None:
            self._line_starts = [0, *(match.end() for match in _LINE_END.finditer(self._text))]
        if line > len(self._line_starts):
            return byte_offset
        start = self._line_starts[line - 1]
        head = self._text[start : start + byte_offset]  # at least the characters wanted
        if head.isascii():
            return byte_offset
        return len(head.encode()[:byte_offset].decode(errors="ignore"))
