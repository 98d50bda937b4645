"""Decide from raw bytes whether a file can hold a Python WebSocket fact at all.

Parsing with libcst costs ~9x ``ast.parse``; only about one file in eight of a real backend
has anything to do with WebSockets, so the caller skips the rest on this test alone.
"""

from __future__ import annotations

import re

_NEEDLES = (
    b"websocket",
    b"WebSocket",
    b"broadcast",
    b"publish",
    b"emit",
    b"send_json",
    b"send_text",
    b"include_router",
    b"APIRouter",
    b".mount(",
    b"Enum",
    b"BaseModel",
    # broker channels: publishing with SQL, subscribing, listening
    b"pg_notify",
    b"NOTIFY",
    b"subscribe(",
    b"add_listener",
)

# A module-level string constant may carry a message type another file broadcasts.
_STRING_CONSTANT = re.compile(rb"""^[A-Z][A-Z0-9_]*\s*(:[^=\n]*)?=\s*[rRuU]?['"]""", re.MULTILINE)


def might_hold_python_facts(source: bytes) -> bool:
    """True unless the bytes surely hold no endpoint, push, router, type constant or test connection."""
    return any(needle in source for needle in _NEEDLES) or _STRING_CONSTANT.search(source) is not None
