"""``sarif``: SARIF 2.1.0, one run, every catalog rule as ``tool.driver.rules``."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from wslint.baseline import fingerprint
from wslint.catalog import Rule
from wslint.facts import SourceRef
from wslint.findings import Finding, Severity
from wslint.jsontext import dumps
from wslint.report.context import ReportContext

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "wslint/v1"
_SOURCE_ROOT = "%SRCROOT%"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(findings: Sequence[Finding], ctx: ReportContext) -> str:
    rules = [ctx.rules[code] for code in sorted(ctx.rules)]
    rule_index = {rule.code: index for index, rule in enumerate(rules)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "wslint",
                        "version": ctx.tool_version,
                        "rules": [_rule_descriptor(rule) for rule in rules],
                    }
                },
                "results": [_result(finding, rule_index, ctx) for finding in findings],
            }
        ],
    }
    return dumps(log, indent=2) + "\n"


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {
            "text": f"{rule.why}\n\nFix: {rule.fix}",
            "markdown": f"{rule.why}\n\n**Fix:** {rule.fix}",
        },
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"phase": rule.phase},
    }


def _result(finding: Finding, rule_index: dict[str, int], ctx: ReportContext) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.code}
    if finding.code in rule_index:
        result["ruleIndex"] = rule_index[finding.code]
    result["level"] = _LEVEL[finding.severity]
    result["message"] = {"text": finding.message}
    result["locations"] = [{"physicalLocation": _physical_location(finding.ref)}]
    if finding.related:
        result["relatedLocations"] = [
            {
                "id": number,
                "physicalLocation": _physical_location(related.ref),
                "message": {"text": related.message},
            }
            for number, related in enumerate(finding.related, start=1)
        ]
    result["partialFingerprints"] = {FINGERPRINT_KEY: stable_hash(finding, ctx)}
    return result


def _physical_location(ref: SourceRef) -> dict[str, Any]:
    return {
        "artifactLocation": {
            "uri": quote(ref.path, safe="/", errors="surrogatepass"),
            "uriBaseId": _SOURCE_ROOT,
        },
        # SARIF lines and columns start at 1; a position of 0 (unknown) is shown as 1
        "region": {"startLine": max(ref.line, 1), "startColumn": max(ref.col, 1)},
    }


def stable_hash(finding: Finding, ctx: ReportContext) -> str:
    """A line-independent hash of code, path and symbol (the baseline fingerprint), the path
    taken from the project root as in a baseline: the same whichever folder the run starts from."""
    if ctx.project_root is not None:
        path = ctx.root / finding.ref.path
        if path.is_relative_to(ctx.project_root):
            finding = replace(
                finding, ref=replace(finding.ref, path=path.relative_to(ctx.project_root).as_posix())
            )
    return hashlib.sha256(fingerprint(finding).encode("utf-8", "surrogatepass")).hexdigest()[:32]
