"""What a thread page costs beyond its posts: a 500-post thread page (access checks, presenters, reactions,
mentions, the site chrome and the template) timed against two baselines in the same run: a fair minimal
thread page (bench/fair_thread.html: the site's layout around the same posts with author, date and stored
HTML, one query, through the same client and middleware; bench/fair_urls.py) and the posts' stored HTML
alone, printing the ratios and the load average. The page is also timed at its normal page size (the
thread's first page) against the fair page at the same size. Targets: the 500-post page within 2x the fair
page, the first page within 30 ms.

Templates are not instrumented (no setup_test_environment), as on a real server.

Run with `make bench` (or `.venv/bin/python bench/bench_forums.py`). It builds its own throw-away SQLite
database; nothing else is touched.
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
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import timing  # noqa: E402

ROUNDS = 15
POSTS = 500
BODY = (
    "Thanks @[Samuel Mensah]. We published the **audit summary** for the Kivu smelter last month: "
    "see [the report](https://example.org/report) and the table below.\n\n"
    "- grievance mechanism in place\n- third-party audit every two years\n\n> Quoted from the previous post."
)
POSTS_ALONE = engines["django"].from_string(
    '<!doctype html><html lang="en"><title>posts</title><main>'
    "{% for html in posts %}<article>{{ html|safe }}</article>{% endfor %}</main></html>"
)


def build_thread():
    from tests.factories.forums import ForumFactory, ThreadFactory, add_posts
    from tests.factories.users import UserFactory
    from tests.factories.working_groups import OrganisationFactory, add_member, make_group, make_group_index
    from working_groups.choices import Role, Visibility
    from working_groups.models import StakeholderType

    group = make_group(make_group_index(), Visibility.CLOSED, title="Responsible smelters")
    company = OrganisationFactory(stakeholder_type=StakeholderType.COMPANY)
    union = OrganisationFactory(stakeholder_type=StakeholderType.TRADE_UNION)
    people = [UserFactory(first_name="Samuel", last_name="Mensah"), UserFactory(), UserFactory()]
    add_member(group, people[0], Role.CHAIR, organisation=company)
    add_member(group, people[1], organisation=union)
    add_member(group, people[2])
    thread = ThreadFactory(forum=ForumFactory(group=group), author=people[0])
    posts = add_posts(thread, people, POSTS, BODY)
    from forums.models import Mention

    Mention.objects.bulk_create([Mention(post=post, user=people[0]) for post in posts])
    return thread, people[1]


def load_average() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def main() -> None:
    connection.creation.create_test_db(verbosity=0)
    thread, reader = build_thread()
    client = Client()
    client.force_login(reader)
    url = thread.get_absolute_url()
    fair_url = f"/bench-fair/thread/{thread.pk}/"

    from forums.models import Post

    def posts_alone():
        html = list(
            Post.objects.filter(thread=thread).order_by("sequence").values_list("body_html", flat=True)
        )
        return POSTS_ALONE.render({"posts": html})

    def page(path):
        def get():
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            return response

        return get

    def queries_of(path) -> int:
        with CaptureQueriesContext(connection) as queries:
            page(path)()
        return len(queries)

    first_queries = queries_of(url)
    fair_first = timing.median_seconds(page(fair_url), ROUNDS)
    first_page = timing.median_seconds(page(url), ROUNDS)
    first_load = load_average()
    settings.ROUNDTABLE_FORUMS_POSTS_PER_PAGE = POSTS
    full_queries = queries_of(url)
    baseline = timing.median_seconds(posts_alone, ROUNDS)
    fair_full = timing.median_seconds(page(fair_url), ROUNDS)
    full_page = timing.median_seconds(page(url), ROUNDS)
    full_load = load_average()
    print(f"Thread of {POSTS} posts, read by a member (median of {ROUNDS} requests; ratio = page / baseline)")
    print(f"{'posts HTML alone':<34} {baseline * 1000:8.2f} ms")
    print(f"{'fair minimal page, all posts':<34} {fair_full * 1000:8.2f} ms")
    full = f"{full_page * 1000:8.2f} ms {full_queries:3d} q   ratio {full_page / fair_full:6.2f} (fair)"
    print(f"{'thread page, all posts':<34} {full} {full_page / baseline:7.1f} (HTML alone)   {full_load}")
    print(f"{'fair minimal page, first page':<34} {fair_first * 1000:8.2f} ms")
    first = f"{first_page * 1000:8.2f} ms {first_queries:3d} q   ratio {first_page / fair_first:6.2f} (fair)"
    print(f"{'thread page, first page':<34} {first}                      {first_load}")


if __name__ == "__main__":
    main()
