"""What drawing live posts from the server costs (forums.live.fragments): one post, and a batch of 20, as a
reader's browser asks for them after a frame, timed against what the page cost before live delivery took
over — a reload of the thread page (its first 20 posts) and of the room — in the same run, printing ratios.
Each request also reports its queries (the same for 1 and 20 posts).

Run with `.venv/bin/python bench/bench_live_fragments.py`. It builds its own throw-away SQLite database.
"""

import os
import sys
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

from bench import timing  # noqa: E402

ROUNDS = 25
POSTS = 200


def build_room():
    from forums import services
    from tests.forums.live.conftest import make_session

    session = make_session()
    people = [session.people["member"], session.people["other"], session.people["chair"]]
    for number in range(POSTS):
        services.post_create(
            author=people[number % 3],
            thread=session.thread,
            body_markdown=f"Message {number}: the **audit summary** for the Kivu smelter, @[Samuel Mensah].",
        )
    return session


def main() -> None:
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    session = build_room()
    thread = session.thread
    client = Client()
    client.force_login(session.people["member"])
    ids = list(thread.posts.order_by("-sequence").values_list("pk", flat=True)[:20])
    fragments = reverse("forums:live:fragments", args=[thread.pk])

    def get(path, params=None):
        def run():
            response = client.get(path, params or {})
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            return response

        return run

    def queries(action) -> int:
        with CaptureQueriesContext(connection) as captured:
            action()
        return len(captured)

    cases = {
        "thread page reload (20 posts)": get(thread.get_absolute_url()),
        "room page reload (100 messages)": get(reverse("forums:live:room", args=[thread.pk])),
        "fragment, thread, 1 post": get(fragments, {"view": "thread", "posts": str(ids[0])}),
        "fragment, thread, 20 posts": get(fragments, {"view": "thread", "posts": ",".join(map(str, ids))}),
        "fragment, room, 1 post": get(fragments, {"view": "room", "posts": str(ids[0])}),
        "fragment, room, 20 posts": get(fragments, {"view": "room", "posts": ",".join(map(str, ids))}),
    }
    results = {
        name: (timing.median_seconds(action, ROUNDS), queries(action)) for name, action in cases.items()
    }
    thread_page = results["thread page reload (20 posts)"][0]
    room_page = results["room page reload (100 messages)"][0]
    print(f"Live fragments (median of {ROUNDS} requests; ratios against a reload of the same page)")
    for name, (seconds, count) in results.items():
        base = room_page if "room" in name else thread_page
        print(f"{name:<34} {seconds * 1000:8.2f} ms {count:3d} q   ratio {seconds / base:5.2f}")


if __name__ == "__main__":
    main()
