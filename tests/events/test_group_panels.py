"""A working group's page and its members' area show the group's next meetings that the visitor may see."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from events.choices import EventAudience, EventKind
from tests.factories.events import EventPageFactory
from working_groups.choices import Visibility


def meeting(group, title, **fields):
    return EventPageFactory(parent=group, title=title, kind=EventKind.MEETING, group=group, **fields)


@pytest.fixture
def closed_meetings(calendar):
    group = calendar.groups[Visibility.CLOSED]
    start = timezone.now() - datetime.timedelta(days=20)
    return {
        "public": meeting(group, "Open consultation on the SME guide"),
        "members": meeting(group, "Members meeting on incidents", audience=EventAudience.MEMBERS),
        "past": meeting(group, "Last spring's meeting", start=start, end=start + datetime.timedelta(hours=1)),
        "elsewhere": meeting(calendar.groups[Visibility.OPEN], "A meeting of another group"),
    }


@pytest.mark.parametrize(
    ("persona", "sees_members_meeting"),
    [("anonymous", False), ("outsider", False), ("member", True), ("secretariat", True)],
)
def test_the_group_page_shows_its_upcoming_meetings(
    calendar, closed_meetings, client_for, persona, sees_members_meeting
):
    group = calendar.groups[Visibility.CLOSED]
    response = client_for(calendar.people[persona]).get(group.url)
    text = response.text
    assert response.status_code == 200
    assert "<h2>Upcoming meetings</h2>" in text
    assert closed_meetings["public"].title in text
    assert (closed_meetings["members"].title in text) is sees_members_meeting
    assert closed_meetings["past"].title not in text
    assert closed_meetings["elsewhere"].title not in text
    assert f"{calendar.index.url}?group={group.slug}" in text


def test_the_group_page_says_when_nothing_is_planned(calendar, client_for):
    from tests.factories.working_groups import make_group

    quiet = make_group(calendar.groups[Visibility.OPEN].get_parent(), Visibility.OPEN, title="Quiet group")
    response = client_for(None).get(quiet.url)
    assert "No meetings are planned at the moment." in response.text


def test_the_members_area_shows_the_upcoming_meetings_too(calendar, closed_meetings, client_for):
    group = calendar.groups[Visibility.CLOSED]
    response = client_for(calendar.people["member"]).get(group.url + "members/")
    assert response.status_code == 200
    assert "Upcoming meetings" in response.text
    assert closed_meetings["members"].title in response.text
    assert closed_meetings["past"].title not in response.text


def test_the_group_page_costs_the_same_queries_for_one_and_many_meetings(
    calendar, client_for, django_assert_num_queries
):
    group = calendar.groups[Visibility.OPEN]
    meeting(group, "First meeting")
    client = client_for(calendar.people["member"])
    client.get(group.url)
    with CaptureQueriesContext(connection) as one:
        client.get(group.url)
    queries_for_one = len(one.captured_queries)
    for number in range(4):
        meeting(group, f"Meeting {number}", audience=EventAudience.MEMBERS)
    client.get(group.url)
    with django_assert_num_queries(queries_for_one):
        text = client.get(group.url).text
    assert text.count('class="event-compact"') == 5
