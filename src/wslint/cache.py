"""Per-file facts cache, keyed by content hash, wslint version and extraction settings.

Stored as JSON, not pickle: a pickle planted in a cache folder would run code on the
machine that reads it. The engine keeps the cache outside the checked tree (a cache that
comes with a checkout must never decide findings); even so, an entry is used only when
every location in it is the file it is stored for. One file holds the whole cache; it is
replaced atomically at the end of a run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import tempfile
import time
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wslint import __version__
from wslint.facts import FileFacts

_CACHE_FILE = "facts-v1.json"
# A temporary file older than this was left by a run that was killed while saving.
_STALE_SECONDS = 600
_CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# created by wslint\n"


@functools.cache
def extractor_fingerprint() -> str:
    """wslint's version plus a hash of the code that makes facts: a development install whose
    extractors changed must not reuse facts the old code made."""
    package = Path(__file__).resolve().parent
    digest = hashlib.blake2b(__version__.encode(), digest_size=12)
    # every module whose code shapes cached facts: a change in any of them must not reuse old facts
    sources = [package / name for name in ("facts.py", "extract.py", "files.py", "vocabulary.py")]
    for folder in ("python_facts", "typescript_facts"):
        sources += sorted((package / folder).glob("*.py"))
    for source in sources:
        with contextlib.suppress(OSError):
            digest.update(source.read_bytes())
    return f"{__version__}+{digest.hexdigest()}"


def content_key(source: bytes, settings: str) -> str:
    digest = hashlib.blake2b(source, digest_size=20)
    digest.update(b"\0" + settings.encode())
    return digest.hexdigest()


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(to_jsonable(item) for item in value)
    if isinstance(value, dict):
        return {key: to_jsonable(item) for key, item in value.items()}
    return value


def from_jsonable(kind: Any, data: Any) -> Any:
    """Rebuild a value of the annotated type ``kind`` from its JSON form."""
    return _decoder(kind)(data)


Decoder = Callable[[Any], Any]


def _identity(data: Any) -> Any:
    return data


@functools.cache
def _decoder(kind: Any) -> Decoder:
    """A decoding function per annotated type, built once: reading type hints is the slow part."""
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = typing.get_type_hints(kind)
        fields = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(kind)]
        cls = kind
        return lambda data: cls(**{name: decode(data[name]) for name, decode in fields})
    if origin in (types.UnionType, typing.Union):
        inner = _decoder(next(option for option in args if option is not type(None)))
        return lambda data: None if data is None else inner(data)
    if origin in (list, set) and args[0] is str:
        return _strings_to_set if origin is set else _strings_to_list  # identifier sets: the bulk
    if origin is list:
        item = _decoder(args[0])
        return lambda data: [item(element) for element in data]
    if origin is set:
        item = _decoder(args[0])
        return lambda data: {item(element) for element in data}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data: tuple(item(element) for element in data)
        items = [_decoder(arg) for arg in args]
        return lambda data: tuple(decode(element) for decode, element in zip(items, data, strict=True))
    if origin is dict:
        value = _decoder(args[1])
        return lambda data: {key: value(element) for key, element in data.items()}
    if origin is typing.Literal or kind in (str, int, float, bool):
        return functools.partial(_checked, kind, args)  # a damaged entry fails here, not in a rule
    return _identity


def _strings(data: Any) -> Any:
    if not isinstance(data, list) or not all(type(item) is str for item in data):
        raise TypeError("cached value is not a list of strings")
    return data


def _strings_to_set(data: Any) -> set[str]:
    return set(_strings(data))


def _strings_to_list(data: Any) -> list[str]:
    return list(_strings(data))


def _checked(kind: Any, literals: tuple[Any, ...], data: Any) -> Any:
    if data in literals if literals else isinstance(data, (int, float) if kind is float else kind):
        return data
    raise TypeError(f"cached value {data!r} is not a {kind}")


def _only_locations_in(data: Any, rel: str) -> bool:
    """Every ``path`` of a file location in a cached entry (``SourceRef``, the facts' own) is
    ``rel``: facts of one file never point at another, so an entry that does is not one that
    wslint wrote, and could make a finding point at (and a report print) any file."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            path = item.get("path")
            if ("line" in item or "language" in item) and "path" in item and path != rel:
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


class FactsCache:
    """Maps a file's relative path to (content key, facts)."""

    def __init__(self, directory: Path | None) -> None:
        self._directory = directory
        self._entries: dict[str, dict[str, Any]] = {}
        self._used: dict[str, dict[str, Any]] = {}
        self._dirty = False
        if directory is not None:
            self._load(directory / _CACHE_FILE)

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no cache, or a broken one: start afresh
        if (
            isinstance(data, dict)
            and data.get("version") == extractor_fingerprint()
            and isinstance(data.get("files"), dict)
        ):
            self._entries = data["files"]

    def get(self, rel: str, key: str) -> FileFacts | None:
        entry = self._entries.get(rel)
        if not isinstance(entry, dict) or entry.get("key") != key or not _only_locations_in(entry, rel):
            return None
        try:
            facts: FileFacts = from_jsonable(FileFacts, entry["facts"])
        except (KeyError, TypeError, ValueError, AttributeError):  # damaged: extract afresh
            return None
        self._used[rel] = entry
        return facts

    def put(self, rel: str, key: str, facts: FileFacts) -> None:
        if self._directory is None:
            return  # --no-cache: no facts are encoded for a file nobody writes
        self._used[rel] = {"key": key, "facts": to_jsonable(facts)}
        self._dirty = True

    def save(self) -> None:
        """Write the entries this run used (dropping deleted files); never fail the run."""
        if self._directory is None or (not self._dirty and len(self._used) == len(self._entries)):
            return
        with contextlib.suppress(OSError):
            self._directory.mkdir(parents=True, exist_ok=True)
            for name, text in ((".gitignore", "*\n"), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
                marker = self._directory / name
                if not marker.exists():
                    marker.write_text(text, encoding="utf-8")
            payload = json.dumps(
                {"version": extractor_fingerprint(), "files": self._used}, separators=(",", ":")
            )
            self._remove_stale_temporaries()
            handle, temporary = tempfile.mkstemp(dir=self._directory, prefix=".facts-", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(payload)
                os.replace(temporary, self._directory / _CACHE_FILE)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)

    def _remove_stale_temporaries(self) -> None:
        assert self._directory is not None
        now = time.time()
        for stale in self._directory.glob(".facts-*.tmp"):
            with contextlib.suppress(OSError):
                if now - stale.stat().st_mtime > _STALE_SECONDS:
                    stale.unlink()
