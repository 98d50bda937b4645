"""String constants of a module and the values of message-type expressions."""

from __future__ import annotations

from wslint.facts import TypeValue
from wslint.typescript_facts._index import Index, Scope
from wslint.typescript_facts._syntax import Node, Text, callee_name, object_entries, string_value, strip

MAX_HOPS = 8  # const -> const -> ... chains followed before giving up
MAX_OBJECT_DEPTH = 12


def object_literal(node: Node | None, text: Text) -> Node | None:
    """The object literal behind ``{...}``, ``{...} as const`` or ``Object.freeze({...})``."""
    node = strip(node)
    if node is not None and node.type == "call_expression" and callee_name(node, text) == "freeze":
        args = node.child_by_field_name("arguments")
        node = strip(args.named_children[0]) if args is not None and args.named_child_count else None
    return node if node is not None and node.type == "object" else None


def collect_constants(index: Index, text: Text) -> dict[str, str]:
    """Top-level ``const NAME = 'str'``, ``OBJ.prop`` of object literals, ``Enum.Member``."""
    constants: dict[str, str] = {}
    for name, binding in index.module_scope.bindings.items():
        if binding.kind != "const":
            continue
        value = string_value(strip(binding.node), text)
        if value is not None:
            constants[name] = value
            continue
        obj = object_literal(binding.node, text)
        if obj is not None:
            _object_constants(obj, name, text, constants, 0)
    for enum in index.enums:
        enum_name = enum.child_by_field_name("name")
        body = enum.child_by_field_name("body")
        if enum_name is None or body is None:
            continue
        for member in body.named_children:
            if member.type != "enum_assignment":
                continue
            member_name = member.child_by_field_name("name")
            member_value = string_value(member.child_by_field_name("value"), text)
            if member_name is not None and member_value is not None:
                constants[f"{text.of(enum_name)}.{text.of(member_name).strip(chr(39) + chr(34))}"] = (
                    member_value
                )
    return constants


def _object_constants(obj: Node, prefix: str, text: Text, out: dict[str, str], depth: int) -> None:
    if depth > MAX_OBJECT_DEPTH:
        return
    for key, _key_node, value in object_entries(obj, text):
        literal = string_value(strip(value), text)
        if literal is not None:
            out[f"{prefix}.{key}"] = literal
            continue
        inner = object_literal(value, text)
        if inner is not None:
            _object_constants(inner, f"{prefix}.{key}", text, out, depth + 1)


def collect_aliases(index: Index) -> dict[str, str]:
    aliases = {
        name: b.symbol for name, b in index.module_scope.bindings.items() if b.kind == "import" and b.symbol
    }
    for name, symbol in index.reexports.items():
        aliases.setdefault(name, symbol)
    return aliases


def object_property(obj: Node, path: list[str], text: Text) -> Node | None:
    """The value at ``path`` inside an object literal (``{a: {b: X}}``, ["a", "b"] -> X)."""
    node: Node | None = obj
    for key in path:
        inner = object_literal(node, text)
        if inner is None:
            return None
        node = next((value for name, _k, value in object_entries(inner, text) if name == key), None)
        if node is None:
            return None
    return node


class TypeResolver:
    """Turns the expression a message type is compared with into a ``TypeValue``."""

    def __init__(self, index: Index, text: Text, constants: dict[str, str]) -> None:
        self.index = index
        self.text = text
        self.constants = constants

    def resolve(self, node: Node | None, scope: Scope, hops: int = 0) -> TypeValue | None:
        node = strip(node)
        if node is None or hops > MAX_HOPS:
            return None
        text = self.text
        ref = text.ref(node)
        if node.type == "string":
            value = string_value(node, text)
            return TypeValue(ref, value=value) if value is not None else None
        if node.type == "template_string":
            pattern = self._pattern(node)
            if "*" not in pattern:
                return TypeValue(ref, value=pattern)
            return TypeValue(ref, pattern=pattern) if pattern.strip("*") else None
        if node.type == "identifier":
            return self._name([text.of(node)], node, scope, hops)
        if node.type == "member_expression":
            names: list[str] = []
            current: Node | None = node
            while current is not None and current.type == "member_expression":
                prop = current.child_by_field_name("property")
                if prop is None or prop.type != "property_identifier":
                    return None
                names.append(text.of(prop))
                current = strip(current.child_by_field_name("object"))
            if current is None or current.type != "identifier":
                return None
            names.append(text.of(current))
            return self._name(list(reversed(names)), node, scope, hops)
        return None

    def _pattern(self, template: Node) -> str:
        parts: list[str] = []
        for child in template.named_children:
            if child.type == "string_fragment":
                parts.append(self.text.of(child))
            elif child.type == "template_substitution":
                parts.append("*")
        return "".join(parts)

    def _name(self, names: list[str], node: Node, scope: Scope, hops: int) -> TypeValue | None:
        ref = self.text.ref(node)
        binding = scope.lookup(names[0])
        dotted_name = ".".join(names)
        if binding is None:
            value = self.constants.get(dotted_name)  # enum members are not bindings
            return TypeValue(ref, value=value) if value is not None else None
        if binding.kind == "import":
            if names[0] in self.index.namespaces and len(names) > 1:
                return TypeValue(ref, symbol=f"{self.index.namespaces[names[0]]}:{'.'.join(names[1:])}")
            symbol = binding.symbol or binding.unresolved  # a path alias is found by the linker
            if symbol is None:
                return TypeValue(ref)
            return TypeValue(ref, symbol=".".join([symbol, *names[1:]]))
        if binding.kind != "const":
            return None
        if binding.scope.parent is None and dotted_name in self.constants:
            return TypeValue(ref, value=self.constants[dotted_name])
        target = binding.node if len(names) == 1 else None
        if len(names) > 1 and binding.node is not None:
            target = object_property(binding.node, names[1:], self.text)
        if target is None:
            return None
        resolved = self.resolve(target, binding.scope, hops + 1)
        if resolved is None:
            return None
        return TypeValue(ref, value=resolved.value, symbol=resolved.symbol, pattern=resolved.pattern)

    def resolve_type_reference(self, name: str, node: Node, scope: Scope) -> TypeValue | None:
        """``type: MessageType.Queue`` in an interface: an enum member used as a literal type."""
        return self._name(name.split("."), node, scope, 0)
