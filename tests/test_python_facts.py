"""Unit tests of the Python extractor: the smallest snippet of each supported form."""

from __future__ import annotations

import sys
import textwrap

import pytest

from wslint.facts import (
    Broadcaster,
    Endpoint,
    FactoryCall,
    FileFacts,
    FirstMessage,
    Mount,
    ParseError,
    Push,
    PushLoop,
    PythonFacts,
    RouteFactory,
    SourceRef,
    TypeValue,
)
from wslint.flow import build_flow_model
from wslint.python_facts import PUSH_METHOD_NAMES, extract_python, might_hold_python_facts

PATH = "app/routes/ws.py"


def extract(source: str, path: str = PATH, extra: frozenset[str] = frozenset()) -> FileFacts:
    return extract_python(path, textwrap.dedent(source).lstrip("\n").encode(), extra_push_methods=extra)


def py(source: str, path: str = PATH, extra: frozenset[str] = frozenset()) -> PythonFacts:
    facts = extract(source, path, extra)
    assert facts.parse_errors == []
    assert facts.python is not None
    return facts.python


def ref(line: int, col: int, path: str = PATH) -> SourceRef:
    return SourceRef(path, line, col)


def value(text: str, line: int, col: int) -> TypeValue:
    return TypeValue(ref(line, col), value=text)


def symbol(name: str, line: int, col: int) -> TypeValue:
    return TypeValue(ref(line, col), symbol=name)


def pushed(facts: PythonFacts) -> list[tuple[str | None, str | None, str | None, int]]:
    """(value, symbol, pattern, line) of every push, the short form most tests compare."""
    return [(p.type.value, p.type.symbol, p.type.pattern, p.ref.line) for p in facts.pushes]


def only_endpoint(facts: PythonFacts) -> Endpoint:
    assert len(facts.endpoints) == 1
    return facts.endpoints[0]


# --------------------------------------------------------------------------- the byte test


@pytest.mark.parametrize(
    "source",
    [
        b"from fastapi import WebSocket\n",
        b"await manager.broadcast(message)\n",
        b"sio.emit('tick')\n",
        b"await redis.publish('c', m)\n",
        b"await ws.send_json(m)\n",
        b"app.include_router(r)\n",
        b"app.mount('/api', sub)\n",
        b"QUEUE_UPDATE = 'queue_update'\n",
        b'QUEUE_UPDATE: Final = "queue_update"\n',
        b"class Kind(str, Enum):\n    A = 'a'\n",
        b"class Msg(BaseModel):\n    type: Literal['msg'] = 'msg'\n",
        b"class Order(BaseModel):\n    def event(self):\n        return {'type': 'order_created'}\n",
    ],
)
def test_byte_test_accepts_files_that_may_hold_facts(source: bytes) -> None:
    assert might_hold_python_facts(source)


@pytest.mark.parametrize(
    "source",
    [
        b"def add(a, b):\n    return a + b\n",
        b"TIMEOUT = 30\n",
        b"def f():\n    NAME = 'local'\n",
        # request and response schemas: a model without a ``type`` carries no message type
        b"class Item(BaseModel):\n    name: str\n    price: float = 0.0\n",
        b"class Msg(BaseModel):\n    pass\n",
    ],
)
def test_byte_test_rejects_files_that_cannot(source: bytes) -> None:
    assert not might_hold_python_facts(source)


# ----------------------------------------------------------------------- path and errors


@pytest.mark.parametrize(
    ("path", "module"),
    [
        ("app/routes/ws.py", "app.routes.ws"),
        ("app/routes/__init__.py", "app.routes"),
        ("server.py", "server"),
    ],
)
def test_module_name_comes_from_the_path(path: str, module: str) -> None:
    assert py("x = 1\n", path=path).module == module


@pytest.mark.parametrize(
    ("path", "is_test"),
    [
        ("tests/routes/helpers.py", True),
        ("app/test/ws.py", True),
        ("app/test_ws.py", True),
        ("app/ws_test.py", True),
        ("conftest.py", True),
        ("app/testing.py", False),
        ("app/routes/ws.py", False),
        ("tests.py", False),
    ],
)
def test_test_files_are_recognised_by_path(path: str, is_test: bool) -> None:
    assert py("x = 1\n", path=path).is_test is is_test


def test_syntax_error_becomes_a_parse_error_with_its_position() -> None:
    facts = extract("def broken(:\n    pass\n")
    assert [error.ref for error in facts.parse_errors] == [ref(1, 12)]
    assert facts.parse_errors[0].message.startswith("syntax error:")
    assert facts.python is not None and facts.python.endpoints == []


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="the type statement is Python 3.12 syntax")
def test_syntax_newer_than_the_running_python_is_a_parse_error_naming_that_python() -> None:
    facts = extract("from fastapi import WebSocket\ntype Payload = dict[str, int]\n")
    running = f"Python {sys.version_info.major}.{sys.version_info.minor}"
    reader = f"{running} cannot parse it; newer syntax needs a newer Python"
    assert facts.parse_errors == [ParseError(ref(2, 6), f"syntax error: invalid syntax ({reader})")]
    assert facts.python is not None and facts.python.endpoints == []


def test_a_column_counts_characters_not_utf8_bytes() -> None:
    facts = py(
        """
        @app.websocket("/ws/é")
        async def café(websocket):  # «naïve»
            await websocket.send_json({"note": "ü", "type": "menü_update"})
        """
    )
    assert only_endpoint(facts).ref == ref(1, 16)
    assert only_endpoint(facts).initial_types == (value("menü_update", 3, 53),)


def test_bytes_that_are_not_utf8_become_a_parse_error() -> None:
    facts = extract_python(PATH, b"x = 1\ny = '\xff'\n")
    assert facts.parse_errors == [ParseError(ref(2, 6), "not valid UTF-8")]


def test_a_utf8_bom_does_not_shift_columns() -> None:
    facts = extract_python(PATH, b'\xef\xbb\xbf@app.websocket("/ws/x")\nasync def h(websocket):\n    pass\n')
    assert facts.parse_errors == []
    assert facts.python is not None
    assert only_endpoint(facts.python).ref == ref(1, 16)


