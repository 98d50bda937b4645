"""Small helpers the renderers share, and the escaping of the human formats."""

from __future__ import annotations

import re
from collections.abc import Sequence

from wslint.findings import Finding, Severity
from wslint.report.context import ReportContext

# What must never reach a terminal or a CI log raw: C0/C1 control characters (ESC starts an
# ANSI sequence, CR and LF start a new line that could read as a CI command), DEL, the
# Unicode line and paragraph separators, and lone surrogates (no encoding can write them).
_UNSAFE_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` as one line a terminal shows as is: every control character, newline and
    lone surrogate written as a visible escape (``\\n``, ``\\x1b``, ``\\ud800``). Every path,
    message, symbol and notice of the ``full`` and ``concise`` formats and of stderr goes
    through it."""
    return _UNSAFE_IN_LINE.sub(_escape, text)


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


def problems(findings: Sequence[Finding]) -> str:
    """``3 problems (1 error, 2 warnings)``."""
    by_severity = {severity: 0 for severity in Severity}
    for finding in findings:
        by_severity[finding.severity] += 1
    parts = [
        _count(by_severity[Severity.ERROR], "error", "errors"),
        _count(by_severity[Severity.WARNING], "warning", "warnings"),
        _count(by_severity[Severity.INFO], "info", "info"),
    ]
    nonzero = [part for part in parts if not part.startswith("0 ")]
    return f"{_count(len(findings), 'problem', 'problems')} ({', '.join(nonzero)})"


def summary_line(findings: Sequence[Finding], ctx: ReportContext) -> str:
    """What was read and what was found, so that a green run that read nothing is visible:
    ``Checked 412 files (61 parsed): found 3 problems (1 error, 2 warnings).`` or
    ``All checks passed! (412 files)``."""
    files = _count(ctx.files_checked, "file", "files")
    if not findings:
        return f"All checks passed! ({files})"
    return f"Checked {files} ({ctx.files_parsed} parsed): found {problems(findings)}."
