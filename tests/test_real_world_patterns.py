"""Patterns met in real open-source FastAPI / Starlette / socket.io projects that once gave
false alarms. Each project is the smallest one that showed the problem, in our own words."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import check_rows, write_project

# A backend that pushes ``board_update`` and ``board_reset``; the frontends below handle only
# ``board_update``, so WS206 has something real to say about ``board_reset``.
BOARD_BACKEND = """\
from fastapi import FastAPI, WebSocket

from app.hub import hub

app = FastAPI()


@app.websocket("/ws/board")
async def websocket_board(websocket: WebSocket) -> None:
    await hub.connect(websocket)
    await websocket.send_json({"type": "board_update", "data": []})
    while True:
        await websocket.receive_text()


@app.post("/api/board")
async def change_board() -> None:
    await hub.broadcast({"type": "board_update", "data": []})
    await hub.broadcast({"type": "board_reset"})
"""

BOARD_HOOK = """\
export function watchBoard(onBoard: (rows: unknown) => void) {
  const socket = new WebSocket(`ws://${window.location.host}/ws/board`);
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "board_update") onBoard(message.data);
  };
}
"""


def _board(tmp_path: Path, extra: dict[str, str]) -> Path:
    files = {
        "app/__init__.py": "",
        "app/hub.py": "hub = object()\n",
        "app/main.py": BOARD_BACKEND,
        "web/package.json": '{"name": "web"}\n',
        "web/src/board.ts": BOARD_HOOK,
    }
    return write_project(tmp_path, {**files, **extra})


def test_a_minified_bundle_is_not_frontend_code(tmp_path: Path) -> None:
    # A built asset shipped next to the sources: vendored socket code waiting for its own
    # protocol's types, on long minified lines.
    chunk = "var a=1;" * 200
    bundle = (
        f"{chunk}function q(e){{const t=new WebSocket(e);t.onmessage=n=>{{const r=JSON.parse(n.data);"
        f'if(r.type==="abort")t.close()}}}};{chunk}\n'
    ) * 3
    root = _board(tmp_path, {"web/src/assets/index-5f3a9c.js": bundle})
    assert check_rows(root) == [("WS206", "app/main.py", 19, "board_reset")]


def test_a_bundler_runtime_is_not_frontend_code(tmp_path: Path) -> None:
    bundle = """\
/******/ (() => { // webpackBootstrap
/******/ var __webpack_modules__ = {};
function __webpack_require__(id) { return __webpack_modules__[id]; }
const socket = new WebSocket("ws://localhost:9000/ws/devserver");
socket.onmessage = (event) => { if (JSON.parse(event.data).type === "hot_reload") location.reload(); };
/******/ })();
"""
    root = _board(tmp_path, {"web/src/vendor/runtime.js": bundle})
    assert check_rows(root) == [("WS206", "app/main.py", 19, "board_reset")]


def test_a_server_rendered_template_with_a_js_suffix_is_not_a_parse_error(tmp_path: Path) -> None:
    template = """\
{# Rendered by the server with the page's settings. #}
(function(root) {
  const socketUrl = "{{ socket_url }}";
  {% if debug %}
  console.log("debug");
  {% endif %}
})(window);
"""
    root = _board(tmp_path, {"app/templates/loader.js": template})
    assert check_rows(root) == [("WS206", "app/main.py", 19, "board_reset")]


def test_a_third_party_socket_in_the_frontend_is_not_an_unknown_endpoint(tmp_path: Path) -> None:
    feed = """\
export function watchTrades(onTrade: (price: number) => void) {
  const socket = new WebSocket("wss://stream.exchange.example.com/ws/btcusdt@trade");
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "trade") onTrade(message.price);
  };
}
"""
    root = _board(tmp_path, {"web/src/trades.ts": feed})
    assert check_rows(root) == [("WS206", "app/main.py", 19, "board_reset")]


def test_a_module_function_calling_an_objects_method_of_the_same_name_starts_it(tmp_path: Path) -> None:
    emitter = """\
class Emitter:
    def __init__(self, sio):
        self.sio = sio

    async def _send_banner(self, text):
        await self.sio.emit("banner", {"text": text})


emitter = Emitter(None)
"""
    api = """\
from app.emitter import emitter


async def _send_banner(text):
    \"\"\"The public helper users call; it forwards to the session's emitter.\"\"\"
    await emitter._send_banner(text)
