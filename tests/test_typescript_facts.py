"""Unit tests of the TypeScript / TSX extractor: the smallest snippet of each supported form."""

from __future__ import annotations

import textwrap
import time

import pytest

from wslint.facts import (
    Connection,
    ExpectedType,
    FileFacts,
    HelperCall,
    Hook,
    HookUse,
    Polling,
    SourceRef,
    TypeScriptFacts,
    TypeValue,
    UrlHelper,
)
from wslint.typescript_facts import extract_typescript, might_hold_typescript_facts

PATH = "web/src/hooks/useFeed.tsx"


def extract(source: str, path: str = PATH) -> FileFacts:
    return extract_typescript(path, textwrap.dedent(source).lstrip("\n").encode())


def ts(source: str, path: str = PATH) -> TypeScriptFacts:
    facts = extract(source, path)
    assert facts.parse_errors == []
    assert facts.typescript is not None
    return facts.typescript


def ref(line: int, col: int, path: str = PATH) -> SourceRef:
    return SourceRef(path, line, col)


def paths(facts: TypeScriptFacts) -> list[str]:
    return [c.path for c in facts.connections]


def values(facts: TypeScriptFacts, how: str | None = None) -> list[str | None]:
    return [e.type.value for e in facts.expected_types if how is None or e.how == how]


# ------------------------------------------------------------------------ basics


def test_module_language_and_grammar_per_suffix() -> None:
    facts = extract("const a = <div>x</div>;\n", "web/src/App.jsx")
    assert facts.language == "typescript"
    assert facts.parse_errors == []
    assert facts.typescript == TypeScriptFacts(module="web/src/App")
    # a generic arrow that only the plain typescript grammar reads
    assert extract("const f = <T>(x: T) => x;\n", "web/src/f.ts").parse_errors == []


@pytest.mark.parametrize(
    "path",
    [
        "web/src/__tests__/useFeed.tsx",
        "web/src/useFeed.test.ts",
        "web/src/useFeed.spec.tsx",
        "web/test/useFeed.ts",
        "web/tests/helpers.js",
    ],
)
def test_test_files_record_only_module_and_is_test(path: str) -> None:
    facts = extract("const ws = new WebSocket('ws://localhost/ws/queue');\n", path)
    assert facts.typescript is not None
    assert facts.typescript.is_test
    assert facts.typescript.connections == []
    assert facts.typescript.module == path.rsplit(".", 1)[0]


def test_might_hold_facts() -> None:
    assert might_hold_typescript_facts(b"new WebSocket(url)")
    assert might_hold_typescript_facts(b"useQuery({ refetchInterval: 5000 })")
    assert might_hold_typescript_facts(b"if (msg.type === 'x') {}")
    assert not might_hold_typescript_facts(b"export const add = (a: number, b: number) => a + b;\n")
    assert not might_hold_typescript_facts(b"")
    # words in any case
    assert might_hold_typescript_facts(b"const SOCKET_PATH = '/x';")
    assert might_hold_typescript_facts(b"emitter.On('x', f)")
    assert might_hold_typescript_facts(b"const REFETCHINTERVAL = 5;")


@pytest.mark.parametrize(
    "source",
    [
        b"realtime.once(LAST_CALL, onLastCall);",
        b"connection.Once('closed', f);",
        b"io.addListener('lot_closed', f);",
        b"realtime.addEventListener('lot_closed', f);",
        b"export const LAST_CALL = 'closing_soon' as const;",
        b"export const LAST_CALL: string = `closing_soon`;",
        b"export const EVENTS = { lastCall: 'closing_soon' };",
        b"export const EVENTS = Object.freeze({ lastCall: 'closing_soon' });",
        b"export enum LotEvent { LastCall = 'closing_soon' }",
        b"export const enum LotEvent { LastCall = 'closing_soon' }",
    ],
)
def test_listeners_and_exported_constants_might_hold_facts(source: bytes) -> None:
    # a listener whose owner names no socket word, and a module another may import a type from
    assert might_hold_typescript_facts(source)


@pytest.mark.parametrize(
    "source",
    [
        b"export const add = (a: number, b: number) => a + b;",
        b"const LOCAL = 'not importable';",
        b"export function title() { return 'Orders'; }",
    ],
)
def test_other_modules_hold_no_facts(source: bytes) -> None:
    assert not might_hold_typescript_facts(source)


# ------------------------------------------------------------------ parse errors


def test_unclosed_brace_at_eof_is_a_parse_error_and_the_rest_is_still_read() -> None:
    facts = extract(
        """
        const ws = new WebSocket('/ws/queue');
        function broken() {
          const y = 1;
        """
    )
    assert [(e.ref.line, "missing `}`" in e.message) for e in facts.parse_errors] == [(3, True)]
    assert facts.typescript is not None
    assert paths(facts.typescript) == ["/ws/queue"]


def test_top_level_garbage_is_a_parse_error() -> None:
    facts = extract("const = ;\nconst ws = new WebSocket('/ws/queue');\n")
    assert [e.ref for e in facts.parse_errors] == [ref(1, 1)]
    assert facts.typescript is not None
    assert paths(facts.typescript) == ["/ws/queue"]


def test_bare_ampersand_in_jsx_is_not_a_parse_error() -> None:
    facts = extract(
        """
        export function Terms() {
          return (
            <p className="terms">
              Terms & Conditions {a && b}
            </p>
          );
        }
        const R = () => <span>R&D</span>;
        """
    )
    assert facts.parse_errors == []


def test_non_utf8_is_a_parse_error() -> None:
    facts = extract_typescript(PATH, b"const a = 1;\nconst b = '\xff';\n")
    assert [(e.ref, e.message) for e in facts.parse_errors] == [(ref(2, 12), "file is not valid UTF-8")]


def test_empty_and_binary_files_do_not_raise() -> None:
    assert extract_typescript(PATH, b"").parse_errors == []
    assert extract_typescript(PATH, bytes(range(0, 128)) * 10).typescript is not None


def test_deep_nesting_and_a_large_file_finish() -> None:
    deep = "const x = " + "[" * 3000 + "]" * 3000 + ";\n" + "function f() {" * 2000 + "}" * 2000
    facts = extract_typescript(PATH, deep.encode())
    assert facts.typescript is not None
    concat = "const u = " + " + ".join(["'a'"] * 5000) + ";\nnew WebSocket(u + '/ws/x');\n"
    assert extract_typescript(PATH, concat.encode()).typescript is not None
    chunk = textwrap.dedent(
        """
        export function useThing{i}(id: string) {{
          const [data, setData] = useState(null);
          useEffect(() => {{
            if (data && data.type === 'x') setData({{ ...data, n: [1, 2].map((v) => v * 2) }});
          }}, [data]);
          return {{ data, label: "hello" + id, items: {{ a: 1, b: 'two', c: [3, 4] }} }};
        }}
        """
    )
    big = "".join(chunk.format(i=i) for i in range(1500)).encode()
    started = time.perf_counter()
    facts = extract_typescript(PATH, big)
    assert time.perf_counter() - started < 10
    assert facts.parse_errors == []


