"""The callers pass: a file the byte test skips is parsed when it calls one of the project's
senders, and the cache never hides such a caller, whatever changed elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

from tests.helpers import rows, write_project
from wslint.engine import CheckOptions, CheckResult, run_check
from wslint.extract import ExtractionSettings, extract_source

# ``send_it`` is filled in by each test: the sender's name
ROUTES = """\
from fastapi import FastAPI, WebSocket

app = FastAPI()
clients: list[WebSocket] = []


@app.websocket("/ws")
async def feed(websocket: WebSocket) -> None:
    await websocket.accept()
    clients.append(websocket)


async def send_it(kind: str) -> None:
    for client in clients:
        await client.send_json({"type": kind})
"""

# no socket word: the byte test skips it; parsed, ``save`` is a broadcaster nobody starts (WS202)
SERVICE = """\
from app.ws import tell_board


async def save(item: dict) -> None:
    item["saved"] = True
    await tell_board("item_saved")
"""
SAVE_NEVER_STARTED = ("WS202", "app/service.py", 4, "save")


def _check(root: Path, use_cache: bool = True) -> CheckResult:
    return run_check(CheckOptions(paths=[root], use_cache=use_cache))


def test_a_warm_run_parses_a_cached_file_that_calls_a_renamed_sender(tmp_path: Path) -> None:
    root = write_project(tmp_path / "renamed-sender", {"app/service.py": SERVICE})
    (root / "app/ws.py").write_text(ROUTES.replace("send_it", "notify_change"))
    first = _check(root)
    assert first.files_parsed == 1  # service.py calls no sender: skipped, its facts cached
    assert SAVE_NEVER_STARTED not in rows(first.findings)
    # only the sender's file changes: service.py's cached facts must still find it calling
    (root / "app/ws.py").write_text(ROUTES.replace("send_it", "tell_board"))
    warm = _check(root)
    assert warm.files_parsed == 2
    assert SAVE_NEVER_STARTED in rows(warm.findings)
    assert warm.findings == _check(root, use_cache=False).findings
    [cache_file] = Path(os.environ["WSLINT_CACHE_DIR"]).glob("renamed-sender-*/facts-v2.jsonl")
    written = cache_file.stat()
    again = _check(root)
    assert (again.files_parsed, again.findings) == (0, warm.findings)
    # both facts of service.py, skipped and parsed as a caller, were cached: nothing to write
    assert (cache_file.stat().st_ino, cache_file.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)


def test_a_sender_named_beyond_ascii_finds_its_caller_cached_or_not(tmp_path: Path) -> None:
    name = "benachrichtigé"
    root = write_project(
        tmp_path / "p",
        {"app/ws.py": ROUTES.replace("send_it", name), "app/service.py": SERVICE.replace("tell_board", name)},
    )
    cold = _check(root, use_cache=False)
    assert cold.files_parsed == 2
    assert SAVE_NEVER_STARTED in rows(cold.findings)
    assert _check(root).findings == cold.findings
    warm = _check(root)
    assert (warm.files_parsed, warm.findings) == (0, cold.findings)


def test_a_skipped_file_records_the_calls_that_could_name_a_sender() -> None:
    source = b"""\
from app.ws import (notify_change,
    tell_board)
import helpers


def save(item):  # tell_board(item) once
    notify_change ("saved")
    helpers.run(item)
    helpers.Hub(item).__init__(item)
    x1notify_all(item)
    _private_helper(item)
"""
    facts = extract_source("app/service.py", "python", source, ExtractionSettings(), parse=False)
    assert facts.skipped and facts.python is not None
    # not ``tell_board`` (in a comment, imported only), ``run`` (too common), ``Hub`` (too short),
    # ``__init__``
    assert facts.python.called_names == {"import", "save", "notify_change", "x1notify_all", "_private_helper"}
    tests = extract_source("tests/test_service.py", "python", source, ExtractionSettings(), parse=False)
    assert tests.python is not None and tests.python.called_names == set()
