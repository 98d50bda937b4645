"""``full``: each finding with a source excerpt, related locations and a fix hint."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from wslint.findings import Finding
from wslint.report.common import fix_hint, location, summary_line, terminal_text
from wslint.report.context import ReportContext
from wslint.report.excerpt import Excerpt, SourceCache
from wslint.report.terminal import (
    CARET_STYLE,
    GUTTER_STYLE,
    HINT_STYLE,
    PATH_STYLE,
    SEVERITY_STYLE,
    console_output,
    make_console,
)


def render_full(findings: Sequence[Finding], ctx: ReportContext) -> str:
    console = make_console(ctx.color)
    sources = SourceCache(ctx.sources)
    for finding in findings:
        _print_finding(console, finding, ctx, sources)
        console.print()
    console.print(summary_line(findings, ctx))
    return console_output(console)


def _print_finding(console: Console, finding: Finding, ctx: ReportContext, sources: SourceCache) -> None:
    style = SEVERITY_STYLE[finding.severity]
    console.print(
        Text.assemble(
            (terminal_text(location(finding)), PATH_STYLE),
            ": ",
            (finding.code, style),
            " ",
            (f"[{finding.severity.label}]", style),
            " ",
            terminal_text(finding.message),
        )
    )
    excerpt = sources.excerpt(finding.ref.path, finding.ref.line, finding.ref.col)
    if excerpt is not None:
        _print_excerpt(console, excerpt)
    for related in finding.related:
        related_location = f"{related.ref.path}:{related.ref.line}:{related.ref.col}"
        console.print(
            Text.assemble(
                ("  = related: ", HINT_STYLE),
                (terminal_text(related_location), PATH_STYLE),
                ": ",
                terminal_text(related.message),
            )
        )
    hint = fix_hint(finding, ctx)
    if hint:
        one_line = " ".join(hint.splitlines())  # the rule's text wraps; the hint is one line
        console.print(Text.assemble(("  = fix: ", HINT_STYLE), terminal_text(one_line)))


def _print_excerpt(console: Console, excerpt: Excerpt) -> None:
    width = len(str(excerpt.lines[-1].number))
    blank_gutter = " " * width + " |"
    console.print(Text(blank_gutter, GUTTER_STYLE))
    for line in excerpt.lines:
        text = line.text.rstrip()
        gutter = f"{line.number:>{width}} |" + (" " if text else "")
        console.print(Text.assemble((gutter, GUTTER_STYLE), text))
        if line.number == excerpt.flagged_line:
            caret = " " * excerpt.caret_offset + "^"
            console.print(Text.assemble((blank_gutter + " ", GUTTER_STYLE), (caret, CARET_STYLE)))
    console.print(Text(blank_gutter, GUTTER_STYLE))
