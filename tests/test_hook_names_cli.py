"""``hook-names`` end to end, through the CLI: a hook wslint cannot tell from its name or body
opens a WebSocket once the configuration says so."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import run_cli, write_project

BACKEND = """
from fastapi import FastAPI, WebSocket, WebSocketDisconnect

app = FastAPI()


@app.websocket("/live/telemetry")
async def telemetry(websocket: WebSocket) -> None:
    '''Readings of one rig, pushed by its agent.'''
    await websocket.accept()
    try:
        while True:
            await websocket.receive_text()
    except WebSocketDisconnect:
        pass


@app.websocket("/live/alerts")
async def alerts(websocket: WebSocket) -> None:
    '''Alarms of every rig.'''
    await websocket.accept()
    async for _ in websocket.iter_text():
        pass
"""

# Neither file holds a word the byte prefilter looks for, nor a call wslint knows opens a socket.
HOOK = """
import { useEffect, useState } from 'react';

import { openFeed } from '../lib/feed';

/** Live telemetry of one rig. */
export function useTelemetryFeed(path: string) {
  const [data, setData] = useState<number | null>(null);
  useEffect(() => {
    const feed = openFeed(path, setData);
    return () => feed.close();
  }, [path]);
  return { data };
}
"""

GAUGE = """
import { useTelemetryFeed } from '../hooks/useTelemetryFeed';

export function Gauge() {
  const { data } = useTelemetryFeed('/live/telemetry');
  return <meter value={data ?? 0} />;
}
"""

APP = "import { Gauge } from './components/Gauge';\nexport const App = () => <Gauge />;\n"
FEED = "export const openFeed = (p: string, f: (n: number) => void) => ({ close() {} });\n"

_ROW = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):\d+: (?P<code>WS\d{3}) ", re.MULTILINE)


def _project(root: Path, config: str) -> Path:
    return write_project(
        root,
        {
            "wslint.toml": config,
            "backend/app.py": BACKEND,
            "web/src/hooks/useTelemetryFeed.ts": HOOK,
            "web/src/components/Gauge.tsx": GAUGE,
            "web/src/App.tsx": APP,
            "web/src/lib/feed.ts": FEED,
        },
    )


def _rows(root: Path) -> list[tuple[str, str, int]]:
    done = run_cli(
        "check", str(root), "--no-cache", "--output-format", "concise", "--select", "WS302,WS402", cwd=root
    )
    assert done.returncode in (0, 1), done.stderr
    return sorted((m["code"], m["path"], int(m["line"])) for m in _ROW.finditer(done.stdout))


def test_hook_names_makes_a_hook_count_as_a_socket_hook(tmp_path: Path) -> None:
    assert _rows(_project(tmp_path / "plain", "\n")) == []
    configured = _project(tmp_path / "configured", 'hook-names = ["useTelemetryFeed"]\n')
    assert _rows(configured) == [
        ("WS302", "backend/app.py", 18),  # the gauge's URL is a client of /live/telemetry only
        ("WS402", "web/src/components/Gauge.tsx", 5),  # never reads it
    ]
