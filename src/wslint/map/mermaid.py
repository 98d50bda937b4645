"""``--output-format mermaid``: a flowchart broadcasters → message types → endpoints → hooks →
components, findings drawn red.

Node ids are generated (``e0``, ``t3``), never taken from the code, and every label is
written with Mermaid entity codes for anything but plain characters, so no route, type or
function name can break or inject into the diagram.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from wslint.map.model import Client, ProjectMap, Pusher

_PLAIN = frozenset(string.ascii_letters + string.digits + " _-./:,")
_SHAPES = {
    "b": ('["', '"]'),  # broadcaster
    "t": ('(["', '"])'),  # message type
    "e": ('[["', '"]]'),  # endpoint
    "h": ('("', '")'),  # hook / the code that opens the socket
    "c": ('["', '"]'),  # component
    "m": ('["', '"]'),  # something missing
}
_RED = "stroke:#cc0000,stroke-width:2px"


def label(text: str) -> str:
    """``text`` safe inside a quoted Mermaid label: anything but plain characters as ``#code;``."""
    return "".join(char if char in _PLAIN else f"#{ord(char)};" for char in text)


@dataclass
class _Chart:
    nodes: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, key) -> id
    lines: list[str] = field(default_factory=list)
    red_nodes: list[str] = field(default_factory=list)
    missing_nodes: list[str] = field(default_factory=list)
    edges: list[str] = field(default_factory=list)
    red_edges: list[int] = field(default_factory=list)

    def node(
        self, kind: str, key: str, *parts: str, codes: tuple[str, ...] = (), missing: bool = False
    ) -> str:
        found = self.nodes.get((kind, key))
        if found is not None:
            if codes and found not in self.red_nodes and found not in self.missing_nodes:
                self.red_nodes.append(found)
            return found
        node_id = f"{kind}{sum(1 for item in self.nodes if item[0] == kind)}"
        self.nodes[(kind, key)] = node_id
        text = "<br/>".join(label(part) for part in parts if part)
        if codes:
            text += "<br/>" + label("✗ " + " ".join(codes))
        opening, closing = _SHAPES[kind]
        self.lines.append(f"  {node_id}{opening}{text}{closing}")
        if missing:
            self.missing_nodes.append(node_id)
        elif codes:
            self.red_nodes.append(node_id)
        return node_id

    def edge(self, source: str, target: str, red: bool = False, dashed: bool = False) -> None:
        line = f"  {source} {'-.->' if dashed else '-->'} {target}"
        if line in self.edges:
            return
        if red:
            self.red_edges.append(len(self.edges))
        self.edges.append(line)

    def pusher(self, pusher: Pusher) -> str:
        return self.node(
            "b",
            f"{pusher.function}@{pusher.at.rsplit(':', 1)[0]}",
            pusher.function,
            pusher.at,
            codes=pusher.codes,
        )

    def client(self, client: Client, source: str, red: bool = False) -> None:
        opener_name = client.hook or client.via.removeprefix("helper:")
        opener = self.node("h", opener_name, opener_name, client.at, codes=client.codes)
        self.edge(source, opener, red=red or bool(client.codes))
        for component in client.components:
            if component != opener_name:
                self.edge(opener, self.node("c", component, component))


def render_mermaid(project_map: ProjectMap) -> str:
    chart = _Chart()
    for index, endpoint in enumerate(project_map.endpoints):
        node = chart.node("e", str(index), endpoint.path, endpoint.handler, codes=endpoint.codes)
        for message in endpoint.types:
            type_node = chart.node("t", message.name, message.name, codes=message.codes)
            chart.edge(type_node, node, red=bool(message.codes))
            for pusher in message.pushed_by:
                chart.edge(chart.pusher(pusher), type_node, red=bool(pusher.codes))
            if not message.pushed_by and "WS201" in endpoint.phase(2).codes:
                missing = chart.node(
                    "m", f"broadcast:{message.name}", f"nothing broadcasts {message.name}", missing=True
                )
                chart.edge(missing, type_node, red=True, dashed=True)
        for client in endpoint.clients:
            chart.client(client, node)
        if not endpoint.clients and endpoint.phase(3).codes:
            missing = chart.node("m", f"client:{index}", "no client opens it", missing=True)
            chart.edge(node, missing, red=True, dashed=True)
    for loose in project_map.loose_types:
        type_node = chart.node("t", loose.name, loose.name, codes=loose.codes)
        for pusher in loose.pushed_by:
            chart.edge(chart.pusher(pusher), type_node, red=bool(loose.codes or pusher.codes))
    for unserved in project_map.unserved_clients:
        client = unserved.client
        node = chart.node(
            "m", f"url:{client.at}", client.url, "served by no route", codes=client.codes, missing=True
        )
        chart.client(
            Client(client.at, client.url, client.via, client.opened_in, client.hook, client.components),
            node,
            red=True,
        )
    for unsent in project_map.unsent_types:
        node = chart.node(
            "m", f"type:{unsent.name}", unsent.name, "never sent", codes=unsent.codes, missing=True
        )
        if unsent.function:
            target = chart.nodes.get(("h", unsent.function)) or chart.nodes.get(("c", unsent.function))
            if target is None:
                target = chart.node("c", unsent.function, unsent.function)
            chart.edge(node, target, red=True, dashed=True)
    lines = [
        "flowchart LR",
        "  classDef finding fill:#ffe5e5,stroke:#cc0000,color:#990000",
        "  classDef missing fill:#ffffff,stroke:#cc0000,stroke-dasharray:4 3,color:#990000",
    ]
    if not chart.nodes:
        lines.append(f'  none["{label("no WebSocket endpoint")}"]')
    lines += chart.lines + chart.edges
    if chart.red_nodes:
        lines.append(f"  class {','.join(chart.red_nodes)} finding")
    if chart.missing_nodes:
        lines.append(f"  class {','.join(chart.missing_nodes)} missing")
    if chart.red_edges:
        lines.append(f"  linkStyle {','.join(map(str, chart.red_edges))} {_RED}")
    return "\n".join(lines) + "\n"
