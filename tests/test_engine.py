"""The pipeline across files: what a file without WebSocket facts still contributes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import check_rows, write_project

BROADCASTER = '''\
from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/ws/phase-queue")
async def websocket_phase_queue(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_json({"type": "phase_queue_update", "data": []})


async def handle_phase_complete(manager, phase) -> None:
    """Event-driven: push the queue when a phase completes."""
    await manager.broadcast({"type": "phase_queue_update", "data": phase})
'''

CALLER = """\
from app.realtime import handle_phase_complete


async def finish(manager, phase):
    {call}
"""


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("await handle_phase_complete(manager, phase)", []),
        (
            "# await handle_phase_complete(manager, phase)\n    return None",
            [("WS202", "app/realtime.py", 12)],
        ),
    ],
)
def test_a_call_in_a_file_without_socket_code_starts_the_broadcaster(
    tmp_path: Path, call: str, expected: list[tuple[str, str, int]]
) -> None:
    root = write_project(
        tmp_path,
        {"app/__init__.py": "", "app/realtime.py": BROADCASTER, "app/phases.py": CALLER.format(call=call)},
    )
    assert [row[:3] for row in check_rows(root)] == expected


def test_constant_reexported_through_a_package_init(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/messages/__init__.py": "from app.messages.types import QUEUE_UPDATE\n",
            "app/messages/types.py": 'QUEUE_UPDATE = "queue_update"\n',
            "app/ws.py": (
                "from fastapi import FastAPI, WebSocket\n"
                "from app.messages import QUEUE_UPDATE\n\n"
                "app = FastAPI()\n\n\n"
                '@app.websocket("/ws/queue")\n'
                "async def websocket_queue(websocket: WebSocket) -> None:\n"
                "    await websocket.accept()\n"
                '    await websocket.send_json({"type": QUEUE_UPDATE, "data": []})\n'
            ),
        },
    )
    assert check_rows(root) == [("WS201", "app/ws.py", 10, "queue_update")]


def test_cached_facts_are_reused_only_by_the_same_extractor_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wslint import cache
    from wslint.engine import CheckOptions, run_check

    root = write_project(tmp_path, {"app/realtime.py": BROADCASTER})
    options = CheckOptions(paths=[root], use_cache=True)
    assert run_check(options).files_parsed == 1
    assert run_check(options).files_parsed == 0
    cache.extractor_fingerprint.cache_clear()
    monkeypatch.setattr(cache, "extractor_fingerprint", lambda: "0.1.0+changed-extractor")
    assert run_check(options).files_parsed == 1


QUART_APP = """\
from quart import Quart, websocket

app = Quart(__name__)


@app.websocket("/ws/ticker")
async def ticker(ws) -> None:
    await ws.send_json({"type": "ticker_update", "data": {}})
"""

TICKER_HOOK = """\
export function useTicker() {
  const ws = new WebSocket('ws://localhost:5000/ws/prices');
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'price_update') console.log(message.data);
  };
  return { isConnected: true };
}
"""


def test_cross_language_rules_need_a_fastapi_or_starlette_backend(tmp_path: Path) -> None:
    files = {"server/app.py": QUART_APP, "web/package.json": "{}", "web/src/useTicker.ts": TICKER_HOOK}
    root = write_project(tmp_path / "quart", files)
    assert [row for row in check_rows(root) if row[0] in ("WS303", "WS304")] == []
    fastapi_app = QUART_APP.replace("from quart import Quart, websocket", "from fastapi import FastAPI")
    files["server/app.py"] = fastapi_app
    root = write_project(tmp_path / "fastapi", files)
    assert [row for row in check_rows(root) if row[0] in ("WS303", "WS304")] == [
        ("WS303", "web/src/useTicker.ts", 5, "price_update"),
        ("WS304", "web/src/useTicker.ts", 2, "/ws/prices"),
    ]
