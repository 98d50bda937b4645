"""Backend shapes of real connection hubs, relays and push loops that once gave false alarms: a
hub that normalises the message it is handed, a loop guarded by ``contextlib.suppress``, relays
that wait on Kafka, NATS, ZeroMQ, streams and queues, methods dispatched by a built name."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import check_rows, write_project

ENDPOINT = """\
from fastapi import FastAPI, WebSocket

from app.hub import hub

app = FastAPI()


@app.websocket("/ws/beds")
async def websocket_beds(websocket: WebSocket) -> None:
    await hub.connect(websocket)
    await websocket.send_json({"type": "bed_status", "beds": []})
    while True:
        await websocket.receive_text()


@app.post("/api/beds/{bed_id}/assign")
async def assign_bed(bed_id: str) -> None:
    await hub.broadcast({"type": "bed_status", "beds": [bed_id]})
"""

HUB = """\
import json

from pydantic import BaseModel


class Hub:
    def __init__(self):
        self.clients = set()

    async def connect(self, websocket):
        await websocket.accept()
        self.clients.add(websocket)

    async def broadcast(self, message):
{normalise}
        for websocket in list(self.clients):
            await websocket.send_json(message)


hub = Hub()
"""


@pytest.mark.parametrize(
    "normalise",
    [
        "        if isinstance(message, BaseModel):\n            message = message.model_dump(mode='json')",
        "        message = json.loads(message) if isinstance(message, str) else message",
        "        if isinstance(message, str):\n            message = json.loads(message)",
    ],
    ids=["model-dump", "conditional-expression", "parsed-text"],
)
def test_a_hub_that_normalises_its_message_still_sends_the_callers_type(
    tmp_path: Path, normalise: str
) -> None:
    root = write_project(
        tmp_path,
        {"app/__init__.py": "", "app/hub.py": HUB.format(normalise=normalise), "app/main.py": ENDPOINT},
    )
    # ``assign_bed`` pushes ``bed_status`` through the hub: the endpoint's first type is kept current
    assert check_rows(root) == []


def test_a_hub_that_replaces_its_message_sends_its_own(tmp_path: Path) -> None:
    replaced = "        message = {'type': 'refresh'}"
    root = write_project(
        tmp_path,
        {"app/__init__.py": "", "app/hub.py": HUB.format(normalise=replaced), "app/main.py": ENDPOINT},
    )
    # the caller's message never leaves the hub: nothing pushes ``bed_status`` again
    assert check_rows(root) == [("WS201", "app/main.py", 11, "bed_status")]


POLLER = """\
import asyncio
import contextlib

from fastapi import FastAPI, WebSocket

app = FastAPI()
clients: set[WebSocket] = set()


async def read_monitors():
    return {{}}


async def broadcast(message):
    for websocket in list(clients):
        await websocket.send_json(message)


async def poll_vitals():
    previous = None
    while True:
{body}
        await asyncio.sleep(2)


@app.on_event("startup")
async def start() -> None:
    asyncio.create_task(poll_vitals())
"""

_PASS = """\
            readings = await read_monitors()
            if readings != previous:
                await broadcast({"type": "vitals_update", "readings": readings})
                previous = readings"""


def test_a_push_loop_under_suppress_outlives_its_errors(tmp_path: Path) -> None:
    body = "        with contextlib.suppress(Exception):\n" + _PASS
    root = write_project(tmp_path, {"app/__init__.py": "", "app/poller.py": POLLER.format(body=body)})
    assert check_rows(root) == []


def test_a_push_loop_under_try_finally_is_unguarded(tmp_path: Path) -> None:
    body = "        try:\n" + _PASS + "\n        finally:\n            previous = None"
    root = write_project(tmp_path, {"app/__init__.py": "", "app/poller.py": POLLER.format(body=body)})
    assert check_rows(root) == [("WS204", "app/poller.py", 21, "poll_vitals")]


def test_a_push_loop_under_another_context_manager_is_unguarded(tmp_path: Path) -> None:
    body = "        with open('/tmp/vitals.lock'):\n" + _PASS
    root = write_project(tmp_path, {"app/__init__.py": "", "app/poller.py": POLLER.format(body=body)})
    assert check_rows(root) == [("WS204", "app/poller.py", 21, "poll_vitals")]


RELAY = """\
import asyncio

