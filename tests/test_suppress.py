"""Inline ignores: finding them in real comments only, applying them, and WS002 for unused ones."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from wslint.catalog import load_catalog
from wslint.config import Config
from wslint.facts import SourceRef
from wslint.findings import Finding, Severity
from wslint.link import Project
from wslint.rules import RuleContext, rule_checks
from wslint.suppress import InlineIgnore, SuppressionResult, apply_inline_ignores, find_inline_ignores


def _finding(code: str, path: str, line: int) -> Finding:
    return Finding(code, SourceRef(path, line, 5), f"{code} at line {line}", f"sym{line}", Severity.ERROR)


def _apply(
    findings: Sequence[Finding],
    files: dict[str, str],
    *,
    inactive: frozenset[str] = frozenset(),
) -> SuppressionResult:
    ignores = {path: find_inline_ignores(path, text) for path, text in files.items()}
    return apply_inline_ignores(
        findings,
        ignores,
        active_codes=lambda code: code not in inactive,
        known_codes=load_catalog().__contains__,
    )


def _ws002(result: SuppressionResult) -> list[Finding]:
    """The findings WS002 makes of the ignores that suppressed nothing."""
    context = RuleContext(
        code="WS002",
        severity=Severity.WARNING,
        fix="",
        project=Project([]),
        config=Config(root=Path(".")),
        unused_ignores=tuple(result.unused),
    )
    return list(rule_checks()["WS002"](context))


# ------------------------------------------------------------------------------ finding


def test_python_same_line_and_line_above() -> None:
    text = (
        "x = 1  # wslint: ignore[WS201]\n"
        "# wslint: ignore[WS206]\n"
        "y = 2\n"
    )  # fmt: skip
    assert find_inline_ignores("app/ws.py", text) == [
        InlineIgnore("app/ws.py", 1, 8, frozenset({"WS201"}), applies_to=1),
        InlineIgnore("app/ws.py", 2, 1, frozenset({"WS206"}), applies_to=3),
    ]


def test_indented_comment_alone_applies_to_next_line() -> None:
    text = "def f():\n    # wslint: ignore[WS205]\n    while True: pass\n"
    (ignore,) = find_inline_ignores("a.py", text)
    assert (ignore.line, ignore.col, ignore.applies_to) == (2, 5, 3)


@pytest.mark.parametrize("path", ["web/src/useQueue.ts", "web/src/Queue.tsx", "web/src/old.js", "web/a.jsx"])
def test_typescript_line_comments(path: str) -> None:
    text = (
        "// wslint: ignore[WS303]\n"
        "if (msg.type === 'x') {}  // wslint: ignore[WS304] -- legacy server\n"
    )  # fmt: skip
    assert find_inline_ignores(path, text) == [
        InlineIgnore(path, 1, 1, frozenset({"WS303"}), applies_to=2),
        InlineIgnore(path, 2, 27, frozenset({"WS304"}), applies_to=2),
    ]


def test_typescript_block_and_jsx_comments() -> None:
    text = (
        "const a = 1; /* wslint: ignore[WS701] */\n"
        "  {/* wslint: ignore[WS402] */}\n"
        "  <Queue />\n"
        "/* wslint: ignore[WS302]\n"
        "   reason spans lines */\n"
        "connect();\n"
    )  # fmt: skip
    found = [(i.line, i.col, i.codes, i.applies_to) for i in find_inline_ignores("Q.tsx", text)]
    assert found == [
        (1, 14, frozenset({"WS701"}), 1),
        (2, 4, frozenset({"WS402"}), 3),
        (4, 1, frozenset({"WS302"}), 6),
    ]


def test_several_codes_and_a_reason() -> None:
    (ignore,) = find_inline_ignores(
        "a.py", "f()  # wslint: ignore[WS201, WS206,WS205] -- kept for v1 clients\n"
    )
    assert ignore.codes == frozenset({"WS201", "WS206", "WS205"})


@pytest.mark.parametrize(
    ("comment", "codes"),
    [
        ("# wslint: ignore", None),
        ("# wslint: ignore -- generated file", None),
        ("# WSLINT:IGNORE[WS201]", frozenset({"WS201"})),
        ("# noqa: E501  # wslint: ignore[WS201]", frozenset({"WS201"})),
        ("# wslint: ignore [WS201]", frozenset({"WS201"})),
    ],
)
def test_directive_forms(comment: str, codes: frozenset[str] | None) -> None:
    (ignore,) = find_inline_ignores("a.py", f"x = 1  {comment}\n")
    assert ignore.codes == codes


@pytest.mark.parametrize(
    "comment",
    ["# wslint: ignored", "# wslint-expect: WS201", "# notwslint: ignore", "# wslint: ignore-next-line"],
)
def test_lookalikes_are_not_ignores(comment: str) -> None:
    assert find_inline_ignores("a.py", f"x = 1  {comment}\n") == []


def test_python_string_literals_do_not_count() -> None:
    text = (
        's = "# wslint: ignore[WS201]"\n'
        "doc = '''\n"
        "# wslint: ignore[WS206]\n"
        "'''\n"
        "t = f'{x} # wslint: ignore'  # wslint: ignore[WS102]\n"
    )  # fmt: skip
    assert [(i.line, i.codes) for i in find_inline_ignores("a.py", text)] == [(5, frozenset({"WS102"}))]


def test_broken_python_falls_back_to_a_scan_that_still_skips_strings() -> None:
    text = (
        "def broken(:\n"
        "    s = '# wslint: ignore[WS201]'\n"
        '    doc = """\n'
        "    # wslint: ignore[WS206]\n"
        '    """\n'
        "    # wslint: ignore[WS203]\n"
        "    while True: ...\n"
        "    x = (  # wslint: ignore[WS205]\n"
    )  # fmt: skip
    found = [(i.line, i.col, i.codes, i.applies_to) for i in find_inline_ignores("a.py", text)]
    assert found == [(6, 5, frozenset({"WS203"}), 7), (8, 12, frozenset({"WS205"}), 8)]


