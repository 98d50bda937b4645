"""``wslint map``: the linked topology, one row per endpoint, a mark per checklist phase."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from wslint.engine import CheckResult
from wslint.link import LinkedEndpoint, Project, serves

_OK, _MISSING, _UNKNOWN = "✓", "✗", "·"


def _clients(linked: LinkedEndpoint, project: Project) -> list[str]:
    return sorted(
        {
            f"{url.function or url.via} ({url.ref.path}:{url.ref.line})"
            for url in project.client_urls_of(linked)
        }
    )


def endpoint_rows(result: CheckResult) -> list[dict[str, str]]:
    """One plain row per endpoint: what the map shows, also usable by tests and other formats."""
    project = result.project
    pushed = project.pushed_values()
    rows = []
    for linked in sorted(project.endpoints, key=lambda item: item.served_path):
        types = sorted({item.value for item in linked.initial if item.value is not None})
        pushed_here = [
            value for value in types if value in pushed or any(i.value == value for i in linked.loop)
        ]
        clients = _clients(linked, project)
        helpers = sorted(helper.name for helper in project.url_helpers if serves(linked, helper.path))
        broadcast_mark = _UNKNOWN if not types else (_OK if len(pushed_here) == len(types) else _MISSING)
        rows.append(
            {
                "route": linked.served_path,
                "handler": linked.endpoint.handler,
                "types": ", ".join(types) or "?",
                "phase1": _OK,
                "phase2": broadcast_mark,
                "helper": ", ".join(helpers) or "-",
                "clients": "; ".join(clients) or "-",
                "phase3": (_OK if clients else _MISSING) if project.frontend_present else _UNKNOWN,
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
    polling = [p for p in result.project.polling if not p.disabled]
    if polling:
        console.print(f"HTTP polling left: {len(polling)} refetchInterval option(s)")
