"""Questions several rules ask of the linked project; one place, so the rules agree."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from wslint.facts import Broadcaster, Polling, PushLoop, SourceRef
from wslint.link import Project, ResolvedType, path_segments, pattern_matches
from wslint.vocabulary import KEBAB_SEGMENT

# what case styles put between words: ``queue_update``, ``queue-update``, ``queue.update``
_WORD_SEPARATORS = re.compile(r"[\W_]+")


def _symbol_could_be(symbol: str | None, value: str) -> bool:
    """An unresolved symbol whose name spells the value in any case style (``QUEUE_UPDATE`` or
    ``QueueUpdate`` for ``queue_update``)."""
    if symbol is None:
        return False
    name = symbol.rsplit(".", 1)[-1].rsplit(":", 1)[-1]
    return _WORD_SEPARATORS.sub("", name).lower() == _WORD_SEPARATORS.sub("", value).lower()


def could_be_sent_as(candidates: Iterable[ResolvedType], value: str) -> bool:
    """Whether an unknown-valued type (pattern or unresolved symbol) may stand for ``value``."""
    for item in candidates:
        if item.known:
            continue
        if item.pattern is not None and pattern_matches(item.pattern, value):
            return True
        if _symbol_could_be(item.symbol, value):
            return True
    return False


def push_loops(project: Project) -> Iterator[tuple[Broadcaster, PushLoop]]:
    """Loops that push again and again until stopped, with the broadcaster they sit in.

    A loop that runs to a bound of its own (``while elapsed < duration``, a simulation's steps)
    is a job that pushes its progress: no poller to pace, no broadcaster to keep alive.
    """
    for broadcaster in project.broadcasters:
        by_ref: dict[SourceRef, list[PushLoop]] = {}
        for loop in broadcaster.loops:
            if loop.long_running:
                by_ref.setdefault(loop.ref, []).append(loop)
        for seen in by_ref.values():
            yield broadcaster, _one_loop(seen)


def _one_loop(seen: list[PushLoop]) -> PushLoop:
    """One loop seen through several of its pushes (its own and those of functions it calls):
    it pushes on change only if each of them does; a try around any of them is a try."""
    return replace(
        seen[0],
        pushes_on_change=all(loop.pushes_on_change for loop in seen),
        has_try=any(loop.has_try for loop in seen),
    )


def feature_name(path: str) -> str | None:
    """``/ws/adw-state/{adw_id}`` -> ``adw-state``: the segment after ``ws``, if kebab-case."""
    segments = path_segments(path)
    if "ws" not in segments:
        return None
    rest = segments[segments.index("ws") + 1 :]
    if not rest or not KEBAB_SEGMENT.match(rest[0]):
        return None
    return rest[0]


# ``isConnected ? false : 30000``: poll only while the socket is down, the sanctioned fallback.
_CONNECTION_STATE = re.compile(r"connect|readyState|socket|\bws\b|online", re.IGNORECASE)


def normalized_query_key(text: str) -> str:
    """A react-query key as written, with spacing and quote style evened out."""
    return re.sub(r"\s+", "", text).replace('"', "'").rstrip(",")


def is_socket_fallback(polling: Polling) -> bool:
    """Polling that is off, or on only while the socket is down."""
    return polling.disabled or (polling.conditional and bool(_CONNECTION_STATE.search(polling.value)))


def _key_covers(fed: str, polled: str, prefix: bool) -> bool:
    """Whether a cache write of key ``fed`` reaches the query ``polled`` (both normalized):
    ``invalidateQueries({ queryKey: ['orders'] })`` reaches ``['orders', 'open']`` too."""
    if fed == polled:
        return True
    return prefix and fed.startswith("[") and fed.endswith("]") and polled.startswith(fed[:-1] + ",")


def socket_feeder(project: Project, polling: Polling) -> str | None:
    """The hook or function that serves the polled query over a WebSocket: a socket hook handed
    that ``queryKey``, or socket code writing that query's cache (``setQueryData``,
    ``invalidateQueries``), or socket code writing the store the polling component writes too.
    None when the polling is a fallback or nothing feeds it."""
    if is_socket_fallback(polling):
        return None
    if polling.query_key is not None:
        polled = normalized_query_key(polling.query_key)
        for hook in project.hooks:
            if any(normalized_query_key(key) == polled for key in hook.query_keys):
                return hook.name
        for feed in project.query_feeds:
            if _key_covers(normalized_query_key(feed.query_key), polled, feed.prefix):
                return feed.function or "a WebSocket message handler"
    return project.socket_store_feeder(polling)
