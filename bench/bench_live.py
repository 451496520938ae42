"""Live delivery under load: one live room with 200 connected people, against a bare Channels consumer that
sends every frame it receives to its whole group (bench/live_echo.py), on the same servers in the same run.

Two configurations: the in-memory channel layer with one server process, and Redis with two server processes
(clients split across them, a sender on each). Real uvicorn servers (`--ws websockets-sansio`) serve a
throw-away database: a SQLite file (WAL) in a temporary directory, or, when DATABASE_URL names PostgreSQL, a
database `bench_live_<pid>` created on that server and dropped at the end. The clients (the `websockets`
library, all in this process) sign in with real session cookies of 200 members of a closed group and join
the room of a session running now; two of them send the messages at a steady rate, and every client notes
when each message reaches it. Printed per configuration and consumer: median and 99th-percentile delivery
latency over every (message, client) pair, deliveries per second over the run, both as ratios against the
bare consumer, and whether every client got every message exactly once and in order (the room: sequence
numbers consecutive from where the client joined; the bare consumer: each sender's order). Messages the
server has not taken 20 s after the last send are counted as pending, not lost: the room did not keep up
with the rate, and the latencies are then of what arrived (`--rate` lower to measure below saturation).

A third baseline, a bare `websockets` server that broadcasts every frame to every client
(bench/live_broadcast.py), runs first; every row is printed with its ratios against both baselines of the
same invocation and the load average when it ended (os.getloadavg(): the machine is shared, so compare
ratios). The join benchmark (`--join 500`, 0 to skip) then starts a fresh in-memory server and lets that
many members join the room at once (100 in flight), each resuming 20 messages behind as a page loaded a
moment ago does: the time until everyone has their replay, until the joins' frames stop, and the server's
CPU time per join (from /proc).

The servers run with bench/live_settings.py: the test settings with the room's per-person frame limit
(ROUNDTABLE_FORUMS_LIVE_RATE_LIMIT) lifted so two people can send hundreds of messages a minute, and
notifications queued with the production task backend (no worker runs). Redis: REDIS_URL, by default
redis://127.0.0.1:6379/13, whose database is flushed first (`--skip-redis` measures the first configuration
only). The clients share the machine with the servers, so the numbers are for comparing, not absolute.

Run with `make bench` or `.venv/bin/python bench/bench_live.py [--clients 200] [--messages 200]
[--rate 20] [--join 500] [--skip-redis]`
(the sizes can also come from BENCH_LIVE_CLIENTS, BENCH_LIVE_MESSAGES, BENCH_LIVE_RATE, BENCH_LIVE_SENDERS,
BENCH_LIVE_JOIN).
"""

import argparse
import asyncio
import json
import math
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SETTINGS = "bench.live_settings"
os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
# Redis is for the servers of the second configuration; this process builds the database only.
REDIS_URL = os.environ.pop("REDIS_URL", "") or "redis://127.0.0.1:6379/13"
POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
if not POSTGRES:
    os.environ["DATABASE_URL"] = "sqlite://:memory:"  # built here, then copied to a file the servers share

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

import redis  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402
from websockets.exceptions import ConnectionClosed, WebSocketException  # noqa: E402

