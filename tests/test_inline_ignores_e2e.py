"""Inline ignores through the whole run: Python and TS, WS002, --ignore-suppressions."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_cli, write_project

ROUTES = """\
from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.websocket("/ws/system-status")
async def websocket_system_status(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_json(
        {"type": "system_status_update", "data": {}},  # wslint: ignore[WS201] -- pushed by the agent
    )
    # wslint: ignore[WS302]
    await websocket.send_json({"type": "debug_dump", "data": {}})
"""

HOOK = """\
import { useEffect, useState } from 'react';

export function useSystemStatus() {
  const [ok, setOk] = useState(false);
  useEffect(() => {
    const ws = new WebSocket('ws://localhost:8000/ws/system-status');
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      // wslint: ignore[WS303]
      if (message.type === 'system_status_changed') setOk(true);
      if (message.type === 'system_status_gone') setOk(false);
    };
  }, []);
  return { ok, isConnected: ok };
}
"""


def _project(tmp_path: Path) -> Path:
    return write_project(
        tmp_path,
        {"server/app.py": ROUTES, "web/package.json": '{"name": "web"}', "web/src/useSystemStatus.ts": HOOK},
    )


def _rows(project: Path, *args: str) -> list[tuple[str, str, int]]:
    done = run_cli("check", ".", "--no-cache", "--output-format", "json", *args, cwd=project)
    assert done.returncode in (0, 1), done.stderr
    return [(item["code"], item["path"], item["line"]) for item in json.loads(done.stdout)]


def test_ignores_suppress_on_their_line_and_the_next_and_unused_ones_are_reported(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _rows(project) == [
        ("WS002", "server/app.py", 12),  # the WS302 ignore suppresses nothing
        ("WS201", "server/app.py", 13),  # debug_dump: not ignored
        ("WS303", "web/src/useSystemStatus.ts", 11),  # only the line below the ignore is covered
    ]


def test_ignore_suppressions_shows_what_the_ignores_hide(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _rows(project, "--ignore-suppressions") == [
        ("WS201", "server/app.py", 10),
        ("WS201", "server/app.py", 13),
        ("WS303", "web/src/useSystemStatus.ts", 10),
        ("WS303", "web/src/useSystemStatus.ts", 11),
    ]


def test_an_ignore_for_a_deselected_code_is_not_reported_unused(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _rows(project, "--select", "WS3", "--extend-select", "WS002") == [
        ("WS002", "server/app.py", 12),
        ("WS303", "web/src/useSystemStatus.ts", 11),
    ]
