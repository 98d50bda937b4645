"""WS301 missing-url-helper: an endpoint with no URL helper in the frontend config, although the
project keeps its WebSocket URLs there."""

from __future__ import annotations

from collections.abc import Iterator

from wslint import fixes
from wslint.findings import Finding
from wslint.link import serves
from wslint.rules import RuleContext


def check(ctx: RuleContext) -> Iterator[Finding]:
    project = ctx.project
    if not any(serves(linked, helper.path) for helper in project.url_helpers for linked in project.endpoints):
        # the project does not keep its socket URLs in a config (a base such as
        # ``WS_BASE = `ws://${host}/api` `` names no endpoint): nothing to be missing from
        return
    for linked in project.endpoints:
        if any(serves(linked, helper.path) for helper in project.url_helpers):
            continue
        if not project.client_urls_of(linked):
            continue  # nobody connects at all: WS302 says so
        yield ctx.report(
            linked.endpoint.ref,
            f"`{linked.served_path}` has no URL helper in the frontend config",
            symbol=linked.served_path,
            fix=fixes.missing_url_helper(project, linked),
        )