from fastapi import FastAPI, WebSocket

app = FastAPI()
clients: set[WebSocket] = set()


async def broadcast(message):
    for websocket in list(clients):
        await websocket.send_json(message)


async def relay(source):
    while True:
        try:
            item = await {read}
            await broadcast({{"type": "trade", "data": item}})
        except Exception:
            pass
        await asyncio.sleep(0.1)


@app.on_event("startup")
async def start() -> None:
    asyncio.create_task(relay(None))
"""


@pytest.mark.parametrize(
    "read",
    [
        "source.getone()",  # aiokafka
        "source.next_msg(timeout=None)",  # nats
        "source.recv_multipart()",  # pyzmq asyncio
        "source.stdout.readline()",  # a subprocess's output
        "source.get()",  # an asyncio.Queue, whatever its name
        "asyncio.wait_for(source.get(), timeout=30)",
        "anext(source)",  # an async iterator's next item
    ],
)
def test_a_loop_that_waits_for_the_next_record_of_a_stream_does_not_poll(tmp_path: Path, read: str) -> None:
    root = write_project(tmp_path, {"app/__init__.py": "", "app/relay.py": RELAY.format(read=read)})
    # each pass pushes the record it waited for: nothing is re-sent unchanged
    assert check_rows(root) == []


@pytest.mark.parametrize(
    "read", ["source.fetch()", 'source.get("/prices")', "asyncio.wait_for(source.fetch(), timeout=5)"]
)
def test_a_loop_that_fetches_and_pushes_every_pass_polls(tmp_path: Path, read: str) -> None:
    relay = RELAY.format(read=read)
    root = write_project(tmp_path, {"app/__init__.py": "", "app/relay.py": relay})
    assert check_rows(root) == [("WS203", "app/relay.py", 15, "relay")]


DISPATCHER = """\
import asyncio

from fastapi import FastAPI, WebSocket

app = FastAPI()
clients: set[WebSocket] = set()


async def broadcast(message):
    for websocket in list(clients):
        await websocket.send_json(message)


class Feeds:
    async def run(self, names):
        while True:
            try:
                for name in names:
                    await getattr(self, {name})()
            except Exception:
                pass
            await asyncio.sleep(5)

    async def _broadcast_roster(self):
        await broadcast({{"type": "roster", "names": []}})


@app.on_event("startup")
async def start() -> None:
    asyncio.create_task(Feeds().run(["roster"]))
"""


@pytest.mark.parametrize("name", ['f"_broadcast_{name}"', '"_broadcast_" + name'])
def test_a_method_named_at_run_time_by_its_prefix_may_be_called(tmp_path: Path, name: str) -> None:
    root = write_project(tmp_path, {"app/__init__.py": "", "app/feeds.py": DISPATCHER.format(name=name)})
    assert check_rows(root) == []


@pytest.mark.parametrize("name", ["name", 'f"{name}_feed"'])
def test_a_name_read_at_run_time_that_cannot_be_the_method_does_not_start_it(
    tmp_path: Path, name: str
) -> None:
    root = write_project(tmp_path, {"app/__init__.py": "", "app/feeds.py": DISPATCHER.format(name=name)})
    # neither ``getattr(self, name)`` nor a name ending in ``_feed`` names ``_broadcast_roster``
    assert check_rows(root) == [("WS202", "app/feeds.py", 24, "Feeds._broadcast_roster")]


UPSTREAM = """\
import asyncio
import json

import websockets
from fastapi import FastAPI, WebSocket

app = FastAPI()
clients: set[WebSocket] = set()


async def broadcast(message):
    for websocket in list(clients):
        await websocket.send_json(message)


@app.websocket("/ws/ticks")
async def websocket_ticks(websocket: WebSocket) -> None:
    await websocket.accept()
    clients.add(websocket)
    await websocket.send_json({{"type": "tick", "price": 0}})
    while True:
        await websocket.receive_text()


