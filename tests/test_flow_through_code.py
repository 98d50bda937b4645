"""Sends followed where real code puts them: inherited methods, builders that return another
builder's message, lambdas that only forward to a sender. Each with the decoy that must still
be reported."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import check_rows, write_project

_APP = """\
import asyncio
from fastapi import FastAPI, WebSocket

app = FastAPI()
"""

_ENDPOINT = """

@app.websocket("/ws/feed")
async def websocket_feed(websocket: WebSocket) -> None:
    await websocket.accept()
    clients.append(websocket)
    await websocket.send_json({"type": "price_moved", "data": None})
    while True:
        await websocket.receive_text()
"""

def _project(tmp_path: Path, body: str) -> Path:
    source = _APP + body + _ENDPOINT
    return write_project(tmp_path, {"app/__init__.py": "", "app/main.py": source})


_INHERITED = """
clients: list[WebSocket] = []


class Hub:
    async def push(self, kind: str, data: dict) -> None:
        for ws in clients:
            await ws.send_json({"type": kind, "data": data})


class PriceHub(Hub):
    def size(self) -> int:
        return len(clients)


hub = PriceHub()


async def ticker() -> None:
    while True:
        await hub.push("{kind}", {{"p": 1}})
        await asyncio.sleep(1)


@app.on_event("startup")
async def start() -> None:
    asyncio.create_task(ticker())
"""


_INITIAL = '    await websocket.send_json({"type": "price_moved", "data": None})'


def _row(tmp_path: Path, body: str) -> list[tuple[str, str, int, str]]:
    line = (_APP + body + _ENDPOINT).splitlines().index(_INITIAL) + 1
    return [("WS201", "app/main.py", line, "price_moved")]


def test_a_method_a_subclass_inherits_sends_what_its_base_sends(tmp_path: Path) -> None:
    sends = _INHERITED.replace("{kind}", "price_moved").replace("{{", "{").replace("}}", "}")
    assert check_rows(_project(tmp_path / "sends", sends), select=["WS201"]) == []
    other = _INHERITED.replace("{kind}", "price_tick").replace("{{", "{").replace("}}", "}")
    assert check_rows(_project(tmp_path / "other", other), select=["WS201"]) == _row(tmp_path, other)


_TWO_HOPS = """
clients: list[WebSocket] = []


def price_message() -> dict:
    return {"type": "KIND", "data": None}


def build() -> dict:
    return price_message()


async def fan_out(message: dict) -> None:
    for ws in clients:
        await ws.send_json(message)


async def ticker() -> None:
    while True:
        await fan_out(build())
        await asyncio.sleep(1)


@app.on_event("startup")
async def start() -> None:
    asyncio.create_task(ticker())
"""


def test_a_builder_returning_another_builders_message_sends_its_type(tmp_path: Path) -> None:
    sends = _TWO_HOPS.replace("KIND", "price_moved")
    assert check_rows(_project(tmp_path / "sends", sends), select=["WS201"]) == []
    other = _TWO_HOPS.replace("KIND", "heartbeat")
    assert check_rows(_project(tmp_path / "other", other), select=["WS201"]) == _row(tmp_path, other)


_LAMBDA = """
clients: list[WebSocket] = []


async def fan_out(message: dict) -> None:
    for ws in clients:
        await ws.send_json(message)


class PriceBook:
    def __init__(self, on_change) -> None:
        self.on_change = on_change

    def set(self, price: float) -> None:
        self.on_change({"type": "price_moved", "data": price})


book = PriceBook(LISTENER)


@app.post("/price")
async def set_price(price: float) -> dict:
    book.set(price)
    return {}
"""


def test_a_lambda_that_only_forwards_to_a_sender_is_that_sender(tmp_path: Path) -> None:
    forwards = _LAMBDA.replace("LISTENER", "lambda message: asyncio.create_task(fan_out(message))")
    assert check_rows(_project(tmp_path / "forwards", forwards), select=["WS201"]) == []
    # a lambda that does something else with its argument is no sender we can name
    ignores = _LAMBDA.replace("LISTENER", "lambda message: None")
    assert check_rows(_project(tmp_path / "ignores", ignores), select=["WS201"]) == _row(tmp_path, ignores)


_SHADOWED = """
clients: list[WebSocket] = []


class Hub:
    async def push(self, kind: str, data: dict) -> None:
        for ws in clients:
            await ws.send_json({"type": kind, "data": data})


class QuietHub(Hub):
    def __init__(self, push=None) -> None:
        self.push = push or (lambda *args: None)


hub = QuietHub()


async def ticker() -> None:
    while True:
        await hub.push("price_moved", {"p": 1})
        await asyncio.sleep(1)


@app.on_event("startup")
async def start() -> None:
    asyncio.create_task(ticker())
"""


def test_what_an_instance_is_given_shadows_the_method_its_base_defines(tmp_path: Path) -> None:
    # built without a sender, ``hub.push`` is the do-nothing stand-in, not ``Hub.push``
    assert check_rows(_project(tmp_path, _SHADOWED), select=["WS201"]) == _row(tmp_path, _SHADOWED)
