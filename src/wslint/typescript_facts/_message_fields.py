"""Values read from a hook's result or a component's props, and what a hook or a value hands on.

Reads a ``MessageAnalysis`` (its bindings and ``is_message``). ``hook_field`` says which hook's
result, or which component's props, a value is a field of: ``(hook, field)`` for ``lastMessage``
of ``const { lastMessage } = useSocket(url)``, ``(component, PROPS + key)`` for ``props.message``.
``returned_message_fields`` and ``value_fields`` say under which keys a hook's return value or an
object value holds the last message, and whose hook result it spreads or is whole.
"""

from __future__ import annotations

from wslint.facts import PROPS
from wslint.typescript_facts._hooks import HOOK_NAME_RE
from wslint.typescript_facts._index import Scope
from wslint.typescript_facts._message_origins import MessageAnalysis
from wslint.typescript_facts._syntax import (
    FUNCTION_TYPES,
    Node,
    Text,
    arguments,
    callee_name,
    property_key,
    strip,
)
from wslint.typescript_facts._urls import return_expression
from wslint.typescript_facts._values import MAX_HOPS, object_literal


def callee_name_of(node: Node | None, text: Text) -> str | None:
    return callee_name(node, text) if node is not None and node.type == "call_expression" else None


def hook_symbol(analysis: MessageAnalysis, callee: Node | None, scope: Scope) -> str | None:
    """``"<module>:<name>"`` of the hook a call calls, through this file's imports."""
    callee = strip(callee)
    if callee is None or callee.type != "identifier" or not HOOK_NAME_RE.match(analysis.text.of(callee)):
        return None
    return module_symbol(analysis, callee, scope)


def module_symbol(analysis: MessageAnalysis, node: Node | None, scope: Scope) -> str | None:
    """``"<module>:<name>"`` of a module-level or imported name."""
    if node is None or node.type != "identifier":
        return None
    name = analysis.text.of(node)
    binding = scope.lookup(name)
    if binding is None:
        return None
    if binding.kind == "import":
        return binding.symbol or binding.unresolved
    if binding.kind in ("function", "const") and binding.scope.parent is None:
        return f"{analysis.module}:{name}"
    return None


def _hook_call(analysis: MessageAnalysis, node: Node | None, scope: Scope, hops: int) -> str | None:
    """The hook whose result ``node`` holds: ``useSocket(url)``, or a const bound to it."""
    for _ in range(MAX_HOPS - hops):
        node = strip(node)
        if node is None:
            return None
        if node.type == "call_expression":
            # the context stands for its provider's value
            if callee_name(node, analysis.text) == "useContext":
                args = arguments(node)
                return module_symbol(analysis, strip(args[0]) if args else None, scope)
            return hook_symbol(analysis, node.child_by_field_name("function"), scope)
        if node.type != "identifier":
            return None
        binding = scope.lookup(analysis.text.of(node))
        if binding is None or binding.kind != "const":
            return None
        node, scope = binding.node, binding.scope
    return None


def hook_field(
    analysis: MessageAnalysis, node: Node | None, scope: Scope, hops: int = 0
) -> tuple[str, str] | None:
    """``(hook, field)`` when ``node`` is a field of a hook's result: ``lastMessage`` from
    ``const { lastMessage } = useSocket(url)``, ``socket.lastMessage``, or a const holding one."""
    node = strip(node)
    if node is None or hops > MAX_HOPS:
        return None
    text = analysis.text
    if node.type == "identifier":
        binding = scope.lookup(text.of(node))
        if binding is None:
            return None
        if binding.kind == "const":
            return hook_field(analysis, binding.node, binding.scope, hops + 1)
        if binding.kind == "destructure" and binding.key is not None:
            hook = _hook_call(analysis, binding.node, binding.scope, hops + 1)
            if hook is None and (component := _props_of(analysis, binding.node, binding.scope)):
                return component, PROPS + binding.key  # ``const { message } = props``
            return (hook, binding.key) if hook else None
        if binding.kind == "param" and binding.key is not None:  # ``function Card({ message })``
            component = _component(analysis, binding.scope, binding.node)
            return (component, PROPS + binding.key) if component else None
        return None
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        if prop is None or prop.type != "property_identifier":
            return None
        owner = node.child_by_field_name("object")
        if component := _props_of(analysis, owner, scope):  # ``props.message``
            return component, PROPS + text.of(prop)
        hook = _hook_call(analysis, owner, scope, hops + 1)
        return (hook, text.of(prop)) if hook else None
    return None


