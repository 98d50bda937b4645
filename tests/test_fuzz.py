"""Mutated fixture projects: whatever the bytes, wslint finishes, exits 1 exactly when it
reports a finding at or above the fail level, and every finding points at a real file and a
line inside it.

Each example takes one fixture project, damages one to three of its source files (deletes
a span, inserts text or bytes — brackets, quotes, NUL, invalid UTF-8, line breaks —, splices
in lines of other fixtures, swaps characters or lines, duplicates lines) and runs
``wslint check`` on it in-process. An extractor that gives up with an "internal error" fails
the test too: the file was readable, the extractor was not up to it.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import FIXTURES, run_cli
from wslint import cli
from wslint.catalog import load_catalog
from wslint.engine import CheckOptions, CheckResult, run_check
from wslint.files import language_of
from wslint.findings import Severity
from wslint.report import ReportContext, render

# Line breaks as the report counts them (``report/excerpt.py``): a finding's line is between
# 1 and the number of pieces the text splits into; a position after a final newline is the
# (empty) last piece.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Pristine:
    name: str
    files: dict[str, bytes]  # every file of the fixture, by posix path
    sources: tuple[str, ...]  # the ones wslint reads


@cache
def pristine(name: str) -> Pristine:
    root = FIXTURES / name
    files = {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".wslint_cache" not in path.parts
    }
    sources = tuple(rel for rel in files if language_of(rel) is not None)
    return Pristine(name, files, sources)


FIXTURE_NAMES = sorted(path.name for path in FIXTURES.iterdir() if (path / "expected.json").is_file())

TOKENS = [
    b"(", b")", b"[", b"]", b"{", b"}", b"<", b">", b"</", b"/>", b"'", b'"', b"`", b'"""', b"${",
    b"\\", b"#", b"//", b"/*", b"*/", b":", b";", b",", b".", b"=", b"=>", b"\x00", b"\xff", b"\xc3",
    b"\xef\xbb\xbf", b"\r", b"\n", b"\r\n", b"\t", b"    ", b"\x0c", "\u2028".encode(), "é".encode(),
    b"async ", b"await ", b"def ", b"class ", b"lambda ", b"return ", b"while True:", b"if ", b"else",
    b"import ", b"export ", b"function ", b"const ", b"@router.websocket(", b"websocket",
    b"broadcast(", b'"type": ', b"type: ", b"useWebSocket(", b"new WebSocket(", b"refetchInterval: ",
    b"# wslint: ignore", b"// wslint: ignore[WS201]",
]  # fmt: skip

insertions = st.one_of(
    st.sampled_from(TOKENS),
    st.lists(st.sampled_from(TOKENS), min_size=2, max_size=6).map(b"".join),
    st.binary(min_size=1, max_size=8),
    st.text(min_size=1, max_size=8).map(lambda text: text.encode("utf-8", "surrogatepass")),
)
positions = st.integers(min_value=0, max_value=1 << 20)  # taken modulo the length


@cache
def fixture_lines() -> tuple[bytes, ...]:
    """Every line of every fixture source: spliced in, they make code that parses but is odd."""
    return tuple(
        sorted(
            {
                line
                for name in FIXTURE_NAMES
                for rel, data in pristine(name).files.items()
                if rel in pristine(name).sources
                for line in data.splitlines(keepends=True)
                if line.strip()
            }
        )
    )


splices = st.lists(
    st.integers(min_value=0, max_value=1 << 20).map(lambda i: fixture_lines()[i % len(fixture_lines())]),
    min_size=1,
    max_size=4,
).map(b"".join)
mutations = st.one_of(
    st.tuples(st.just("delete"), positions, st.integers(min_value=1, max_value=80)),
    st.tuples(st.just("insert"), positions, insertions),
    st.tuples(st.just("insert_lines"), positions, splices),
    st.tuples(st.just("swap_chars"), positions, positions),
    st.tuples(st.just("swap_lines"), positions, positions),
    st.tuples(st.just("duplicate_line"), positions, st.integers(min_value=1, max_value=3)),
)


