"""What a first message is (WS201), when a push loop pushes on change (WS203) and which loops
must outlive errors (WS204): decided by what the code does, each pattern beside its contrast."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import check_rows, write_project
from wslint.facts_codec import decode_facts, encode_facts
from wslint.python_facts import extract_python

HUB = """\
class Hub:
    def __init__(self):
        self.sockets = set()

    async def broadcast(self, message):
        for ws in list(self.sockets):
            await ws.send_json(message)


hub = Hub()
"""


def _endpoint_project(tmp_path: Path, handler_body: str, extra: str = "") -> Path:
    body = "\n".join("    " + line if line else "" for line in handler_body.splitlines())
    main = f"""\
import asyncio

from fastapi import FastAPI, WebSocket

from app.hub import hub

app = FastAPI()


@app.websocket("/ws/jobs")
async def jobs_socket(websocket: WebSocket) -> None:
    await websocket.accept()
{body}
    hub.sockets.add(websocket)
    while True:
        await websocket.receive_text()
{extra}"""
    return write_project(tmp_path, {"app/__init__.py": "", "app/hub.py": HUB, "app/main.py": main})


def _ws201(root: Path) -> list[str]:
    return [row[3] for row in check_rows(root) if row[0] == "WS201"]


@pytest.mark.parametrize(
    ("first", "fires"),
    [
        # an acknowledgement: identifiers, text, a time; whatever its name
        ('{"type": "connected", "client_id": client_id, "server_time": now.isoformat()}', False),
        ('{"type": "session", "session_id": sid, "message": "welcome back"}', False),
        ('{"type": "info", "message": f"{len(queue)} jobs waiting"}', False),
        ('{"type": "ack"}', False),
        # state, even under an acknowledgement's name: clients wait to see it updated
        ('{"type": "connected", "jobs": load_jobs()}', True),
        ('{"type": "jobs_state", "data": load_jobs(), "client_id": client_id}', True),
        # unreadable payloads stay what they were: initial data
        ("{**base, 'type': 'ack'}", True),
    ],
)
def test_an_acknowledgement_carries_no_state(tmp_path: Path, first: str, fires: bool) -> None:
    root = _endpoint_project(tmp_path, f"await websocket.send_json({first})")
    assert bool(_ws201(root)) is fires


@pytest.mark.parametrize(
    ("after", "fires"),
    [
        ("await websocket.close(code=4403)\nreturn", False),
        ('log.warning("refused")\nawait websocket.close()', False),
        ("return", False),
        ("raise WebSocketException(code=4403)", False),
        # not in the same branch, or something is awaited first: the client may wait for more
        ("await asyncio.sleep(1)\nreturn", True),
        ("pass", True),
    ],
)
def test_a_message_the_branch_hangs_up_after_is_a_refusal(tmp_path: Path, after: str, fires: bool) -> None:
    body = "if not token_ok(websocket):\n" + "\n".join(
        "    " + line
        for line in [
            'await websocket.send_json({"type": "denied", "jobs": load_jobs()})',
            *after.splitlines(),
        ]
    )
    assert bool(_ws201(_endpoint_project(tmp_path, body))) is fires


def test_returning_after_handing_the_socket_to_a_helper_is_no_refusal(tmp_path: Path) -> None:
    # ``join`` holds the socket until the client leaves; ``return`` afterwards says nothing
    body = 'await hub_join(websocket, {"type": "jobs_state", "jobs": load_jobs()})\nreturn'
    assert _ws201(_endpoint_project(tmp_path, body)) == ["jobs_state"]


@pytest.mark.parametrize(
    ("snapshot", "delta", "fires"),
    [
        ('{"type": "jobs", "jobs": load_jobs()}', "job_finished", False),
        ('{"type": "init", "jobs": load_jobs()}', "job", False),
        ('{"type": "queue", "entries": load_jobs()}', "entry_added", False),
        ('{"type": "categories", "data": load()}', "category_renamed", False),
        # deltas of something else do not update this snapshot
        ('{"type": "jobs", "jobs": load_jobs()}', "metrics", True),
        ('{"type": "queue", "entries": load_jobs()}', "queue_stats", True),
    ],
)
def test_a_snapshot_is_kept_current_by_pushes_of_its_items(
    tmp_path: Path, snapshot: str, delta: str, fires: bool
) -> None:
    pusher = f"""

async def on_change(job):
    await hub.broadcast({{"type": "{delta}", "job": job}})
"""
    root = _endpoint_project(tmp_path, f"await websocket.send_json({snapshot})", pusher)
    assert bool(_ws201(root)) is fires


POLLER = """\
import asyncio

