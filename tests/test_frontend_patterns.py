"""Frontend patterns of real React / TypeScript projects that once gave false alarms: listeners on
a client object, message types kept in a module of constants, socket URLs built by a helper or
opened only when a condition holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import check_rows, write_project

# Pushes ``board_update`` and ``board_reset`` to ``/ws/board``, and serves ``/ws/floor``.
BACKEND = """\
from fastapi import FastAPI, WebSocket

from app.hub import hub

app = FastAPI()


@app.websocket("/ws/board")
async def websocket_board(websocket: WebSocket) -> None:
    await hub.connect(websocket)
    await websocket.send_json({"type": "board_update", "data": []})
    while True:
        await websocket.receive_text()


@app.websocket("/ws/floor")
async def websocket_floor(websocket: WebSocket) -> None:
    await hub.connect(websocket)
    await websocket.send_json({"type": "board_update", "data": []})
    while True:
        await websocket.receive_text()


@app.post("/api/board")
async def change_board() -> None:
    await hub.broadcast({"type": "board_update", "data": []})
    await hub.broadcast({"type": "board_reset"})
"""

# Opens both routes and handles ``board_update`` only.
BOARD = """\
function listen(socket: WebSocket, onBoard: (rows: unknown) => void) {
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'board_update') onBoard(message.data);
  };
}

export function watchBoard(onBoard: (rows: unknown) => void) {
  listen(new WebSocket(`ws://${window.location.host}/ws/board`), onBoard);
  listen(new WebSocket(`ws://${window.location.host}/ws/floor`), onBoard);
}
"""

UNHANDLED_RESET = ("WS206", "app/main.py", 27, "board_reset")


def _project(tmp_path: Path, extra: dict[str, str], board: str = BOARD) -> Path:
    files = {
        "app/__init__.py": "",
        "app/hub.py": "hub = object()\n",
        "app/main.py": BACKEND,
        "web/package.json": '{"name": "web"}\n',
        "web/src/board.ts": board,
    }
    return write_project(tmp_path, {**files, **extra})


def test_the_reset_is_unhandled_without_a_listener(tmp_path: Path) -> None:
    assert check_rows(_project(tmp_path, {})) == [UNHANDLED_RESET]


@pytest.mark.parametrize(
    "listen",
    [
        "realtime.once('board_reset', onReset)",
        "realtime.addListener('board_reset', onReset)",
        "realtime.addEventListener('board_reset', onReset)",
        "connection.once('board_reset', onReset)",
        "io.addListener('board_reset', onReset)",
        "sock.once('board_reset', onReset)",
    ],
)
def test_a_listener_on_a_client_object_handles_its_event(tmp_path: Path, listen: str) -> None:
    # the file's only fact is the listener: no socket, type or message word in its bytes
    component = (
        "import { realtime, connection, io, sock } from './client';\n\n"
        f"export function watchResets(onReset: () => void) {{\n  return {listen};\n}}\n"
    )
    assert check_rows(_project(tmp_path, {"web/src/resets.ts": component})) == []


EVENT_NAMES = """\
// Names of the board's events, for every module that listens for one.
export const CLEARED = 'board_reset' as const;
export const PAUSED = 'board_paused' as const;
export enum BoardEvent {
  Cleared = 'board_reset',
  Paused = 'board_paused',
}
"""


@pytest.mark.parametrize("cleared", ["CLEARED", "BoardEvent.Cleared"])
def test_a_type_constant_of_a_constants_only_module_is_read(tmp_path: Path, cleared: str) -> None:
    # the module of constants holds no socket, type or message word: its values still count
    board = (
        "import { BoardEvent, CLEARED } from './events';\n\n"
        "export function watchResets(onReset: () => void) {\n"
        "  const socket = new WebSocket(`ws://${window.location.host}/ws/board`);\n"
        "  socket.onmessage = (event) => {\n"
        "    const message = JSON.parse(event.data);\n"
        f"    if (message.type === {cleared}) onReset();\n"
        "  };\n"
        "}\n"
    )
    root = _project(tmp_path, {"web/src/events.ts": EVENT_NAMES, "web/src/resets.ts": board})
    assert check_rows(root) == []


def test_an_unsent_type_of_a_constants_only_module_is_reported(tmp_path: Path) -> None:
    board = (
        "import { BoardEvent } from './events';\n\n"
        "export function watchPauses(onPause: () => void) {\n"
        "  const socket = new WebSocket(`ws://${window.location.host}/ws/board`);\n"
        "  socket.onmessage = (event) => {\n"
        "    const message = JSON.parse(event.data);\n"
        "    if (message.type === BoardEvent.Paused) onPause();\n"
        "  };\n"
        "}\n"
    )
    root = _project(tmp_path, {"web/src/events.ts": EVENT_NAMES, "web/src/pauses.ts": board})
    assert check_rows(root) == [UNHANDLED_RESET, ("WS303", "web/src/pauses.ts", 7, "board_paused")]


BOARD_ONLY = BOARD.replace("  listen(new WebSocket(`ws://${window.location.host}/ws/floor`), onBoard);\n", "")

SOCKET_URL = """\
const API_BASE: string = import.meta.env.VITE_API_BASE ?? window.location.origin;

