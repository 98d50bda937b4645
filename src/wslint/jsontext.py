"""JSON text that every writer can encode."""

from __future__ import annotations

import json
import re
from typing import Any

_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def dumps(value: Any, **options: Any) -> str:
    """``json.dumps`` with non-ASCII kept, except lone surrogates (a string literal such as
    ``"s\\ud800"`` in checked code): written as ``\\ud800`` escapes, which JSON allows and which
    read back as the same string, where a raw one would make the UTF-8 writer fail."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