"""
    root = write_project(
        tmp_path,
        {"app/__init__.py": "import fastapi\n", "app/emitter.py": emitter, "app/api.py": api},
    )
    # ``emitter._send_banner(text)`` inside ``_send_banner`` calls the emitter's method, not itself
    assert check_rows(root) == []


def test_a_function_passed_in_a_conditional_expression_is_started(tmp_path: Path) -> None:
    events = """\
import sys


def emit_progress(done, total):
    sys.stdout.write(f"{done}/{total}\\n")


async def send_progress(manager, done, total):
    await manager.broadcast({"type": "copy_progress", "done": done, "total": total})
"""
    command = """\
from app import events


async def copy(manager, rows, as_json):
    \"\"\"Copy the rows; with ``as_json``, broadcast the progress.\"\"\"
    await copy_rows(rows, on_progress=events.send_progress if as_json else None)
"""
    root = write_project(
        tmp_path, {"app/__init__.py": "", "app/events.py": events, "app/command.py": command}
    )
    assert check_rows(root) == []


def test_public_one_shot_methods_are_an_interface_private_ones_and_loops_are_not(tmp_path: Path) -> None:
    emitter = """\
import asyncio


class SessionEmitter:
    def __init__(self, sio):
        self.sio = sio

    async def send_toast(self, text):
        await self.sio.emit("toast", {"text": text})

    async def _send_debug(self, text):
        await self.sio.emit("debug", {"text": text})

    async def stream_clock(self):
        while True:
            try:
                await self.sio.emit("clock", {"now": 1})
            except Exception:
                pass
            await asyncio.sleep(5)
"""
    root = write_project(tmp_path, {"app/__init__.py": "import fastapi\n", "app/emitter.py": emitter})
    assert check_rows(root) == [
        ("WS202", "app/emitter.py", 11, "SessionEmitter._send_debug"),
        ("WS202", "app/emitter.py", 14, "SessionEmitter.stream_clock"),
        ("WS203", "app/emitter.py", 15, "SessionEmitter.stream_clock"),
    ]


PROXY = """\
import aiohttp
from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/ws/terminal/{session_id}")
async def websocket_terminal(websocket: WebSocket, session_id: str) -> None:
    await websocket.accept()
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"http://terminals:7681/{session_id}") as upstream:
            await upstream.send_json({"type": "auth", "token": "t"})

            async def to_client():
                async for message in upstream:
                    await websocket.send_text(message.data)

            async def to_upstream():
                while True:
                    await upstream.send_str(await websocket.receive_text())

            await run_both(to_client(), to_upstream())
"""


def test_a_proxy_endpoints_message_to_its_upstream_is_not_initial_data(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"app/__init__.py": "", "app/main.py": PROXY})
    assert check_rows(root) == []


def test_a_client_of_another_server_does_not_broadcast(tmp_path: Path) -> None:
    worker = """\
import asyncio

import websockets
from websockets.asyncio.client import ClientConnection


async def synthesize(url, text):
    ws = await websockets.connect(url)
    async for event in ws:
        if event == "created":
            await ws.send(json.dumps({"type": "speech.request", "text": text}))


async def beat(websocket: ClientConnection) -> None:
    while True:
        await asyncio.sleep(10)
        await websocket.send(json.dumps({"type": "worker.status", "ok": True}))
"""
    root = write_project(
        tmp_path,
        {
            "app/__init__.py": "import fastapi\n",
            "app/worker.py": worker,
            "app/main.py": BOARD_BACKEND,
            "app/hub.py": "hub = object()\n",
            "web/package.json": '{"name": "web"}\n',
            "web/src/board.ts": BOARD_HOOK,
        },
    )
    # neither ``speech.request`` nor ``worker.status`` reaches our clients: no WS204 / WS206
    assert check_rows(root) == [("WS206", "app/main.py", 19, "board_reset")]


def test_an_error_report_and_namespaced_keepalives_are_not_initial_data(tmp_path: Path) -> None:
    bridge = """\
