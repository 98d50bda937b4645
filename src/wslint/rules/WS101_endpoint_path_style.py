"""WS101 endpoint-path-style: a WebSocket route path that is not ``/ws/<kebab-case>``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from wslint.findings import Finding
from wslint.link import path_segments
from wslint.rules import RuleContext
from wslint.vocabulary import KEBAB_SEGMENT

_PARAM = re.compile(r"^\{[A-Za-z_][A-Za-z0-9_]*(:[a-z]+)?\}$")


def check(ctx: RuleContext) -> Iterator[Finding]:
    for linked in ctx.project.endpoints:
        path = linked.endpoint.path or ""
        segments = path_segments(linked.served_path)
        if segments == ["ws"]:
            continue  # one multiplexed socket: a design choice, not a naming slip
        rest = segments[segments.index("ws") + 1 :] if "ws" in segments else None
        if rest and all(KEBAB_SEGMENT.match(s) or _PARAM.match(s) for s in rest):
            continue
        yield ctx.report(linked.endpoint.ref, f"route `{path}` is not `/ws/<kebab-case>`", symbol=path)
