"""Facts of every discovered file: from the cache, or extracted (in worker processes when
there is enough parse work to pay for them)."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from wslint import workers
from wslint.cache import FactsCache, content_key
from wslint.facts import FileFacts, Language, ParseError, PythonFacts, SourceRef
from wslint.files import MAX_FILE_BYTES, SourceFile, imports_web_framework, is_test_path
from wslint.flow import MODULE_CODE

# A file whose analysis would take more memory than this is a notice, not a 1 GB worker.
MEMORY_BUDGET_BYTES = 512 * 1024 * 1024
# Peak memory of an analysis per byte of source, measured on generated data tables (the worst
# case): an ``ast`` tree of a flat list of one-character items (``[a, a, ...]``) peaks at ~720
# bytes per source byte, a table of dicts or calls at ~190-270, ordinary code at ~30-50;
# tree-sitter's tree is ~50.
_MEMORY_PER_SOURCE_BYTE: dict[Language, int] = {"python": 720, "typescript": 60}


@dataclass(frozen=True, slots=True)
class ExtractionSettings:
    """Every configured list that changes what extraction sees; all of it is in the cache key."""

    push_methods: tuple[str, ...] = ()
    hook_names: tuple[str, ...] = ()

    def key(self) -> str:
        return "push=" + ",".join(sorted(self.push_methods)) + ";hooks=" + ",".join(sorted(self.hook_names))

    def needles(self) -> tuple[bytes, ...]:
        """Configured Python names a file must be parsed for, besides the built-in socket words."""
        return tuple(name.encode() for name in self.push_methods if name.isidentifier())


@dataclass
class Extraction:
    facts: list[FileFacts]
    notices: list[str]
    parsed: int  # files parsed this run (not from the cache, not skipped by their bytes)


_IDENTIFIER = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_COMMENT = re.compile(rb"#[^\n]*")
# a called name: an ASCII word run followed by ``(``; ``\b`` so that it is the whole run
_CALLED = re.compile(rb"\b(\w+)\s*\(")
# a defined class or function name: ``class Name`` / ``def name`` / ``async def name``
_DEFINED = re.compile(rb"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)", re.MULTILINE)
_IMPORT = re.compile(rb"^[ \t]*(?:from[ \t]+\S+[ \t]+)?import[ \t]+(?:\([^)]*\)|[^\n]*)", re.MULTILINE)
_PACKAGE_INDEX = re.compile(r"(^|/)(__init__\.py|index\.[cm]?[jt]sx?)$")


def _reexports(rel: str, source: bytes) -> bool:
    """A package ``__init__.py`` or an ``index.ts`` barrel: its imports carry symbols through."""
    return bool(_PACKAGE_INDEX.search(rel)) and (b"import" in source or b"export" in source)


def _skipped_python(rel: str, source: bytes) -> FileFacts:
    """A file with no WebSocket fact may still call a broadcaster defined elsewhere: keep its
    identifiers as references, so a function is never taken for unused because its caller
    was not parsed, and the names it calls, for the callers pass. Comments are dropped first:
    a commented-out call is no call; so are imports for the references: importing a function
    does not run it."""
    from wslint.python_facts.module_names import module_name

    names: set[str] = set()
    called: set[str] = set()
    defined: set[str] = set()
    if not is_test_path(rel):
        code = _COMMENT.sub(b"", source)
        names = {sys.intern(word.decode("ascii")) for word in _IDENTIFIER.findall(_IMPORT.sub(b"", code))}
        called = {name for word in _CALLED.findall(code) if _may_name_sender(name := word.decode("ascii"))}
        defined = {name for word in _DEFINED.findall(code) if _may_name_sender(name := word.decode("ascii"))}
    facts = PythonFacts(module=module_name(rel), references=names, called_names=called, defined_names=defined)
    return FileFacts(rel, "python", skipped=True, python=facts)


def needs_parse(
    rel: str, language: Language, source: bytes, settings: ExtractionSettings = ExtractionSettings()
) -> bool:
    """Decided from the bytes: whether the file can hold a fact worth a full parse."""
    if _reexports(rel, source):
        return True
    if language == "python":
        from wslint.python_facts import might_hold_python_facts

        if is_test_path(rel):
            return might_hold_python_facts(source, is_test=True)
        return might_hold_python_facts(source) or any(needle in source for needle in settings.needles())
    from wslint.typescript_facts import might_hold_typescript_facts

    return might_hold_typescript_facts(source)


def extract_source(
    rel: str, language: Language, source: bytes, settings: ExtractionSettings, parse: bool | None = None
) -> FileFacts:
    """Facts of one file from its bytes: pure, so it caches and runs in any process.
    ``parse`` is ``needs_parse``'s answer when the caller already has it."""
    if parse is None:
        parse = needs_parse(rel, language, source, settings)
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


