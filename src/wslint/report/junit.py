"""``junit``: JUnit XML, one failing test case per finding, for CI test-report views."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from wslint.findings import Finding
from wslint.report.common import fix_hint, location, terminal_text
from wslint.report.context import ReportContext

# characters XML 1.0 cannot carry at all, not even escaped
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SUITE_NAME = "wslint"


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render_junit(findings: Sequence[Finding], ctx: ReportContext) -> str:
    counts = {"tests": str(max(len(findings), 1)), "failures": str(len(findings)), "errors": "0"}
    suites = ET.Element("testsuites", {"name": _SUITE_NAME, **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": _SUITE_NAME, **counts})
    for finding in findings:
        case_attributes = {"classname": xml_text(finding.ref.path), "name": xml_text(_case_name(finding))}
        case = ET.SubElement(suite, "testcase", case_attributes)
        failure = ET.SubElement(case, "failure", {"message": xml_text(finding.message), "type": finding.code})
        failure.text = xml_text(_failure_details(finding, ctx))
    if not findings:
        ET.SubElement(suite, "testcase", {"classname": _SUITE_NAME, "name": _SUITE_NAME})
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _case_name(finding: Finding) -> str:
    parts = [finding.code, finding.symbol, f"(line {finding.ref.line})"]
    return " ".join(part for part in parts if part)


def _failure_details(finding: Finding, ctx: ReportContext) -> str:
    """One line per item; each escaped as in the terminal, so that a CI log that prints the
    report cannot read a line of it as a command."""
    lines = [f"{location(finding)}: {finding.code} [{finding.severity.label}] {finding.message}"]
    lines += [
        f"related: {related.ref.path}:{related.ref.line}:{related.ref.col}: {related.message}"
        for related in finding.related
    ]
    hint = fix_hint(finding, ctx)
    if hint:
        lines.append(f"fix: {' '.join(hint.splitlines())}")
    return "\n".join(terminal_text(line) for line in lines)
