"""``--output-format text``: a table for people, never cut: folded to a terminal's width,
at its full width when piped or written to a file."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from wslint.map.common import LEGEND, TABLE_HEADER, extra_lines, table_rows, title
from wslint.map.model import ProjectMap
from wslint.report.common import terminal_text

_UNBOUNDED = 100_000


def render_text(project_map: ProjectMap, width: int | None = None, color: bool = False) -> str:
    """The table and what has no row; ``width`` is a terminal's, ``None`` means unbounded."""
    table = Table(show_lines=width is not None)
    for column in TABLE_HEADER:
        table.add_column(column, overflow="fold")
    for row in table_rows(project_map):
        table.add_row(*(Text(terminal_text(cell)) for cell in row))
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or _UNBOUNDED,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        soft_wrap=False,
    )
    if width is None:
        console.width = min(_UNBOUNDED, console.measure(table).maximum)
    lines = [terminal_text(title(project_map)), ""]
    if project_map.endpoints:
        console.print(table)
        lines += [line.rstrip() for line in buffer.getvalue().splitlines()]
    else:
        lines.append("no WebSocket endpoint" + (" touches this scope" if project_map.scope else " found"))
    extra = extra_lines(project_map)
    if extra:
        lines += ["", *(terminal_text(line) for line in extra)]
    lines += ["", f"marks: {LEGEND}"]
    return "\n".join(lines) + "\n"