@pytest.mark.parametrize(
    "source",
    [
        "x = " + "(" * 1600 + ")" * 1600 + "\n",  # the parser refuses it
        "x = 1" + " + 1" * 4000 + "\n",  # parsed, but nested deeper than the walk may recurse
    ],
)
def test_too_deep_nesting_becomes_a_parse_error_not_a_crash(source: str) -> None:
    facts = extract_python(PATH, source.encode())
    assert len(facts.parse_errors) == 1
    assert facts.parse_errors[0].message.startswith("too deeply nested")


def test_a_long_boolean_chain_is_flat_and_read() -> None:
    """``ast`` keeps ``a and b and ...`` as one node with many operands: no depth to refuse."""
    source = "READY = a" + " and a" * 5000 + '\nTOPIC = "feed_update"\n'
    facts = extract_python(PATH, source.encode())
    assert facts.parse_errors == []
    assert facts.python is not None and facts.python.constants == {"TOPIC": "feed_update"}


def test_empty_file_has_no_facts() -> None:
    facts = py("")
    assert (facts.endpoints, facts.pushes, facts.constants, facts.references) == ([], [], {}, set())


# ----------------------------------------------------------------------------- endpoints


def test_decorated_endpoint_with_inline_initial_message() -> None:
    facts = py(
        """
        @app.websocket("/ws/queue")
        async def websocket_queue(websocket: WebSocket) -> None:
            \"\"\"Queue updates.\"\"\"
            await websocket.accept()
            await websocket.send_json({"type": "queue_update", "data": []})
        """
    )
    assert only_endpoint(facts) == Endpoint(
        path="/ws/queue",
        router="app",
        handler="websocket_queue",
        ref=ref(1, 16),
        handler_ref=ref(2, 1),
        initial_types=(value("queue_update", 5, 40),),
        sends_initial=True,
        first_messages=(FirstMessage(ref(5, 40), keys=("data",)),),
    )


def test_what_each_first_message_carries_and_whether_the_branch_hangs_up_after_it() -> None:
    facts = py(
        """
        @app.websocket("/ws/rooms/{room_id}")
        async def room_socket(websocket: WebSocket, room_id: str) -> None:
            await websocket.accept()
            room = rooms.get(room_id)
            if room is None:
                await websocket.send_json({"type": "error", "message": f"no room {room_id}"})
                logger.info("refused %s", room_id)
                await websocket.close(code=4404)
                return
            if not room.open:
                await websocket.send_json({"type": "closed"})
                return
            await websocket.send_json({"type": "connected", "client_id": str(uuid4()), "at": 3})
            listing = {"type": "rooms", "rooms": [r.summary() for r in rooms.values()], **extra}
            await websocket.send_json(listing)
            await manager.join(websocket, dict(type="joined", room=room.state()))
            return
        """
    )
    assert only_endpoint(facts).first_messages == (
        FirstMessage(ref(6, 44), keys=("message",), text_keys=("message",), then_closes=True),
        FirstMessage(ref(11, 44), keys=(), then_closes=True),
        FirstMessage(ref(13, 40), keys=("client_id", "at"), text_keys=("client_id",)),
        FirstMessage(ref(14, 24), keys=None),
        # a helper holding the socket may keep it open until it returns: ``return`` says nothing
        FirstMessage(ref(16, 45), keys=("room",)),
    )


def test_statements_joined_by_a_semicolon_end_one_after_the_other() -> None:
    """``send; close`` on one line closes right after the send, as on two lines."""
    facts = py(
        """
        @app.websocket("/ws/full")
        async def full(websocket: WebSocket) -> None:
            await websocket.accept()
            await websocket.send_json({"type": "server_full"}); await websocket.close()
        """
    )
    assert only_endpoint(facts).first_messages == (FirstMessage(ref(4, 40), keys=(), then_closes=True),)


def test_a_first_message_carries_the_keys_of_the_dicts_nested_in_it() -> None:
    facts = py(
        """
        @app.websocket("/ws/inspector")
        async def inspector(websocket: WebSocket) -> None:
            init_payload = {"port": 8080, "sessions": sessions, "states_tree": registry.tree()}
            await websocket.send_json({"type": "INIT_SYNC", "payload": init_payload})
            await websocket.send_json(Snapshot().model_dump())
            await websocket.send_json(dict(type="ready"))
        """
    )
    assert only_endpoint(facts).first_messages == (
        FirstMessage(ref(4, 40), keys=("payload", "port", "sessions", "states_tree")),
        FirstMessage(ref(6, 41), keys=()),
    )


def test_router_websocket_route_decorator() -> None:
    endpoint = only_endpoint(
        py(
            """
            @router.websocket_route("/ws/feed")
            async def feed(websocket):
                await websocket.send_text(json.dumps({"type": "feed_update"}))
            """
        )
    )
    assert (endpoint.path, endpoint.router, endpoint.handler) == (
        "/ws/feed",
        "router",
        "feed",
    )
    assert endpoint.initial_types == (value("feed_update", 3, 51),)


def test_call_form_of_the_decorator() -> None:
    facts = py(
        """
        async def feed(websocket):
            await websocket.send_json({"type": "feed_update"})

        app.websocket("/ws/feed")(feed)
        """
    )
    endpoint = only_endpoint(facts)
    assert (endpoint.path, endpoint.router, endpoint.ref, endpoint.handler_ref) == (
        "/ws/feed",
        "app",
        ref(4, 15),
        ref(1, 1),
    )
    assert endpoint.initial_types == (value("feed_update", 2, 40),)


def test_add_websocket_route() -> None:
    endpoint = only_endpoint(
        py(
            """
            app.add_websocket_route("/ws/feed", feed)

            async def feed(websocket):
                pass
            """
        )
    )
    assert (endpoint.path, endpoint.router, endpoint.handler, endpoint.ref, endpoint.handler_ref) == (
        "/ws/feed",
        "app",
        "feed",
        ref(1, 25),
        ref(3, 1),
    )
    assert endpoint.sends_initial is False


