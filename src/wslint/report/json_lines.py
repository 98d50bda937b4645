"""``json-lines``: one compact JSON object per finding, one per line."""

from __future__ import annotations

from collections.abc import Sequence

from wslint.findings import Finding
from wslint.jsontext import dumps
from wslint.report.context import ReportContext
from wslint.report.records import finding_record


def render_json_lines(findings: Sequence[Finding], ctx: ReportContext) -> str:
    return "".join(dumps(finding_record(finding, ctx), separators=(",", ":")) + "\n" for finding in findings)
