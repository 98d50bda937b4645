"""Source excerpts for the ``full`` format: the flagged line with one line of context."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from wslint.report.common import terminal_text

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_TAB_WIDTH = 4


@dataclass(frozen=True, slots=True)
class ExcerptLine:
    number: int
    text: str  # tabs expanded, control characters escaped


@dataclass(frozen=True, slots=True)
class Excerpt:
    lines: tuple[ExcerptLine, ...]
    flagged_line: int
    caret_offset: int  # 0-based display column of the caret under the flagged line


@dataclass
class SourceCache:
    """Reads each source file once per report; a file that cannot be shown yields no excerpt.

    Only the files the run itself read are shown (``files``, by reported path): a finding's
    path is data, and must never make the report print ``.git/config`` or ``/etc/passwd``."""

    files: Mapping[str, Path]
    _lines: dict[str, list[str] | None] = field(default_factory=dict)

    def lines(self, path: str) -> list[str] | None:
        if path not in self._lines:
            self._lines[path] = self._read(path)
        return self._lines[path]

    def _read(self, path: str) -> list[str] | None:
        source = self.files.get(path)
        if source is None:
            return None
        try:
            data = source.read_bytes()
        except (OSError, ValueError):  # missing, unreadable, a directory, a NUL in the name
            return None
        if b"\x00" in data:  # binary: nothing a person could read
            return None
        return _LINE_BREAK.split(data.decode("utf-8", errors="replace"))

    def excerpt(self, path: str, line: int, col: int, *, context: int = 1) -> Excerpt | None:
        lines = self.lines(path)
        if lines is None or not 1 <= line <= len(lines):
            return None
        first = max(1, line - context)
        last = min(len(lines), line + context)
        shown = tuple(
            ExcerptLine(number, terminal_text(lines[number - 1].expandtabs(_TAB_WIDTH)))
            for number in range(first, last + 1)
        )
        flagged = lines[line - 1]
        before_caret = flagged[: max(col, 1) - 1]
        return Excerpt(shown, line, len(before_caret.expandtabs(_TAB_WIDTH)))
