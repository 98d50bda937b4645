"""A fully cached check loads no parser: a warm run of a small project costs the CLI's start-up,
not the imports of tree-sitter and wslint's extractors. A changed file loads the extractor of its
own language."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import FIXTURES

# The Python extractor reads ``ast``, which the standard library loads anyway: its own walker
# module stands for it.
PARSERS = ("tree_sitter", "tree_sitter_typescript", "wslint.python_facts.walker")

_PROBE = """
import sys
from wslint.cli import main
try:
    main(["check", "--exit-zero", "--output-format", "json", *sys.argv[1:]])
except SystemExit:
    pass
print("loaded:" + ",".join(sorted(m for m in {parsers!r} if m in sys.modules)), file=sys.stderr)
"""


def loaded_parsers(root: Path, *args: str) -> tuple[str, list[str]]:
    """The JSON report and the parsers a fresh process loaded to check ``root``."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(parsers=PARSERS), *args, str(root)],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
    )
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("loaded:"), done.stderr
    return done.stdout, [name for name in last.removeprefix("loaded:").split(",") if name]


def test_a_fully_cached_run_loads_no_parser(tmp_path: Path) -> None:
    root = tmp_path / "realistic"
    shutil.copytree(FIXTURES / "realistic", root, ignore=shutil.ignore_patterns(".wslint_cache"))
    (root / ".git").mkdir(exist_ok=True)
    cold, cold_parsers = loaded_parsers(root)  # fills the cache
    assert cold_parsers == sorted(PARSERS)  # the probe sees parsers when they are loaded
    warm, warm_parsers = loaded_parsers(root)
    assert warm_parsers == []
    assert warm == cold and "\"code\": \"WS" in warm

    python_file = next(path for path in sorted(root.rglob("*.py")) if b"websocket" in path.read_bytes())
    python_file.write_bytes(python_file.read_bytes() + b"\n# changed\n")
    touched, touched_parsers = loaded_parsers(root)
    assert touched_parsers == ["wslint.python_facts.walker"]
    assert touched == cold


def test_a_run_loads_only_the_renderer_of_its_output_format() -> None:
    formats = ("full", "concise", "json_array", "json_lines", "github", "sarif", "junit")
    modules = [f"wslint.report.{name}" for name in formats]
    probe = f"""
import sys
from wslint.cli import main
try:
    main(["check", "--exit-zero", "--no-cache", "--output-format", "concise", sys.argv[1]])
except SystemExit:
    pass
print("loaded:" + ",".join(m for m in {modules!r} if m in sys.modules), file=sys.stderr)
"""
    command = [sys.executable, "-c", probe, str(FIXTURES / "realistic")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.stderr.strip().splitlines()[-1] == "loaded:wslint.report.concise"
    assert "WS201" in done.stdout
