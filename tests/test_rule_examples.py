"""Each rule's bad and good examples in the catalog are tests (as Fixit's VALID/INVALID)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import wslint.rules
from tests.helpers import run_check_findings, write_project
from wslint.catalog import Example, load_catalog, rule_identity
from wslint.rules import rule_checks

CATALOG = load_catalog()
CASES = [
    pytest.param(rule.code, example, id=f"{rule.code}-{example.kind}-{index}")
    for rule in CATALOG.values()
    for index, example in enumerate(rule.examples)
]


def test_every_catalog_rule_is_implemented() -> None:
    assert list(rule_checks()) == list(CATALOG)


def test_every_rule_module_has_its_metadata_beside_it() -> None:
    """``WS201_missing_broadcaster.py`` pairs with ``WS201_missing_broadcaster.toml``; a module
    copied under a new file name without its own metadata, or the other way round, fails here."""
    folder = Path(wslint.rules.__file__).parent
    modules = {info.name for info in pkgutil.iter_modules([str(folder)]) if rule_identity(info.name)}
    metadata = {path.stem for path in folder.glob("*.toml")}
    assert modules == metadata
    for stem in sorted(modules):
        code, name = rule_identity(stem) or ("", "")
        module = importlib.import_module(f"wslint.rules.{stem}")
        assert callable(module.check), stem
        # its docstring is its doc: it opens with the rule's own code and name
        assert (module.__doc__ or "").startswith(f"{code} {name}: "), stem


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
