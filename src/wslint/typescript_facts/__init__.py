"""The TypeScript / TSX extractor: WebSocket facts of one frontend file, read with tree-sitter.

``.ts`` files are parsed with the typescript grammar; ``.tsx/.js/.jsx/.mjs/.cjs`` with the TSX
grammar. One cursor walk (``_index``) collects scopes, bindings and the nodes of interest; the
analyses (``_urls``, ``_messages``, ``_hooks``, ``_values``) read only that index.
"""

from __future__ import annotations

import posixpath
import re

from wslint.facts import FileFacts, ParseError, SourceRef, TypeScriptFacts
from wslint.files import is_test_path
from wslint.typescript_facts._hooks import extract_hooks, extract_polling
from wslint.typescript_facts._index import build_index
from wslint.typescript_facts._messages import HANDLER_NAME_RE, extract_expected_types
from wslint.typescript_facts._syntax import Text, find_parse_errors, parse, words
from wslint.typescript_facts._urls import extract_urls
from wslint.typescript_facts._values import TypeResolver, collect_aliases, collect_constants

__all__ = ["extract_typescript", "might_hold_typescript_facts"]

_MIGHT_HOLD = re.compile(rb"(?i)socket|ws|type|refetchInterval|message|subscribe|\.on\(")


def might_hold_typescript_facts(source: bytes) -> bool:
    """False for files that cannot hold a fact (no socket, type, message or polling word at all)."""
    return _MIGHT_HOLD.search(source) is not None


def _module_name(path: str) -> str:
    root, ext = posixpath.splitext(path)
    return root if ext else path


def extract_typescript(path: str, source: bytes) -> FileFacts:
    """Facts of one TypeScript / JavaScript file. Pure; never raises."""
    facts = TypeScriptFacts(module=_module_name(path), is_test=is_test_path(path))
    result = FileFacts(path, "typescript", typescript=facts)
    try:
        source.decode("utf-8")
    except UnicodeDecodeError as error:
        line = source.count(b"\n", 0, error.start) + 1
        col = error.start - (source.rfind(b"\n", 0, error.start) + 1) + 1
        result.parse_errors.append(ParseError(SourceRef(path, line, col), "file is not valid UTF-8"))
        return result
    if facts.is_test:
        return result
    try:
        _extract(path, source, result, facts)
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
    ):
        getattr(facts, name).clear()
    facts.constants.clear()
    facts.aliases.clear()


def _extract(path: str, source: bytes, result: FileFacts, facts: TypeScriptFacts) -> None:
    text = Text(path, source)
    tree = parse(path, source)
    root = tree.root_node
    result.parse_errors.extend(find_parse_errors(root, text))
    index = build_index(root, text)
    facts.constants = collect_constants(index, text)
    facts.aliases = collect_aliases(index)
    urls = extract_urls(index, text)
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
    facts.expected_types = extract_expected_types(index, text, resolver, urls.sites, socket_file)
    facts.hooks, facts.hook_uses = extract_hooks(index, text, urls.sites, urls.helper_calls)
    facts.polling = extract_polling(index, text)
