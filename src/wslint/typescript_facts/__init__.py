"""The TypeScript / TSX extractor: WebSocket facts of one frontend file, read with tree-sitter.

``.ts`` files are parsed with the typescript grammar; ``.tsx/.js/.jsx/.mjs/.cjs`` with the TSX
grammar. One cursor walk (``_index``) collects scopes, bindings and the nodes of interest; the
analyses (``_urls``, ``_messages`` and its ``_message_*`` parts, ``_hooks``, ``_values``) read only
that index.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from functools import lru_cache

from wslint.facts import Connection, ExpectedType, FileFacts, ParseError, SourceRef, TypeScriptFacts
from wslint.files import is_test_path
from wslint.typescript_facts._hooks import extract_hooks, extract_polling
from wslint.typescript_facts._index import build_index, imported_specifier, resolve_module
from wslint.typescript_facts._liveness import unreferenced_openers
from wslint.typescript_facts._message_callbacks import HANDLER_NAME_RE
from wslint.typescript_facts._message_links import (
    prop_passes,
    provided_contexts,
    with_message_fields,
    wrapper_hooks,
)
from wslint.typescript_facts._messages import analyse_messages, extract_expected_types
from wslint.typescript_facts._queries import extract_query_feeds, extract_store_writes
from wslint.typescript_facts._servers import serves_sockets
from wslint.typescript_facts._syntax import Text, find_parse_errors, is_tsx, line_col, parse, words
from wslint.typescript_facts._urls import extract_urls
from wslint.typescript_facts._values import TypeResolver, collect_aliases, collect_constants

__all__ = [
    "extract_typescript",
    "is_generated_bundle",
    "mentions_any",
    "might_hold_typescript_facts",
    "skipped_typescript",
]

# Searched for in the lowered bytes: several substring searches are faster than one regex of
# alternatives without regard to case. ``.once(`` and ``listener(`` (``addListener``,
# ``addEventListener``) are the listener calls whose owner may name no socket word the bytes
# hold (``io``, ``connection``, ``realtime``).
_MIGHT_HOLD = (
    b"type", b"ws", b"socket", b"message", b"subscribe", b".on(", b".once(", b"listener(", b"refetchinterval"
)  # fmt: skip
# A module that exports string constants or an enum (``export const BID = 'bid_placed' as const``,
# ``export enum Kind { A = 'a' }``, ``export const EVENTS = { ... }``): what another module compares a
# message's type with, or builds a URL from, may be imported from it. Each pattern starts with a
# literal, so it skips through the bytes.
_EXPORTED_CONSTANT = re.compile(
    rb"export\s+(?:declare\s+)?(?:const\s+[\w$]+\s*(?::[^=;\n]*)?=\s*(?:['\"`{]|Object\.freeze\()"
    rb"|(?:const\s+)?enum\s+[\w$]+\s*\{)"
)


# A bundler's runtime: webpack output even when it is not minified.
_BUNDLER_MARKERS = (b"__webpack_require__", b"webpackBootstrap", b"__vite__mapDeps")
_LONG_LINE = 1000  # no hand-written source line is this long; minified output has few others
_MINIFIED_AVERAGE_LINE = 250  # hand-written code averages 30-40 bytes a line
_MINIFIED_WHITESPACE = 0.15  # hand-written code is mostly 20-35 % whitespace (indentation); minified 2-12 %
# Comments and the contents of string literals: neither says anything of the code's shape.
_NOT_CODE = re.compile(
    rb"//[^\n]*|/\*.*?(?:\*/|\Z)|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"|`(?:\\.|[^`\\])*`", re.DOTALL
)
_WHITESPACE = re.compile(rb"\s")


@lru_cache(maxsize=1)  # asked by the byte test, then by the extraction, of the same bytes
def is_generated_bundle(source: bytes) -> bool:
    """A minified or bundled build output (``assets/index-3f2a.js``, a vendored library).

    Its facts are those of third-party code and of the project's own sources a second time,
    mangled: identifiers renamed, socket code of libraries, message types of other protocols.
    Decided by the shape of the code once comments and string contents are set aside: long
    lines on average with hardly any whitespace, or a bundler's runtime called in code. One long
    line (an inlined base64 icon) or a word in a comment never makes a file a bundle.
    """
    has_marker = any(marker in source for marker in _BUNDLER_MARKERS)
    if not has_marker and (len(source) < _LONG_LINE or max(map(len, source.splitlines())) < _LONG_LINE):
        return False  # the common case, decided without a scan
    code = _NOT_CODE.sub(b"''", source)
    if any(marker in code for marker in _BUNDLER_MARKERS):
        return True
    lines = code.count(b"\n") + 1
    if len(code) / lines < _MINIFIED_AVERAGE_LINE:
        return False
    return len(_WHITESPACE.findall(code)) < _MINIFIED_WHITESPACE * len(code)


# Jinja / Django / Nunjucks tags, Handlebars / Mustache block tags (``{{#each x}}``, ``{{/each}}``):
# a ``.js`` file that a server or a build step renders, not JavaScript yet.
_TEMPLATE_TAG = re.compile(rb"\{%-?\s|^\{#|\{\{[#/^]\s*[A-Za-z@]", re.MULTILINE)


# The words some analysis of a parsed file tests a name, a key or a string for; a file without
# any holds only the structure other modules link through (imports, exports, constants).
# Each test is a substring search or a pattern that starts with a literal: both skip through bytes.
# Plain substrings: ``Message`` (handlers, ``lastJsonMessage``, message types), ``onmessage``,
# ``Ws``/``WS`` (``WsEvent``, ``useGameWS``, ``WS_URL``), ``IO``/``Io`` (``socketIO``), polling.
_ANALYSED_SUBSTRINGS = (b"Message", b"onmessage", b"Ws", b"WS", b"IO", b"Io", b"refetchInterval")
# The same in any case: socket words, and the owners of listeners (``connection.on``).
_ANALYSED_WORDS_ANY_CASE = (b"sock", b"connection", b"realtime")
# Patterns, each after a substring the file must hold for it to match.
_ANALYSED_PATTERNS = (
    # ``ws`` as a word or a URL segment (``wsClient``, ``/ws/``, ``ws://``), URL helpers
    # (``getwsurl``); ``Ws`` and ``WS`` are substrings above
    (b"w", re.compile(rb"w(?<![A-Za-z]w)[sS][sS]?(?![a-z])|w[sS]_?(?i:url|uri|endpoint|path)")),
    (b"io", re.compile(rb"io(?<![A-Za-z]io)(?![a-z])")),  # ``io(url)``, ``io.on(...)``
    (b"message", re.compile(rb"['\"`]message['\"`]")),  # ``addEventListener('message', ...)``
    # hooks: what their results hold, what a wrapper returns, a context provides, a store hook writes
    (b"use", re.compile(rb"use[A-Z0-9_]")),
    # ``msg.type``, ``msg['type']``, ``{ type }``: not the ``type Name =`` / ``import type`` keyword
    (b"type", re.compile(rb"type(?![\w$])(?:(?<![\w$]type)(?!\s*[\w${*])|(?<=\.type))")),
    (b"type", re.compile(rb"\.\s+type(?![\w$])")),  # ``msg.  type``
)
# A JSX element naming a component (what a render site passes a component's props), or a comment
# between ``<`` and the name.
_COMPONENT_ELEMENT = re.compile(rb"<\s*(?:[A-Z\x80-\xff]|/[*/])")


def analysed_words(path: str, source: bytes, hook_names: Iterable[str] = ()) -> bool:
    """The file holds a word some analysis looks for, a component element in a file that can
    hold JSX, or a configured hook's name. Without any, every analysis finds nothing."""
    if any(word in source for word in _ANALYSED_SUBSTRINGS):
        return True
    lowered = source.lower()
    if any(word in lowered for word in _ANALYSED_WORDS_ANY_CASE):
        return True
    if any(needle in source and pattern.search(source) for needle, pattern in _ANALYSED_PATTERNS):
        return True
    if is_tsx(path) and _COMPONENT_ELEMENT.search(source) is not None:
        return True
    return mentions_any(source, hook_names)


