"""Broker channels: a message published to Redis pub/sub or with PostgreSQL NOTIFY counts as sent
when a subscription of the project receives that channel; the channel links the two."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import check_rows, run_check_findings, write_project
from wslint.facts_codec import decode_facts, encode_facts
from wslint.python_facts import extract_python

_MANAGER = """\
from fastapi import FastAPI, WebSocket

app = FastAPI()


class Manager:
    def __init__(self) -> None:
        self.sockets: set[WebSocket] = set()

    async def broadcast(self, message: dict) -> None:
        for socket in list(self.sockets):
            await socket.send_json(message)


manager = Manager()


@app.websocket("/ws/desk")
async def desk_socket(websocket: WebSocket) -> None:
    await websocket.accept()
    manager.sockets.add(websocket)
    while True:
        await websocket.receive_text()
"""

_RELAY = """\
import json

from app.broker import redis
from app.channels import ORDERS
from app.main import manager


async def relay_orders() -> None:
    pubsub = redis.pubsub()
    await pubsub.subscribe(ORDERS)
    async for message in pubsub.listen():
        if message["type"] == "message":
            await manager.broadcast(json.loads(message["data"]))
"""

_BROKER = """\
from redis.asyncio import Redis

redis = Redis.from_url("redis://localhost")
"""


def _hook(*types: str) -> str:
    tests = "\n".join(f"    if (event.type === '{value}') console.log(event);" for value in types)
    return (
        "export function useDesk() {\n"
        "  const socket = new WebSocket('ws://localhost/ws/desk');\n"
        "  socket.onmessage = (message) => {\n"
        "    const event = JSON.parse(message.data);\n"
        f"{tests}\n"
        "  };\n"
        "}\n"
    )


def _project(root: Path, files: dict[str, str], *waited: str) -> Path:
    base = {
        "app/__init__.py": "",
        "app/main.py": _MANAGER,
        "app/broker.py": _BROKER,
        "app/channels.py": 'ORDERS = "orders"\nAUDIT = "audit"\n',
        "web/src/useDesk.ts": _hook(*waited),
    }
    return write_project(root, {**base, **files})


def _ws303(root: Path) -> list[str]:
    return [symbol for code, _, _, symbol in check_rows(root, select=["WS303"]) if code == "WS303"]


_PUBLISHER = """\
import json

from app.broker import redis
from app.channels import AUDIT, ORDERS
from app.main import app


@app.post("/orders/{order_id}")
async def create_order(order_id: str) -> None:
    await redis.publish(ORDERS, json.dumps({"type": "order_created", "id": order_id}))


@app.post("/orders/{order_id}/audit")
async def audit_order(order_id: str) -> None:
    await redis.publish(AUDIT, json.dumps({"type": "order_audited", "id": order_id}))
"""


def test_a_subscribed_channel_sends_what_is_published_to_it_and_an_unsubscribed_one_does_not(
    tmp_path: Path,
) -> None:
    root = _project(
        tmp_path, {"app/relay.py": _RELAY, "app/orders.py": _PUBLISHER}, "order_created", "order_audited"
    )
    # ``orders`` is relayed to the desk; only a service elsewhere reads ``audit``
    assert _ws303(root) == ["order_audited"]


def test_the_finding_names_the_channel_nothing_subscribes_to(tmp_path: Path) -> None:
    root = _project(tmp_path, {"app/relay.py": _RELAY, "app/orders.py": _PUBLISHER}, "order_audited")
    [finding] = run_check_findings(root, select=["WS303"])
    assert finding.message == (
        "frontend waits for message type `order_audited` in `useDesk`, but the backend never sends it "
        "(it is published on broker channel `audit`, which no subscription of the project receives)"
    )
    assert finding.fix.startswith("Subscribe to broker channel `audit`")


def test_with_no_subscriber_a_publish_sends_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path, {"app/orders.py": _PUBLISHER}, "order_created")
    assert _ws303(root) == ["order_created"]


def test_a_channel_literal_links_publisher_and_subscriber(tmp_path: Path) -> None:
    relay = _RELAY.replace("subscribe(ORDERS)", 'subscribe("orders")')
    publisher = _PUBLISHER.replace("publish(ORDERS,", 'publish("orders",')
    both = publisher.replace("publish(AUDIT,", 'publish("orders",')
    files = {"app/relay.py": relay, "app/orders.py": both}
    assert _ws303(_project(tmp_path / "same", files, "order_created", "order_audited")) == []
    # ``orders-v2`` has no subscriber; ``orders`` still carries what the project publishes there
    files["app/orders.py"] = publisher.replace('publish("orders",', 'publish("orders-v2",').replace(
        "publish(AUDIT,", 'publish("orders",'
    )
    assert _ws303(_project(tmp_path / "other", files, "order_created", "order_audited")) == ["order_created"]


def test_a_helper_publishes_on_the_channel_and_with_the_event_its_callers_give(tmp_path: Path) -> None:
    helper = """\
