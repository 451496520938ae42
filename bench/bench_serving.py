"""Pages served over ASGI (uvicorn) against WSGI (gunicorn), one process each, on the same demo database.

Both servers run one worker process with the same settings and the same seeded demo site; the same pages are
requested by the same number of concurrent keep-alive clients for the same time. It prints requests per
second and median latency for each server and the ratio WSGI / ASGI, on which the production layout in
docs/operations.md rests.

Run with `make bench` (or `python bench/bench_serving.py --seconds 5 --concurrency 8`). It builds its own
throw-away SQLite database in a temporary directory; nothing else is touched.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/",
    "/news/",
    "/events/",
    "/events/covenant-forum/",
    "/working-groups/",
    "/commitments/",
]
ROUNDS = 3
PYTHON = sys.executable


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="load time per page and server")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent keep-alive clients")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "0",
        "PYTHONPATH": str(ROOT),
    }


def build_demo(env: dict) -> None:
    for command in (["migrate", "-v0"], ["seed_demo"]):
        subprocess.run(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )


def server_command(kind: str, port: int) -> list[str]:
    if kind == "ASGI":
        return [PYTHON, "-m", "uvicorn", "config.asgi:application", "--port", str(port), "--no-access-log"]
    return [PYTHON, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "1"]


def wait_ready(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not answer within {timeout} s")


def load(port: int, path: str, seconds: float, concurrency: int) -> tuple[float, float]:
    """Requests per second and median latency (ms) for one page under `concurrency` keep-alive clients."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < deadline:
            start = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failures.append(f"{path} answered {response.status}")
                break
            mine.append(time.perf_counter() - start)
        connection.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(failures[0])
    return len(latencies) / (time.monotonic() - started), statistics.median(latencies) * 1000


def start_server(kind: str, directory: Path, env: dict) -> tuple[subprocess.Popen, int, object]:
    port = free_port()
    log = open(directory / f"{kind}.log", "w")  # noqa: SIM115 (closed by the caller)
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        server_command(kind, port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    wait_ready(port, process)
    return process, port, log


def measure(servers: dict, options: argparse.Namespace) -> dict[str, dict[str, tuple[float, float]]]:
    """Each page in alternating rounds on both servers, so a change in the machine's background load falls on
    both alike; the best round of each counts."""
    results: dict[str, dict[str, tuple[float, float]]] = {kind: {} for kind in servers}
    for path in PAGES:
        for _process, port, _log in servers.values():
            load(port, path, 1.0, options.concurrency)  # warm templates and per-process caches
        rounds: dict[str, list[tuple[float, float]]] = {kind: [] for kind in servers}
        for _ in range(ROUNDS):
            for kind, (_process, port, _log) in servers.items():
                rounds[kind].append(load(port, path, options.seconds / ROUNDS, options.concurrency))
        for kind in servers:
            results[kind][path] = max(rounds[kind])
    return results


def main() -> None:
    options = arguments()
    with tempfile.TemporaryDirectory(prefix="bench-serving-") as directory:
        env = environment(f"sqlite:///{Path(directory) / 'serving.sqlite3'}")
        print("Seeding the demo site…", flush=True)
        build_demo(env)
        servers = {kind: start_server(kind, Path(directory), env) for kind in ("ASGI", "WSGI")}
        try:
            results = measure(servers, options)
        finally:
            for process, _port, log in servers.values():
                process.terminate()
                process.wait(timeout=20)
                log.close()
    report(results, options)


def report(results: dict, options: argparse.Namespace) -> None:
    print(f"\n{options.concurrency} concurrent clients, {options.seconds:g} s per page, one worker each")
    print(f"{'page':<28} {'ASGI req/s':>11} {'ms':>7} {'WSGI req/s':>11} {'ms':>7} {'WSGI/ASGI':>10}")
    ratios = []
    for path in PAGES:
        asgi_rate, asgi_ms = results["ASGI"][path]
        wsgi_rate, wsgi_ms = results["WSGI"][path]
        ratios.append(wsgi_rate / asgi_rate)
        columns = f"{asgi_rate:11.1f} {asgi_ms:7.1f} {wsgi_rate:11.1f} {wsgi_ms:7.1f}"
        print(f"{path:<28} {columns} {ratios[-1]:10.2f}")
    print(f"{'geometric mean':<28} {'':>41} {statistics.geometric_mean(ratios):10.2f}")


if __name__ == "__main__":
    main()