/** The API's origin with ws:// or wss:// instead of http(s)://. */
export function socketUrl(path: string): string {
  const url = new URL(path, API_BASE);
  url.protocol = url.protocol.replace('http', 'ws');
  return url.toString();
}
"""

FLOOR_CLIENT = """\
import { socketUrl } from './api';

export class FloorClient {
  private ws?: WebSocket;

  constructor(private readonly url: string) {}

  connect(onReset: () => void): void {
    this.ws = new WebSocket(this.url);
    this.ws.onmessage = (event) => {
      if (JSON.parse(event.data).type === 'board_reset') onReset();
    };
  }
}

export const floor = new FloorClient(socketUrl('{path}'));
"""


def test_a_url_a_socket_url_helper_builds_is_a_client(tmp_path: Path) -> None:
    # the client class opens ``this.url``: the route it reaches is the path handed to ``socketUrl``
    extra = {"web/src/api.ts": SOCKET_URL, "web/src/floor.ts": FLOOR_CLIENT.replace("{path}", "/ws/floor")}
    assert check_rows(_project(tmp_path, extra, board=BOARD_ONLY)) == []


def test_a_path_a_socket_url_helper_builds_is_no_certain_url(tmp_path: Path) -> None:
    # what the helper makes of the path is out of sight: no route is said to be missing for it
    extra = {"web/src/api.ts": SOCKET_URL, "web/src/floor.ts": FLOOR_CLIENT.replace("{path}", "/ws/flor")}
    assert check_rows(_project(tmp_path, extra, board=BOARD_ONLY)) == [
        ("WS302", "app/main.py", 16, "/ws/floor")
    ]


URLS = """\
export const BOARD_URL = `wss://${window.location.host}/ws/board`;
export const FLOOR_URL = import.meta.env.DEV
  ? 'ws://localhost:8000/ws/{path}'
  : `wss://${window.location.host}/ws/{path}`;
"""

CONDITIONAL_HOOK = """\
import useWebSocket from 'react-use-websocket';

import { FLOOR_URL } from './urls';