def test_columns_count_characters_not_bytes() -> None:
    facts = ts("const ü = 'é'; const ws = new WebSocket('/ws/queue');\n")
    assert facts.connections[0].ref == ref(1, 41)


# ------------------------------------------------------------------- connections


def test_new_websocket_with_string_literal() -> None:
    facts = ts(
        """
        export function connect() {
          const ws = new WebSocket('ws://localhost:8000/ws/queue');
          return ws;
        }
        """
    )
    assert facts.connections == [Connection("/ws/queue", ref(2, 28), "WebSocket", "connect", True)]


def test_template_literal_with_base_and_id_hole() -> None:
    facts = ts(
        """
        const open = (id: string) => new WebSocket(`${WS_BASE}/ws/item/${id}/`);
        """
    )
    assert facts.connections == [Connection("/ws/item/{}", ref(1, 44), "WebSocket", "open", True)]


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("'wss://api.example.com/api/v1/ws/queue?token=abc'", "/api/v1/ws/queue"),
        ("'/ws/queue#frag'", "/ws/queue"),
        ("`${protocol}//${host}/ws`", "/ws"),
        ("`${protocol}://${window.location.host}/api/v1/ws/adw-state/${adwId}`", "/api/v1/ws/adw-state/{}"),
        ("`/ws/item-${id}`", "/ws/item-{}"),
        ("`${API}:8000/ws/x`", "/ws/x"),
        ("base + '/ws/queue'", "/ws/queue"),
        ("process.env.REACT_APP_WS || 'ws://localhost:8000/ws/queue'", "/ws/queue"),
        ("import.meta.env.VITE_WS_URL ?? 'ws://localhost/ws/events'", "/ws/events"),
        ("API_URL.replace(/^http/, 'ws') + '/ws/queue'", "/ws/queue"),
        ("new URL('/ws/queue', window.location.href).toString()", "/ws/queue"),
    ],
)
def test_url_forms_normalize(url: str, path: str) -> None:
    facts = ts(f"const ws = new WebSocket({url});\n")
    assert paths(facts) == [path]


def test_nothing_literal_means_no_connection() -> None:
    facts = ts(
        """
        export function connect(url: string) {
          const a = new WebSocket(url);
          const b = new WebSocket(`${WS_BASE}${path}`);
          const c = new WebSocket(getUrl());
        }
        """
    )
    assert facts.connections == []


def test_local_const_followed_and_ref_is_the_consts_literal() -> None:
    facts = ts(
        """
        const WS_PATH = '/ws/queue';
        export function useQueue() {
          const base = `${WS_BASE}`;
          const wsUrl = `${base}${WS_PATH}`;
          const ws = new WebSocket(wsUrl);
        }
        """
    )
    assert facts.connections == [Connection("/ws/queue", ref(1, 17), "WebSocket", "useQueue", True)]


def test_imported_constant_keeps_the_visible_literal_parts() -> None:
    facts = ts(
        """
        import { API_BASE } from '../config';
        const ws = new WebSocket(`${API_BASE}/ws/queue`);
        """
    )
    assert paths(facts) == ["/ws/queue"]
    assert facts.aliases == {"API_BASE": "web/src/config:API_BASE"}


def test_reconnecting_websocket_and_socket_io() -> None:
    facts = ts(
        """
        import ReconnectingWebSocket from 'reconnecting-websocket';
        import { io } from 'socket.io-client';
        const rws = new ReconnectingWebSocket('ws://localhost/ws/events');
        const socket = io('http://localhost:8000/socket');
        """
    )
    assert facts.connections == [
        Connection("/ws/events", ref(3, 39), "ReconnectingWebSocket", None, True),
        Connection("/socket", ref(4, 19), "io", None, False),
    ]


def test_use_websocket_forms() -> None:
    facts = ts(
        """
        import useWebSocket from 'react-use-websocket';
        export function Feed({ enabled }: Props) {
          const a = useWebSocket('ws://localhost:8000/ws/feed', { share: true }, enabled);
          const b = useWebSocket(() => `${WS_BASE}/ws/lazy`);
          const getSocketUrl = useCallback(() => '/ws/callback', []);
          const c = useWebSocket(getSocketUrl);
          const d = useWebSocket(enabled ? '/ws/maybe' : null);
          return null;
        }
        """
    )
    assert facts.connections == [
        Connection("/ws/feed", ref(3, 26), "useWebSocket", "Feed", True),
        Connection("/ws/lazy", ref(4, 32), "useWebSocket", "Feed", True),
        Connection("/ws/callback", ref(5, 42), "useWebSocket", "Feed", True),
        Connection("/ws/maybe", ref(7, 36), "useWebSocket", "Feed", True),
    ]


def test_custom_hook_with_url_in_options() -> None:
    facts = ts(
        """
        export function useQueueWebSocket() {
          const wsUrl = `${WS_BASE}/ws/queue`;
          const state = useReliableWebSocket<QueueData, QueueMessage>({ url: wsUrl, queryKey: ['queue'] });
          const other = createSocketConnection({ url: '/ws/other' });
          const ignored = buildClient({ url: '/ws/not-a-socket-call' });
          return state;
        }
        """
    )
    assert facts.connections == [
        Connection("/ws/queue", ref(2, 17), "useReliableWebSocket", "useQueueWebSocket", True),
        Connection("/ws/other", ref(4, 47), "createSocketConnection", "useQueueWebSocket", True),
    ]


def test_shorthand_url_option() -> None:
    facts = ts(
        """
        function useStatus() {
          const url = '/ws/system-status';
          return useReliableWebSocket({ url, onMessage: () => {} });
        }
        """
    )
    assert paths(facts) == ["/ws/system-status"]


def test_non_socket_calls_with_ws_in_the_name_open_nothing() -> None:
    facts = ts(
        """
        function useX() {
          assertIsWebSocket(webSocketRef.current);
          websocketWrapper(webSocketRef.current, startRef);
          sendSocketMessage('hello');
          useSocketEvent('queue_update', handler);
        }
        """
    )
    assert facts.connections == []
    assert facts.helper_calls == []


# ----------------------------------------------------------- url helpers / calls

