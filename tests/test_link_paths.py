"""Route paths and frontend URLs match by suffix, parameters as one segment."""

import textwrap

import pytest

from wslint.link import Project, helper_names_match, join_paths, paths_match
from wslint.python_facts import extract_python


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


# ------------------------------------------------------------------ prefixes of included routers

SOCKETS = """\
from fastapi import APIRouter, WebSocket

router = APIRouter(prefix="/ws")


@router.websocket("/census")
async def census(websocket: WebSocket) -> None:
    await websocket.accept()
"""


def served_paths(files: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Each endpoint's handler -> the paths it is served at, the project linked from ``files``."""
    facts = [extract_python(path, textwrap.dedent(source).encode()) for path, source in files.items()]
    return {linked.endpoint.handler: linked.served_paths for linked in Project(facts, True).endpoints}


def test_a_router_included_into_a_router_the_app_includes_is_served_under_both_prefixes() -> None:
    paths = served_paths(
        {
            "ward/api/sockets.py": SOCKETS,
            "ward/api/__init__.py": """
                from fastapi import APIRouter

                from .sockets import router as sockets_router

                api_router = APIRouter(prefix="/v2")
                api_router.include_router(sockets_router)
            """,
            "ward/main.py": """
                from fastapi import FastAPI

                from ward.api import api_router

                app = FastAPI()
                app.include_router(api_router, prefix="/api")
            """,
        }
    )
    assert paths == {"census": ("/api/v2/ws/census",)}


def test_a_chain_of_three_routers_joins_every_prefix_in_order() -> None:
    # prefixes on each ``APIRouter(prefix=...)`` and on each ``include_router(..., prefix=...)``,
    # the includers imported whole (``from ward import api``) or by name
    paths = served_paths(
        {
            "ward/api/sockets.py": SOCKETS,
            "ward/api/v2.py": """
                from fastapi import APIRouter

                from ward.api import sockets

                v2_router = APIRouter(prefix="/v2")
                v2_router.include_router(sockets.router, prefix="/live")
            """,
            "ward/api/__init__.py": """
                from fastapi import APIRouter

                from .v2 import v2_router

                api_router = APIRouter(prefix="/api")
                api_router.include_router(v2_router, prefix="/stable")
            """,
            "ward/main.py": """
                from fastapi import FastAPI

                from ward import api

                app = FastAPI()
                app.include_router(api.api_router, prefix="/ward")
            """,
        }
    )
    assert paths == {"census": ("/ward/api/stable/v2/live/ws/census",)}


def test_a_router_included_by_two_routers_is_served_at_both_paths() -> None:
    paths = served_paths(
        {
            "ward/api/sockets.py": SOCKETS,
            "ward/main.py": """
                from fastapi import APIRouter, FastAPI

                from ward.api import sockets

                v1 = APIRouter(prefix="/v1")
                v2 = APIRouter()
                v1.include_router(sockets.router)
                v2.include_router(sockets.router, prefix="/v2")

                app = FastAPI()
                app.include_router(v1, prefix="/api")
                app.include_router(v2, prefix="/api")
            """,
        }
    )
    assert paths == {"census": ("/api/v1/ws/census", "/api/v2/ws/census")}


def test_an_includer_that_cannot_be_named_adds_only_its_own_mount_prefix() -> None:
    # ``self.app`` and ``create_app()`` are no router wslint knows: their mounts give the path
    # they spell and nothing is guessed above them; the named ``api_router`` still chains
    paths = served_paths(
        {
            "ward/api/sockets.py": SOCKETS,
            "ward/api/pager.py": SOCKETS.replace('"/ws"', '"/pager"').replace("census", "pages"),
            "ward/server.py": """
                from fastapi import APIRouter

                from ward.api import pager, sockets

                api_router = APIRouter(prefix="/v2")
                api_router.include_router(sockets.router)


                class Server:
                    def routes(self) -> None:
                        self.app.include_router(api_router, prefix="/api")
                        create_app().include_router(pager.router, prefix="/old")
            """,
        }
    )
    assert paths == {"census": ("/api/v2/ws/census",), "pages": ("/old/pager/pages",)}


def test_a_starlette_mount_listed_in_a_mounted_route_list_is_served_under_both_mounts() -> None:
    paths = served_paths(
        {
            "feed/routes.py": """
                from starlette.routing import Mount, WebSocketRoute
                from starlette.endpoints import WebSocketEndpoint


                class FeedSocket(WebSocketEndpoint):
                    encoding = "json"


                feed_routes = [WebSocketRoute("/ws/feed", FeedSocket)]
                v1_routes = [Mount("/v1", routes=feed_routes)]
            """,
            "feed/main.py": """
                from starlette.applications import Starlette
                from starlette.routing import Mount

                from feed.routes import v1_routes

                app = Starlette(routes=[Mount("/api", routes=v1_routes)])
            """,
        }
    )
    assert paths == {"FeedSocket": ("/api/v1/ws/feed",)}
