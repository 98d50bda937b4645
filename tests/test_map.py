"""``wslint map`` agrees with ``wslint check``: a phase is missing where a finding says so,
and a map of one file is the whole project's map narrowed, never a different verdict."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import FIXTURES, run_cli
from wslint.engine import CheckOptions, run_check
from wslint.map import build_map, render_text
from wslint.map.common import mark
from wslint.map.model import ProjectMap


def project_map(*paths: Path, **options: object) -> ProjectMap:
    return build_map(run_check(CheckOptions(paths=list(paths), use_cache=False, **options)))  # type: ignore[arg-type]


def marks(mapped: ProjectMap) -> list[tuple[str, str, str, str, str, str]]:
    return [
        (
            endpoint.path,
            ", ".join(item.name for item in endpoint.types) or "?",
            mark(endpoint.phase(1)),
            mark(endpoint.phase(2)),
            ", ".join(endpoint.url_helpers) or "-",
            mark(endpoint.phase(3)),
        )
        for endpoint in mapped.endpoints
    ]


REALISTIC_MARKS = [
    ("/api/v1/ws/orders/{order_id}", "order_status", "✓", "✓", "-", "✗ WS301"),  # no URL helper
    ("/api/v1/ws/portfolio", "snapshot", "✓", "✓", "wsUrls.portfolio", "✓"),  # snapshot, then deltas
    ("/api/v1/ws/prices/{symbol}", "price_tick", "✓", "✓", "wsUrls.prices", "✓"),
    ("/api/v1/ws/watchlist", "watchlist", "✓", "✗ WS201", "wsUrls.watchlist", "✓"),
    ("/ws/health", "?", "✓", "·", "wsUrls.health", "✓"),
    ("/ws/logs", "?", "✓", "·", "-", "✗ WS302"),
]


def test_map_of_the_realistic_fixture() -> None:
    mapped = project_map(FIXTURES / "realistic")
    assert marks(mapped) == REALISTIC_MARKS
    assert [(loose.name, loose.codes) for loose in mapped.loose_types] == [
        ("alert_triggered", ()),
        ("cash_changed", ()),
        ("market_status", ("WS206",)),
        ("position_changed", ()),
    ]
    alert = mapped.loose_types[0].pushed_by[0]
    assert (alert.function, alert.started, alert.codes) == (
        "AlertService.watch_price_alerts",
        False,
        ("WS202",),
    )
    assert [(item.client.url, item.client.codes) for item in mapped.unserved_clients] == [
        ("/api/v1/ws/orders", ("WS304",))
    ]
    assert {item.name for item in mapped.unsent_types} == {"order_cancelled"}
    assert [(item.at, item.codes, item.conditional) for item in mapped.polling] == [
        ("web/src/components/AccountSummary.tsx:11", ("WS701",), False),
        ("web/src/components/OrderDetail.tsx:25", (), True),
    ]


def test_who_pushes_and_who_listens() -> None:
    mapped = project_map(FIXTURES / "realistic")
    prices = next(item for item in mapped.endpoints if item.path == "/api/v1/ws/prices/{symbol}")
    assert prices.parameters == ("symbol",)
    pusher = prices.types[0].pushed_by[0]
    assert (pusher.function, pusher.at, pusher.started) == (
        "MarketFeed._poll_prices",
        "backend/app/services/market_feed.py:78",
        True,
    )
    watchlist = next(item for item in mapped.endpoints if item.path == "/api/v1/ws/watchlist")
    assert [(c.via, c.components) for c in watchlist.clients] == [
        ("helper:wsUrls.watchlist", ("RealtimeProvider",))
    ]


def _realistic_repository(tmp_path: Path) -> Path:
    """The realistic fixture as a repository of its own, so a file in it scopes to it."""
    root = tmp_path / "realistic"
    shutil.copytree(FIXTURES / "realistic", root)
    (root / ".git").mkdir()
    return root


def test_a_map_of_one_file_is_the_whole_map_narrowed(tmp_path: Path) -> None:
    root = _realistic_repository(tmp_path)
    whole = {row[0]: row for row in marks(project_map(root))}
    one_file = project_map(root / "backend" / "app" / "main.py")
    assert one_file.scope == ("backend/app/main.py",)
    rows = marks(one_file)
    assert [row[0] for row in rows] == ["/ws/health", "/ws/logs"]
    assert rows == [whole[row[0]] for row in rows]
    # the frontend file that opens the unserved URL: its endpoint rows keep their verdicts
    frontend = marks(project_map(root / "web" / "src" / "lib" / "ws.ts"))
    assert frontend and frontend == [whole[row[0]] for row in frontend]


def test_a_map_of_a_configured_projects_folder_keeps_the_whole_projects_verdicts(tmp_path: Path) -> None:
    root = _realistic_repository(tmp_path)
    (root / "wslint.toml").write_text('backend = ["backend"]\nfrontend = ["web"]\n', encoding="utf-8")
    whole = {row[0]: row for row in marks(project_map(root))}
    services = marks(project_map(root / "backend" / "app" / "services"))
    assert services
    assert services == [whole[row[0]] for row in services]


def test_map_honours_select_and_ignore() -> None:
    mapped = project_map(FIXTURES / "realistic", ignore=["WS201"])
    watchlist = next(item for item in mapped.endpoints if item.path == "/api/v1/ws/watchlist")
    assert mark(watchlist.phase(2)) == "✓"
    assert "WS201" not in {finding.code for finding in mapped.findings}


def test_text_is_not_cut_when_piped() -> None:
    done = run_cli("map", "fixtures/realistic", "--no-cache")
    assert done.returncode == 0, done.stderr
    assert "…" not in done.stdout
    for route, *_ in REALISTIC_MARKS:
        assert route in done.stdout
    assert "helper:wsUrls.watchlist (web/src/lib/ws.ts:9) ← RealtimeProvider" in done.stdout
    assert "marks: ✓ no finding in this phase" in done.stdout


def test_text_folds_to_a_terminal_width_without_losing_anything() -> None:
    text = render_text(project_map(FIXTURES / "realistic"), width=60)
    assert max(len(line) for line in text.splitlines() if line.startswith(("┃", "│", "┏", "└"))) <= 60
    assert "…" not in text
    assert "/api/v1/ws/or" in text  # folded, not cut


def test_map_writes_the_output_file_and_rejects_an_unknown_format(tmp_path: Path) -> None:
    target = tmp_path / "map.md"
    done = run_cli(
        "map", "fixtures/realistic", "--no-cache", "--output-format", "markdown", "-o", str(target)
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("### WebSocket map of realistic")
    bad = run_cli("map", "fixtures/realistic", "--no-cache", "--output-format", "sarif")
    assert bad.returncode == 2
    assert "unknown map format `sarif`" in bad.stderr


def test_map_of_routers_included_into_a_router_shows_the_paths_they_are_served_at() -> None:
    # ``sockets.router`` (prefix ``/ws``) is included into ``api_router`` (``/v2``), which the app
    # includes under ``/api``: each socket is served, and opened by the UI, at the whole path
    mapped = project_map(FIXTURES / "ward-board")
    assert [(endpoint.path, [item.url for item in endpoint.clients]) for endpoint in mapped.endpoints] == [
        ("/api/v2/ws/census", ["/api/v2/ws/census"]),
        ("/api/v2/ws/pager", ["/api/v2/ws/pager"]),
        ("/api/v2/ws/wards/{ward_id}", ["/api/v2/ws/wards/{}"]),
    ]
