"""What every renderer needs to know besides the findings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import wslint
from wslint.catalog import Rule


@dataclass(frozen=True)
class ReportContext:
    root: Path  # ``Finding.ref.path`` is posix, relative to it (or absolute)
    rules: Mapping[str, Rule]  # the catalog: names, phases, SARIF rule metadata
    color: bool = False  # only "full" / "concise" colour; machine formats never do
    tool_version: str = wslint.__version__
    files_checked: int = 0  # files read this run
    files_parsed: int = 0  # of them, parsed (not served from the cache, not skipped by their bytes)
    # the files this run read, by reported path: excerpts are shown from these only, so that no
    # path a finding carries (from a cache, say) can make the report print another file
    sources: Mapping[str, Path] = field(default_factory=dict)
    # the repository or configured project: SARIF fingerprints take paths from it, as baselines do
    project_root: Path | None = None
