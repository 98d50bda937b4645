"""Facts of every discovered file: from the cache, or extracted (in a process pool when
there are enough files to pay for it)."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from wslint.cache import FactsCache, content_key
from wslint.facts import FileFacts, Language, ParseError, PythonFacts, SourceRef
from wslint.files import MAX_FILE_BYTES, SourceFile, imports_web_framework, is_test_path

# Below this many files to parse, starting worker processes costs more than it saves.
_POOL_THRESHOLD = 32



@dataclass(frozen=True, slots=True)
class ExtractionSettings:
    push_methods: tuple[str, ...] = ()

    def key(self) -> str:
        return "push=" + ",".join(sorted(self.push_methods))


@dataclass
class Extraction:
    facts: list[FileFacts]
    notices: list[str]
    parsed: int  # files parsed this run (not from the cache, not skipped by their bytes)


_IDENTIFIER = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_COMMENT = re.compile(rb"#[^\n]*")
_IMPORT = re.compile(rb"^[ \t]*(?:from[ \t]+\S+[ \t]+)?import[ \t]+(?:\([^)]*\)|[^\n]*)", re.MULTILINE)
_PACKAGE_INDEX = re.compile(r"(^|/)(__init__\.py|index\.[cm]?[jt]sx?)$")


def _reexports(rel: str, source: bytes) -> bool:
    """A package ``__init__.py`` or an ``index.ts`` barrel: its imports carry symbols through."""
    return bool(_PACKAGE_INDEX.search(rel)) and (b"import" in source or b"export" in source)


def _skipped_python(rel: str, source: bytes) -> FileFacts:
    """A file with no WebSocket fact may still call a broadcaster defined elsewhere: keep its
    identifiers as references, so WS202 never calls a function unused because its caller
    was not parsed. Comments and imports are dropped first: a commented-out call is no call,
    and importing a function does not run it."""
    from wslint.python_facts.module_names import module_name

    names = set()
    if not is_test_path(rel):
        code = _IMPORT.sub(b"", _COMMENT.sub(b"", source))
        names = {word.decode("ascii") for word in _IDENTIFIER.findall(code)}
    facts = PythonFacts(module=module_name(rel), references=names)
    return FileFacts(rel, "python", skipped=True, python=facts)


def needs_parse(rel: str, language: Language, source: bytes) -> bool:
    """Decided from the bytes: whether the file can hold a fact worth a full parse."""
    if _reexports(rel, source):
        return True
    if language == "python":
        from wslint.python_facts import might_hold_python_facts

        return might_hold_python_facts(source)
    from wslint.typescript_facts import might_hold_typescript_facts

    return might_hold_typescript_facts(source)


def extract_source(rel: str, language: Language, source: bytes, settings: ExtractionSettings) -> FileFacts:
    """Facts of one file from its bytes: pure, so it caches and runs in any process."""
    parse = needs_parse(rel, language, source)
    if language == "python":
        from wslint.python_facts import extract_python

        if parse:
            facts = extract_python(rel, source, extra_push_methods=frozenset(settings.push_methods))
        else:
            facts = _skipped_python(rel, source)
        facts.imports_web_framework = imports_web_framework(source)
        return facts
    from wslint.typescript_facts import extract_typescript

    if not parse:
        return FileFacts(rel, language, skipped=True)
    return extract_typescript(rel, source)


def _extract_job(job: tuple[str, Language, bytes, ExtractionSettings]) -> FileFacts:
    rel, language, source, settings = job
    try:
        facts = extract_source(rel, language, source, settings)
    except RecursionError:
        facts = FileFacts(rel, language, [ParseError(SourceRef(rel, 1, 1), "nesting too deep to parse")])
    facts.has_inline_ignores = b"wslint:" in source
    return facts


def _read(source_file: SourceFile, notices: list[str]) -> bytes | None:
    try:
        info = source_file.path.stat()
        if not stat.S_ISREG(info.st_mode):  # a named pipe or a device would block the read
            notices.append(f"{source_file.rel}: skipped, not a regular file")
            return None
        if info.st_size > MAX_FILE_BYTES:
            notices.append(f"{source_file.rel}: skipped, larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            return None
        return source_file.path.read_bytes()
    except FileNotFoundError:
        notices.append(f"{source_file.rel}: vanished while checking")
    except OSError as error:
        notices.append(f"{source_file.rel}: cannot read: {error.strerror or error}")
    return None


def extract_all(
    files: Sequence[SourceFile],
    cache: FactsCache,
    settings: ExtractionSettings,
) -> Extraction:
    notices: list[str] = []
    results: dict[str, FileFacts] = {}
    jobs: list[tuple[str, Language, bytes, ExtractionSettings]] = []
    keys: dict[str, str] = {}
    settings_key = settings.key()
    for source_file in files:
        source = _read(source_file, notices)
        if source is None:
            continue
        key = content_key(source, settings_key)
        cached = cache.get(source_file.rel, key)
        if cached is not None:
            results[source_file.rel] = cached
        else:
            keys[source_file.rel] = key
            jobs.append((source_file.rel, source_file.language, source, settings))

    # Files the byte test skips cost microseconds: only parses are worth a worker process.
    parse_jobs = [job for job in jobs if needs_parse(job[0], job[1], job[2])]
    extracted = [_extract_job(job) for job in jobs if not needs_parse(job[0], job[1], job[2])]
    if len(parse_jobs) >= _POOL_THRESHOLD and (os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, 8)) as pool:
            extracted += pool.map(_extract_job, parse_jobs, chunksize=8)
    else:
        extracted += [_extract_job(job) for job in parse_jobs]
    parsed = 0
    for facts in extracted:
        results[facts.path] = facts
        cache.put(facts.path, keys[facts.path], facts)
        parsed += not facts.skipped
    ordered = [results[source_file.rel] for source_file in files if source_file.rel in results]
    return Extraction(ordered, notices, parsed)
