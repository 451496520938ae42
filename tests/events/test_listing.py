"""The event index: every event of the site the visitor may see (also under group pages), upcoming or past,
with facets, a clear message for an impossible date range, pagination and a constant number of queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from events.choices import AttendanceMode, EventAudience, EventKind
from tests.factories.events import EventPageFactory
from tests.factories.working_groups import ThemeFactory
from working_groups.choices import Visibility

from .conftest import SEES


def listed(response, status: int = 200) -> list:
    """The listed events; a refused filter answers 400 (the other filters still apply)."""
    assert response.status_code == status
    return [event.pk for event in response.context["events"].object_list]


def days_ago(days: int, **fields):
    start = timezone.now() - datetime.timedelta(days=days)
    fields.setdefault("end", start + datetime.timedelta(hours=1))
    return {"start": start, **fields}


def test_the_index_lists_group_meetings_and_conferences_but_not_sessions(calendar, client_for):
    group = calendar.groups[Visibility.OPEN]
    meeting = EventPageFactory(parent=group, title="Open group meeting", kind=EventKind.MEETING, group=group)
    conference = EventPageFactory(parent=calendar.index, title="Covenant Forum", kind=EventKind.CONFERENCE)
    session = EventPageFactory(
        parent=conference,
        title="Opening plenary",
        kind=EventKind.SESSION,
        start=conference.start,
        end=conference.start + datetime.timedelta(minutes=45),
    )
    pks = listed(client_for(None).get(calendar.index.url))
    assert meeting.pk in pks and conference.pk in pks
    assert session.pk not in pks


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "secretariat"])
def test_members_only_meetings_are_listed_for_the_groups_members_only(calendar, client_for, persona):
    """Members-only meetings are listed for the group's members (and the secretariat), even in an open
    group whose other content anyone reads; public meetings of a closed group for everyone."""
    group = calendar.groups[Visibility.OPEN]
    closed = calendar.groups[Visibility.CLOSED]
    open_members = EventPageFactory(parent=group, group=group, audience=EventAudience.MEMBERS)
    closed_public = EventPageFactory(parent=closed, group=closed, audience=EventAudience.PUBLIC)
    closed_members = EventPageFactory(parent=closed, group=closed, audience=EventAudience.MEMBERS)
    pks = set(listed(client_for(calendar.people[persona]).get(calendar.index.url)))
    assert (open_members.pk in pks) is (persona in ("member", "secretariat"))
    assert (closed_members.pk in pks) is (persona in ("member", "secretariat"))
    assert closed_public.pk in pks


def test_past_events_come_most_recent_first_with_a_recording_marker(calendar, client_for):
    older = EventPageFactory(parent=calendar.index, title="Older webinar", **days_ago(90))
    recent = EventPageFactory(
        parent=calendar.index,
        title="Recent webinar",
        recording_url="https://vimeo.com/76979871",
        **days_ago(5),
    )
    response = client_for(None).get(calendar.index.url, {"when": "past"})
    assert listed(response) == [recent.pk, older.pk]
    assert "Past events" in response.text
    assert response.text.count("Recording available") == 1
    assert response.text.index("Recording available") > response.text.index("Recent webinar") - 600
    upcoming = client_for(None).get(calendar.index.url)
    assert recent.pk not in listed(upcoming)
    assert "Recording available" not in upcoming.text


def test_the_upcoming_past_switch_keeps_the_other_filters(calendar, client_for):
    response = client_for(None).get(calendar.index.url, {"kind": EventKind.WORKSHOP})
    assert f'href="{calendar.index.url}?kind=workshop&amp;when=past"' in response.text
    past = client_for(None).get(calendar.index.url, {"kind": EventKind.WORKSHOP, "when": "past"})
    assert f'href="{calendar.index.url}?kind=workshop" aria-current' not in past.text
    assert f'href="{calendar.index.url}?kind=workshop"' in past.text


def test_filter_by_theme_attendance_and_language(calendar, client_for):
    gender = ThemeFactory(name="Gender equality", slug="gender-equality")
    themed = EventPageFactory(parent=calendar.index, title="Gender webinar")
    themed.themes = [gender]
    themed.save_revision().publish()
    in_person = EventPageFactory(
        parent=calendar.index, attendance=AttendanceMode.IN_PERSON, venue="The Hague", join_url=""
    )
    hybrid = EventPageFactory(parent=calendar.index, attendance=AttendanceMode.HYBRID, venue="Amsterdam")
    dutch = EventPageFactory(parent=calendar.index, language="nl")
    client = client_for(None)
    assert listed(client.get(calendar.index.url, {"theme": "gender-equality"})) == [themed.pk]
    assert set(listed(client.get(calendar.index.url, {"attendance": "in_person"}))) == {
        in_person.pk,
        hybrid.pk,
    }
    online = set(listed(client.get(calendar.index.url, {"attendance": "online"})))
    assert hybrid.pk in online and in_person.pk not in online
    assert listed(client.get(calendar.index.url, {"language": "nl"})) == [dutch.pk]


def test_filter_by_date_range(calendar, client_for):
    """The fixture's four events start on four days in a row; a day counts in the site's zone."""
    client = client_for(calendar.people["member"])
    events = sorted(calendar.events.values(), key=lambda event: event.start)
    days = [timezone.localtime(event.start).date().isoformat() for event in events]
    assert len(set(days)) == 4
    both = client.get(calendar.index.url, {"date_from": days[1], "date_to": days[2]})
    assert listed(both) == [events[1].pk, events[2].pk]
    assert listed(client.get(calendar.index.url, {"date_from": days[3]})) == [events[3].pk]
    assert listed(client.get(calendar.index.url, {"date_to": days[0]})) == [events[0].pk]


def test_an_impossible_date_range_is_explained_and_the_other_filters_still_apply(calendar, client_for):
    client = client_for(calendar.people["member"])
    open_group = calendar.groups[Visibility.OPEN]
    response = client.get(
        calendar.index.url, {"date_from": "2030-01-02", "date_to": "2030-01-01", "group": open_group.slug}
    )
    assert "The “until” date must not come before the “from” date." in response.text
    assert "This filter was left out." in response.text
    assert listed(response, 400) == [calendar.events[Visibility.OPEN].pk]
    garbled = client.get(calendar.index.url, {"date_from": "next tuesday"})
    assert "Enter a valid date." in garbled.text
    assert len(listed(garbled, 400)) == 4


def test_pages_of_events_keep_the_filters(calendar, client_for, settings):
    settings.ROUNDTABLE_EVENTS_PER_PAGE = 2
    client = client_for(calendar.people["member"])
    first = client.get(calendar.index.url, {"kind": EventKind.WEBINAR})
    second = client.get(calendar.index.url, {"kind": EventKind.WEBINAR, "page": 2})
    assert len(listed(first)) == 2 and len(listed(second)) == 2
    assert not set(listed(first)) & set(listed(second))
    assert "?kind=webinar&amp;page=2" in first.text


def test_the_index_advertises_the_public_feed_and_the_filtered_one(calendar, client_for):
    text = client_for(None).get(calendar.index.url, {"kind": EventKind.WEBINAR}).text
    assert text.count('rel="alternate" type="text/calendar"') == 2
    assert "webcal://" in text
    assert "kind=webinar" in text.split('type="text/calendar"')[1].split(">")[0]


@pytest.mark.parametrize("persona", ["anonymous", "member"])
@pytest.mark.parametrize("when", ["upcoming", "past"])
def test_the_index_costs_the_same_queries_for_one_and_many_events(
    calendar, client_for, django_assert_num_queries, persona, when
):
    theme = ThemeFactory()
    client = client_for(calendar.people[persona])
    past = {
        "start": timezone.now() - datetime.timedelta(days=3),
        "end": timezone.now() - datetime.timedelta(days=2),
    }
    extra = past if when == "past" else {}
    first = EventPageFactory(parent=calendar.index, recording_url="https://vimeo.com/76979871", **extra)
    first.themes = [theme]
    first.save_revision().publish()
    client.get(calendar.index.url, {"when": when})  # warm the site root and settings caches
    with CaptureQueriesContext(connection) as one:
        client.get(calendar.index.url, {"when": when})
    queries_for_one = len(one.captured_queries)  # read now: the connection's query log is bounded
    for number in range(12):
        event = EventPageFactory(
            parent=calendar.groups[Visibility.OPEN],
            title=f"Extra meeting {number}",
            group=calendar.groups[Visibility.OPEN],
            recording_url="https://vimeo.com/76979871",
            **extra,
        )
        event.themes = [theme, ThemeFactory()]
        event.save_revision().publish()
    client.get(calendar.index.url, {"when": when})  # publishing cleared the site root cache: warm it again
    with django_assert_num_queries(queries_for_one):
        response = client.get(calendar.index.url, {"when": when})
    expected = 13 if when == "past" else 13 + len(SEES[persona])
    assert len(listed(response)) == expected