export function useFloor(enabled: boolean) {
  const { lastJsonMessage, readyState } = useWebSocket(enabled ? FLOOR_URL : null);
  return { lastJsonMessage, isConnected: readyState === 1 };
}
"""


def test_a_url_opened_only_when_a_condition_holds_is_a_client(tmp_path: Path) -> None:
    extra = {"web/src/urls.ts": URLS.replace("{path}", "floor"), "web/src/useFloor.ts": CONDITIONAL_HOOK}
    assert check_rows(_project(tmp_path, extra, board=BOARD_ONLY)) == [UNHANDLED_RESET]


def test_a_url_opened_only_when_a_condition_holds_must_be_served(tmp_path: Path) -> None:
    hook = CONDITIONAL_HOOK.replace("enabled ? FLOOR_URL : null", "enabled ? null : FLOOR_URL")
    extra = {"web/src/urls.ts": URLS.replace("{path}", "floors"), "web/src/useFloor.ts": hook}
    assert check_rows(_project(tmp_path, extra, board=BOARD_ONLY)) == [
        UNHANDLED_RESET,
        ("WS302", "app/main.py", 16, "/ws/floor"),
        ("WS304", "web/src/urls.ts", 3, "/ws/floors"),
    ]


@pytest.mark.parametrize(
    "channel",
    [
        "const source = new EventSource('/api/jobs/stream');\n"
        "source.onmessage = (event) => {\n  const update = JSON.parse(event.data);\n"
        "  if (update.type === 'job_done') onDone();\n};",
        "const source = new EventSource('/api/jobs/stream');\n"
        "source.onmessage = handleMessage;\n"
        "function handleMessage(event: MessageEvent) {\n  const update = JSON.parse(event.data);\n"
        "  if (update.type === 'job_done') onDone();\n}",
        "this.events = new EventSourcePolyfill('/api/jobs/stream');\n"
        "this.events.addEventListener('message', (event) => {\n  const update = JSON.parse(event.data);\n"
        "  if (update.type === 'job_done') onDone();\n});",
        "fetchEventSource('/api/jobs/stream', {\n  onmessage(event) {\n"
        "    const update = JSON.parse(event.data);\n"
        "    if (update.type === 'job_done') onDone();\n  },\n});",
        "const worker = new Worker(new URL('./parse.worker.ts', import.meta.url));\n"
        "worker.onmessage = (event) => {\n  const result = JSON.parse(event.data);\n"
        "  if (result.type === 'job_done') onDone();\n};",
        "const tabs = new BroadcastChannel('jobs');\n"
        "tabs.onmessage = (event) => {\n  const note = JSON.parse(event.data);\n"
        "  if (note.type === 'job_done') onDone();\n};",
    ],
    ids=["event-source", "named-handler", "polyfill", "fetch-event-source", "worker", "broadcast-channel"],
)
def test_messages_of_other_channels_are_no_socket_messages(tmp_path: Path, channel: str) -> None:
    # server-sent events, a worker's or another tab's messages: their types are no socket's
    source = "export function watchJobs(onDone: () => void) {\n" + channel + "\n}\n"
    assert check_rows(_project(tmp_path, {"web/src/jobs.ts": source})) == [UNHANDLED_RESET]


MAP_OF_HANDLERS = """\
export function watchResets(onReset: () => void) {
  const socket = new WebSocket(`ws://${window.location.host}/ws/board`);
  const handlers = new Map<string, () => void>([
    ['board_reset', onReset],
    ['{other}', onReset],
  ]);
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    handlers.get(message.type)?.();
  };
}
"""


def test_the_keys_of_a_map_of_handlers_are_handled_types(tmp_path: Path) -> None:
    extra = {"web/src/resets.ts": MAP_OF_HANDLERS.replace("{other}", "board_update")}
    assert check_rows(_project(tmp_path, extra)) == []


def test_an_unsent_key_of_a_map_of_handlers_is_reported(tmp_path: Path) -> None:
    extra = {"web/src/resets.ts": MAP_OF_HANDLERS.replace("{other}", "board_paused")}
    assert check_rows(_project(tmp_path, extra)) == [("WS303", "web/src/resets.ts", 5, "board_paused")]


def test_a_socket_beside_a_worker_is_still_read(tmp_path: Path) -> None:
    source = (
        "export function watchPauses(onPause: () => void) {\n"
        "  const worker = new Worker('/parse.js');\n"
        "  worker.onmessage = () => onPause();\n"
        "  const socket = new WebSocket(`ws://${window.location.host}/ws/board`);\n"
        "  socket.onmessage = (event) => {\n"
        "    if (JSON.parse(event.data).type === 'board_paused') onPause();\n"
        "  };\n"
        "}\n"
    )
    assert check_rows(_project(tmp_path, {"web/src/pauses.ts": source})) == [
        UNHANDLED_RESET,
        ("WS303", "web/src/pauses.ts", 6, "board_paused"),
    ]


@pytest.mark.parametrize(
    "validated",
    [
        "const message = BoardEvent.parse(JSON.parse(event.data));",
        "const parsed = BoardEvent.safeParse(JSON.parse(event.data));\n"
        "    if (!parsed.success) return;\n    const message = parsed.data;",
    ],
    ids=["parse", "safe-parse"],
)
def test_a_message_a_schema_validates_is_a_message(tmp_path: Path, validated: str) -> None:
    source = (
        "import { z } from 'zod';\n\n"
        "const BoardEvent = z.object({ type: z.string() });\n\n"
        "export function watchResets(onReset: () => void) {\n"
        "  const socket = new WebSocket(`ws://${window.location.host}/ws/board`);\n"
        "  socket.onmessage = (event) => {\n"
        f"    {validated}\n"
        "    if (message.type === 'board_reset') onReset();\n"
        "  };\n"
        "}\n"
    )
    assert check_rows(_project(tmp_path, {"web/src/resets.ts": source})) == []


# Socket code dispatches every message to a Redux Toolkit slice, whose reducer tells them apart.
MIDDLEWARE = """\
import { boardActions } from './boardSlice';