from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/ws/call")
async def websocket_call(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        await websocket.send_json({"type": "call.ready"})

        async def client_events():
            while True:
                event = await websocket.receive_json()
                if event["type"] == "call.ping":
                    await websocket.send_json({"type": "call.pong"})

        async def provider_events(provider):
            async for event in provider:
                await websocket.send_json(event)

        await run_both(client_events(), provider_events(open_provider()))
    except Exception:
        await websocket.send_json({"type": "call.error", "message": "closed"})
"""
    root = write_project(tmp_path, {"app/__init__.py": "", "app/main.py": bridge})
    assert check_rows(root) == []


def test_per_connection_and_per_stream_loops_need_no_try(tmp_path: Path) -> None:
    events = """\
import asyncio

from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/ws/events")
async def websocket_events(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_json({"type": "events_snapshot", "data": []})
    while True:
        await websocket.send_json({"type": "event", "data": await next_event()})


async def run_job(bus, frames):
    async for frame in frames:
        await bus.publish({"type": "job_frame", "data": frame})


async def tick(manager):
    while True:
        await manager.broadcast({"type": "tick"})
        await asyncio.sleep(5)
"""
    root = write_project(tmp_path, {"app/__init__.py": "", "app/main.py": events})
    assert [row for row in check_rows(root) if row[0] == "WS204"] == [("WS204", "app/main.py", 22, "tick")]


def test_an_echo_endpoint_with_a_keyword_only_socket_sends_replies(tmp_path: Path) -> None:
    echo = """\
from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/items/{item_id}/ws")
async def websocket_endpoint(*, websocket: WebSocket, item_id: str) -> None:
    await websocket.accept()
    while True:
        data = await websocket.receive_text()
        await websocket.send_text(f"{item_id}: {data}")


@app.websocket("/ws/silent")
async def websocket_silent(websocket: WebSocket) -> None:
    await websocket.accept()
    while True:
        if await websocket.receive_text() == "ping":
            await websocket.send_text("pong")
"""
    root = write_project(tmp_path, {"app/__init__.py": "", "app/main.py": echo})
    assert check_rows(root) == [("WS104", "app/main.py", 14, "/ws/silent")]


def test_a_frontend_of_a_socket_served_by_aiohttp_in_the_backend_is_not_unknown(tmp_path: Path) -> None:
    # A companion (a browser extension) talks to a small aiohttp relay the backend runs next to
    # FastAPI: its URL and its handshake types are that server's, whose routes we do not read.
    relay = """\
from aiohttp import web


class Relay:
    def __init__(self) -> None:
        self.app = web.Application()
        self.app.router.add_get("/companion/v2", self.serve)

    async def serve(self, request):
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello.challenge"})
        return socket
"""
    companion = """\
export class CompanionLink {
  open(port) {
    this.socket = new WebSocket(`ws://127.0.0.1:${port}/companion/v2`);
    this.socket.onmessage = (event) => this.onFrame(JSON.parse(event.data));
  }
  onFrame(frame) {
    if (frame.type === "hello.challenge") this.answer(frame);
  }
}
"""
    root = _board(tmp_path, {"app/relay.py": relay, "companion/link.js": companion})
    assert check_rows(root) == [("WS206", "app/main.py", 19, "board_reset")]


def test_a_popup_button_named_after_the_connection_is_not_a_socket(tmp_path: Path) -> None:
    popup = """\
const connectionToggle = document.querySelector("#toggle");
connectionToggle.addEventListener("click", () => {
  chrome.runtime.sendMessage({ type: "toggle" });
});
"""
    worker = """\
function handleMenuMessage(request) {
  switch (request.type) {
    case "toggle":
      return true;
  }
}
chrome.runtime.onMessage.addListener((request, sender, reply) => {
  reply(handleMenuMessage(request));
});
"""
    root = _board(tmp_path, {"web/src/popup.js": popup, "web/src/worker.js": worker})
    assert check_rows(root) == [("WS206", "app/main.py", 19, "board_reset")]


STATUS_ENDPOINT = """\
from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/ws/status")
async def websocket_status(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_json({"type": "status_update", "data": {}})
"""

STATUS_HOOK = """\
export function useStatus(onStatus: (data: unknown) => void) {
  const socket = new WebSocket(`ws://${window.location.host}/ws/status`);
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "status_update") onStatus(message.data);
  };
  return { isConnected: socket.readyState === 1 };
}
"""


def test_a_local_emit_function_that_only_logs_is_not_a_push(tmp_path: Path) -> None:
    telemetry = """\
import logging

log = logging.getLogger(__name__)


def choose_option(options: list[str]) -> str:
    def emit(outcome: str) -> None:
        log.info("option_outcome", extra={"outcome": outcome})

    emit("option_chosen")
    return options[0]
"""
    root = write_project(
        tmp_path,
        {
            "app/main.py": STATUS_ENDPOINT,
            "app/select.py": telemetry,
            "web/package.json": "{}",
            "web/src/useStatus.ts": STATUS_HOOK,
        },
    )
    assert check_rows(root) == [("WS201", "app/main.py", 9, "status_update")]


def test_send_on_a_stream_that_is_not_a_socket_is_not_a_push(tmp_path: Path) -> None:
    streaming = """\
import asyncio


async def relay_answers(stream, answers) -> None:
    while True:
        answer = await answers.get()
        await stream.send({"type": "answer_chunk", "text": answer})
        await asyncio.sleep(0)


async def relay_to_sockets(sockets, answers) -> None:
    while True:
        answer = await answers.get()
        for socket in sockets:
            await socket.send_json({"type": "answer_ready", "text": answer})
"""
    root = write_project(
        tmp_path,
        {
            "app/main.py": STATUS_ENDPOINT,
            "app/stream.py": streaming,
            "web/package.json": "{}",
            "web/src/useStatus.ts": STATUS_HOOK,
        },
    )
    assert check_rows(root) == [
        ("WS201", "app/main.py", 9, "status_update"),
        ("WS202", "app/stream.py", 11, "relay_to_sockets"),
        ("WS204", "app/stream.py", 12, "relay_to_sockets"),
        ("WS206", "app/stream.py", 15, "answer_ready"),  # the socket fan-out still counts
    ]


def test_a_loop_that_reads_its_own_clients_messages_needs_no_try(tmp_path: Path) -> None:
    protocol_server = """\
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket


class QueryServer:
    def routes(self) -> list[WebSocketRoute]:
        return [WebSocketRoute("/ws/query", self.query_socket)]

    async def query_socket(self, websocket: WebSocket) -> None:
        await websocket.accept()
        try:
            while True:
                request = await websocket.receive_json()
                if request.get("type") == "start":
                    await websocket.send_json({"type": "query_result", "data": request})
        finally:
            await websocket.close()
"""
    root = write_project(tmp_path, {"app/server.py": protocol_server})
    assert [row for row in check_rows(root) if row[0] == "WS204"] == []


# --------------------------------------------------------------------------- Starlette apps

STARLETTE_ENDPOINTS = """\
from starlette.endpoints import WebSocketEndpoint

from app.hub import hub


class FeedSocket(WebSocketEndpoint):
    encoding = "json"

    async def on_connect(self, websocket):
        await websocket.accept()
        hub.sockets.add(websocket)
        await websocket.send_json({"type": "feed_snapshot", "data": []})
"""

STARLETTE_HUB = """\
class Hub:
    def __init__(self):
        self.sockets = set()

    async def _send_all(self, message):
        for socket in list(self.sockets):
            await socket.send_json(message)

    async def on_item(self, item):
        await self._send_all({"type": "feed_snapshot", "data": [item]})


hub = Hub()
"""

STARLETTE_APP = """\
from starlette.applications import Starlette
from starlette.routing import Mount, WebSocketRoute

from app.endpoints import FeedSocket
from app.hub import hub

ws_routes = [WebSocketRoute("/ws/feed", FeedSocket)]

app = Starlette(
    routes=[
        Mount("/api", routes=ws_routes),
        Mount("/v2", routes=[Mount("/rt", routes=[WebSocketRoute("/ws/feed", FeedSocket)])]),
    ],
    on_startup=[hub.on_item],
)
"""


def _starlette(tmp_path: Path, client: str) -> Path:
    return write_project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/hub.py": STARLETTE_HUB,
            "app/endpoints.py": STARLETTE_ENDPOINTS,
            "app/main.py": STARLETTE_APP,
            "web/package.json": '{"name": "web"}\n',
            "web/src/feed.ts": client,
        },
    )


FEED_CLIENT = """\
export function watchFeed(onRows: (rows: unknown) => void, legacy: boolean) {
  const socket = legacy
    ? new WebSocket(`ws://${window.location.host}%s`)
    : new WebSocket(`ws://${window.location.host}%s`);
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "feed_snapshot") onRows(message.data);
  };
}
"""


def test_starlette_mount_prefixes_routes_listed_in_it_or_in_a_module_list(tmp_path: Path) -> None:
    # ``Mount("/api", routes=ws_routes)`` serves the listed route at ``/api/ws/feed``, a nested
    # ``Mount`` of literal lists at ``/v2/rt/ws/feed``; the handler class lives in another module
    # and its fan-out goes through a private ``_send_all(message)``.
    assert check_rows(_starlette(tmp_path / "ok", FEED_CLIENT % ("/v2/rt/ws/feed", "/api/ws/feed"))) == []
    wrong = check_rows(_starlette(tmp_path / "wrong", FEED_CLIENT % ("/v2/rt/ws/feed", "/api/ws/feeds")))
    assert [(row[0], row[3]) for row in wrong] == [("WS302", "/api/ws/feed"), ("WS304", "/api/ws/feeds")]


def test_a_helper_sending_to_the_one_socket_it_is_given_is_not_a_push(tmp_path: Path) -> None:
    # ``_send(ws, message)`` is the initial send of an endpoint, not a fan-out: the endpoint's
    # type is still never pushed again.
    backend = """\
