"""``github``: GitHub Actions workflow commands, which GitHub shows as annotations.

Escaping follows GitHub's own toolkit (``@actions/core`` ``command.ts``).
"""

from __future__ import annotations

from collections.abc import Sequence

from wslint.findings import Finding, Severity
from wslint.report.common import terminal_text
from wslint.report.context import ReportContext

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Percent-escapes as GitHub reads them back, then every other control character and lone
    surrogate as a visible escape: nothing in a message can end the command or start another."""
    return terminal_text(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(_command(finding) + "\n" for finding in findings)


def _command(finding: Finding) -> str:
    properties = {
        "file": finding.ref.path,
        "line": str(finding.ref.line),
        "col": str(finding.ref.col),
        "title": f"wslint ({finding.code})",
    }
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{_COMMAND[finding.severity]} {rendered}::{escape_data(finding.message)}"
