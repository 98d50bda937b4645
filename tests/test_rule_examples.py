"""Each rule's bad and good examples in the catalog are tests (as Fixit's VALID/INVALID)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_check_findings, write_project
from wslint.catalog import Example, load_catalog
from wslint.checks import load_rules

CATALOG = load_catalog()
CASES = [
    pytest.param(rule.code, example, id=f"{rule.code}-{example.kind}-{index}")
    for rule in CATALOG.values()
    for index, example in enumerate(rule.examples)
]


def test_every_catalog_rule_is_implemented() -> None:
    # WS002 (unused ignore) comes from the suppression step, not from a rule over facts
    assert sorted([*load_rules(), "WS002"]) == sorted(CATALOG)


@pytest.mark.parametrize(("code", "example"), CASES)
def test_rule_example(tmp_path: Path, code: str, example: Example) -> None:
    root = write_project(tmp_path / "project", example.files)
    # WS002 judges ignores of other codes, which must be active for it to judge them
    findings = run_check_findings(root, select=["ALL"] if code == "WS002" else [code])
    found = sorted((f.ref.path, f.ref.line) for f in findings if f.code == code)
    if example.kind == "bad":
        assert found == sorted(example.expect)
    else:
        assert found == []
