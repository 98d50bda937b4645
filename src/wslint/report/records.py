"""A finding as a plain JSON object: shared by ``json`` and ``json-lines``."""

from __future__ import annotations

from typing import Any

from wslint.findings import Finding
from wslint.report.common import fix_hint, rule_name, rule_phase
from wslint.report.context import ReportContext


def finding_record(finding: Finding, ctx: ReportContext) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": rule_name(finding, ctx),
        "severity": finding.severity.label,
        "message": finding.message,
        "path": finding.ref.path,
        "line": finding.ref.line,
        "column": finding.ref.col,
        "symbol": finding.symbol,
        "phase": rule_phase(finding, ctx),
        "fix": fix_hint(finding, ctx) or None,
        "related": [
            {
                "path": related.ref.path,
                "line": related.ref.line,
                "column": related.ref.col,
                "message": related.message,
            }
            for related in finding.related
        ],
    }
