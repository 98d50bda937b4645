"""Per-file facts cache, keyed by content hash, wslint version and extraction settings.

Stored as JSON (``facts_codec``), not pickle: a pickle planted in a cache folder would run
code on the machine that reads it. The engine keeps the cache outside the checked tree (a
cache that comes with a checkout must never decide findings); even so, an entry holds no
path but the one it is stored under, so its facts can point at no other file.

One file holds the whole cache, replaced atomically at the end of a run: a header line with
the extractor fingerprint, then one line per entry: content key, path (a JSON string), facts.
A run decodes only the entries it looks up, and writes back the lines of unchanged entries
as they were read.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from wslint import __version__
from wslint.facts import FileFacts
from wslint.facts_codec import ForeignLocation, decode_facts, encode_facts

_CACHE_FILE = "facts-v2.jsonl"
_FORMER_CACHE_FILES = ("facts-v1.json",)  # removed on save: nothing reads them any more
# A temporary file older than this was left by a run that was killed while saving.
_STALE_SECONDS = 600
_CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# created by wslint\n"
# What a damaged entry raises while decoding; it is then extracted afresh.
_DAMAGE = (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError)


@functools.cache
def extractor_fingerprint() -> str:
    """wslint's version plus a hash of the code that makes facts: a development install whose
    extractors changed must not reuse facts the old code made."""
    package = Path(__file__).resolve().parent
    digest = hashlib.blake2b(__version__.encode(), digest_size=12)
    # every module whose code shapes cached facts: a change in any of them must not reuse old facts
    names = ("facts.py", "facts_codec.py", "cache.py", "extract.py", "files.py", "vocabulary.py")
    sources = [package / name for name in names]
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


def _header() -> str:
    return json.dumps({"wslint-facts": extractor_fingerprint()})


class FactsCache:
    """Maps a file's relative path and content key to its facts."""

    def __init__(self, directory: Path | None) -> None:
        self._directory = directory
        # (path, content key) -> the entry's line: a file's facts of the first pass and of the
        # callers pass are two entries of one path
        self._entries: dict[tuple[str, str], str] = {}
        self._used: dict[tuple[str, str], str] = {}
        self._dirty = False
        if directory is not None:
            self._load(directory / _CACHE_FILE)

    def _load(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, ValueError):
            return  # no cache, or a broken one: start afresh
        header, _, body = text.partition("\n")
        if header != _header():
            return
        for line in body.split("\n"):
            key, _, rest = line.partition("\t")
            quoted, tab, _ = rest.partition("\t")
            try:
                rel = json.loads(quoted) if tab else None
            except ValueError:
                continue
            if type(rel) is str:
                self._entries[(rel, key)] = line

    def get(self, rel: str, key: str) -> FileFacts | None:
        line = self._entries.get((rel, key))
        if line is None:
            return None
        try:
            facts = decode_facts(line.split("\t", 2)[2], rel)
        except _DAMAGE:  # damaged: extract afresh
            return None
        self._used[(rel, key)] = line
        return facts

    def put(self, rel: str, key: str, facts: FileFacts) -> None:
        if self._directory is None:
            return  # --no-cache: no facts are encoded for a file nobody writes
        try:
            if facts.path != rel:
                raise ForeignLocation(f"facts of {facts.path} stored for {rel}")
            text = encode_facts(facts)
        except ForeignLocation:
            return  # facts pointing at another file: extracted again next time, never trusted
        self._used[(rel, key)] = f"{key}\t{json.dumps(rel)}\t{text}"
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
            for name in _FORMER_CACHE_FILES:
                (self._directory / name).unlink(missing_ok=True)
            self._remove_stale_temporaries()
            handle, temporary = tempfile.mkstemp(dir=self._directory, prefix=".facts-", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(_header() + "\n")
                    out.writelines(line + "\n" for line in self._used.values())
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