def test_typescript_string_and_template_literals_do_not_count() -> None:
    text = (
        "const a = 'http://x // wslint: ignore';\n"
        'const b = "/* wslint: ignore[WS303] */";\n'
        "const c = `\n"
        "// wslint: ignore[WS304]\n"
        "`;  // wslint: ignore[WS701]\n"
        "const d = \"it's\"; // wslint: ignore[WS402]\n"
    )  # fmt: skip
    found = [(i.line, i.codes) for i in find_inline_ignores("a.ts", text)]
    assert found == [(5, frozenset({"WS701"})), (6, frozenset({"WS402"}))]


def test_crlf_and_cr_line_endings() -> None:
    python = "x = 1\r\n# wslint: ignore[WS201]\r\ny = 2  # wslint: ignore\r\n"
    assert [(i.line, i.applies_to) for i in find_inline_ignores("a.py", python)] == [(2, 3), (3, 3)]
    script = "a();\r// wslint: ignore[WS303]\rb();\r"
    assert [(i.line, i.applies_to) for i in find_inline_ignores("a.ts", script)] == [(2, 3)]


def test_other_files_have_no_ignores() -> None:
    assert find_inline_ignores("README.md", "# wslint: ignore[WS201]\n") == []


# ----------------------------------------------------------------------------- applying


FILES = {
    "app/ws.py": (
        "@router.websocket('/ws/queue')  # wslint: ignore[WS101]\n"
        "# wslint: ignore[WS201, WS206] -- legacy\n"
        "async def queue(ws):\n"
        "    pass  # wslint: ignore\n"
    ),
    "web/useQueue.ts": "// wslint: ignore[WS303]\nif (m.type === 'x') {}\n",
}


def test_findings_on_ignored_lines_are_suppressed() -> None:
    findings = [
        _finding("WS101", "app/ws.py", 1),
        _finding("WS201", "app/ws.py", 3),
        _finding("WS206", "app/ws.py", 3),
        _finding("WS205", "app/ws.py", 4),
        _finding("WS303", "web/useQueue.ts", 2),
    ]
    result = _apply(findings, FILES)
    assert result.kept == []
    assert result.suppressed == findings
    assert result.unused == []


def test_ignore_only_covers_its_codes_and_its_line() -> None:
    wrong_code = _finding("WS202", "app/ws.py", 3)
    wrong_line = _finding("WS101", "app/ws.py", 2)
    other_file = _finding("WS303", "web/other.ts", 2)
    result = _apply([wrong_code, wrong_line, other_file], FILES)
    assert result.kept == [wrong_code, wrong_line, other_file]
    assert result.suppressed == []
    assert [(u.ignore.line, u.code) for u in result.unused] == [
        (1, "WS101"), (2, "WS201"), (2, "WS206"), (4, None), (1, "WS303")
    ]  # fmt: skip


def test_unused_ignores_become_ws002_per_code() -> None:
    unused = _ws002(_apply([_finding("WS201", "app/ws.py", 3)], FILES))
    assert [(f.code, f.ref, f.symbol, f.severity) for f in unused] == [
        ("WS002", SourceRef("app/ws.py", 1, 33), "WS101", Severity.WARNING),
        ("WS002", SourceRef("app/ws.py", 2, 1), "WS206", Severity.WARNING),
        ("WS002", SourceRef("app/ws.py", 4, 11), "*", Severity.WARNING),
        ("WS002", SourceRef("web/useQueue.ts", 1, 1), "WS303", Severity.WARNING),
    ]
    messages = [f.message for f in unused]
    assert messages[1] == "unused `wslint: ignore[WS201, WS206]`: no WS206 finding on line 3"
    assert messages[2] == "unused `wslint: ignore`: no finding on line 4"


def test_deselected_codes_are_not_reported_unused() -> None:
    result = _apply([], {"a.py": "x = 1  # wslint: ignore[WS201, WS206]\n"}, inactive=frozenset({"WS201"}))
    assert [f.symbol for f in _ws002(result)] == ["WS206"]


def test_prefixes_are_not_codes() -> None:
    files = {"a.py": "x = 1  # wslint: ignore[WS2]\n"}
    result = _apply([_finding("WS201", "a.py", 1)], files, inactive=frozenset({"WS2"}))
    assert [f.code for f in result.kept] == ["WS201"]
    (unused,) = _ws002(result)
    assert unused.symbol == "WS2"
    assert "not a rule code" in unused.message


def test_unknown_codes_are_named() -> None:
    result = _apply([], {"a.py": "x = 1  # wslint: ignore[WS999, WS201]\n"}, inactive=frozenset({"WS201"}))
    (unused,) = _ws002(result)
    assert (unused.ref, unused.symbol) == (SourceRef("a.py", 1, 8), "WS999")
    assert unused.message == (
        "`wslint: ignore[WS201, WS999]`: no rule has the code `WS999` (`wslint rules` lists them)"
    )


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("a.py", "s = 'never closed\n# wslint: ignore[WS201]\nx = 1\n"),
        ("a.ts", "const s = 'never closed\n// wslint: ignore[WS201]\nx();\n"),
    ],
)
def test_an_unterminated_string_ends_at_its_line(path: str, text: str) -> None:
    assert [(i.line, i.applies_to) for i in find_inline_ignores(path, text)] == [(2, 3)]
