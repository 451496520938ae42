"""The event pages a visitor opens: an event of an invisible group answers 404, the index lists and filters
only what the visitor may see, the home page shows the next events, and no join link is on a public page."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from events.choices import EventKind
from tests.factories.events import EventPageFactory
from working_groups.choices import Visibility

from .conftest import PERSONAS, SCOPES, SEES


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", SCOPES)
def test_event_page_answers_404_when_the_group_is_invisible(calendar, client_for, persona, scope):
    event = calendar.events[scope]
    response = client_for(calendar.people[persona]).get(event.url)
    if scope in SEES[persona]:
        assert response.status_code == 200
        assert event.title in response.text
    else:
        assert response.status_code == 404
        assert event.title not in response.text


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_join_link_and_passcode_are_never_on_the_event_page(calendar, client_for, persona):
    event = calendar.events["no group"]
    response = client_for(calendar.people[persona]).get(event.url)
    assert response.status_code == 200
    assert event.join_url not in response.text
    assert event.join_passcode not in response.text


@pytest.mark.parametrize("persona", PERSONAS)
def test_index_lists_the_upcoming_events_the_visitor_may_see(calendar, client_for, persona):
    past = EventPageFactory(
        parent=calendar.index,
        title="A webinar long gone",
        start=timezone.now() - datetime.timedelta(days=30),
        end=timezone.now() - datetime.timedelta(days=30, hours=-1),
    )
    response = client_for(calendar.people[persona]).get(calendar.index.url)
    assert response.status_code == 200
    listed = {event.pk for event in response.context["events"].object_list}
    assert listed == {calendar.events[scope].pk for scope in SEES[persona]}
    assert past.title not in response.text
    private = calendar.groups[Visibility.PRIVATE]
    assert (private.title in response.text) is (Visibility.PRIVATE in SEES[persona])


def test_index_filters_by_type_and_group(calendar, client_for):
    client = client_for(calendar.people["member"])
    workshop = EventPageFactory(
        parent=calendar.index,
        title="Grievance workshop",
        kind=EventKind.WORKSHOP,
        group=calendar.groups["open"],
    )
    by_kind = client.get(calendar.index.url, {"kind": EventKind.WORKSHOP})
    assert [event.pk for event in by_kind.context["events"].object_list] == [workshop.pk]
    open_group = calendar.groups[Visibility.OPEN]
    by_group = client.get(calendar.index.url, {"group": open_group.slug})
    assert {event.pk for event in by_group.context["events"].object_list} == {
        calendar.events[Visibility.OPEN].pk,
        workshop.pk,
    }


def test_outsiders_cannot_filter_by_a_private_group(calendar, client_for):
    """The facet does not offer the private group, so its slug is an invalid choice and lists nothing."""
    private = calendar.groups[Visibility.PRIVATE]
    response = client_for(calendar.people["outsider"]).get(calendar.index.url, {"group": private.slug})
    assert response.status_code == 200
    assert not response.context["events"].object_list
    assert calendar.events[Visibility.PRIVATE].title not in response.text


def test_index_costs_the_same_queries_for_few_and_many_events(
    calendar, client_for, django_assert_num_queries
):
    client = client_for(calendar.people["member"])
    client.get(calendar.index.url)  # warm the site root and settings caches
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(calendar.index.url).context["events"].object_list) == 4
    for number in range(15):
        EventPageFactory(
            parent=calendar.index, title=f"Extra session {number}", group=calendar.groups["closed"]
        )
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(calendar.index.url).context["events"].object_list) == 19


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_page_shows_the_next_events_the_visitor_may_see(calendar, client_for, persona):
    """The private group's meeting comes first, so it would show for everyone if it leaked."""
    private = calendar.events[Visibility.PRIVATE]
    private.start = calendar.events["no group"].start - datetime.timedelta(days=7)
    private.end = private.start + datetime.timedelta(hours=2)
    private.save_revision().publish()
    response = client_for(calendar.people[persona]).get(calendar.home.url)
    assert response.status_code == 200
    assert "Upcoming events" in response.text
    shown = {event.title for event in calendar.events.values() if event.title in response.text}
    visible = sorted((calendar.events[scope] for scope in SEES[persona]), key=lambda event: event.start)
    assert shown == {event.title for event in visible[:3]}
    assert calendar.index.url in response.text


def test_home_page_has_no_events_section_without_events(calendar, client_for):
    for event in calendar.events.values():
        event.unpublish()
    response = client_for(None).get(calendar.home.url)
    assert "Upcoming events" not in response.text


def test_event_times_are_shown_in_the_event_zone_not_the_site_zone(calendar, client_for):
    """A webinar announced for 9:00 in New York is 15:00 in Amsterdam (the site's zone): it says 9:00."""
    event = EventPageFactory(
        parent=calendar.index,
        title="Webinar with the US smelter initiative",
        start=datetime.datetime(2030, 6, 4, 13, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 6, 4, 14, 30, tzinfo=datetime.UTC),
        time_zone="America/New_York",
    )
    response = client_for(None).get(event.url)
    assert "Tuesday 4 June 2030, 09:00</time>" in response.text
    assert ">10:30</time>" in response.text
    assert "America/New_York" in response.text
    assert "15:00" not in response.text