CONFIG = """
export const apiConfig = {
  baseUrl: '/api/v1',
  websocket: {
    getUrl: (path: string) => `${WS_BASE}${path}`,
    workflows: () => apiConfig.websocket.getUrl('/ws/workflows'),
    queue: () => getWsUrl('/ws/queue'),
    adwState: (id: string) => apiConfig.websocket.getUrl(`/ws/adw-state/${id}`),
    status() {
      return `${WS_BASE}/api/v1/ws/system-status`;
    },
  },
  rest: { queue: () => '/api/v1/queue' },
};
export const WS_ENDPOINTS = { queue: '/ws/queue', health: '/api/health' } as const;
export const getQueueWsUrl = () => `${WS_BASE}/ws/queue`;
export function getEventsSocketUrl() {
  return `${WS_BASE}/socket/events`;
}
const WS_BASE = 'ws://localhost:8000';
"""


def test_url_helpers_in_config_objects_and_functions() -> None:
    facts = ts(CONFIG, "web/src/config/api.ts")
    path = "web/src/config/api.ts"
    assert facts.url_helpers == [
        UrlHelper("apiConfig.websocket.workflows", "/ws/workflows", ref(5, 49, path)),
        UrlHelper("apiConfig.websocket.queue", "/ws/queue", ref(6, 27, path)),
        UrlHelper("apiConfig.websocket.adwState", "/ws/adw-state/{}", ref(7, 58, path)),
        UrlHelper("apiConfig.websocket.status", "/api/v1/ws/system-status", ref(9, 14, path)),
        UrlHelper("WS_ENDPOINTS.queue", "/ws/queue", ref(14, 38, path)),
        UrlHelper("getQueueWsUrl", "/ws/queue", ref(15, 36, path)),
        UrlHelper("getEventsSocketUrl", "/socket/events", ref(17, 10, path)),
    ]
    assert facts.constants["WS_ENDPOINTS.queue"] == "/ws/queue"
    assert facts.constants["WS_BASE"] == "ws://localhost:8000"


def test_helper_calls_and_reads() -> None:
    facts = ts(
        """
        import { apiConfig, WS_ENDPOINTS, getQueueWsUrl } from '@/config/api';
        export function useWorkflows() {
          const wsUrl = apiConfig.websocket.workflows();
          return useReliableWebSocket({ url: wsUrl });
        }
        export function useQueue() {
          const ws = new WebSocket(WS_ENDPOINTS.queue);
          const q = getQueueWsUrl();
          ws.send('x');
          this.ws.close();
        }
        """
    )
    assert facts.helper_calls == [
        HelperCall("apiConfig.websocket.workflows", ref(3, 17), "useWorkflows"),
        HelperCall("WS_ENDPOINTS.queue", ref(7, 28), "useQueue"),
        HelperCall("getQueueWsUrl", ref(8, 13), "useQueue"),
    ]
    assert facts.connections == []
    assert facts.aliases == {}  # ``@/`` aliases are not resolved


def test_a_path_handed_to_a_socket_url_builder_is_an_uncertain_connection() -> None:
    facts = ts(
        "import { socketUrl } from '../lib/api';\n"
        "export const floor = new FloorClient(socketUrl('/ws/floor'));\n"
        "export const rest = new ApiClient(apiUrl('/api/lots'));\n"
        "export const named = new FloorClient(socketUrl(FLOOR));\n"
    )
    assert facts.connections == [Connection("/ws/floor", ref(2, 48), "socketUrl", None, certain=False)]


def test_same_file_helper_resolves_to_a_connection() -> None:
    facts = ts(CONFIG + "\nexport const open = () => new WebSocket(apiConfig.websocket.queue());\n")
    assert facts.connections == [
        Connection("/ws/queue", ref(6, 27), "helper:apiConfig.websocket.queue", "open", True)
    ]
    # ``getWsUrl`` reads like a helper; the linker finds no UrlHelper of that name, so it is harmless
    assert [c.name for c in facts.helper_calls] == [
        "apiConfig.websocket.queue",
        "apiConfig.websocket.getUrl",
        "getWsUrl",
        "apiConfig.websocket.getUrl",
    ]


# -------------------------------------------------------------- expected types


def _expected(facts: TypeScriptFacts) -> list[tuple[str | None, int, int, str | None, str]]:
    return [(e.type.value, e.type.ref.line, e.type.ref.col, e.function, e.how) for e in facts.expected_types]


def test_compare_in_on_message_option() -> None:
    facts = ts(
        """
        export function useQueue() {
          return useReliableWebSocket({
            url: '/ws/queue',
            onMessage: (message: any) => {
              if (message.type === 'queue_update') setData(message.data);
              else if ('type' in message && message.type == "queue_cleared") reset();
              if (message.type !== 'ping') return;
              if (message.data.type === 'nested_decoy') {}
            },
          });
        }
        """
    )
    assert _expected(facts) == [
        ("queue_update", 5, 28, "useQueue", "compare"),
        ("queue_cleared", 6, 53, "useQueue", "compare"),
        ("ping", 7, 28, "useQueue", "compare"),
    ]


def test_native_onmessage_with_json_parse_and_destructuring() -> None:
    facts = ts(
        """
        export function connect() {
          const ws = new WebSocket('/ws/events');
          ws.onmessage = (event) => {
            if (event.type === 'message') {}
            const { type, data } = JSON.parse(event.data);
            if (type === 'event_created') {}
          };
          ws.addEventListener('message', (e: MessageEvent) => {
            const msg = JSON.parse(e.data) as ServerMessage;
            switch (msg.type) {
              case 'event_deleted':
                break;
              default:
            }
          });
        }
        """
    )
    assert _expected(facts) == [
        ("event_created", 6, 18, "connect", "compare"),
        ("event_deleted", 11, 12, "connect", "switch"),
    ]


def test_handle_message_function_and_use_callback() -> None:
    facts = ts(
        """
        function handleWorkflowMessage(msg: WorkflowUpdate) {
          switch (msg.type) {
            case 'workflow_update':
            case "workflow_deleted":
              break;
          }
        }
        export function Board() {
          const handleMessage = useCallback((data) => {
            if (data?.type === 'board_update') {}
          }, []);
          return null;
        }
        """
    )
    assert _expected(facts) == [
        ("workflow_update", 3, 10, "handleWorkflowMessage", "switch"),
        ("workflow_deleted", 4, 10, "handleWorkflowMessage", "switch"),
        ("board_update", 10, 24, "Board", "compare"),
    ]


