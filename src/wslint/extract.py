"""Facts of every discovered file: from the cache, or extracted (in a process pool when
there are enough files to pay for it)."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from wslint.cache import FactsCache, content_key
from wslint.facts import FileFacts, Language, ParseError, PythonFacts, SourceRef
from wslint.files import SourceFile, imports_web_framework, is_test_path

# Larger files are generated (bundles, schemas, fixtures): a notice, not a parse.
MAX_FILE_BYTES = 2 * 1024 * 1024
# Below this many files to parse, starting worker processes costs more than it saves.
_POOL_THRESHOLD = 32


@dataclass(frozen=True, slots=True)
class ExtractionSettings:
    """Every configured list that changes what extraction sees; all of it is in the cache key."""

    push_methods: tuple[str, ...] = ()
    hook_names: tuple[str, ...] = ()

    def key(self) -> str:
        return "push=" + ",".join(sorted(self.push_methods)) + ";hooks=" + ",".join(sorted(self.hook_names))

    def needles(self) -> tuple[bytes, ...]:
        """Configured names a file must be parsed for, besides the built-in socket words."""
        return tuple(name.encode() for name in self.push_methods if name.isidentifier())


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
    identifiers as references, so a function is never taken for unused because its caller
    was not parsed. Comments and imports are dropped first: a commented-out call is no call,
    and importing a function does not run it."""
    from wslint.python_facts.module_names import module_name

    names = set()
    if not is_test_path(rel):
        code = _IMPORT.sub(b"", _COMMENT.sub(b"", source))
        names = {word.decode("ascii") for word in _IDENTIFIER.findall(code)}
    facts = PythonFacts(module=module_name(rel), references=names)
    return FileFacts(rel, "python", skipped=True, python=facts)


def needs_parse(
    rel: str, language: Language, source: bytes, settings: ExtractionSettings = ExtractionSettings()
) -> bool:
    """Decided from the bytes: whether the file can hold a fact worth a full parse."""
    if _reexports(rel, source):
        return True
    if language == "python":
        from wslint.python_facts import might_hold_python_facts

        return might_hold_python_facts(source) or any(needle in source for needle in settings.needles())
    from wslint.typescript_facts import might_hold_typescript_facts

    return might_hold_typescript_facts(source)


def extract_source(
    rel: str, language: Language, source: bytes, settings: ExtractionSettings, force: bool = False
) -> FileFacts:
    """Facts of one file from its bytes: pure, so it caches and runs in any process.

    ``force`` parses a file the byte test would skip (it calls one of the project's senders).
    """
    parse = force or needs_parse(rel, language, source, settings)
    if language == "python":
        from wslint.python_facts import extract_python

        if parse:
            facts = extract_python(rel, source, extra_push_methods=frozenset(settings.push_methods))
        else:
            facts = _skipped_python(rel, source)
        facts.imports_web_framework = imports_web_framework(source)
        return facts
    from wslint.typescript_facts import extract_typescript, mentions_any, skipped_typescript

    if not parse and not mentions_any(source, settings.hook_names):
        return skipped_typescript(rel, source)
    return extract_typescript(rel, source, hook_names=frozenset(settings.hook_names))


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


def _counted(
    results: Iterable[FileFacts], total: int, progress: Callable[[int, int], None] | None
) -> Iterator[FileFacts]:
    """``results`` as they arrive, telling ``progress`` how many of ``total`` are done."""
    for done, facts in enumerate(results, 1):
        if progress is not None:
            progress(done, total)
        yield facts


def extract_all(
    files: Sequence[SourceFile],
    cache: FactsCache,
    settings: ExtractionSettings,
    progress: Callable[[int, int], None] | None = None,  # (parsed, to parse), as parses finish
) -> Extraction:
    notices: list[str] = []
    results: dict[str, FileFacts] = {}
    jobs: list[tuple[str, Language, bytes, ExtractionSettings]] = []
    keys: dict[str, str] = {}
    settings_key = settings.key()
    python_sources: dict[str, bytes] = {}
    for source_file in files:
        source = _read(source_file, notices)
        if source is None:
            continue
        if source_file.language == "python" and not is_test_path(source_file.rel):
            python_sources[source_file.rel] = source
        key = content_key(source, settings_key)
        cached = cache.get(source_file.rel, key)
        if cached is not None:
            results[source_file.rel] = cached
        else:
            keys[source_file.rel] = key
            jobs.append((source_file.rel, source_file.language, source, settings))

    # Files the byte test skips cost microseconds: only parses are worth a worker process.
    parse_jobs = [job for job in jobs if needs_parse(*job)]
    extracted = [_extract_job(job) for job in jobs if not needs_parse(*job)]
    if len(parse_jobs) >= _POOL_THRESHOLD and (os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, 8)) as pool:
            extracted += _counted(pool.map(_extract_job, parse_jobs, chunksize=8), len(parse_jobs), progress)
    else:
        extracted += _counted(map(_extract_job, parse_jobs), len(parse_jobs), progress)
    parsed = 0
    for facts in extracted:
        results[facts.path] = facts
        cache.put(facts.path, keys[facts.path], facts)
        parsed += not facts.skipped
    skipped = {rel: source for rel, source in python_sources.items() if results[rel].skipped}
    parsed += _parse_callers(results, skipped, cache, settings)
    ordered = [results[source_file.rel] for source_file in files if source_file.rel in results]
    return Extraction(ordered, notices, parsed)


_MIN_SENDER_NAME = 4  # shorter names (``run``, ``go``) would match nearly every file


def sender_names(facts: Sequence[FileFacts]) -> set[str]:
    """Names of the project's functions that send, themselves or through another of them."""
    functions = [
        function
        for file in facts
        if file.python is not None and not file.python.is_test
        for function in file.python.functions
    ]
    names = {function.name.rpartition(".")[2] for function in functions if function.sends}
    grown = True
    while grown:
        grown = False
        for function in functions:
            name = function.name.rpartition(".")[2]
            if name not in names and any(call.callee.rpartition(".")[2] in names for call in function.calls):
                names.add(name)
                grown = True
    # a class whose methods send: its construction sites say what its injected senders are
    names |= {
        function.name.rpartition(".")[0].rpartition(".")[2]
        for function in functions
        if function.is_method and function.name.rpartition(".")[2] in names
    }
    return {name for name in names if len(name) >= _MIN_SENDER_NAME and not name.startswith("__")}


def _parse_callers(
    results: dict[str, FileFacts], sources: dict[str, bytes], cache: FactsCache, settings: ExtractionSettings
) -> int:
    """A second, byte-only pass: files the prefilter skipped that name one of the project's
    senders (a plain service module calling ``notify_change(...)``) are parsed after all."""
    parsed = 0
    pending = dict(sources)
    searched: set[str] = set()
    # a newly parsed file may define a sender in turn (``tell_everyone`` calling ``tell``)
    while pending:
        names = sender_names(list(results.values())) - searched
        if not names:
            break
        searched |= names
        calls = re.compile(
            rb"\b(?:" + b"|".join(re.escape(name.encode()) for name in sorted(names)) + rb")\s*\("
        )
        found = [rel for rel, source in pending.items() if calls.search(_COMMENT.sub(b"", source))]
        for rel in found:
            source = pending.pop(rel)
            key = content_key(source, settings.key() + "|callers")
            facts = cache.get(rel, key)
            if facts is None:
                facts = extract_source(rel, "python", source, settings, force=True)
                facts.has_inline_ignores = b"wslint:" in source
                cache.put(rel, key, facts)
                parsed += 1
            results[rel] = facts
    return parsed