def test_starlette_websocket_route_positional_and_keyword() -> None:
    facts = py(
        """
        async def feed(websocket):
            await websocket.send_json({"type": "feed_update"})

        routes = [
            WebSocketRoute("/ws/feed", feed),
            WebSocketRoute(path="/ws/other", endpoint=feed),
        ]
        """
    )
    assert [(e.path, e.router, e.handler, e.ref) for e in facts.endpoints] == [
        # the module-level list owns them, as a router would: ``Mount(prefix, routes=routes)``
        ("/ws/feed", "routes", "feed", ref(5, 20)),
        ("/ws/other", "routes", "feed", ref(6, 25)),
    ]


def test_class_based_websocket_endpoint() -> None:
    facts = py(
        """
        class QueueEndpoint(WebSocketEndpoint):
            \"\"\"Queue socket.\"\"\"
            encoding = "json"

            async def on_connect(self, websocket):
                await websocket.accept()
                await websocket.send_json({"type": "queue_snapshot"})

            async def on_receive(self, websocket, data):
                await websocket.send_json({"type": "queue_update"})
                await websocket.send_json({"type": "pong"})

        routes = [WebSocketRoute("/ws/queue", QueueEndpoint)]
        """
    )
    assert only_endpoint(facts) == Endpoint(
        path="/ws/queue",
        router="routes",
        handler="QueueEndpoint",
        ref=ref(13, 26),
        handler_ref=ref(1, 1),
        initial_types=(value("queue_snapshot", 7, 44),),
        loop_types=(value("queue_update", 10, 44),),
        sends_initial=True,
        first_messages=(FirstMessage(ref(7, 44), keys=()),),
    )


def test_endpoint_inside_a_route_factory_with_a_shared_connection_helper() -> None:
    facts = py(
        """
        def init_websocket_routes(manager, get_workflows_data, get_queue_data=None):
            @router.websocket("/ws/workflows")
            async def websocket_workflows(websocket: WebSocket) -> None:
                \"\"\"Workflow updates.\"\"\"
                workflows = get_workflows_data()
                initial_data = {
                    "type": "workflows_update",
                    "data": workflows,
                }
                await _handle_websocket_connection(websocket, manager, initial_data, "workflows")
        """
    )
    endpoint = only_endpoint(facts)
    assert (endpoint.path, endpoint.router, endpoint.handler, endpoint.handler_ref) == (
        "/ws/workflows",
        "router",
        "websocket_workflows",
        ref(3, 5),
    )
    assert endpoint.initial_types == (value("workflows_update", 7, 21),)
    assert (endpoint.sends_initial, endpoint.delegates) == (True, True)
    assert facts.route_factories == [RouteFactory("init_websocket_routes", ref(1, 1), 2, 3, False)]


def test_endpoint_inside_create_app() -> None:
    endpoint = only_endpoint(
        py(
            """
            def create_app() -> FastAPI:
                app = FastAPI()

                @app.websocket("/ws/status")
                async def websocket_status(websocket):
                    await websocket.send_json({"type": "status_update"})

                return app
            """
        )
    )
    assert (endpoint.path, endpoint.router, endpoint.handler_ref) == ("/ws/status", "app", ref(5, 5))
    assert endpoint.initial_types == (value("status_update", 6, 44),)


def test_endpoint_path_from_constants_and_concatenation() -> None:
    facts = py(
        """
        WS = "/ws"
        QUEUE_PATH = WS + "/queue"

        @app.websocket(QUEUE_PATH)
        async def a(websocket): pass

        @app.websocket(WS + "/feed")
        async def b(websocket): pass

        @app.websocket(f"/ws/{name}")
        async def c(websocket): pass
        """
    )
    assert [(e.path, e.ref) for e in facts.endpoints] == [
        ("/ws/queue", ref(4, 16)),
        ("/ws/feed", ref(7, 16)),
        (None, ref(10, 16)),
    ]


def test_handler_send_loop_goes_to_loop_types_and_keepalive_replies_are_dropped() -> None:
    endpoint = only_endpoint(
        py(
            """
            @app.websocket("/ws/status")
            async def status(websocket):
                await websocket.accept()
                while True:
                    text = await websocket.receive_text()
                    if text == "ping":
                        await websocket.send_text("pong")
                        await websocket.send_json({"type": "pong"})
                        continue
                    await websocket.send_json({"type": "status_update"})
            """
        )
    )
    assert endpoint.initial_types == ()
    assert endpoint.loop_types == (value("status_update", 10, 44),)
    assert endpoint.sends_initial is False


def test_sends_initial_counts_a_send_of_unknown_type() -> None:
    endpoint = only_endpoint(
        py(
            """
            @app.websocket("/ws/raw")
            async def raw(websocket, payload):
                await websocket.send_json(payload)
            """
        )
    )
    assert (endpoint.initial_types, endpoint.sends_initial, endpoint.delegates) == ((), True, False)


def test_handler_sending_a_model_and_a_sender_task_nested_in_it() -> None:
    facts = py(
        """
        class Snapshot(BaseModel):
            type: Literal["snapshot"] = "snapshot"

        @app.websocket("/ws/s")
        async def s(websocket):
            await websocket.send_json(Snapshot(items=[]).model_dump())

            async def on_change(data):
                await websocket.send_json({"type": "delta", "data": data})

            bus.subscribe(on_change)
        """
    )
    endpoint = only_endpoint(facts)
    assert endpoint.initial_types == (value("snapshot", 6, 31),)
    assert endpoint.loop_types == (value("delta", 9, 44),)


def test_imported_handler_is_marked_not_found() -> None:
    endpoint = only_endpoint(
        py(
            """
            from app.handlers import queue_socket

            app.add_websocket_route("/ws/queue", queue_socket)
            """
        )
    )
    assert (endpoint.handler, endpoint.handler_found, endpoint.handler_ref) == (
        "queue_socket",
        False,
        ref(3, 38),
    )