def might_hold_typescript_facts(source: bytes) -> bool:
    """False for files that cannot hold a fact (no socket, type, message or polling word at all,
    no constant another module may import) and for generated bundles, which hold no code of the
    project."""
    lowered = source.lower()
    if not any(word in lowered for word in _MIGHT_HOLD) and not (
        b"export" in source and _EXPORTED_CONSTANT.search(source) is not None
    ):
        return False
    return not is_generated_bundle(source)


# ``from './x'``, ``import './x'``, ``import('./x')``, ``require('./x')``
_IMPORT_SPECIFIER = re.compile(
    rb"""(?:\bfrom|\bimport|\brequire\s*\(|\bimport\s*\()\s*['"]([^'"\r\n]+)['"]"""
)


def skipped_typescript(path: str, source: bytes) -> FileFacts:
    """A file with no socket fact may still be what imports a socket hook or component (``App.tsx``
    rendering ``<LiveBoard />``): keep what it imports, as all of each module, so no hook looks
    unused because its importer was not parsed."""
    facts = TypeScriptFacts(module=_module_name(path), is_test=is_test_path(path))
    if not facts.is_test and not is_generated_bundle(source):
        targets = (
            resolve_module(path, specifier) or imported_specifier(specifier)
            for specifier in (
                m.group(1).decode("utf-8", "replace") for m in _IMPORT_SPECIFIER.finditer(source)
            )
        )
        facts.imports = list(dict.fromkeys(f"{target}:*" for target in targets if target))
    return FileFacts(path, "typescript", skipped=True, typescript=facts)