def mutate(data: bytes, mutation: tuple[object, ...]) -> bytes:
    kind, first, second = mutation
    assert isinstance(first, int)
    if kind == "insert_lines" and not data:
        assert isinstance(second, bytes)
        return second
    if kind == "insert":
        assert isinstance(second, bytes)
        at = first % (len(data) + 1)
        return data[:at] + second + data[at:]
    if not data:
        return data
    if kind == "delete":
        assert isinstance(second, int)
        at = first % len(data)
        return data[:at] + data[at + second :]
    if kind == "swap_chars":
        assert isinstance(second, int)
        i, j = sorted((first % len(data), second % len(data)))
        return (
            data[:i] + data[j : j + 1] + data[i + 1 : j] + data[i : i + 1] + data[j + 1 :] if i != j else data
        )
    lines = data.splitlines(keepends=True)
    if kind == "insert_lines":
        assert isinstance(second, bytes)
        at = first % (len(lines) + 1)
        return b"".join(lines[:at]) + second + b"".join(lines[at:])
    if kind == "swap_lines":
        assert isinstance(second, int)
        i, j = first % len(lines), second % len(lines)
        lines[i], lines[j] = lines[j], lines[i]
    else:  # duplicate_line
        assert isinstance(second, int)
        i = first % len(lines)
        lines[i:i] = [lines[i]] * second
    return b"".join(lines)


@st.composite
def damaged_projects(draw: st.DrawFn) -> tuple[str, dict[str, bytes]]:
    """A fixture name and the new bytes of the files damaged in it."""
    fixture = pristine(draw(st.sampled_from(FIXTURE_NAMES)))
    chosen = draw(st.lists(st.sampled_from(fixture.sources), min_size=1, max_size=3, unique=True))
    damaged = {}
    for rel in chosen:
        data = fixture.files[rel]
        for mutation in draw(st.lists(mutations, min_size=1, max_size=4)):
            data = mutate(data, mutation)
        damaged[rel] = data
    return fixture.name, damaged


def line_count(data: bytes) -> int:
    return len(_LINE_BREAK.split(data.decode("utf-8", errors="replace")))


@pytest.mark.slow
@given(damaged_projects())
def test_damaged_projects_are_checked_without_escaping_errors(case: tuple[str, dict[str, bytes]]) -> None:
    name, damaged = case
    fixture = pristine(name)
    with tempfile.TemporaryDirectory(prefix="wslint-fuzz-") as temporary:
        root = Path(temporary)
        (root / ".git").mkdir()
        for rel, data in {**fixture.files, **damaged}.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

        runs: list[CheckResult] = []

        def recorded_run_check(options: CheckOptions) -> CheckResult:
            runs.append(run_check(options))
            return runs[-1]

        with patch.object(cli, "run_check", recorded_run_check):
            done = run_cli("check", "--no-cache", "--output-format", "json", str(root), cwd=root)
        # no notice, no error: every file was readable (a note that damage left no endpoint is fine)
        unexpected = [line for line in done.stderr.splitlines() if not line.startswith("wslint: note: ")]
        assert unexpected == [], done.stderr
        (result,) = runs
        reported = json.loads(done.stdout)
        assert len(reported) == len(result.findings)

        # the exit code is the gate's verdict on what it reported, nothing else
        failing = [item for item in reported if Severity.parse(item["severity"]) >= result.config.fail_on]
        assert done.returncode == (1 if failing else 0), (done.returncode, failing)
        internal = [item["message"] for item in reported if "internal error" in item["message"]]
        assert not internal, internal  # an extractor bug, not the input, stopped the reading
        for item in reported:
            for ref in (item, *item["related"]):
                path = root / ref["path"]
                assert path.is_file() and path.resolve().is_relative_to(root.resolve()), ref
                assert 1 <= ref["line"] <= line_count(path.read_bytes()), (item["code"], ref, item["message"])
                assert ref["column"] >= 1, (item["code"], ref)
        context = ReportContext(root=result.root, rules=load_catalog())
        for fmt in ("full", "sarif", "junit"):
            render(fmt, result.findings, context).encode("utf-8")
