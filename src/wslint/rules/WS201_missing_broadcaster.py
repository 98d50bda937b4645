"""WS201 missing-broadcaster: an endpoint's initial message type is never pushed again.

The checklist's #1 mistake: the endpoint connects, sends its initial data and then sits idle.
Not every first message is initial data, and what it carries and what the handler does next
tell which: an acknowledgement carries only identifiers, text and times; a message the branch
closes, raises or returns right after is a refusal; a snapshot of a collection whose items
are pushed (``rooms`` then ``room_added``) is kept current by those deltas. Only where the
content cannot tell (a snapshot whose deltas are named after something else, ``history`` then
``message_posted``; a payload that cannot be read) does the type's name decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wslint import fixes
from wslint.facts import FirstMessage, SourceRef
from wslint.findings import Finding, Related
from wslint.link import LinkedEndpoint, Project
from wslint.queries import could_be_sent_as
from wslint.rules import RuleContext
from wslint.vocabulary import ACKNOWLEDGEMENT_KEY_WORDS, is_keepalive_type

# A one-off first message of a "snapshot then deltas" protocol (a chat room's ``history`` /
# ``backlog`` before its ``message`` deltas), by name: for what content cannot tell.
_SNAPSHOT_NAME = re.compile(
    r"(^|[_.:-])(init|initial|snapshot|connected|connection|welcome|hello|sync|handshake|ready|full_state"
    r"|history|backlog)"
    r"([_.:-]|$)"
)


_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _words(name: str) -> list[str]:
    """``room_added`` / ``roomAdded`` / ``ROOM_ADDED`` -> ``["room", "added"]``."""
    return [word.lower() for word in _WORD.findall(name)]


def _singular(word: str) -> str | None:
    """``rooms`` -> ``room``, ``entries`` -> ``entry``; None for a word that is no plural."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "uses")):
        return word[:-2]
    return word[:-1]


def _holds_state(key: str, message: FirstMessage) -> bool:
    """Data read from somewhere: not text made in place, not an id, a text or a time by name."""
    last_word = _words(key)[-1:]
    return key not in message.text_keys and not ACKNOWLEDGEMENT_KEY_WORDS.issuperset(last_word)


def _state_keys(message: FirstMessage | None) -> list[str]:
    return [key for key in message.keys or () if _holds_state(key, message)] if message else []


def _not_initial_data(message: FirstMessage) -> bool:
    """A refusal (the branch hangs up right after) or an acknowledgement (no state at all)."""
    return message.then_closes or (message.keys is not None and not _state_keys(message))


def _items_pushed(value: str, message: FirstMessage | None, pushed: set[str]) -> bool:
    """A snapshot of a collection (``rooms``, ``{"type": "init", "jobs": [...]}``) some push
    keeps current with its items (``room_added``, ``job``) or the whole of it again."""
    names = [*_words(value), *(word for key in _state_keys(message) for word in _words(key))]
    items = {form for word in names if (singular := _singular(word)) is not None for form in (word, singular)}
    return any(items.intersection(_words(other)) for other in pushed if other != value)


def _other_types_flow(linked: LinkedEndpoint, project: Project, pushed: set[str]) -> bool:
    """Something besides the snapshot reaches this endpoint's clients after connect."""
    if linked.endpoint.relays:
        return True  # the handler keeps relaying messages of types we cannot read
    if any(item.known and not is_keepalive_type(item.value or "") for item in linked.loop):
        return True
    if any(item.value in pushed for item in linked.initial if item.known):
        return True
    client_files = {path for url in project.client_urls_of(linked) for path in url.used_in}
    return any(
        item.type.value in pushed
        for item in project.expectations
        if item.expected.type.ref.path in client_files
    )


def check(ctx: RuleContext) -> Iterator[Finding]:
    project = ctx.project
    pushed = project.pushed_values()
    unknown_pushes = [push.type for push in project.pushes if not push.type.known]
    for linked in project.endpoints:
        unknown_pushes_here = unknown_pushes + [item for item in linked.loop if not item.known]
        firsts: dict[SourceRef, FirstMessage] = {m.type_ref: m for m in linked.endpoint.first_messages}
        for item in linked.initial:
            value = item.value
            if value is None or value in pushed or is_keepalive_type(value):
                continue
            if could_be_sent_as(unknown_pushes_here, value):
                continue
            message = firsts.get(item.ref)
            if message is not None and _not_initial_data(message):
                continue
            if _items_pushed(value, message, pushed):
                continue
            if _SNAPSHOT_NAME.search(value) and _other_types_flow(linked, project, pushed):
                continue
            endpoint = linked.endpoint
            yield ctx.report(
                item.ref,
                f"`{linked.served_path}` sends `{value}` on connect, but nothing broadcasts "
                f"`{value}` afterwards: clients get the initial data and then sit idle",
                symbol=value,
                related=(Related(endpoint.ref, f"route `{linked.served_path}` ({endpoint.handler})"),),
                fix=fixes.missing_broadcaster(project, linked, value),
            )
