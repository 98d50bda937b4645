"""Commands that parse nothing never load a parser: ``--version``, ``rules`` and ``explain`` start
in the time it takes to import the CLI, not libcst and tree-sitter."""

from __future__ import annotations

import subprocess
import sys

import pytest

PARSERS = ("libcst", "tree_sitter", "tree_sitter_typescript")

_PROBE = """
import sys
from wslint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(",".join(sorted(m for m in {parsers!r} if m in sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args", [["--version"], ["rules"], ["rules", "--output-format", "json"], ["explain", "WS201"]]
)
def test_command_imports_no_parser(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(parsers=PARSERS), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout, done.stderr
    assert done.stderr.strip() == ""


def test_the_probe_sees_a_parser_when_one_is_loaded() -> None:
    probe = _PROBE.replace("from wslint.cli import main", "import libcst\nfrom wslint.cli import main")
    done = subprocess.run(
        [sys.executable, "-c", probe.format(parsers=PARSERS), "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stderr.strip() == "libcst"
