"""The few sending and receiving files the map re-reads, parsed with ``ast`` once per run."""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

_MAX_BYTES = 2 * 1024 * 1024  # larger files are generated: nothing to read a message from


@lru_cache(maxsize=256)
def parse_python(root: Path, rel: str) -> ast.Module | None:
    """``root / rel`` parsed, or ``None`` when it is outside ``root``, too large or unreadable."""
    path = root / rel
    try:
        if not path.resolve().is_relative_to(root.resolve()) or path.stat().st_size > _MAX_BYTES:
            return None
        return ast.parse(path.read_bytes())
    except (OSError, SyntaxError, ValueError, RecursionError):
        return None