def test_last_json_message_of_react_use_websocket() -> None:
    facts = ts(
        """
        import useWebSocket from 'react-use-websocket';
        export function Ticker() {
          const { lastJsonMessage, lastMessage } = useWebSocket('/ws/ticker');
          useEffect(() => {
            if (lastJsonMessage?.type === 'tick') {}
            const parsed = lastMessage ? JSON.parse(lastMessage.data) : null;
          }, [lastJsonMessage]);
          const msg = JSON.parse(lastMessage.data);
          if (msg.type === 'tock') {}
        }
        """
    )
    assert _expected(facts) == [("tick", 5, 35, "Ticker", "compare"), ("tock", 9, 20, "Ticker", "compare")]


def test_decoys_are_not_message_types() -> None:
    facts = ts(
        """
        import { useReducer } from 'react';
        function reducer(state: State, action: Action) {
          switch (action.type) {
            case 'increment':
              return state;
          }
        }
        export function Button(props: ButtonProps) {
          const { data } = useQuery({ queryKey: ['x'], queryFn });
          if (props.type === 'primary') {}
          if (field.type === 'text') {}
          if (data.type === 'rest') {}
          const onClick = (event: React.MouseEvent) => { if (event.type === 'click') {} };
          const ws = new WebSocket('/ws/x');
          ws.onmessage = (e) => { const m = JSON.parse(e.data); if (m.data.type === 'inner') {} };
          return null;
        }
        interface ButtonProps { type: 'primary' | 'secondary'; }
        """,
        "web/src/components/Button.tsx",
    )
    assert values(facts) == []


def test_message_interface_and_union_alias() -> None:
    facts = ts(
        """
        type QueueEventType = 'queue_update' | 'queue_cleared';
        interface QueueWebSocketMessage {
          type: QueueEventType;
          data: QueueData;
        }
        interface StatusMessage { type: 'system_status_update'; data: Status }
        type ServerMessage = StatusMessage | { type: 'pong' } | { type: "error"; message: string };
        interface Props { type: 'card' }
        """,
        "web/src/types/websocket.ts",
    )
    assert _expected(facts) == [
        ("queue_update", 1, 23, None, "interface"),
        ("queue_cleared", 1, 40, None, "interface"),
        ("system_status_update", 6, 33, None, "interface"),
        ("pong", 7, 46, None, "interface"),
        ("error", 7, 65, None, "interface"),
    ]


def test_interface_counts_when_used_by_a_socket_hook() -> None:
    facts = ts(
        """
        interface FeedUpdate { type: 'feed_update'; items: Item[] }
        interface FeedProps { type: 'compact' }
        export function useFeed() {
          const { lastJsonMessage } = useWebSocket<FeedUpdate>('/ws/feed');
          return lastJsonMessage;
        }
        """,
        "web/src/components/Feed.tsx",
    )
    assert _expected(facts) == [("feed_update", 1, 30, None, "interface")]


def test_plain_message_interface_needs_a_socket_file() -> None:
    source = "interface ChatMessage { type: 'user' | 'assistant'; text: string }\n"
    assert ts(source, "web/src/components/Chat.tsx").expected_types == []
    assert values(ts(source, "web/src/ws/chat.ts")) == ["user", "assistant"]


def test_handler_map() -> None:
    facts = ts(
        """
        export function useMulti() {
          const handlers = {
            queue_update: (d: QueueData) => setQueue(d),
            'workflow-update': (d) => setWorkflows(d),
            [WS_TYPES.STATUS]: (d) => setStatus(d),
            refresh() {},
          };
          return useReliableWebSocket({
            url: '/ws/multi',
            onMessage: (msg: WsMessage) => handlers[msg.type]?.(msg.data),
          });
        }
        const WS_TYPES = { STATUS: 'system_status' } as const;
        """
    )
    assert _expected(facts) == [
        ("queue_update", 3, 5, "useMulti", "handler-map"),
        ("workflow-update", 4, 5, "useMulti", "handler-map"),
        ("system_status", 5, 6, "useMulti", "handler-map"),
        ("refresh", 6, 5, "useMulti", "handler-map"),
    ]


def test_listener_registries() -> None:
    facts = ts(
        """
        export function SocketProvider({ children }: Props) {
          const socket = io('/socket');
          socket.on('connect', () => {});
          socket.on('queue_update', (data) => setQueue(data));
          wsManager.subscribe("workflow_update", onWorkflow);
          socket.on('disconnect', () => {});
          emitter.on('change', () => {});
          window.addEventListener('resize', onResize);
          const ws = new WebSocket('/ws/x');
          ws.addEventListener('message', onMessage);
          ws.addEventListener('error', onError);
          return children;
        }
        """
    )
    assert _expected(facts) == [
        ("queue_update", 4, 13, "SocketProvider", "listener"),
        ("workflow_update", 5, 23, "SocketProvider", "subscribed"),
    ]


def test_type_constants_enums_and_imports() -> None:
    facts = ts(
        """
        import { QUEUE_UPDATE, WsTypes } from './constants';
        import * as T from '../ws/types';
        import { Remote } from '@/types';
        export const LOCAL = 'local_update';
        export enum MessageType { Status = 'status_update', Count = 1 }
        const OBJ = { nested: { deep: 'deep_update' } } as const;
        function handleMessage(msg: Message) {
          if (msg.type === LOCAL) {}
          if (msg.type === MessageType.Status) {}
          if (msg.type === OBJ.nested.deep) {}
          if (msg.type === QUEUE_UPDATE) {}
          if (msg.type === WsTypes.CLEARED) {}
          if (msg.type === T.PING) {}
          if (msg.type === Remote.X) {}
          if (msg.type === `${prefix}_done`) {}
        }
        """
    )
    got = [(e.type.value, e.type.symbol, e.type.pattern, e.type.ref.line) for e in facts.expected_types]
    assert got == [
        ("local_update", None, None, 8),
        ("status_update", None, None, 9),
        ("deep_update", None, None, 10),
        (None, "web/src/hooks/constants:QUEUE_UPDATE", None, 11),
        (None, "web/src/hooks/constants:WsTypes.CLEARED", None, 12),
        (None, "web/src/ws/types:PING", None, 13),
        (None, "@/types:Remote.X", None, 14),  # a path alias: the linker finds the module
        (None, None, "*_done", 15),
    ]
    assert facts.constants == {
        "LOCAL": "local_update",
        "OBJ.nested.deep": "deep_update",
        "MessageType.Status": "status_update",
    }
    assert facts.aliases == {
        "QUEUE_UPDATE": "web/src/hooks/constants:QUEUE_UPDATE",
        "WsTypes": "web/src/hooks/constants:WsTypes",
    }


