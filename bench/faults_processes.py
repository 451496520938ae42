"""The processes of bench/bench_load_fault.py: a Redis server of its own, the ASGI workers, and a stream of
HTTP requests — each with the fault it needs (SIGKILL and restart on the same port).

Nothing here imports Django: the workers run the site with the production settings (config.settings), read
from the environment the harness gives them.
"""

from __future__ import annotations

import http.client
import math
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 60


class HarnessError(RuntimeError):
    """The run could not be set up (a process did not start, a page of the stream did not answer)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_port(port: int, process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HarnessError(f"{what} on port {port} exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise HarnessError(f"{what} on port {port} did not start in {STARTUP_SECONDS} s")


class Process:
    """A child process on a fixed port that can be killed (SIGKILL: no shutdown code runs) and started
    again on the same port."""

    name = "process"

    def __init__(self, log: Path, port: int | None = None):
        self.port, self.log = port or free_port(), log
        self.process: subprocess.Popen | None = None
        self.restarts = 0

    def command(self) -> list[str]:
        raise NotImplementedError

    def environment(self) -> dict | None:
        return None

    def launch(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own programs and arguments)
                self.command(), cwd=ROOT, env=self.environment(), stdout=log, stderr=subprocess.STDOUT
            )

    def wait_ready(self) -> None:
        _wait_port(self.port, self.process, self.log, self.name)

    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def kill(self) -> None:
        """SIGKILL, as when the machine or the container dies: open sockets are cut, nothing is cleaned up."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def restart(self) -> None:
        self.kill()
        self.restarts += 1
        self.start()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


class RedisServer(Process):
    """`redis-server` without persistence: a restart loses every key (the channel layer's groups, the
    cache)."""

    name = "redis-server"

    def command(self) -> list[str]:
        return [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--protected-mode",
            "no",
        ]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


class Worker(Process):
    """One uvicorn process serving config.asgi:application, as `make serve` does."""

    name = "uvicorn worker"

    def __init__(self, log: Path, env: dict):
        super().__init__(log)
        self.env = env

    def command(self) -> list[str]:
        command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
        return [*command, "--port", str(self.port), "--ws", "websockets-sansio", "--log-level", "warning"]

    def environment(self) -> dict:
        return self.env


# --- The HTTP stream ---------------------------------------------------------------------------------------


@dataclass
class HttpStream:
    """Paced GET requests over the workers, round robin, in a few threads. A worker that does not answer at
    all (killed) is skipped for the other one, as a load balancer would; that counts as `rerouted`.

    `targets` are (path, cookie or "") pairs: pages, the thread page, a feed."""

    targets: list[tuple[str, str]]
    ports: list[int]
    rate: float
    threads: int = 4
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    rerouted: int = 0
    odd: list[str] = field(default_factory=list)  # the first answers other than 200: "status path"
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _workers: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        for number in range(self.threads):
            thread = threading.Thread(target=self._loop, args=(number,), daemon=True)
            thread.start()
            self._workers.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._workers:
            thread.join(timeout=35)

    def _loop(self, number: int) -> None:
        interval = self.threads / self.rate
        due = time.monotonic() + number * interval / self.threads
        count = number
        while not self._stop.is_set():
            wait = due - time.monotonic()
            if wait > 0 and self._stop.wait(wait):
                return
            due = max(due + interval, time.monotonic())
            path, cookie = self.targets[count % len(self.targets)]
            first = count % len(self.ports)
            count += 1
            for attempt in range(len(self.ports)):
                outcome = self.get(self.ports[(first + attempt) % len(self.ports)], path, cookie)
                if outcome != "unreachable":
                    break
                with self._lock:
                    self.rerouted += 1
            else:
                self._count_failure("no worker answered")

    def get(self, port: int, path: str, cookie: str) -> str:
        headers = {"Host": "127.0.0.1", "Connection": "close"}
        if cookie:
            headers["Cookie"] = cookie
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
        except ConnectionRefusedError:
            return "unreachable"
        except (OSError, http.client.HTTPException) as problem:
            self._count_failure(type(problem).__name__)
            return "failed"
        finally:
            connection.close()
        elapsed = time.perf_counter() - started
        with self._lock:
            self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
            if response.status == 200:
                self.latencies.append(elapsed)
            elif len(self.odd) < 5:
                self.odd.append(f"{response.status} {path}")
        return "answered"

    def _count_failure(self, kind: str) -> None:
        with self._lock:
            self.failures[kind] = self.failures.get(kind, 0) + 1

    def summary(self) -> dict:
        ordered = sorted(self.latencies)

        def percentile(share: float) -> float:
            if not ordered:
                return math.nan
            return ordered[max(math.ceil(len(ordered) * share) - 1, 0)] * 1000

        return {
            "ok": self.statuses.get(200, 0),
            "total": sum(self.statuses.values()) + sum(self.failures.values()),
            "statuses": dict(sorted(self.statuses.items())),
            "failures": dict(self.failures),
            "rerouted": self.rerouted,
            "odd": list(self.odd),
            "p50": percentile(0.5),
            "p95": percentile(0.95),
            "p99": percentile(0.99),
        }
