"""Linking frontend modules: hook results reach the components that read them, and hooks or
components that no module imports are no clients."""

from __future__ import annotations

import textwrap

from wslint.facts import TypeScriptFacts
from wslint.frontend_link import FrontendModules
from wslint.typescript_facts import extract_typescript, skipped_typescript

SOCKET_HOOK = """
import { useEffect, useState } from 'react';
/** The last message of `path`, and whether the socket is open. */
export function useSocket<T>(path: string) {
  const [lastMessage, setLastMessage] = useState<T | null>(null);
  const [isConnected, setIsConnected] = useState(false);
  useEffect(() => {
    const socket = new WebSocket(`ws://${location.host}${path}`);
    socket.onopen = () => setIsConnected(true);
    socket.onmessage = (event) => setLastMessage(JSON.parse(event.data));
    return () => socket.close();
  }, [path]);
  return { lastMessage, isConnected };
}
"""

COMPONENT = """
import { useSocket } from '{spec}';
import { useFilter } from '../hooks/useFilter';
export function Board() {
  const { lastMessage, isConnected } = useSocket('/ws/board');
  const { filter } = useFilter();
  if (lastMessage?.type === 'card_moved') {}
  if (filter.type === 'mine') {}
  return isConnected;
}
"""

FILTER_HOOK = """
import { useState } from 'react';
export function useFilter() {
  const [filter, setFilter] = useState({ type: 'all' });
  return { filter, setFilter };
}
"""


def module(path: str, source: str) -> TypeScriptFacts:
    result = extract_typescript(path, textwrap.dedent(source).lstrip("\n").encode())
    assert (result.parse_errors, result.skipped) == ([], False), path  # the example is read in full
    assert isinstance(result.typescript, TypeScriptFacts)
    return result.typescript


def project(files: dict[str, str]) -> FrontendModules:
    return FrontendModules(module(path, source) for path, source in files.items())


def expected(frontend: FrontendModules) -> list[tuple[str | None, str]]:
    return [(item.type.value, item.type.ref.path) for item in frontend.expectations()]


def test_a_components_comparison_of_a_hooks_message_field_is_expected() -> None:
    frontend = project(
        {
            "web/src/hooks/useSocket.ts": SOCKET_HOOK,
            "web/src/hooks/useFilter.ts": FILTER_HOOK,
            "web/src/components/Board.tsx": COMPONENT.replace("{spec}", "../hooks/useSocket"),
        }
    )
    # ``filter.type`` is UI state: ``useFilter`` returns no message
    assert expected(frontend) == [("card_moved", "web/src/components/Board.tsx")]


def test_the_hook_is_found_through_a_path_alias_and_a_barrel() -> None:
    for spec, barrel in (
        ("@/hooks/useSocket", None),
        ("../hooks", "export { useSocket } from './useSocket';\n"),
    ):
        files = {
            "web/src/hooks/useSocket.ts": SOCKET_HOOK,
            "web/src/hooks/useFilter.ts": FILTER_HOOK,
            "web/src/components/Board.tsx": COMPONENT.replace("{spec}", spec),
        }
        if barrel:
            files["web/src/hooks/index.ts"] = barrel
        assert expected(project(files)) == [("card_moved", "web/src/components/Board.tsx")], spec


def test_a_wrapper_hook_passes_the_message_field_through() -> None:
    frontend = project(
        {
            "web/src/hooks/useSocket.ts": SOCKET_HOOK,
            "web/src/hooks/useBoard.ts": (
                "import { useSocket } from './useSocket';\n"
                "export const useBoard = () => useSocket('/ws/board');\n"
            ),
            "web/src/components/Board.tsx": (
                "import { useBoard } from '../hooks/useBoard';\n"
                "export function Board() {\n"
                "  const { lastMessage } = useBoard();\n"
                "  return lastMessage?.type === 'card_moved';\n"
                "}\n"
            ),
        }
    )
    assert expected(frontend) == [("card_moved", "web/src/components/Board.tsx")]