def test_reexports_are_aliases() -> None:
    facts = ts(
        "export { QUEUE_UPDATE, STATUS as STATUS_UPDATE } from './constants';\n", "web/src/ws/index.ts"
    )
    assert facts.aliases == {
        "QUEUE_UPDATE": "web/src/ws/constants:QUEUE_UPDATE",
        "STATUS_UPDATE": "web/src/ws/constants:STATUS",
    }


def test_includes_on_an_array_literal() -> None:
    facts = ts("function onMessage(m) { if (['a_update', 'b_update'].includes(m.type)) {} }\n")
    assert values(facts, "compare") == ["a_update", "b_update"]


# ------------------------------------------------------------------------ hooks

HOOKS = """
import { apiConfig } from '../config/api';

/**
 * Queue updates over WebSocket.
 */
export function useQueueWebSocket() {
  const wsUrl = apiConfig.websocket.queue();
  const connectionState = useReliableWebSocket({ url: wsUrl });
  return {
    data,
    isConnected: connectionState.isConnected,
    connectionQuality: connectionState.connectionQuality,
  };
}

// not JSDoc
export const useStatusWebSocket = () => useWebSocket('/ws/status');

const useComposite = () => {
  const queue = useQueueWebSocket();
  return { items: queue.data };
};

export function useCounter() {
  const [n, setN] = useState(0);
  return { n, status: 'idle' };
}
"""


def test_hooks() -> None:
    facts = ts(HOOKS)
    assert facts.hooks == [
        Hook("useQueueWebSocket", ref(6, 17), True, True, True),
        Hook("useStatusWebSocket", ref(17, 14), True, True, False),
        Hook("useComposite", ref(19, 7), False, False, False),
    ]


def test_exported_later_and_default() -> None:
    facts = ts(
        """
        function useA() { return useWebSocket('/ws/a'); }
        const useB = () => { const ws = useWebSocket('/ws/b'); return ws; };
        export { useA };
        export default useB;
        """
    )
    assert [(h.name, h.exported, h.returns_connection_state) for h in facts.hooks] == [
        ("useA", True, True),
        ("useB", True, True),
    ]


def test_hook_uses_and_connection_state_reads() -> None:
    facts = ts(
        HOOKS
        + """
export function QueueCard() {
  const { data, isConnected } = useQueueWebSocket();
  return <div>{data}</div>;
}
export function StatusCard() {
  const { data } = useStatusWebSocket();
  return <div>{data}</div>;
}
export function PassesItOn() {
  const queue = useQueueWebSocket();
  return <Indicator {...queue} />;
}
export function ReadsMember() {
  const queue = useQueueWebSocket();
  return <div>{queue.data}{queue.lastUpdated}</div>;
}
export function OnlyData() {
  const queue = useQueueWebSocket();
  return <div>{queue.data}</div>;
}
"""
    )
    uses = [(u.hook, u.function, u.ref.line, u.reads_connection_state) for u in facts.hook_uses]
    assert uses == [
        ("useReliableWebSocket", "useQueueWebSocket", 8, True),
        ("useWebSocket", "useStatusWebSocket", 17, True),
        ("useQueueWebSocket", "useComposite", 20, False),
        ("useQueueWebSocket", "QueueCard", 30, True),
        ("useStatusWebSocket", "StatusCard", 34, False),
        ("useQueueWebSocket", "PassesItOn", 38, True),
        ("useQueueWebSocket", "ReadsMember", 42, True),
        ("useQueueWebSocket", "OnlyData", 46, False),
    ]
    assert facts.hook_uses[3] == HookUse("useQueueWebSocket", "QueueCard", ref(30, 33), True)


# ---------------------------------------------------------------------- polling


def test_polling() -> None:
    facts = ts(
        """
        export function Dashboard({ isConnected }: Props) {
          const a = useQuery({ queryKey: ['workflows'], queryFn, refetchInterval: 5000 });
          const b = useQuery({ queryKey: ['queue'], refetchInterval: false, refetchIntervalInBackground: 1 });
          const c = useQuery({ queryKey: ['status', id], refetchInterval: isConnected ? false : 30_000 });
          const d = useQuery({ queryFn, refetchInterval: 5 * 60 * 1000 });
          const e = useQuery({ queryKey: ['x'], refetchInterval: (q) => (q.state.data ? 1000 : false) });
          const f = useQuery(['legacy'], fetchLegacy, { refetchInterval: 0 });
          const g = useQuery({ queryKey: ['y'], refetchInterval });
          // refetchInterval: 1000 in a comment
          const s = "refetchInterval: 1000";
          return null;
        }
        """
    )
    assert facts.polling == [
        Polling(ref(2, 58), "5000", False, False, "['workflows']", "Dashboard"),
        Polling(ref(3, 45), "false", True, False, "['queue']", "Dashboard"),
        Polling(ref(4, 50), "isConnected ? false : 30_000", False, True, "['status', id]", "Dashboard"),
        Polling(ref(5, 33), "5 * 60 * 1000", False, False, None, "Dashboard"),
        Polling(ref(6, 41), "(q) => (q.state.data ? 1000 : false)", False, True, "['x']", "Dashboard"),
        Polling(ref(7, 49), "0", True, False, "['legacy']", "Dashboard"),
        Polling(ref(8, 41), "refetchInterval", False, True, "['y']", "Dashboard"),
    ]


# ----------------------------------------------------------- a realistic provider


def test_context_provider_multiplexing_sockets() -> None:
    facts = ts(
        """
        import { createContext, useEffect, useRef } from 'react';
        import { WS_BASE_URL } from '../config';

        const CHANNELS = {
          queue: '/ws/queue',
          workflows: '/ws/workflows',
        } as const;

        type Channel = keyof typeof CHANNELS;

        interface ChannelMessage {
          type: 'queue_update' | 'workflows_update';
          data: unknown;
        }

        export function RealtimeProvider({ children }: { children: React.ReactNode }) {
          const sockets = useRef<Record<Channel, WebSocket>>({} as never);
          useEffect(() => {
            const queue = new WebSocket(`${WS_BASE_URL}${CHANNELS.queue}`);
            const workflows = new WebSocket(WS_BASE_URL + CHANNELS.workflows);
            const handle = (raw: MessageEvent) => {
              const message: ChannelMessage = JSON.parse(raw.data);
              if (message.type === 'queue_update') dispatch({ type: 'SET_QUEUE', payload: message.data });
            };
            queue.onmessage = handle;
            workflows.onmessage = handle;
          }, []);
          return <Ctx.Provider value={null}>{children}</Ctx.Provider>;
        }
        """,
        "web/src/context/RealtimeProvider.tsx",
    )
    path = "web/src/context/RealtimeProvider.tsx"
    assert facts.connections == [
        Connection("/ws/queue", ref(5, 10, path), "WebSocket", "RealtimeProvider", True),
        Connection("/ws/workflows", ref(6, 14, path), "WebSocket", "RealtimeProvider", True),
    ]
    assert facts.expected_types == [
        ExpectedType(TypeValue(ref(12, 9, path), value="queue_update"), None, "interface"),
        ExpectedType(TypeValue(ref(12, 26, path), value="workflows_update"), None, "interface"),
        ExpectedType(TypeValue(ref(23, 28, path), value="queue_update"), "RealtimeProvider", "compare"),
    ]


