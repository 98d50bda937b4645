"""What other modules link through: the last message a hook returns, a context provides, or a
component is handed as a prop.

Reads the index's hooks, ``createContext`` constants and JSX elements with a ``MessageAnalysis``.
Produces each hook's ``message_fields`` and ``returns_hook``, the hooks that return another hook's
result whole, each context's provided value (``ContextValue``) and the props a message or a hook
result's field is passed in (``PropPass``).
"""

from __future__ import annotations

from dataclasses import replace

from wslint.facts import ContextValue, Hook, PropPass
from wslint.typescript_facts._hooks import hook_scopes
from wslint.typescript_facts._index import Index
from wslint.typescript_facts._message_fields import (
    callee_name_of,
    hook_field,
    module_symbol,
    returned_message_fields,
    value_fields,
)
from wslint.typescript_facts._message_origins import MessageAnalysis
from wslint.typescript_facts._syntax import strip


def with_message_fields(hooks: list[Hook], index: Index, analysis: MessageAnalysis) -> list[Hook]:
    """The hooks, each with the keys its result holds the last message under (see ``Hook``)."""
    scopes = hook_scopes(index)
    result: list[Hook] = []
    for hook in hooks:
        scope = scopes.get(hook.name)
        if scope is not None:
            fields, returns_hook = returned_message_fields(analysis, scope)
            hook = replace(hook, message_fields=fields, returns_hook=returns_hook)
        result.append(hook)
    return result


def wrapper_hooks(hooks: list[Hook], index: Index, analysis: MessageAnalysis) -> dict[str, str]:
    """Top-level hooks that are no socket hooks here but return another hook's result."""
    socket_hooks = {hook.name for hook in hooks}
    found: dict[str, str] = {}
    for name, scope in hook_scopes(index).items():
        if name in socket_hooks:
            continue
        _fields, returns_hook = returned_message_fields(analysis, scope)
        if returns_hook is not None:
            found[name] = returns_hook
    return found


def provided_contexts(index: Index, analysis: MessageAnalysis) -> dict[str, ContextValue]:
    """``<SocketContext.Provider value={socket}>`` (or React 19's ``<SocketContext value=...>``) for
    the module's own ``createContext`` constants: what the context's consumers read."""
    text = analysis.text
    contexts = {
        name
        for name, binding in index.module_scope.bindings.items()
        if binding.kind == "const" and callee_name_of(strip(binding.node), text) == "createContext"
    }
    found: dict[str, ContextValue] = {}
    for element, scope in index.jsx_elements:
        tag = text.of(element.child_by_field_name("name"))
        name = tag.removesuffix(".Provider")
        if name not in contexts or scope.lookup(name) is not index.module_scope.bindings.get(name):
            continue
        for attribute in element.named_children:
            if attribute.type != "jsx_attribute" or attribute.named_child_count < 2:
                continue
            if text.of(attribute.named_children[0]) != "value":
                continue
            expression = attribute.named_children[1]
            inner = expression.named_children[0] if expression.named_child_count else None
            fields, returns_hook = value_fields(analysis, inner, scope)
            if fields or returns_hook:
                found[name] = ContextValue(tuple(dict.fromkeys(fields)), returns_hook)
    return found


def prop_passes(index: Index, analysis: MessageAnalysis) -> list[PropPass]:
    """``<TicketCard message={lastMessage} />``: a message, or a hook result's field, handed to a
    component's prop."""
    text = analysis.text
    passes: list[PropPass] = []
    for element, scope in index.jsx_elements:
        tag = strip(element.child_by_field_name("name"))
        if tag is None or tag.type != "identifier" or not text.of(tag)[:1].isupper():
            continue
        component = module_symbol(analysis, tag, scope)
        if component is None:
            continue
        for attribute in element.named_children:
            if attribute.type != "jsx_attribute" or attribute.named_child_count < 2:
                continue
            expression = attribute.named_children[1]
            if expression.type != "jsx_expression" or not expression.named_child_count:
                continue
            value = expression.named_children[0]
            prop = text.of(attribute.named_children[0])
            if analysis.is_message(value, scope):
                passes.append(PropPass(component, prop, None, None))
            elif (origin := hook_field(analysis, value, scope)) is not None:
                passes.append(PropPass(component, prop, origin[0], origin[1]))
    return passes
