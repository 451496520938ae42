"""What the participation insights cost with 10,000 members and 100,000 posts: the figures (all tables with
their small-number protection) and the secretariat's insights page, each timed against the bare aggregate
queries over the same rows in the same run (plain GROUP BY of gender and stakeholder type, no consent rule, no
protection). The ratio (insights / bare queries) says what the insights add, on any machine.

Run with `.venv/bin/python bench/bench_insights.py`. It builds a throw-away SQLite file database
(/tmp/bench_insights.sqlite3), or a `test_…` database on PostgreSQL when DATABASE_URL points there.
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault(
    "DATABASE_URL", "sqlite:///" + os.path.join(tempfile.gettempdir(), "bench_insights_src.db")
)

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench import timing  # noqa: E402

ROUNDS = 5
MEMBERS = 10_000
POSTS = 100_000
GROUPS = 8
THREADS = 400
EVENTS = 40
PARTIES = 120


def build():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from events.choices import RegistrationStatus
    from events.models import Registration
    from forums.models import Forum, Post, Thread
    from tests.factories.events import EventPageFactory, make_event_index
    from tests.factories.working_groups import make_group, make_group_index, make_secretariat_user
    from working_groups.choices import Gender
    from working_groups.models import MemberProfile, Membership, Organisation, StakeholderType

    rng = random.Random(9)
    now = timezone.now()
    index = make_group_index()
    groups = [make_group(index, title=f"Bench group {n}") for n in range(GROUPS)]
    events_index = make_event_index(home=index.get_parent())
    events = [
        EventPageFactory(
            parent=events_index, group=groups[n % GROUPS], start=now - timezone.timedelta(days=n)
        )
        for n in range(EVENTS)
    ]
    types = StakeholderType.values
    parties = Organisation.objects.bulk_create(
        Organisation(
            name=f"Party {n}",
            slug=f"party-{n}",
            stakeholder_type=types[n % len(types)],
            country="NL",
            party_status="supporting",
        )
        for n in range(PARTIES)
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bench{n}", email=f"bench{n}@example.org", password="!")  # noqa: S106  (an unusable password)
        for n in range(MEMBERS)
    )
    genders = [*Gender.values, ""]
    profiles = []
    for user in users:
        gender = rng.choice(genders)
        profiles.append(
            MemberProfile(
                user=user,
                display_name=user.username,
                organisation=rng.choice(parties) if rng.random() < 0.9 else None,
                gender=gender,
                gender_consent_at=now if gender and rng.random() < 0.8 else None,
            )
        )
    MemberProfile.objects.bulk_create(profiles, batch_size=2000)
    Membership.objects.bulk_create(
        (Membership(group=groups[n % GROUPS], user=user, joined_at=now) for n, user in enumerate(users)),
        batch_size=2000,
    )
    Registration.objects.bulk_create(
        (
            Registration(
                event=events[n % EVENTS], user=user, status=RegistrationStatus.CONFIRMED, attended=n % 3 == 0
            )
            for n, user in enumerate(users[: MEMBERS // 2])
        ),
        batch_size=2000,
    )
    forums = [
        Forum.objects.create(title=f"Forum {n}", slug=f"forum-{n}", group=group)
        for n, group in enumerate(groups)
    ]
    threads = Thread.objects.bulk_create(
        Thread(forum=forums[n % GROUPS], title=f"Thread {n}", slug=f"thread-{n}") for n in range(THREADS)
    )
    per_thread = POSTS // THREADS
    Post.objects.bulk_create(
        (
            Post(
                thread=threads[n // per_thread],
                author=users[rng.randrange(MEMBERS)],
                sequence=n % per_thread + 1,
                body_markdown="A point.",
                body_html="<p>A point.</p>",
                created_at=now,
            )
            for n in range(POSTS)
        ),
        batch_size=5000,
    )
    return groups, make_secretariat_user()


def bare_aggregates() -> None:
    """The baseline: the same GROUP BYs on the raw columns, without consent rule, buckets or protection."""
    from commitments.models import Commitment
    from events.models import EventSpeaker, Registration
    from forums.models import Post
    from working_groups.models import Membership

    plain = ("user__profile__gender", "user__profile__organisation__stakeholder_type")
    list(Membership.objects.values(*plain).annotate(n=Count("user", distinct=True)).order_by())
    list(Registration.objects.values(*plain).annotate(n=Count("user", distinct=True)).order_by())
    list(
        Post.objects.values("author__profile__gender", "author__profile__organisation__stakeholder_type")
        .annotate(n=Count("id"), a=Count("author", distinct=True))
        .order_by()
    )
    list(EventSpeaker.objects.values("role").annotate(n=Count("speaker", distinct=True)).order_by())
    list(Commitment.objects.values("status", "parties__stakeholder_type").annotate(n=Count("id")).order_by())


def main() -> None:
    from django.utils import timezone

    from insights.filters import Period
    from insights.selectors import InsightsRequest, Scope, covenant_events, insights_figures

    setup_test_environment()
    if connection.vendor == "sqlite":
        test_file = str(Path(tempfile.gettempdir()) / "bench_insights.sqlite3")
        Path(test_file).unlink(missing_ok=True)
        connection.settings_dict["TEST"]["NAME"] = test_file
    connection.creation.create_test_db(verbosity=0)
    started = time.perf_counter()
    groups, secretariat = build()
    took = time.perf_counter() - started
    print(f"Built {MEMBERS} members and {POSTS} posts in {took:.1f} s on {connection.vendor}")
    scope, period = Scope(), Period(timezone.localdate().year)
    request = InsightsRequest(scope, period, covenant_events(scope, period))
    with CaptureQueriesContext(connection) as queries:
        insights_figures(request)
    figure_queries = len(queries)
    base = timing.median_seconds(bare_aggregates, ROUNDS)
    figures = timing.median_seconds(lambda: insights_figures(request), ROUNDS)
    client = Client()
    client.force_login(secretariat)
    response = client.get("/insights/")
    if response.status_code != 200:
        raise SystemExit(f"/insights/ answered {response.status_code}")
    page = timing.median_seconds(lambda: client.get("/insights/"), ROUNDS)
    group_page = timing.median_seconds(lambda: client.get(f"/insights/group/{groups[0].slug}/"), ROUNDS)
    print(f"Median of {ROUNDS}; ratio = insights / bare aggregate queries")
    print(f"{'bare aggregate queries (5 GROUP BYs)':<46} {base * 1000:9.1f} ms")
    print(f"{'insights figures (protected tables)':<46} {figures * 1000:9.1f} ms {figure_queries:3d} q   "
          f"ratio {figures / base:5.2f}")  # fmt: skip
    page_label = "secretariat page /insights/"
    print(f"{page_label:<46} {page * 1000:9.1f} ms        ratio {page / base:5.2f}")
    group_label = "group page /insights/group/<slug>/"
    print(f"{group_label:<46} {group_page * 1000:9.1f} ms        ratio {group_page / base:5.2f}")
    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