# Bytes kept from files' first reads until they are extracted; past this much, a file is read
# again when its turn comes (by a worker if it is parsed there), so that a large project's run
# does not hold every file's bytes. Reading a file again costs about what reading it did (and
# its hash), ~5 % of a cold run: below this, where nearly all projects are, nothing is read twice.
HELD_SOURCE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class _Job:
    rel: str
    path: str  # a string, not a Path: jobs are pickled to workers, and a Path costs ~7 µs to rebuild
    language: Language
    size: int  # bytes when first read
    key: str  # cache key of the bytes first read
    key_settings: str  # what ``key`` was made with
    source: bytes | None  # the bytes first read, or None: read them again
    parse: bool  # needs_parse's answer for the bytes first read


@dataclass(frozen=True, slots=True)
class _Outcome:
    facts: FileFacts | str  # or a notice
    key: str | None  # the cache key, None when the file changed after it was first read


class _Holder:
    """Jobs keep their bytes up to ``HELD_SOURCE_BYTES`` in all."""

    def __init__(self) -> None:
        self._held = 0

    def job(self, file: SourceFile, source: bytes, key: str, key_settings: str, *, parse: bool) -> _Job:
        keep = self._held + len(source) <= HELD_SOURCE_BYTES
        self._held += len(source) if keep else 0
        held = source if keep else None
        return _Job(file.rel, str(file.path), file.language, len(source), key, key_settings, held, parse)


def _within_memory_budget(job: _Job, notices: list[str]) -> bool:
    if job.parse and job.size * _MEMORY_PER_SOURCE_BYTE[job.language] > MEMORY_BUDGET_BYTES:
        megabytes = MEMORY_BUDGET_BYTES // (1024 * 1024)
        notices.append(f"{job.rel}: skipped, analysing it would take more than {megabytes} MB of memory")
        return False
    return True


def _extract_bytes(
    rel: str, language: Language, source: bytes, parse: bool, settings: ExtractionSettings
) -> FileFacts | str:
    """A file's facts, or a notice when its analysis ran over its time budget."""
    try:
        with workers.time_budget(workers.TIME_BUDGET_SECONDS):
            facts = extract_source(rel, language, source, settings, parse)
    except RecursionError:
        facts = FileFacts(rel, language, [ParseError(SourceRef(rel, 1, 1), "nesting too deep to parse")])
    except workers.OverBudget:
        budget = workers.TIME_BUDGET_SECONDS
        return f"{rel}: skipped, analysing it took more than {budget:g} s of processor time"
    facts.has_inline_ignores = b"wslint:" in source
    return facts


def _extract_job(job: _Job, settings: ExtractionSettings) -> _Outcome:
    rel, language = job.rel, job.language
    source, parse = job.source, job.parse
    key: str | None = job.key
    if source is None:
        notices: list[str] = []
        source = _read(rel, job.path, notices)
        if source is None:
            return _Outcome(notices[0], None)
        if content_key(source, job.key_settings) != job.key:
            # changed since the byte test read it: these bytes are what is checked, but not
            # cached under a key made from others
            parse, key = needs_parse(rel, language, source, settings), None
    return _Outcome(_extract_bytes(rel, language, source, parse, settings), key)


def _extract_batch(batch: tuple[ExtractionSettings, list[_Job]]) -> list[_Outcome]:
    settings, jobs = batch
    return [_extract_job(job, settings) for job in jobs]


def _extract_jobs(
    jobs: list[_Job], settings: ExtractionSettings, progress: Callable[[int, int], None] | None
) -> Generator[_Outcome, None, None]:
    """Parses go to workers when their bytes pay for the workers' start; files the byte test
    skips cost microseconds and are done here meanwhile. ``progress`` is told (parsed, to parse)."""
    parses = [job for job in jobs if job.parse]
    count = workers.worker_count(sum(job.size for job in parses))
    with contextlib.ExitStack() as stack:
        outcomes: Iterable[_Outcome]
        if count:
            grouped = workers.batches(parses, [job.size for job in parses])
            batched = [(settings, batch) for batch in grouped]
            outcomes = stack.enter_context(workers.BatchPool(_extract_batch, batched, count))
        else:
            outcomes = (_extract_job(job, settings) for job in parses)
        yield from (_extract_job(job, settings) for job in jobs if not job.parse)
        for done, outcome in enumerate(outcomes, 1):
            if progress is not None:
                progress(done, len(parses))
            yield outcome


