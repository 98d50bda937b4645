"""What one module defines at its top level, as far as message types are concerned."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field


@dataclass(slots=True)
class SymbolTable:
    module: str
    is_package: bool
    # local name -> string: "NAME", "Enum.MEMBER", "Class.ATTR", "Model" (its ``type`` default)
    constants: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)  # numeric module constants (sleep intervals)
    aliases: dict[str, str] = field(default_factory=dict)  # local name -> dotted symbol
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)  # top-level classes by name


@dataclass(slots=True)
class Scope:
    """Names a function binds, so a name used in it can be followed to its value."""

    parent: Scope | None = None
    # name -> every expression assigned to it; None marks a binding whose value is unknown
    # (a parameter, a loop target, a tuple unpacking, ...)
    bindings: dict[str, list[ast.expr | None]] = field(default_factory=dict)
    item_types: dict[str, list[ast.expr]] = field(default_factory=dict)  # msg["type"] = ...
    aliases: dict[str, str] = field(default_factory=dict)  # imports inside the function
    # names bound to a connection the function opens to another server (``session.ws_connect(url)``),
    # and ``self.<attribute>`` its class binds to one: what is sent on them goes upstream, not to
    # this backend's clients
    outgoing: set[str] = field(default_factory=set)

    def lookup(self, name: str) -> list[ast.expr | None] | None:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.bindings:
                return scope.bindings[name]
            scope = scope.parent
        return None

    def item_types_of(self, name: str) -> list[ast.expr]:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.bindings:
                return scope.item_types.get(name, [])
            scope = scope.parent
        return []

    def is_outgoing(self, name: str) -> bool:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.bindings:
                return name in scope.outgoing
            scope = scope.parent
        return False

    def dials_out_on(self, attribute: str) -> bool:
        """``self.conn`` is a connection this function's class opened to another server."""
        scope: Scope | None = self
        while scope is not None:
            if attribute in scope.outgoing:
                return True
            scope = scope.parent
        return False

    def alias(self, name: str) -> str | None:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.aliases:
                return scope.aliases[name]
            scope = scope.parent
        return None


MODULE_SCOPE = Scope()
