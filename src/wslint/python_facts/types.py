"""Resolve the expressions that carry a message type: literals, constants, enums, imports, models.

Precision over recall: whatever cannot be resolved statically stays unknown (or a pattern for
f-strings) and never becomes a guessed value.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from wslint.python_facts.syntax import dotted_name, keyword_arg, method_name, positional_args, string_value
from wslint.python_facts.table import Scope, SymbolTable

_MAX_DEPTH = 12
_SERIALIZERS = frozenset({"dumps"})  # json.dumps, orjson.dumps, ujson.dumps
_MODEL_DUMPS = frozenset({"model_dump", "model_dump_json", "dict", "json"})
# ``dataclasses.asdict(message)``, ``jsonable_encoder(message)``: the same message as a dict
_AS_DICT = frozenset({"asdict", "astuple", "jsonable_encoder"})
# Imported classes from these packages are framework types, not message models.
_FRAMEWORK_PACKAGES = frozenset(
    {"fastapi", "starlette", "pydantic", "typing", "asyncio", "json", "datetime", "enum"}
)


@dataclass(frozen=True, slots=True)
class TypeDraft:
    """A message type before it gets a source position (positions cost; most drafts are dropped)."""

    node: ast.AST  # where the type is written
    value: str | None = None
    symbol: str | None = None
    pattern: str | None = None

    @property
    def known(self) -> bool:
        return self.value is not None or self.symbol is not None or self.pattern is not None


def _join(left: TypeDraft, right: TypeDraft, node: ast.AST) -> TypeDraft:
    if left.value is not None and right.value is not None:
        return TypeDraft(node, value=left.value + right.value)
    left_text = left.value if left.value is not None else left.pattern
    right_text = right.value if right.value is not None else right.pattern
    if left_text is not None and right_text is not None:
        return TypeDraft(node, pattern=left_text + right_text)
    return TypeDraft(node)


def _fstring_pattern(node: ast.JoinedStr) -> TypeDraft:
    text = ""
    has_hole = False
    for part in node.values:
        if type(part) is ast.Constant and type(part.value) is str:
            text += part.value  # ``ast`` has already turned ``{{`` into ``{``
        else:
            text += "*"
            has_hole = True
    return TypeDraft(node, pattern=text) if has_hole else TypeDraft(node, value=text)


def wrapped_message(call: ast.Call) -> ast.expr | None:
    """The message a serialization wraps: ``json.dumps(m)``, ``asdict(m)``, ``m.model_dump()``."""
    method = method_name(call)
    positional = positional_args(call)
    if method in _SERIALIZERS | _AS_DICT and positional:
        return positional[0]
    if method in _MODEL_DUMPS and type(call.func) is ast.Attribute:
        return call.func.value
    return None


class TypeResolver:
    def __init__(self, table: SymbolTable) -> None:
        self.table = table

    # ---------------------------------------------------------------- a type expression

    def resolve(self, node: ast.expr, scope: Scope, depth: int = 0) -> TypeDraft:
        if depth > _MAX_DEPTH:
            return TypeDraft(node)
        literal = string_value(node)
        if literal is not None:
            return TypeDraft(node, value=literal)
        if type(node) is ast.JoinedStr:
            return _fstring_pattern(node)
        if type(node) is ast.BinOp and type(node.op) is ast.Add:
            return _join(
                self.resolve(node.left, scope, depth + 1), self.resolve(node.right, scope, depth + 1), node
            )
        if type(node) is ast.Name:
            return self._resolve_name(node, scope, depth)
        if type(node) is ast.Attribute:
            return self._resolve_attribute(node, scope)
        return TypeDraft(node)

    def _resolve_name(self, node: ast.Name, scope: Scope, depth: int) -> TypeDraft:
        name = node.id
        local_alias = scope.alias(name)
        if local_alias is not None:
            return TypeDraft(node, symbol=local_alias)
        assigned = scope.lookup(name)
        if assigned is not None:
            # A local variable is followed to its single assignment, so the type points at the literal.
            if len(assigned) == 1 and assigned[0] is not None:
                return self.resolve(assigned[0], scope, depth + 1)
            return TypeDraft(node)
        if name in self.table.constants:
            return TypeDraft(node, value=self.table.constants[name])
        if name in self.table.aliases:
            return TypeDraft(node, symbol=self.table.aliases[name])
        return TypeDraft(node)

    def _resolve_attribute(self, node: ast.Attribute, scope: Scope) -> TypeDraft:
        dotted = dotted_name(node)
        if dotted is None:
            return TypeDraft(node)
        if dotted.endswith(".value") and dotted.count(".") >= 2:
            dotted = dotted.removesuffix(".value")  # MessageType.QUEUE.value is the member's value
        head, _, rest = dotted.partition(".")
        local_alias = scope.alias(head)
        if local_alias is not None:
            return TypeDraft(node, symbol=f"{local_alias}.{rest}")
        if scope.lookup(head) is not None:
            return TypeDraft(node)  # an attribute of a local object (self.x, event.kind)
        if dotted in self.table.constants:
            return TypeDraft(node, value=self.table.constants[dotted])
        if head in self.table.aliases:
            return TypeDraft(node, symbol=f"{self.table.aliases[head]}.{rest}")
        return TypeDraft(node)

    # ----------------------------------------------------------- a whole message value

    def message_types(self, node: ast.expr, scope: Scope, depth: int = 0) -> list[TypeDraft]:
        """The ``type`` of a message value: a dict, its JSON, a model instance, or a variable holding one.

        Empty when the value is not recognisably a typed message.
        """
        if depth > _MAX_DEPTH:
            return []
        if type(node) is ast.Dict:
            return self._dict_types(node, scope, depth)
        if type(node) is ast.Call:
            return self._call_types(node, scope, depth)
        if type(node) is ast.Name:
            drafts: list[TypeDraft] = []
            for assigned in scope.lookup(node.id) or []:
                if assigned is not None:
                    drafts.extend(self.message_types(assigned, scope, depth + 1))
            for item in scope.item_types_of(node.id):
                drafts.append(self.resolve(item, scope, depth + 1))
            return drafts
        return []

    def _dict_types(self, node: ast.Dict, scope: Scope, depth: int) -> list[TypeDraft]:
        for key, value in zip(node.keys, node.values, strict=True):
            if key is not None and string_value(key) == "type":
                return [self.resolve(value, scope, depth + 1)]
        # ``{**STATUS_LINE, "healthy": True}``: the type of the message spread into it
        drafts: list[TypeDraft] = []
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                drafts.extend(self._spread_types(value, scope, depth + 1))
        return drafts

    def _spread_types(self, node: ast.expr, scope: Scope, depth: int) -> list[TypeDraft]:
        if type(node) is ast.Name and scope.lookup(node.id) is None:
            key = f"{node.id}.type"
            if key in self.table.constants:  # a module-level message dict
                return [TypeDraft(node, value=self.table.constants[key])]
            if node.id in self.table.aliases:
                return [TypeDraft(node, symbol=f"{self.table.aliases[node.id]}.type")]
            return []
        return self.message_types(node, scope, depth)

    def _call_types(self, call: ast.Call, scope: Scope, depth: int) -> list[TypeDraft]:
        wrapped = wrapped_message(call)
        if wrapped is not None:
            return self.message_types(wrapped, scope, depth + 1)
        if type(call.func) is ast.Name and call.func.id == "dict":
            explicit = keyword_arg(call, "type")
            return [self.resolve(explicit, scope, depth + 1)] if explicit is not None else []
        return self._model_types(call, scope, depth)

    def _model_types(self, call: ast.Call, scope: Scope, depth: int) -> list[TypeDraft]:
        """``QueueMessage(data=...)``: the model's ``type`` default, or an explicit ``type=``."""
        dotted = dotted_name(call.func)
        if dotted is None:
            return []
        explicit = keyword_arg(call, "type")
        if dotted in self.table.classes:
            if explicit is not None:
                return [self.resolve(explicit, scope, depth + 1)]
            if dotted in self.table.constants:
                return [TypeDraft(call.func, value=self.table.constants[dotted])]
            return []
        head, _, rest = dotted.partition(".")
        final = dotted.rpartition(".")[2]
        base = scope.alias(head) or (self.table.aliases.get(head) if scope.lookup(head) is None else None)
        if base is None or not final[:1].isupper():
            return []
        symbol = f"{base}.{rest}" if rest else base
        if symbol.partition(".")[0] in _FRAMEWORK_PACKAGES:
            return []
        if explicit is not None:
            return [self.resolve(explicit, scope, depth + 1)]
        return [TypeDraft(call.func, symbol=symbol)]