class Feed:
    def __init__(self, url, {conn}):
        self.url = url
        self.conn{annotation} = {conn}

    async def heartbeat(self):
        while True:
            try:
                await self.conn.send(json.dumps({{"type": "heartbeat_ping"}}))
            except Exception:
                pass
            await asyncio.sleep(20)

    async def run(self):
{open}
        while True:
            try:
                raw = await self.conn.recv()
                await broadcast({{"type": "tick", "price": json.loads(raw)["p"]}})
            except Exception:
                await asyncio.sleep(1)


@app.on_event("startup")
async def start() -> None:
    feed = Feed("wss://feed.example.com", None)
    asyncio.create_task(feed.run())
    asyncio.create_task(feed.heartbeat())
"""

TICKS_CLIENT = """\
export function watchTicks(onTick: (price: number) => void) {
  const socket = new WebSocket(`ws://${window.location.host}/ws/ticks`);
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "tick") onTick(message.price);
  };
}
"""


def _feed(tmp_path: Path, conn: str, annotation: str = "", open_line: str = "        pass") -> Path:
    backend = UPSTREAM.format(conn=conn, annotation=annotation, open=open_line)
    files = {"app/__init__.py": "", "app/feed.py": backend, "web/package.json": '{"name": "web"}\n'}
    return write_project(tmp_path, {**files, "web/src/ticks.ts": TICKS_CLIENT})


@pytest.mark.parametrize(
    ("annotation", "open_line"),
    [
        ("", "        self.conn = await websockets.connect(self.url)"),
        (": websockets.ClientConnection | None", "        pass"),
    ],
    ids=["connected-in-another-method", "annotated"],
)
def test_what_a_class_sends_on_the_connection_it_dials_goes_upstream(
    tmp_path: Path, annotation: str, open_line: str
) -> None:
    root = _feed(tmp_path, "upstream", annotation, open_line)
    # the heartbeat goes to the feed's server: no push every pass, no type the browser misses
    assert check_rows(root) == []


def test_what_a_class_sends_on_its_clients_socket_is_a_push(tmp_path: Path) -> None:
    root = _feed(tmp_path, "websocket")
    assert check_rows(root) == [
        ("WS203", "app/feed.py", 31, "Feed.heartbeat"),
        ("WS206", "app/feed.py", 33, "heartbeat_ping"),
    ]


STATS_TASKS = """\
from fastapi import FastAPI, WebSocket

app = FastAPI()
clients: set[WebSocket] = set()
_last = None


@app.websocket("/ws/stats")
async def websocket_stats(websocket: WebSocket) -> None:
    await websocket.accept()
    clients.add(websocket)
    await websocket.send_json({"type": "stats_update", "stats": {}})
    while True:
        await websocket.receive_text()


async def push_stats():
    global _last
    stats = {"open": 1}
    if stats != _last:
        _last = stats
        for websocket in list(clients):
            await websocket.send_json({"type": "stats_update", "stats": stats})
"""


@pytest.mark.parametrize(
    "scheduling",
    [
        'scheduler.add_job("app.tasks:push_stats", "interval", seconds=10)',  # APScheduler
        'queue.enqueue("app.tasks.push_stats")',  # RQ
        'JOBS = [{"func": "app.tasks:push_stats", "trigger": "interval", "seconds": 10}]',
    ],
    ids=["add-job", "enqueue", "config"],
)
def test_a_function_scheduled_by_its_import_path_is_started(tmp_path: Path, scheduling: str) -> None:
    # ``jobs.py`` names a WebSocket, so it is parsed, and its strings are strings, not names
    jobs = f"from fastapi import WebSocket\n\n{scheduling}\n"
    files = {"app/__init__.py": "", "app/tasks.py": STATS_TASKS, "app/jobs.py": jobs}
    assert check_rows(write_project(tmp_path, files)) == []


def test_a_function_named_in_a_sentence_is_not_started(tmp_path: Path) -> None:
    jobs = 'from fastapi import WebSocket\n\nlog.warning("push_stats is not scheduled yet: see app.tasks")\n'
    files = {"app/__init__.py": "", "app/tasks.py": STATS_TASKS, "app/jobs.py": jobs}
    assert check_rows(write_project(tmp_path, files)) == [("WS202", "app/tasks.py", 17, "push_stats")]
