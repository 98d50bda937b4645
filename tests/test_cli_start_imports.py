"""``wslint check`` does not pay for ``wslint map``: the map's model and renderers load only
when a map is drawn."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import FIXTURES

ON_DEMAND = ("wslint.map.model", "wslint.map.text", "wslint.map.asyncapi", "wslint.map.mermaid")

_PROBE = """
import sys
from wslint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("loaded:" + ",".join(sorted(m for m in {modules!r} if m in sys.modules)), file=sys.stderr)
"""


def loaded(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(modules=ON_DEMAND), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("loaded:"), done.stderr
    return [name for name in last.removeprefix("loaded:").split(",") if name]


def test_check_and_version_load_no_map_renderer(tmp_path: Path) -> None:
    assert loaded("--version") == []
    gold = str(FIXTURES / "gold")
    assert loaded("check", "--no-cache", "--output-format", "json", gold) == []


def test_the_probe_sees_what_map_loads() -> None:
    gold = str(FIXTURES / "gold")
    assert loaded("map", "--no-cache", "--output-format", "mermaid", gold) == [
        "wslint.map.mermaid",
        "wslint.map.model",
    ]
