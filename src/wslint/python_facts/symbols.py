"""Collect a module's top-level symbols: imports, string and number constants, enums, models."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

from wslint.python_facts.module_names import absolute_module
from wslint.python_facts.syntax import argument, final_name, is_elif, number_value, string_value
from wslint.python_facts.table import MODULE_SCOPE, SymbolTable
from wslint.python_facts.types import TypeResolver

_ENUM_BASES = frozenset({"Enum", "StrEnum", "IntEnum", "Flag", "IntFlag"})


def import_aliases(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool
) -> Iterator[tuple[str, str]]:
    """(local name, dotted symbol) for every name an import statement binds."""
    if type(node) is ast.Import:
        for alias in node.names:
            if alias.asname is not None:
                yield alias.asname, alias.name
            else:
                head = alias.name.partition(".")[0]
                yield head, head
        return
    assert type(node) is ast.ImportFrom
    if node.names and node.names[0].name == "*":
        return
    base = absolute_module(module, is_package, node.level, node.module)
    for alias in node.names:
        local = alias.asname if alias.asname is not None else alias.name
        yield local, f"{base}.{alias.name}" if base else alias.name


def _top_level_statements(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """Module statements, looking into ``if TYPE_CHECKING:`` / ``try: ... except ImportError:`` blocks."""
    for statement in body:
        if type(statement) is ast.If:
            yield from _top_level_statements(statement.body)
            if not is_elif(statement):
                yield from _top_level_statements(statement.orelse)
        elif type(statement) is ast.Try:
            yield from _top_level_statements(statement.body)
            for handler in statement.handlers:
                yield from _top_level_statements(handler.body)
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

    def module_assignment(self, target: ast.expr, value: ast.expr) -> None:
        if type(target) is not ast.Name:
            return
        name = target.id
        number = number_value(value, self.table.numbers)
        if number is not None:
            self.table.numbers[name] = number
            return
        if type(value) is ast.Dict:
            # ``STATUS_LINE = {"type": "feed_status", ...}``: a message others spread into theirs
            for key, item in zip(value.keys, value.values, strict=True):
                if key is not None and string_value(key) == "type":
                    self.add_constant(f"{name}.type", self.resolver.resolve(item, MODULE_SCOPE).value)
            return
        draft = self.resolver.resolve(value, MODULE_SCOPE)
        if draft.value is not None:
            self.add_constant(name, draft.value)
        elif draft.symbol is not None and isinstance(value, (ast.Name, ast.Attribute)):
            self.table.aliases[name] = draft.symbol  # X = other.Y
        elif name in self.table.constants:
            self.add_constant(name, None)

    def class_definition(self, node: ast.ClassDef) -> None:
        name = node.name
        self.table.classes[name] = node
        base_names = [final_name(base) for base in node.bases]
        is_enum = any(base in _ENUM_BASES or (base or "").endswith("Enum") for base in base_names)
        is_str_enum = "StrEnum" in base_names
        for statement in _top_level_statements(node.body):
            if type(statement) is ast.Assign and len(statement.targets) == 1:
                target = statement.targets[0]
                if type(target) is ast.Name:
                    self._class_attribute(name, target.id, statement.value, is_enum, is_str_enum)
            elif type(statement) is ast.AnnAssign and type(statement.target) is ast.Name:
                if statement.value is None:
                    continue
                if statement.target.id == "type" and not is_enum:
                    self.add_constant(name, self._field_default(statement.value))
                else:
                    self._class_attribute(name, statement.target.id, statement.value, is_enum, False)
        if name not in self.table.constants:
            # A model that does not set ``type`` itself inherits it from an in-file base model.
            for base in base_names:
                if base is not None and base in self.table.constants and base in self.table.classes:
                    self.add_constant(name, self.table.constants[base])
                    break

    def _class_attribute(
        self, class_name: str, attribute: str, value: ast.expr, is_enum: bool, is_str_enum: bool
    ) -> None:
        key = f"{class_name}.{attribute}"
        if is_str_enum and type(value) is ast.Call and final_name(value.func) == "auto":
            self.add_constant(key, attribute.lower())  # StrEnum's auto() is the lowercased member name
            return
        literal = string_value(value)
        if literal is None and is_enum:
            return
        if literal is None:
            literal = self.resolver.resolve(value, MODULE_SCOPE).value
        if literal is not None:
            self.add_constant(key, literal)

    def _field_default(self, value: ast.expr) -> str | None:
        """``"x"``, ``Field("x")`` or ``Field(default="x")``."""
        if type(value) is ast.Call and final_name(value.func) == "Field":
            default = argument(value, 0, "default")
            return self.resolver.resolve(default, MODULE_SCOPE).value if default is not None else None
        return self.resolver.resolve(value, MODULE_SCOPE).value


def collect_symbols(module: ast.Module, module_name: str, is_package: bool) -> SymbolTable:
    table = SymbolTable(module_name, is_package)
    collector = _Collector(table)
    for statement in _top_level_statements(module.body):
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            for local, symbol in import_aliases(statement, module_name, is_package):
                table.aliases[local] = symbol
                table.constants.pop(local, None)
        elif type(statement) is ast.Assign and len(statement.targets) == 1:
            collector.module_assignment(statement.targets[0], statement.value)
        elif type(statement) is ast.AnnAssign and statement.value is not None:
            collector.module_assignment(statement.target, statement.value)
        elif type(statement) is ast.ClassDef:
            collector.class_definition(statement)
    return table