def test_routers_and_their_prefixes() -> None:
    facts = py(
        """
        API = "/api/v1"
        router = APIRouter(prefix=API)
        ws_router = APIRouter(tags=["ws"])
        other = APIRouter(prefix=settings.prefix)
        """
    )
    assert facts.routers == {"router": "/api/v1", "ws_router": ""}


def test_mounts_resolve_the_router_symbol_through_imports() -> None:
    facts = py(
        """
        from app import routes
        from app.routes.queue import router as queue_router
        from . import admin

        app.include_router(routes.websocket.router, prefix="/api/v1")
        app.include_router(queue_router)
        app.include_router(local_router, prefix="/x")
        app.mount("/admin", admin.app)
        app.mount("/static", StaticFiles(directory="static"))
        """,
        path="app/main.py",
    )
    assert facts.mounts == [
        Mount("app.routes.websocket.router", "/api/v1", SourceRef("app/main.py", 5, 20), "app.main.app"),
        Mount("app.routes.queue.router", "", SourceRef("app/main.py", 6, 20), "app.main.app"),
        Mount("app.main.local_router", "/x", SourceRef("app/main.py", 7, 20), "app.main.app"),
        Mount("app.admin.app", "/admin", SourceRef("app/main.py", 8, 21), "app.main.app"),
    ]


def test_a_mount_names_the_router_or_app_that_includes_it() -> None:
    # the includer is resolved through imports as the included router is; one reached through
    # ``self`` or a call cannot be named
    facts = py(
        """
        from app.api import api_router as v2
        from app.routes import sockets

        v2.include_router(sockets.router)
        self.app.include_router(sockets.router)
        create_app().include_router(sockets.router)
        """,
        path="app/main.py",
    )
    assert [(mount.router_symbol, mount.prefix, mount.owner) for mount in facts.mounts] == [
        ("app.routes.sockets.router", "", "app.api.api_router"),
        ("app.routes.sockets.router", "", None),
        ("app.routes.sockets.router", "", None),
    ]


# ------------------------------------------------------------------------------- pushes


def test_broadcast_of_an_inline_dict_in_a_method() -> None:
    facts = py(
        """
        class Service:
            async def finish(self, job):
                await self.websocket_manager.broadcast({"type": "job_finished", "data": job})
        """
    )
    assert facts.pushes == [
        Push(
            value("job_finished", 3, 57),
            ref(3, 57),
            "Service.finish",
            "broadcast",
            in_loop=False,
            callee="app.routes.ws.Service.websocket_manager.broadcast",
        )
    ]


def test_push_of_a_dict_held_in_a_variable_and_completed_later() -> None:
    facts = py(
        """
        async def notify(manager, rows):
            message = {"type": "rows_update"}
            message["data"] = rows
            await manager.broadcast(message)

        async def late(manager):
            message = {"data": 1}
            message["type"] = "late_update"
            await manager.broadcast(message)
        """
    )
    assert pushed(facts) == [("rows_update", None, None, 2), ("late_update", None, None, 8)]


def test_push_of_json_dumps() -> None:
    facts = py(
        """
        async def notify(manager):
            await manager.broadcast(json.dumps({"type": "reset"}))
        """
    )
    assert pushed(facts) == [("reset", None, None, 2)]


def test_push_with_the_type_as_first_positional_or_keyword_argument() -> None:
    facts = py(
        """
        class Ticker:
            async def tick(self, data):
                await manager.broadcast("reset", {})
                self.emit("tick", data)
                await sio.emit("price_update", data)
                await bus.publish(event="order_placed", payload=data)
        """
    )
    assert [(p.type.value, p.method, p.ref) for p in facts.pushes] == [
        ("reset", "broadcast", ref(3, 33)),
        ("tick", "emit", ref(4, 19)),
        ("price_update", "emit", ref(5, 24)),
        ("order_placed", "publish", ref(6, 33)),
    ]


def test_push_method_names_by_prefix_and_by_configuration() -> None:
    source = """
        async def f(manager, room):
            await manager.broadcast_json({"type": "a"})
            await manager.broadcast_to_room(room, {"type": "b"})
            await manager.notify_clients({"type": "c"})
        """
    assert "broadcast" in PUSH_METHOD_NAMES
    assert [p.type.value for p in py(source).pushes] == ["a", "b"]
    assert [p.type.value for p in py(source, extra=frozenset({"notify_clients"})).pushes] == ["a", "b", "c"]


def test_send_in_a_loop_over_connections_is_a_push() -> None:
    facts = py(
        """
        class Manager:
            async def send_all(self):
                for connection in self.active_connections:
                    await connection.send_json({"type": "refresh"})

            async def send_rows(self, websocket, rows):
                for row in rows:
                    await websocket.send_json({"type": "row"})
        """
    )
    assert facts.pushes == [
        Push(value("refresh", 4, 49), ref(4, 49), "Manager.send_all", "send_json", in_loop=False)
    ]


def test_send_in_a_while_loop_is_a_push_but_a_plain_send_is_not() -> None:
    facts = py(
        """
        async def pump(websocket, queue):
            await websocket.send_json({"type": "hello"})
            while True:
                item = await queue.get()
                await websocket.send_text(json.dumps({"type": "item_added", "item": item}))
        """
    )
    assert facts.pushes == [Push(value("item_added", 5, 55), ref(5, 55), "pump", "send_text", in_loop=True)]


def test_pydantic_model_pushes_in_the_same_file() -> None:
    facts = py(
        """
        class QueueMessage(BaseModel):
            type: Literal["queue_update"] = "queue_update"
            data: list[str] = []

        class StatusMessage(BaseModel):
            type: str = Field(default="status_update")

        async def push(manager, items):
            await manager.broadcast(QueueMessage(data=items).model_dump())
            message = StatusMessage()
            await manager.broadcast(message.model_dump_json())
            await manager.broadcast(QueueMessage(type="queue_reset").dict())
        """
    )
    assert facts.constants == {"QueueMessage": "queue_update", "StatusMessage": "status_update"}
    assert [(p.type.value, p.ref) for p in facts.pushes] == [
        ("queue_update", ref(9, 29)),
        ("status_update", ref(10, 15)),
        ("queue_reset", ref(12, 47)),
    ]


