"""``json-lines``: one compact JSON object per finding, one per line."""

from __future__ import annotations

import json
from collections.abc import Sequence

from wslint.findings import Finding
from wslint.report.context import ReportContext
from wslint.report.records import finding_record


def render_json_lines(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(
        json.dumps(finding_record(finding, ctx), ensure_ascii=False, separators=(",", ":")) + "\n"
        for finding in findings
    )
