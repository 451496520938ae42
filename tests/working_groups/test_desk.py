""" "Waiting for you" on the admin dashboard: counts by role with links to act, nothing for those with no
desk, chairs limited to their own groups, and the same number of queries for 10 or 1,000 waiting items."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from commitments.models.choices import WorkflowState
from events.choices import RegistrationStatus
from events.models import Registration
from forums.models import Flag
from tests.factories.bulk_events import bulk_events
from tests.factories.commitments import CommitmentFactory, ProgressUpdateFactory
from tests.factories.events import make_event_index
from tests.factories.forums import ForumFactory, ThreadFactory, add_posts
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group, make_group_index, make_secretariat_user
from working_groups.choices import Role
from working_groups.desk import desk_items
from working_groups.models import Invitation, JoinRequest

DASHBOARD = "wagtailadmin_home"


def admin_user(**fields):
    """Someone who may open the Wagtail admin but is not the secretariat (as a chair in the demo)."""
    user = UserFactory(**fields)
    chairs, _created = Group.objects.get_or_create(name="Admin access")
    chairs.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(chairs)
    return user


@pytest.fixture
def world(db):
    index = make_group_index()
    tin, gold = make_group(index, title="Tin group"), make_group(index, title="Gold group")
    chair = admin_user()
    add_member(tin, chair, role=Role.CHAIR)
    events = make_event_index(index.get_parent().specific)
    return {
        "tin": tin,
        "gold": gold,
        "chair": chair,
        "events": events,
        "secretariat": make_secretariat_user(),
    }


def waiting(world, count: int) -> None:
    """`count` of each kind of waiting item, half in the tin group and half in the gold group."""
    now = timezone.now()
    people = UserFactory.create_batch(2)
    user_model = get_user_model()
    requesters = user_model.objects.bulk_create(
        [user_model(username=f"requester{n}", email=f"requester{n}@example.org") for n in range(count)]
    )
    groups = [world["tin"], world["gold"]]
    JoinRequest.objects.bulk_create(
        [
            JoinRequest(group=groups[n % 2], user=requester, motivation="Please")
            for n, requester in enumerate(requesters)
        ]
    )
    Invitation.objects.bulk_create(
        [
            Invitation(
                group=groups[n % 2],
                email=f"guest{n}@example.org",
                token_hash=f"{n:064d}",
                expires_at=now + datetime.timedelta(days=2),
            )
            for n in range(count)
        ]
    )
    tin_forum = ForumFactory(group=world["tin"])
    gold_forum = ForumFactory(group=world["gold"])
    posts = add_posts(ThreadFactory(forum=tin_forum), people, count=count) + add_posts(
        ThreadFactory(forum=gold_forum), people, count=count
    )
    Flag.objects.bulk_create([Flag(post=post, reporter=people[0], reason="other") for post in posts])
    tin_events = bulk_events(
        world["events"], count // 2, group=world["tin"], capacity=5, prefix="Tin meeting"
    )
    gold_events = bulk_events(
        world["events"], count - count // 2, group=world["gold"], capacity=5, prefix="Gold meeting"
    )
    Registration.objects.bulk_create(
        [
            Registration(event_id=event_id, user=people[0], status=RegistrationStatus.CONFIRMED)
            for event_id in tin_events + gold_events
        ]
    )
    commitment = CommitmentFactory(title="Submitted smelter map", workflow_state=WorkflowState.SUBMITTED)
    ProgressUpdateFactory(commitment=commitment, workflow_state=WorkflowState.SUBMITTED)
    CommitmentFactory(  # published and overdue
        title="Overdue smelter audit",
        start_date=datetime.date(2019, 1, 1),
        target_date=datetime.date(2020, 1, 1),
    )


def counts(items) -> dict[str, int]:
    return {item.key: item.count for item in items}


def test_the_secretariat_sees_every_kind_of_waiting_item_with_its_count(world):
    waiting(world, 4)
    assert counts(desk_items(world["secretariat"])) == {
        "join-requests": 4,
        "commitment-reviews": 1,
        "update-reviews": 1,
        "flags": 8,
        "invitations": 4,
        "events": 4,
        "overdue-reports": 1,
    }


def test_the_dashboard_shows_waiting_for_you_with_links_to_act(client, world):
    waiting(world, 4)
    client.force_login(world["secretariat"])
    html = client.get(reverse(DASHBOARD)).content.decode()
    assert "Waiting for you" in html
    assert f"{reverse('wagtailsnippets_working_groups_joinrequest:list')}?status=pending" in html
    assert f"{reverse('wagtailsnippets_working_groups_invitation:list')}?expiring=true" in html
    assert reverse("commitment_review") in html
    assert reverse("forums:flags") in html
    assert f"{reverse('wagtailsnippets_commitments_commitment:list')}?overdue=true" in html
    assert reverse("event_listing:index") + "?start_from=" in html
    assert "Tin meeting 0" in html and "1 / 5" in html


def test_the_links_lead_to_filtered_listings_of_exactly_those_items(client, world):
    waiting(world, 2)
    JoinRequest.objects.create(group=world["tin"], user=UserFactory(), motivation="x", status="approved")
    Invitation.objects.create(
        group=world["tin"],
        email="later@example.org",
        token_hash="later",
        expires_at=timezone.now() + datetime.timedelta(days=60),
    )
    client.force_login(world["secretariat"])
    items = {item.key: item for item in desk_items(world["secretariat"])}
    for key, marker, absent in [
        ("join-requests", "requester0", None),
        ("invitations", "guest0@example.org", "later@example.org"),
    ]:
        html = client.get(items[key].url).content.decode()
        assert marker in html
        if absent:
            assert absent not in html
    html = client.get(items["overdue-reports"].url).content.decode()
    assert "Overdue smelter audit" in html and "Submitted smelter map" not in html


def test_a_chair_sees_only_their_own_groups_items(client, world):
    waiting(world, 4)
    items = desk_items(world["chair"])
    assert counts(items) == {
        f"join-requests-{world['tin'].pk}": 2,
        "flags": 4,
        f"invitations-{world['tin'].pk}": 2,
        "events": 2,
    }
    client.force_login(world["chair"])
    html = client.get(reverse(DASHBOARD)).content.decode()
    assert "Waiting for you" in html
    assert "Tin meeting" in html and "Gold meeting" not in html
    assert "Gold group" not in html
    assert f"{world['tin'].url}manage/" in html
    assert "Commitments to review" not in html


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OBSERVER, None])
def test_people_with_no_desk_see_nothing(client, world, role):
    waiting(world, 2)
    person = admin_user()
    if role:
        add_member(world["tin"], person, role=role)
    assert desk_items(person) == []
    client.force_login(person)
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 200
    assert "Waiting for you" not in response.content.decode()


def test_anonymous_visitors_get_no_dashboard(client, world):
    waiting(world, 2)
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 302
    assert desk_items(None) == []


def test_nothing_waiting_says_so(client, world):
    client.force_login(world["secretariat"])
    html = client.get(reverse(DASHBOARD)).content.decode()
    assert "Nothing is waiting for you." in html


def _dashboard_queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse(DASHBOARD))  # warm Wagtail's per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(DASHBOARD)).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["secretariat", "chair"])
def test_the_dashboard_costs_the_same_queries_for_10_or_1000_waiting_items(client, world, who):
    waiting(world, 10)
    few = _dashboard_queries(client, world[who])
    waiting_more = 990
    user_model = get_user_model()
    requesters = user_model.objects.bulk_create(
        [user_model(username=f"more{n}", email=f"more{n}@example.org") for n in range(waiting_more)]
    )
    JoinRequest.objects.bulk_create(
        [
            JoinRequest(group=world["tin" if n % 2 else "gold"], user=r, motivation="Please")
            for n, r in enumerate(requesters)
        ]
    )
    Invitation.objects.bulk_create(
        [
            Invitation(
                group=world["tin" if n % 2 else "gold"],
                email=f"more{n}@example.org",
                token_hash=f"more{n:060d}",
                expires_at=timezone.now() + datetime.timedelta(days=1),
            )
            for n in range(waiting_more)
        ]
    )
    bulk_events(world["events"], waiting_more, group=world["tin"], capacity=3, prefix="More meeting")
    many = _dashboard_queries(client, world[who])
    assert desk_items(world[who])[0].count >= 500
    assert many == few
