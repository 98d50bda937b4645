"""Output formats: one module per format, chosen by name with :func:`render`."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from wslint.findings import Finding
from wslint.report.common import summary_line
from wslint.report.context import ReportContext
from wslint.report.statistics import STATISTICS_FORMATS, render_statistics

__all__ = ["FORMATS", "STATISTICS_FORMATS", "ReportContext", "render", "render_statistics", "summary_line"]

Renderer = Callable[[Sequence[Finding], ReportContext], str]

# format -> the module and function that render it, imported when the format is asked for:
# a run needs one of them, and the XML and SARIF ones cost ~10 ms to import
_RENDERERS: dict[str, tuple[str, str]] = {
    "full": ("wslint.report.full", "render_full"),
    "concise": ("wslint.report.concise", "render_concise"),
    "json": ("wslint.report.json_array", "render_json"),
    "json-lines": ("wslint.report.json_lines", "render_json_lines"),
    "github": ("wslint.report.github", "render_github"),
    "sarif": ("wslint.report.sarif", "render_sarif"),
    "junit": ("wslint.report.junit", "render_junit"),
}
FORMATS: tuple[str, ...] = tuple(_RENDERERS)


def render(fmt: str, findings: Sequence[Finding], ctx: ReportContext) -> str:
    """The findings (already sorted) in format ``fmt``; non-empty output ends with a newline."""
    try:
        module, function = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    renderer: Renderer = getattr(importlib.import_module(module), function)
    return renderer(findings, ctx)