def test_imported_model_push_is_a_symbol() -> None:
    facts = py(
        """
        from app.models import QueueMessage
        from fastapi.responses import JSONResponse

        async def push(manager, items):
            await manager.broadcast(QueueMessage(data=items).json())
            await manager.broadcast(JSONResponse(items))
        """
    )
    assert facts.pushes == [
        Push(symbol("app.models.QueueMessage", 5, 29), ref(5, 29), "push", "broadcast", in_loop=False)
    ]


def test_docstrings_comments_schemas_and_generic_emitters_are_not_pushes() -> None:
    facts = py(
        """
        def schema():
            \"\"\"Message format: {"type": "queue_update"}; manager.broadcast({"type": "x"}).\"\"\"
            # await manager.broadcast({"type": "commented_out"})
            return {"type": "object", "properties": {"name": {"type": "string"}}}

        class Manager:
            async def broadcast_event(self, event_type, payload):
                await self.broadcast({"type": event_type, "data": payload})

            async def broadcast(self, message):
                for connection in self.connections:
                    await connection.send_json(message)
        """
    )
    assert facts.pushes == []
    assert facts.broadcasters == []


def test_asgi_protocol_messages_are_not_pushes() -> None:
    facts = py(
        """
        async def app(scope, receive, send):
            while True:
                await send({"type": "websocket.send", "text": "x"})
                await websocket.send({"type": "websocket.close"})
        """
    )
    assert facts.pushes == []


# --------------------------------------------------------------------------- type values


def test_module_constants_resolve_to_values() -> None:
    facts = py(
        """
        QUEUE_UPDATE = "queue_update"
        STATUS: Final = "status_update"
        PREFIX = "adw"
        MONITOR = PREFIX + "_monitor_update"

        async def push(manager):
            await manager.broadcast({"type": QUEUE_UPDATE})
            await manager.broadcast({"type": STATUS})
            await manager.broadcast({"type": MONITOR})
            await manager.broadcast({"type": "a" + "_update"})
        """
    )
    assert facts.constants == {
        "QUEUE_UPDATE": "queue_update",
        "STATUS": "status_update",
        "PREFIX": "adw",
        "MONITOR": "adw_monitor_update",
    }
    assert [(p.type.value, p.ref) for p in facts.pushes] == [
        ("queue_update", ref(7, 38)),
        ("status_update", ref(8, 38)),
        ("adw_monitor_update", ref(9, 38)),
        ("a_update", ref(10, 38)),
    ]


def test_a_constant_assigned_twice_differently_is_not_resolved() -> None:
    facts = py(
        """
        KIND = "a"
        KIND = "b"
        """
    )
    assert facts.constants == {}


def test_enum_members_and_constant_classes() -> None:
    facts = py(
        """
        class MessageType(str, Enum):
            QUEUE = "queue_update"
            STATUS = "status_update"

        class Kind(StrEnum):
            ADW_MONITOR = auto()

        class Plain(Enum):
            ONE = 1

        class Events:
            RESET = "reset"

        async def push(manager):
            await manager.broadcast({"type": MessageType.QUEUE})
            await manager.broadcast({"type": MessageType.STATUS.value})
            await manager.broadcast({"type": Kind.ADW_MONITOR})
            await manager.broadcast({"type": Events.RESET})
        """
    )
    assert facts.constants == {
        "MessageType.QUEUE": "queue_update",
        "MessageType.STATUS": "status_update",
        "Kind.ADW_MONITOR": "adw_monitor",
        "Events.RESET": "reset",
    }
    assert pushed(facts) == [
        ("queue_update", None, None, 15),
        ("status_update", None, None, 16),
        ("adw_monitor", None, None, 17),
        ("reset", None, None, 18),
    ]


def test_imported_names_become_absolute_symbols() -> None:
    facts = py(
        """
        from app.constants import QUEUE_UPDATE
        from .constants import MessageType
        from ..shared import kinds as k
        import app.constants as c

        async def push(manager):
            await manager.broadcast({"type": QUEUE_UPDATE})
            await manager.broadcast({"type": MessageType.QUEUE})
            await manager.broadcast({"type": MessageType.QUEUE.value})
            await manager.broadcast({"type": c.STATUS})
            await manager.broadcast({"type": k.RESET})
        """
    )
    assert facts.aliases == {
        "QUEUE_UPDATE": "app.constants.QUEUE_UPDATE",
        "MessageType": "app.routes.constants.MessageType",
        "k": "app.shared.kinds",
        "c": "app.constants",
    }
    assert [(p.type.symbol, p.ref) for p in facts.pushes] == [
        ("app.constants.QUEUE_UPDATE", ref(7, 38)),
        ("app.routes.constants.MessageType.QUEUE", ref(8, 38)),
        ("app.routes.constants.MessageType.QUEUE", ref(9, 38)),
        ("app.constants.STATUS", ref(10, 38)),
        ("app.shared.kinds.RESET", ref(11, 38)),
    ]


def test_relative_import_inside_a_package_init() -> None:
    facts = py("from .constants import QUEUE\nfrom . import models\n", path="app/routes/__init__.py")
    assert facts.aliases == {"QUEUE": "app.routes.constants.QUEUE", "models": "app.routes.models"}


def test_module_level_alias_of_an_imported_name() -> None:
    facts = py(
        """
        from app import constants
        QUEUE = constants.QUEUE_UPDATE
        """
    )
    assert facts.aliases == {"constants": "app.constants", "QUEUE": "app.constants.QUEUE_UPDATE"}


def test_concatenation_with_a_symbol_is_unknown_and_fstrings_are_patterns() -> None:
    facts = py(
        """
        from app.constants import PREFIX

        async def push(manager, feature):
            await manager.broadcast({"type": PREFIX + "_update"})
            await manager.broadcast({"type": f"{feature}_update"})
        """
    )
    assert facts.pushes == [
        Push(TypeValue(ref(5, 38), pattern="*_update"), ref(5, 38), "push", "broadcast", in_loop=False)
    ]


