"""``wslint map``: the linked topology, one row per endpoint, a mark per checklist phase."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from wslint.engine import CheckResult
from wslint.findings import Finding
from wslint.link import LinkedEndpoint, Project, serves

_OK, _MISSING, _UNKNOWN = "✓", "✗", "·"


def _clients(linked: LinkedEndpoint, project: Project) -> list[str]:
    return sorted(
        {
            f"{url.function or url.via} ({url.ref.path}:{url.ref.line})"
            for url in project.client_urls_of(linked)
        }
    )


def _phase_mark(findings: list[Finding], phase_codes: tuple[str, ...], known: bool) -> str:
    if any(finding.code.startswith(phase_codes) for finding in findings):
        return _MISSING
    return _OK if known else _UNKNOWN


def endpoint_rows(result: CheckResult) -> list[dict[str, str]]:
    """One plain row per endpoint; a phase is marked missing when a finding of that phase
    points at the endpoint (or at its initial type), so the map agrees with ``check``."""
    project = result.project
    rows = []
    for linked in sorted(project.endpoints, key=lambda item: item.served_path):
        refs = {linked.endpoint.ref, linked.endpoint.handler_ref, *(item.ref for item in linked.initial)}
        mine = [
            finding
            for finding in result.findings
            if finding.ref in refs or any(related.ref in refs for related in finding.related)
        ]
        values = [item.value for item in (*linked.initial, *linked.loop) if item.value is not None]
        types = sorted(set(values))
        clients = _clients(linked, project)
        helpers = sorted(helper.name for helper in project.url_helpers if serves(linked, helper.path))
        rows.append(
            {
                "route": linked.served_path,
                "handler": linked.endpoint.handler,
                "types": ", ".join(types) or "?",
                "phase1": _phase_mark(mine, ("WS1",), known=True),
                "phase2": _phase_mark(mine, ("WS2",), known=bool(types)),
                "helper": ", ".join(helpers) or "-",
                "clients": "; ".join(clients) or "-",
                "phase3": _phase_mark(mine, ("WS3",), known=project.frontend_present),
            }
        )
    return rows


def render_map(result: CheckResult) -> None:
    console = Console(file=sys.stdout, soft_wrap=False)
    table = Table(title=f"WebSocket topology of {result.root}", show_lines=False)
    for column in (
        "route",
        "handler",
        "types",
        "1 endpoint",
        "2 broadcast",
        "URL helper",
        "clients",
        "3 client",
    ):
        table.add_column(column)
    for row in endpoint_rows(result):
        table.add_row(
            row["route"],
            row["handler"],
            row["types"],
            row["phase1"],
            row["phase2"],
            row["helper"],
            row["clients"],
            row["phase3"],
        )
    console.print(table)
    polling = [finding for finding in result.findings if finding.code in ("WS401", "WS701")]
    if polling:
        console.print(
            f"HTTP polling left: {len(polling)} refetchInterval option(s); `wslint check` lists them"
        )