def _component(analysis: MessageAnalysis, scope: Scope, function: Node | None) -> str | None:
    """``"<module>:<Name>"`` when ``scope`` is a top-level component's own (PascalCase)."""
    label = scope.label
    if (
        function is None
        or scope.node is not function
        or scope.parent is not analysis.index.module_scope
        or not label
        or label != scope.top
        or not label[0].isupper()
    ):
        return None
    return f"{analysis.module}:{label}"


def _props_of(analysis: MessageAnalysis, node: Node | None, scope: Scope) -> str | None:
    """The component whose whole ``props`` parameter ``node`` is."""
    node = strip(node)
    if node is None or node.type != "identifier":
        return None
    binding = scope.lookup(analysis.text.of(node))
    if binding is None or binding.kind != "param" or binding.key is not None:
        return None
    return _component(analysis, binding.scope, binding.node)


def returned_message_fields(analysis: MessageAnalysis, function: Scope) -> tuple[tuple[str, ...], str | None]:
    """What a hook returns: the keys holding its socket's last message, and the hook whose
    result it returns whole (``return useSocket(URL)``, ``{ ...useSocket(URL), extra }``)."""
    fields: list[str] = []
    returns_hook: str | None = None
    if analysis.returns_by_scope is None:
        analysis.returns_by_scope = {}
        for node, scope in analysis.index.returns:
            if node.named_child_count:
                analysis.returns_by_scope.setdefault(id(scope), []).append(node.named_children[0])
    expressions = list(analysis.returns_by_scope.get(id(function), ()))
    body = function.node.child_by_field_name("body") if function.node is not None else None
    if body is not None and body.type != "statement_block":
        expressions.append(body)
    for expression in expressions:
        more, hook = value_fields(analysis, expression, function)
        fields.extend(more)
        returns_hook = returns_hook or hook
    return tuple(dict.fromkeys(fields)), returns_hook


def value_fields(analysis: MessageAnalysis, node: Node | None, scope: Scope) -> tuple[list[str], str | None]:
    """The message fields of an object value (``{ lastMessage, send }``, a const holding one,
    ``useMemo(() => ({...}))``), or the hook whose result the value is."""
    text = analysis.text
    value = strip(node)
    if value is not None and value.type == "identifier":
        binding = scope.lookup(text.of(value))
        if binding is not None and binding.kind == "const" and binding.node is not None:
            inner = strip(binding.node)
            if object_literal(inner, text) is not None or callee_name_of(inner, text) == "useMemo":
                value = inner
    if value is not None and callee_name_of(value, text) == "useMemo":
        args = arguments(value)
        factory = strip(args[0]) if args else None
        value = (
            strip(return_expression(factory))
            if factory is not None and factory.type in FUNCTION_TYPES
            else None
        )
    obj = object_literal(value, text)
    if obj is None:
        return [], _hook_call(analysis, value, scope, 0)
    fields: list[str] = []
    returns_hook: str | None = None
    for child in obj.named_children:
        if child.type == "spread_element" and child.named_child_count:
            returns_hook = returns_hook or _hook_call(analysis, child.named_children[0], scope, 0)
        elif child.type == "shorthand_property_identifier":  # ``{ lastMessage }``
            binding = scope.lookup(text.of(child))
            if binding is not None and analysis.binding_is_message(binding, 0):
                fields.append(text.of(child))
        elif child.type == "pair":
            key = property_key(child.child_by_field_name("key"), text)
            if key and analysis.is_message(child.child_by_field_name("value"), scope):
                fields.append(key)
    return fields, returns_hook
