"""Socket code that writes into the HTTP query cache: the queries it feeds are served over the socket."""

from __future__ import annotations

from wslint.facts import QueryFeed
from wslint.typescript_facts._index import Index
from wslint.typescript_facts._messages import MessageAnalysis
from wslint.typescript_facts._syntax import Text, arguments, callee_name, object_entries, strip
from wslint.typescript_facts._values import object_literal

# TanStack Query's cache writes: ``setQueryData`` replaces one query's data; the others mark every
# query whose key starts with the given one as stale, so it is fetched again from the socket's news.
_WRITES = frozenset({"setQueryData", "setQueriesData", "invalidateQueries", "refetchQueries", "resetQueries"})


def extract_query_feeds(
    index: Index, text: Text, analysis: MessageAnalysis, socket_hooks: set[str]
) -> list[QueryFeed]:
    """Cache writes in a socket's message callback, in a hook that opens a socket, or in a function
    that opens one (a component reacting to ``lastMessage``)."""
    opening = socket_hooks | {site.scope.top for site in analysis.sites if site.scope.top}
    feeds: list[QueryFeed] = []
    for call, scope in index.calls:
        name = callee_name(call, text)
        if name not in _WRITES or call.type != "call_expression":
            continue
        if not (scope.top in opening or analysis.in_callback(scope)):
            continue
        args = arguments(call)
        key = strip(args[0]) if args else None
        obj = object_literal(key, text)
        if obj is not None:
            key = next((value for entry, _k, value in object_entries(obj, text) if entry == "queryKey"), None)
        if key is None or key.type not in (
            "array",
            "string",
            "template_string",
            "identifier",
            "member_expression",
        ):
            continue
        feeds.append(QueryFeed(text.of(key), text.ref(call), scope.top, prefix=not name.startswith("set")))
    return feeds