from pydantic import BaseModel

from app.broker import redis


class OrderShipped(BaseModel):
    type: str = "order_shipped"
    order_id: str


class OrderAudited(BaseModel):
    type: str = "order_audited"
    order_id: str


async def publish_event(channel: str, event: BaseModel) -> None:
    await redis.publish(channel, event.model_dump_json())


async def announce(channel: str, order_id: str) -> None:
    await publish_event(channel, OrderShipped(order_id=order_id))
"""
    callers = """\
from app.channels import AUDIT, ORDERS
from app.events import OrderAudited, announce, publish_event
from app.main import app


@app.post("/orders/{order_id}/ship")
async def ship(order_id: str) -> None:
    await announce(ORDERS, order_id)


@app.post("/orders/{order_id}/audit")
async def audit(order_id: str) -> None:
    await publish_event(AUDIT, OrderAudited(order_id=order_id))
"""
    files = {"app/relay.py": _RELAY, "app/events.py": helper, "app/service.py": callers}
    root = _project(tmp_path, files, "order_shipped", "order_audited")
    assert _ws303(root) == ["order_audited"]


def test_a_subscription_on_a_channel_named_at_run_time_silences_unknown_types(tmp_path: Path) -> None:
    relay = """\
import json

from app.broker import redis
from app.main import manager
from app.settings import settings


async def relay_channel(channel: str) -> None:
    pubsub = redis.pubsub()
    await pubsub.subscribe(channel)
    async for message in pubsub.listen():
        await manager.broadcast(json.loads(message["data"]))


async def start() -> None:
    await relay_channel(settings.events_channel)
"""
    root = _project(tmp_path, {"app/relay.py": relay}, "order_created")
    # what the channel carries is published elsewhere: any type may reach the desk
    assert _ws303(root) == []
    # the same relay on a channel its caller names: it carries what is published there
    named = relay.replace("relay_channel(settings.events_channel)", 'relay_channel("orders")')
    root = _project(tmp_path / "named", {"app/relay.py": named, "app/orders.py": _PUBLISHER}, "order_audited")
    assert _ws303(root) == ["order_audited"]


def test_a_relay_of_unknown_types_silences_only_the_clients_of_the_sender_it_hands_them_to(
    tmp_path: Path,
) -> None:
    hubs = """\
from fastapi import FastAPI, WebSocket

app = FastAPI()


class Hub:
    def __init__(self) -> None:
        self.sockets: set[WebSocket] = set()

    async def join(self, websocket: WebSocket) -> None:
        await websocket.accept()
        self.sockets.add(websocket)

    async def broadcast(self, message: dict) -> None:
        for socket in list(self.sockets):
            await socket.send_json(message)


class AlertHub:
    def __init__(self) -> None:
        self.sockets: set[WebSocket] = set()

    async def join(self, websocket: WebSocket) -> None:
        await websocket.accept()
        self.sockets.add(websocket)


desks = Hub()
alerts = AlertHub()


@app.websocket("/ws/desk")
async def desk_socket(websocket: WebSocket) -> None:
    await desks.join(websocket)
    while True:
        await websocket.receive_text()


