"""Fix texts speak the project's language: every file they name exists in the checked project,
and they name the project's own broadcasters, types, routes and URL helper module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, run_check_findings

FIXTURE_DIRS = sorted(path for path in FIXTURES.iterdir() if (path / "expected.json").is_file())
# a file path as fix texts write one: segments, an extension, maybe a :line
_PATH = re.compile(
    r"(?<![\w/.<-])((?:[\w.-]+/)*[\w.-]+\.(?:py|pyi|tsx?|jsx?|mjs|cjs|md|json|toml))(?::\d+)?\b"
)


@pytest.mark.parametrize("fixture", FIXTURE_DIRS, ids=lambda path: path.name)
def test_every_path_in_every_fix_exists(fixture: Path) -> None:
    for finding in run_check_findings(fixture, select=["ALL"]):
        for path in _PATH.findall(finding.fix):
            assert (fixture / path).is_file(), f"{finding.code} at {finding.ref.path}: fix names {path}"


def fixes_of(fixture: str, code: str) -> list[str]:
    return [f.fix for f in run_check_findings(FIXTURES / fixture) if f.code == code]


def test_ws201_names_the_projects_own_broadcasters_to_copy() -> None:
    [fix] = fixes_of("realistic", "WS201")
    assert (
        "`PortfolioService.apply_fill` does for `position_changed` at backend/app/services/trading.py:36"
        in fix
    )
    assert "`MarketFeed._poll_prices` at backend/app/services/market_feed.py:69 does for `price_tick`" in fix
    assert "started from backend/app/services/market_feed.py" in fix
    assert "background_tasks.py" not in fix


def test_ws201_offers_a_poller_as_a_poller_and_a_relay_as_a_relay() -> None:
    [polls] = fixes_of("realistic", "WS201")
    assert "poll in a background task that compares with the last state it sent, like `MarketFeed" in polls
    [relays] = fixes_of("ward-board", "WS201")
    waits = "push from a background task that waits for the change, like `AdmissionsRelay.run` at "
    assert waits + "backend/ward/admissions.py:19" in relays
    assert "compares with the last state" not in relays


def test_ws201_without_a_broadcaster_to_copy_is_generic_and_names_no_file(tmp_path: Path) -> None:
    from tests.helpers import write_project

    root = write_project(
        tmp_path / "lonely",
        {
            "app/main.py": (
                "from fastapi import FastAPI, WebSocket\n\napp = FastAPI()\n\n\n"
                '@app.websocket("/ws/status")\nasync def status(websocket: WebSocket) -> None:\n'
                "    await websocket.accept()\n"
                '    await websocket.send_json({"type": "status_update", "data": 1})\n'
                "    while True:\n        await websocket.receive_text()\n"
            )
        },
    )
    [finding] = [f for f in run_check_findings(root) if f.code == "WS201"]
    assert "asyncio.create_task(...)" in finding.fix
    assert not _PATH.findall(finding.fix)


def test_ws303_names_the_closest_type_the_backend_sends() -> None:
    [fix] = fixes_of("chat-app", "WS303")
    assert fix.startswith(
        "The closest type the backend sends is `user_joined` (sent at server/app/routes/chat.py:19)"
    )


def test_ws303_for_a_type_only_unrun_code_sends_says_to_start_that_code() -> None:
    """realistic's ``alert_triggered`` is sent only by a watcher nothing starts: the closest type
    the backend sends would be the awaited one itself, so the fix names the sender to start."""
    (first, second) = fixes_of("realistic", "WS303")[2:]
    expected = (
        "Start `AlertService.watch_price_alerts` where the application starts (a lifespan or startup "
        "handler, `asyncio.create_task(...)`), or send `alert_triggered` where that event happens "
        "(`wslint explain WS303` quotes the checklist)."
    )
    assert first == second == expected


def test_ws304_names_the_closest_route() -> None:
    [fix] = fixes_of("realistic", "WS304")
    assert (
        "Open `/api/v1/ws/orders/{order_id}` (served by `websocket_order` at backend/app/api/routes/ws.py:41)"
        in fix
    )


def test_ws302_and_ws301_name_the_url_helper_module_the_project_keeps() -> None:
    [ws302] = fixes_of("realistic", "WS302")
    assert ws302.startswith("Add a URL helper for `/ws/logs` in web/src/lib/ws.ts beside `wsUrls.health`")
    [ws301] = fixes_of("realistic", "WS301")
    assert "in web/src/lib/ws.ts beside" in ws301


def test_ws202_names_where_the_project_starts_its_tasks() -> None:
    [fix] = fixes_of("realistic", "WS202")
    assert fix.startswith("Start it where this project starts `MarketFeed._poll_prices`, in ")
    assert "backend/app/services/market_feed.py: `asyncio.create_task(self.watch_price_alerts())`" in fix
