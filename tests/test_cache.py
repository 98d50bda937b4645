"""The facts cache: what an entry can say, and what a warm run reads and writes."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import FIXTURES
from wslint.cache import FactsCache
from wslint.engine import CheckOptions, run_check
from wslint.extract import ExtractionSettings, extract_source
from wslint.facts import FileFacts, ParseError, SourceRef
from wslint.facts_codec import ForeignLocation, decode_facts, encode_facts
from wslint.python_facts import extract_python

ROUTES_FILE = FIXTURES / "game-lobby" / "server/lobby/routes/sockets.py"


def _locations(value: Any) -> Iterator[str]:
    """The path of every location in ``value``, and of the file facts themselves."""
    if isinstance(value, (SourceRef, FileFacts)):
        yield value.path
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _locations(getattr(value, field.name))
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _locations(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _locations(item)


def test_an_entry_holds_no_path_every_location_is_the_file_it_is_read_for() -> None:
    facts = extract_python("server/lobby/routes/sockets.py", ROUTES_FILE.read_bytes())
    assert len(set(_locations(facts))) == 1 and len(list(_locations(facts))) > 20
    text = encode_facts(facts)
    assert "sockets.py" not in text
    moved = decode_facts(text, "elsewhere/other.py")
    assert set(_locations(moved)) == {"elsewhere/other.py"}
    assert decode_facts(text, facts.path) == facts


def test_facts_pointing_at_another_file_are_never_cached(tmp_path: Path) -> None:
    foreign = FileFacts("a.py", "python", [ParseError(SourceRef("../secret.txt", 4, 1), "x")])
    with pytest.raises(ForeignLocation):
        encode_facts(foreign)
    cache = FactsCache(tmp_path)
    cache.put("a.py", "k1", foreign)
    cache.put("b.py", "k2", FileFacts("a.py", "python"))  # stored for a path it is not about
    cache.put("c.py", "k3", FileFacts("c.py", "python"))
    cache.save()
    again = FactsCache(tmp_path)
    assert (again.get("a.py", "k1"), again.get("b.py", "k2")) == (None, None)
    assert again.get("c.py", "k3") == FileFacts("c.py", "python")


def test_every_python_fixture_round_trips_parsed_and_skipped() -> None:
    sources = sorted(FIXTURES.rglob("*.py"))
    assert len(sources) > 50
    for path in sources:
        rel = path.relative_to(FIXTURES).as_posix()
        for parse in (True, False):
            facts = extract_source(rel, "python", path.read_bytes(), ExtractionSettings(), parse)
            assert decode_facts(encode_facts(facts), rel) == facts, rel


def _cache_file(root: Path) -> Path:
    [cache_file] = Path(os.environ["WSLINT_CACHE_DIR"]).glob(f"{root.name}-*/facts-v2.jsonl")
    return cache_file


def test_a_warm_run_writes_no_cache_and_a_touched_one_rewrites_only_its_entry(tmp_path: Path) -> None:
    root = tmp_path / "warm-writes"
    shutil.copytree(FIXTURES / "realistic", root, ignore=shutil.ignore_patterns(".wslint_cache"))
    (root / ".git").mkdir()
    options = CheckOptions(paths=[root])
    cold = run_check(options)
    cache_file = _cache_file(root)
    written = cache_file.stat()
    warm = run_check(options)
    assert (warm.files_parsed, warm.findings) == (0, cold.findings)
    assert (cache_file.stat().st_ino, cache_file.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)
    before = cache_file.read_text().splitlines()
    touched = next(path for path in sorted(root.rglob("*.py")) if b".websocket(" in path.read_bytes())
    touched.write_bytes(touched.read_bytes() + b"\n# touched\n")
    assert run_check(options).files_parsed == 1
    after = cache_file.read_text().splitlines()
    quoted = f'"{touched.relative_to(root).as_posix()}"'
    # every other entry written back as it was read
    assert set(before) - set(after) == {line for line in before if quoted in line}
    assert set(after) - set(before) == {line for line in after if quoted in line} != set()


def test_a_file_name_with_tabs_newlines_and_quotes_is_cached_like_any_other(tmp_path: Path) -> None:
    name = 'app/x\ttab\nline"quote\\é.py'
    cache = FactsCache(tmp_path)
    facts = FileFacts(name, "python", [ParseError(SourceRef(name, 3, 1), "x")])
    cache.put(name, "k", facts)
    cache.put("app/y.py", "k", FileFacts("app/y.py", "python"))
    cache.save()
    again = FactsCache(tmp_path)
    assert again.get(name, "k") == facts
    assert again.get("app/y.py", "k") == FileFacts("app/y.py", "python")
    assert len((tmp_path / "facts-v2.jsonl").read_text().splitlines()) == 3  # the header, two entries


def test_a_file_changed_between_its_two_reads_is_checked_as_it_is_now_and_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``HELD_SOURCE_BYTES``, a file to parse is read once for the byte test and its cache
    key, and again to be parsed: facts of the second bytes must not be stored under the key of
    the first. Below it, the bytes are read once."""
    from wslint import extract
    from wslint.files import SourceFile

    first = b"from fastapi import FastAPI\napp = FastAPI()\n@app.websocket('/ws/a')\nasync def a(ws): ...\n"
    second = first.replace(b"/ws/a", b"/ws/b")
    settings_key = ExtractionSettings().key()
    read = extract._read
    reads: list[str] = []

    def read_then_edit(rel: str, path: str | Path, notices: list[str]) -> bytes | None:
        source = read(rel, path, notices)
        reads.append(rel)
        Path(path).write_bytes(second)  # edited right after any read
        return source

    monkeypatch.setattr(extract, "_read", read_then_edit)

    def check(held_bytes: int) -> tuple[list[str], FactsCache]:
        monkeypatch.setattr(extract, "HELD_SOURCE_BYTES", held_bytes)
        (tmp_path / "app.py").write_bytes(first)
        reads.clear()
        cache = FactsCache(tmp_path / f"cache{held_bytes}")
        files = [SourceFile("app.py", tmp_path / "app.py", "python")]
        python = extract.extract_all(files, cache, ExtractionSettings()).facts[0].python
        assert python is not None and len(reads) == (1 if held_bytes else 2)
        cache.save()
        return [endpoint.path for endpoint in python.endpoints], FactsCache(tmp_path / f"cache{held_bytes}")

    paths, cache = check(held_bytes=0)
    assert paths == ["/ws/b"]
    assert cache.get("app.py", extract.content_key(first, settings_key)) is None
    assert cache.get("app.py", extract.content_key(second, settings_key)) is None
    paths, cache = check(held_bytes=len(first))
    assert paths == ["/ws/a"]
    assert cache.get("app.py", extract.content_key(first, settings_key)) is not None
