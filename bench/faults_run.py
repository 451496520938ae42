"""The run of bench/bench_load_fault.py, shared with its CI-scale test (tests/faults/): start Redis and the
workers, connect the clients, send the messages through the faults, then judge and report. Nothing here
imports Django: the caller builds the site (database, room, members, cookies) and describes it in a `Site`.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.faults_clients import LiveClient, message_body
from bench.faults_processes import ROOT, HarnessError, HttpStream, RedisServer, Worker
from bench.faults_verdict import http_line, log_lines, stored_posts, verdict

CONNECT_LIMIT_SECONDS = 600
RESUME_LIMIT_SECONDS = 120
FIRST_CONNECTS = 20


@dataclass
class Site:
    """The room and who is in it, as the workers will find them in the database at `database_url`."""

    thread_id: int
    start_sequence: int  # the thread's last post number before the run
    cookies: list[str]  # one signed-in member each: `<session cookie name>=<key>`
    targets: list[tuple[str, str]]  # the HTTP stream: (path, cookie or "")
    database_url: str
    secret_key: str  # the sessions' auth hashes were made with it


@dataclass
class Options:
    clients: int = 200
    messages: int = 60
    rate: float = 1.0  # messages per second
    http_rate: float = 2.0  # HTTP requests per second (a page costs about half a second of a core here)
    drain: float = 60.0  # seconds to wait for the last deliveries after the last send


def http_targets(thread, member_cookie: str) -> list[tuple[str, str]]:
    """Pages for the stream: home, the thread page, its event, the public calendar feed, the forums."""
    return [
        ("/", ""),
        (thread.get_absolute_url(), member_cookie),
        (thread.event.url, member_cookie),
        ("/calendar/events.ics", ""),
        ("/forums/", member_cookie),
    ]


def worker_environment(site: Site, redis_url: str, static_root: Path) -> dict:
    """The production settings (config.settings) as the environment gives them."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=site.secret_key,
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=site.database_url,
        REDIS_URL=redis_url,
        STATIC_ROOT=str(static_root),
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        PYTHONPATH=str(ROOT),
    )
    return environment


def collect_static(environment: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )


def check_targets(stream: HttpStream) -> None:
    """Every page of the stream answers 200 before the run: a stream of errors would measure nothing."""
    for path, cookie in stream.targets:
        outcome = stream.get(stream.ports[0], path, cookie)
        if outcome != "answered" or stream.statuses.get(200, 0) == 0:
            raise HarnessError(
                f"GET {path} did not answer 200 before the run: {stream.statuses} {stream.failures}"
            )
        stream.statuses.clear()
        stream.latencies.clear()


