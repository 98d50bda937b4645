"""Message types the frontend waits for, counted only where the value comes from a socket.

The analysis of one file, in parts that each read the index:
``_message_callbacks`` finds the functions that receive a socket's messages;
``_message_origins`` (``MessageAnalysis``) says which values hold a message;
``_message_fields`` which values are fields of a hook's result or a component's props;
``_message_checks`` the types the code compares a message's ``type`` with or listens for;
``_message_interfaces`` the types the message declarations allow;
``_message_links`` what hooks, contexts and props hand to other modules.
"""

from __future__ import annotations

from wslint.facts import ExpectedType
from wslint.typescript_facts._index import Index
from wslint.typescript_facts._message_callbacks import find_callbacks
from wslint.typescript_facts._message_checks import find_checks
from wslint.typescript_facts._message_interfaces import find_interfaces
from wslint.typescript_facts._message_origins import MessageAnalysis
from wslint.typescript_facts._syntax import Text
from wslint.typescript_facts._urls import Site
from wslint.typescript_facts._values import TypeResolver


def analyse_messages(
    index: Index,
    text: Text,
    resolver: TypeResolver,
    sites: list[Site],
    socket_file: bool,
    module: str,
    configured_hooks: frozenset[str] = frozenset(),
) -> MessageAnalysis:
    """The message analysis of one file, its socket callbacks found: every other part asks them."""
    analysis = MessageAnalysis(index, text, resolver, sites, socket_file, module, configured_hooks)
    analysis.callbacks = find_callbacks(index, text, analysis.site_calls)
    return analysis


def extract_expected_types(analysis: MessageAnalysis) -> list[ExpectedType]:
    """The types checked and declared, once each (the first place found of a type and how), in
    source order."""
    found = find_checks(analysis) + find_interfaces(analysis)
    unique: dict[tuple[object, ...], ExpectedType] = {}
    for expected in found:
        unique.setdefault((expected.type, expected.how), expected)
    return sorted(unique.values(), key=lambda e: (e.type.ref.line, e.type.ref.col, e.how))
