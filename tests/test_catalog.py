"""The rule catalog (``wslint/rules/*.toml``): complete, named by its files, examples well-formed.

Running the examples through the linter is the job of the rule tests; this module checks that
the catalog itself is sound: every rule of the design's table is there with its name, phase
and default severity, and every example is a small project whose files are valid source and
whose expected locations exist.
"""

from __future__ import annotations

import json
import re
import tomllib
from importlib import resources
from pathlib import PurePosixPath

import pytest

from tests.helpers import REPO, run_cli
from wslint.catalog import Example, Rule, load_catalog, rule_identity

SNAPSHOTS = REPO / "tests" / "snapshots"
KEBAB = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
TS_SUFFIXES = (".ts", ".tsx", ".js", ".jsx")
IMPORTS_FRAMEWORK = re.compile(r"^\s*(from|import) (fastapi|starlette)\b", re.MULTILINE)

CATALOG = load_catalog()
EXAMPLES: list[tuple[str, int, Rule, Example]] = [
    (code, index, rule, example)
    for code, rule in CATALOG.items()
    for index, example in enumerate(rule.examples)
]


def _example_id(item: tuple[str, int, Rule, Example]) -> str:
    code, index, _, example = item
    return f"{code}-{index}-{example.kind}"


def _is_unparsable_on_purpose(code: str, example: Example) -> bool:
    return code == "WS001" and example.kind == "bad"


def test_rules_listing_snapshot() -> None:
    """``wslint rules --output-format json`` is the catalog as users see it: codes, names, phases,
    severities, summaries. A change to any of them shows here."""
    done = run_cli("rules", "--output-format", "json")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (SNAPSHOTS / "rules.json").read_text(encoding="utf-8")
    assert list(CATALOG) == sorted(CATALOG)


def test_rule_files_carry_code_and_name_in_their_file_name_only() -> None:
    stems = []
    for entry in resources.files("wslint").joinpath("rules").iterdir():
        if entry.name.endswith(".toml"):
            stem = entry.name.removesuffix(".toml")
            assert rule_identity(stem) is not None, entry.name
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            assert "code" not in data and "name" not in data, entry.name
            stems.append(stem)
    assert len(stems) == len(CATALOG)


def test_names_are_kebab_case_and_unique() -> None:
    names = [rule.name for rule in CATALOG.values()]
    for name in names:
        assert KEBAB.match(name), name
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_rule_code_names_its_phase(code: str) -> None:
    rule = CATALOG[code]
    assert rule.code == code
    assert rule.title == f"{code} {rule.name}"
    assert code[2] == str(rule.phase)  # the code's first digit is the checklist phase


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_rule_texts(code: str) -> None:
    rule = CATALOG[code]
    assert rule.summary and "\n" not in rule.summary
    assert len(rule.why) > 40
    assert len(rule.fix) > 40


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_rule_has_bad_and_good_examples(code: str) -> None:
    examples = CATALOG[code].examples
    kinds = {example.kind for example in examples}
    assert kinds == {"bad", "good"}
    for example in examples:
        assert example.files
        if example.kind == "bad":
            assert example.expect, "a bad example names where the rule fires"
        else:
            assert not example.expect, "a good example expects nothing"


@pytest.mark.parametrize("item", EXAMPLES, ids=_example_id)
def test_example_paths_are_relative_posix(item: tuple[str, int, Rule, Example]) -> None:
    _, _, _, example = item
    for path in example.files:
        pure = PurePosixPath(path)
        assert not pure.is_absolute() and ".." not in pure.parts and "\\" not in path, path


@pytest.mark.parametrize("item", EXAMPLES, ids=_example_id)
def test_example_python_compiles(item: tuple[str, int, Rule, Example]) -> None:
    code, _, _, example = item
    for path, text in example.files.items():
        if not path.endswith(".py"):
            continue
        if _is_unparsable_on_purpose(code, example):
            with pytest.raises(SyntaxError) as error:
                compile(text, path, "exec")
            assert (path, error.value.lineno) in example.expect
        else:
            compile(text, path, "exec")


@pytest.mark.parametrize("item", EXAMPLES, ids=_example_id)
def test_example_typescript_parses(item: tuple[str, int, Rule, Example]) -> None:
    tree_sitter = pytest.importorskip("tree_sitter")
    grammars = pytest.importorskip("tree_sitter_typescript")
    _, _, _, example = item
    for path, text in example.files.items():
        if not path.endswith(TS_SUFFIXES):
            continue
        grammar = grammars.language_typescript() if path.endswith(".ts") else grammars.language_tsx()
        tree = tree_sitter.Parser(tree_sitter.Language(grammar)).parse(text.encode("utf-8"))
        assert not tree.root_node.has_error, path


@pytest.mark.parametrize("item", EXAMPLES, ids=_example_id)
def test_example_data_files_are_valid(item: tuple[str, int, Rule, Example]) -> None:
    _, _, _, example = item
    for path, text in example.files.items():
        if path.endswith(".json"):
            json.loads(text)
        elif path.endswith(".toml"):
            tomllib.loads(text)


@pytest.mark.parametrize("item", EXAMPLES, ids=_example_id)
def test_example_is_a_recognisable_project(item: tuple[str, int, Rule, Example]) -> None:
    """Backend code sits beside a file importing fastapi; frontend code under a package.json."""
    _, _, _, example = item
    python = [path for path in example.files if path.endswith(".py")]
    if python:
        assert any(IMPORTS_FRAMEWORK.search(example.files[path]) for path in python)
    packages = {PurePosixPath(path).parent for path in example.files if path.endswith("package.json")}
    for path in example.files:
        if path.endswith(TS_SUFFIXES):
            assert any(package in PurePosixPath(path).parents for package in packages), path


@pytest.mark.parametrize("item", EXAMPLES, ids=_example_id)
def test_example_expect_points_into_its_files(item: tuple[str, int, Rule, Example]) -> None:
    _, _, _, example = item
    assert len(set(example.expect)) == len(example.expect)
    for path, line in example.expect:
        assert path in example.files, path
        lines = example.files[path].splitlines()
        assert 1 <= line <= len(lines), (path, line)
        assert lines[line - 1].strip(), f"{path}:{line} is a blank line"
