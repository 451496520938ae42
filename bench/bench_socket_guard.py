"""What a flooding socket costs, and how fast sockets close when access ends (issue 14, findings 3 and 5).

1. Flood: one signed-in client sends 400 pings as fast as it can. Baseline, in the same run: the frame limit
   lifted, so every frame reads access from the database (as every frame did before the limit moved in front
   of the database). Then the default limit (20 frames per 10 s): printed are the database access checks and
   queries per second and per frame, and the ratio against the baseline.
2. Closing: 20 anonymous sockets on a public thread; a moderator moves the thread into a closed group's forum
   and the time until the last socket has closed (4403) is measured, against, in the same run, the time a new
   post takes to reach the same 20 sockets (median of 5 rounds each).

Run with `make bench` (or `.venv/bin/python bench/bench_socket_guard.py`). It builds its own throw-away SQLite
database; the clients talk to the consumer in this process (Channels' WebsocketCommunicator, in-memory layer).
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from asgiref.sync import async_to_sync, sync_to_async  # noqa: E402
from channels.routing import URLRouter  # noqa: E402
from channels.testing import WebsocketCommunicator  # noqa: E402

FLOOD_FRAMES = 400
SOCKETS = 20
ROUNDS = 5


def build():
    from forums import services
    from tests.factories.forums import ForumFactory
    from tests.factories.users import UserFactory
    from tests.factories.working_groups import make_group, make_group_index, make_secretariat_user
    from working_groups.choices import Visibility

    group = make_group(make_group_index(), Visibility.CLOSED, title="Closed circle")
    closed_forum = ForumFactory(title="Closed forum", group=group)
    public_forum = ForumFactory(title="Public square", group=None)
    secretariat = make_secretariat_user()
    thread = services.thread_create(
        author=secretariat, forum=public_forum, title="Open to all", body_markdown="Anyone reads this."
    )
    return thread, public_forum, closed_forum, secretariat, UserFactory()


def _communicator(thread_id: int, user) -> WebsocketCommunicator:
    from forums.live.routing import websocket_urlpatterns

    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/forums/threads/{thread_id}/?after=0"
    )
    communicator.scope["user"] = user
    communicator.scope["client"] = ["192.0.2.1", 40000]
    return communicator


async def _open(communicator: WebsocketCommunicator) -> None:
    connected, _code = await communicator.connect(timeout=10)
    assert connected
    while json.loads(await communicator.receive_from(timeout=10))["type"] != "replay.done":
        pass


def flood(thread, person) -> tuple[float, int, int]:
    """(seconds, access checks, queries) for FLOOD_FRAMES pings of one client."""
    from forums.live import access_watch

    checks = []
    real = access_watch.recheck

    def counting(*args, **kwargs):
        checks.append(1)
        return real(*args, **kwargs)

    access_watch.recheck = counting
    cache.clear()

    async def scenario() -> float:
        communicator = _communicator(thread.pk, person)
        await _open(communicator)
        start = time.perf_counter()
        for _number in range(FLOOD_FRAMES):
            await communicator.send_to(text_data='{"type":"ping"}')
        for _number in range(FLOOD_FRAMES):
            await communicator.receive_from(timeout=30)
        elapsed = time.perf_counter() - start
        await communicator.disconnect()
        return elapsed

    try:
        with CaptureQueriesContext(connection) as queries:
            elapsed = async_to_sync(scenario)()
    finally:
        access_watch.recheck = real
    return elapsed, len(checks), len(queries)


def closing(thread, public_forum, closed_forum, secretariat) -> tuple[list[float], list[float]]:
    """Per round: seconds until a new post reached every socket, and until every socket closed on the move."""
    from forums import services
    from forums.services.moderation import thread_move

    deliveries, closes = [], []

    async def one_round(number: int) -> None:
        sockets = [_communicator(thread.pk, AnonymousUser()) for _index in range(SOCKETS)]
        for index, socket in enumerate(sockets):
            socket.scope["client"] = [f"198.51.100.{index}", 40000]
            await _open(socket)
        start = time.perf_counter()
        await sync_to_async(services.post_create)(
            author=secretariat, thread=thread, body_markdown=f"Round {number}."
        )
        for socket in sockets:
            while json.loads(await socket.receive_from(timeout=10))["type"] != "post.created":
                pass
        deliveries.append(time.perf_counter() - start)
        start = time.perf_counter()
        await sync_to_async(thread_move)(actor=secretariat, thread=thread, target=closed_forum)
        for socket in sockets:
            while (await socket.receive_output(timeout=10))["type"] != "websocket.close":
                pass
        closes.append(time.perf_counter() - start)
        await sync_to_async(thread_move)(actor=secretariat, thread=thread, target=public_forum)

    for number in range(ROUNDS):
        async_to_sync(one_round)(number)
    return deliveries, closes


def main() -> None:
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    settings.DEBUG = False
    thread, public_forum, closed_forum, secretariat, person = build()

    settings.ROUNDTABLE_FORUMS_LIVE_RATE_LIMIT = (10**9, 10)
    base_seconds, base_checks, base_queries = flood(thread, person)
    settings.ROUNDTABLE_FORUMS_LIVE_RATE_LIMIT = (20, 10)
    seconds, checks, queries = flood(thread, person)

    frames_limit, window = settings.ROUNDTABLE_FORUMS_LIVE_RATE_LIMIT
    print(f"One client sending {FLOOD_FRAMES} pings as fast as it can (frames answered in the same run)")
    for label, (run_seconds, run_checks, run_queries) in (
        ("no limit (every frame reads access)", (base_seconds, base_checks, base_queries)),
        ("limit 20 / 10 s, before the database", (seconds, checks, queries)),
    ):
        print(
            f"  {label:<38} {FLOOD_FRAMES / run_seconds:7.0f} frames/s  {run_checks:4d} access checks"
            f"  {run_queries / FLOOD_FRAMES:5.2f} queries/frame"
        )
    print(
        f"  access checks, limited / unlimited: {checks / base_checks:.3f}; sustained: at most "
        f"{frames_limit / window:.1f} checks/s against {base_checks / base_seconds:.0f} without the limit"
    )

    deliveries, closes = closing(thread, public_forum, closed_forum, secretariat)
    delivery, close = statistics.median(deliveries), statistics.median(closes)
    print(f"{SOCKETS} anonymous sockets, median of {ROUNDS} rounds")
    print(f"  a new post reaches all of them        {delivery * 1000:8.1f} ms")
    print(f"  all closed after the thread moved     {close * 1000:8.1f} ms   ratio {close / delivery:5.2f}")
    print(f"  slowest close of any round            {max(closes) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
