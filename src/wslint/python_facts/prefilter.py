"""Decide from raw bytes whether a file can hold a Python WebSocket fact at all.

A parse and a walk of the tree cost far more than this test; only about one file in eight of a
real backend has anything to do with WebSockets, so the caller skips the rest on this test alone.
"""

from __future__ import annotations

import re

from wslint.vocabulary import TEST_CONNECT_METHODS

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
    # broker channels: publishing with SQL, subscribing, listening
    b"pg_notify",
    b"NOTIFY",
    b"subscribe(",
    b"add_listener",
)

# A module-level string constant may carry a message type another file broadcasts.
_STRING_CONSTANT = re.compile(rb"""^[A-Z][A-Z0-9_]*\s*(:[^=\n]*)?=\s*[rRuU]?['"]""", re.MULTILINE)
# A Pydantic model is a message only when it has a ``type``: a field (``type: Literal["x"] =
# "x"``) or a dict key its methods build. Most modules that import BaseModel are request and
# response schemas (a FastAPI app has dozens), and none of them carries a message type.
_MODEL = b"BaseModel"
_TYPE_NAMED = re.compile(rb"""^[ \t]+type[ \t]*:|['"]type['"]""", re.MULTILINE)


_TEST_CONNECTS = tuple(method.encode() for method in TEST_CONNECT_METHODS)


def might_hold_python_facts(source: bytes, is_test: bool = False) -> bool:
    """True unless the bytes surely hold no endpoint, push, router, type constant or test connection.

    Of a test file wslint reads only the sockets it opens: its models, routers and constants
    serve the test, not the application, so they are no reason to parse it."""
    if is_test:
        return any(method in source for method in _TEST_CONNECTS)
    return (
        any(needle in source for needle in _NEEDLES)
        or _STRING_CONSTANT.search(source) is not None
        or (_MODEL in source and _TYPE_NAMED.search(source) is not None)
    )
