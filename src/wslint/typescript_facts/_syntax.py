"""Parser singletons and small helpers over tree-sitter nodes."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import tree_sitter
import tree_sitter_typescript

from wslint.facts import ParseError, SourceRef

Node = tree_sitter.Node

# Wrappers that do not change the value an expression stands for.
TRANSPARENT = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
        "await_expression",
    }
)
FUNCTION_TYPES = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "function_expression",
        "function",
        "generator_function",
        "arrow_function",
        "method_definition",
    }
)
_TSX_SUFFIXES = (".tsx", ".js", ".jsx", ".mjs", ".cjs")


def is_tsx(path: str) -> bool:
    """The file is read with the TSX grammar (JSX allowed)."""
    return path.lower().endswith(_TSX_SUFFIXES)


@lru_cache(maxsize=2)
def language(tsx: bool) -> tree_sitter.Language:
    raw = tree_sitter_typescript.language_tsx() if tsx else tree_sitter_typescript.language_typescript()
    return tree_sitter.Language(raw)


@lru_cache(maxsize=2)
def _parser(tsx: bool) -> tree_sitter.Parser:
    return tree_sitter.Parser(language(tsx))


def parse(path: str, source: bytes) -> tree_sitter.Tree:
    return _parser(is_tsx(path)).parse(source)


_LONE_CR = re.compile(rb"\r(?!\n)")
_LINE_BREAK = re.compile(rb"\r\n?|\n")


def line_col(source: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte column of ``offset``, counting ``\r\n``, ``\r`` and ``\n`` as line ends."""
    line, line_start = 1, 0
    for match in _LINE_BREAK.finditer(source, 0, offset):
        line, line_start = line + 1, match.end()
    return line, offset - line_start + 1


class Text:
    """Node text and positions for one file (columns in characters, 1-based)."""

    def __init__(self, path: str, source: bytes) -> None:
        self.path = path
        self.source = source
        # tree-sitter counts rows by ``\n`` only: with a lone ``\r`` (old Mac line ends) every
        # node would sit on row 0, so such files get their own table of line starts.
        self._line_starts: list[int] | None = None
        if _LONE_CR.search(source) is not None:
            self._line_starts = [0, *(match.end() for match in _LINE_BREAK.finditer(source))]
        # by node id: every analysis asks the same calls for their callee
        self.callee_names: dict[int, str | None] = {}
        self.dotted_names: dict[int, str | None] = {}

    def of(self, node: Node | None) -> str:
        if node is None:
            return ""
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def ref(self, node: Node) -> SourceRef:
        start = node.start_byte
        if self._line_starts is None:
            row, col_bytes = node.start_point
            line_start = start - col_bytes
        else:
            row = bisect.bisect_right(self._line_starts, start) - 1
            line_start = self._line_starts[row]
        prefix = self.source[line_start:start]
        col = len(prefix.decode("utf-8", "replace")) if not prefix.isascii() else len(prefix)
        return SourceRef(self.path, row + 1, col + 1)


def strip(node: Node | None) -> Node | None:
    """Look through parentheses, ``as``/``satisfies`` casts, ``!`` and ``await``."""
    while node is not None and node.type in TRANSPARENT:
        node = node.named_children[0] if node.named_child_count else None
    return node


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"', "`": "`"}


def unescape(raw: str) -> str:
    if len(raw) == 2 and raw[0] == "\\":
        return _ESCAPES.get(raw[1], raw[1])
    return raw


def string_value(node: Node | None, text: Text) -> str | None:
    """The value of a string literal, or of a template literal without holes."""
    if node is None or node.type not in ("string", "template_string"):
        return None
    parts: list[str] = []
    for child in node.named_children:
        if child.type == "string_fragment":
            parts.append(text.of(child))
        elif child.type == "escape_sequence":
            parts.append(unescape(text.of(child)))
        elif child.type == "template_substitution":
            return None
    return "".join(parts)


def dotted(node: Node | None, text: Text) -> str | None:
    """``a.b.c`` (identifiers, ``this`` and optional chains only) as a dotted string."""
    if node is None:
        return None
    key = node.id
    if key in text.dotted_names:
        return text.dotted_names[key]
    name = _dotted(node, text)
    text.dotted_names[key] = name
    return name


