"""A file's facts as compact JSON for the cache, and back.

A dataclass is a list of its field values in field order, trailing defaults left out. A
location (``SourceRef``) is ``[line, col]`` and ``FileFacts`` has no ``path``: both are the
file an entry is stored for, supplied by the reader. So a cache entry cannot point at another
file, whatever its bytes; facts that do (no extractor makes them) are refused, not cached.

Decoding is the warm run's main cost, so each dataclass gets a decoding function compiled from
its type hints, once: one call per object, the type checks inline. Every value is checked
against its annotation: a damaged entry fails here (``TypeError``, ``ValueError``), not in a rule.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import sys
import types
import typing
from collections.abc import Callable
from typing import Any

from wslint.facts import FileFacts, SourceRef

# Their ``path`` is the file the facts are about: never stored, always the reader's.
_OWN_PATH_TYPES = (SourceRef, FileFacts)

Encoder = Callable[[Any, str], Any]  # (value, the file's path) -> JSON value


class ForeignLocation(ValueError):
    """Facts of one file that point at another: not something a cache entry can hold."""


def encode_facts(facts: FileFacts) -> str:
    """JSON text of ``facts``; ``ForeignLocation`` when a location is not ``facts.path``."""
    return json.dumps(_encoder(FileFacts)(facts, facts.path), separators=(",", ":"))


def decode_facts(text: str, path: str) -> FileFacts:
    """The facts ``encode_facts`` wrote for the file at ``path``."""
    facts: FileFacts = _decoder(FileFacts)(json.loads(text), path)
    return facts


# ------------------------------------------------------------------------------ encoding


def _encoded_default(field: dataclasses.Field[Any], encode: Encoder) -> Any:
    if field.default is not dataclasses.MISSING:
        return encode(field.default, "")
    if field.default_factory is not dataclasses.MISSING:
        return encode(field.default_factory(), "")
    return _REQUIRED


_REQUIRED = object()


@functools.cache
def _encoder(kind: Any) -> Encoder:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return _dataclass_encoder(kind)
    if origin in (types.UnionType, typing.Union):
        inner = _encoder(next(option for option in args if option is not type(None)))
        return lambda value, path: None if value is None else inner(value, path)
    if _is_fixed_tuple(origin, args):
        items = [_encoder(arg) for arg in args]
        return lambda value, path: [encode(item, path) for encode, item in zip(items, value, strict=True)]
    if origin in (list, tuple, set, frozenset):
        item = _encoder(args[0])
        if origin in (set, frozenset):  # sorted: the same facts make the same bytes
            return lambda value, path: sorted(item(element, path) for element in value)
        return lambda value, path: [item(element, path) for element in value]
    if origin is dict:
        entry = _encoder(args[1])
        return lambda value, path: {key: entry(element, path) for key, element in value.items()}
    return _as_is


def _is_fixed_tuple(origin: Any, args: tuple[Any, ...]) -> bool:
    return origin is tuple and not (len(args) == 2 and args[1] is Ellipsis)


def _as_is(value: Any, path: str) -> Any:
    return value


def _dataclass_encoder(kind: type) -> Encoder:
    hints = typing.get_type_hints(kind)
    fields = dataclasses.fields(kind)
    own_path = kind in _OWN_PATH_TYPES
    if own_path:
        assert fields[0].name == "path", kind
        fields = fields[1:]
    encoders = [(field.name, _encoder(hints[field.name])) for field in fields]
    defaults = [_encoded_default(field, encode) for field, (_, encode) in zip(fields, encoders, strict=True)]

    def encode(value: Any, path: str) -> list[Any]:
        if own_path and value.path != path:
            raise ForeignLocation(f"{kind.__name__} in {path} points at {value.path}")
        items = [encode_field(getattr(value, name), path) for name, encode_field in encoders]
        while items and _same(items[-1], defaults[len(items) - 1]):
            items.pop()
        return items

    return encode


def _same(value: Any, default: Any) -> bool:
    return type(value) is type(default) and value == default  # False == 0, but not here


# ------------------------------------------------------------------------------ decoding

Decoder = Callable[[Any, str], Any]  # (JSON value, the file's path) -> value


class _Source:
    """The Python source of one compiled decoder and the names it refers to."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {"_bad": _bad}
        self._counter = itertools.count()

    def name(self, value: Any, prefix: str = "c") -> str:
        """A fresh name in the compiled code standing for ``value``."""
        name = f"_{prefix}{next(self._counter)}"
        self.names[name] = value
        return name

    def variable(self) -> str:
        return f"_v{next(self._counter)}"

    def expression(self, kind: Any, value: str) -> str:
        """Python code turning the JSON value named ``value`` into a ``kind``; checks it."""
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        if dataclasses.is_dataclass(kind) and isinstance(kind, type):
            build = self.name(_dataclass_builder(kind), "build")
            return f"{build}(path, *({value} if type({value}) is list else _bad({value})))"
        if origin in (types.UnionType, typing.Union):
            inner = next(option for option in args if option is not type(None))
            return f"(None if {value} is None else {self.expression(inner, value)})"
        if kind in (str, int, bool):
            return f"({value} if type({value}) is {self.name(kind)} else _bad({value}))"
        if kind is float:
            return f"({value} if type({value}) is float or type({value}) is int else _bad({value}))"
        if origin is typing.Literal:
            return f"({value} if {value} in {self.name(args)} else _bad({value}))"
        if _is_fixed_tuple(origin, args):
            return f"{self.name(_fixed_tuple(args))}({value}, path)"
        if origin in (list, tuple, set):
            if args[0] is str:  # identifier lists and sets: the bulk, checked at C speed
                convert = {list: _strings_to_list, tuple: _strings_to_tuple, set: _strings_to_set}[origin]
                return f"{self.name(convert)}({value})"
            item = self.variable()
            loop = f"{self.expression(args[0], item)} for {item} in {self._checked(value, list)}"
            return {list: f"[{loop}]", tuple: f"tuple([{loop}])", set: f"{{{loop}}}"}[origin]
        if origin is dict and args[1] is str:  # names and aliases
            return f"{self.name(_strings_by_name)}({value})"
        if origin is dict:
            key, item = self.variable(), self.variable()
            entries = f"{self._checked(value, dict)}.items()"
            return f"{{{key}: {self.expression(args[1], item)} for {key}, {item} in {entries}}}"
        raise TypeError(f"no cache encoding for {kind!r}")

    def _checked(self, value: str, container: type) -> str:
        return f"({value} if type({value}) is {self.name(container)} else _bad({value}))"


