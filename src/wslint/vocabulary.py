"""The names that mark pushes, sends, sleeps and waits; the extension point for configuration."""

from __future__ import annotations

import re

# A call whose method (or function) name is one of these, or starts with one, pushes a message.
# ``notify_clients``-style names are left to configuration (``extra_push_methods``).
PUSH_METHOD_NAMES = frozenset({"broadcast", "publish", "emit"})

SEND_METHODS = frozenset({"send_json", "send_text", "send"})
# how a test opens a socket (``client.websocket_connect("/ws/x")``): a test file's only fact
TEST_CONNECT_METHODS = frozenset({"websocket_connect"})

# Replies that only keep a connection alive; they say nothing about updates.
KEEPALIVE_TYPES = frozenset({"ping", "pong", "heartbeat", "keepalive", "keep_alive", "keep-alive"})
_NAMESPACE_SEPARATORS = re.compile(r"[.:/]")


def is_keepalive_type(value: str) -> bool:
    """``pong``, and namespaced ones: ``bridge.pong``, ``worker.heartbeat.v1``, ``sys:ping``."""
    lowered = value.lower()
    return lowered in KEEPALIVE_TYPES or any(
        part in KEEPALIVE_TYPES for part in _NAMESPACE_SEPARATORS.split(lowered)
    )


# ASGI protocol messages (``await send({"type": "websocket.send", ...})``) are not app messages.
ASGI_TYPE_PREFIXES = ("websocket.", "http.", "lifespan.")

SLEEP_FUNCTIONS = frozenset({"asyncio.sleep", "time.sleep", "anyio.sleep", "trio.sleep", "gevent.sleep"})
SLEEP_KEYWORDS = ("delay", "seconds", "secs")

# Awaiting one of these blocks until input arrives: the loop reacts to events, it does not poll.
# Besides sockets, queues and Redis: a Kafka consumer's ``getone``, a NATS subscription's
# ``next_msg``, ZeroMQ's ``recv_*``, an asyncio stream's line and frame reads, an async iterator's
# next item.
# fmt: off
WAIT_METHODS = frozenset({
    "receive", "receive_text", "receive_json", "receive_bytes", "recv", "wait", "get_message", "listen",
    "xread", "xreadgroup", "blpop", "brpop", "iter_text", "iter_json", "iter_bytes",
    "getone", "next_msg", "recv_json", "recv_string", "recv_multipart", "readline", "readuntil",
    "readexactly", "anext", "__anext__",
})
# fmt: on
QUEUE_WORDS = frozenset({"queue", "q", "inbox", "events", "channel", "mailbox"})

# Broker channels. A ``publish`` on a client of a broker hands the message to a channel: it
# reaches sockets only through a subscriber that forwards what it receives.
BROKER_CLIENT_WORDS = frozenset({"redis", "valkey", "aioredis", "broker", "pubsub"})
# packages whose objects are broker clients (``broadcast = Broadcast(url)``, ``Redis.from_url``)
BROKER_PACKAGES = frozenset({"redis", "aioredis", "valkey", "coredis", "broadcaster", "asyncpg"})
BROKER_PUBLISH_METHODS = frozenset({"publish", "spublish"})
BROKER_SUBSCRIBE_METHODS = frozenset({"subscribe", "ssubscribe", "psubscribe"})
BROKER_RECEIVE_METHODS = frozenset({"listen", "get_message"})
# ``conn.execute("SELECT pg_notify('inventory', $1)", payload)``: SQL that notifies a channel
SQL_EXECUTE_METHODS = frozenset({"execute", "executemany", "fetch", "fetchval", "fetchrow"})
# what a received broker message carries its payload in: ``message["data"]``, ``event.message``
BROKER_PAYLOAD_FIELDS = frozenset({"data", "message", "payload"})

# The last word of a payload key that holds an identifier, a text or a time, not state a client
# waits to see updated (``client_id``, ``message``, ``server_time``): an acknowledgement carries
# only such keys.
# fmt: off
ACKNOWLEDGEMENT_KEY_WORDS = frozenset({
    "id", "uuid", "sid", "token", "name", "message", "msg", "text", "detail", "reason", "description",
    "title", "code", "timestamp", "time", "ts", "at", "version", "protocol"
})
# fmt: on


def is_push_method(name: str, extra: frozenset[str]) -> bool:
    return name in extra or name.startswith(tuple(PUSH_METHOD_NAMES))


# A route path segment in the checklist's style: ``system-status``.
KEBAB_SEGMENT = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# Events every socket library fires itself; they are not message types of the backend.
# ``ExpectedType.how`` of a check on a value that only its type annotation calls a message (a
# reducer's ``action.payload`` typed ``PayloadAction<ServerMessage>``, where socket code dispatches
# what it receives): a type handled if that value is a socket's message, but no sign that any
# socket is waited on for it. It keeps WS206 quiet and never makes a WS303.
ANNOTATED = "annotated"
# What a socket client's ``subscribe("x", handler)`` names: a message type where the client
# dispatches on types, a topic or channel where it dispatches on those (``subscribe("prices")``
# on a client that sends ``{"action": "subscribe", "topic": ...}``). Like ``ANNOTATED``: it keeps
# WS206 quiet and never makes a WS303.
SUBSCRIBED = "subscribed"
# how a frontend check can handle a type without showing that a socket is waited on for it
HANDLED_ONLY = frozenset({ANNOTATED, SUBSCRIBED})

RESERVED_EVENTS = frozenset(
    {
        "message", "open", "close", "error", "connect", "disconnect", "connect_error", "disconnecting",
        "reconnect", "reconnect_attempt", "reconnect_error", "reconnect_failed", "ping", "pong",
        "newListener", "removeListener", "*",
    }
)  # fmt: skip
# Events of the DOM: ``connectionButton.addEventListener("click", ...)`` listens to a page element
# whose name only sounds like a socket.
DOM_EVENTS = frozenset(
    {
        "click", "dblclick", "auxclick", "contextmenu", "input", "change", "submit", "reset", "invalid",
        "focus", "blur", "focusin", "focusout", "keydown", "keyup", "keypress", "mousedown", "mouseup",
        "mousemove", "mouseover", "mouseout", "mouseenter", "mouseleave", "pointerdown", "pointerup",
        "pointermove", "pointerenter", "pointerleave", "pointercancel", "touchstart", "touchend",
        "touchmove", "touchcancel", "wheel", "scroll", "resize", "load", "unload", "beforeunload",
        "visibilitychange", "drag", "dragstart", "dragend", "dragenter", "dragleave", "dragover", "drop",
        "copy", "cut", "paste", "select", "selectionchange", "animationend", "transitionend",
        "hashchange", "popstate", "storage", "online", "offline",
    }
)  # fmt: skip

# Methods that take an item out of a collection: a loop calling one drains what it tests.
CONSUMING_METHODS = frozenset({"pop", "popleft", "popitem", "get_nowait", "clear", "remove"})
