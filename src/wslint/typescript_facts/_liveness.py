"""Which hooks and components of a module that open a socket nothing in the module itself uses.

React calls a hook or a component only where some module names it; one that no module imports
and its own module never names is dead code, and its socket is nobody's client. The linker
decides with every module's imports; this file says which ones only an import can keep alive.
"""

from __future__ import annotations

import re

from wslint.facts import TypeScriptFacts
from wslint.typescript_facts._index import Index
from wslint.typescript_facts._syntax import FUNCTION_TYPES, Node, Text, strip

_HOOK_OR_COMPONENT = re.compile(r"^(?:use[A-Z0-9_]|[A-Z])\w*$")
# ``export { useX }``, ``export { useX as default }``, ``export default useX;``: naming a function
# there only offers it to other modules
_RENAMED = re.compile(rb"\s+as\b")
_EXPORT_LIST = re.compile(rb"export\s*\{[^}]*\}(?!\s*from)|export\s+default\s+[\w$]+\s*;?")


def unreferenced_openers(index: Index, text: Text, facts: TypeScriptFacts) -> list[str]:
    openers = {c.function for c in facts.connections} | {c.function for c in facts.helper_calls}
    source = text.source
    exports = [(m.start(), m.end()) for m in _EXPORT_LIST.finditer(source)]
    found: list[str] = []
    for name, binding in index.module_scope.bindings.items():
        if name not in openers or not _HOOK_OR_COMPONENT.match(name) or binding.node is None:
            continue
        declaration: Node | None = None
        if binding.kind == "function":
            declaration = binding.node
        elif (
            binding.kind == "const"
            and (value := strip(binding.node)) is not None
            and value.type in FUNCTION_TYPES
        ):
            declarator = binding.node.parent  # ``useX = () => ...``, in ``const useX = ...;``
            declaration = declarator.parent if declarator is not None else None
        if declaration is None:
            continue
        own = (declaration.start_byte, declaration.end_byte)
        named_elsewhere = any(
            not (own[0] <= match.start() < own[1])
            and not (
                any(start <= match.start() < end for start, end in exports)
                # ``export { useX as useY }``: importers ask for ``useY``, so keep ``useX`` alive
                and not _RENAMED.match(source, match.end())
            )
            for match in re.finditer(rb"(?<![\w$])" + re.escape(name.encode()) + rb"(?![\w$])", source)
        )
        if not named_elsewhere:
            found.append(name)
    return sorted(found)
