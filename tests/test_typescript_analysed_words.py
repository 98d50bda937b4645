"""A file holding no word any analysis looks for is indexed for its structure only: the same facts
as a full analysis, without running one."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import wslint.typescript_facts
from tests.helpers import FIXTURES
from wslint.facts import FileFacts, TypeScriptFacts
from wslint.typescript_facts import analysed_words, extract_typescript

_SUFFIXES = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs")


def _fully_analysed(path: str, source: bytes, monkeypatch: pytest.MonkeyPatch) -> FileFacts:
    with monkeypatch.context() as patch:
        patch.setattr(wslint.typescript_facts, "analysed_words", lambda *_args: True)
        return extract_typescript(path, source)


def _content(facts: TypeScriptFacts) -> list[object]:
    """Everything but the structure (constants, aliases, imports, default export)."""
    return [
        facts.connections,
        facts.url_helpers,
        facts.helper_calls,
        facts.expected_types,
        facts.hooks,
        facts.hook_uses,
        facts.polling,
        facts.query_feeds,
        facts.store_writes,
        facts.hook_returns,
        facts.context_values,
        facts.prop_passes,
        facts.unreferenced,
    ]


# One snippet per way a file without a socket word in its path still holds a fact.
ANALYSED = {
    "listener on a ws word": "wsClient.on('ready', () => {});",
    "listener on io": "io.on('ready', () => {});",
    "listener on a connection": "connection.subscribe('ready', () => {});",
    "listener on a WS word": "feedWS.on('ready', () => {});",
    "listener on an Io word": "appIo.on('ready', () => {});",
    "listener on a sock": "sock.on('ready', () => {});",
    "listener on realtime": "realtime.on('ready', () => {});",
    "onmessage": "feed.onmessage = () => {\n  client.invalidateQueries({ queryKey: ['a'] });\n};",
    "URL segment": "export const FEED_URL = 'http://localhost:8000/ws/feed';",
    "URL helper name": (
        "export const getwsurl = (path: string) => `http://localhost:8000${path}`;\ngetwsurl('/x');"
    ),
    "message event": (
        "feed.addEventListener('message', () => {\n  client.invalidateQueries({ queryKey: ['a'] });\n});"
    ),
    "handler name": "function onMessage() { client.invalidateQueries({ queryKey: ['a'] }); }",
    "hook field's type": (
        "import { useFeed } from './feed';\nconst { data } = useFeed();\nif (data.type === 'a') {}"
    ),
    "prop's type": "export function Card(props) {\n  if (props.item.type === 'a') {}\n}",
    "destructured type": (
        "export function Card({ item }) {\n  const { type } = item;\n  if (type === 'a') {}\n}"
    ),
    "wrapper hook": "import { useFeed } from './feed';\nexport function useA() {\n  return useFeed();\n}",
    "store write": (
        "import { useOrderStore } from './store';\n"
        "export function save() {\n  useOrderStore.setState({});\n}"
    ),
    "polling": "query({ queryKey: ['a'], refetchInterval: 5000 });",
    "provided context": (
        "import { createContext } from 'react';\nimport { useFeed } from './feed';\n"
        "export const Ctx = createContext(null);\n"
        "export function P({ children }) {\n"
        "  const v = useFeed();\n"
        "  return <Ctx.Provider value={v}>{children}</Ctx.Provider>;\n"
        "}"
    ),
    "prop pass": (
        "import { Inner } from './Inner';\n"
        "export function Card({ item }) {\n  return <Inner value={item} />;\n}"
    ),
}


@pytest.mark.parametrize("snippet", ANALYSED.values(), ids=list(ANALYSED))
def test_a_file_with_a_fact_is_analysed(snippet: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = "web/src/feed/Card.tsx"
    source = textwrap.dedent(snippet).encode()
    expected = _fully_analysed(path, source, monkeypatch)
    assert expected.typescript is not None and any(_content(expected.typescript))
    assert analysed_words(path, source)
    assert extract_typescript(path, source) == expected


def test_a_file_without_analysed_words_keeps_its_structure(monkeypatch: pytest.MonkeyPatch) -> None:
    source = textwrap.dedent(
        """
        import type { Row } from './types';
        import { format } from '../lib/format';
        export { parse as parseRow } from './parse';
        export const TITLE = 'Orders';
        export const LABELS = { open: 'Open', closed: 'Closed' } as const;
        enum Kind { A = 'a' }
        const legacy = require('./legacy');
        export default function render(rows: Row[]) {
          const LOCAL = 'not a constant of the module';
          return import('./lazy').then(() => rows.map(format));
        }
        """
    ).encode()
    path = "web/src/orders/render.ts"
    assert not analysed_words(path, source)
    facts = extract_typescript(path, source)
    assert facts == _fully_analysed(path, source, monkeypatch)
    assert facts.typescript == TypeScriptFacts(
        module="web/src/orders/render",
        constants={"TITLE": "Orders", "LABELS.open": "Open", "LABELS.closed": "Closed", "Kind.A": "a"},
        aliases={
            "Row": "web/src/orders/types:Row",
            "format": "web/src/lib/format:format",
            "parseRow": "web/src/orders/parse:parse",
        },
        imports=[
            "web/src/orders/types:Row",
            "web/src/lib/format:format",
            "web/src/orders/parse:parse",
            "web/src/orders/legacy:*",
            "web/src/orders/lazy:*",
        ],
        default_export="render",
    )


@pytest.mark.parametrize(
    ("source", "analysed"),
    [
        (b"import type { A } from './a';\nexport type B = A;\nexport type { C } from './c';", False),
        (b"const t = typeof x; const types = [];", False),
        (b"const { type } = x;", True),
        (b"if (x.type === 'a') {}", True),
        (b"if (x?.\n  type === 'a') {}", True),
        (b"if (x['type'] === 'a') {}", True),
        (b"shows(); allows(); news.rows();", False),
        (b"wsClient.send(x);", True),
        (b"fetch('/api/ws');", True),
        (b"function run() { return 1; }", False),
        (b"const socketIO = 1;", True),
        (b"handle(); useless; user.name;", False),
        (b"useState(0);", True),
    ],
)
def test_analysed_words(source: bytes, analysed: bool) -> None:
    assert analysed_words("web/src/a.ts", source) is analysed


def test_a_component_element_is_analysed_only_where_jsx_parses() -> None:
    source = b"import { Inner } from './Inner';\nconst x = < Inner />;"
    assert analysed_words("web/src/a.tsx", source)
    assert analysed_words("web/src/a.tsx", b"const x = </* a comment */ Inner />;")
    assert analysed_words("web/src/a.tsx", b"const x = <// a comment\nInner />;")
    assert not analysed_words("web/src/a.tsx", b"const x = <div />;")
    assert not analysed_words("web/src/a.ts", b"const less = a < B;")


def test_a_configured_hook_is_analysed() -> None:
    assert analysed_words("web/src/a.ts", b"startFeed();", frozenset({"startFeed"}))
    assert not analysed_words("web/src/a.ts", b"startFeed();", frozenset({"stopFeed"}))


_FIXTURE_FILES = sorted(
    path
    for path in FIXTURES.rglob("*")
    if path.suffix in _SUFFIXES and path.is_file() and "node_modules" not in path.parts
)


@pytest.mark.parametrize("path", _FIXTURE_FILES, ids=lambda path: str(path.relative_to(FIXTURES)))
def test_fixture_files_lose_nothing_to_the_word_test(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rel = str(path.relative_to(FIXTURES))
    source = path.read_bytes()
    assert extract_typescript(rel, source) == _fully_analysed(rel, source, monkeypatch)