def _read(rel: str, path: str | Path, notices: list[str]) -> bytes | None:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):  # a named pipe or a device would block the read
            notices.append(f"{rel}: skipped, not a regular file")
            return None
        if info.st_size > MAX_FILE_BYTES:
            notices.append(f"{rel}: skipped, larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            return None
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        notices.append(f"{rel}: vanished while checking")
    except OSError as error:
        notices.append(f"{rel}: cannot read: {error.strerror or error}")
    return None


def _run_jobs(
    jobs: list[_Job],
    settings: ExtractionSettings,
    results: dict[str, FileFacts],
    cache: FactsCache,
    notices: list[str],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Extracts ``jobs`` into ``results`` and the cache; returns how many were parsed."""
    parsed = 0
    with contextlib.closing(_extract_jobs(jobs, settings, progress)) as outcomes:  # stops workers early
        for outcome in outcomes:
            parsed += _keep(outcome, results, cache, notices)
    return parsed


def _keep(outcome: _Outcome, results: dict[str, FileFacts], cache: FactsCache, notices: list[str]) -> bool:
    """Files an outcome into ``results`` and the cache, or into ``notices``; whether it parsed a file."""
    facts = outcome.facts
    if isinstance(facts, str):
        notices.append(facts)
        return False
    results[facts.path] = facts
    if outcome.key is not None:
        cache.put(facts.path, outcome.key, facts)
    return not facts.skipped


def extract_all(
    files: Sequence[SourceFile],
    cache: FactsCache,
    settings: ExtractionSettings,
    progress: Callable[[int, int], None] | None = None,  # (parsed, to parse), as parses finish
) -> Extraction:
    notices: list[str] = []
    results: dict[str, FileFacts] = {}
    jobs: list[_Job] = []
    held = _Holder()
    settings_key = settings.key()
    python_files: list[SourceFile] = []
    for source_file in files:
        source = _read(source_file.rel, source_file.path, notices)
        if source is None:
            continue
        rel, language = source_file.rel, source_file.language
        if language == "python" and not is_test_path(rel):
            python_files.append(source_file)
        key = content_key(source, settings_key)
        cached = cache.get(rel, key)
        if cached is not None:
            results[rel] = cached
            continue
        parse = needs_parse(rel, language, source, settings)
        job = held.job(source_file, source, key, settings_key, parse=parse)
        if _within_memory_budget(job, notices):
            jobs.append(job)

    parsed = _run_jobs(jobs, settings, results, cache, notices, progress)
    skipped = {file.rel: file for file in python_files if file.rel in results and results[file.rel].skipped}
    parsed += _parse_callers(results, skipped, cache, settings, notices)
    ordered = [results[source_file.rel] for source_file in files if source_file.rel in results]
    return Extraction(ordered, notices, parsed)


_MIN_SENDER_NAME = 4  # shorter names (``run``, ``go``) would match nearly every file


# Names too common to mark a caller of the project's sender: a file calling ``.send(`` or
# ``.run(`` is no more likely to call ours than any other file.
# fmt: off
_COMMON_NAMES = frozenset({
    "send", "emit", "publish", "broadcast", "notify", "run", "start", "stop", "close", "call", "handle",
    "process", "execute", "dispatch", "update", "create", "delete", "write", "read", "post", "push", "main",
})
# fmt: on


def sender_names(facts: Sequence[FileFacts]) -> set[str]:
    """Distinctive names of the project's functions that send, themselves or through another
    of them, and of the classes whose methods do (their construction sites inject senders).

    A name defined by more than two functions of the project says too little about which one
    a file calls, and would have the second pass parse most of the project."""
    functions = [
        function
        for file in facts
        if file.python is not None and not file.python.is_test
        for function in file.python.functions
        if function.name != MODULE_CODE
    ]
    defined = Counter(function.name.rpartition(".")[2] for function in functions)

    def distinctive(name: str) -> bool:
        return defined[name] <= 2 and _may_name_sender(name)

    callers: dict[str, list[str]] = defaultdict(list)
    for function in functions:
        for call in function.calls:
            callers[call.callee.rpartition(".")[2]].append(function.name)
    # a broker publish may reach clients through a subscriber: its callers matter as a sender's
    pending = [
        function.name
        for function in functions
        if function.publishes or any(send.queue is None for send in function.sends)
    ]
    # a class whose methods send, whatever they are called: its construction sites inject senders
    owners = {
        owner.rpartition(".")[2]
        for qualname in pending
        if (owner := qualname.rpartition(".")[0]) and owner.rpartition(".")[2][:1].isupper()
    }
    senders: set[str] = set()
    while pending:
        qualname = pending.pop()
        name = qualname.rpartition(".")[2]
        if qualname in senders or not distinctive(name):
            continue
        senders.add(qualname)
        pending.extend(callers.get(name, ()))
    names = {qualname.rpartition(".")[2] for qualname in senders} | owners
    return {name for name in names if _may_name_sender(name)}


def receiver_names(facts: Sequence[FileFacts], senders: set[str]) -> set[str]:
    """Classes and functions a sender is handed to as a value (``Store(on_change=fan_out)``,
    ``service.set_broadcaster(hub.send_all)``): what they do with it decides what is sent."""
    return {
        name
        for file in facts
        if file.python is not None and not file.python.is_test
        for function in file.python.functions
        for call in function.calls
        if any(arg.function is not None and arg.function.rpartition(".")[2] in senders for arg in call.args)
        and _may_name_sender(name := call.callee.rpartition(".")[2])
    }


def _defines(facts: FileFacts, names: set[str]) -> bool:
    return facts.python is not None and not facts.python.defined_names.isdisjoint(names)


def _may_name_sender(name: str) -> bool:
    """What every name ``sender_names`` returns is: skipped files record only such calls."""
    return len(name) >= _MIN_SENDER_NAME and not name.startswith("__") and name not in _COMMON_NAMES


def _parse_callers(
    results: dict[str, FileFacts],
    skipped: dict[str, SourceFile],
    cache: FactsCache,
    settings: ExtractionSettings,
    notices: list[str],
) -> int:
    """A second pass: files the prefilter skipped that call one of the project's senders (a
    plain service module calling ``notify_change(...)``) are parsed after all. Their facts
    carry the names they call, so a file is matched without reading its bytes again; the few
    that match are read again to be parsed."""
    parsed = 0
    pending = dict(skipped)
    searched: set[str] = set()
    searched_receivers: set[str] = set()
    # a newly parsed file may define a sender in turn (``tell_everyone`` calling ``tell``)
    while pending:
        every = list(results.values())
        senders = sender_names(every)
        names = senders - searched
        receivers = receiver_names(every, senders) - searched_receivers
        if not names and not receivers:
            break
        searched |= names
        searched_receivers |= receivers
        calls = _Callers(names)
        found = [
            rel
            for rel in pending
            if calls.made_by(results[rel], pending[rel]) or _defines(results[rel], receivers)
        ]
        jobs: list[_Job] = []
        held = _Holder()
        key_settings = settings.key() + "|callers"
        for rel in found:
            source_file = pending.pop(rel)
            source = _read(rel, source_file.path, notices)
            if source is None:
                continue
            key = content_key(source, key_settings)
            facts = cache.get(rel, key)
            if facts is not None:
                results[rel] = facts
                continue
            job = held.job(source_file, source, key, key_settings, parse=True)
            if _within_memory_budget(job, notices):
                jobs.append(job)
        parsed += _run_jobs(jobs, settings, results, cache, notices)
    return parsed


class _Callers:
    """Whether a skipped file calls one of ``names``: from the names it calls (recorded as ASCII
    word runs); a name with other characters is looked for in the bytes."""

    def __init__(self, names: set[str]) -> None:
        self._ascii = {name for name in names if name.isascii()}
        other = sorted(name.encode() for name in names - self._ascii)
        self._pattern = None
        if other:
            self._pattern = re.compile(rb"\b(?:" + b"|".join(map(re.escape, other)) + rb")\s*\(")

    def made_by(self, facts: FileFacts, source_file: SourceFile) -> bool:
        assert facts.python is not None
        if not self._ascii.isdisjoint(facts.python.called_names):
            return True
        if self._pattern is None:
            return False
        # a file gone since is told about if it is ever parsed
        source = _read(source_file.rel, source_file.path, [])
        return source is not None and self._pattern.search(_COMMENT.sub(b"", source)) is not None