@app.websocket("/ws/alerts")
async def alerts_socket(websocket: WebSocket) -> None:
    await alerts.join(websocket)
    while True:
        await websocket.receive_text()
"""
    relay = """\
import json

from app.broker import redis
from app.main import desks
from app.settings import settings


async def relay_desk_events() -> None:
    pubsub = redis.pubsub()
    await pubsub.subscribe(settings.desk_channel)
    async for message in pubsub.listen():
        await desks.broadcast(json.loads(message["data"]))
"""
    alerts_hook = _hook("alert_raised").replace("/ws/desk", "/ws/alerts").replace("useDesk", "useAlerts")
    files = {"app/main.py": hubs, "app/relay.py": relay, "web/src/useAlerts.ts": alerts_hook}
    # the desk's clients may get anything the channel carries; the alerts socket gets none of it
    assert _ws303(_project(tmp_path, files, "order_created")) == ["alert_raised"]


def test_a_channel_only_another_service_publishes_to_silences_its_clients(tmp_path: Path) -> None:
    # nothing of the project publishes on ``orders``: its messages come from elsewhere
    root = _project(tmp_path, {"app/relay.py": _RELAY}, "order_created")
    assert _ws303(root) == []


def test_a_polled_subscription_and_a_pattern_subscription_relay_too(tmp_path: Path) -> None:
    relay = """\
import json

from app.broker import redis
from app.main import manager


async def relay_orders() -> None:
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.psubscribe("ord*")
    while True:
        message = await pubsub.get_message(timeout=1.0)
        if message is not None:
            event = json.loads(message["data"])
            await manager.broadcast(event)
"""
    root = _project(
        tmp_path, {"app/relay.py": relay, "app/orders.py": _PUBLISHER}, "order_created", "order_audited"
    )
    assert _ws303(root) == ["order_audited"]


def test_a_pubsub_opened_as_a_context_subscribes_too(tmp_path: Path) -> None:
    relay = """\
import json

from app.broker import redis
from app.main import manager


async def relay_orders() -> None:
    async with redis.pubsub() as p:
        await p.subscribe("orders")
        async for m in p.listen():
            await manager.broadcast(json.loads(m["data"]))
"""
    publisher = _PUBLISHER.replace("publish(ORDERS,", 'publish("orders",')
    root = _project(tmp_path, {"app/relay.py": relay, "app/orders.py": publisher}, "order_created")
    assert _ws303(root) == []


def test_a_subscriber_of_another_kind_receives_the_channel_it_names_and_a_callback_is_no_channel(
    tmp_path: Path,
) -> None:
    # a client wslint does not know subscribes to ``orders``; an observable's ``subscribe(on_next)``
    # names no channel at all, so ``audit`` still reaches nobody
    relay = """\
from app.main import manager
from app.streams import connect, on_next, ticks
from app.channels import ORDERS


async def relay_orders() -> None:
    client = await connect()
    await client.subscribe(ORDERS, cb=manager.broadcast)
    ticks.subscribe(on_next)
"""
    files = {"app/relay.py": relay, "app/orders.py": _PUBLISHER}
    assert _ws303(_project(tmp_path, files, "order_created", "order_audited")) == ["order_audited"]


def test_pg_notify_reaches_the_clients_through_an_asyncpg_listener(tmp_path: Path) -> None:
    stock = """\
import json

from app.main import app


@app.put("/stock/{sku}")
async def set_stock(conn, sku: str, quantity: int) -> None:
    await conn.execute("UPDATE stock SET quantity = $1 WHERE sku = $2", quantity, sku)
    await conn.execute("SELECT pg_notify('inventory', $1)", json.dumps({"type": "stock_changed", "sku": sku}))


@app.delete("/stock/{sku}")
async def retire(conn, sku: str) -> None:
    payload = json.dumps({"type": "sku_retired", "sku": sku})
    await conn.execute("SELECT pg_notify($1, $2)", "catalog", payload)
"""
    listener = """\
import asyncio
import json

from app.main import manager


def on_inventory(connection, pid, channel, payload):
    asyncio.get_running_loop().create_task(manager.broadcast(json.loads(payload)))


