"""Route paths and frontend URLs match by suffix, parameters as one segment."""

import pytest

from wslint.link import helper_names_match, join_paths, paths_match


@pytest.mark.parametrize(
    ("route", "url"),
    [
        ("/ws/queue", "/ws/queue"),
        ("/ws/queue", "/api/v1/ws/queue"),  # router mounted under a prefix the route does not show
        ("/api/v1/ws/queue", "/ws/queue"),  # base URL carries the prefix
        ("/ws/adw-state/{adw_id}", "/ws/adw-state/{}"),
        ("/ws/orders/{order_id}", "/api/v1/ws/orders/{}"),
        ("/ws/item/{id}", "/ws/item/42"),
        ("/ws", "/ws"),
    ],
)
def test_paths_that_name_the_same_socket(route: str, url: str) -> None:
    assert paths_match(route, url)


@pytest.mark.parametrize(
    ("route", "url"),
    [
        ("/ws/prices", "/ws/prices/{}"),
        ("/ws/prices/{symbol}", "/ws/prices"),
        ("/ws/queue", "/ws/queues"),
        ("/ws", "/ws/notifications"),
        ("/ws/{channel}", "/{}"),  # nothing literal agrees
        ("/", "/ws"),
    ],
)
def test_paths_that_differ(route: str, url: str) -> None:
    assert not paths_match(route, url)


def test_join_paths_normalises_slashes() -> None:
    assert join_paths("/api/v1/", "/ws/", "queue") == "/api/v1/ws/queue"
    assert join_paths("", "/ws/queue") == "/ws/queue"


def test_helper_names_match_through_an_aliased_root() -> None:
    assert helper_names_match("apiConfig.websocket.queue", "apiConfig.websocket.queue")
    assert helper_names_match("apiConfig.websocket.queue", "config.websocket.queue")
    assert not helper_names_match("apiConfig.websocket.queue", "apiConfig.websocket.workflows")
    assert not helper_names_match("getQueueUrl", "queue")
