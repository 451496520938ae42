"""Install the host site with each cut of the suite listed in .ci/cuts, on a fresh SQLite database each, and
prove it works: `check`, `makemigrations --check`, the migrations from zero, the demo seed, a smoke crawl of
every public page (tests/cuts/crawl.py) and the tests of the app the cut adds.

`make cuts` runs it (and `make test`, before the browser tests). Cuts run two at a time (CUTS_JOBS); the
output of each is printed when it ends, with the time of each step. `make cuts CUTS="cms cms,working_groups"`
runs only the cuts named.
"""

import os
import shlex
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CUTS_FILE = ROOT / ".ci" / "cuts"
PYTHON = sys.executable


def read_cuts(path: Path = CUTS_FILE) -> list[tuple[str, list[str]]]:
    cuts = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        apps, _, tests = (part.strip() for part in line.partition("|"))
        cuts.append((apps, [] if tests in ("", "-") else shlex.split(tests)))
    return cuts


def run_cut(apps: str, tests: list[str]) -> tuple[bool, str]:
    with tempfile.TemporaryDirectory(prefix="roundtable-cut-") as folder:
        return run_cut_in(folder, apps, tests)


def run_cut_in(folder: str, apps: str, tests: list[str]) -> tuple[bool, str]:
    env = {
        **{key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")},
        "ROUNDTABLE_APPS": apps,
        "DATABASE_URL": f"sqlite:///{folder}/cut.sqlite3",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "MEDIA_ROOT": f"{folder}/media",
    }
    manage = [PYTHON, "manage.py"]
    steps = [
        ("check", [*manage, "check", "--fail-level", "WARNING"]),
        ("makemigrations --check", [*manage, "makemigrations", "--check", "--dry-run"]),
        ("migrate from zero", [*manage, "migrate", "--noinput", "-v0"]),
        ("seed_demo", [*manage, "seed_demo"]),
        ("crawl", [PYTHON, "-m", "tests.cuts.crawl"]),
    ]
    if tests:
        steps.append(("tests", [PYTHON, "-m", "pytest", "-q", "-x", "-m", "not browser", *tests]))
    report = [f"== cut [{apps}]"]
    for name, command in steps:
        started = time.monotonic()
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
        report.append(
            f"  {name}: {'ok' if result.returncode == 0 else 'FAILED'} ({time.monotonic() - started:.0f}s)"
        )
        if name == "crawl" or result.returncode != 0:
            output = (result.stdout + result.stderr).strip().splitlines()
            report.extend(f"    {line}" for line in output[-40:])
        if result.returncode != 0:
            return False, "\n".join(report)
    return True, "\n".join(report)


def main() -> int:
    cuts = read_cuts()
    only = sys.argv[1:]
    if only:
        cuts = [cut for cut in cuts if cut[0] in only]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=int(os.environ.get("CUTS_JOBS", "2"))) as pool:
        results = list(pool.map(lambda cut: run_cut(*cut), cuts))
    for _ok, report in results:
        print(report, flush=True)
    failed = [apps for (apps, _tests), (ok, _report) in zip(cuts, results, strict=True) if not ok]
    print(f"{len(cuts) - len(failed)} of {len(cuts)} cuts pass ({time.monotonic() - started:.0f}s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
