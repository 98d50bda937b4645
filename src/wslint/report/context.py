"""What every renderer needs to know besides the findings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import wslint
from wslint.catalog import Rule


@dataclass(frozen=True)
class ReportContext:
    root: Path  # checked project root; ``Finding.ref.path`` is posix, relative to it
    rules: Mapping[str, Rule]  # the catalog: names, phases, SARIF rule metadata
    color: bool = False  # only "full" / "concise" colour; machine formats never do
    tool_version: str = wslint.__version__
