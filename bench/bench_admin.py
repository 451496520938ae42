"""The secretariat's admin pages against a bare Wagtail dashboard, measured in the same run: the dashboard
with "Waiting for you" (1,000 of each waiting item), the events listing (1,000 events), Wagtail's own
explorer of the same events (for reference) and the dashboard with our panels removed (the baseline).
Prints the median time of each, its ratio to the baseline, the queries of one request, and the load
average (the machine is shared: read the ratios, not the milliseconds).

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
from django.urls import reverse  # noqa: E402

ROUNDS = 15
ITEMS = 1000
OUR_APPS = ("cms", "working_groups", "events", "forums", "library", "insights", "api")
DASHBOARD_HOOKS = ("construct_homepage_panels", "construct_homepage_summary_items")


def build_world():
    from tests.factories.events import make_event_index
    from tests.factories.working_groups import make_group, make_group_index, make_secretariat_user
    from tests.working_groups.test_desk import waiting

    index = make_group_index()
    world = {
        "tin": make_group(index, title="Tin group"),
        "gold": make_group(index, title="Gold group"),
        "events": make_event_index(index.get_parent().specific),
        "secretariat": make_secretariat_user(),
    }
    waiting(world, ITEMS)
    return world


class BareDashboard:
    """Within the block, Wagtail's dashboard hooks run without the ones our apps register."""

    def __enter__(self):
        from wagtail import hooks

        self.saved = {name: list(hooks._hooks.get(name, [])) for name in DASHBOARD_HOOKS}
        for name, registered in self.saved.items():
            hooks._hooks[name] = [
                (fn, order) for fn, order in registered if fn.__module__.split(".")[0] not in OUR_APPS
            ]

    def __exit__(self, *exc):
        from wagtail import hooks

        hooks._hooks.update(self.saved)


def queries_of(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return len(captured)


def one_request(client: Client, url: str, bare: bool = False) -> float:
    start = time.perf_counter()
    if bare:
        with BareDashboard():
            client.get(url)
    else:
        client.get(url)
    return time.perf_counter() - start


def main() -> None:
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    world = build_world()
    client = Client()
    client.force_login(world["secretariat"])
    dashboard, listing = reverse("wagtailadmin_home"), reverse("event_listing:index")
    explorer = reverse("wagtailadmin_explore", args=[world["events"].pk])
    with BareDashboard():
        bare_queries = queries_of(client, dashboard)
    counts = {
        "bare": bare_queries,
        "desk": queries_of(client, dashboard),
        "listing": queries_of(client, listing),
        "explorer": queries_of(client, explorer),
    }
    samples = {"bare": [], "desk": [], "listing": [], "explorer": []}
    for _ in range(ROUNDS):  # interleaved, so a busy moment on the shared machine hits all three alike
        samples["bare"].append(one_request(client, dashboard, bare=True))
        samples["desk"].append(one_request(client, dashboard))
        samples["listing"].append(one_request(client, listing))
        samples["explorer"].append(one_request(client, explorer))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Admin pages with {ITEMS} of each waiting item / {ITEMS} events; median of {ROUNDS}; load {load}")
    labels = {
        "bare": "bare Wagtail dashboard (baseline)",
        "desk": "dashboard with Waiting for you",
        "listing": "events listing (first page, 25 rows)",
        "explorer": "Wagtail's explorer, same 1000 (50 rows)",
    }
    for name, label in labels.items():
        ratio = medians[name] / medians["bare"]
        print(f"{label:<36} {medians[name] * 1000:8.2f} ms {counts[name]:4d} q   ratio {ratio:5.2f}")


if __name__ == "__main__":
    main()
