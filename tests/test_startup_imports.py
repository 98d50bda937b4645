"""Commands that parse nothing never load an extractor: ``--version``, ``rules`` and ``explain``
start in the time it takes to import the CLI, not tree-sitter and wslint's extractors."""

from __future__ import annotations

import subprocess
import sys

import pytest

# The Python extractor reads ``ast``, which the standard library loads anyway: its own walker
# module stands for it.
PARSERS = ("tree_sitter", "tree_sitter_typescript", "wslint.python_facts.walker")

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
    probe = _PROBE.replace(
        "from wslint.cli import main", "import wslint.python_facts.walker\nfrom wslint.cli import main"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe.format(parsers=PARSERS), "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stderr.strip() == "wslint.python_facts.walker"