def test_builder_under_websocket_key_is_not_a_helper_and_ref_is_the_specific_literal() -> None:
    path = "web/src/config/api.ts"
    facts = ts(
        """
        const WS_BASE_URL = API_BASE_URL.replace(/^http/, 'ws');
        export const apiConfig = {
          websocket: {
            getUrl: (path: string): string => `${WS_BASE_URL}/api/v1${path}`,
            queue: () => apiConfig.websocket.getUrl('/ws/queue'),
          },
        };
        """,
        path,
    )
    assert facts.url_helpers == [UrlHelper("apiConfig.websocket.queue", "/api/v1/ws/queue", ref(5, 45, path))]


def test_query_keys_handed_to_the_socket_hook() -> None:
    facts = ts(
        """
        export function useQueueWebSocket() {
          const state = useReliableWebSocket({ url: '/ws/queue', queryKey: ['queue'], queryFn: getQueue });
          return { isConnected: state.isConnected };
        }
        """
    )
    assert [(h.name, h.query_keys) for h in facts.hooks] == [("useQueueWebSocket", ("['queue']",))]


def test_socket_object_members_are_not_helper_calls() -> None:
    facts = ts(
        """
        function teardown() {
          this.ws.T.unref();
          _this.ws._socket.unref();
          wsRef.current.close();
          apiConfig.websocket.queue();
        }
        """
    )
    assert [c.name for c in facts.helper_calls] == ["apiConfig.websocket.queue"]


def test_message_types_file_under_a_realtime_directory() -> None:
    facts = ts(
        """
        export interface Position { type: 'equity' | 'option' }
        export type PortfolioMessage =
          | { type: 'snapshot'; data: Snapshot }
          | { type: 'position_changed'; data: Position };
        """,
        "web/src/realtime/types.ts",
    )
    assert values(facts, "interface") == ["snapshot", "position_changed"]


@pytest.mark.parametrize(
    ("url", "external"),
    [
        ("'wss://stream.exchange.example.com/ws/btcusdt@trade'", True),
        ("'ws://localhost:8000/ws/queue'", False),
        ("'ws://127.0.0.1:8000/ws/queue'", False),
        ("'ws://backend:8000/ws/queue'", False),
        ("`${proto}//${window.location.host}/ws/queue`", False),
        ("`wss://${host}/ws/queue`", False),
    ],
)
def test_a_literal_public_host_marks_the_connection_external(url: str, external: bool) -> None:
    facts = ts(f"const socket = new WebSocket({url});\n")
    assert [(c.path.split("/")[1], c.external) for c in facts.connections] == [("ws", external)]


def test_generated_bundles_hold_no_facts() -> None:
    minified = ("var a=1;" * 300 + "const s=new WebSocket('ws://localhost/ws/x');\n") * 3
    webpack = "function __webpack_require__(id) {}\nconst s = new WebSocket('ws://localhost/ws/x');\n"
    for source in (minified, webpack):
        assert not might_hold_typescript_facts(source.encode())
        facts = extract(source)
        assert facts.skipped and facts.typescript is not None and facts.typescript.connections == []


# ------------------------------------------------------------ real-world sources (TS round 2)

_LINE_ENDINGS_SOURCE = (
    """\
// A feed socket.
export function watchFeed() {
  const socket = new WebSocket("ws://localhost:8000/ws/feed");
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "feed_update") {}
  };
}
"""
    + "// padding so the file is longer than a minified line\n" * 30
)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_positions_are_the_same_for_lf_crlf_and_cr_line_endings(newline: str) -> None:
    source = _LINE_ENDINGS_SOURCE.replace("\n", newline).encode()
    facts = extract_typescript("web/src/feed.ts", source)
    assert facts.parse_errors == [] and not facts.skipped
    assert facts.typescript is not None
    connection = facts.typescript.connections[0]
    assert (connection.path, connection.ref.line, connection.ref.col) == ("/ws/feed", 3, 32)
    assert [(e.type.value, e.type.ref.line, e.type.ref.col) for e in facts.typescript.expected_types] == [
        ("feed_update", 6, 26)
    ]


def test_invalid_utf8_after_cr_line_endings_is_reported_on_its_line() -> None:
    facts = extract_typescript("web/src/feed.ts", b"const a = 1;\rconst b = 2;\r// \xff\r")
    assert [(e.ref.line, e.ref.col) for e in facts.parse_errors] == [(3, 4)]


def test_a_handlebars_template_with_a_js_suffix_is_not_a_parse_error() -> None:
    facts = extract(
        """
        export function registerAll(app) {
          {{#each plugins}}
          app.register(require('{{@key}}'));
          {{/each}}
        }
        """,
        "web/staging/index.js",
    )
    assert facts.parse_errors == [] and facts.skipped


def test_a_dom_event_of_an_element_named_like_a_connection_is_not_a_message_type() -> None:
    facts = ts(
        """
        const connectionButton = document.getElementById("connect");
        connectionButton.addEventListener("click", () => {});
        const socket = new WebSocket("/ws/feed");
        socket.addEventListener("feed_update", () => {});
        """
    )
    assert values(facts) == ["feed_update"]


def test_a_message_handler_of_extension_runtime_messaging_is_not_a_socket_handler() -> None:
    facts = ts(
        """
        async function handlePanelMessage(request) {
          switch (request.type) {
            case "getState":
              return {};
          }
        }
        function handleFrameMessage(data) {
          if (data.type === "resize") {}
        }
        chrome.runtime.onMessage.addListener((request, sender, reply) => {
          handlePanelMessage(request).then(reply);
          return true;
        });
        window.addEventListener("message", (event) => handleFrameMessage(event.data));
        function handleSocketMessage(msg) {
          if (msg.type === "feed_update") {}
        }
        """,
        "web/src/background.js",
    )
    assert values(facts) == ["feed_update"]


# ------------------------------------------------- hooks returning the last message


