"""``json``: one JSON array of finding objects."""

from __future__ import annotations

from collections.abc import Sequence

from wslint.findings import Finding
from wslint.jsontext import dumps
from wslint.report.context import ReportContext
from wslint.report.records import finding_record


def render_json(findings: Sequence[Finding], ctx: ReportContext) -> str:
    records = [finding_record(finding, ctx) for finding in findings]
    return dumps(records, indent=2) + "\n"