from app.hub import hub


async def watch(repo, detector, sensor):
    sent = None
    while True:
        try:
BODY
        except Exception:
            pass
        await asyncio.sleep(5)


async def start(repo, detector, sensor):
    asyncio.create_task(watch(repo, detector, sensor))
"""


@pytest.mark.parametrize(
    ("body", "fires"),
    [
        ("changed, data = await repo.sync()\nif changed:\n    PUSH", False),
        ("fresh, data = await repo.sync()\nif not fresh:\n    continue\nPUSH", False),
        ("data = await repo.version()\nif data != sent:\n    sent = data\n    PUSH", False),
        ("data = await sensor.read()\nif detector.observe(data):\n    PUSH", False),
        ("data = await repo.load()\nPUSH", True),
        ("data = await repo.load()\nif hub.sockets:\n    PUSH", True),
        ("changed, data = await repo.sync()\nif changed:\n    PUSH\nPUSH", True),
    ],
)
def test_a_poller_that_pushes_under_a_test_of_its_pass_pushes_on_change(
    tmp_path: Path, body: str, fires: bool
) -> None:
    push = 'await hub.broadcast({"type": "data", "data": data})'
    lines = "\n".join(" " * 12 + line for line in body.replace("PUSH", push).splitlines())
    files = {
        "app/__init__.py": "import fastapi\n",
        "app/hub.py": HUB,
        "app/poll.py": POLLER.replace("BODY", lines),
    }
    rows = check_rows(write_project(tmp_path, files))
    assert [row[0] for row in rows if row[0] in ("WS203", "WS204")] == (["WS203"] if fires else [])


@pytest.mark.parametrize(
    ("loop", "codes"),
    [
        ("while True:", ["WS203", "WS204"]),
        ("while not stop.is_set():", ["WS203", "WS204"]),
        ("while elapsed < duration:", []),
        ("while not done:", []),
        ("for step in range(steps):", []),
    ],
)
def test_only_a_loop_that_runs_until_stopped_must_outlive_errors(
    tmp_path: Path, loop: str, codes: list[str]
) -> None:
    simulation = f"""\
import asyncio

from app.hub import hub


async def simulate(world, steps, duration, stop):
    elapsed, done, step = 0.0, False, 0
    {loop}
        done = world.advance()
        elapsed += 0.5
        await hub.broadcast({{"type": "frame", "t": elapsed}})
        await asyncio.sleep(0.5)


async def start(world, stop):
    asyncio.create_task(simulate(world, 10, 5.0, stop))
"""
    root = write_project(
        tmp_path, {"app/__init__.py": "import fastapi\n", "app/hub.py": HUB, "app/sim.py": simulation}
    )
    assert [row[0] for row in check_rows(root) if row[0] in ("WS203", "WS204")] == codes


def test_first_messages_and_push_loops_round_trip_through_the_cache() -> None:
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "game-lobby"
    source = (fixture / "server/lobby/routes/sockets.py").read_bytes()
    facts = extract_python("server/lobby/routes/sockets.py", source)
    assert facts.python is not None and facts.python.endpoints[1].first_messages
    again = decode_facts(encode_facts(facts), facts.path)
    assert again == facts


def test_a_composite_first_sync_is_kept_current_by_pushes_of_what_it_holds(tmp_path: Path) -> None:
    # A debugging inspector: one ``INIT_SYNC`` with every session and the states tree, then
    # ``STATE_UPDATED`` / ``DATA_UPDATED`` pushes; its name is no snapshot word in lower case.
    body = """\
init_payload = {"port": 8080, "sessions": [s.snapshot() for s in sessions()], "states_tree": tree()}
await websocket.send_json({"type": "INIT_SYNC", "payload": init_payload})"""
    pusher = """

async def set_state(key, state):
    await hub.broadcast({"type": "STATE_UPDATED", "key": key, "state": state})
"""
    assert _ws201(_endpoint_project(tmp_path, body, pusher)) == []
    other = pusher.replace("STATE_UPDATED", "HANDLER_EXECUTED")
    assert _ws201(_endpoint_project(tmp_path / "other", body, other)) == ["INIT_SYNC"]


def test_a_number_or_flag_written_in_place_is_a_first_state(tmp_path: Path) -> None:
    # a counter that starts at 0 is state clients wait to see move; a string is a notice
    root = _endpoint_project(tmp_path, 'await websocket.send_json({"type": "queue_length", "value": 0})')
    assert _ws201(root) == ["queue_length"]