def _bad(value: Any) -> Any:
    raise TypeError(f"cached value {value!r} is not what the facts hold")


@functools.cache
def _decoder(kind: Any) -> Decoder:
    source = _Source()
    return _compile(source, "decode", ["data", "path"], source.expression(kind, "data"))


@functools.cache
def _dataclass_builder(kind: type) -> Callable[..., Any]:
    """``build(path, *stored fields)``: a ``kind`` from its stored fields, the omitted trailing
    ones taking their stored defaults."""
    hints = typing.get_type_hints(kind)
    fields = dataclasses.fields(kind)
    own_path = kind in _OWN_PATH_TYPES
    stored = fields[1:] if own_path else fields
    source = _Source()
    parameters = ["path"]
    values = ["path"] if own_path else []
    for field in stored:
        parameter = source.variable()
        default = _encoded_default(field, _encoder(hints[field.name]))
        parameters.append(parameter if default is _REQUIRED else f"{parameter}={source.name(default, 'd')}")
        values.append(source.expression(hints[field.name], parameter))
    return _compile(source, kind.__name__, parameters, f"{source.name(kind, 'kind')}({', '.join(values)})")


def _compile(source: _Source, name: str, parameters: list[str], expression: str) -> Callable[..., Any]:
    code = f"def {name}({', '.join(parameters)}):\n    return {expression}\n"
    namespace = dict(source.names)
    exec(code, namespace)  # code made here from type hints: no data from the cache in it
    function: Callable[..., Any] = namespace[name]
    return function


def _fixed_tuple(args: tuple[Any, ...]) -> Decoder:
    items = [_decoder(arg) for arg in args]

    def decode(data: Any, path: str) -> tuple[Any, ...]:
        if type(data) is not list or len(data) != len(items):
            raise TypeError(f"cached value {data!r} is not a {len(items)}-tuple")
        return tuple(decode_item(item, path) for decode_item, item in zip(items, data, strict=True))

    return decode


def _strings(data: Any) -> list[str]:
    if type(data) is not list or not set(map(type, data)) <= {str}:
        raise TypeError("cached value is not a list of strings")
    return data


def _strings_to_list(data: Any) -> list[str]:
    return list(_strings(data))


def _strings_to_tuple(data: Any) -> tuple[str, ...]:
    return tuple(_strings(data))


def _strings_to_set(data: Any) -> set[str]:
    # identifier sets are the bulk of a large project's facts; the same names recur in every file
    return set(map(sys.intern, _strings(data)))


def _strings_by_name(data: Any) -> dict[str, str]:
    if type(data) is not dict or not set(map(type, data.values())) <= {str}:
        raise TypeError("cached value is not a table of strings")
    return dict(data)
