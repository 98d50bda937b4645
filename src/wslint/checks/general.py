"""wslint's own rules (phase 0)."""

from __future__ import annotations

from collections.abc import Iterator

from wslint.checks import RuleInput, rule
from wslint.findings import Finding


@rule("WS001")
def parse_error(data: RuleInput) -> Iterator[Finding]:
    for file in data.project.files:
        if file.parse_errors:
            error = file.parse_errors[0]
            yield Finding(
                code="WS001",
                ref=error.ref,
                message=f"cannot parse `{file.path}`: {error.message}; its WebSocket facts are not checked",
                symbol=file.path,
            )