STARTUP_SECONDS = 60
CONNECT_SECONDS = 60
CONCURRENT_CONNECTS = 20
QUIET_SECONDS = 2  # no frame for this long: the joins' frames (the room's presence updates) are over
SETTLE_LIMIT_SECONDS = 120
DRAIN_SECONDS = 20  # how long after the last send the bench waits for every delivery
GRACE_SECONDS = 15  # then how long it waits for the messages the server had taken by then to reach everyone
MESSAGE = re.compile(r"Bench message (\w+) (\d{5})")
BARE = ("echo", "bcast")  # the baselines: frames are the senders' own, in each sender's order
JOIN_CONCURRENCY = 100  # joins in flight at once in the join benchmark
JOIN_BEHIND = 20  # a joiner's page was loaded this many messages ago: the socket replays them


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=_env_int("BENCH_LIVE_CLIENTS", 200))
    parser.add_argument("--messages", type=int, default=_env_int("BENCH_LIVE_MESSAGES", 200))
    parser.add_argument("--rate", type=float, default=float(os.environ.get("BENCH_LIVE_RATE") or 20))
    parser.add_argument("--senders", type=int, default=_env_int("BENCH_LIVE_SENDERS", 2))
    parser.add_argument("--skip-redis", action="store_true", help="measure the in-memory layer only")
    parser.add_argument(
        "--join",
        type=int,
        default=_env_int("BENCH_LIVE_JOIN", 500),
        help="people who join the room at once on one fresh server process (0: skip the join benchmark)",
    )
    parser.add_argument(
        "--join-only",
        action="store_true",
        help="only the join benchmark (the room's recent messages written straight to the database)",
    )
    options = parser.parse_args()
    if options.join_only and options.join < 1:
        parser.error("--join-only needs --join of at least 1")
    if not 1 <= options.senders <= options.clients or options.messages < 1 or options.rate <= 0:
        parser.error("need 1 <= senders <= clients, at least one message and a positive rate")
    return options


# --- The throw-away database -----------------------------------------------------------------------------


def build_database() -> str | None:
    """Create the database (migrated); returns the name to drop at the end (PostgreSQL) or None."""
    if POSTGRES:
        connection.settings_dict["TEST"]["NAME"] = f"bench_live_{os.getpid()}"
        original = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        return original
    connection.creation.create_test_db(verbosity=0)
    return None