GENERIC_HOOK = """
import { useEffect, useState } from 'react';

export function useSocket<T>(path: string) {
  const [lastMessage, setLastMessage] = useState<T | null>(null);
  const [isConnected, setIsConnected] = useState(false);
  const [banner, setBanner] = useState({ type: 'info' });
  useEffect(() => {
    const socket = new WebSocket(`ws://${location.host}${path}`);
    socket.onopen = () => setIsConnected(true);
    socket.onmessage = (event) => setLastMessage(JSON.parse(event.data) as T);
    return () => socket.close();
  }, [path]);
  return { lastMessage, isConnected, banner, setBanner };
}
"""


def test_a_hook_returning_state_set_from_parsed_messages_names_that_field() -> None:
    (hook,) = ts(GENERIC_HOOK).hooks
    assert hook.message_fields == ("lastMessage",)  # not ``banner``: state set from a literal
    assert hook.returns_hook is None


def test_a_hook_renaming_react_use_websockets_parsed_message() -> None:
    facts = ts(
        """
        import useWebSocket, { ReadyState } from 'react-use-websocket';
        export function useFeed(url: string) {
          const { lastJsonMessage, lastMessage: raw, readyState } = useWebSocket(url);
          return { lastMessage: lastJsonMessage, raw, isConnected: readyState === ReadyState.OPEN };
        }
        """
    )
    # ``lastMessage`` of react-use-websocket is the MessageEvent: its ``.type`` is "message"
    assert [h.message_fields for h in facts.hooks] == [("lastMessage",)]


def test_a_hook_returning_another_hooks_result_names_it() -> None:
    facts = ts(
        """
        import { useSocket } from './useSocket';
        import { KITCHEN_URL } from '../config';
        export const useKitchen = () => useSocket(KITCHEN_URL);
        export function useKitchenWithCount() {
          const socket = useSocket(KITCHEN_URL);
          return { ...socket, count: 1, isConnected: socket.isConnected };
        }
        """
    )
    assert [(h.name, h.returns_hook) for h in facts.hooks] == [
        ("useKitchen", "web/src/hooks/useSocket:useSocket"),
        ("useKitchenWithCount", "web/src/hooks/useSocket:useSocket"),
    ]


def test_comparisons_of_a_hook_results_field_name_the_hook_and_the_field() -> None:
    facts = ts(
        """
        import { useSocket } from '../hooks/useSocket';
        import { useFilter } from '@/hooks/useFilter';
        export function Rail() {
          const { lastMessage } = useSocket('/ws/kitchen');
          const { lastMessage: event } = useSocket('/ws/kitchen');
          const socket = useSocket('/ws/kitchen');
          const { filter } = useFilter();
          if (lastMessage?.type === 'created') {}
          switch (event.type) { case 'bumped': break; }
          const { type } = socket.lastMessage;
          if (type === 'rushed') {}
          if (filter.type === 'takeaway') {}
          return null;
        }
        """,
        "web/src/components/Rail.tsx",
    )
    assert [(e.type.value, e.how, e.hook, e.hook_field) for e in facts.expected_types] == [
        ("created", "compare", "web/src/hooks/useSocket:useSocket", "lastMessage"),
        ("bumped", "switch", "web/src/hooks/useSocket:useSocket", "lastMessage"),
        ("rushed", "compare", "web/src/hooks/useSocket:useSocket", "lastMessage"),
        ("takeaway", "compare", "@/hooks/useFilter:useFilter", "filter"),  # the linker decides
    ]


def test_the_hooks_own_state_compared_in_its_file_is_a_plain_expectation() -> None:
    facts = ts(
        GENERIC_HOOK.replace(
            "return { lastMessage", "if (lastMessage?.type === 'hello') {}\n  return { lastMessage"
        )
    )
    assert [(e.type.value, e.hook) for e in facts.expected_types] == [("hello", None)]


def test_a_reducers_action_type_is_no_hook_field() -> None:
    facts = ts(
        """
        function reducer(state: number, action: { type: string }) {
          switch (action.type) { case 'inc': return state + 1; default: return state; }
        }
        export function Counter() { const [n, dispatch] = useReducer(reducer, 0); return n; }
        """
    )
    assert facts.expected_types == []


# ------------------------------------------------------ URLs from env ternaries


def test_a_ternary_whose_branches_end_in_the_same_path_is_that_path() -> None:
    facts = ts(
        """
        const WS_URL = import.meta.env.DEV
          ? 'ws://localhost:8000/ws/orders'
          : `wss://${window.location.host}/ws/orders`;
        const OTHER = import.meta.env.DEV ? 'ws://localhost:8000/ws/a' : 'wss://x.example.com/ws/b';
        export function useOrders() {
          const a = new WebSocket(WS_URL);
          const b = new WebSocket(OTHER);
          return { a, b };
        }
        """
    )
    assert [(c.path, c.ref.line, c.certain, c.external) for c in facts.connections] == [
        ("/ws/orders", 2, True, False)
    ]


def test_an_env_ternary_or_fallback_constant_is_a_url_helper() -> None:
    facts = ts(
        """
        export const ORDERS_WS_URL = import.meta.env.DEV
          ? 'ws://localhost:8000/ws/orders'
          : `wss://${window.location.host}/ws/orders`;
        export const PICKERS_WS_URL = process.env.NEXT_PUBLIC_WS_URL ?? 'ws://localhost:8000/ws/pickers';
        export const BASE = import.meta.env.DEV ? 'ws://localhost:8000' : `wss://${location.host}`;
        """,
        "web/src/config.ts",
    )
    assert [(h.name, h.path) for h in facts.url_helpers] == [
        ("ORDERS_WS_URL", "/ws/orders"),
        ("PICKERS_WS_URL", "/ws/pickers"),
    ]


# ----------------------------------------------------------- query cache feeds


def test_socket_code_writing_the_query_cache_feeds_those_queries() -> None:
    facts = ts(
        """
        import useWebSocket from 'react-use-websocket';
        export function useLiveOrders() {
          const queryClient = useQueryClient();
          const { lastJsonMessage } = useWebSocket('ws://localhost:8000/ws/orders');
          useEffect(() => {
            if (lastJsonMessage?.type === 'order_update')
              queryClient.setQueryData(['orders', 'open'], lastJsonMessage.orders);
            if (lastJsonMessage?.type === 'stock') queryClient.invalidateQueries({ queryKey: ['inventory'] });
          }, [lastJsonMessage]);
          return { isConnected: true };
        }
        export function SaveButton() {
          const queryClient = useQueryClient();
          return <button onClick={() => queryClient.invalidateQueries({ queryKey: ['orders'] })} />;
        }
        """
    )
    assert [(f.query_key, f.function, f.prefix) for f in facts.query_feeds] == [
        ("['orders', 'open']", "useLiveOrders", False),
        ("['inventory']", "useLiveOrders", True),
    ]


