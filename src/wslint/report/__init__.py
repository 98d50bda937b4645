"""Output formats: one module per format, chosen by name with :func:`render`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from wslint.findings import Finding
from wslint.report.common import summary_line
from wslint.report.concise import render_concise
from wslint.report.context import ReportContext
from wslint.report.full import render_full
from wslint.report.github import render_github
from wslint.report.json_array import render_json
from wslint.report.json_lines import render_json_lines
from wslint.report.junit import render_junit
from wslint.report.sarif import render_sarif
from wslint.report.statistics import STATISTICS_FORMATS, render_statistics

__all__ = ["FORMATS", "STATISTICS_FORMATS", "ReportContext", "render", "render_statistics", "summary_line"]

Renderer = Callable[[Sequence[Finding], ReportContext], str]

_RENDERERS: dict[str, Renderer] = {
    "full": render_full,
    "concise": render_concise,
    "json": render_json,
    "json-lines": render_json_lines,
    "github": render_github,
    "sarif": render_sarif,
    "junit": render_junit,
}
FORMATS: tuple[str, ...] = tuple(_RENDERERS)


def render(fmt: str, findings: Sequence[Finding], ctx: ReportContext) -> str:
    """The findings (already sorted) in format ``fmt``; non-empty output ends with a newline."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return renderer(findings, ctx)
