"""Baselines: fingerprints that survive line moves, multiset filtering, a stable file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wslint.baseline import (
    Baseline,
    BaselineEntry,
    BaselineError,
    filter_new,
    fingerprint,
    load_baseline,
    write_baseline,
)
from wslint.facts import SourceRef
from wslint.findings import Finding, Severity


def _finding(code: str, path: str, symbol: str, line: int = 1) -> Finding:
    return Finding(code, SourceRef(path, line, 3), f"{code} {symbol}", symbol, Severity.ERROR)


FINDINGS = [
    _finding("WS201", "backend/app/ws.py", "system_status_update", 10),
    _finding("WS206", "backend/app/ws.py", "queue_tick", 30),
    _finding("WS303", "web/src/useQueue.ts", "queue_updated", 4),
    _finding("WS303", "web/src/useQueue.ts", "queue_updated", 9),
]


def test_fingerprint_is_code_path_symbol_and_never_the_line() -> None:
    assert fingerprint(FINDINGS[0]) == "WS201:backend/app/ws.py:system_status_update"
    assert fingerprint(FINDINGS[2]) == fingerprint(FINDINGS[3])


def test_fingerprint_is_unambiguous_when_the_path_holds_a_colon() -> None:
    assert fingerprint(_finding("WS201", "a:b", "c")) != fingerprint(_finding("WS201", "a", "b:c"))


def test_round_trip_absorbs_every_finding(tmp_path: Path) -> None:
    path = tmp_path / "wslint-baseline.json"
    write_baseline(path, FINDINGS)
    assert filter_new(FINDINGS, load_baseline(path)) == []


def test_moved_lines_are_still_absorbed(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, FINDINGS)
    moved = [_finding(f.code, f.ref.path, f.symbol, f.ref.line + 17) for f in FINDINGS]
    assert filter_new(moved, load_baseline(path)) == []


def test_a_new_symbol_is_shown(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, FINDINGS)
    new = _finding("WS201", "backend/app/ws.py", "jobs_update", 12)
    assert filter_new([*FINDINGS, new], load_baseline(path)) == [new]


def test_counts_absorb_that_many_findings_and_no_more(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, FINDINGS)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert {
        "code": "WS303",
        "path": "web/src/useQueue.ts",
        "symbol": "queue_updated",
        "count": 2,
    } in document["findings"]
    third = _finding("WS303", "web/src/useQueue.ts", "queue_updated", 20)
    assert filter_new([*FINDINGS, third], load_baseline(path)) == [third]
    baseline = Baseline((BaselineEntry("web/src/useQueue.ts", "WS303", "queue_updated", 1),))
    assert filter_new(FINDINGS[2:], baseline) == [FINDINGS[3]]


def test_file_is_sorted_pretty_and_byte_stable(tmp_path: Path) -> None:
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    write_baseline(first, FINDINGS)
    write_baseline(second, list(reversed(FINDINGS)))
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert text.startswith('{\n  "version": 1,\n  "findings": [\n    {\n      "code": "WS201",')
    entries = json.loads(text)["findings"]
    keys = [(entry["path"], entry["code"], entry["symbol"]) for entry in entries]
    assert keys == sorted(keys)
    assert len(entries) == 3


def test_empty_baseline(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, [])
    assert path.read_text(encoding="utf-8") == '{\n  "version": 1,\n  "findings": []\n}\n'
    assert filter_new(FINDINGS, load_baseline(path)) == FINDINGS


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ("[]", "expected a JSON object"),
        ('{"version": 2, "findings": []}', "unsupported version 2"),
        ('{"version": 1}', "'findings' must be a list"),
        ('{"version": 1, "findings": [42]}', r"findings\[0\] must be an object"),
        ('{"version": 1, "findings": [{"code": "WS201", "path": "a.py"}]}', "'symbol' must be a string"),
        (
            '{"version": 1, "findings": [{"code": "WS201", "path": "a", "symbol": "s", "count": 0}]}',
            "'count'",
        ),
        (
            '{"version": 1, "findings": [{"code": "WS201", "path": "a", "symbol": "s", "count": true}]}',
            "'count'",
        ),
    ],
)
def test_invalid_baselines_raise_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError, match=message):
        load_baseline(path)


def test_unreadable_baselines_raise_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match=r"cannot read baseline .*missing\.json: no such file"):
        load_baseline(tmp_path / "missing.json")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(BaselineError, match="cannot read baseline"):
        load_baseline(binary)