async def listen(conn) -> None:
    await conn.add_listener("inventory", on_inventory)
"""
    files = {"app/stock.py": stock, "app/listener.py": listener}
    root = _project(tmp_path, files, "stock_changed", "sku_retired")
    # ``catalog`` has no listener
    assert _ws303(root) == ["sku_retired"]


def test_a_handler_publishing_what_a_client_says_sends_it_only_through_the_relay(tmp_path: Path) -> None:
    chat = """\
import json

from fastapi import FastAPI, WebSocket

from app.broker import redis

app = FastAPI()


@app.websocket("/ws/chat")
async def chat_socket(websocket: WebSocket) -> None:
    await websocket.accept()
    while True:
        text = await websocket.receive_text()
        await redis.publish("chat", json.dumps({"type": "chat_message", "text": text}))
"""
    hook = _hook("chat_message").replace("/ws/desk", "/ws/chat")
    files = {"app/__init__.py": "", "app/broker.py": _BROKER, "app/chat.py": chat, "web/src/useChat.ts": hook}
    root = write_project(tmp_path, files)
    # the handler itself never sends ``chat_message`` to its client, and nothing relays ``chat``
    assert _ws303(root) == ["chat_message"]


def test_publish_on_an_in_process_bus_is_still_a_push(tmp_path: Path) -> None:
    bus = """\
from app.main import app, manager


class PresenceBus:
    async def publish(self, topic: str, event: dict) -> None:
        await manager.broadcast(event)


presence = PresenceBus()


@app.post("/desks/{desk_id}")
async def join(desk_id: str) -> None:
    await presence.publish("desks", {"type": "desk_joined", "desk_id": desk_id})
"""
    root = _project(tmp_path, {"app/bus.py": bus}, "desk_joined")
    assert _ws303(root) == []


def test_a_subscription_used_as_a_context_relays_what_it_yields(tmp_path: Path) -> None:
    # the ``broadcaster`` package: ``async with broadcast.subscribe(channel=...) as subscriber``
    chat = """\
import json

from broadcaster import Broadcast
from fastapi import FastAPI, WebSocket

app = FastAPI()
broadcast = Broadcast("redis://localhost:6379")


@app.websocket("/ws/chat")
async def chat_socket(websocket: WebSocket) -> None:
    await websocket.accept()
    async with broadcast.subscribe(channel="chatroom") as subscriber:
        async for event in subscriber:
            await websocket.send_text(event.message)


@app.post("/chat")
async def post(text: str) -> None:
    await broadcast.publish(channel="chatroom", message=json.dumps({"type": "chat_message", "text": text}))
    await broadcast.publish(channel="moderation", message=json.dumps({"type": "chat_flagged", "text": text}))
"""
    facts = extract_python("app/chat.py", chat.encode())
    assert facts.python is not None
    functions = {function.name: function for function in facts.python.functions}
    published = [p.channel.name.value for p in functions["post"].publishes if p.channel.name]
    assert published == ["chatroom", "moderation"]
    socket = functions["chat_socket"]
    assert [s.channel.name.value for s in socket.subscriptions if s.channel.name] == ["chatroom"]
    assert socket.forwards == (socket.subscriptions[0].source,)
    assert facts.python.pushes == []  # a publish on the broker is no push by its name


def test_broker_facts_round_trip_through_the_json_cache() -> None:
    source = b"""\
import json


async def relay(redis, manager):
    pubsub = redis.pubsub()
    await pubsub.psubscribe("orders.*")
    async for message in pubsub.listen():
        await manager.broadcast(json.loads(message["data"]))


async def publish(redis, channel, event):
    await redis.publish(channel, json.dumps(event))


async def notify(conn, payload):
    await conn.execute("SELECT pg_notify('inventory', $1)", payload)
    await conn.add_listener("inventory", on_inventory)
"""
    facts = extract_python("app/relay.py", source)
    assert facts.python is not None
    functions = facts.python.functions
    assert sum(len(function.publishes) for function in functions) == 2
    assert sum(len(function.subscriptions) for function in functions) == 2
    assert decode_facts(encode_facts(facts), facts.path) == facts
