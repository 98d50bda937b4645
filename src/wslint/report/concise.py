"""``concise``: one line per finding, then the summary."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from wslint.findings import Finding
from wslint.report.common import location, printable, summary_line
from wslint.report.context import ReportContext
from wslint.report.terminal import PATH_STYLE, SEVERITY_STYLE, console_output, make_console


def render_concise(findings: Sequence[Finding], ctx: ReportContext) -> str:
    console = make_console(ctx.color)
    for finding in findings:
        console.print(
            Text.assemble(
                (location(finding), PATH_STYLE),
                ": ",
                (finding.code, SEVERITY_STYLE[finding.severity]),
                " ",
                printable(finding.message, keep_newlines=False),
            )
        )
    console.print(summary_line(findings))
    return console_output(console)
