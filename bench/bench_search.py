"""What one search costs over a large covenant: 10,000 library resources (with the text of their files) and
50,000 forum posts. Timed against a bare Wagtail search query on the same index in the same run
(`Resource.objects.search(word)`, first page of ten), so the ratio (ours / bare) says what the access
policy, the facets and the other apps' results add, on any machine.

Timed: the library page searching a rare and a common word (list, facets with counts, pagination), the
header search over every app (pages, news, events, parties, commitments, threads and posts, the library),
and the header search narrowed to the library, for a visitor and for a group member.

The words searched are in 1 resource of 100 and 1 of 10. A word in nearly every file is a different matter
on SQLite: there, the bare Wagtail search alone took 66 s over 10,000 resources on our 2-core machine (the
database backend ranks every match), so the figures say nothing about such words on SQLite; PostgreSQL's
full-text search is the production backend.

Run `.venv/bin/python bench/bench_search.py` (`--resources 2000 --posts 10000` for a quicker run). It builds
its own throw-away SQLite database; nothing else is touched.
"""

import argparse
import datetime
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench import timing  # noqa: E402

ROUNDS = 3
WORDS = [
    "smelter",
    "refiner",
    "audit",
    "supplier",
    "mine",
    "trader",
    "cooperative",
    "remediation",
    "grievance",
    "school",
    "household",
    "income",
    "policy",
    "risk",
    "assessment",
    "report",
    "certificate",
    "chain",
    "custody",
    "export",
    "import",
    "permit",
    "licence",
    "community",
    "water",
    "forest",
    "road",
    "tunnel",
    "safety",
    "wage",
    "contract",
    "buyer",
    "procurement",
    "tender",
    "criteria",
    "clause",
    "union",
    "worker",
    "women",
    "children",
    "family",
    "village",
    "province",
    "district",
    "market",
    "price",
    "ore",
    "concentrate",
]
RARE = "cassiterite"  # in 1 resource of 100
COMMON = "tantalite"  # in 1 of 10


def text(rng: random.Random, length: int, extra: str = "") -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    if extra:
        words.insert(rng.randrange(len(words)), extra)
    return " ".join(words)


def build(resources: int, posts: int) -> dict:
    from wagtail.search.backends import get_search_backend

    from forums.models import Thread
    from library.choices import Audience, Facet, ResourceKind
    from library.models import LibraryPage, Resource, ResourceTag
    from tests.factories.forums import ForumFactory, ThreadFactory, add_posts
    from tests.factories.users import UserFactory
    from tests.factories.working_groups import add_member, make_group, make_group_index
    from working_groups.choices import Visibility

    rng = random.Random(19)
    index = make_group_index()
    home = index.get_parent().specific
    library = LibraryPage(title="Library", slug="library")
    home.add_child(instance=library)
    group = make_group(index, Visibility.CLOSED, title="Gold traders", slug="gold-traders")
    member = UserFactory()
    add_member(group, member)
    kinds = [kind for kind, _label in ResourceKind.choices]
    rows = []
    for number in range(resources):
        extra = RARE if number % 100 == 0 else COMMON if number % 10 == 5 else ""
        rows.append(
            Resource(
                title=f"{text(rng, 5)} {number}",
                summary=text(rng, 30),
                kind=kinds[number % len(kinds)],
                published_on=datetime.date(2015, 1, 1) + datetime.timedelta(days=number % 3650),
                extracted_text=text(rng, 200, extra),
                text_status="text",
                link_url="https://example.org/",
                audience=Audience.GROUP if number % 10 == 0 else Audience.PUBLIC,
                group=group if number % 10 == 0 else None,
            )
        )
    created = Resource.objects.bulk_create(rows, batch_size=1000)
    tags = [
        ResourceTag(resource=resource, facet=Facet.MINERAL, value=("tin", "gold", "cobalt")[i % 3])
        for i, resource in enumerate(created)
    ]
    tags += [ResourceTag(resource=resource, facet=Facet.LANGUAGE, value="en") for resource in created]
    ResourceTag.objects.bulk_create(tags, batch_size=2000)
    backend = get_search_backend()
    for start in range(0, len(created), 1000):
        backend.add_bulk(Resource, created[start : start + 1000])
    forum = ForumFactory(title="Consultation")
    authors = [UserFactory() for _ in range(20)]
    per_thread = 100
    for number in range(max(posts // per_thread, 1)):
        thread = ThreadFactory(forum=forum, title=f"Thread {number} on {rng.choice(WORDS)}")
        add_posts(thread, authors, per_thread, text(rng, 40, RARE if number % 50 == 0 else ""))
    return {"library": library.url, "member": member, "threads": Thread.objects.count()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=50_000)
    options = parser.parse_args()

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    world = build(options.resources, options.posts)
    from library.models import Resource

    print(
        f"Search over {options.resources} library resources and {options.posts} forum posts "
        f"(median of {ROUNDS}; ratio = ours / bare Wagtail search, first ten results)"
    )
    visitor, member = Client(), Client()
    member.force_login(world["member"])
    for word in (RARE, COMMON):
        bare = timing.median_seconds(lambda word=word: list(Resource.objects.search(word)[:10]), ROUNDS)
        print(f"\n“{word}”: bare Wagtail search {bare * 1000:8.2f} ms")
        for name, client, path, params in (
            ("library page, visitor", visitor, world["library"], {"q": word}),
            ("library page, member", member, world["library"], {"q": word}),
            (
                "library page, member, 2 facets",
                member,
                world["library"],
                {"q": word, "mineral": "tin", "kind": "report"},
            ),
            ("header search, every app, visitor", visitor, "/search/", {"q": word}),
            ("header search, every app, member", member, "/search/", {"q": word}),
            ("header search, library only, member", member, "/search/", {"q": word, "kind": "library"}),
        ):
            queries: list[str] = []

            def counted(execute, sql, *args, queries=queries):
                queries.append(sql)
                return execute(sql, *args)

            with connection.execute_wrapper(counted):
                response = client.get(path, params)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            seconds = timing.median_seconds(
                lambda client=client, path=path, params=params: client.get(path, params), ROUNDS
            )
            print(f"  {name:<40} {seconds * 1000:8.2f} ms {len(queries):3d} q   ratio {seconds / bare:7.1f}")


if __name__ == "__main__":
    main()
