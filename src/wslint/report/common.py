"""Small helpers the renderers share."""

from __future__ import annotations

import re
from collections.abc import Sequence

from wslint.findings import Finding, Severity
from wslint.report.context import ReportContext

# C0/C1 control characters other than tab and newline: an escape sequence in a message or a
# source line must never reach a terminal or a CI log as a live control sequence.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with control characters replaced by U+FFFD (and newlines too, if asked)."""
    cleaned = _CONTROL_CHARS.sub("\ufffd", text)
    return cleaned if keep_newlines else cleaned.replace("\n", " ")


def location(finding: Finding) -> str:
    return f"{finding.ref.path}:{finding.ref.line}:{finding.ref.col}"


def rule_name(finding: Finding, ctx: ReportContext) -> str:
    rule = ctx.rules.get(finding.code)
    return rule.name if rule else ""


def rule_phase(finding: Finding, ctx: ReportContext) -> int | None:
    rule = ctx.rules.get(finding.code)
    return rule.phase if rule else None


def fix_hint(finding: Finding, ctx: ReportContext) -> str:
    """The finding's own fix hint, else its rule's."""
    if finding.fix:
        return finding.fix
    rule = ctx.rules.get(finding.code)
    return rule.fix if rule else ""


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def summary_line(findings: Sequence[Finding]) -> str:
    """``Found 3 problems (1 error, 2 warnings).`` or ``All checks passed!``."""
    if not findings:
        return "All checks passed!"
    by_severity = {severity: 0 for severity in Severity}
    for finding in findings:
        by_severity[finding.severity] += 1
    parts = [
        _count(by_severity[Severity.ERROR], "error", "errors"),
        _count(by_severity[Severity.WARNING], "warning", "warnings"),
        _count(by_severity[Severity.INFO], "info", "info"),
    ]
    nonzero = [part for part in parts if not part.startswith("0 ")]
    return f"Found {_count(len(findings), 'problem', 'problems')} ({', '.join(nonzero)})."