from fastapi import FastAPI, WebSocket

app = FastAPI()


async def _send(ws: WebSocket, message: dict) -> None:
    await ws.send_json(message)


@app.websocket("/ws/board")
async def websocket_board(websocket: WebSocket) -> None:
    await websocket.accept()
    await _send(websocket, {"type": "board_update", "data": []})
    while True:
        await websocket.receive_text()
"""
    rows = check_rows(_board(tmp_path, {"app/main.py": backend}))
    assert [(row[0], row[3]) for row in rows] == [("WS201", "board_update")]


def test_a_chat_rooms_history_on_connect_is_a_snapshot_not_a_missing_broadcaster(tmp_path: Path) -> None:
    # ``history`` is sent once to the joining client; ``message`` deltas follow by broadcast.
    backend = """\
from fastapi import FastAPI, WebSocket

from app.hub import hub

app = FastAPI()


@app.websocket("/ws/board")
async def websocket_board(websocket: WebSocket) -> None:
    await hub.connect(websocket)
    await websocket.send_json({"type": "history", "items": []})
    while True:
        text = await websocket.receive_text()
        await hub.broadcast({"type": "board_update", "data": text})
"""
    assert check_rows(_board(tmp_path, {"app/main.py": backend})) == []


def test_a_socket_hooks_callback_receives_messages_and_a_base_url_is_no_url_helper(tmp_path: Path) -> None:
    # ``useSocket(path, (msg) => { switch (msg.type) ... })``: the cases are expectations, so the
    # unhandled ``board_reset`` is WS206 and a typo is WS303; ``WS_BASE`` ends in ``/api`` and
    # names no endpoint, so it is no URL config to miss a helper from (no WS301).
    hook = """\
