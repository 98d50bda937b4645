"""Phases 5 and 6 of the checklist: endpoints are tested and documented."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.checks import RuleInput, rule
from wslint.config import ConfigError
from wslint.findings import Finding
from wslint.link import serves


@rule("WS501")
def endpoint_untested(data: RuleInput) -> Iterator[Finding]:
    project = data.project
    if not project.has_tests:
        return  # a project without tests gets no test advice per endpoint
    for linked in project.endpoints:
        if any(serves(linked, path) for path in project.test_paths):
            continue
        yield Finding(
            code="WS501",
            ref=linked.endpoint.ref,
            message=f"no test opens `{linked.served_path}` (client.websocket_connect)",
            symbol=linked.served_path,
        )


@rule("WS601")
def undocumented_endpoint(data: RuleInput) -> Iterator[Finding]:
    config = data.config
    if config.docs is None:
        return
    doc_path = config.root / config.docs
    try:
        text = doc_path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        where = config.source or "configuration"
        raise ConfigError(f"{where}: `docs` = {config.docs!r} cannot be read: {error.strerror}") from None
    for linked in data.project.endpoints:
        if any(served in text for served in linked.served_paths) or (linked.endpoint.path or "\0") in text:
            continue
        yield Finding(
            code="WS601",
            ref=linked.endpoint.ref,
            message=f"`{linked.served_path}` is not mentioned in {config.docs}",
            symbol=linked.served_path,
        )
    for hook in data.project.hooks:
        if hook.exported and hook.name not in text:
            yield Finding(
                code="WS601",
                ref=hook.ref,
                message=f"hook `{hook.name}` is not mentioned in {config.docs}",
                symbol=hook.name,
            )
