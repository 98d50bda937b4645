"""Every map format on every fixture project: the same endpoints, verdicts and findings in
each, and output that its consumers (JSON readers, Mermaid, Markdown, AsyncAPI) accept."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import FIXTURES, REPO, write_project
from wslint.engine import CheckOptions, run_check
from wslint.map import build_map, render_map
from wslint.map.markdown import cell
from wslint.map.mermaid import label
from wslint.map.model import MISSING, OK, ProjectMap

FIXTURE_DIRS = sorted(path for path in FIXTURES.iterdir() if (path / "expected.json").is_file())
ASYNCAPI_DIR = REPO / "tests" / "asyncapi"

# route, type and function names no diagram, table or document may be broken by
AWKWARD_PROJECT = {
    "app/main.py": """
from fastapi import FastAPI, WebSocket

from app.hub import hub

app = FastAPI()


@app.websocket('/ws/a"b]-->c|d`e#35;<b>{room_id}')
async def awkward(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_json({"type": 'we"ird]-->|`#35;<i>', "data": 1})
    while True:
        await websocket.receive_text()
""",
    "app/hub.py": '''
import asyncio


class Hub:
    async def broadcast(self, message: dict) -> None: ...


hub = Hub()


async def pump() -> None:
    """Pushes the odd type again."""
    while True:
        try:
            await hub.broadcast({"type": 'we"ird]-->|`#35;<i>', "data": 2})
        except Exception:
            pass
        await asyncio.sleep(5)


async def main() -> None:
    asyncio.create_task(pump())
''',
}


# handlers that read client messages, and one that only keeps its socket open
RECEIVING_PROJECT = {
    "app/main.py": """
from fastapi import FastAPI, WebSocket
from starlette.endpoints import WebSocketEndpoint

app = FastAPI()


@app.websocket("/ws/rooms/{room}")
async def rooms(websocket: WebSocket, room: str) -> None:
    await websocket.accept()
    await websocket.send_json({"type": "room_state", "data": {"room": room, "open": True}})
    while True:
        message = await websocket.receive_json()
        if message["type"] == "join":
            pass
        elif message.get("type") in ("leave", "kick"):
            pass


@app.websocket("/ws/ticker")
async def ticker(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_json({"type": "tick", "n": 1})
    while True:
        await websocket.receive_text()


class Echo(WebSocketEndpoint):
    encoding = "json"

    async def on_receive(self, websocket: WebSocket, data: dict) -> None:
        await websocket.send_json(data)


app.add_websocket_route("/ws/echo", Echo)
""",
}


@cache
def fixture_map(name: str) -> ProjectMap:
    return build_map(run_check(CheckOptions(paths=[FIXTURES / name], use_cache=False)))


def awkward_map(tmp_path: Path) -> ProjectMap:
    root = write_project(tmp_path / "awkward", AWKWARD_PROJECT)
    return build_map(run_check(CheckOptions(paths=[root], use_cache=False)))


names = pytest.mark.parametrize("name", [path.name for path in FIXTURE_DIRS])


# ------------------------------------------------------------------------------- json


@names
def test_json_holds_every_endpoint_and_every_finding(name: str) -> None:
    mapped = fixture_map(name)
    data = json.loads(render_map("json", mapped))
    result = run_check(CheckOptions(paths=[FIXTURES / name], use_cache=False))
    assert [item["path"] for item in data["endpoints"]] == sorted(
        linked.served_path for linked in result.project.endpoints
    )
    assert sorted((f["code"], f["at"]) for f in data["findings"]) == sorted(
        (f.code, f"{f.ref.path}:{f.ref.line}") for f in result.findings
    )
    reported = {f["code"] for f in data["findings"]}
    for endpoint in data["endpoints"]:
        assert re.fullmatch(r".+:\d+", endpoint["handler_at"])
        for phase in endpoint["phases"]:
            assert (phase["verdict"] == MISSING) == bool(phase["codes"])
            assert set(phase["codes"]) <= reported
    for number, codes in data["phases"].items():
        assert set(codes) == {f["code"] for f in data["findings"] if str(f["phase"]) == number}


def test_json_of_the_realistic_fixture_names_who_sends_what() -> None:
    data = json.loads(render_map("json", fixture_map("realistic")))
    watchlist = next(item for item in data["endpoints"] if item["path"] == "/api/v1/ws/watchlist")
    assert watchlist["types"] == [
        {
            "name": "watchlist",
            "initial": True,
            "sent_at": ["backend/app/api/routes/ws.py:83"],
            "pushed_by": [],
            "codes": ["WS201"],
            "payload": {
                "type": "object",
                "properties": {"type": {"const": "watchlist"}, "data": {}},
                "required": ["type", "data"],
            },
        }
    ]
    assert [phase["verdict"] for phase in watchlist["phases"]] == [OK, MISSING, OK]
    assert data["polling"][0]["at"] == "web/src/components/AccountSummary.tsx:11"


# ---------------------------------------------------------------------------- mermaid


def mermaid_nodes(chart: str) -> dict[str, str]:
    """Node id -> label text, as the chart declares them."""
    return dict(re.findall(r"^  ([a-z]\d+)\W+\"(.*?)\"\W*$", chart, flags=re.M))


@names
def test_mermaid_has_a_node_per_endpoint_and_only_generated_ids(name: str) -> None:
    mapped = fixture_map(name)
    chart = render_map("mermaid", mapped)
    assert chart.startswith("flowchart LR\n")
    nodes = mermaid_nodes(chart)
    assert sorted(node for node in nodes if node.startswith("e")) == sorted(
        f"e{index}" for index in range(len(mapped.endpoints))
    )
    for line in chart.splitlines()[3:]:
        assert re.fullmatch(
            r"  ([a-z]\d+\W+\".*\"\W*|[a-z]\d+ (-->|-\.->) [a-z]\d+|class [a-z\d,]+ \w+|linkStyle [\d,]+ .+"
            r"|none\[\".*\"\])",
            line,
        ), line
    for text in nodes.values():
        assert '"' not in text


def test_mermaid_draws_findings_red() -> None:
    chart = render_map("mermaid", fixture_map("realistic"))
    nodes = mermaid_nodes(chart)
    [red] = re.findall(r"^  class ([\w,]+) finding$", chart, flags=re.M)  # one class line for them all
    red_labels = [nodes[node] for node in red.split(",")]
    assert any(text.startswith("watchlist") and "WS201" in text for text in red_labels)
    assert any("WS202" in text for text in red_labels)
    [missing] = re.findall(r"^  class ([\w,]+) missing$", chart, flags=re.M)
    assert "nothing broadcasts watchlist" in [nodes[node] for node in missing.split(",")]
    assert re.search(r"^  linkStyle [\d,]+ stroke:#cc0000", chart, flags=re.M)


def test_mermaid_labels_cannot_break_the_chart(tmp_path: Path) -> None:
    assert label('a"b]-->#35;<br/>`') == "a#34;b#93;--#62;#35;35#59;#60;br/#62;#96;"
    chart = render_map("mermaid", awkward_map(tmp_path))
    for forbidden in ('we"ird', "-->|", "<i>", "`"):
        assert forbidden not in chart
    assert len([node for node in mermaid_nodes(chart) if node.startswith("e")]) == 1


# --------------------------------------------------------------------------- markdown


@names
def test_markdown_is_the_table_and_the_chart(name: str) -> None:
    mapped = fixture_map(name)
    text = render_map("markdown", mapped)
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == (1 + len(mapped.endpoints) if mapped.endpoints else 0)
    columns = {line.count(" | ") for line in rows}
    assert len(columns) <= 1  # no cell adds or drops a column
    assert f"```mermaid\n{render_map('mermaid', mapped)}```\n" in text


def test_markdown_cells_are_literal(tmp_path: Path) -> None:
    assert cell("a|b <script> *x* `y`") == "a&#124;b &lt;script&gt; \\*x\\* \\`y\\`"
    text = render_map("markdown", awkward_map(tmp_path))
    row = next(line for line in text.splitlines() if line.startswith("| /ws"))
    assert row.count(" | ") == 7
    assert "<b>" not in text and "<i>" not in text


# --------------------------------------------------------------------------- asyncapi


def asyncapi(mapped: ProjectMap) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_map("asyncapi", mapped))
    return document


def resolve(document: dict[str, Any], pointer: str) -> Any:
    assert pointer.startswith("#/")
    node: Any = document
    for part in pointer[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


@names
def test_asyncapi_has_a_channel_per_endpoint_and_resolvable_references(name: str) -> None:
    mapped = fixture_map(name)
    document = asyncapi(mapped)
    assert document["asyncapi"] == "3.0.0"
    channels = document["channels"]
    assert sorted(channel["address"] for channel in channels.values()) == sorted(
        e.path for e in mapped.endpoints
    )
    for channel in channels.values():
        assert sorted(channel.get("parameters", {})) == sorted(re.findall(r"\{(\w+)\}", channel["address"]))
        for reference in channel.get("messages", {}).values():
            assert "payload" in resolve(document, reference["$ref"])
    for operation in document["operations"].values():
        assert operation["action"] in ("send", "receive")  # receive: what a handler reads
        channel = resolve(document, operation["channel"]["$ref"])
        for reference in operation["messages"]:
            assert resolve(document, reference["$ref"]) in channel["messages"].values()


def test_asyncapi_of_the_realistic_fixture() -> None:
    document = asyncapi(fixture_map("realistic"))
    prices = document["channels"]["api_v1_ws_prices_symbol"]
    assert prices["address"] == "/api/v1/ws/prices/{symbol}"
    assert list(prices["parameters"]) == ["symbol"]
    tick = document["components"]["messages"]["price_tick"]
    assert tick["name"] == "price_tick"
    assert "MarketFeed._poll_prices (backend/app/services/market_feed.py:78)" in tick["description"]
    assert document["operations"]["api_v1_ws_prices_symbol_send"]["messages"] == [
        {"$ref": "#/channels/api_v1_ws_prices_symbol/messages/price_tick"}
    ]


def test_asyncapi_payloads_are_read_from_the_dict_literal_or_model_sent(tmp_path: Path) -> None:
    document = asyncapi(fixture_map("realistic"))
    assert document["components"]["messages"]["watchlist"]["payload"] == {
        "type": "object",
        "properties": {"type": {"const": "watchlist"}, "data": {}},
        "required": ["type", "data"],
    }
    # sent as a Pydantic model: its annotated fields, the type as a constant
    assert document["components"]["messages"]["price_tick"]["payload"] == {
        "type": "object",
        "properties": {
            "type": {"const": "price_tick"},
            "symbol": {"type": "string"},
            "price": {},  # a Decimal: its JSON form depends on the serialiser
            "ts": {"type": "string", "format": "date-time"},
        },
        "required": ["type", "symbol", "price", "ts"],
    }
    awkward = asyncapi(awkward_map(tmp_path))
    [message] = awkward["components"]["messages"].values()
    assert message["payload"]["properties"] == {
        "type": {"const": 'we"ird]-->|`#35;<i>'},
        "data": {"type": "integer"},
    }


def test_asyncapi_receive_operations_for_what_handlers_read(tmp_path: Path) -> None:
    root = write_project(tmp_path / "receiving", RECEIVING_PROJECT)
    mapped = build_map(run_check(CheckOptions(paths=[root], use_cache=False)))
    accepts = {endpoint.path: (endpoint.receives, endpoint.accepted_types) for endpoint in mapped.endpoints}
    assert accepts["/ws/rooms/{room}"] == (True, ("join", "leave", "kick"))
    assert accepts["/ws/ticker"] == (False, ())  # reads only to keep the socket open
    assert accepts["/ws/echo"] == (True, ())  # a WebSocketEndpoint's on_receive, types not told apart
    document = asyncapi(mapped)
    operations = document["operations"]
    assert "ws_ticker_receive" not in operations
    received = [item["$ref"] for item in operations["ws_rooms_room_receive"]["messages"]]
    assert [resolve(document, ref)["$ref"] for ref in received] == [
        "#/components/messages/join_from_client",
        "#/components/messages/leave_from_client",
        "#/components/messages/kick_from_client",
    ]
    assert operations["ws_rooms_room_send"]["messages"] == [
        {"$ref": "#/channels/ws_rooms_room/messages/room_state"}
    ]
    room_state = document["components"]["messages"]["room_state"]["payload"]
    assert room_state["properties"]["data"] == {
        "type": "object",
        "properties": {"room": {}, "open": {"type": "boolean"}},
        "required": ["room", "open"],
    }
    (tmp_path / "receiving.json").write_text(json.dumps(document), encoding="utf-8")
    [result] = _parser_diagnostics([tmp_path / "receiving.json"])
    assert [d["message"] for d in result["diagnostics"] if d["severity"] == 0] == []


def _parser_diagnostics(paths: list[Path]) -> list[dict[str, Any]]:
    if not (ASYNCAPI_DIR / "node_modules" / "@asyncapi" / "parser").is_dir():
        pytest.skip("the AsyncAPI parser is not installed: run `npm ci` in tests/asyncapi")
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    done = subprocess.run(
        [node, "validate.mjs", *map(str, paths)],
        cwd=ASYNCAPI_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def test_asyncapi_passes_the_official_parser_on_every_fixture(tmp_path: Path) -> None:
    paths = []
    for fixture in FIXTURE_DIRS:
        target = tmp_path / f"{fixture.name}.json"
        target.write_text(render_map("asyncapi", fixture_map(fixture.name)), encoding="utf-8")
        paths.append(target)
    awkward = tmp_path / "awkward.json"
    awkward.write_text(render_map("asyncapi", awkward_map(tmp_path)), encoding="utf-8")
    broken = tmp_path / "broken.json"  # proves the parser would tell: a dangling reference
    document = asyncapi(fixture_map("realistic"))
    document["operations"]["api_v1_ws_prices_symbol_send"]["channel"]["$ref"] = "#/channels/nowhere"
    broken.write_text(json.dumps(document), encoding="utf-8")
    results = {
        Path(item["file"]).name: item["diagnostics"]
        for item in _parser_diagnostics([*paths, awkward, broken])
    }
    errors = {
        name: [d["message"] for d in diagnostics if d["severity"] == 0]
        for name, diagnostics in results.items()
    }
    assert errors.pop("broken.json"), "the parser found no error in a broken document"
    assert errors == {name: [] for name in errors}