def mentions_any(source: bytes, names: Iterable[str]) -> bool:
    """The file names one of ``names`` (configured hooks the byte prefilter knows no word of)."""
    return any(name.encode() in source for name in names)


def _module_name(path: str) -> str:
    root, ext = posixpath.splitext(path)
    return root if ext else path


def extract_typescript(path: str, source: bytes, hook_names: frozenset[str] = frozenset()) -> FileFacts:
    """Facts of one TypeScript / JavaScript file. Pure; never raises.

    ``hook_names``: hooks of the project that open a WebSocket although their name does not say
    so (the ``hook-names`` setting)."""
    facts = TypeScriptFacts(module=_module_name(path), is_test=is_test_path(path))
    result = FileFacts(path, "typescript", typescript=facts)
    try:
        if not source.isascii():  # ASCII is UTF-8, told without decoding
            source.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = line_col(source, error.start)
        result.parse_errors.append(ParseError(SourceRef(path, line, col), "file is not valid UTF-8"))
        return result
    if facts.is_test:
        return result
    if is_generated_bundle(source):
        result.skipped = True
        return result
    try:
        _extract(path, source, result, facts, hook_names)
    except RecursionError:
        result.parse_errors.append(ParseError(SourceRef(path, 1, 1), "nesting too deep to analyse"))
        _clear(facts)
    except Exception as error:  # one odd file must never stop the run
        result.parse_errors.append(
            ParseError(SourceRef(path, 1, 1), f"internal error reading file: {error!r}")
        )
        _clear(facts)
    return result


def _clear(facts: TypeScriptFacts) -> None:
    """Drop partial facts: half of a file's facts could produce false findings."""
    for name in (
        "connections",
        "url_helpers",
        "helper_calls",
        "expected_types",
        "hooks",
        "hook_uses",
        "polling",
        "query_feeds",
        "store_writes",
        "prop_passes",
        "imports",
        "unreferenced",
    ):
        getattr(facts, name).clear()
    facts.constants.clear()
    facts.aliases.clear()
    facts.hook_returns.clear()
    facts.context_values.clear()
    facts.default_export = None


def _not_of_external_sockets(
    expected: list[ExpectedType], connections: list[Connection]
) -> list[ExpectedType]:
    """Drop the types a function waits for on a third-party socket (``wss://stream.example.com``):
    they are that service's protocol, not messages our backend should send."""
    external = {c.function for c in connections if c.external}
    if not external:
        return expected
    ours = {c.function for c in connections if not c.external}
    only_external_file = not ours
    return [
        item
        for item in expected
        if not (item.function in external - ours or (only_external_file and item.function is None))
    ]


def _extract(
    path: str, source: bytes, result: FileFacts, facts: TypeScriptFacts, hook_names: frozenset[str]
) -> None:
    text = Text(path, source)
    tree = parse(path, source)
    root = tree.root_node
    errors = find_parse_errors(root, text)
    if errors and _TEMPLATE_TAG.search(source):
        result.skipped = True  # a template (``{% if x %}``): its JavaScript exists only once rendered
        return
    result.parse_errors.extend(errors)
    structure_only = not analysed_words(path, source, hook_names)
    index = build_index(root, text, structure_only)
    facts.constants = collect_constants(index, text)
    facts.aliases = collect_aliases(index)
    facts.imports = list(dict.fromkeys(index.imports))
    facts.default_export = index.default_export
    if structure_only:
        return  # no analysis can find anything: no name, key or string it tests is in the file
    urls = extract_urls(index, text, hook_names)
    facts.connections = urls.connections
    facts.url_helpers = urls.helpers
    facts.helper_calls = urls.helper_calls
    socket_file = bool(
        urls.sites
        or urls.helper_calls
        or set(words(path)) & {"ws", "websocket", "socket", "sockets", "websockets", "realtime"}
        or any(scope.label and HANDLER_NAME_RE.match(scope.label) for scope in index.functions.values())
    )
    resolver = TypeResolver(index, text, facts.constants)
    analysis = analyse_messages(index, text, resolver, urls.sites, socket_file, facts.module, hook_names)
    expected = extract_expected_types(analysis)
    if serves_sockets(index, text):
        expected = []  # what a server's handlers compare is what its clients send
    facts.expected_types = _not_of_external_sockets(expected, facts.connections)
    hooks, facts.hook_uses = extract_hooks(index, text, urls.sites, urls.helper_calls, hook_names)
    facts.hooks = with_message_fields(hooks, index, analysis)
    facts.hook_returns = wrapper_hooks(hooks, index, analysis)
    facts.context_values = provided_contexts(index, analysis)
    facts.prop_passes = prop_passes(index, analysis)
    facts.polling = extract_polling(index, text)
    socket_hooks = {hook.name for hook in hooks}
    facts.query_feeds = extract_query_feeds(index, text, analysis, socket_hooks)
    facts.store_writes = extract_store_writes(index, text, analysis, socket_hooks)
    facts.unreferenced = unreferenced_openers(index, text, facts)
