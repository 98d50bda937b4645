"""A gate nobody can fool: hostile inputs as files in a temporary project, through the CLI.

Each test stands for one way a checked tree (a pull request) or a new user's first run could
make wslint pass while a real bug sits in the code, or print, leak or write what it should
not. The project below has one real WS201.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import run_cli, write_project
from wslint.facts import FileFacts

ROUTES = """\
from fastapi import APIRouter, WebSocket

router = APIRouter()


@router.websocket("/ws/status")
async def status(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_json({"type": "status_update", "data": []})
"""
WS201 = ("WS201", "app/ws.py", 9, "status_update")


def _project(root: Path, extra: dict[str, str] | None = None) -> Path:
    return write_project(root, {"app/ws.py": ROUTES, **(extra or {})})


def _rows(done: subprocess.CompletedProcess[str]) -> list[tuple[str, str, int, str]]:
    assert done.returncode in (0, 1), done.stderr
    return sorted(
        (item["code"], item["path"], item["line"], item["symbol"]) for item in json.loads(done.stdout)
    )


def _json(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli("check", "--output-format", "json", *args, cwd=cwd, env=env)


# --- 1. say what was read ---------------------------------------------------------------


def test_summary_says_how_many_files_were_read(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", {"app/util.py": "x = 1\n"})
    done = run_cli("check", "--no-cache", "--output-format", "concise", cwd=root)
    assert done.stdout.splitlines()[-1] == "Checked 2 files (1 parsed): found 1 problem (1 error)."
    statistics = run_cli("check", "--no-cache", "--statistics", cwd=root)
    assert statistics.stdout.splitlines()[-1] == "Checked 2 files (1 parsed): found 1 problem (1 error)."


def test_empty_directory_is_a_warning_not_a_silent_green(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"notes.md": "# nothing to lint\n"})
    done = run_cli("check", "--no-cache", ".", cwd=root)
    assert (done.returncode, done.stdout) == (0, "All checks passed! (0 files)\n")
    assert done.stderr == "wslint: warning: no Python or TypeScript files found under .\n"
    # --quiet keeps the warning; only --silent hides it
    assert run_cli("check", "--no-cache", "-q", cwd=root).stderr == done.stderr
    assert run_cli("check", "--no-cache", "--silent", cwd=root).stderr == ""


def test_no_endpoint_is_a_note(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"web/src/api.ts": "export const ws = new WebSocket('/ws/x');\n"})
    done = run_cli("check", "--no-cache", cwd=root)
    assert done.stdout == "All checks passed! (1 file)\n"
    assert "note: no WebSocket endpoint found in the backend; frontend checks skipped" in done.stderr


# --- 2. a path the user names is checked --------------------------------------------------


def test_git_ignored_directory_named_on_the_command_line_is_checked(tmp_path: Path) -> None:
    repo = write_project(tmp_path / "repo", {".gitignore": "generated/\n*.log\n"})
    _project(repo / "generated/service")
    (repo / "generated/service/app/debug.log").write_text("not source\n")
    (repo / "generated/service/.git").rmdir()  # one repository: the outer one
    done = _json("--no-cache", "generated/service", cwd=repo)
    assert _rows(done) == [("WS201", "generated/service/app/ws.py", 9, "status_update")]
    # the same folder is still skipped from above, and with --force-exclude
    assert _rows(_json("--no-cache", cwd=repo)) == []
    assert _rows(_json("--no-cache", "--force-exclude", "generated/service", cwd=repo)) == []
    # and read from above when .gitignore is not respected (flag or config)
    assert len(_rows(_json("--no-cache", "--no-respect-gitignore", cwd=repo))) == 1
    (repo / "wslint.toml").write_text("respect-gitignore = false\n")
    assert len(_rows(_json("--no-cache", cwd=repo))) == 1


# --- 3. skips are visible and narrow ------------------------------------------------------


def test_show_files_and_verbose_skips(tmp_path: Path) -> None:
    root = _project(
        tmp_path / "p",
        {"node_modules/lib/index.js": "x\n", "web/types.d.ts": "declare const x: number;\n"},
    )
    done = run_cli("check", "--show-files", "-v", cwd=root)
    assert (done.returncode, done.stdout) == (0, "app/ws.py\n")
    assert "wslint: skipped node_modules/: dependency, tool or cache folder\n" in done.stderr
    assert "wslint: skipped web/types.d.ts: type declarations\n" in done.stderr


def test_pyvenv_cfg_alone_does_not_hide_a_package(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", {"app/pyvenv.cfg": "home = /usr\n"})
    assert _rows(_json("--no-cache", cwd=root)) == [WS201]
    (root / "app/bin").mkdir()
    (root / "app/bin/python").write_text("")
    assert _rows(_json("--no-cache", cwd=root)) == []  # a real virtualenv is skipped


def test_build_folder_of_source_is_read_unless_beside_a_manifest(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"src/build/ws.py": ROUTES})
    assert _rows(_json("--no-cache", cwd=root)) == [("WS201", "src/build/ws.py", 9, "status_update")]
    (root / "src/pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert _rows(_json("--no-cache", cwd=root)) == []


def test_one_long_line_does_not_hide_a_typescript_file(tmp_path: Path) -> None:
    icon = "data:image/png;base64," + "iVBORw0KGgo" * 400
    hook = (
        "// bundled by hand, no __webpack_require__ here\n"
        f"export const ICON = '{icon}';\n"
        "export function useStatus() {\n"
        "  const socket = new WebSocket('/ws/status');\n"
        "  socket.onmessage = (event) => {\n"
        "    const message = JSON.parse(event.data);\n"
        "    if (message.type === 'status_updated') console.log(message);\n"
        "  };\n"
        "}\n"
    )
    root = _project(tmp_path / "p", {"web/src/useStatus.ts": hook, "web/package.json": "{}\n"})
    codes = [row[0] for row in _rows(_json("--no-cache", cwd=root))]
    assert "WS303" in codes  # the hook's wrong type is seen


def test_file_skipped_for_size_is_said_even_under_quiet(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", {"app/big.py": "x = 1\n" * 400_000})
    done = run_cli("check", "--no-cache", "-q", cwd=root)
    assert "wslint: app/big.py: skipped, larger than 2 MB\n" in done.stderr
    assert "big.py" not in run_cli("check", "--no-cache", "--silent", cwd=root).stderr


# --- 4. a file argument never walks above its project -------------------------------------


def test_file_outside_any_project_is_read_alone(tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    (scratch / "other").mkdir(parents=True)
    (scratch / "ws.py").write_text(ROUTES)
    os.mkfifo(scratch / "other" / "pipe.py")  # reading the folder would say so
    done = _json("--no-cache", "ws.py", cwd=scratch)
    assert _rows(done) == [("WS201", "ws.py", 9, "status_update")]
    assert "pipe.py" not in done.stderr


def test_file_wslint_does_not_read_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli("check", "/etc/passwd", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "wslint: error: not a Python or TypeScript source file: /etc/passwd\n"


# --- 5. paths relative to the current directory; baselines from any folder ----------------


def test_paths_are_relative_to_the_current_directory_and_baselines_match_from_anywhere(
    tmp_path: Path,
) -> None:
    repo = write_project(tmp_path / "repo", {"backend/app/ws.py": ROUTES})
    from_root = _json("--no-cache", "backend", cwd=repo)
    assert _rows(from_root) == [("WS201", "backend/app/ws.py", 9, "status_update")]
    from_inside = _json("--no-cache", cwd=repo / "backend")
    assert _rows(from_inside) == [("WS201", "app/ws.py", 9, "status_update")]
    github = run_cli("check", "--no-cache", "--output-format", "github", "backend", cwd=repo)
    assert github.stdout.startswith("::error file=backend/app/ws.py,line=9,")
    baseline = tmp_path / "baseline.json"
    run_cli("check", "--no-cache", "--write-baseline", str(baseline), cwd=repo / "backend")
    assert json.loads(baseline.read_text())["findings"][0]["path"] == "backend/app/ws.py"
    for cwd, args in ((repo, ()), (repo, ("backend",)), (repo / "backend", ()), (repo / "backend/app", ())):
        assert _rows(_json("--no-cache", "--baseline", str(baseline), *args, cwd=cwd)) == []
    # and SARIF fingerprints, which code scanning tracks across runs, do not change either
    fingerprints = {
        json.loads(run_cli("check", "--no-cache", "--output-format", "sarif", cwd=cwd).stdout)["runs"][0][
            "results"
        ][0]["partialFingerprints"]["wslint/v1"]
        for cwd in (repo, repo / "backend", repo / "backend/app")
    }
    assert len(fingerprints) == 1


# --- 6. unknown codes in ignores; one file as baseline and output -------------------------


def test_unknown_code_in_an_inline_ignore_is_reported(tmp_path: Path) -> None:
    routes = ROUTES.replace('"data": []})', '"data": []})  # wslint: ignore[WS201, WS999]')
    root = write_project(tmp_path / "p", {"app/ws.py": routes})
    done = _json("--no-cache", cwd=root)
    [record] = json.loads(done.stdout)
    assert (record["code"], record["symbol"]) == ("WS002", "WS999")
    assert "no rule has the code `WS999`" in record["message"]


def test_same_file_as_baseline_and_write_baseline_is_a_usage_error(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    (root / "b.json").write_text('{"version": 1, "findings": []}\n')
    done = run_cli("check", "--no-cache", "--baseline", "b.json", "--write-baseline", "./b.json", cwd=root)
    assert done.returncode == 2
    assert done.stderr.startswith("wslint: error: --baseline and --write-baseline name the same file")
    assert (root / "b.json").read_text() == '{"version": 1, "findings": []}\n'


# --- 7. a committed cache never decides findings ------------------------------------------


def _forged_cache(root: Path, facts_for: dict[str, FileFacts]) -> Path:
    """A `.wslint_cache/` as a pull request could commit it: the content hash is public."""
    from wslint.cache import FactsCache, content_key
    from wslint.extract import ExtractionSettings

    settings = ExtractionSettings().key()
    folder = root / ".wslint_cache"
    cache = FactsCache(folder)
    for rel, facts in facts_for.items():
        cache.put(rel, content_key((root / rel).read_bytes(), settings), facts)
    cache.save()
    for marker in (".gitignore", "CACHEDIR.TAG"):  # committed without them
        (folder / marker).unlink()
    [cache_file] = folder.iterdir()
    return cache_file


def _extracted_facts(root: Path, rel: str) -> FileFacts:
    from wslint.extract import ExtractionSettings, extract_source

    facts = extract_source(rel, "python", (root / rel).read_bytes(), ExtractionSettings())
    facts.imports_web_framework = True
    return facts


def test_committed_cache_cannot_erase_an_endpoint(tmp_path: Path) -> None:
    from wslint.cache import FactsCache, content_key
    from wslint.extract import ExtractionSettings

    root = _project(tmp_path / "p")
    erased = _extracted_facts(root, "app/ws.py")
    assert erased.python is not None
    erased.python.endpoints = []
    _forged_cache(root, {"app/ws.py": erased})
    # a well-formed entry: read as the cache, it would erase the endpoint
    key = content_key((root / "app/ws.py").read_bytes(), ExtractionSettings().key())
    assert FactsCache(root / ".wslint_cache").get("app/ws.py", key) == erased
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    env = {"WSLINT_CACHE_DIR": str(tmp_path / "user-cache")}
    assert _rows(_json(cwd=root, env=env)) == [WS201]
    # nor when the config points the cache at it: git tracks it, so it is not used
    (root / "wslint.toml").write_text('cache-dir = ".wslint_cache"\n')
    done = _json(cwd=root, env=env)
    assert _rows(done) == [WS201]
    assert "wslint: .wslint_cache: not used as the cache, git tracks files in it\n" in done.stderr


def test_cache_entry_moved_to_a_path_elsewhere_never_reaches_the_report(tmp_path: Path) -> None:
    """An entry holds no path but the one it is stored under: moved to a file outside the
    project, it is no file's entry, and nothing of that file is read."""
    root = _project(tmp_path / "p")
    (tmp_path / "secret.txt").write_text("line one\nline two\nline three\nTOKEN=hunter2\n" * 3)
    cache_dir = tmp_path / "user-cache"
    env = {"WSLINT_CACHE_DIR": str(cache_dir)}
    run_cli("check", cwd=root, env=env)
    [cache_file] = cache_dir.glob("p-*/facts-v2.jsonl")
    text = cache_file.read_text()
    assert text.count('"app/ws.py"') == 1
    cache_file.write_text(text.replace('"app/ws.py"', '"../secret.txt"'))
    done = run_cli("check", cwd=root, env=env)
    assert "hunter2" not in done.stdout + done.stderr
    assert "app/ws.py:9:40: WS201" in done.stdout  # extracted afresh
    assert done.stdout.splitlines()[-1].startswith("Checked 1 file (1 parsed)")


# --- 8. output cannot forge CI annotations or terminal control ----------------------------

FORGED_TYPE = "x\\n::error file=a.py,line=1::forged"


@pytest.mark.parametrize("fmt", ["full", "concise", "github", "json", "json-lines", "sarif", "junit"])
def test_message_type_cannot_start_a_ci_command(tmp_path: Path, fmt: str) -> None:
    root = _project(tmp_path / "p")
    (root / "app/ws.py").write_text(ROUTES.replace("status_update", FORGED_TYPE))
    done = run_cli("check", "--no-cache", "--output-format", fmt, cwd=root)
    assert done.returncode == 1, done.stderr
    assert not any(line.startswith("::error file=a.py") for line in done.stdout.splitlines())
    if fmt == "github":
        assert "%0A::error file=a.py" in done.stdout


def test_file_name_with_a_newline_or_an_escape_cannot_forge_output(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    evil = root / "app" / "x\n::error file=a.py,line=1::forged\x1b[2J.py"
    evil.write_text(ROUTES)  # a second WS201, in the file with the hostile name
    for fmt in ("full", "concise", "github"):
        done = run_cli("check", "--no-cache", "--output-format", fmt, cwd=root)
        lines = (done.stdout + done.stderr).splitlines()
        assert not any(line.startswith("::error file=a.py") for line in lines), fmt
        assert "\x1b" not in done.stdout + done.stderr, fmt


@pytest.mark.parametrize("fmt", ["full", "concise", "github", "json", "json-lines", "sarif", "junit"])
def test_lone_surrogate_in_a_string_literal_does_not_crash(tmp_path: Path, fmt: str) -> None:
    root = _project(tmp_path / "p")
    (root / "app/ws.py").write_text(ROUTES.replace('"status_update"', '"s\\ud800"'))
    done = run_cli("check", "--no-cache", "--output-format", fmt, cwd=root)
    assert done.returncode == 1, done.stderr
    assert "internal error" not in done.stderr


# --- 9. config stays inside the repository ------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "key"),
    [
        ('docs = "/proc/self/environ"', "docs"),
        ('docs = "../outside.md"', "docs"),
        ('docs = "linked.md"', "docs"),
        ('cache-dir = "/tmp"', "cache-dir"),
        ('backend = ["../elsewhere"]', "backend"),
        ('frontend = ["/"]', "frontend"),
        ('exclude = ["../x"]', "exclude"),
    ],
)
def test_config_paths_outside_the_project_are_errors(tmp_path: Path, setting: str, key: str) -> None:
    root = _project(tmp_path / "p", {"wslint.toml": setting + "\n"})
    (tmp_path / "outside.md").write_text("# doc\n")
    (tmp_path / "elsewhere").mkdir()
    (root / "linked.md").symlink_to("/proc/self/environ")
    done = run_cli("check", "--no-cache", "--select", "ALL", cwd=root)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and f"`{key}`" in done.stderr, done.stderr
    assert "is outside the project root" in done.stderr


def test_docs_must_be_a_regular_file(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", {"wslint.toml": 'docs = "doc.md"\n'})
    os.mkfifo(root / "doc.md")
    done = run_cli("check", "--no-cache", "--select", "ALL", cwd=root)
    assert done.returncode == 2
    assert done.stderr.endswith("`docs` = 'doc.md' is not a regular file\n")


# --- 10. writes ---------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
def test_no_write_through_a_symlink_in_the_checked_tree(tmp_path: Path, flag: str) -> None:
    root = _project(tmp_path / "p")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (root / "report.txt").symlink_to(victim)
    done = run_cli("check", "--no-cache", flag, "report.txt", cwd=root)
    assert done.returncode == 2
    assert "symlink inside the checked tree" in done.stderr
    assert victim.read_text() == "precious\n"


def test_output_replaces_the_file_whole(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    (root / "out.json").write_text("old")
    done = run_cli("check", "--no-cache", "--output-format", "json", "-o", "out.json", cwd=root)
    assert done.returncode == 1
    assert json.loads((root / "out.json").read_text())[0]["code"] == "WS201"
    assert sorted(path.name for path in root.iterdir()) == [".git", "app", "out.json"]
