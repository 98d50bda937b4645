"""A real-shaped corpus: the Python and TypeScript sources of published packages that ship
FastAPI / Starlette WebSocket code and socket-heavy frontend code, laid out as one project
(``backend/``, ``frontend/``) and copied N times.

Packages are fetched once with the ordinary clients (``pip download`` of the sdists, ``npm
pack`` of the tarballs) into a cache folder outside the repository
(``$WSLINT_BENCH_CACHE``, default ``~/.cache/wslint-bench``); a package that cannot be fetched
is left out with a message. Versions are pinned, so the corpus is the same everywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

# sdists with FastAPI WebSocket code: fastapi's docs_src has the tutorial endpoints, starlette
# the socket machinery and its tests, the others broadcast and RPC over sockets.
PYTHON_PACKAGES = [
    "fastapi==0.115.0",
    "starlette==0.38.6",
    "broadcaster==0.3.1",
    "fastapi-websocket-rpc==0.1.29",
]
# npm tarballs that ship their TypeScript sources: a socket hook library, rxjs (its
# webSocket subject), TanStack Query (the fetch/poll side of a React frontend).
NPM_PACKAGES = [
    "react-use-websocket@4.13.0",
    "rxjs@7.8.2",
    "@tanstack/query-core@5.59.0",
    "@tanstack/react-query@5.59.0",
]
SOURCE_SUFFIXES = (".py", ".ts", ".tsx")


def cache_dir() -> Path:
    return Path(os.environ.get("WSLINT_BENCH_CACHE") or Path.home() / ".cache" / "wslint-bench")


def _fetch(command: list[str], folder: Path, name: str) -> Path | None:
    folder.mkdir(parents=True, exist_ok=True)
    before = set(folder.iterdir())
    try:
        subprocess.run(command, cwd=folder, check=True, capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as error:
        print(f"bench: could not fetch {name} ({type(error).__name__}); left out", file=sys.stderr)
        return None
    new = sorted(set(folder.iterdir()) - before)
    return new[0] if new else None


def _archive(spec: str, kind: str) -> Path | None:
    """The downloaded archive of one package, fetched on first use."""
    folder = cache_dir() / kind / spec.replace("/", "_").replace("@", "_").replace("==", "-")
    existing = sorted(folder.glob("*.t*gz")) if folder.is_dir() else []
    if existing:
        return existing[0]
    if kind == "pypi":
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:"]
        return _fetch([*command, spec, "-d", "."], folder, spec)
    npm = shutil.which("npm")
    if npm is None:
        print(f"bench: npm not found; {spec} left out", file=sys.stderr)
        return None
    return _fetch([npm, "pack", "--silent", spec], folder, spec)


def _unpack_sources(archive: Path, destination: Path) -> int:
    """Every .py/.ts/.tsx (no .d.ts) of the archive under ``destination``; returns the count."""
    count = 0
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            name = member.name
            if not member.isfile() or not name.endswith(SOURCE_SUFFIXES) or name.endswith(".d.ts"):
                continue
            parts = Path(name).parts[1:]  # drop the archive's top folder (name-version/, package/)
            if not parts or ".." in parts:
                continue
            target = destination.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            if source is not None:
                target.write_bytes(source.read())
                count += 1
    return count


def base_corpus() -> Path:
    """One copy of the corpus, unpacked in the cache folder (built on first use)."""
    base = cache_dir() / "corpus"
    marker = base / ".complete"
    if marker.exists():
        return base
    shutil.rmtree(base, ignore_errors=True)
    for specs, kind, side in ((PYTHON_PACKAGES, "pypi", "backend"), (NPM_PACKAGES, "npm", "frontend")):
        for spec in specs:
            archive = _archive(spec, kind)
            if archive is not None:
                name = spec.rsplit("@", 1)[0] if kind == "npm" else spec.split("==")[0]
                _unpack_sources(archive, base / side / name.replace("/", "_").lstrip("@"))
    marker.write_text("")
    return base


def build_corpus(destination: Path, copies: int) -> Path:
    """``copies`` copies of the base corpus side by side under ``destination``, as one project."""
    base = base_corpus()
    destination.mkdir(parents=True)
    (destination / ".git").mkdir()  # the project root, so nothing above it is read
    (destination / ".semgrepignore").write_text("")  # semgrep reads every file too (no test/ skip)
    skip = shutil.ignore_patterns(".complete", ".wslint_cache")
    for number in range(copies):
        shutil.copytree(base, destination / f"copy{number:02}", ignore=skip)
    return destination


def describe(root: Path) -> str:
    py = [path.stat().st_size for path in root.rglob("*.py")]
    ts = [path.stat().st_size for path in root.rglob("*.ts*")]
    megabytes = (sum(py) + sum(ts)) / 1e6
    return f"{len(py) + len(ts)} files ({len(py)} .py, {len(ts)} .ts/.tsx), {megabytes:.1f} MB"