export const boardSocket = (store) => (next) => (action) => {
  if (boardActions.connect.match(action)) {
    const socket = new WebSocket(`ws://${window.location.host}/ws/board`);
    socket.onmessage = (event) => store.dispatch(boardActions.received(JSON.parse(event.data)));
  }
  return next(action);
};
"""

SLICE = """\
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

interface ServerMessage {
  type: string;
}

const boardSlice = createSlice({
  name: 'board',
  initialState: { resets: 0 },
  reducers: {
    connect() {},
    received(state, action: PayloadAction<ServerMessage>) {
      switch (action.payload.type) {
        case '{handled}':
          state.resets += 1;
          break;
      }
    },
  },
});

export const boardActions = boardSlice.actions;
"""


def test_a_reducer_of_socket_messages_handles_their_types(tmp_path: Path) -> None:
    extra = {
        "web/src/boardSocket.ts": MIDDLEWARE,
        "web/src/boardSlice.ts": SLICE.replace("{handled}", "board_reset"),
    }
    assert check_rows(_project(tmp_path, extra)) == []


def test_a_reducer_is_no_proof_a_socket_sends_a_type(tmp_path: Path) -> None:
    # only its annotation says the payload is a socket message: no WS303 on what it tells apart
    extra = {
        "web/src/boardSocket.ts": MIDDLEWARE,
        "web/src/boardSlice.ts": SLICE.replace("{handled}", "board_paused"),
    }
    assert check_rows(_project(tmp_path, extra)) == [UNHANDLED_RESET]


def test_a_reducer_alone_is_no_frontend_that_handles_types(tmp_path: Path) -> None:
    # no socket code tells types apart: the backend's types are not said to be unhandled
    quiet = BOARD.replace("if (message.type === 'board_update') ", "")
    extra = {"web/src/boardSlice.ts": SLICE.replace("{handled}", "board_update")}
    assert check_rows(_project(tmp_path, extra, board=quiet)) == []


@pytest.mark.parametrize(
    "collection",
    [
        "const RESETS = new Set(['board_reset']);",
        "const RESETS = ['board_reset'] as const;",
        "const RESETS = new Map([['board_reset', 'Board cleared']]);",
    ],
    ids=["set", "const-array", "map"],
)
def test_a_collection_a_type_is_looked_up_in_handles_it(tmp_path: Path, collection: str) -> None:
    source = (
        f"{collection}\n\n"
        "export function watchResets(onReset: () => void) {\n"
        "  const socket = new WebSocket(`ws://${window.location.host}/ws/board`);\n"
        "  socket.onmessage = (event) => {\n"
        "    const message = JSON.parse(event.data);\n"
        "    if (RESETS.{method}(message.type)) onReset();\n"
        "  };\n"
        "}\n"
    ).replace("{method}", "includes" if "[" in collection.split("=")[1][:3] else "has")
    assert check_rows(_project(tmp_path, {"web/src/resets.ts": source})) == []


PROTOCOL = """\
export type ServerMessage = { type: 'board_update' } | { type: 'board_reset' };

