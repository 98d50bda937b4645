"""A generator of large synthetic FastAPI + React projects, shaped like real ones: most
files have nothing to do with WebSockets (models, services, REST routes, components),
one in eight holds an endpoint, a broadcaster, a hook or a URL helper."""

from __future__ import annotations

from pathlib import Path

_SERVICE = '''"""Service {n}: plain business logic, no sockets."""
from dataclasses import dataclass


@dataclass
class Record{n}:
    id: int
    name: str
    total: float = 0.0


class Service{n}:
    def __init__(self, repository):
        self.repository = repository

    def list(self, limit: int = 50) -> list[Record{n}]:
        rows = self.repository.fetch(limit=limit)
        return [Record{n}(id=row["id"], name=row["name"], total=row.get("total", 0.0)) for row in rows]

    def summary(self) -> dict:
        records = self.list()
        return {{"count": len(records), "sum": sum(r.total for r in records)}}
'''

_ROUTES = '''"""Feature {n}: a WebSocket endpoint and its broadcaster."""
import asyncio
import logging

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

logger = logging.getLogger(__name__)
router = APIRouter()
FEATURE_{n}_UPDATE = "feature_{n}_update"


def get_feature_{n}_data() -> dict:
    return {{"n": {n}}}


@router.websocket("/ws/feature-{n}")
async def websocket_feature_{n}(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_json({{"type": FEATURE_{n}_UPDATE, "data": get_feature_{n}_data()}})
    try:
        while True:
            await websocket.receive_text()
    except WebSocketDisconnect:
        pass


async def broadcast_feature_{n}(manager) -> None:
    """Broadcast feature {n} every 5 seconds when it changed."""
    last = None
    while True:
        try:
            current = get_feature_{n}_data()
            if current != last:
                await manager.broadcast({{"type": FEATURE_{n}_UPDATE, "data": current}})
                last = current
            await asyncio.sleep(5)
        except Exception as error:
            logger.error("feature {n}: %s", error)
            await asyncio.sleep(5)


def start_feature_{n}(manager) -> None:
    asyncio.create_task(broadcast_feature_{n}(manager))
'''

_COMPONENT = """import {{ useMemo, useState }} from 'react';

interface Row{n} {{ id: number; name: string; total: number }}

export function Table{n}({{ rows }}: {{ rows: Row{n}[] }}) {{
  const [sort, setSort] = useState<'name' | 'total'>('name');
  const sorted = useMemo(() => [...rows].sort((a, b) => (a[sort] > b[sort] ? 1 : -1)), [rows, sort]);
  return (
    <table>
      <thead><tr><th onClick={{() => setSort('name')}}>Name</th><th onClick={{() => setSort('total')}}>Total</th></tr></thead>
      <tbody>{{sorted.map((row) => <tr key={{row.id}}><td>{{row.name}}</td><td>{{row.total}}</td></tr>)}}</tbody>
    </table>
  );
}}
"""

_HOOK = """import {{ useEffect, useState }} from 'react';

interface Feature{n}Message {{
  type: 'feature_{n}_update';
  data: {{ n: number }};
}}

/** Live feature {n} data. */
export function useFeature{n}WebSocket() {{
  const [data, setData] = useState<Feature{n}Message['data'] | null>(null);
  const [isConnected, setConnected] = useState(false);
  useEffect(() => {{
    const ws = new WebSocket(`${{location.origin.replace('http', 'ws')}}/ws/feature-{n}`);
    ws.onopen = () => setConnected(true);
    ws.onclose = () => setConnected(false);
    ws.onmessage = (event) => {{
      const message = JSON.parse(event.data);
      if (message.type === 'feature_{n}_update') setData(message.data);
    }};
    return () => ws.close();
  }}, []);
  return {{ data, isConnected }};
}}
"""


def generate_project(root: Path, files: int) -> Path:
    """About ``files`` files, half backend, half frontend; one in eight holds WebSocket facts."""
    backend = root / "backend" / "app"
    frontend = root / "web" / "src"
    backend.mkdir(parents=True)
    frontend.mkdir(parents=True)
    (root / "web" / "package.json").write_text('{"name": "web", "private": true}\n')
    (backend / "__init__.py").write_text("")
    (backend / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    for n in range(files // 2):
        if n % 8 == 0:
            (backend / f"feature_{n}.py").write_text(_ROUTES.format(n=n))
            (frontend / f"useFeature{n}.ts").write_text(_HOOK.format(n=n))
        else:
            (backend / f"service_{n}.py").write_text(_SERVICE.format(n=n))
            (frontend / f"Table{n}.tsx").write_text(_COMPONENT.format(n=n))
    return root