async def wait_until(condition, seconds: float) -> float | None:
    """Seconds until `condition()` held, or None if it did not within `seconds`."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if condition():
            return time.perf_counter() - started
        await asyncio.sleep(0.05)
    return None


class Scenario:
    def __init__(self, options: Options, site: Site, workers: list[Worker], redis_server: RedisServer):
        self.options, self.workers, self.redis = options, workers, redis_server
        gate = asyncio.Semaphore(FIRST_CONNECTS)
        self.clients = [
            LiveClient(
                index=index,
                port=workers[index % len(workers)].port,
                thread_id=site.thread_id,
                cookie=cookie,
                last=site.start_sequence,
                first_gate=gate,
            )
            for index, cookie in enumerate(site.cookies)
        ]
        self.tag = f"f{os.getpid()}"
        self.submitted_at: dict[int, float] = {}
        self.events: list[str] = []
        self.failures: list[str] = []

    def event(self, text: str) -> None:
        """Printed as it happens (a long run shows its progress) and kept for the report."""
        self.events.append(text)
        print(f"- {text}", flush=True)

    def cuts(self) -> tuple[int, int, int]:
        """The kill after a quarter of the messages, the stream going on while the worker restarts; Redis
        after two thirds."""
        messages = self.options.messages
        return messages // 4, messages * 9 // 20, messages * 2 // 3

    @property
    def phases(self) -> list[tuple[str, range]]:
        kill_at, resume_at, redis_at = self.cuts()
        return [
            ("before the kill", range(kill_at)),
            ("while the worker restarts", range(kill_at, resume_at)),
            ("after it is back", range(resume_at, redis_at)),
            ("after the Redis restart", range(redis_at, self.options.messages)),
        ]

    def client_id(self, number: int) -> str:
        return f"{self.tag}-{number:05d}"

    def sender(self, number: int) -> LiveClient:
        return self.clients[(number * 7) % len(self.clients)]  # both workers, many people

    def everyone_back(self) -> bool:
        return all(client.live.is_set() or client.access_lost for client in self.clients)

    async def send(self, numbers: range) -> None:
        start = time.perf_counter()
        for offset, number in enumerate(numbers):
            delay = start + offset / self.options.rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            self.submitted_at[number] = time.perf_counter()
            await self.sender(number).submit(self.client_id(number), message_body(number))

    async def resume(self, what: str, started: float, limit: float = RESUME_LIMIT_SECONDS) -> None:
        waited = await wait_until(self.everyone_back, limit)
        if waited is None:
            away = [client for client in self.clients if not client.live.is_set()]
            reasons = Counter(client.last_problem[:80] for client in away)
            self.failures.append(
                f"{len(away)} clients not back {limit:.0f} s after {what} ({sum(c.opened > 0 for c in away)} "
                f"of them had connected before; last problems: {reasons.most_common(3)})"
            )
        else:
            self.event(f"every client back {time.perf_counter() - started:.1f} s after {what}")

    def dropped(self) -> int:
        return sum(client.dropped for client in self.clients)

    async def run(self) -> None:
        messages = self.options.messages
        kill_at, resume_at, redis_at = self.cuts()
        tasks = [asyncio.create_task(client.run()) for client in self.clients]
        try:
            started = time.perf_counter()
            await self.resume("the start", started, CONNECT_LIMIT_SECONDS)
            if self.failures:
                return
            await self.send(range(kill_at))

            dropped, killed = self.dropped(), time.perf_counter()
            victim = self.workers[-1]
            victim.kill()
            restart = asyncio.create_task(asyncio.to_thread(victim.start))
            await self.send(range(kill_at, resume_at))
            await restart
            self.event(
                f"worker on port {victim.port} killed after message {kill_at}, ready again "
                f"after {time.perf_counter() - killed:.1f} s"
            )
            await self.resume("the kill", killed)
            self.event(f"{self.dropped() - dropped} connections dropped by the kill")
            if self.dropped() == dropped:
                self.failures.append("the kill dropped no connection: the fault was not injected")
            await self.send(range(resume_at, redis_at))

            dropped, restarted = self.dropped(), time.perf_counter()
            await asyncio.to_thread(self.redis.restart)
            self.event(f"Redis killed and started again (empty) after message {redis_at}")
            await self.send(range(redis_at, messages))
            await self.resume("the Redis restart", restarted)
            self.event(f"{self.dropped() - dropped} connections dropped by the Redis restart")

            waited = await wait_until(self.drained, self.options.drain)
            if waited is None:
                self.failures.append(
                    f"deliveries still missing {self.options.drain:.0f} s after the last send"
                )
            else:
                self.event(
                    f"every message acknowledged and shown everywhere {waited:.1f} s after the last send"
                )
        finally:
            await asyncio.gather(*(client.close() for client in self.clients), return_exceptions=True)
            await asyncio.gather(*tasks, return_exceptions=True)

    def drained(self) -> bool:
        if any(client.outbox for client in self.clients):
            return False
        last = max((sequence for client in self.clients for sequence in client.acks.values()), default=0)
        return all(client.last >= last for client in self.clients if not client.access_lost)


def run(site: Site, options: Options, directory: Path, database_label: str) -> int:
    """Run the scenario against fresh workers and Redis; print the report; 0 when nothing was lost."""
    started = time.perf_counter()
    redis_server = RedisServer(directory / "redis.log")
    environment = worker_environment(site, redis_server.url, directory / "static")
    collect_static(environment)
    workers = [Worker(directory / f"worker-{number}.log", environment) for number in (1, 2)]
    stream = HttpStream(site.targets, [worker.port for worker in workers], options.http_rate)
    scenario = Scenario(options, site, workers, redis_server)
    try:
        redis_server.start()
        for worker in workers:
            worker.launch()
        for worker in workers:
            worker.wait_ready()
        check_targets(stream)
        print(
            f"Load and faults: {options.clients} clients in one live room over {len(workers)} uvicorn "
            f"workers, {database_label}, Redis on port {redis_server.port}; {options.messages} messages at "
            f"{options.rate:g}/s; HTTP stream at {options.http_rate:g} requests/s "
            f"(ready after {time.perf_counter() - started:.0f} s)",
            flush=True,
        )
        stream.start()
        try:
            asyncio.run(scenario.run())
        finally:
            stream.stop()
    finally:
        for worker in workers:
            worker.stop()
        redis_server.stop()
    posts = stored_posts(site.database_url, site.thread_id, site.start_sequence)
    logs = {worker.log.name: worker.log.read_text(errors="replace") for worker in workers}
    lines, failures = verdict(scenario, posts)
    for line in [*lines, http_line(stream), *log_lines(logs)]:
        print(line)
    print(f"whole run {time.perf_counter() - started:.0f} s")
    if failures:
        for name, text in logs.items():
            if "Traceback" in text:
                print(f"--- last traceback in {name}:\n{text[text.rindex('Traceback') :][:2500]}")
        print("FAILED: " + "; ".join(failures), flush=True)
        return 1
    print("OK: every message stored once and shown exactly once, in order, by every client", flush=True)
    return 0