def test_local_variable_holding_the_type_points_at_its_literal() -> None:
    facts = py(
        """
        async def push(manager):
            kind = "queue_update"
            await manager.broadcast({"type": kind})
        """
    )
    assert facts.pushes[0].type == value("queue_update", 2, 12)


def test_a_parameter_shadowing_a_constant_is_unknown() -> None:
    facts = py(
        """
        QUEUE = "queue_update"

        async def push(manager, QUEUE):
            await manager.broadcast({"type": QUEUE})
        """
    )
    assert facts.pushes == []


# --------------------------------------------------------------------------- broadcasters


def test_broadcaster_facts_for_methods_and_nested_functions() -> None:
    facts = py(
        """
        class Tasks:
            @periodic
            async def _broadcast_queue(self):
                \"\"\"Push the queue.\"\"\"
                await self.manager.broadcast({"type": "queue_update"})

        def outer(manager):
            async def inner():
                await manager.broadcast({"type": "inner_update"})
            return inner

        async def quiet(manager, message):
            await manager.broadcast(message)
        """
    )
    assert facts.broadcasters == [
        Broadcaster("Tasks._broadcast_queue", "_broadcast_queue", ref(3, 5), True, True, is_method=True),
        Broadcaster("outer.inner", "inner", ref(8, 5), False, False),
    ]


def test_polling_loop_that_compares_guards_and_sleeps() -> None:
    facts = py(
        """
        class Tasks:
            async def _broadcast_queue(self):
                while True:
                    try:
                        state = await self.fetch()
                        if state != self.last_queue_state:
                            await self.manager.broadcast({"type": "queue_update", "data": state})
                            self.last_queue_state = state
                        await asyncio.sleep(5)
                    except Exception:
                        await asyncio.sleep(5)
        """
    )
    assert facts.broadcasters[0].loops == (PushLoop(ref(3, 9), True, True, 5.0, True, False),)


@pytest.mark.parametrize(
    ("body", "on_change"),
    [
        # a flag from the data layer, a hash or version against the last one, a detector's verdict
        ("changed, data = await repo.sync()\nif changed:\n    PUSH", True),
        ("digest = hash(repr(rows))\nif digest != self._digest:\n    self._digest = digest\n    PUSH", True),
        ("version = await repo.version()\nif version == sent:\n    continue\nsent = version\nPUSH", True),
        ("if detector.fire(await sensor.read()):\n    PUSH", True),
        ("if await repo.has_changes():\n    PUSH", True),
        ("if self._dirty:\n    self._dirty = False\n    PUSH", True),
        ("state = await load()\nif state == last:\n    pass\nelse:\n    PUSH\nlast = state", True),
        # every pass: no test, or a test of nothing the pass computes (who is connected, a setting)
        ("state = await load()\nPUSH", False),
        ("if manager.active_connections:\n    PUSH", False),
        # a count of who is connected is the same on every pass; a count of what the pass read is not
        ("if len(self.clients) > 0:\n    PUSH", False),
        ("rows = await repo.pending()\nif len(rows) > 0:\n    PUSH", True),
        ("if not self.clients:\n    continue\nPUSH", False),
        ("changed = await repo.sync()\nif changed:\n    PUSH\nPUSH", False),
    ],
)
def test_a_loop_pushes_on_change_when_each_push_is_under_a_test_of_what_the_pass_computed(
    body: str, on_change: bool
) -> None:
    push = 'await manager.broadcast({"type": "x"})'
    lines = textwrap.indent(body.replace("PUSH", push), " " * 20)
    facts = py(f"""
        class Poller:
            async def poll(self, manager, repo, detector, sensor, load, last, sent):
                while True:
{lines}
                    await asyncio.sleep(5)
        """)
    assert facts.broadcasters[0].loops[0].pushes_on_change is on_change


@pytest.mark.parametrize(
    ("loop", "long_running"),
    [
        ("while True:", True),
        ("while self.running:", True),
        ("while not self._stop.is_set():", True),
        ("while self.state != State.STOPPED:", True),
        ("while t < end:", False),  # the body steps ``t``
        ("while time.monotonic() < end:", False),  # a clock moves by itself
        ("while not done:", False),  # the body sets ``done``
        # nothing in the body drains it: who is connected or what is queued changes from outside
        ("while len(self.clients) > 0:", True),
        ("while len(queue) > 0:", True),
    ],
)
def test_only_a_loop_stopped_from_outside_is_long_running(loop: str, long_running: bool) -> None:
    facts = py(f"""
        async def run(self, manager, end, queue):
            t, done = 0.0, False
            {loop}
                t += 1.0
                done = t > 9
                await manager.broadcast({{"type": "frame", "t": t}})
                await asyncio.sleep(0.1)
        """)
    assert facts.broadcasters[0].loops[0].long_running is long_running


def test_a_loop_draining_what_it_tests_is_bounded() -> None:
    facts = py(
        """
        async def replay(manager, queue):
            while len(queue) > 0:
                frame = queue.popleft()
                await manager.broadcast({"type": "frame", "frame": frame})
                await asyncio.sleep(0.1)
        """
    )
    assert [loop.long_running for loop in facts.broadcasters[0].loops] == [False]


def test_a_bounded_for_loop_is_no_push_loop() -> None:
    facts = py(
        """
        async def simulate(manager, world, steps):
            for step in range(steps):
                world.advance()
                await manager.broadcast({"type": "frame", "step": step})
                await asyncio.sleep(0.1)
        """
    )
    assert facts.broadcasters[0].loops == ()


