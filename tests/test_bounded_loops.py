"""A ``while True`` that breaks at a bound of its own is a job, not a broadcaster to keep alive:
no WS203 (it is not a poller) and no WS204 (it need not outlive errors). A break on a sentinel
ends a stream, which runs as long as it is fed: still long-running."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import check_rows, write_project

_APP = """\
import asyncio
import time
from fastapi import FastAPI, WebSocket

app = FastAPI()
clients: list[WebSocket] = []
events: asyncio.Queue = asyncio.Queue()


async def fan_out(message: dict) -> None:
    for ws in clients:
        await ws.send_json(message)


@app.websocket("/ws/progress")
async def websocket_progress(websocket: WebSocket) -> None:
    await websocket.accept()
    clients.append(websocket)
    await websocket.send_json({"type": "countdown", "remaining": None})
    while True:
        await websocket.receive_text()


@app.post("/start")
async def start() -> dict:
    asyncio.create_task(job())
    return {}
"""

_COUNTDOWN = """

async def job() -> None:
    remaining = 10
    while True:
        await fan_out({"type": "countdown", "remaining": remaining})
        remaining -= 1
        if remaining < 0:
            break
        await asyncio.sleep(1)
"""

_DEADLINE = """

async def job() -> None:
    deadline = time.monotonic() + 30
    while True:
        await fan_out({"type": "countdown", "remaining": deadline - time.monotonic()})
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(1)
"""

_SENTINEL = """

async def job() -> None:
    while True:
        event = await events.get()
        if event is None:
            break
        await fan_out({"type": "countdown", "remaining": event})
"""


def _rows(tmp_path: Path, body: str) -> list[tuple[str, str, int, str]]:
    root = write_project(tmp_path, {"app/__init__.py": "", "app/main.py": _APP + body})
    return check_rows(root, select=["WS203", "WS204"])


def test_a_loop_that_breaks_at_a_counted_bound_is_a_job(tmp_path: Path) -> None:
    assert _rows(tmp_path, _COUNTDOWN) == []


def test_a_loop_that_breaks_at_a_deadline_is_a_job(tmp_path: Path) -> None:
    assert _rows(tmp_path, _DEADLINE) == []


def test_a_loop_that_breaks_on_a_sentinel_still_runs_until_stopped(tmp_path: Path) -> None:
    line = (_APP + _SENTINEL).splitlines().index("    while True:", _APP.count("\n")) + 1
    assert _rows(tmp_path, _SENTINEL) == [("WS204", "app/main.py", line, "job")]
