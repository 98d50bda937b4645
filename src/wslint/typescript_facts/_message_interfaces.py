"""Message interfaces: the types a message's declaration lets its ``type`` be.

Reads the index's type declarations and type uses. The message types are those named like one
(``ChatMessage``, ``WsEvent``) in a socket file or with a socket word (``SocketMessage``), and
those a socket hook's type arguments (``useSocket<ServerMessage>(url)``) or a socket callback's
annotations name. Produces an ``ExpectedType`` ("interface") for each string literal their
``type`` member allows, through unions, intersections, aliases (``type: QueueMessageType``) and
enum members (``type: MessageType.Queue``).
"""

from __future__ import annotations

from wslint.facts import ExpectedType, TypeValue
from wslint.typescript_facts._message_origins import (
    MESSAGE_TYPE_NAME_RE,
    SOCKET_WORDS,
    MessageAnalysis,
    is_outbound,
)
from wslint.typescript_facts._syntax import Node, callee_name, property_key, string_value, words
from wslint.typescript_facts._urls import is_socket_hook

MAX_TYPE_DEPTH = 10


def find_interfaces(analysis: MessageAnalysis) -> list[ExpectedType]:
    index = analysis.index
    names = {
        name
        for name in index.type_decls
        if MESSAGE_TYPE_NAME_RE.search(name) and (analysis.socket_file or set(words(name)) & SOCKET_WORDS)
    }
    for node, scope in index.type_uses:
        if node.type == "type_arguments":
            call = node.parent
            if call is None or call.type not in ("call_expression", "new_expression"):
                continue
            name = callee_name(call, analysis.text) or ""
            if not (is_socket_hook(name, analysis.configured_hooks) or call.id in analysis.site_calls):
                continue
            names.update(analysis.type_names(node))
        elif scope.node is not None and scope.node.id in analysis.callbacks:
            names.update(analysis.type_names(node))
    found: list[ExpectedType] = []
    seen: set[str] = set()
    for name in sorted(name for name in names if not is_outbound(name)):
        _interface(analysis, found, name, seen, 0)
    return found


def _interface(
    analysis: MessageAnalysis, found: list[ExpectedType], name: str, seen: set[str], depth: int
) -> None:
    declaration = analysis.index.type_decls.get(name)
    if declaration is None or name in seen or depth > MAX_TYPE_DEPTH:
        return
    seen.add(name)
    if declaration.type == "interface_declaration":
        _members(analysis, found, declaration.child_by_field_name("body"), depth)
    else:
        _type_expression(analysis, found, declaration.child_by_field_name("value"), seen, depth)


def _type_expression(
    analysis: MessageAnalysis, found: list[ExpectedType], node: Node | None, seen: set[str], depth: int
) -> None:
    if node is None or depth > MAX_TYPE_DEPTH:
        return
    if node.type in ("union_type", "intersection_type", "parenthesized_type"):
        for child in node.named_children:
            _type_expression(analysis, found, child, seen, depth + 1)
    elif node.type == "object_type":
        _members(analysis, found, node, depth)
    elif node.type == "type_identifier":
        _interface(analysis, found, analysis.text.of(node), seen, depth + 1)


def _members(analysis: MessageAnalysis, found: list[ExpectedType], body: Node | None, depth: int) -> None:
    """The literal types of the ``type`` member of an interface's body or an object type."""
    for member in body.named_children if body is not None else ():
        if member.type != "property_signature":
            continue
        if property_key(member.child_by_field_name("name"), analysis.text) != "type":
            continue
        annotation = member.child_by_field_name("type")
        if annotation is not None and annotation.named_child_count:
            _literal_types(analysis, found, annotation.named_children[0], set(), depth)


def _literal_types(
    analysis: MessageAnalysis, found: list[ExpectedType], node: Node, aliases: set[str], depth: int
) -> None:
    if depth > MAX_TYPE_DEPTH:
        return
    text = analysis.text
    if node.type == "literal_type" and node.named_child_count:
        value = string_value(node.named_children[0], text)
        if value is not None:
            literal = TypeValue(text.ref(node.named_children[0]), value=value)
            found.append(ExpectedType(literal, None, "interface"))
    elif node.type in ("union_type", "parenthesized_type"):
        for child in node.named_children:
            _literal_types(analysis, found, child, aliases, depth + 1)
    elif node.type == "nested_type_identifier":  # ``type: MessageType.Queue``
        resolved = analysis.resolver.resolve_type_reference(text.of(node), node, analysis.index.module_scope)
        if resolved is not None:
            found.append(ExpectedType(resolved, None, "interface"))
    elif node.type == "type_identifier":  # ``type: QueueMessageType`` -> its literal union
        name = text.of(node)
        declaration = analysis.index.type_decls.get(name)
        if declaration is not None and declaration.type == "type_alias_declaration" and name not in aliases:
            aliased = declaration.child_by_field_name("value")
            if aliased is not None:
                _literal_types(analysis, found, aliased, aliases | {name}, depth + 1)