@pytest.mark.parametrize(
    ("sleep", "seconds", "known"),
    [
        ("await asyncio.sleep(5 * 60)", 300.0, True),
        ("await asyncio.sleep(INTERVAL)", 2.5, True),
        ("time.sleep(0.5)", 0.5, True),
        ("await sleep(1)", 1.0, True),
        ("await anyio.sleep(delay=3)", 3.0, True),
        ("await asyncio.sleep(self.interval)", None, False),
        ("pass", None, True),
    ],
)
def test_sleep_of_a_push_loop(sleep: str, seconds: float | None, known: bool) -> None:
    facts = py(
        f"""
        import asyncio, time, anyio
        from asyncio import sleep
        INTERVAL = 2.5

        class T:
            async def poll(self):
                while True:
                    await self.manager.broadcast({{"type": "x"}})
                    {sleep}
        """
    )
    loop = facts.broadcasters[0].loops[0]
    assert (loop.sleep_seconds, loop.sleep_known) == (seconds, known)


def test_a_try_outside_the_loop_does_not_guard_it() -> None:
    facts = py(
        """
        async def poll(manager):
            try:
                while True:
                    await manager.broadcast({"type": "x"})
                    await asyncio.sleep(1)
            except Exception:
                pass
        """
    )
    assert facts.broadcasters[0].loops[0].has_try is False


def test_event_driven_loops() -> None:
    facts = py(
        """
        async def from_queue(manager, queue):
            while True:
                event = await queue.get()
                await manager.broadcast({"type": "event_a"})

        async def from_pubsub(manager, pubsub):
            async for message in pubsub.listen():
                await manager.broadcast({"type": "event_b"})

        async def polling(manager, client):
            while True:
                data = await client.get("/status")
                await manager.broadcast({"type": "event_c"})
        """
    )
    assert [(b.name, [loop.event_driven for loop in b.loops]) for b in facts.broadcasters] == [
        ("from_queue", [True]),
        ("from_pubsub", [True]),
        ("polling", [False]),
    ]


# ----------------------------------------------------------------------------- references


def test_references_of_scheduled_awaited_and_passed_functions() -> None:
    facts = py(
        """
        async def start(self, background_tasks, loop, tg):
            asyncio.create_task(self._broadcast_a())
            await asyncio.gather(self._broadcast_b(), return_exceptions=True)
            tg.create_task(broadcast_c())
            background_tasks.add_task(broadcast_d)
            await loop.run_in_executor(None, broadcast_e)
            start_task(self._broadcast_f)
            await broadcast_g()
            self.callbacks.append(self.broadcast_h)
            handlers = {"x": self.broadcast_i}
            getattr(self, "broadcast_j")()
            # asyncio.create_task(self._broadcast_commented())
        """
    )
    assert {f"_broadcast_{c}" for c in "abf"} <= facts.references
    assert {f"broadcast_{c}" for c in "cdeghij"} <= facts.references
    assert "_broadcast_commented" not in facts.references
    assert "start" not in facts.references


def test_a_function_referring_to_itself_is_not_a_reference() -> None:
    facts = py(
        """
        async def _broadcast_loop(self):
            asyncio.create_task(self._broadcast_loop())
        """
    )
    assert "_broadcast_loop" not in facts.references


# ---------------------------------------------------------------------------- test files


def test_test_files_record_connections_only() -> None:
    facts = py(
        """
        QUEUE = "/ws/queue"

        def test_queue(client, adw_id):
            with client.websocket_connect(QUEUE) as ws:
                assert ws.receive_json()["type"] == "queue_update"
            with client.websocket_connect(f"/ws/adw/{adw_id}?token=t") as ws:
                manager.broadcast({"type": "x"})
            client.websocket_connect(url="ws://testserver/ws/feed")
            helper()
        """,
        path="tests/test_ws.py",
    )
    assert facts.is_test is True
    assert facts.test_connections == [
        ("/ws/queue", SourceRef("tests/test_ws.py", 4, 35)),
        ("/ws/adw/{}", SourceRef("tests/test_ws.py", 6, 35)),
        ("/ws/feed", SourceRef("tests/test_ws.py", 8, 34)),
    ]
    assert (facts.endpoints, facts.pushes, facts.broadcasters, facts.references) == ([], [], [], set())


# ------------------------------------------------------------------------- route factories


def test_factory_calls_are_recorded_for_route_factories_and_route_like_names() -> None:
    facts = py(
        """
        from app.routes import websocket_routes

        def setup(manager, a, b):
            websocket_routes.init_websocket_routes(manager, a, b, extra=1)
            register_routes(*handlers)
            compute_totals(a, b)
            self.router_registry.add_routes(a)
            print(a)
        """,
        path="app/server.py",
    )
    assert facts.factory_calls == [
        FactoryCall("init_websocket_routes", SourceRef("app/server.py", 4, 5), 3, ("extra",), False),
        FactoryCall("register_routes", SourceRef("app/server.py", 5, 5), 0, (), True),
    ]


def test_method_factories_do_not_count_self() -> None:
    facts = py(
        """
        class Routes:
            def register(self, app, *, manager, strict=False):
                @app.websocket("/ws/x")
                async def x(websocket): pass
        """
    )
    assert facts.route_factories == [RouteFactory("register", ref(2, 5), 2, 3, False)]


# ------------------------------------------------------------- conventions of push calls


def test_emit_names_the_event_first_broadcast_carries_it_in_the_message() -> None:
    facts = py(
        """
        from ..events import EventType

        class Portfolio:
            async def apply_fill(self, position):
                await self.emit(EventType.POSITION_CHANGED, position.model_dump(mode="json"))
                await manager.broadcast("portfolio", {"type": "cash_changed"})
                await manager.publish(PORTFOLIO_CHANNEL, Position(type="equity").model_dump())
        """
    )
    assert [(p.type.value, p.type.symbol, p.method) for p in facts.pushes] == [
        (None, "app.events.EventType.POSITION_CHANGED", "emit"),
        ("cash_changed", None, "broadcast"),
    ]


def test_a_lowercase_first_argument_is_not_a_type() -> None:
    facts = py(
        """
        from .connections import manager
        from .broadcasts import broadcast_workflows

        async def lifespan(app):
            task = asyncio.create_task(broadcast_workflows(manager))
        """
    )
    assert (facts.pushes, facts.broadcasters) == ([], [])


# ------------------------------------------------------------------ handlers, continued