def test_an_unresolvable_hook_says_nothing() -> None:
    frontend = project({"web/src/components/Board.tsx": COMPONENT.replace("{spec}", "some-socket-lib")})
    assert expected(frontend) == []


def test_a_hook_no_module_imports_is_dead_unless_an_entry_or_route() -> None:
    files = {
        "web/src/hooks/useSocket.ts": SOCKET_HOOK.replace("${path}", "/ws/board"),
        "web/src/hooks/useOldFeed.ts": SOCKET_HOOK.replace("useSocket", "useOldFeed").replace(
            "${path}", "/ws/old"
        ),
        "web/src/components/Board.tsx": COMPONENT.replace("{spec}", "../hooks/useSocket"),
        "web/src/pages/live.tsx": SOCKET_HOOK.replace("useSocket", "LivePage").replace("${path}", "/ws/live"),
    }
    frontend = project(files)
    by_path = {facts.module: facts for facts in frontend.modules}
    assert frontend.dead(by_path["web/src/hooks/useOldFeed"], "useOldFeed")
    assert not frontend.dead(by_path["web/src/hooks/useSocket"], "useSocket")
    assert not frontend.dead(by_path["web/src/pages/live"], "LivePage")  # a file-based route
    assert frontend.dead(by_path["web/src/components/Board"], "Board")  # and no module renders it


def test_an_importer_the_prefilter_skipped_keeps_a_hook_alive() -> None:
    hook = module("web/src/hooks/useOldFeed.ts", SOCKET_HOOK.replace("useSocket", "useOldFeed"))
    live = module("web/src/hooks/useSocket.ts", SOCKET_HOOK)
    board = module("web/src/components/Board.tsx", COMPONENT.replace("{spec}", "../hooks/useSocket"))
    assert FrontendModules([hook, live, board]).dead(hook, "useOldFeed")
    app = skipped_typescript("web/src/App.tsx", b"import { useOldFeed } from './hooks/useOldFeed';\n")
    assert app.typescript is not None
    assert not FrontendModules([hook, live, board, app.typescript]).dead(hook, "useOldFeed")


def test_when_no_socket_code_is_imported_anywhere_nothing_is_dead() -> None:
    """A hooks package whose components live elsewhere, a snippet: importers may be out of view."""
    hook = module("web/src/hooks/useOldFeed.ts", SOCKET_HOOK.replace("useSocket", "useOldFeed"))
    other = module("web/src/hooks/useFilter.ts", FILTER_HOOK + "import { x } from '../lib/util';\n")
    util = module("web/src/lib/util.ts", "export const x = 1;\n")
    assert not FrontendModules([hook, other, util]).dead(hook, "useOldFeed")


def test_in_a_vue_or_svelte_project_nothing_is_dead() -> None:
    """Their components live in ``.vue`` / ``.svelte`` files wslint does not read: importers unseen."""
    hook = module("web/src/use/useOldFeed.ts", SOCKET_HOOK.replace("useSocket", "useOldFeed"))
    live = module("web/src/use/useSocket.ts", SOCKET_HOOK.replace("'react'", "'vue'"))
    board = module("web/src/use/useBoard.ts", COMPONENT.replace("{spec}", "./useSocket"))
    assert not FrontendModules([hook, live, board]).dead(hook, "useOldFeed")
    assert FrontendModules([hook, module("web/src/use/useSocket.ts", SOCKET_HOOK), board]).dead(
        hook, "useOldFeed"
    )


def test_without_imports_between_modules_nothing_is_dead() -> None:
    """Plain scripts a page loads with ``<script src>`` import nothing of each other."""
    hook = module("static/js/useOldFeed.js", SOCKET_HOOK.replace("useSocket", "useOldFeed"))
    assert not FrontendModules([hook]).dead(hook, "useOldFeed")