export const WS_BASE = `ws://${window.location.host}/api`;

export function useSocket(path: string, onMessage: (msg: { type: string }) => void) {
  const ws = new WebSocket(`${WS_BASE}${path}`);
  ws.onmessage = (e) => onMessage(JSON.parse(e.data));
  return ws;
}

export function useBoard() {
  useSocket("/ws/board", (msg) => {
    switch (msg.type) {
      case "board_update":
        break;
      case "board_resett":
        break;
    }
  });
}
"""
    rows = check_rows(_board(tmp_path, {"web/src/board.ts": hook}))
    assert [(row[0], row[3]) for row in rows] == [("WS206", "board_reset"), ("WS303", "board_resett")]


def test_a_poller_comparing_with_a_module_level_dict_compares_with_its_last_state(tmp_path: Path) -> None:
    poller = """\
import asyncio

from app.hub import hub

_values: dict[str, int] = {}


async def watch_board() -> None:
    while True:
        try:
            for key, value in (await hub.read()).items():
                if _values.get(key) != value:
                    await hub.broadcast({"type": "board_update", "data": value})
                _values[key] = value
        except Exception:
            pass
        await asyncio.sleep(5)


async def start() -> None:
    asyncio.create_task(watch_board())
"""
    rows = check_rows(_board(tmp_path, {"app/poller.py": poller}))
    assert [row[0] for row in rows] == ["WS206"]  # board_reset, as in the base project


def test_a_frontend_that_opens_none_of_the_backends_routes_is_not_their_client(tmp_path: Path) -> None:
    extension_popup = """\
export function connectRelay(token: string) {
  const socket = new WebSocket(`ws://localhost:9333/relay?token=${token}`);
  socket.onopen = () => socket.send(JSON.stringify({ kind: 'hello' }));
  return socket;
}
"""
    files = {
        "app/main.py": STATUS_ENDPOINT,
        "extension/package.json": "{}",
        "extension/src/relay.ts": extension_popup,
    }
    root = write_project(tmp_path / "extension-only", files)
    assert [row for row in check_rows(root) if row[0] == "WS302"] == []
    files["extension/src/status.ts"] = STATUS_HOOK.replace("/ws/status", "/ws/status-feed")
    files["app/feed.py"] = STATUS_ENDPOINT.replace("/ws/status", "/ws/status-feed")
    root = write_project(tmp_path / "one-connected", files)
    assert [row for row in check_rows(root) if row[0] == "WS302"] == [
        ("WS302", "app/main.py", 6, "/ws/status")
    ]
