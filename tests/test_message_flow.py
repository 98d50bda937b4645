"""Message flow: send summaries across files, injected senders, reachability, configured push methods."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import check_rows, run_cli, write_project
from wslint.extract import sender_names
from wslint.facts_codec import decode_facts, encode_facts
from wslint.python_facts import extract_python

_ENDPOINT = """\
from fastapi import FastAPI, WebSocket

from app.orders import open_orders

app = FastAPI()


@app.websocket("/ws/orders")
async def orders_socket(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_json({"type": "orders", "orders": open_orders()})
    while True:
        await websocket.receive_text()
"""

# No socket word at all: the byte prefilter alone would skip this file.
_ORDERS = """\
from realtime_sdk import channel

_open: list[str] = []


def open_orders() -> list[str]:
    return list(_open)


async def add_order(order_id: str) -> None:
    _open.append(order_id)
    await channel.notify_clients({"type": "orders", "orders": list(_open)})
"""


def test_configured_push_method_reaches_the_prefilter_through_the_cli(tmp_path: Path) -> None:
    files = {"app/__init__.py": "", "app/main.py": _ENDPOINT, "app/orders.py": _ORDERS}
    bare = write_project(tmp_path / "bare", files)
    done = run_cli("check", str(bare), "--no-cache", "--output-format", "json", "--select", "WS201")
    assert [item["code"] for item in json.loads(done.stdout)] == ["WS201"]

    configured = write_project(
        tmp_path / "configured", {**files, "wslint.toml": 'push-methods = ["notify_clients"]\n'}
    )
    done = run_cli("check", str(configured), "--no-cache", "--output-format", "json", "--select", "WS201")
    assert json.loads(done.stdout) == [], done.stderr


def test_the_push_method_setting_is_part_of_the_cache_key(tmp_path: Path) -> None:
    files = {"app/__init__.py": "", "app/main.py": _ENDPOINT, "app/orders.py": _ORDERS}
    root = write_project(tmp_path / "p", files)
    cache = {"WSLINT_CACHE_DIR": str(tmp_path / "cache")}
    first = run_cli("check", str(root), "--select", "WS201", env=cache)
    assert first.returncode == 1
    assert list((tmp_path / "cache").glob("p-*/facts-v2.jsonl"))
    (root / "wslint.toml").write_text('push-methods = ["notify_clients"]\n', encoding="utf-8")
    second = run_cli("check", str(root), "--select", "WS201", env=cache)
    assert second.returncode == 0, second.stdout


_HUB = """\
from fastapi import WebSocket


class Hub:
    def __init__(self) -> None:
        self.sockets: dict[str, set[WebSocket]] = {}

    async def deliver(self, topic: str, payload: dict) -> None:
        for websocket in self.sockets.get(topic, set()):
            await websocket.send_json(payload)


hub = Hub()
"""


def test_a_wrapper_chain_sends_the_type_its_outermost_caller_gives(tmp_path: Path) -> None:
    relay = """\
from app.hub import hub


async def tell(topic, kind, **fields):
    await hub.deliver(topic, {"type": kind, **fields})


async def tell_everyone(kind):
    await tell("all", kind)
"""
    service = """\
from app.relay import tell_everyone


async def finish_job() -> None:
    await tell_everyone("job_done")
"""
    root = write_project(
        tmp_path,
        {
            "app/__init__.py": "import fastapi\n",
            "app/hub.py": _HUB,
            "app/relay.py": relay,
            "app/service.py": service,
            "web/src/useJobs.ts": (
                "export function useJobs() {\n"
                "  const socket = new WebSocket('ws://localhost/ws/jobs');\n"
                "  socket.onmessage = (event) => {\n"
                "    const message = JSON.parse(event.data);\n"
                "    if (message.type === 'job_started') console.log(message);\n"
                "  };\n"
                "}\n"
            ),
        },
    )
    # ``job_done`` reaches the hub through two helpers: WS206 sees it; ``all`` / ``kind`` are not types
    assert check_rows(root, select=["WS206"]) == [("WS206", "app/service.py", 5, "job_done")]


def test_flow_facts_round_trip_through_the_json_cache() -> None:
    source = b"""\
class Runner:
    def __init__(self, emitter=None):
        self.emit = emitter or (lambda *a: None)

    async def run(self, kind):
        await self.emit(kind, {"type": "x"})
        while True:
            await hub.fan_out({"type": kind})


hub = Hub()
"""
    facts = extract_python("app/runner.py", source)
    assert facts.python is not None and facts.python.functions and facts.python.attributes
    decoded = decode_facts(encode_facts(facts), facts.path)
    assert decoded == facts


def test_a_broker_publish_names_a_channel_not_a_type(tmp_path: Path) -> None:
    api = """\
import json

from fastapi import FastAPI

app = FastAPI()


async def request_export(redis, user_id: str) -> None:
    await redis.publish("export-requests", json.dumps({"user_id": user_id}))
    await redis.publish_json("audit", {"user_id": user_id})
"""
    web = (
        "export function useExports() {\n"
        "  const socket = new WebSocket('ws://localhost/ws/exports');\n"
        "  socket.onmessage = (event) => {\n"
        "    if (JSON.parse(event.data).type === 'export_ready') console.log(event);\n"
        "  };\n"
        "}\n"
    )
    root = write_project(tmp_path, {"app/main.py": api, "web/src/useExports.ts": web})
    assert check_rows(root, select=["WS206"]) == []


def test_the_callers_pass_looks_for_distinctive_sender_names_only() -> None:
    source = b"""\
class Board:
    async def run(self, message):
        for ws in self.clients:
            await ws.send_json(message)

    async def fan_out(self, message):
        for ws in self.clients:
            await ws.send_json(message)


async def tell(message):
    await board.fan_out(message)


async def relay(message):
    await board.run(message)


class Other:
    def fan_out(self):
        return None


class Third:
    def fan_out(self):
        return None
"""
    facts = extract_python("app/board.py", source)
    # ``run`` is everybody's verb; ``fan_out`` is defined three times; ``tell`` calls a name that
    # says too little; the class whose methods send is looked for, for its construction sites
    assert sender_names([facts]) == {"Board"}
    distinct = extract_python("app/board.py", source.replace(b"def fan_out(self):", b"def other(self):"))
    assert sender_names([distinct]) == {"Board", "fan_out", "tell"}
