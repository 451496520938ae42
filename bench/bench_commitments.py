"""What the commitment register costs with 5,000 commitments: the register page (first page, unfiltered and
filtered), and the CSV and JSON exports, each timed against a baseline query that reads the same rows in
the same run (one plain SELECT of the published public commitments). The ratio (page / baseline) says how
much the page adds to simply reading its rows, on any machine. The register's first page is also timed
against a fair minimal list page (bench/fair_register.html through bench/fair_urls.py: the site's layout
around the same first page with title, status, target date, parties and progress, through the same client
and middleware); the target is within 2x. The load average is printed with each figure.

Run with `make bench` (or `.venv/bin/python bench/bench_commitments.py [--first-page]`; `--first-page` times
only the register's first page against the fair page, as `bench/bench_pages.py --lists` does). It builds its
own throw-away SQLite database; nothing else is touched.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django

django.setup()

from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = "bench.fair_urls"

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import timing  # noqa: E402

ROUNDS = 7
SIZE = 5000


def baseline() -> None:
    """The same rows, read with one plain query and nothing else."""
    from commitments.models import Commitment

    list(
        Commitment.objects.public_register()
        .order_by("-updated_at", "-pk")
        .values_list("pk", "title", "status", "target_date", "progress")
    )


def build() -> str:
    from tests.commitments.test_register import populate
    from tests.factories.cms import make_home_site
    from tests.factories.commitments import CommitmentRegisterPageFactory

    home = make_home_site()
    register = CommitmentRegisterPageFactory(parent=home)
    populate(SIZE)
    return register.url


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def main() -> None:
    first_page_only = "--first-page" in sys.argv[1:]
    connection.creation.create_test_db(verbosity=0)
    url = build()
    client = Client()
    fair = timing.median_seconds(lambda: client.get("/bench-fair/register/"), ROUNDS)
    first = timing.median_seconds(lambda: client.get(url), ROUNDS)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(f"Commitment register with {SIZE} public commitments (median of {ROUNDS}; ratio = page / baseline)")
    print(f"{'fair minimal list page, first page':<44} {fair * 1000:8.2f} ms")
    figures = f"{first * 1000:8.2f} ms {len(queries):3d} q   ratio {first / fair:7.2f}"
    print(f"{'register, first page / fair page':<44} {figures} (fair)  ", load())
    if first_page_only:
        return
    base = timing.median_seconds(baseline, ROUNDS)
    print(f"{'baseline: one SELECT of the same rows':<44} {base * 1000:8.2f} ms")
    for name, path, params in (
        ("register, first page", "", {}),
        ("register, filtered and sorted by progress", "", {"theme": "theme-1", "sort": "progress"}),
        ("CSV export (all rows)", "export/csv/", {}),
        ("JSON export (all rows)", "export/json/", {}),
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url + path, params)
        if response.status_code != 200:
            raise SystemExit(f"{url + path} answered {response.status_code}")
        query_count = len(queries)
        seconds = timing.median_seconds(
            lambda path=path, params=params: client.get(url + path, params), ROUNDS
        )
        print(
            f"{name:<44} {seconds * 1000:8.2f} ms {query_count:3d} q   ratio {seconds / base:7.1f}   {load()}"
        )


if __name__ == "__main__":
    main()
