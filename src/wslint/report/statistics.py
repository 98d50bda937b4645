"""``--statistics``: how many findings each rule raised, most frequent first, and the total.

Text for the human formats (``full``, ``concise``): one tab-separated line per rule, then the
summary line the report ends with. ``json``: one object with the total, the count per
severity and the counts per rule. The other machine formats have a schema of their own
(SARIF, JUnit, GitHub annotations, one finding per JSON line) that counts do not fit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from wslint.findings import Finding, Severity
from wslint.jsontext import dumps
from wslint.report.common import summary_line
from wslint.report.context import ReportContext

STATISTICS_FORMATS: tuple[str, ...] = ("full", "concise", "json")


def render_statistics(findings: Sequence[Finding], ctx: ReportContext, fmt: str = "full") -> str:
    if fmt not in STATISTICS_FORMATS:
        raise ValueError(f"--statistics prints {', '.join(STATISTICS_FORMATS)}, not {fmt!r}")
    rows = _rows(findings)
    if fmt == "json":
        return _json(findings, rows, ctx) + "\n"
    if not rows:
        return summary_line(findings, ctx) + "\n"
    count_width = max(len(str(count)) for _, count in rows)
    code_width = max(len(code) for code, _ in rows)
    lines = []
    for code, count in rows:
        lines.append(f"{count:>{count_width}}\t{code:<{code_width}}\t{_name(code, ctx)}".rstrip())
    return "\n".join([*lines, summary_line(findings, ctx)]) + "\n"


def _rows(findings: Sequence[Finding]) -> list[tuple[str, int]]:
    counts = Counter(finding.code for finding in findings)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _name(code: str, ctx: ReportContext) -> str:
    rule = ctx.rules.get(code)
    return rule.name if rule else ""


def _json(findings: Sequence[Finding], rows: list[tuple[str, int]], ctx: ReportContext) -> str:
    # a code can carry one severity per run (config overrides it per code, not per finding)
    severity = {finding.code: finding.severity.label for finding in findings}
    by_severity = Counter(finding.severity.label for finding in findings)
    payload = {
        "files_checked": ctx.files_checked,
        "files_parsed": ctx.files_parsed,
        "total": len(findings),
        "by_severity": {level.label: by_severity[level.label] for level in sorted(Severity, reverse=True)},
        "rules": [
            {"code": code, "name": _name(code, ctx), "severity": severity[code], "count": count}
            for code, count in rows
        ],
    }
    return dumps(payload, indent=2)