def test_a_listener_on_an_imported_enum_of_socket_events_expects_no_type() -> None:
    """``ws.addEventListener(WebsocketEvent.open, ...)`` with the enum in another module (websocket-ts)."""
    from wslint.facts import FileFacts
    from wslint.link import Project

    events = "export enum WebsocketEvent { open = 'open', message = 'message', tick = 'tick' }\n"
    client = (
        "import { WebsocketEvent } from './events';\n"
        "export class Client {\n"
        "  connect() {\n"
        "    const ws = new WebSocket('ws://localhost:8000/ws');\n"
        "    ws.addEventListener(WebsocketEvent.open, () => {});\n"
        "    ws.addEventListener(WebsocketEvent.tick, () => {});\n"
        "  }\n"
        "}\n"
    )
    files: list[FileFacts] = [
        extract_typescript("web/src/events.ts", events.encode()),
        extract_typescript("web/src/client.ts", client.encode()),
    ]
    assert [item.type.value for item in Project(files).expectations] == ["tick"]


def test_a_wrapper_of_a_generic_hook_not_named_like_a_socket_hook_passes_the_field() -> None:
    frontend = project(
        {
            "web/src/hooks/useFeed.ts": SOCKET_HOOK.replace("useSocket", "useFeed"),
            "web/src/hooks/useKitchen.ts": (
                "import { useFeed } from './useFeed';\n"
                "export const useKitchen = () => useFeed('/ws/kitchen');\n"
            ),
            "web/src/components/Rail.tsx": (
                "import { useKitchen } from '../hooks/useKitchen';\n"
                "export function Rail() {\n"
                "  const kitchen = useKitchen();\n"
                "  return kitchen.lastMessage?.type === 'ticket_created';\n"
                "}\n"
            ),
        }
    )
    assert expected(frontend) == [("ticket_created", "web/src/components/Rail.tsx")]


def test_a_context_providing_a_socket_hooks_result_reaches_its_consumers() -> None:
    provider = """
    import { createContext, useContext, useMemo } from 'react';
    import { useSocket } from '../hooks/useSocket';
    export const SocketContext = createContext(null);
    export const ThemeContext = createContext({ type: 'dark' });
    export function SocketProvider({ children }) {
      const socket = useSocket('/ws/board');
      return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>;
    }
    export function useSocketContext() {
      const context = useContext(SocketContext);
      if (!context) throw new Error('useSocketContext outside SocketProvider');
      return context;
    }
    """
    consumer = """
    import { useContext } from 'react';
    import { SocketContext, ThemeContext, useSocketContext } from '../context/SocketProvider';
    export function Board() {
      const { lastMessage } = useSocketContext();
      const direct = useContext(SocketContext);
      const theme = useContext(ThemeContext);
      if (lastMessage?.type === 'card_moved') {}
      if (direct.lastMessage?.type === 'card_added') {}
      if (theme.type === 'light') {}
      return null;
    }
    """
    frontend = project(
        {
            "web/src/hooks/useSocket.ts": SOCKET_HOOK,
            "web/src/context/SocketProvider.tsx": textwrap.dedent(provider),
            "web/src/components/Board.tsx": textwrap.dedent(consumer),
        }
    )
    assert expected(frontend) == [
        ("card_moved", "web/src/components/Board.tsx"),
        ("card_added", "web/src/components/Board.tsx"),
    ]


def test_a_message_handed_to_a_childs_prop_is_compared_there() -> None:
    frontend = project(
        {
            "web/src/hooks/useSocket.ts": SOCKET_HOOK,
            "web/src/components/Board.tsx": (
                "import { useSocket } from '../hooks/useSocket';\n"
                "import { Card } from './Card';\n"
                "import Badge from './Badge';\n"
                "export function Board() {\n"
                "  const { lastMessage } = useSocket('/ws/board');\n"
                "  return <><Card message={lastMessage} /><Badge event={{ type: 'local' }} /></>;\n"
                "}\n"
            ),
            "web/src/components/Card.tsx": (
                "export function Card({ message }) {\n"
                "  return message?.type === 'card_moved' ? <b /> : <i />;\n"
                "}\n"
            ),
            "web/src/components/Badge.tsx": (
                "export default function Badge(props) {\n"
                "  return props.event.type === 'local' ? <b /> : null;\n"
                "}\n"
            ),
        }
    )
    # ``Badge`` gets an object literal, no message
    assert expected(frontend) == [("card_moved", "web/src/components/Card.tsx")]