def seed(clients: int):
    """A closed group's session running now with its live room, and `clients` long-standing members signed
    in: the thread's id and one session cookie per member."""
    import datetime
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone

    from tests.factories.users import UserFactory
    from tests.factories.working_groups import add_member
    from tests.forums.live.conftest import make_session

    session = make_session()
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    joined = timezone.now() - datetime.timedelta(days=90)
    cookies = []
    for _ in range(clients):
        person = UserFactory(date_joined=joined)
        add_member(session.group, person)
        store = store_class()
        store[SESSION_KEY] = str(person.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = person.get_session_auth_hash()
        store.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={store.session_key}")
    return session.thread.pk, cookies


def write_recent_posts(thread_id: int, count: int) -> None:
    """`count` messages in the room, as its chair would post them, for the join-only benchmark to replay."""
    from forums import services
    from forums.models import Thread

    thread = Thread.objects.get(pk=thread_id)
    for number in range(count):
        services.post_create(
            author=thread.author, thread=thread, body_markdown=f"Recent message {number + 1}"
        )


def server_database_url(directory: Path) -> str:
    db = connection.settings_dict
    if POSTGRES:
        credentials = quote(db["USER"] or "")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"])
        return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    connection.ensure_connection()
    path = directory / "live.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    return f"sqlite:///{path}"


# --- Servers ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    return "/".join(f"{value:.2f}" for value in os.getloadavg())


class Server:
    """One uvicorn process serving the site and the bare consumer (bench.live_echo:application)."""

    def __init__(self, environment: dict, log: Path):
        self.port, self.environment, self.log = free_port(), environment, log
        self.process: subprocess.Popen | None = None

    def launch(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                self.command(), cwd=ROOT, env=self.environment, stdout=log, stderr=subprocess.STDOUT
            )

    def command(self) -> list[str]:
        command = [sys.executable, "-m", "uvicorn", "bench.live_echo:application", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--ws", "websockets-sansio", "--log-level", "warning"]
        return [*command, "--timeout-graceful-shutdown", "5"]

    def wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"The server on port {self.port} exited:\n{self.log.read_text()[-3000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"The server on port {self.port} did not start in {STARTUP_SECONDS} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class BroadcastServer(Server):
    """The bare `websockets` broadcast (bench/live_broadcast.py): no Django, no Channels."""

    def command(self) -> list[str]:
        return [sys.executable, str(ROOT / "bench" / "live_broadcast.py"), str(self.port)]


def start_servers(
    count: int, environment: dict, directory: Path, name: str, kind: type[Server] = Server
) -> list[Server]:
    servers = [kind(environment, directory / f"{name}-{number}.log") for number in range(count)]
    for server in servers:  # all boot at once
        server.launch()
    try:
        for server in servers:
            server.wait_ready()
    except BaseException:
        stop_servers(servers)
        raise
    return servers


def stop_servers(servers: list[Server]) -> None:
    for server in servers:
        if server.process is not None and server.process.poll() is None:
            server.process.terminate()
    for server in servers:
        server.stop()


# --- Clients ---------------------------------------------------------------------------------------------


@dataclass
class Peer:
    """One connected person: when each message of the run reached them, and in which order."""

    port: int
    url: str
    cookie: str = ""
    socket: object = None
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    arrivals: dict[int, list[float]] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)
    sequences: list[int] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    presence: int = 0
    last_frame: float = 0.0
    failure: str = ""

    async def open(self) -> None:
        headers = {"Cookie": self.cookie} if self.cookie else None
        self.socket = await connect(
            self.url,
            origin=f"http://127.0.0.1:{self.port}",
            additional_headers=headers,
            open_timeout=CONNECT_SECONDS,
            close_timeout=2,
            max_queue=None,
            proxy=None,
        )


class Run:
    """One consumer in one configuration: connect everyone, wait for quiet, send, collect."""

    def __init__(self, kind: str, tag: str, peers: list[Peer], senders: int, messages: int, rate: float):
        self.kind, self.tag, self.peers = kind, tag, peers
        self.senders, self.messages, self.rate = peers[:senders], messages, rate
        self.sent_at: dict[int, float] = {}
        self.accepted: set[int] = set()  # acknowledged by the server (the room's senders get an ack)
        self.taken: set[int] = set()  # taken by the server when the bench stopped waiting for everything
        self.readers: list[asyncio.Task] = []
        self.join_seconds = 0.0
        #: Server processes whose CPU time is read over the sending (and this process's own, the clients').
        self.server_pids: list[int] = []
        self.cpu = {"server": 0.0, "clients": 0.0}

    def frame(self, peer: Peer, raw: str, now: float) -> None:
        frame = json.loads(raw)
        kind = frame.get("type")
        text = ""
        if self.kind in BARE and kind == "post":
            text = frame.get("body", "")
        elif kind == "post.created":
            text = frame["post"]["html"]
            if peer.ready.is_set():
                peer.sequences.append(frame["post"]["sequence"])
        elif kind == "replay.done":
            peer.ready.set()
        elif kind == "presence":
            peer.presence = frame["count"]
        elif kind == "error":
            peer.errors.append(frame)
        elif kind == "ack" and frame["client_id"].startswith(f"bench-{self.tag}-"):
            self.accepted.add(int(frame["client_id"].rsplit("-", 1)[1]))
        match = MESSAGE.search(text)
        if match and match.group(1) == self.tag:
            number = int(match.group(2))
            peer.arrivals.setdefault(number, []).append(now)
            peer.order.append(number)

    async def read(self, peer: Peer) -> None:
        try:
            async for raw in peer.socket:
                now = time.perf_counter()
                peer.last_frame = now
                self.frame(peer, raw, now)
        except ConnectionClosed as closed:
            peer.failure = peer.failure or f"closed: {closed}"

    connect_all_gate = CONCURRENT_CONNECTS

    async def connect_all(self) -> None:
        gate = asyncio.Semaphore(self.connect_all_gate)

        async def join(peer: Peer) -> None:
            async with gate:
                try:
                    await peer.open()
                except (OSError, TimeoutError, WebSocketException) as problem:
                    peer.failure = f"connect: {problem!r}"
                    return
                if self.kind in BARE:
                    peer.ready.set()
                self.readers.append(asyncio.create_task(self.read(peer)))
                try:
                    await asyncio.wait_for(peer.ready.wait(), CONNECT_SECONDS)
                except TimeoutError:
                    peer.failure = "no replay.done"

        await asyncio.gather(*(join(peer) for peer in self.peers))

    async def settle(self) -> bool:
        """Wait until the joins' presence frames have all gone out and nothing has moved for a moment."""
        connected = [peer for peer in self.peers if not peer.failure]
        deadline = time.perf_counter() + SETTLE_LIMIT_SECONDS
        while time.perf_counter() < deadline:
            await asyncio.sleep(0.25)
            now = time.perf_counter()
            if all(now - peer.last_frame >= QUIET_SECONDS for peer in connected):
                return True
        return False

    async def send_all(self) -> None:
        start = time.perf_counter()
        for number in range(self.messages):
            delay = start + number / self.rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            sender = self.senders[number % len(self.senders)]
            frame = {
                "type": "post",
                "client_id": f"bench-{self.tag}-{number}",
                "body": f"Bench message {self.tag} {number:05d}",
            }
            self.sent_at[number] = time.perf_counter()
            await sender.socket.send(json.dumps(frame))

    async def collect(self) -> None:
        """Until every connected client has every message, or DRAIN_SECONDS after the last send; then
        until everyone has what the server had taken by then (acknowledged or delivered), or GRACE_SECONDS."""
        connected = [peer for peer in self.peers if not peer.failure]
        await self.wait(connected, set(range(self.messages)), DRAIN_SECONDS)
        self.taken = self.accepted.union(*(peer.arrivals for peer in connected))
        await self.wait(connected, self.taken, GRACE_SECONDS)

    @staticmethod
    async def wait(peers: list[Peer], numbers: set[int], seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            if all(numbers <= peer.arrivals.keys() for peer in peers):
                return
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        for task in self.readers:
            task.cancel()
        await asyncio.gather(*self.readers, return_exceptions=True)
        await asyncio.gather(
            *(peer.socket.close() for peer in self.peers if peer.socket is not None), return_exceptions=True
        )

    async def measure(self) -> dict:
        try:
            start = time.perf_counter()
            await self.connect_all()
            connected = time.perf_counter()
            settled = await self.settle()
            # Joining: until the last frame the joins caused (the room's presence updates) had arrived.
            self.join_seconds = max([connected] + [peer.last_frame for peer in self.peers]) - start
            if any(sender.failure for sender in self.senders):
                raise SystemExit(f"A sender could not connect: {[s.failure for s in self.senders]}")
            cpu_before = self.cpu_now()
            await self.send_all()
            await self.collect()
            self.cpu = {side: now - cpu_before[side] for side, now in self.cpu_now().items()}
            return self.result(settled)
        finally:
            await self.close()

    def cpu_now(self) -> dict[str, float]:
        """CPU seconds used so far by the servers (together) and by this process (the clients)."""
        return {"server": sum(map(cpu_seconds, self.server_pids)), "clients": time.process_time()}

    def result(self, settled: bool) -> dict:
        connected = [peer for peer in self.peers if not peer.failure or peer.arrivals]
        latencies, last_arrival = [], 0.0
        lost = duplicated = disordered = 0
        for peer in connected:
            for number, times in peer.arrivals.items():
                latencies.append(times[0] - self.sent_at[number])
                last_arrival = max(last_arrival, times[0])
                duplicated += len(times) - 1
            lost += len(self.taken - peer.arrivals.keys())
            disordered += not self.in_order(peer)
        latencies.sort()
        elapsed = (last_arrival - min(self.sent_at.values())) if latencies else math.inf
        errors = [error for peer in self.peers for error in peer.errors]
        failures = [peer.failure for peer in self.peers if peer.failure]
        return {
            "connected": len(connected),
            "median": statistics.median(latencies) if latencies else math.nan,
            "p99": latencies[max(math.ceil(len(latencies) * 0.99) - 1, 0)] if latencies else math.nan,
            "throughput": len(latencies) / elapsed if latencies else 0.0,
            "lost": lost,
            "pending": self.messages - len(self.taken),
            "below": sum(peer.presence < len(connected) for peer in connected) if self.kind == "room" else 0,
            "duplicated": duplicated,
            "disordered": disordered,
            "errors": errors,
            "failures": failures,
            "settled": settled,
            "join": self.join_seconds,
            "server_us": self.cpu["server"] * 1e6 / len(latencies) if latencies else math.nan,
            "client_us": self.cpu["clients"] * 1e6 / len(latencies) if latencies else math.nan,
        }

    def in_order(self, peer: Peer) -> bool:
        if self.kind == "room":  # the room's promise: consecutive sequence numbers after where one joined
            first = peer.sequences[0] if peer.sequences else 1
            return peer.sequences == list(range(first, first + len(peer.sequences)))
        for sender in range(len(self.senders)):  # the bare consumer: each sender's own order
            numbers = [number for number in peer.order if number % len(self.senders) == sender]
            if numbers != sorted(numbers):
                return False
        return True


async def run_consumer(kind, tag, servers, thread_id, cookies, after, options) -> tuple[dict, int]:
    peers = []
    for index, cookie in enumerate(cookies[: options.clients]):
        port = servers[index % len(servers)].port
        if kind == "echo":
            peers.append(Peer(port, f"ws://127.0.0.1:{port}/ws/echo/"))
        elif kind == "bcast":
            peers.append(Peer(port, f"ws://127.0.0.1:{port}/"))
        else:
            url = f"ws://127.0.0.1:{port}/ws/forums/threads/{thread_id}/?after={after}&room=1"
            peers.append(Peer(port, url, cookie))
    run = Run(kind, tag, peers, options.senders, options.messages, options.rate)
    run.server_pids = [server.process.pid for server in servers]
    result = await run.measure()
    result["load"] = load_average()
    last_sequence = max((peer.sequences[-1] for peer in peers if peer.sequences), default=after)
    return result, last_sequence


async def run_joins(server: Server, thread_id: int, cookies: list[str], after: int) -> dict:
    """Everyone joins the room at once (JOIN_CONCURRENCY in flight): until each has its replay, and until
    the joins' frames (presence) stop; the server's CPU time over it, per join."""
    url = f"ws://127.0.0.1:{server.port}/ws/forums/threads/{thread_id}/?after={after}&room=1"
    peers = [Peer(server.port, url, cookie) for cookie in cookies]
    run = Run("room", "join", peers, 1, 1, 1.0)
    run.connect_all_gate = JOIN_CONCURRENCY
    cpu_before = cpu_seconds(server.process.pid)
    try:
        start = time.perf_counter()
        await run.connect_all()
        ready = time.perf_counter() - start
        settled = await run.settle()
        quiet = max(peer.last_frame for peer in peers) - start
        cpu = cpu_seconds(server.process.pid) - cpu_before
    finally:
        await run.close()
    joined = sum(not peer.failure for peer in peers)
    return {
        "joined": joined,
        "ready": ready,
        "quiet": quiet,
        "cpu_ms": cpu * 1000 / max(joined, 1),
        "settled": settled,
        "load": load_average(),
        "failures": sorted({peer.failure for peer in peers if peer.failure})[:3],
    }


# --- Report ----------------------------------------------------------------------------------------------

HEADER = (
    f"{'configuration':<22} {'consumer':<8} {'clients':>9} {'median ms':>10} {'p99 ms':>9} {'deliv/s':>8} "
    f"{'thru/echo':>9} {'thru/bcast':>10} {'p99/echo':>8} {'lost':>5} {'dup':>4} {'disorder':>8} "
    f"{'pending':>7} {'join s':>6} {'srv us/d':>8} {'cli us/d':>8}  load 1/5/15 min"
)


def _ratio(value: float, baseline: float) -> float:
    return value / baseline if baseline else math.nan


def row(configuration: str, consumer: str, result: dict, echo: dict, bcast: dict | None, clients: int) -> str:
    bcast_ratio = _ratio(result["throughput"], bcast["throughput"]) if bcast else math.nan
    return (
        f"{configuration:<22} {consumer:<8} {result['connected']:>4}/{clients:<4} "
        f"{result['median'] * 1000:>10.1f} {result['p99'] * 1000:>9.1f} {result['throughput']:>8.0f} "
        f"{_ratio(result['throughput'], echo['throughput']):>9.2f} {bcast_ratio:>10.2f} "
        f"{_ratio(result['p99'], echo['p99']):>8.1f} {result['lost']:>5} {result['duplicated']:>4} "
        f"{result['disordered']:>8} {result['pending']:>7} {result['join']:>6.1f} "
        f"{result['server_us']:>8.0f} {result['client_us']:>8.0f}  {result['load']}"
    )


def scale_out(one: dict, two: dict, offered: float) -> str:
    """Two servers on Redis against one in memory: measured, and with a core for each server process."""
    if one["throughput"] >= 0.97 * offered:
        return (
            "Redis with 2 servers against in-memory with 1: one server carries everything offered, so two "
            "cannot carry more (measure where one saturates, e.g. --clients 400 --rate 40)"
        )
    measured = _ratio(two["throughput"], one["throughput"])
    # A server process runs its Python on one core at a time (the GIL): with a core each, two carry what
    # one carries, times two, times the one's CPU per delivery over theirs (the cost of the second process:
    # the Redis layer, reading the other's posts).
    cores_each = 2 * _ratio(one["server_us"], two["server_us"])
    return (
        "Redis with 2 servers against in-memory with 1, the room's deliveries/s: "
        f"{measured:.2f} measured (the servers and the clients share this machine's {os.cpu_count()} cores); "
        f"server CPU per delivery {one['server_us']:.0f} us (1 server) and {two['server_us']:.0f} us "
        f"(2 servers), so with a core for each server process: {cores_each:.2f}"
    )


def notes(configuration: str, consumer: str, result: dict, clients: int) -> list[str]:
    lines = []
    if result["connected"] < clients:
        reasons = sorted(set(result["failures"]))[:3]
        lines.append(
            f"{configuration}, {consumer}: only {result['connected']} of {clients} clients connected: "
            f"{'; '.join(reasons)}"
        )
    if result["below"]:
        lines.append(
            f"{configuration}, {consumer}: {result['below']} clients' last presence count was below the "
            "number connected (presence updates dropped by the channel layer)"
        )
    if result["pending"]:
        lines.append(
            f"{configuration}, {consumer}: {result['pending']} messages not yet taken by the server "
            f"{DRAIN_SECONDS} s after the last send (the room did not keep up; latencies: what arrived)"
        )
    if not result["settled"]:
        lines.append(f"{configuration}, {consumer}: the joins had not settled after {SETTLE_LIMIT_SECONDS} s")
    if result["errors"]:
        example = result["errors"][0]
        lines.append(f"{configuration}, {consumer}: {len(result['errors'])} error frames, e.g. {example}")
    return lines


def main() -> None:
    options = arguments()
    if not options.skip_redis:
        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        except redis.RedisError as problem:
            message = f"bench_live needs Redis at {REDIS_URL} (set REDIS_URL, or --skip-redis): {problem}"
            raise SystemExit(message) from None
    started = time.perf_counter()
    original_name = build_database()
    try:
        thread_id, cookies = seed(max(options.clients, options.join))
        if options.join_only:
            write_recent_posts(thread_id, JOIN_BEHIND)
        with tempfile.TemporaryDirectory(prefix="bench_live_") as directory:
            database_url = server_database_url(Path(directory))
            connection.close()
            measure(options, thread_id, cookies, database_url, Path(directory), started)
    finally:
        if original_name is not None:
            connection.creation.destroy_test_db(original_name, verbosity=0)


def measure(options, thread_id: int, cookies: list[str], database_url: str, directory: Path, started) -> None:
    base = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    base.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONPATH=str(ROOT),
    )
    if options.join_only:
        for remark in report_joins(options, base, directory, thread_id, cookies, JOIN_BEHIND + 1):
            print(remark)
        return
    configurations = [("in-memory, 1 server", "memory", 1, base)]
    if not options.skip_redis:
        configurations.append(("Redis, 2 servers", "redis", 2, {**base, "REDIS_URL": REDIS_URL}))
    database = "PostgreSQL" if POSTGRES else "SQLite (WAL)"
    print(
        f"Live delivery: {options.clients} clients in one room, {options.messages} messages from "
        f"{options.senders} senders at {options.rate:g}/s "
        f"({options.clients * options.rate:,.0f} deliveries/s offered), {database}; ratios against the "
        "bare Channels consumer (echo) on the same servers and a bare websockets broadcast (bcast), "
        f"measured in this run; load average at the end of each row (load now {load_average()})"
    )
    servers = start_servers(1, base, directory, "bcast", BroadcastServer)
    try:
        bcast, _last = asyncio.run(run_consumer("bcast", "bcast", servers, thread_id, cookies, 0, options))
    finally:
        stop_servers(servers)
    print(HEADER)
    print(row("websockets, 1 process", "bcast", bcast, bcast, bcast, options.clients), flush=True)
    remarks, after, rooms = notes("websockets, 1 process", "bcast", bcast, options.clients), 0, {}
    for configuration, tag, count, environment in configurations:
        if tag == "redis":
            redis.Redis.from_url(REDIS_URL).flushdb()
        servers = start_servers(count, environment, directory, tag)
        try:
            echo, _last = asyncio.run(run_consumer("echo", tag, servers, thread_id, cookies, after, options))
            room, after = asyncio.run(run_consumer("room", tag, servers, thread_id, cookies, after, options))
        finally:
            stop_servers(servers)
        rooms[tag] = room
        for consumer, result in (("echo", echo), ("room", room)):
            print(row(configuration, consumer, result, echo, bcast, options.clients), flush=True)
            remarks += notes(configuration, consumer, result, options.clients)
    if "redis" in rooms:
        print(scale_out(rooms["memory"], rooms["redis"], options.clients * options.rate))
    if options.join:
        remarks += report_joins(options, base, directory, thread_id, cookies, after)
    for remark in remarks:
        print(remark)
    print(
        "median/p99: from send to arrival over every (message, client) pair; deliv/s: first arrivals per "
        "second from the first send to the last arrival; thru/echo, thru/bcast, p99/echo: against the "
        "baselines; disorder: clients that saw messages out of order; pending: messages the server had not "
        "taken when the bench stopped waiting; lost: deliveries missing of the messages it had taken; join "
        "s: connecting everyone, until the joins' frames (presence) stop; srv us/d, cli us/d: CPU time of "
        "the servers (together) and of this process (the clients) from the first send until the bench "
        "stopped waiting, per delivery. "
        f"Whole run {time.perf_counter() - started:.0f} s."
    )


def report_joins(
    options, base: dict, directory: Path, thread_id: int, cookies: list[str], after: int
) -> list[str]:
    """Run the join benchmark on a fresh in-memory server and print its line; returns its remarks."""
    servers = start_servers(1, base, directory, "join")
    try:
        joins = asyncio.run(
            run_joins(servers[0], thread_id, cookies[: options.join], max(after - JOIN_BEHIND, 0))
        )
    finally:
        stop_servers(servers)
    print(
        f"Join: {joins['joined']}/{options.join} people joined the room at once on one fresh in-memory "
        f"server (each replays {min(JOIN_BEHIND, after)} messages): all replayed in "
        f"{joins['ready']:.2f} s, frames quiet after {joins['quiet']:.2f} s; server CPU "
        f"{joins['cpu_ms']:.1f} ms per join; load {joins['load']}"
    )
    remarks = []
    if joins["failures"]:
        remarks.append(f"Join: failures: {'; '.join(joins['failures'])}")
    if not joins["settled"]:
        remarks.append(f"Join: the joins had not settled after {SETTLE_LIMIT_SECONDS} s")
    return remarks


if __name__ == "__main__":
    main()
