"""``--output-format asyncapi``: an AsyncAPI 3.0 document of the backend, derived from the code.

One channel per endpoint (its address is the route path with every prefix, with a parameter
per path parameter), one message per type it sends, a ``send`` operation for what the server
sends on it, and a ``receive`` operation for what its handler reads from clients (see
``accepts``). A payload's schema comes from the dict literal or the Pydantic model / dataclass
the message is sent as (field names, JSON types of literal values or annotations, the type as a
constant); ``{}`` (any) where it is neither (see ``payloads``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from wslint import __version__
from wslint.map.model import EndpointMap, MessageType, ProjectMap

ASYNCAPI_VERSION = "3.0.0"
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")


def _identifier(text: str, taken: set[str]) -> str:
    """A component key AsyncAPI accepts, unique among ``taken``."""
    base = _NOT_ID.sub("_", text).strip("_") or "root"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    taken.add(candidate)
    return candidate


def _message_description(message: MessageType, endpoint: EndpointMap) -> str:
    parts = []
    if message.initial:
        parts.append(f"sent on connect by {endpoint.handler} ({', '.join(message.sent_at)})")
    for pusher in message.pushed_by:
        started = "" if pusher.started else ", which nothing starts"
        parts.append(f"pushed by {pusher.function} ({pusher.at}{started})")
    return "; ".join(parts) or "sent by the handler"


def _operation(action: str, channel_id: str, message_ids: list[str], summary: str) -> dict[str, Any]:
    return {
        "action": action,
        "channel": {"$ref": f"#/channels/{channel_id}"},
        "summary": summary,
        "messages": [
            {"$ref": f"#/channels/{channel_id}/messages/{message_id}"} for message_id in message_ids
        ],
    }


def asyncapi_document(project_map: ProjectMap) -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    channel_ids: set[str] = set()
    message_ids: dict[str, str] = {}
    taken_messages: set[str] = set()
    for endpoint in project_map.endpoints:
        channel_id = _identifier(endpoint.path, channel_ids)
        channel: dict[str, Any] = {
            "address": endpoint.path,
            "title": endpoint.handler,
            "description": f"WebSocket route {endpoint.path}, handled by {endpoint.handler} "
            f"({endpoint.handler_at})",
        }
        if endpoint.parameters:
            channel["parameters"] = {
                name: {"description": f"path parameter `{name}`"} for name in endpoint.parameters
            }
        channel_messages: dict[str, Any] = {}
        for message in endpoint.types:
            message_id = message_ids.get(message.name)
            if message_id is None:
                message_id = _identifier(message.name, taken_messages)
                message_ids[message.name] = message_id
                messages[message_id] = {
                    "name": message.name,
                    "title": message.name,
                    "description": _message_description(message, endpoint),
                    "payload": message.payload,
                }
            channel_messages[message_id] = {"$ref": f"#/components/messages/{message_id}"}
        sent_ids = list(channel_messages)
        accepted_ids = []
        if endpoint.receives:
            for name in endpoint.accepted_types or (None,):
                message_id = _identifier(f"{name or 'client'}_from_client", taken_messages)
                messages[message_id] = {
                    "name": name or "client message",
                    "title": name or "client message",
                    "description": f"what {endpoint.handler} reads from its clients"
                    + (f", told apart by its type `{name}`" if name else ", of types it does not compare"),
                    "payload": {},
                }
                channel_messages[message_id] = {"$ref": f"#/components/messages/{message_id}"}
                accepted_ids.append(message_id)
        if channel_messages:
            channel["messages"] = channel_messages
        channels[channel_id] = channel
        if accepted_ids:
            operations[f"{channel_id}_receive"] = _operation(
                "receive", channel_id, accepted_ids, f"What the server reads from clients on {endpoint.path}"
            )
        if sent_ids:
            operations[f"{channel_id}_send"] = _operation(
                "send", channel_id, sent_ids, f"What the server sends on {endpoint.path}"
            )
    document: dict[str, Any] = {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": f"{project_map.root} WebSockets",
            "version": "unversioned",
            "description": f"Derived from the code by wslint {__version__}: routes, and the message "
            "types each one sends on connect or pushes later. A payload is read from the dict literal "
            "or the model class a message is sent as, `{}` where it is neither.",
        },
        "channels": channels,
        "operations": operations,
    }
    if messages:
        document["components"] = {"messages": messages}
    return document


def render_asyncapi(project_map: ProjectMap) -> str:
    return json.dumps(asyncapi_document(project_map), indent=2, ensure_ascii=False) + "\n"