def test_a_polling_send_loop_in_the_handler_sends_right_after_connect() -> None:
    endpoint = only_endpoint(
        py(
            """
            @app.websocket("/ws/health")
            async def health(websocket):
                await websocket.accept()
                while True:
                    await websocket.send_json({"type": "heartbeat"})
                    await asyncio.sleep(15)
            """
        )
    )
    assert (endpoint.sends_initial, endpoint.initial_types, endpoint.loop_types) == (True, (), ())


@pytest.mark.parametrize(
    ("call", "delegates"),
    [
        ("await manager.connect(websocket)", True),
        ("await _handle_websocket_connection(websocket, manager)", True),
        ("manager.add(websocket)", False),
        ("clients.append(websocket)", False),
        ("await websocket.accept()", False),
    ],
)
def test_handing_the_socket_to_another_function_is_delegating(call: str, delegates: bool) -> None:
    endpoint = only_endpoint(
        py(
            f"""
            @app.websocket("/ws/x")
            async def x(websocket: WebSocket):
                {call}
            """
        )
    )
    assert endpoint.delegates is delegates


def test_membership_in_a_remembered_set_counts_as_comparing() -> None:
    facts = py(
        """
        class Alerts:
            async def watch(self):
                while True:
                    for rule in self.rules:
                        if rule.id in self._fired:
                            continue
                        await self.emit("alert_triggered", rule)
                    await asyncio.sleep(2)
        """
    )
    assert facts.broadcasters[0].loops[0].pushes_on_change is True


def test_test_connections_in_a_loop_over_literal_paths() -> None:
    facts = py(
        """
        def test_all(client):
            expected = {"/ws/a": "a_update", "/ws/b": "b_update"}
            for path, message_type in expected.items():
                with client.websocket_connect(path):
                    pass
            for path in ["/ws/c"]:
                client.websocket_connect(path)
            for path in discover():
                client.websocket_connect(path)
        """,
        path="tests/test_ws.py",
    )
    assert facts.test_connections == [
        ("/ws/a", SourceRef("tests/test_ws.py", 2, 17)),
        ("/ws/b", SourceRef("tests/test_ws.py", 2, 38)),
        ("/ws/c", SourceRef("tests/test_ws.py", 6, 18)),
    ]


def test_calls_of_a_factory_in_the_same_file_are_recorded_whatever_its_name() -> None:
    facts = py(
        """
        def wire(app, manager):
            @app.websocket("/ws/x")
            async def x(websocket): pass

        wire(app)
        """
    )
    assert facts.route_factories == [RouteFactory("wire", ref(1, 1), 2, 2, False)]
    assert facts.factory_calls == [FactoryCall("wire", ref(5, 1), 1)]


def test_an_extractor_bug_becomes_a_parse_error_instead_of_raising(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr("wslint.python_facts.extract.collect_symbols", broken)
    facts = extract("X = 'y'\n")
    assert facts.parse_errors == [
        ParseError(ref(1, 1), "internal error in the Python extractor: KeyError: 'boom'")
    ]
    assert facts.python is not None and facts.python.constants == {}


def test_sends_on_a_connection_the_function_dials_are_not_pushes() -> None:
    facts = py(
        """
        async def relay(session, url, manager):
            async with session.ws_connect(url) as upstream:
                async for message in upstream:
                    await upstream.send_json({"type": "ack"})
                    await manager.broadcast({"type": "relayed"})

        async def beat(conn: ClientConnection):
            while True:
                await conn.send(json.dumps({"type": "status"}))
                await asyncio.sleep(5)
        """
    )
    assert [p.type.value for p in facts.pushes] == ["relayed"]


def test_an_unregistered_websocket_endpoint_class_is_kept_for_routes_in_other_modules() -> None:
    facts = py(
        """
        class FeedSocket(WebSocketEndpoint):
            async def on_connect(self, websocket):
                await websocket.accept()
                await websocket.send_json({"type": "feed_snapshot"})
        """
    )
    assert facts.endpoints == []
    assert [t.value for t in facts.handlers["FeedSocket"].initial_types] == ["feed_snapshot"]


def test_a_fan_out_helper_forwards_the_message_it_is_given() -> None:
    facts = py(
        """
        class Hub:
            async def _send_all(self, sockets, message):
                for ws in sockets:
                    await ws.send_json(message)

            async def reply(self, ws, message):
                await ws.send_json(message)

            async def on_reading(self, reading):
                await self._send_all(self.peers, {"type": "telemetry", "reading": reading})
                await self.reply(self.peer, {"type": "command_ack"})
        """
    )
    # the helper's summary (it sends its second parameter to each socket) gives the call its type
    assert facts.pushes == []
    pushes = build_flow_model([facts]).pushes
    assert [(p.type.value, p.caller.flow.name) for p in pushes] == [("telemetry", "Hub.on_reading")]


def test_a_module_level_container_is_the_state_a_poller_remembers() -> None:
    facts = py(
        """
        _values: dict[str, int] = {}

        async def watch(hub):
            while True:
                for key, value in (await hub.read()).items():
                    if _values.get(key) != value:
                        await hub.broadcast({"type": "x_update"})
                    _values[key] = value
                await asyncio.sleep(5)

        async def watch_local(hub):
            values = {}
            while True:
                for key, value in (await hub.read()).items():
                    if values.get(key) != value:
                        await hub.broadcast({"type": "x_update"})
                await asyncio.sleep(5)
        """
    )
    compares = {b.name: [loop.pushes_on_change for loop in b.loops] for b in facts.broadcasters}
    # ``value`` is read in the pass, whichever dict it is compared with: both push on change
    assert compares == {"watch": [True], "watch_local": [True]}


def test_a_test_file_is_read_only_for_the_sockets_it_opens() -> None:
    from wslint.extract import needs_parse

    schema = b"class Item(BaseModel):\n    type: str = 'object'\n"
    assert needs_parse("app/models.py", "python", schema)
    assert not needs_parse("tests/test_models.py", "python", schema)
    opens = b"def test_feed(client):\n    with client.websocket_connect('/ws/feed') as ws:\n        pass\n"
    assert needs_parse("tests/test_feed.py", "python", opens)