export type {client} = { type: 'board_subscribe'; board: string } | { type: 'board_leave' };
"""


@pytest.mark.parametrize("client", ["ClientMessage", "OutgoingWsMessage", "ClientToServerMessage"])
def test_the_types_the_client_sends_are_not_waited_for(tmp_path: Path, client: str) -> None:
    # the protocol module of a socket folder declares both directions; only the server's are awaited
    source = PROTOCOL.replace("{client}", client)
    sender = (
        f"import type {{ {client} }} from './protocol';\n\n"
        f"export function subscribe(socket: WebSocket, message: {client}) {{\n"
        "  if (message.type === 'board_leave') socket.close();\n"
        "  else socket.send(JSON.stringify(message));\n"
        "}\n"
    )
    extra = {"web/src/socket/protocol.ts": source, "web/src/socket/send.ts": sender}
    assert check_rows(_project(tmp_path, extra)) == []


def test_the_types_a_server_to_client_union_allows_are_waited_for(tmp_path: Path) -> None:
    source = PROTOCOL.replace("ServerMessage", "ServerToClientMessage").replace("{client}", "Unused")
    source = source.replace("{ type: 'board_reset' }", "{ type: 'board_paused' }")
    assert check_rows(_project(tmp_path, {"web/src/socket/protocol.ts": source})) == [
        UNHANDLED_RESET,
        ("WS303", "web/src/socket/protocol.ts", 1, "board_paused"),
    ]


@pytest.mark.parametrize(
    "server",
    [
        "import { WebSocketServer } from 'ws';\n\n"
        "const wss = new WebSocketServer({ port: 8081 });\n"
        "wss.on('connection', (socket) => {\n"
        "  socket.on('message', (raw) => {\n"
        "    if (JSON.parse(raw.toString()).type === 'board_join') socket.send('{}');\n"
        "  });\n"
        "});\n",
        "const WebSocket = require('ws');\n\n"
        "const wss = new WebSocket.Server({ port: 8081 });\n"
        "wss.on('connection', (socket) => {\n"
        "  socket.onmessage = (event) => {\n"
        "    if (JSON.parse(event.data).type === 'board_join') socket.send('{}');\n"
        "  };\n"
        "});\n",
        "import { Server } from 'socket.io';\n\n"
        "const io = new Server(3001);\n"
        "io.on('connection', (socket) => {\n"
        "  socket.on('board_join', (board: string) => socket.join(board));\n"
        "});\n",
        "import { ws } from 'msw';\n\n"
        "const board = ws.link('ws://localhost:8000/ws/board');\n"
        "export const handlers = [\n"
        "  board.addEventListener('connection', ({ client }) => {\n"
        "    client.addEventListener('message', (event) => {\n"
        "      if (JSON.parse(String(event.data)).type === 'board_join') client.send('{}');\n"
        "    });\n"
        "  }),\n"
        "];\n",
    ],
    ids=["ws", "ws-require", "socket.io", "msw"],
)
def test_a_socket_server_in_the_frontend_tree_waits_for_nothing(tmp_path: Path, server: str) -> None:
    # a dev server, a socket.io server or a mock: its handlers read what clients send
    assert check_rows(_project(tmp_path, {"web/src/mocks/board.ts": server})) == [UNHANDLED_RESET]


PROVIDER = """\
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';

type Handler = (message: { type: string }) => void;
interface Realtime {
  subscribe: (type: string, handler: Handler) => () => void;
}

export const RealtimeContext = createContext<Realtime | null>(null);

