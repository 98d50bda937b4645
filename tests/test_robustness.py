"""Whatever wslint meets, it reports what it can, says what it could not read (WS001 or a
one-line notice), checks the rest, and never prints a traceback.

Each test pins the exact outcome: exit code, finding rows ``(code, path, line, symbol)``
and the notice text.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import FIXTURES, CliRun, Row, check_rows, expected_rows, rows, run_cli, write_project
from wslint import workers
from wslint.config import ConfigError, load_config
from wslint.engine import CheckOptions, run_check
from wslint.files import SourceFile

SMALL = FIXTURES / "ws201-missing-broadcaster"
SMALL_ROWS: list[Row] = [("WS201", "backend/app/websocket_routes.py", 45, "system_status_update")]
SOURCE_SUFFIXES = (".py", ".ts", ".tsx")


def copy_fixture(fixture: Path, destination: Path) -> Path:
    shutil.copytree(fixture, destination, ignore=shutil.ignore_patterns(".wslint_cache"))
    (destination / ".git").mkdir(exist_ok=True)
    return destination


def cli_rows(done: CliRun) -> list[Row]:
    assert "Traceback" not in done.stderr, done.stderr
    data = json.loads(done.stdout)
    return sorted((item["code"], item["path"], int(item["line"]), item["symbol"]) for item in data)


def check_json(root: Path, *args: str, cwd: Path | None = None) -> CliRun:
    return run_cli("check", *args, "--no-cache", "--output-format", "json", str(root), cwd=cwd or root)


def notices(done: CliRun) -> list[str]:
    return done.stderr.splitlines()


def positions(root: Path) -> list[tuple[str, str, int, int, str]]:
    findings = run_check(CheckOptions(paths=[root], use_cache=False, select=["ALL"])).findings
    return sorted((f.code, f.ref.path, f.ref.line, f.ref.col, f.symbol) for f in findings)


def rewrite_sources(root: Path, change: object) -> None:
    for path in sorted(root.rglob("*")):
        if path.suffix in SOURCE_SUFFIXES and path.is_file():
            path.write_bytes(change(path.read_bytes()))  # type: ignore[operator]


# --- unreadable content ---------------------------------------------------------------


def test_syntax_errors_are_ws001_with_line_and_other_findings_still_reported(tmp_path: Path) -> None:
    root = copy_fixture(SMALL, tmp_path / "p")
    (root / "backend/app/broken.py").write_text('"""websocket helpers."""\n\ndef broken(:\n    pass\n')
    (root / "frontend/src/broken.ts").write_text("// websocket client\nexport const a = 1;\n} else {\n")
    done = check_json(root)
    assert done.returncode == 1
    assert done.stderr == ""
    assert cli_rows(done) == sorted(
        [
            *SMALL_ROWS,
            ("WS001", "backend/app/broken.py", 3, "backend/app/broken.py"),
            ("WS001", "frontend/src/broken.ts", 3, "frontend/src/broken.ts"),
        ]
    )


def test_file_that_is_not_utf8_is_ws001_at_the_bad_byte(tmp_path: Path) -> None:
    root = copy_fixture(SMALL, tmp_path / "p")
    (root / "backend/app/latin1.py").write_bytes(b"# websocket\nNAME = 'caf\xe9'\n")
    (root / "frontend/src/latin1.ts").write_bytes(b"// websocket\n\nexport const name = 'caf\xe9';\n")
    done = check_json(root)
    assert done.returncode == 1
    assert cli_rows(done) == sorted(
        [
            *SMALL_ROWS,
            ("WS001", "backend/app/latin1.py", 2, "backend/app/latin1.py"),
            ("WS001", "frontend/src/latin1.ts", 3, "frontend/src/latin1.ts"),
        ]
    )
    messages = {item["path"]: item["message"] for item in json.loads(done.stdout)}
    assert "not valid UTF-8" in messages["backend/app/latin1.py"]
    assert "not valid UTF-8" in messages["frontend/src/latin1.ts"]


def test_utf8_bom_keeps_facts_and_positions(tmp_path: Path) -> None:
    root = copy_fixture(FIXTURES / "realistic", tmp_path / "p")
    rewrite_sources(root, lambda data: b"\xef\xbb\xbf" + data)
    assert check_rows(root) == expected_rows(FIXTURES / "realistic")
    assert positions(root) == positions(FIXTURES / "realistic")


def test_crlf_line_endings_keep_line_numbers(tmp_path: Path) -> None:
    root = copy_fixture(FIXTURES / "realistic", tmp_path / "p")
    rewrite_sources(root, lambda data: data.replace(b"\n", b"\r\n"))
    assert check_rows(root) == expected_rows(FIXTURES / "realistic")
    assert positions(root) == positions(FIXTURES / "realistic")


BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) + b"websocket broadcast\n"


def test_binary_file_with_a_source_suffix_is_ws001(tmp_path: Path) -> None:
    root = copy_fixture(SMALL, tmp_path / "p")
    (root / "backend/app/image.py").write_bytes(BINARY)
    (root / "frontend/src/image.ts").write_bytes(BINARY)
    # valid UTF-8 with NUL bytes: Python refuses the whole file (no line: reported on line 1),
    # tree-sitter at the NUL
    (root / "backend/app/nul.py").write_bytes(b"# websocket\n\x00\x00\x00\n")
    (root / "frontend/src/nul.ts").write_bytes(b"// websocket\n\x00\x00\x00\n")
    # binary without any word wslint looks for: skipped by its bytes alone, silently
    (root / "backend/app/blob.py").write_bytes(bytes(range(256)) * 4)
    done = check_json(root)
    assert done.returncode == 1
    assert done.stderr == ""
    assert cli_rows(done) == sorted(
        [
            *SMALL_ROWS,
            ("WS001", "backend/app/image.py", 1, "backend/app/image.py"),
            ("WS001", "backend/app/nul.py", 1, "backend/app/nul.py"),
            ("WS001", "frontend/src/image.ts", 1, "frontend/src/image.ts"),
            ("WS001", "frontend/src/nul.ts", 2, "frontend/src/nul.ts"),
        ]
    )


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="generic functions are Python 3.12 syntax")
def test_syntax_newer_than_the_running_python_is_ws001_naming_it_and_the_run_goes_on(tmp_path: Path) -> None:
    root = copy_fixture(SMALL, tmp_path / "p")
    (root / "backend/app/generic.py").write_text(
        "from fastapi import WebSocket\n\n\ndef first[T](items: list[T]) -> T:\n    return items[0]\n"
    )
    done = check_json(root)
    generic = "backend/app/generic.py"
    assert cli_rows(done) == sorted([*SMALL_ROWS, ("WS001", generic, 4, generic)])
    message = next(item["message"] for item in json.loads(done.stdout) if item["code"] == "WS001")
    running = f"Python {sys.version_info.major}.{sys.version_info.minor}"
    assert f"({running} cannot parse it; newer syntax needs a newer Python)" in message


def test_a_nul_inside_a_string_literal_is_ws001_not_an_internal_error(tmp_path: Path) -> None:
    root = copy_fixture(SMALL, tmp_path / "p")
    names = b'"""Names the WebSocket layer sends."""\n_ORDER = "\x00order_"\n'
    names += b'ORDER_STATUS = _ORDER + "status"\n'
    (root / "backend/app/names.py").write_bytes(names)
    done = check_json(root)
    messages = [item["message"] for item in json.loads(done.stdout) if item["code"] == "WS001"]
    assert messages == [
        "cannot parse `backend/app/names.py`: source contains NUL bytes; its WebSocket facts are not checked"
    ]
    refused = ("WS001", "backend/app/names.py", 1, "backend/app/names.py")
    assert cli_rows(done) == sorted([*SMALL_ROWS, refused])


def test_empty_files_are_clean(tmp_path: Path) -> None:
    root = copy_fixture(FIXTURES / "gold", tmp_path / "p")
    for rel in (
        "app/server/empty.py",
        "app/server/services/websocket_empty.py",
        "app/client/src/empty.ts",
        "app/client/src/index.tsx",
    ):
        (root / rel).write_bytes(b"")
    done = run_cli("check", "--no-cache", str(root))
    assert (done.returncode, done.stdout, done.stderr) == (0, "All checks passed! (20 files)\n", "")


def test_file_over_two_megabytes_is_skipped_with_a_notice(tmp_path: Path) -> None:
    root = copy_fixture(SMALL, tmp_path / "p")
    line = b"@router.websocket('/ws/generated')  # websocket\n"
    (root / "backend/app/huge.py").write_bytes(line * (5 * 1024 * 1024 // len(line) + 1))
    (root / "frontend/src/bundle.ts").write_bytes(b"// ws\n" + b"x" * (5 * 1024 * 1024))
    done = check_json(root)
    assert done.returncode == 1
    assert cli_rows(done) == SMALL_ROWS
    assert notices(done) == [
        "wslint: backend/app/huge.py: skipped, larger than 2 MB",
        "wslint: frontend/src/bundle.ts: skipped, larger than 2 MB",
    ]


@pytest.mark.slow
def test_generated_files_of_one_and_a_half_megabytes(tmp_path: Path) -> None:
    """The TS table is parsed (tree-sitter needs ~90 MB for it); the Python one is estimated at
    ~1 GB (the worst case per source byte, a flat table of tiny items), over the memory budget:
    a notice, not a gigabyte worker."""
    root = copy_fixture(SMALL, tmp_path / "p")
    size = 1536 * 1024
    table = b"".join(
        b"VALUE_%d = {'id': %d, 'name': 'item_%d', 'tags': [1, 2, 3]}\n" % (i, i, i) for i in range(40000)
    )
    table = table[: table.rfind(b"\n", 0, size - 600) + 1]
    python = (
        b"# generated: websocket routes\nfrom fastapi import APIRouter, WebSocket\n\nrouter = APIRouter()\n"
        + table
        + b"\n\n@router.websocket('/ws/generated')\n"
        b"async def websocket_generated(websocket: WebSocket) -> None:\n"
        b"    await websocket.accept()\n"
        b"    await websocket.send_json({'type': 'generated_update', 'data': VALUE_1})\n"
        b"    while True:\n        await websocket.receive_text()\n"
    )
    (root / "backend/app/generated.py").write_bytes(python)
    items = b"".join(b"  { id: %d, name: 'item_%d', tags: [1, 2, 3] },\n" % (i, i) for i in range(40000))
    items = items[: items.rfind(b"\n", 0, size - 200) + 1]
    typescript = (
        b"export const TABLE = [\n" + items + b"];\nexport const socket = new WebSocket('/ws/nowhere');\n"
    )
    (root / "frontend/src/generated.ts").write_bytes(typescript)
    assert 1.4 * 1024 * 1024 < len(python) <= size and 1.4 * 1024 * 1024 < len(typescript) <= size
    started = time.monotonic()
    done = check_json(root)
    elapsed = time.monotonic() - started
    assert done.returncode == 1
    assert notices(done) == [
        "wslint: backend/app/generated.py: skipped, analysing it would take more than 512 MB of memory"
    ]
    assert cli_rows(done) == sorted(
        [*SMALL_ROWS, ("WS304", "frontend/src/generated.ts", typescript.count(b"\n"), "/ws/nowhere")]
    )
    assert elapsed < 60, f"{elapsed:.1f} s"  # the TS parse takes ~1 s


# --- deep nesting ---------------------------------------------------------------------

DEEP_PYTHON = b"# websocket\nDATA = " + b"(" * 2000 + b"1" + b")" * 2000 + b"\n"
DEEP_OBJECTS = b"// websocket\nexport const data = " + b"{ a: " * 2000 + b"1" + b" }" * 2000 + b";\n"
DEEP_ARRAYS = b"// websocket\nexport const data = " + b"[" * 2000 + b"]" * 2000 + b";\n"
DEEP_ROWS: list[Row] = [("WS001", "backend/app/deep.py", 2, "backend/app/deep.py")]


def deep_project(root: Path, padding_files: int) -> Path:
    root = copy_fixture(SMALL, root)
    (root / "backend/app/deep.py").write_bytes(DEEP_PYTHON)
    (root / "frontend/src/deepObjects.ts").write_bytes(DEEP_OBJECTS)
    (root / "frontend/src/deepArrays.ts").write_bytes(DEEP_ARRAYS)
    for number in range(padding_files):  # each one passes the byte prefilter, so it is parsed
        (root / f"backend/app/pad_{number:02}.py").write_text(
            f'"""websocket helper {number}."""\nX = {number}\n'
        )
    return root


def test_deep_nesting_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = deep_project(tmp_path / "p", padding_files=0)
    monkeypatch.setattr(workers, "BatchPool", None)  # would fail if workers were used
    result = run_check(CheckOptions(paths=[root], use_cache=False))
    assert rows(result.findings) == sorted([*SMALL_ROWS, *DEEP_ROWS])
    assert "too deeply nested" in next(f.message for f in result.findings if f.code == "WS001")
    assert result.notices == []


def test_deep_nesting_in_the_process_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = deep_project(tmp_path / "p", padding_files=4)
    pools: list[int] = []
    real_pool = workers.BatchPool

    def counting_pool(*args: Any) -> Any:
        pools.append(args[2])
        return real_pool(*args)

    monkeypatch.setattr(workers, "BatchPool", counting_pool)
    monkeypatch.setattr(workers, "POOL_MIN_BYTES", 1)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    result = run_check(CheckOptions(paths=[root], use_cache=False))
    assert pools == [2]
    assert rows(result.findings) == sorted([*SMALL_ROWS, *DEEP_ROWS])
    assert result.notices == []


def test_deep_nesting_through_the_cli(tmp_path: Path) -> None:
    root = deep_project(tmp_path / "p", padding_files=4)
    done = check_json(root)
    assert (done.returncode, done.stderr) == (1, "")
    assert cli_rows(done) == sorted([*SMALL_ROWS, *DEEP_ROWS])


# --- the file system --------------------------------------------------------------------


def test_symlink_loops_are_not_followed(tmp_path: Path) -> None:
    root = copy_fixture(SMALL, tmp_path / "p")
    (root / "backend/app/loop").symlink_to("..", target_is_directory=True)
    (root / "backend/app/self").symlink_to(".", target_is_directory=True)
    (root / "backend/app/a.py").symlink_to("b.py")
    (root / "backend/app/b.py").symlink_to("a.py")
    (root / "backend/app/me.py").symlink_to("me.py")
    (root / "backend/app/dangling.py").symlink_to("nowhere.py")
    done = check_json(root)
    assert done.returncode == 1
    assert cli_rows(done) == SMALL_ROWS
    assert notices(done) == [
        "wslint: backend/app/a.py: skipped, symlink loop",
        "wslint: backend/app/b.py: skipped, symlink loop",
        "wslint: backend/app/me.py: skipped, symlink loop",
    ]


def test_symlinks_pointing_outside_the_checked_tree_are_not_followed(tmp_path: Path) -> None:
    outside = copy_fixture(FIXTURES / "ws304-unknown-endpoint", tmp_path / "outside")
    root = copy_fixture(SMALL, tmp_path / "p")
    (root / "frontend/src/linked").symlink_to(outside / "frontend/src", target_is_directory=True)
    (root / "frontend/src/Viewer.tsx").symlink_to(outside / "frontend/src/components/BuildLogViewer.tsx")
    (root / "frontend/src/Inside.tsx").symlink_to(root / "frontend/src/api.ts")
    done = check_json(root)
    assert (done.returncode, done.stderr) == (1, "")
    assert cli_rows(done) == SMALL_ROWS
    assert expected_rows(outside)  # the file outside does have a finding


def test_unreadable_file_is_a_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root, who runs these tests in CI: make the read fail instead
    root = copy_fixture(SMALL, tmp_path / "p")
    locked = root / "backend/app/locked.py"
    locked.write_text("# websocket\nraise SystemExit\n")
    real_open = builtins.open

    def open_unless_locked(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, Path)) and Path(file) == locked:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_unless_locked)
    result = run_check(CheckOptions(paths=[root], use_cache=False))
    assert rows(result.findings) == SMALL_ROWS
    assert result.notices == ["backend/app/locked.py: cannot read: Permission denied"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_its_mode(tmp_path: Path) -> None:
    root = copy_fixture(SMALL, tmp_path / "p")
    locked = root / "backend/app/locked.py"
    locked.write_text("# websocket\n")
    locked.chmod(0)
    try:
        done = check_json(root)
    finally:
        locked.chmod(0o644)
    assert done.returncode == 1
    assert cli_rows(done) == SMALL_ROWS
    assert notices(done) == ["wslint: backend/app/locked.py: cannot read: Permission denied"]


def test_named_pipe_with_a_source_suffix_does_not_hang(tmp_path: Path) -> None:
    root = copy_fixture(SMALL, tmp_path / "p")
    os.mkfifo(root / "backend/app/pipe.py")
    started = time.monotonic()
    done = check_json(root)
    assert time.monotonic() - started < 30
    assert done.returncode == 1
    assert cli_rows(done) == SMALL_ROWS
    assert notices(done) == ["wslint: backend/app/pipe.py: skipped, not a regular file"]


def test_file_deleted_during_the_run_is_a_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wslint import engine

    root = copy_fixture(SMALL, tmp_path / "p")
    real_discover = engine.discover

    def discover_then_delete(*args: object, **kwargs: object) -> object:
        found = real_discover(*args, **kwargs)  # type: ignore[arg-type]
        ghost = root / "backend/app/ghost.py"
        found.files.append(SourceFile("backend/app/ghost.py", ghost, "python"))
        return found

    monkeypatch.setattr(engine, "discover", discover_then_delete)
    result = run_check(CheckOptions(paths=[root], use_cache=False))
    assert rows(result.findings) == SMALL_ROWS
    assert result.notices == ["backend/app/ghost.py: vanished while checking"]


def test_path_argument_that_does_not_exist_exits_two_with_one_line(tmp_path: Path) -> None:
    root = copy_fixture(SMALL, tmp_path / "p")
    done = run_cli("check", "--no-cache", str(root), str(root / "missing"))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"wslint: error: path does not exist: {root / 'missing'}\n"


def test_directory_without_python_or_typescript_reports_nothing_and_warns(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"README.md": "# docs\n", "data/values.json": "{}\n", "app.pyc": ""})
    done = run_cli("check", str(root))
    warning = f"wslint: warning: no Python or TypeScript files found under {root}\n"
    assert (done.returncode, done.stdout, done.stderr) == (0, "All checks passed! (0 files)\n", warning)
    assert sorted(path.name for path in root.iterdir()) == [".git", "README.md", "app.pyc", "data"]


# --- configuration ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('per-file-ignores = ["legacy/*"]\n', '`per-file-ignores` must be a table of "glob" = [codes]'),
        (
            '[per-file-ignores]\n"legacy/*" = "WS201"\n',
            "`per-file-ignores.legacy/*` must be a list of strings",
        ),
        ('severity = "error"\n', '`severity` must be a table of CODE = "error|warning|info"'),
        ("[severity]\nWS201 = 1\n", "`severity.WS201` must be a string"),
        ('[severity]\nWS201 = "fatal"\n', "`severity.WS201` must be one of error, warning, info"),
        ("push-methods = [1]\n", "`push-methods` must be a list of strings"),
        ("cache-dir = 3\n", "`cache-dir` must be a string"),
        (b"select = ['WS2']\n# caf\xe9\n", "invalid TOML: not valid UTF-8"),
    ],
)
def test_config_of_the_wrong_type_is_one_line_naming_file_and_key(
    tmp_path: Path, text: str | bytes, message: str
) -> None:
    path = tmp_path / "wslint.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[severity]\nWS999 = "error"\n', "severity: unknown rule code `WS999`"),
        ('select = ["WS999"]\n', "select: unknown rule code or prefix `WS999`"),
        ('ignore = ["WS9"]\n', "ignore: unknown rule code or prefix `WS9`"),
        (
            '[per-file-ignores]\n"legacy/*" = ["WS999"]\n',
            "per-file-ignores.legacy/*: unknown rule code or prefix `WS999`",
        ),
        ("colour = true\n", "unknown key `colour`"),
        ("select = [\n", "invalid TOML"),
        (b"select = ['WS2']\n# caf\xe9\n", "invalid TOML: not valid UTF-8"),
    ],
)
def test_bad_config_exits_two_with_one_line(tmp_path: Path, text: str | bytes, message: str) -> None:
    root = copy_fixture(SMALL, tmp_path / "p")
    config = root / "wslint.toml"
    config.write_bytes(text if isinstance(text, bytes) else text.encode())
    done = run_cli("check", "--no-cache", str(root))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"wslint: error: {config}: ")
    assert message in done.stderr
    assert len(done.stderr.splitlines()) == 1


# --- hostile names ----------------------------------------------------------------------


def hostile_project(root: Path) -> Path:
    """The small fixture with its backend under ``--help/`` and odd file names."""
    root.mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copytree(SMALL / "backend", root / "--help")
    shutil.copytree(SMALL / "frontend", root / "my front end ü")
    shutil.move(root / "--help/app/websocket_routes.py", root / "--help/app/-rf.py")
    shutil.move(root / "--help/app/state.py", root / "--help/app/état du système.py")
    (root / "--help/app/websocket_routes.py").write_text("from .state import x  # nothing here\n")
    routes = root / "--help/app/-rf.py"
    routes.write_text(routes.read_text().replace("from .state import", "from .état_du_système import"))
    (root / "-x.ts").write_text("// websocket\n} else {\n")
    return root


HOSTILE_ROWS: list[Row] = [
    ("WS001", "-x.ts", 2, "-x.ts"),
    ("WS201", "--help/app/-rf.py", 45, "system_status_update"),
]


def test_hostile_names_found_by_discovery(tmp_path: Path) -> None:
    root = hostile_project(tmp_path / "p")
    done = run_cli("check", "--no-cache", "--output-format", "json", cwd=root)
    assert (done.returncode, done.stderr) == (1, "")
    assert cli_rows(done) == HOSTILE_ROWS


def test_hostile_names_as_arguments(tmp_path: Path) -> None:
    root = hostile_project(tmp_path / "p")
    json_flags = ("--no-cache", "--output-format", "json")
    as_directory = run_cli("check", *json_flags, "--", "--help", cwd=root)
    assert (as_directory.returncode, as_directory.stderr) == (1, "")
    assert cli_rows(as_directory) == [("WS201", "--help/app/-rf.py", 45, "system_status_update")]
    as_file = run_cli("check", *json_flags, "--", "--help/app/-rf.py", cwd=root)
    assert cli_rows(as_file) == [("WS201", "--help/app/-rf.py", 45, "system_status_update")]
    spaced = run_cli("check", *json_flags, "--", "-x.ts", "my front end ü", cwd=root)
    assert (spaced.returncode, spaced.stderr) == (1, "")
    assert cli_rows(spaced) == [("WS001", "-x.ts", 2, "-x.ts")]
    # without ``--`` a leading dash is an option: a usage error, one line
    option = run_cli("check", "-rf.py", cwd=root / "--help/app")
    assert option.returncode == 2 and len(option.stderr.splitlines()) == 1
    assert option.stderr.startswith("wslint: error: No such option: -r")


def test_file_name_that_is_not_utf8_is_a_notice(tmp_path: Path) -> None:
    root = copy_fixture(SMALL, tmp_path / "p")
    app = os.fsencode(root / "backend/app")
    with open(os.path.join(app, b"bad\xff.py"), "wb") as handle:
        handle.write(b"# websocket\ndef f(:\n")
    for fmt in ("json", "sarif", "full", "junit"):
        done = run_cli("check", "--no-cache", "--output-format", fmt, str(root))
        assert done.returncode == 1, done.stderr
        assert notices(done) == ["wslint: backend/app/bad\ufffd.py: skipped, its name is not valid UTF-8"]
    assert cli_rows(check_json(root)) == SMALL_ROWS


# --- nothing written into the checked tree ------------------------------------------


def snapshot(root: Path) -> dict[str, bytes | None]:
    return {
        path.relative_to(root).as_posix(): (path.read_bytes() if path.is_file() else None)
        for path in sorted(root.rglob("*"))
    }


def test_check_writes_nothing_into_the_tree_and_caches_outside_it(tmp_path: Path) -> None:
    root = copy_fixture(FIXTURES / "realistic", tmp_path / "p")
    before = snapshot(root)
    cache = {"WSLINT_CACHE_DIR": str(tmp_path / "cache")}
    first = run_cli("check", str(root), env=cache)
    second = run_cli("check", str(root), env=cache)
    assert first.returncode == second.returncode == 1
    # the same findings; the summary says the second run parsed nothing (all from the cache)
    assert first.stdout.splitlines()[:-1] == second.stdout.splitlines()[:-1]
    assert second.stdout.splitlines()[-1].startswith("Checked 31 files (0 parsed): ")
    assert snapshot(root) == before
    assert list((tmp_path / "cache").glob("p-*/facts-v2.jsonl"))


def test_check_without_cache_writes_nothing(tmp_path: Path) -> None:
    root = copy_fixture(FIXTURES / "realistic", tmp_path / "p")
    before = snapshot(root)
    for fmt in ("full", "json", "sarif"):
        done = run_cli("check", "--no-cache", "--output-format", fmt, str(root), cwd=root)
        assert done.returncode == 1
    assert snapshot(root) == before


# --- damaged state and unwritable outputs ---------------------------------------------


def _numbers_as_strings(facts: str) -> str:
    return re.sub(r"\[(\d+),(\d+)\]", r'["\1","\2"]', facts)


@pytest.mark.parametrize(
    "damage",
    [
        lambda key, path, facts: "not an entry",
        lambda key, path, facts: f"{key}\tnull\t{facts}",
        lambda key, path, facts: f"{key}\t{path}\t{facts.replace('python', 'cobol', 1)}",
        lambda key, path, facts: f'{key}\t{path}\t{{"facts": {facts}}}',
        lambda key, path, facts: f"{key}\t{path}\t{facts[: len(facts) // 2]}",
        lambda key, path, facts: f"{key}\t{path}\t{_numbers_as_strings(facts)}",
    ],
    ids=["not-an-entry", "path-null", "unknown-language", "facts-an-object", "cut-short", "text-for-numbers"],
)
def test_damaged_cache_entries_are_extracted_afresh(tmp_path: Path, damage: Any) -> None:
    root = copy_fixture(SMALL, tmp_path / "p")
    cache = {"WSLINT_CACHE_DIR": str(tmp_path / "cache")}
    assert run_cli("check", str(root), env=cache).returncode == 1
    [cache_file] = (tmp_path / "cache").glob("p-*/facts-v2.jsonl")
    header, *entries = cache_file.read_text().splitlines()
    damaged = [damage(*entry.split("\t", 2)) for entry in entries]
    assert damaged != entries
    cache_file.write_text("\n".join([header, *damaged]) + "\n")
    done = run_cli("check", "--output-format", "json", str(root), cwd=root, env=cache)
    assert (done.returncode, done.stderr) == (1, "")
    assert cli_rows(done) == SMALL_ROWS
    # extracted afresh and stored again as they were
    assert sorted(cache_file.read_text().splitlines()) == sorted([header, *entries])


@pytest.mark.parametrize("flag", ["--output-file", "--write-baseline"])
def test_unwritable_output_file_is_one_line_not_an_internal_error(tmp_path: Path, flag: str) -> None:
    root = copy_fixture(SMALL, tmp_path / "p")
    target = tmp_path / "missing-dir" / "out.json"
    done = run_cli("check", "--no-cache", flag, str(target), str(root))
    assert done.returncode == 2
    assert done.stderr == f"wslint: error: cannot write {target}: No such file or directory\n"