# ---------------------------------------------------------------- module graph


def test_imports_default_export_and_unreferenced_openers() -> None:
    facts = ts(
        """
        import App, { helper as h } from './App';
        import * as api from '@/api';
        import './styles.css';
        export { thing } from '../lib/thing';
        export * from './more';
        const Page = lazy(() => import('./pages/Live'));
        export function useOldFeed() { return new WebSocket('ws://localhost/ws/old'); }
        function useInner() { return new WebSocket('ws://localhost/ws/inner'); }
        export function useOuter() { const ws = useInner(); return { ws, isConnected: true }; }
        export default useOldFeed;
        """
    )
    assert facts.imports == [
        "web/src/hooks/App:default",
        "web/src/hooks/App:helper",
        "@/api:*",
        "web/src/hooks/styles.css:*",
        "web/src/lib/thing:thing",
        "web/src/hooks/more:*",
        "web/src/hooks/pages/Live:*",
    ]
    assert facts.default_export == "useOldFeed"
    # ``useInner`` is called by ``useOuter``; ``useOldFeed`` only exported: an import keeps it alive
    assert facts.unreferenced == ["useOldFeed"]


def test_a_prefilter_skipped_file_keeps_its_imports() -> None:
    from wslint.typescript_facts import skipped_typescript

    source = b"import { Board } from './components/Board';\nexport default () => <Board />;\n"
    facts = skipped_typescript("web/src/App.tsx", source)
    assert facts.skipped and facts.typescript is not None
    assert facts.typescript.imports == ["web/src/components/Board:*"]
    assert skipped_typescript("web/src/App.test.tsx", source).typescript.imports == []  # type: ignore[union-attr]


# ------------------------------------------------------------------ hook-names


def test_configured_hook_names_open_sockets_and_are_hooks() -> None:
    source = textwrap.dedent(
        """
        export function useTelemetryFeed(url: string) {
          const [data, setData] = useState(null);
          useEffect(() => { const source = subscribe(url, setData); return () => source.stop(); }, [url]);
          return { data };
        }
        export function Gauge() {
          const { data } = useTelemetryFeed('/ws/telemetry');
          return <span>{data}</span>;
        }
        """
    ).encode()
    plain = extract_typescript(PATH, source).typescript
    assert plain is not None and plain.connections == [] and plain.hooks == [] and plain.hook_uses == []
    configured = extract_typescript(PATH, source, hook_names=frozenset({"useTelemetryFeed"})).typescript
    assert configured is not None
    assert [(c.path, c.via, c.function) for c in configured.connections] == [
        ("/ws/telemetry", "useTelemetryFeed", "Gauge")
    ]
    assert [h.name for h in configured.hooks] == ["useTelemetryFeed"]
    assert [(u.hook, u.function, u.reads_connection_state) for u in configured.hook_uses] == [
        ("useTelemetryFeed", "Gauge", False)
    ]


def test_store_writes_from_socket_code_and_from_elsewhere() -> None:
    facts = ts(
        """
        import useWebSocket from 'react-use-websocket';
        import { useOrderStore } from '../store/orders';
        export function useLive() {
          const setOrders = useOrderStore((s) => s.setOrders);
          const { lastJsonMessage } = useWebSocket('ws://localhost:8000/ws/orders');
          useEffect(() => { if (lastJsonMessage) setOrders(lastJsonMessage.orders); }, [lastJsonMessage]);
          return { isConnected: true };
        }
        export function Board() {
          const { setOrders } = useOrderStore();
          const settings = useSettings();
          useQuery({ queryKey: ['orders'], queryFn: async () => {
            const data = await fetchOrders();
            useOrderStore.getState().setOrders(data);
            setOrders(data);
            settings.setTheme('dark');
            return data;
          }, refetchInterval: 5000 });
        }
        """
    )
    store = "web/src/store/orders:useOrderStore"
    assert [(w.store, w.member, w.function, w.from_socket) for w in facts.store_writes] == [
        (store, "setOrders", "useLive", True),
        (store, "setOrders", "Board", False),
        (store, "setOrders", "Board", False),
    ]


def test_facts_of_every_fixture_round_trip_through_the_cache_encoding() -> None:
    from pathlib import Path

    from wslint.facts_codec import decode_facts, encode_facts
    from wslint.typescript_facts import skipped_typescript

    root = Path(__file__).resolve().parent.parent / "fixtures"
    sources = sorted(p for p in root.rglob("*") if p.suffix in (".ts", ".tsx", ".js", ".jsx"))
    assert sources
    for path in sources:
        rel = path.relative_to(root).as_posix()
        for facts in (extract_typescript(rel, path.read_bytes()), skipped_typescript(rel, path.read_bytes())):
            assert decode_facts(encode_facts(facts), rel) == facts, rel


def test_a_provider_holding_the_socket_itself_provides_its_message_fields() -> None:
    from wslint.facts import ContextValue

    facts = ts(
        """
        import { createContext, useEffect, useMemo, useState } from 'react';
        export const LiveContext = createContext(null);
        export function LiveProvider({ children }) {
          const [lastMessage, setLastMessage] = useState(null);
          const [isConnected, setIsConnected] = useState(false);
          useEffect(() => {
            const ws = new WebSocket('ws://localhost:8000/ws/live');
            ws.onopen = () => setIsConnected(true);
            ws.onmessage = (event) => setLastMessage(JSON.parse(event.data));
          }, []);
          const value = useMemo(() => ({ lastMessage, isConnected }), [lastMessage, isConnected]);
          return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
        }
        """,
        "web/src/context/LiveProvider.tsx",
    )
    assert facts.context_values == {"LiveContext": ContextValue(message_fields=("lastMessage",))}


def test_events_of_an_apps_own_manager_objects_are_no_message_types() -> None:
    """livekit-client: ``*Manager`` classes are event emitters beside the socket, not the socket."""
    facts = ts(
        """
        export class Room {
          connect(url: string) {
            this.ws = new WebSocket(url);
            this.incomingDataTrackManager.on('sfuUpdateSubscription', (event) => this.update(event));
            this.pcManager.publisher.once(PCEvents.RTPVideoPayloadTypes, this.onRtpMap);
            this.wsManager.subscribe('room_update', this.onRoom);
          }
        }
        """
    )
    assert values(facts) == ["room_update"]


def test_a_hook_exported_under_another_name_is_referenced() -> None:
    facts = ts(
        """
        function useFeed() { return new WebSocket('ws://localhost/ws/feed'); }
        function useOld() { return new WebSocket('ws://localhost/ws/old'); }
        export { useFeed as useLiveFeed, useOld };
        """
    )
    assert facts.unreferenced == ["useOld"]
