"""Public pages for a rush of anonymous visitors: requests per second of each page with the page cache on and
off, as ratios against a minimal Django view (bench/pages_urls.py) served by the same server in the same run.

Two servers run side by side on the same seeded demo database, one worker process each, with the same
settings except the page cache (`PAGE_CACHE_SECONDS=0` on one): each page is loaded by the same keep-alive
clients on both, in alternating rounds, and the minimal view likewise, so a change in the machine's
background load falls on all alike. The load average is printed with every figure: on a shared machine the
ratios are what to compare. The target: a cached page answers at least 0.5 of the minimal view's requests
per second.

Run `python bench/bench_pages.py [--seconds 6] [--concurrency 4] [--server wsgi|asgi]`. It builds its own
throw-away SQLite database in a temporary directory; nothing else is touched.

`python bench/bench_pages.py --lists [--repeat 3]` runs only the lean-list part of issue 17 instead: the
500-post thread page and its first page against the fair minimal thread page (bench/bench_forums.py), and the
register's first page against the fair minimal list page (bench/bench_commitments.py --first-page), each
`--repeat` times, one after the other, every figure with its load average.
"""

import argparse
import http.client
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_serving import ROOT, build_demo, environment, free_port, load, wait_ready

PAGES = ["/", "/news/", "/events/", "/events/covenant-forum/", "/forums/", "<thread>", "/commitments/"]
MINIMAL = "/bench-minimal/"
ROUNDS = 3


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="load time per page and server")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent keep-alive clients")
    parser.add_argument("--server", choices=("wsgi", "asgi"), default="wsgi", help="gunicorn or uvicorn")
    parser.add_argument(
        "--lists", action="store_true", help="only the lean lists: thread and register against fair pages"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each lean-list bench (with --lists)")
    return parser.parse_args()


def lean_lists(repeat: int) -> None:
    """The lean-list benches, each in its own process (each builds its own database), `repeat` times."""
    for run in range(1, repeat + 1):
        for script in (["bench/bench_forums.py"], ["bench/bench_commitments.py", "--first-page"]):
            print(f"\n== run {run}/{repeat}: {' '.join(script)} (before: load {load_average()})", flush=True)
            subprocess.run([sys.executable, *script], cwd=ROOT, check=True)  # noqa: S603


def command(server: str, port: int) -> list[str]:
    if server == "asgi":
        return [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--port",
            str(port),
            "--no-access-log",
        ]
    return [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "1"]


def start(server: str, env: dict, log_path: Path):
    port = free_port()
    log = open(log_path, "w")  # noqa: SIM115 (closed by the caller)
    process = subprocess.Popen(command(server, port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    wait_ready(port, process)
    return process, port, log


def first_thread(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/forums/")
    html = connection.getresponse().read().decode()
    forums = re.findall(r'href="(/forums/f/[^"]+/)"', html)
    for forum in forums:
        connection.request("GET", forum)
        found = re.search(r'href="(/forums/t/\d+/[^"#?]+/)"', connection.getresponse().read().decode())
        if found:
            return found.group(1)
    raise SystemExit("no public thread in the demo")


def load_average() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def main() -> None:
    options = arguments()
    if options.lists:
        lean_lists(options.repeat)
        return
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as directory:
        base = environment(f"sqlite:///{Path(directory) / 'pages.sqlite3'}")
        base["DJANGO_SETTINGS_MODULE"] = "bench.pages_settings"
        print("Seeding the demo site…", flush=True)
        build_demo(base)
        servers = {
            "cached": start(
                options.server, {**base, "PAGE_CACHE_SECONDS": "300"}, Path(directory) / "cached.log"
            ),
            "uncached": start(
                options.server, {**base, "PAGE_CACHE_SECONDS": "0"}, Path(directory) / "plain.log"
            ),
        }
        try:
            pages = [first_thread(servers["uncached"][1]) if page == "<thread>" else page for page in PAGES]
            print(
                f"\n{options.server.upper()}, one worker per server, {options.concurrency} keep-alive clients"
            )
            print(
                f"best of {ROUNDS} rounds of {options.seconds / ROUNDS:.1f} s; ratio = req/s / minimal req/s"
            )
            print(f"{'page':<44} {'cached':>9} {'ratio':>6} {'uncached':>9} {'ratio':>6}   load average")
            for path in [MINIMAL, *pages]:
                measure(servers, path, options)
        finally:
            for process, _port, log in servers.values():
                process.terminate()
                process.wait(timeout=20)
                log.close()


def measure(servers: dict, path: str, options: argparse.Namespace) -> None:
    """One page and the minimal view, alternating on both servers; the best round of each counts."""
    rates: dict[tuple[str, str], list[float]] = {}
    for _process, port, _log in servers.values():
        load(port, path, 0.5, options.concurrency)  # warm templates, per-process caches and the page cache
        load(port, MINIMAL, 0.5, options.concurrency)
    for _ in range(ROUNDS):
        for kind, (_process, port, _log) in servers.items():
            for target in (MINIMAL, path):
                rate, _ms = load(port, target, options.seconds / ROUNDS / 2, options.concurrency)
                rates.setdefault((kind, target), []).append(rate)
    best = {key: max(values) for key, values in rates.items()}
    cached, uncached = best[("cached", path)], best[("uncached", path)]
    cached_ratio = cached / best[("cached", MINIMAL)]
    uncached_ratio = uncached / best[("uncached", MINIMAL)]
    name = "minimal view (baseline)" if path == MINIMAL else path
    figures = f"{cached:9.0f} {cached_ratio:6.2f} {uncached:9.0f} {uncached_ratio:6.2f}"
    print(f"{name[:44]:<44} {figures}   {load_average()}")


if __name__ == "__main__":
    main()
