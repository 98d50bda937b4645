"""WS601 undocumented-endpoint: an endpoint or a WebSocket hook the architecture doc (``docs`` in
the configuration) does not mention. The engine reads the doc; without one the rule is silent."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.findings import Finding
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    doc = ctx.docs
    if doc is None:
        return
    for linked in ctx.project.endpoints:
        if (
            any(served in doc.text for served in linked.served_paths)
            or (linked.endpoint.path or "\0") in doc.text
        ):
            continue
        yield ctx.report(
            linked.endpoint.ref,
            f"`{linked.served_path}` is not mentioned in {doc.name}",
            symbol=linked.served_path,
        )
    for hook in ctx.project.hooks:
        if hook.exported and hook.name not in doc.text:
            yield ctx.report(hook.ref, f"hook `{hook.name}` is not mentioned in {doc.name}", symbol=hook.name)
