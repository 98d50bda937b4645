"""What the map formats share: marks, the legend, a cell's text."""

from __future__ import annotations

from wslint.map.model import MISSING, OK, UNKNOWN, Client, EndpointMap, Phase, ProjectMap

MARKS = {OK: "✓", MISSING: "✗", UNKNOWN: "·"}
PHASE_TITLES = {1: "1 endpoint", 2: "2 broadcast", 3: "3 client"}
LEGEND = (
    "✓ no finding in this phase;  ✗ a finding, its codes follow (`wslint explain CODE`);  "
    "· nothing to judge (no known message type, or no frontend)"
)


def mark(phase: Phase) -> str:
    text = MARKS[phase.verdict]
    return f"{text} {' '.join(phase.codes)}" if phase.codes else text


def type_names(endpoint: EndpointMap) -> str:
    return ", ".join(item.name for item in endpoint.types) or "?"


def client_label(client: Client) -> str:
    who = client.hook or client.via
    users = [name for name in client.components if name != who]
    text = f"{who} ({client.at})"
    return f"{text} ← {', '.join(users)}" if users else text


def clients_text(endpoint: EndpointMap) -> str:
    return "; ".join(client_label(client) for client in endpoint.clients) or "-"


def title(project_map: ProjectMap) -> str:
    text = f"WebSocket map of {project_map.root}"
    if project_map.scope is not None:
        text += f" (what touches {', '.join(project_map.scope)})"
    return text


def table_rows(project_map: ProjectMap) -> list[list[str]]:
    """The map as plain rows, headed by ``TABLE_HEADER``, for the text and markdown tables."""
    return [
        [
            endpoint.path,
            f"{endpoint.handler} ({endpoint.handler_at})",
            type_names(endpoint),
            mark(endpoint.phase(1)),
            mark(endpoint.phase(2)),
            ", ".join(endpoint.url_helpers) or "-",
            clients_text(endpoint),
            mark(endpoint.phase(3)),
        ]
        for endpoint in project_map.endpoints
    ]


TABLE_HEADER = [
    "route",
    "handler",
    "types",
    PHASE_TITLES[1],
    PHASE_TITLES[2],
    "URL helper",
    "clients",
    PHASE_TITLES[3],
]


def _codes(codes: tuple[str, ...]) -> str:
    return f" ✗ {' '.join(codes)}" if codes else ""


def extra_lines(project_map: ProjectMap) -> list[str]:
    """What has no row: pushed types no endpoint sends, unserved URLs, unsent types, polling."""
    lines = []
    for loose in project_map.loose_types:
        by = ", ".join(f"{p.function} ({p.at}){_codes(p.codes)}" for p in loose.pushed_by)
        lines.append(f"pushed, sent on connect by no endpoint: {loose.name} by {by}")
    for unserved in project_map.unserved_clients:
        client = unserved.client
        lines.append(
            f"opened, served by no route: {client.url} by {client_label(client)}{_codes(client.codes)}"
        )
    for unsent in project_map.unsent_types:
        lines.append(
            f"awaited, never sent: {unsent.name}{' in ' + unsent.function if unsent.function else ''}"
            f" ({unsent.at}){_codes(unsent.codes)}"
        )
    for polling in project_map.polling:
        kind = "fallback polling" if polling.conditional else "HTTP polling left"
        where = f" in {polling.function}" if polling.function else ""
        lines.append(
            f"{kind}: refetchInterval {polling.interval}{where} ({polling.at}){_codes(polling.codes)}"
        )
    return lines
