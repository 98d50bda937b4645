"""``wslint map`` agrees with ``wslint check``: a phase is missing where a finding says so."""

from tests.helpers import FIXTURES
from wslint.engine import CheckOptions, run_check
from wslint.topology import endpoint_rows


def test_map_rows_of_the_realistic_fixture() -> None:
    result = run_check(CheckOptions(paths=[FIXTURES / "realistic"], use_cache=False))
    marks = [
        (row["route"], row["types"], row["phase2"], row["helper"], row["phase3"])
        for row in endpoint_rows(result)
    ]
    assert marks == [
        ("/api/v1/ws/orders/{order_id}", "order_status", "✓", "-", "✗"),  # WS301: no URL helper
        ("/api/v1/ws/portfolio", "snapshot", "✓", "wsUrls.portfolio", "✓"),  # snapshot, then deltas
        ("/api/v1/ws/prices/{symbol}", "price_tick", "✓", "wsUrls.prices", "✓"),
        ("/api/v1/ws/watchlist", "watchlist", "✗", "wsUrls.watchlist", "✓"),  # WS201
        ("/ws/health", "?", "·", "wsUrls.health", "✓"),
        ("/ws/logs", "?", "·", "-", "✗"),  # WS302
    ]
