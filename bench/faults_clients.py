"""The WebSocket clients of bench/bench_load_fault.py: each one does what forums/static/forums/live.js does.

- connects to `/ws/forums/threads/<id>/?after=<last shown>&room=1` with its session cookie, and after a drop
  or a refused connection tries again after 1 s doubling to 30 s, with jitter, reset by `hello`;
- shows posts in sequence order: anything at or below the last shown is ignored, a jump waits in `pending`
  and the missing range is asked for with a `fetch` frame;
- keeps each message in its outbox under its client id until the `ack` (or an `error` naming it) and sends
  the whole outbox again after every `replay.done`;
- pings every 25 s; a `pong` naming a later post than the last shown makes it fetch from there; the change
  cursor of `replay.done` and `pong` (`last_change`, when the server sends one) goes back as `&changes=`.

Besides, each client keeps the record the verdict needs: the sequences it showed and when, and every post
of a `post.created` frame or a replay's `posts` frame that came at or below the last it had shown (a duplicate
on the wire) or past the next one (a gap: out of order on the wire).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import re
import time
from dataclasses import dataclass, field

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, WebSocketException

CLOSE_ACCESS_LOST = 4403
HEARTBEAT_SECONDS = 25
FIRST_RETRY_SECONDS = 1.0
LONGEST_RETRY_SECONDS = 30.0
OPEN_TIMEOUT_SECONDS = 60
MESSAGE = re.compile(r"Fault message (\d{5})")


def message_body(number: int) -> str:
    return f"Fault message {number:05d}"


def message_number(text: str) -> int | None:
    found = MESSAGE.search(text or "")
    return int(found.group(1)) if found else None


@dataclass
class LiveClient:
    index: int
    port: int
    thread_id: int
    cookie: str
    last: int  # the last sequence shown (the page's `lastSequence` when it was opened)
    last_change: int | None = None  # the resume cursor of changes (None: the server has not given one)
    first_gate: asyncio.Semaphore | None = None  # spreads the first connections only
    pending: dict[int, dict] = field(default_factory=dict)
    outbox: dict[str, dict] = field(default_factory=dict)
    fetching: bool = False
    retry: float = FIRST_RETRY_SECONDS
    socket: object = None
    live: asyncio.Event = field(default_factory=asyncio.Event)  # open, and the replay is done
    stopped: bool = False
    access_lost: bool = False
    opened: int = 0  # successful connections
    dropped: int = 0  # connections that ended without the client asking
    refused_attempts: int = 0  # attempts that never opened
    resent: int = 0  # outbox frames sent again after a replay.done
    shown: list[int] = field(default_factory=list)
    shown_at: dict[int, float] = field(default_factory=dict)
    numbers: dict[int, int] = field(default_factory=dict)  # sequence -> message number (from the text)
    wire_duplicates: list[int] = field(default_factory=list)
    wire_gaps: list[tuple[int, int]] = field(default_factory=list)  # (expected, got)
    acks: dict[str, int] = field(default_factory=dict)  # client id -> sequence
    errors: list[dict] = field(default_factory=list)
    last_problem: str = ""
    timeline: list[str] = field(default_factory=list)  # opens, closes and pongs, for the report of a problem
    _wire_next: int = 0
    _wake: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def url(self) -> str:
        changes = "" if self.last_change is None else f"&changes={self.last_change}"
        return f"ws://127.0.0.1:{self.port}/ws/forums/threads/{self.thread_id}/?after={self.last}{changes}&room=1"

    # --- The connection loop -------------------------------------------------------------------------

    async def run(self) -> None:
        while not self.stopped:
            code = await self._connection()
            if self.stopped:
                return
            if code == CLOSE_ACCESS_LOST:
                self.access_lost = True
                return
            delay = self.retry * (0.75 + random.random() * 0.5)
            self.retry = min(self.retry * 2, LONGEST_RETRY_SECONDS)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)

    async def _connection(self) -> int | None:
        try:
            if self.first_gate is not None:
                async with self.first_gate:
                    socket = await self._open()
                self.first_gate = None
            else:
                socket = await self._open()
        except (OSError, TimeoutError, InvalidHandshake, WebSocketException) as problem:
            self.refused_attempts += 1
            self.last_problem = f"connect: {problem!r}"[:200]
            return None
        if self.stopped:  # the run ended while this connection was being opened
            await socket.close()
            return None
        self.socket, self.opened, self._wire_next = socket, self.opened + 1, self.last + 1
        self.note(f"open after {self.last}")
        heartbeat = asyncio.create_task(self._heartbeat())
        try:
            async for raw in socket:
                self.handle(json.loads(raw), time.perf_counter())
        except ConnectionClosed:
            pass
        finally:
            heartbeat.cancel()
            self.socket = None
            self.live.clear()
        if not self.stopped:
            self.dropped += 1
            self.last_problem = f"closed: {socket.close_code} {socket.close_reason}"[:200]
            self.note(f"closed {socket.close_code}")
        return socket.close_code

    async def _open(self):
        return await connect(
            self.url,
            origin=f"http://127.0.0.1:{self.port}",
            additional_headers={"Cookie": self.cookie},
            open_timeout=OPEN_TIMEOUT_SECONDS,
            close_timeout=2,
            ping_interval=None,  # the page pings with its own frames, not WebSocket pings
            max_queue=None,
            proxy=None,
        )

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            await self.send({"type": "ping"})

    async def send(self, frame: dict) -> bool:
        socket = self.socket
        if socket is None:
            return False
        try:
            await socket.send(json.dumps(frame))
        except ConnectionClosed:
            return False
        return True

    async def close(self) -> None:
        self.stopped = True
        self._wake.set()
        socket = self.socket
        if socket is not None:
            await socket.close()

    # --- What the person does ------------------------------------------------------------------------

    async def submit(self, client_id: str, body: str) -> None:
        frame = {"type": "post", "client_id": client_id, "body": body, "question": False}
        self.outbox[client_id] = frame
        await self.send(frame)

    # --- Frames from the server ----------------------------------------------------------------------

    def handle(self, frame: dict, now: float) -> None:
        kind = frame.get("type")
        if kind == "hello":
            self.retry = FIRST_RETRY_SECONDS
        elif kind == "replay.done":
            self.live.set()
            self.last_change = frame.get("last_change", self.last_change)
            for pending_frame in list(self.outbox.values()):
                self.resent += 1
                asyncio.ensure_future(self.send(pending_frame))  # noqa: RUF006 (send() swallows a closed socket)
        elif kind == "post.created":
            self._on_wire(frame["post"]["sequence"])
            self.receive([frame["post"]], now)
        elif kind == "posts":
            if not self.live.is_set():  # a replay (before its replay.done), not the answer to a fetch
                for post in frame["posts"]:
                    self._on_wire(post["sequence"])
            self.fetching = False
            self.receive(frame["posts"], now)
        elif kind == "ack":
            self.outbox.pop(frame["client_id"], None)
            self.acks[frame["client_id"]] = frame["sequence"]
        elif kind == "pong":
            self.last_change = frame.get("last_change", self.last_change)
            self.note(f"pong {frame.get('last_sequence')} (shown {self.last})")
            if frame.get("last_sequence", 0) > self.last and not self.fetching:
                self.fetching = True
                asyncio.ensure_future(self.send({"type": "fetch", "after": self.last}))  # noqa: RUF006
        elif kind == "error":
            if frame.get("client_id"):
                self.outbox.pop(frame["client_id"], None)
            self.errors.append(frame)

    def note(self, what: str) -> None:
        self.timeline.append(f"{time.perf_counter() % 10_000:.1f} {what}")

    def _on_wire(self, sequence: int) -> None:
        if sequence < self._wire_next:
            self.wire_duplicates.append(sequence)
        elif sequence > self._wire_next:
            self.wire_gaps.append((self._wire_next, sequence))
        self._wire_next = max(self._wire_next, sequence + 1)

    def receive(self, posts: list[dict], now: float) -> None:
        for post in posts:
            if post["sequence"] > self.last:
                self.pending[post["sequence"]] = post
        while self.last + 1 in self.pending:
            post = self.pending.pop(self.last + 1)
            self.last = post["sequence"]
            self.shown.append(self.last)
            self.shown_at[self.last] = now
            number = message_number(post.get("html", ""))
            if number is not None:
                self.numbers[self.last] = number
        if self.pending and not self.fetching:
            self.fetching = True
            until = min(self.pending) - 1
            asyncio.ensure_future(self.send({"type": "fetch", "after": self.last, "until": until}))  # noqa: RUF006
