"""``--output-format markdown``: the table, what has no row, and the Mermaid flowchart, for a
pull-request comment or ``$GITHUB_STEP_SUMMARY``."""

from __future__ import annotations

import re

from wslint.map.common import LEGEND, TABLE_HEADER, extra_lines, table_rows, title
from wslint.map.mermaid import render_mermaid
from wslint.map.model import ProjectMap
from wslint.report.common import terminal_text

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]!~])")


def cell(text: str) -> str:
    """``text`` as literal Markdown inside a table cell: no markup, HTML or column break."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", terminal_text(text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "&#124;")


def render_markdown(project_map: ProjectMap) -> str:
    lines = [f"### {cell(title(project_map))}", ""]
    if project_map.endpoints:
        lines.append("| " + " | ".join(TABLE_HEADER) + " |")
        lines.append("|" + "---|" * len(TABLE_HEADER))
        lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in table_rows(project_map)]
    else:
        lines.append("No WebSocket endpoint.")
    extra = extra_lines(project_map)
    if extra:
        lines += ["", *(f"- {cell(line)}" for line in extra)]
    lines += ["", cell(LEGEND), ""]
    count = len(project_map.findings)
    lines += [
        f"{count} finding{'s' if count != 1 else ''}; `wslint check` lists them."
        if count
        else "No findings.",
        "",
    ]
    lines += ["```mermaid", render_mermaid(project_map).rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"