export function RealtimeProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Map<string, Set<Handler>>());
  useEffect(() => {
    const ws = new WebSocket(`ws://${location.host}/ws/board`);
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      listeners.current.get(message.type)?.forEach((handler) => handler(message));
    };
    return () => ws.close();
  }, []);
  const subscribe = useCallback((type: string, handler: Handler) => {
    const handlers = listeners.current.get(type) ?? new Set<Handler>();
    listeners.current.set(type, handlers.add(handler));
    return () => handlers.delete(handler);
  }, []);
  const value = useMemo(() => ({ subscribe }), [subscribe]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export const useRealtime = () => useContext(RealtimeContext)!;
"""


@pytest.mark.parametrize(
    "subscribe",
    [
        "const { subscribe } = useRealtime();\n  useEffect(() => subscribe('{type}', onReset), [subscribe]);",
        "const rt = useRealtime();\n  useEffect(() => rt.subscribe('{type}', onReset), [rt]);",
        "const { subscribe } = useContext(RealtimeContext)!;\n"
        "  useEffect(() => subscribe('{type}', onReset));",
    ],
    ids=["destructured", "result", "context"],
)
def test_a_subscription_through_a_socket_hook_or_context_handles_its_type(
    tmp_path: Path, subscribe: str
) -> None:
    component = (
        "import { useContext, useEffect } from 'react';\n\n"
        "import { RealtimeContext, useRealtime } from './RealtimeProvider';\n\n"
        "export function Resets({ onReset }: { onReset: () => void }) {\n"
        f"  {subscribe}\n"
        "  return null;\n"
        "}\n"
    )
    extra = {
        "web/src/RealtimeProvider.tsx": PROVIDER,
        "web/src/Resets.tsx": component.replace("{type}", "board_reset"),
    }
    assert check_rows(_project(tmp_path, extra)) == []
    # what a subscription names may be a topic, not a type: it handles, it never waits (no WS303)
    extra["web/src/Resets.tsx"] = component.replace("{type}", "board_paused")
    assert check_rows(_project(tmp_path, extra)) == [UNHANDLED_RESET]


# A client that subscribes to topics: it sends ``{action: 'subscribe', topic}`` and hands each
# message to the handlers of its ``topic``; the backend's types are another matter.
TOPIC_CLIENT = """type Handler = (message: { type: string; topic: string }) => void;
const handlers = new Map<string, Handler[]>();
const socket = new WebSocket(`ws://${window.location.host}/ws/board`);
socket.onmessage = (event) => {
  const message = JSON.parse(event.data);
  handlers.get(message.topic)?.forEach((handler) => handler(message));
};

export const boardSocket = {
  subscribe(topic: string, handler: Handler) {
    socket.send(JSON.stringify({ action: 'subscribe', topic }));
    handlers.set(topic, [...(handlers.get(topic) ?? []), handler]);
  },
};
"""


def test_a_socket_clients_subscription_to_a_topic_is_not_waited_for_as_a_type(tmp_path: Path) -> None:
    prices = (
        "import { boardSocket } from './topicClient';\n\n"
        "export function watchPrices(onPrice: () => void) {\n"
        "  boardSocket.subscribe('prices', onPrice);\n"
        "  boardSocket.subscribe('board_reset', onPrice);\n"
        "}\n"
    )
    extra = {"web/src/topicClient.ts": TOPIC_CLIENT, "web/src/prices.ts": prices}
    assert check_rows(_project(tmp_path, extra)) == []


def test_a_subscription_through_another_hook_is_no_socket_listener(tmp_path: Path) -> None:
    # ``usePubSub`` names no socket: its topics are not message types
    component = (
        "import { useEffect } from 'react';\n\n"
        "import { usePubSub } from './pubsub';\n\n"
        "export function Toasts({ onToast }: { onToast: () => void }) {\n"
        "  const { subscribe } = usePubSub();\n"
        "  useEffect(() => subscribe('toast_shown', onToast), [subscribe]);\n"
        "  return null;\n"
        "}\n"
    )
    assert check_rows(_project(tmp_path, {"web/src/Toasts.tsx": component})) == [UNHANDLED_RESET]


@pytest.mark.parametrize("alias", ["@/events", "~/events", "src/events"])
def test_a_type_constant_imported_through_a_path_alias_is_read(tmp_path: Path, alias: str) -> None:
    board = (
        f"import {{ BoardEvent, CLEARED }} from '{alias}';\n\n"
        "export function watchBoard(onChange: () => void) {\n"
        "  const socket = new WebSocket(`ws://${window.location.host}/ws/board`);\n"
        "  socket.onmessage = (event) => {\n"
        "    const message = JSON.parse(event.data);\n"
        "    if (message.type === CLEARED) onChange();\n"
        "    if (message.type === BoardEvent.Paused) onChange();\n"
        "  };\n"
        "}\n"
    )
    extra = {"web/src/events.ts": EVENT_NAMES, "web/src/resets.ts": board}
    assert check_rows(_project(tmp_path, extra)) == [("WS303", "web/src/resets.ts", 8, "board_paused")]


@pytest.mark.parametrize("member", ["BOARD_RESET", "BoardReset", "boardReset"])
def test_a_type_constant_of_a_package_handles_the_type_its_name_spells(tmp_path: Path, member: str) -> None:
    # ``@acme/protocol`` is out of sight: its ``ServerEvent.BoardReset`` may well be ``board_reset``
    board = (
        "import { ServerEvent } from '@acme/protocol';\n\n"
        "export function watchResets(onReset: () => void) {\n"
        "  const socket = new WebSocket(`ws://${window.location.host}/ws/board`);\n"
        "  socket.onmessage = (event) => {\n"
        f"    if (JSON.parse(event.data).type === ServerEvent.{member}) onReset();\n"
        "  };\n"
        "}\n"
    )
    assert check_rows(_project(tmp_path, {"web/src/resets.ts": board})) == []
