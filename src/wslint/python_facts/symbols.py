"""Collect a module's top-level symbols: imports, string and number constants, enums, models."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import libcst as cst

from wslint.python_facts.module_names import absolute_module
from wslint.python_facts.syntax import (
    argument,
    dotted_name,
    final_name,
    number_value,
    statements,
    string_value,
)
from wslint.python_facts.table import MODULE_SCOPE, SymbolTable
from wslint.python_facts.types import TypeResolver

_ENUM_BASES = frozenset({"Enum", "StrEnum", "IntEnum", "Flag", "IntFlag"})


def import_aliases(
    node: cst.Import | cst.ImportFrom, module: str, is_package: bool
) -> Iterator[tuple[str, str]]:
    """(local name, dotted symbol) for every name an import statement binds."""
    if isinstance(node, cst.Import):
        for alias in node.names:
            target = dotted_name(alias.name)
            if target is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                yield alias.asname.name.value, target
            else:
                head = target.partition(".")[0]
                yield head, head
        return
    if isinstance(node.names, cst.ImportStar):
        return
    target = dotted_name(node.module) if node.module is not None else None
    base = absolute_module(module, is_package, len(node.relative), target)
    for alias in node.names:
        name = dotted_name(alias.name)
        if name is None:
            continue
        local = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else name
        yield local, f"{base}.{name}" if base else name


def _top_level_statements(body: Sequence[cst.CSTNode]) -> Iterator[cst.CSTNode]:
    """Module statements, looking into ``if TYPE_CHECKING:`` / ``try: ... except ImportError:`` blocks."""
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            yield from statement.body
        elif isinstance(statement, cst.If):
            yield from _top_level_statements(statements(statement.body))
            if isinstance(statement.orelse, cst.Else):
                yield from _top_level_statements(statements(statement.orelse.body))
        elif isinstance(statement, cst.Try):
            yield from _top_level_statements(statements(statement.body))
            for handler in statement.handlers:
                yield from _top_level_statements(statements(handler.body))
        else:
            yield statement


class _Collector:
    def __init__(self, table: SymbolTable) -> None:
        self.table = table
        self.resolver = TypeResolver(table)
        self.ambiguous: set[str] = set()  # names bound twice to different things: never resolved

    def add_constant(self, name: str, value: str | None) -> None:
        if name in self.ambiguous:
            return
        if value is None or self.table.constants.get(name, value) != value:
            self.table.constants.pop(name, None)
            self.ambiguous.add(name)
            return
        self.table.constants[name] = value

    def module_assignment(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if not isinstance(target, cst.Name):
            return
        name = target.value
        number = number_value(value, self.table.numbers)
        if number is not None:
            self.table.numbers[name] = number
            return
        if isinstance(value, cst.Dict):
            # ``STATUS_LINE = {"type": "feed_status", ...}``: a message others spread into theirs
            for element in value.elements:
                if isinstance(element, cst.DictElement) and string_value(element.key) == "type":
                    self.add_constant(
                        f"{name}.type", self.resolver.resolve(element.value, MODULE_SCOPE).value
                    )
            return
        draft = self.resolver.resolve(value, MODULE_SCOPE)
        if draft.value is not None:
            self.add_constant(name, draft.value)
        elif draft.symbol is not None and isinstance(value, (cst.Name, cst.Attribute)):
            self.table.aliases[name] = draft.symbol  # X = other.Y
        elif name in self.table.constants:
            self.add_constant(name, None)

    def class_definition(self, node: cst.ClassDef) -> None:
        name = node.name.value
        self.table.classes[name] = node
        base_names = [final_name(base.value) for base in node.bases]
        is_enum = any(base in _ENUM_BASES or (base or "").endswith("Enum") for base in base_names)
        is_str_enum = "StrEnum" in base_names
        for statement in _top_level_statements(statements(node.body)):
            if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
                target = statement.targets[0].target
                if isinstance(target, cst.Name):
                    self._class_attribute(name, target.value, statement.value, is_enum, is_str_enum)
            elif isinstance(statement, cst.AnnAssign) and isinstance(statement.target, cst.Name):
                if statement.value is None:
                    continue
                if statement.target.value == "type" and not is_enum:
                    self.add_constant(name, self._field_default(statement.value))
                else:
                    self._class_attribute(name, statement.target.value, statement.value, is_enum, False)
        if name not in self.table.constants:
            # A model that does not set ``type`` itself inherits it from an in-file base model.
            for base in base_names:
                if base is not None and base in self.table.constants and base in self.table.classes:
                    self.add_constant(name, self.table.constants[base])
                    break

    def _class_attribute(
        self, class_name: str, attribute: str, value: cst.BaseExpression, is_enum: bool, is_str_enum: bool
    ) -> None:
        key = f"{class_name}.{attribute}"
        if is_str_enum and isinstance(value, cst.Call) and final_name(value.func) == "auto":
            self.add_constant(key, attribute.lower())  # StrEnum's auto() is the lowercased member name
            return
        literal = string_value(value)
        if literal is None and is_enum:
            return
        if literal is None:
            literal = self.resolver.resolve(value, MODULE_SCOPE).value
        if literal is not None:
            self.add_constant(key, literal)

    def _field_default(self, value: cst.BaseExpression) -> str | None:
        """``"x"``, ``Field("x")`` or ``Field(default="x")``."""
        if isinstance(value, cst.Call) and final_name(value.func) == "Field":
            default = argument(value, 0, "default")
            return self.resolver.resolve(default, MODULE_SCOPE).value if default is not None else None
        return self.resolver.resolve(value, MODULE_SCOPE).value


def collect_symbols(module: cst.Module, module_name: str, is_package: bool) -> SymbolTable:
    table = SymbolTable(module_name, is_package)
    collector = _Collector(table)
    for statement in _top_level_statements(module.body):
        if isinstance(statement, (cst.Import, cst.ImportFrom)):
            for local, symbol in import_aliases(statement, module_name, is_package):
                table.aliases[local] = symbol
                table.constants.pop(local, None)
        elif isinstance(statement, cst.Assign) and len(statement.targets) == 1:
            collector.module_assignment(statement.targets[0].target, statement.value)
        elif isinstance(statement, cst.AnnAssign) and statement.value is not None:
            collector.module_assignment(statement.target, statement.value)
        elif isinstance(statement, cst.ClassDef):
            collector.class_definition(statement)
    return table
