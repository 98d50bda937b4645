"""``json``: one JSON array of finding objects."""

from __future__ import annotations

import json
from collections.abc import Sequence

from wslint.findings import Finding
from wslint.report.context import ReportContext
from wslint.report.records import finding_record


def render_json(findings: Sequence[Finding], ctx: ReportContext) -> str:
    records = [finding_record(finding, ctx) for finding in findings]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
