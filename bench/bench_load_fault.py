"""Load and faults: N people in one live room and a stream of HTTP requests against two ASGI workers on a
shared database and Redis, while one worker is killed (SIGKILL) and restarted and Redis is restarted. Every
message must be stored once and shown exactly once, in order, by every client; the script prints what was
sent, stored and received, and exits 1 if anything was lost, duplicated, stored twice or out of order.

The harness starts everything it breaks: its own `redis-server` on a free port (no persistence, so a restart
loses the channel layer's groups and the cache), and two uvicorn workers (`config.asgi:application`,
`--ws websockets-sansio`) with the production settings from the environment (DEBUG=0, collected static files,
tasks queued in the database). The database is PostgreSQL when DATABASE_URL names it (a database
`bench_live_<pid>` created on that server and dropped at the end), else a SQLite file in WAL mode shared by
the workers. The room, its members and their session cookies come from bench/bench_live.py; the run itself is
bench/faults_run.py (clients: faults_clients.py, processes: faults_processes.py, verdict: faults_verdict.py),
which tests/faults/ runs at a small scale in the test suite.

The run: everyone connects (half to each worker) and waits for `replay.done`; the messages go out at `--rate`
from many senders (clients of both workers, each with a client id, retried after a reconnect as live.js
does); after a quarter of them the second worker is killed and restarted at once, the stream going on; once
every client is back, after two thirds Redis is killed and started again; then the harness waits until every
client is back and every message acknowledged and shown everywhere (`--drain` seconds at most).

`.venv/bin/python bench/bench_load_fault.py [--clients 200] [--messages 60] [--rate 1] [--http-rate 2]`
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_live  # noqa: E402  (sets Django up with bench.live_settings: the builder's settings)
from bench.faults_processes import HarnessError  # noqa: E402
from bench.faults_run import Options, Site, http_targets, run  # noqa: E402


def arguments() -> Options:
    defaults = Options()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=defaults.clients)
    parser.add_argument("--messages", type=int, default=defaults.messages)
    parser.add_argument("--rate", type=float, default=defaults.rate, help="messages per second")
    parser.add_argument(
        "--http-rate", type=float, default=defaults.http_rate, help="HTTP requests per second"
    )
    parser.add_argument(
        "--drain",
        type=float,
        default=defaults.drain,
        help="seconds to wait for deliveries after the last send",
    )
    given = parser.parse_args()
    if given.clients < 2 or given.messages < 8 or given.rate <= 0 or given.http_rate <= 0:
        parser.error("need at least 2 clients, 8 messages and positive rates")
    return Options(given.clients, given.messages, given.rate, given.http_rate, given.drain)


def build_site(options: Options, directory: Path) -> Site:
    """The room of bench_live (a closed group's session running now) with `clients` members signed in."""
    from forums.models import Thread

    thread_id, cookies = bench_live.seed(options.clients)
    thread = Thread.objects.select_related("event").get(pk=thread_id)
    database_url = bench_live.server_database_url(directory)
    if not bench_live.POSTGRES:  # two processes write the file: wait for the lock instead of failing
        database_url += "?timeout=30&transaction_mode=IMMEDIATE"
    site = Site(
        thread_id=thread_id,
        start_sequence=thread.last_sequence,
        cookies=cookies,
        targets=http_targets(thread, cookies[0]),
        database_url=database_url,
        secret_key=bench_live.settings.SECRET_KEY,
    )
    bench_live.connection.close()
    return site


def main() -> int:
    options = arguments()
    original_name = bench_live.build_database()
    try:
        with tempfile.TemporaryDirectory(prefix="bench_faults_") as directory:
            site = build_site(options, Path(directory))
            label = "PostgreSQL" if bench_live.POSTGRES else "SQLite (WAL)"
            return run(site, options, Path(directory), label)
    except HarnessError as problem:
        print(f"The run could not start: {problem}")
        return 2
    finally:
        if original_name is not None:
            bench_live.connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
