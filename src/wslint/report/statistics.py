"""``--statistics``: how many findings each rule raised, most frequent first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from wslint.findings import Finding
from wslint.report.common import summary_line
from wslint.report.context import ReportContext


def render_statistics(findings: Sequence[Finding], ctx: ReportContext) -> str:
    counts = Counter(finding.code for finding in findings)
    if not counts:
        return summary_line(findings, ctx) + "\n"
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    count_width = max(len(str(count)) for _, count in rows)
    code_width = max(len(code) for code, _ in rows)
    lines = []
    for code, count in rows:
        rule = ctx.rules.get(code)
        name = rule.name if rule else ""
        lines.append(f"{count:>{count_width}}\t{code:<{code_width}}\t{name}".rstrip())
    lines.append(summary_line(findings, ctx))
    return "\n".join(lines) + "\n"
