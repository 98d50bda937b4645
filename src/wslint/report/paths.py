"""Reported paths: relative to the current directory, as ruff and ESLint print them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from wslint.facts import SourceRef
from wslint.findings import Finding


def shown_path(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` (posix), or absolute when it lies outside ``base``."""
    return path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()


def _moved(ref: SourceRef, source: Path, target: Path) -> SourceRef:
    return replace(ref, path=shown_path(source / ref.path, target))


def relocate(findings: Sequence[Finding], source: Path, target: Path) -> list[Finding]:
    """Findings whose paths, relative to ``source``, are made relative to ``target``."""
    if source == target:
        return list(findings)
    return [
        replace(
            finding,
            ref=_moved(finding.ref, source, target),
            related=tuple(replace(item, ref=_moved(item.ref, source, target)) for item in finding.related),
        )
        for finding in findings
    ]
