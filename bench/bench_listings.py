"""How listing pages scale: each page is timed with a small and a large data set in the same run, and the
ratio (large / small) is printed. A ratio near 1.0 means the page's cost does not grow with the data.

Run with `make bench`. It builds its own throw-away SQLite database; nothing else is touched.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

ROUNDS = 15
SMALL, LARGE = 10, 200


def timed(client: Client, url: str) -> tuple[float, int]:
    """Median seconds per request over ROUNDS requests, and the queries of one request."""
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)  # read now: the log it slices is reset by the requests below
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), query_count


def news_indexes():
    from tests.factories.cms import NewsIndexPageFactory, NewsPageFactory, make_home_site

    home = make_home_site()
    indexes = {}
    for size in (SMALL, LARGE):
        index = NewsIndexPageFactory(parent=home, title=f"News {size}", slug=f"news-{size}")
        for _ in range(size):
            NewsPageFactory(parent=index)
        indexes[size] = index.url
    return home, indexes


def group_pages(home):
    from tests.factories.users import UserFactory
    from tests.factories.working_groups import WorkingGroupIndexPageFactory, make_group
    from tests.working_groups.test_queries import populate
    from working_groups.choices import Visibility

    group_index = WorkingGroupIndexPageFactory(parent=home)
    groups = {}
    for size in (SMALL, LARGE):
        group = make_group(group_index, Visibility.CLOSED, title=f"Group of {size}")
        populate(group, size)
        groups[size] = group.url
    return groups, UserFactory(is_superuser=True)


def report(name: str, client: Client, urls: dict[int, str]) -> None:
    small_time, small_queries = timed(client, urls[SMALL])
    large_time, large_queries = timed(client, urls[LARGE])
    print(
        f"{name:<34} {SMALL:>4}: {small_time * 1000:7.2f} ms {small_queries:3d} q   "
        f"{LARGE:>4}: {large_time * 1000:7.2f} ms {large_queries:3d} q   ratio {large_time / small_time:5.2f}"
    )


def main() -> None:
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    home, news = news_indexes()
    groups, secretariat = group_pages(home)
    print(f"Listing cost with {SMALL} and {LARGE} items (median of {ROUNDS} requests; ratio = large / small)")
    anonymous = Client()
    report("news index (first page)", anonymous, news)
    staff = Client()
    staff.force_login(secretariat)
    for route, name in (("", "group page"), ("members/directory/", "member directory (first page)")):
        report(name, staff, {size: url + route for size, url in groups.items()})


if __name__ == "__main__":
    main()
