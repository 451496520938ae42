"""Two real ASGI servers (uvicorn) sharing one database and Redis, clients connected to different ones: a
post sent through one server reaches a reader on the other, and when the reader's server restarts in the
middle the reader resumes from the last number it saw — nothing lost, nothing twice, in order.

Needs Redis (REDIS_URL, or redis://127.0.0.1:6379/14): the test fails, never skips, when it is unreachable.
The servers use the test database: PostgreSQL's test database when the suite runs on PostgreSQL, else a copy
of the in-memory SQLite test database in a file.
"""

import asyncio
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.test import Client

import pytest
import redis
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.forums.live.conftest import make_session, sequences

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The suite's own Redis database (tests.settings gives each pytest-xdist worker its own).
REDIS_URL = getattr(settings, "REDIS_URL", "") or "redis://127.0.0.1:6379/14"
STARTUP_SECONDS = 40
FRAME_SECONDS = 10
QUIET_SECONDS = 6


def _require_redis() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as problem:
        pytest.fail(f"The multi-process live test needs Redis at {REDIS_URL} (set REDIS_URL): {problem}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        credentials = quote(db["USER"] or "")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"])
        return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    # The in-memory SQLite test database, copied with everything the test made so far.
    connection.ensure_connection()
    path = tmp_path / "live.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


class Server:
    def __init__(self, port: int, environment: dict, log: Path):
        self.port, self.environment, self.log = port, environment, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--ws", "websockets-sansio", "--log-level", "warning"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                command, cwd=settings.BASE_DIR, env=self.environment, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"Server on port {self.port} exited:\n{self.log.read_text()[-3000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"Server on port {self.port} did not start in {STARTUP_SECONDS} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Peer:
    """A browser-like client: session cookie, the site's origin, and the last sequence it saw."""

    def __init__(self, thread_id: int, cookie: str):
        self.thread_id, self.cookie = thread_id, cookie
        self.seen: list[int] = []
        self.socket = None

    async def open(self, port: int) -> list[dict]:
        after = self.seen[-1] if self.seen else 0
        self.socket = await connect(
            f"ws://127.0.0.1:{port}/ws/forums/threads/{self.thread_id}/?after={after}&room=1",
            origin=f"http://127.0.0.1:{port}",
            additional_headers={"Cookie": self.cookie},
            open_timeout=FRAME_SECONDS,
        )
        return await self.until("replay.done")

    async def frame(self) -> dict:
        frame = json.loads(await asyncio.wait_for(self.socket.recv(), FRAME_SECONDS))
        posts = [frame["post"]] if frame["type"] == "post.created" else frame.get("posts", [])
        self.seen.extend(post["sequence"] for post in posts)
        return frame

    async def until(self, frame_type: str) -> list[dict]:
        frames = [await self.frame()]
        while frames[-1]["type"] != frame_type:
            frames.append(await self.frame())
        return frames

    async def post(self, client_id: str, body: str) -> int:
        await self.socket.send(json.dumps({"type": "post", "client_id": client_id, "body": body}))
        while True:
            frame = await self.frame()
            if frame["type"] == "error":
                raise AssertionError(frame)
            if frame["type"] == "ack" and frame["client_id"] == client_id:
                return frame["sequence"]

    async def until_seen(self, sequence: int) -> None:
        while not self.seen or self.seen[-1] < sequence:
            await self.frame()


def _cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def test_two_servers_sharing_redis_lose_and_duplicate_nothing_across_a_restart(tmp_path):
    _require_redis()
    session = make_session()
    reader_cookie, writer_cookie = _cookie(session.people["member"]), _cookie(session.people["other"])
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(tmp_path),
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    writer_server = Server(_free_port(), environment, tmp_path / "a.log")
    reader_server = Server(_free_port(), environment, tmp_path / "b.log")

    reader = Peer(session.thread.pk, reader_cookie)
    writer = Peer(session.thread.pk, writer_cookie)

    async def scenario():
        try:
            return await exchange()
        finally:
            for peer in (reader, writer):
                if peer.socket is not None:
                    await peer.socket.close()

    async def exchange():
        await reader.open(reader_server.port)
        await writer.open(writer_server.port)
        for number in range(1, 4):
            await writer.post(f"w{number}", f"Message {number} through server A")
        await reader.until_seen(4)
        # Quiet for longer than the layer's reads wait (5 s): idle consumers must survive it.
        await asyncio.sleep(QUIET_SECONDS)
        await writer.post("w3", "Message 3 through server A")  # a retry after the quiet spell
        reader_server.stop()
        with pytest.raises(ConnectionClosed):
            while True:
                await reader.frame()
        for number in range(4, 8):
            await writer.post(f"w{number}", f"Message {number} while server B restarts")
        retried = await writer.post("w2", "Message 2 through server A")
        reader_server.start()

        replay = await reader.open(reader_server.port)
        await writer.post("w8", "Message 8 after the restart")
        await reader.until_seen(9)
        return reader.seen, replay, retried

    try:
        for server in (writer_server, reader_server):  # both boot at once
            server.launch()
        for server in (writer_server, reader_server):
            server.wait_ready()
        seen, replay, retried = asyncio.run(scenario())
    finally:
        writer_server.stop()
        reader_server.stop()
    assert seen == list(range(1, 10)), seen
    assert sequences(replay) == [5, 6, 7, 8]
    assert retried == 3
