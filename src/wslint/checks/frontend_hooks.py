"""Phases 3, 4 and 6 of the checklist on the frontend: URL helpers, hooks, components."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.checks import RuleInput, rule
from wslint.findings import Finding
from wslint.link import serves


@rule("WS301")
def missing_url_helper(data: RuleInput) -> Iterator[Finding]:
    project = data.project
    if not any(serves(linked, helper.path) for helper in project.url_helpers for linked in project.endpoints):
        # the project does not keep its socket URLs in a config (a base such as
        # ``WS_BASE = `ws://${host}/api` `` names no endpoint): nothing to be missing from
        return
    for linked in project.endpoints:
        if any(serves(linked, helper.path) for helper in project.url_helpers):
            continue
        if not project.client_urls_of(linked):
            continue  # nobody connects at all: WS302 says so
        yield Finding(
            code="WS301",
            ref=linked.endpoint.ref,
            message=f"`{linked.served_path}` has no URL helper in the frontend config",
            symbol=linked.served_path,
        )


@rule("WS305")
def hook_without_connection_state(data: RuleInput) -> Iterator[Finding]:
    for hook in data.project.hooks:
        if not hook.exported or hook.returns_connection_state:
            continue
        yield Finding(
            code="WS305",
            ref=hook.ref,
            message=f"WebSocket hook `{hook.name}` does not return its connection state (isConnected)",
            symbol=hook.name,
        )


@rule("WS402")
def no_disconnected_state(data: RuleInput) -> Iterator[Finding]:
    hooks = {hook.name for hook in data.project.hooks}
    for use in data.project.hook_uses:
        if use.reads_connection_state or use.hook not in hooks:
            continue
        if use.function is not None and use.function.startswith("use"):
            continue  # a hook wrapping a hook passes the state on; the component decides
        where = f"`{use.function}`" if use.function else "a component"
        yield Finding(
            code="WS402",
            ref=use.ref,
            message=f"{where} uses `{use.hook}` but never reads its connection state",
            symbol=use.hook,
        )


@rule("WS602")
def hook_without_doc(data: RuleInput) -> Iterator[Finding]:
    for hook in data.project.hooks:
        if not hook.exported or hook.has_jsdoc:
            continue
        yield Finding(
            code="WS602",
            ref=hook.ref,
            message=f"exported WebSocket hook `{hook.name}` has no JSDoc",
            symbol=hook.name,
        )
