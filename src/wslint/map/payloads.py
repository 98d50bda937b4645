"""A message's payload schema, read from the dict literal or the model class it is sent as.

``websocket.send_json({"type": "price_tick", "data": {"symbol": s, "price": 1.0}})``: the dict
holding the type literal gives the message's fields, and literal values their JSON types. A
message whose type came through a Pydantic model or dataclass (``PriceTick(...).model_dump()``)
gets the class's annotated fields. Anything else (a variable, an ``emit(type, payload)`` whose
wire format the emitter decides, a ``Decimal`` field) gives ``{}``: any, never a guess.

It re-reads the few files that send, with the standard ``ast`` module: the extraction facts
hold a message's type, not its shape.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from wslint.facts import FileFacts, SourceRef
from wslint.map.source import parse_python

Schema = dict[str, Any]
_MAX_DEPTH = 4


def _value_schema(node: ast.expr, depth: int) -> Schema:
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            return {"type": "boolean"}
        if isinstance(value, int):
            return {"type": "integer"}
        if isinstance(value, float):
            return {"type": "number"}
        if isinstance(value, str):
            return {"type": "string"}
        if value is None:
            return {"type": "null"}
        return {}
    if isinstance(node, ast.JoinedStr):
        return {"type": "string"}
    if isinstance(node, (ast.List, ast.Tuple, ast.ListComp)):
        return {"type": "array"}
    if isinstance(node, ast.Dict) and depth < _MAX_DEPTH:
        return _object_schema(node, depth + 1, None)
    return {}


def _object_schema(node: ast.Dict, depth: int, type_key: str | None, type_value: str = "") -> Schema:
    properties: Schema = {}
    for key, value in zip(node.keys, node.values, strict=True):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return {"type": "object"}  # ``**spread`` or a computed key: more fields than we see
        if key.value == type_key:
            properties[key.value] = {"const": type_value}
        else:
            properties[key.value] = _value_schema(value, depth)
    return {"type": "object", "properties": properties, "required": list(properties)}


def _dict_holding(tree: ast.AST, ref: SourceRef) -> tuple[ast.Dict, str] | None:
    """The dict literal with a string key whose value starts at ``ref``, and that key."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        for key, value in zip(node.keys, node.values, strict=True):
            if (
                isinstance(key, ast.Constant)
                and isinstance(key.value, str)
                and value.lineno == ref.line
                and value.col_offset == ref.col - 1
            ):
                return node, key.value
    return None


def payload_schema(root: Path, refs: Iterable[SourceRef], type_value: str) -> Schema:
    """The schema of the first send at ``refs`` that is a readable dict literal, else ``{}``."""
    for ref in sorted(refs):
        if not ref.path.endswith(".py"):
            continue
        tree = parse_python(root, ref.path)
        found = _dict_holding(tree, ref) if tree is not None else None
        if found is not None:
            node, type_key = found
            return _object_schema(node, 1, type_key, type_value)
    return {}


# annotation name -> schema, for the field types that serialise to one JSON type
_ANNOTATIONS: dict[str, Schema] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "UUID": {"type": "string", "format": "uuid"},
    "dict": {"type": "object"},
    "Dict": {"type": "object"},
    "Mapping": {"type": "object"},
    "list": {"type": "array"},
    "List": {"type": "array"},
    "tuple": {"type": "array"},
    "Tuple": {"type": "array"},
    "set": {"type": "array"},
    "Sequence": {"type": "array"},
}


def _annotation_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _annotation_schema(node: ast.expr) -> Schema:
    if isinstance(node, ast.Subscript):
        name = _annotation_name(node.value)
        if name == "Literal" and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            return {"const": node.slice.value}
        return dict(_ANNOTATIONS.get(name or "", {})) if name not in ("Optional", "Union") else {}
    return dict(_ANNOTATIONS.get(_annotation_name(node) or "", {}))


def _model_class(root: Path, files: Iterable[FileFacts], symbol: str) -> ast.ClassDef | None:
    """The class a dotted symbol names (``app.schemas.PriceTick``), found by its module's suffix."""
    module, _, name = symbol.rpartition(".")
    if not module:
        return None
    for file in files:
        facts = file.python
        if facts is None or name not in facts.constants:
            continue  # the extractor records a model under its name, with its type's default
        if facts.module != module and not facts.module.endswith("." + module):
            continue
        tree = parse_python(root, file.path)
        for node in tree.body if tree is not None else ():
            if isinstance(node, ast.ClassDef) and node.name == name:
                return node
    return None


def model_schema(root: Path, files: Iterable[FileFacts], symbol: str, type_value: str) -> Schema:
    """The schema of a Pydantic model or dataclass sent as the message: its annotated fields."""
    found = _model_class(root, files, symbol)
    if found is None:
        return {}
    properties: Schema = {}
    for node in found.body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
            continue
        if _annotation_name(node.annotation) == "ClassVar":
            continue
        name = node.target.id
        properties[name] = {"const": type_value} if name == "type" else _annotation_schema(node.annotation)
    if "type" not in properties:
        return {}  # the type travels some other way: the fields alone would mislead
    return {"type": "object", "properties": properties, "required": list(properties)}