def _dotted(node: Node | None, text: Text) -> str | None:
    names: list[str] = []
    while node is not None:
        node = strip(node)
        if node is None:
            return None
        if node.type in ("identifier", "this", "property_identifier", "type_identifier"):
            names.append(text.of(node))
            break
        if node.type != "member_expression":
            return None
        prop = node.child_by_field_name("property")
        if prop is None or prop.type not in ("property_identifier", "private_property_identifier"):
            return None
        names.append(text.of(prop))
        node = node.child_by_field_name("object")
    else:
        return None
    return ".".join(reversed(names))


def callee_name(call: Node, text: Text) -> str | None:
    """The last name of a call's callee (``useWebSocket`` for ``lib.useWebSocket(...)``)."""
    key = call.id
    if key in text.callee_names:
        return text.callee_names[key]
    name = _callee_name(call, text)
    text.callee_names[key] = name
    return name


def _callee_name(call: Node, text: Text) -> str | None:
    func = strip(call.child_by_field_name("function") or call.child_by_field_name("constructor"))
    if func is None:
        return None
    if func.type == "identifier":
        return text.of(func)
    if func.type == "member_expression":
        prop = func.child_by_field_name("property")
        return text.of(prop) if prop is not None else None
    return None


def arguments(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    if args is None or args.type != "arguments":
        return []
    return [a for a in args.named_children if a.type != "comment"]


def property_key(node: Node | None, text: Text) -> str | None:
    """The static name of an object key / property name, if it has one."""
    if node is None:
        return None
    if node.type in ("property_identifier", "identifier", "private_property_identifier", "number"):
        return text.of(node)
    if node.type == "string":
        return string_value(node, text)
    return None


def object_entries(obj: Node, text: Text) -> list[tuple[str, Node, Node]]:
    """``(key, key node, value node)`` of an object literal; shorthands map to themselves."""
    entries: list[tuple[str, Node, Node]] = []
    for child in obj.named_children:
        if child.type == "pair":
            key_node = child.child_by_field_name("key")
            value = child.child_by_field_name("value")
            key = property_key(key_node, text)
            if key is not None and key_node is not None and value is not None:
                entries.append((key, key_node, value))
        elif child.type == "shorthand_property_identifier":
            entries.append((text.of(child), child, child))
        elif child.type == "method_definition":
            name = child.child_by_field_name("name")
            key = property_key(name, text)
            if key is not None and name is not None:
                entries.append((key, name, child))
    return entries


_WORD_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def words(name: str) -> list[str]:
    """``getQueueWsURL`` -> ``["get", "queue", "ws", "url"]``; ``WS_ENDPOINTS`` -> ``["ws", "endpoints"]``."""
    return [w.lower() for w in _WORD_RE.findall(name)]


_CLOSERS = frozenset({"}", ")", "]"})


def find_parse_errors(root: Node, text: Text) -> list[ParseError]:
    """Errors tree-sitter is sure of: a top-level ERROR, or a bracket left open at end of file.

    tree-sitter-typescript marks some valid TSX as erroneous (a bare ``&`` in JSX text), but
    those ERROR nodes sit inside the JSX element, never directly under the program.
    """
    errors: list[ParseError] = []
    for child in root.children:
        if child.is_error:
            snippet = text.of(child).strip().splitlines()[0][:40] if text.of(child).strip() else ""
            errors.append(ParseError(text.ref(child), f"syntax error near `{snippet}`"))
    if root.has_error and not errors:
        content_end = len(text.source.rstrip())
        cursor = root.walk()
        # Descend along the last children: a bracket missing at EOF is on that spine.
        while True:
            node = cursor.node
            if node is None:
                break
            if node.is_missing and node.type in _CLOSERS and node.start_byte >= content_end:
                errors.append(ParseError(text.ref(node), f"unexpected end of file: missing `{node.type}`"))
                break
            if not node.has_error or not cursor.goto_last_child():
                break
            while cursor.node is not None and not cursor.node.has_error and not cursor.node.is_missing:
                if not cursor.goto_previous_sibling():
                    break
    return errors
