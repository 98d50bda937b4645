"""The Mermaid map renders: every fixture's chart (and one of awkward names) through the
``mermaid`` npm package in headless Chromium, with no parse error and a node per endpoint."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO
from tests.test_map_formats import FIXTURE_DIRS, awkward_map, fixture_map
from wslint.map import render_map

MERMAID_DIR = REPO / "tests" / "mermaid"
MERMAID_JS = MERMAID_DIR / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=60000",  # let the page's promises settle before the DOM is dumped
]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")


def render_in_chromium(charts: list[str], workdir: Path) -> list[dict[str, Any]]:
    browser = _chromium()
    if not MERMAID_JS.is_file():
        pytest.skip("mermaid is not installed: run `npm ci` in tests/mermaid")
    page = (MERMAID_DIR / "render.html.template").read_text(encoding="utf-8")
    page = page.replace("MERMAID_JS", MERMAID_JS.as_uri())
    page = page.replace("CHARTS_JSON", json.dumps(charts).replace("</", "<\\/"))
    target = workdir / "render.html"
    target.write_text(page, encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", target.as_uri()],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    found = re.search(r'<pre id="results">(.*?)</pre>', done.stdout, flags=re.S)
    assert found is not None, done.stderr[-2000:]
    text = html.unescape(found.group(1))
    assert text != "pending", "the charts did not finish rendering"
    results: list[dict[str, Any]] = json.loads(text)
    return results


@pytest.mark.slow
def test_every_fixtures_map_renders_with_a_node_per_endpoint(tmp_path: Path) -> None:
    maps = [fixture_map(fixture.name) for fixture in FIXTURE_DIRS] + [awkward_map(tmp_path)]
    charts = [render_map("mermaid", mapped) for mapped in maps]
    charts.append('flowchart LR\n  a["unclosed\n')  # proves a parse error would be seen
    results = render_in_chromium(charts, tmp_path)
    assert not results.pop()["ok"]
    names = [fixture.name for fixture in FIXTURE_DIRS] + ["awkward"]
    for name, mapped, result in zip(names, maps, results, strict=True):
        assert result["ok"], f"{name}: {result.get('error')}"
        endpoint_nodes = set(re.findall(r'id="chart\d+-flowchart-(e\d+)-\d+"', result["svg"]))
        assert endpoint_nodes == {f"e{index}" for index in range(len(mapped.endpoints))}, name
    labels = re.findall(r"<p>(.*?)</p>", results[-1]["svg"])  # the names arrive as text, intact
    assert 'we"ird]--&gt;|`#35;&lt;i&gt;' in labels
    assert '/ws/a"b]--&gt;c|d`e#35;&lt;b&gt;{room_id}<br>awkward' in labels
