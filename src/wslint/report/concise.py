"""``concise``: one line per finding, then the summary."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from wslint.findings import Finding
from wslint.report.common import location, summary_line, terminal_text
from wslint.report.context import ReportContext
from wslint.report.terminal import PATH_STYLE, SEVERITY_STYLE, console_output, make_console


def render_concise(findings: Sequence[Finding], ctx: ReportContext) -> str:
    console = make_console(ctx.color)
    for finding in findings:
        console.print(
            Text.assemble(
                (terminal_text(location(finding)), PATH_STYLE),
                ": ",
                (finding.code, SEVERITY_STYLE[finding.severity]),
                " ",
                terminal_text(finding.message),
            )
        )
    console.print(summary_line(findings, ctx))
    return console_output(console)
