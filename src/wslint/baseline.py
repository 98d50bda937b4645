"""Baselines: record today's findings so that a gate fails only on new ones.

A finding is identified by code, path and symbol (the named thing), never by its line, so
a baseline survives edits that move code around. Identical fingerprints are counted: a
baseline entry with ``count: 2`` absorbs two such findings, and a third one is new.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wslint.findings import Finding
from wslint.jsontext import dumps
from wslint.writes import UnsafeWrite, write_text_atomically

BASELINE_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read or is not a wslint baseline."""


@dataclass(frozen=True, slots=True, order=True)
class BaselineEntry:
    path: str
    code: str
    symbol: str
    count: int = 1

    @property
    def fingerprint(self) -> str:
        return _fingerprint(self.code, self.path, self.symbol)


@dataclass(frozen=True, slots=True)
class Baseline:
    entries: tuple[BaselineEntry, ...] = ()

    def counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for entry in self.entries:
            counts[entry.fingerprint] += entry.count
        return counts


def _fingerprint(code: str, path: str, symbol: str) -> str:
    # escape ":" in the path so that "code:path:symbol" splits one way only
    escaped_path = path.replace("%", "%25").replace(":", "%3A")
    return f"{code}:{escaped_path}:{symbol}"


def fingerprint(finding: Finding) -> str:
    """``"WS201:app/ws.py:system_status_update"``: code, path and symbol, never the line."""
    return _fingerprint(finding.code, finding.ref.path, finding.symbol)


def entries_for(findings: Iterable[Finding]) -> tuple[BaselineEntry, ...]:
    counts = Counter((finding.ref.path, finding.code, finding.symbol) for finding in findings)
    return tuple(
        BaselineEntry(path=path, code=code, symbol=symbol, count=count)
        for (path, code, symbol), count in sorted(counts.items())
    )


def write_baseline(path: Path, findings: Sequence[Finding], trees: Sequence[Path] = ()) -> None:
    """Write a baseline that diffs well: sorted by (path, code, symbol), indented, newline-terminated.

    Paths are those of the findings: the CLI passes them relative to the project root, so the
    baseline matches whichever folder the run starts from."""
    document = {
        "version": BASELINE_VERSION,
        "findings": [
            {"code": entry.code, "path": entry.path, "symbol": entry.symbol, "count": entry.count}
            for entry in entries_for(findings)
        ],
    }
    text = dumps(document, indent=2) + "\n"
    try:
        write_text_atomically(path, text, trees)
    except UnsafeWrite as error:
        raise BaselineError(str(error)) from None


def load_baseline(path: Path) -> Baseline:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"cannot read baseline {path}: {_reason(error)}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(
            f"baseline {path} is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    return Baseline(_parse_document(document, path))


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error)


def _parse_document(document: Any, path: Path) -> tuple[BaselineEntry, ...]:
    if not isinstance(document, dict):
        raise BaselineError(f"baseline {path}: expected a JSON object with 'version' and 'findings'")
    version = document.get("version")
    if version != BASELINE_VERSION:
        raise BaselineError(f"baseline {path}: unsupported version {version!r} (expected {BASELINE_VERSION})")
    items = document.get("findings")
    if not isinstance(items, list):
        raise BaselineError(f"baseline {path}: 'findings' must be a list")
    return tuple(_parse_entry(item, index, path) for index, item in enumerate(items))


def _parse_entry(item: Any, index: int, path: Path) -> BaselineEntry:
    where = f"baseline {path}: findings[{index}]"
    if not isinstance(item, dict):
        raise BaselineError(f"{where} must be an object")
    for key in ("code", "path", "symbol"):
        if not isinstance(item.get(key), str):
            raise BaselineError(f"{where}: '{key}' must be a string")
    count = item.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise BaselineError(f"{where}: 'count' must be a positive integer")
    return BaselineEntry(path=item["path"], code=item["code"], symbol=item["symbol"], count=count)


def filter_new(findings: Sequence[Finding], baseline: Baseline) -> list[Finding]:
    """The findings the baseline does not absorb, in their original order."""
    remaining = baseline.counts()
    new: list[Finding] = []
    for finding in findings:
        key = fingerprint(finding)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(finding)
    return new
