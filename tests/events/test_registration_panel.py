"""The registration panel of an event page: the visitor's state, places, deadline, buttons, and the join
details for registered people only."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from events.choices import EventAudience, EventKind, EventStatus
from events.services.registrations import registration_create
from tests.factories.events import EventPageFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member
from working_groups.choices import Role, Visibility

JOIN_URL = "https://video.example.org/j/8123456"
PASSCODE = "tin-2030"


@pytest.fixture
def event(calendar):
    return EventPageFactory(
        parent=calendar.index,
        title="Panel webinar",
        registration_open=True,
        capacity=1,
        registration_deadline=datetime.datetime(2030, 1, 10, 17, 0, tzinfo=datetime.UTC),
    )


def panel_html(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('id="registration"')
    return html[start : html.index("</section>", start)]


def test_anonymous_visitors_see_places_and_a_sign_in_link_but_no_join_details(client, event):
    html = panel_html(client, event)
    assert "Sign in to register" in html
    assert f"{reverse('account_login')}?next=" in html
    assert "1 / 1" in html
    # The deadline is shown in the event's zone (Brussels, UTC+1 in January).
    assert "10 January 2030, 18:00" in html
    assert JOIN_URL not in html and PASSCODE not in html


def test_a_signed_in_visitor_sees_the_register_button(client, event):
    client.force_login(UserFactory())
    html = panel_html(client, event)
    assert "You are not registered." in html
    assert reverse("events:register", args=[event.pk]) in html
    assert "csrfmiddlewaretoken" in html
    assert JOIN_URL not in html


def test_a_registered_person_sees_the_join_link_and_passcode(client, event):
    person = UserFactory()
    registration_create(user=person, event=event)
    client.force_login(person)
    html = panel_html(client, event)
    assert "You are registered." in html
    assert JOIN_URL in html and PASSCODE in html
    assert "Cancel my registration" in html
    assert "None: new registrations join the waiting list." in html


def test_someone_waiting_sees_their_position_but_no_join_link(client, event):
    registration_create(user=UserFactory(), event=event)
    registration_create(user=UserFactory(), event=event)
    waiting = UserFactory()
    registration_create(user=waiting, event=event)
    client.force_login(waiting)
    html = panel_html(client, event)
    assert "You are on the waiting list, at position 2." in html
    assert "Leave the waiting list" in html
    assert JOIN_URL not in html


def test_a_full_event_offers_the_waiting_list(client, event):
    registration_create(user=UserFactory(), event=event)
    client.force_login(UserFactory())
    assert "Join the waiting list" in panel_html(client, event)


def test_a_cancelled_event_says_so_and_hides_the_join_link(client, event):
    person = UserFactory()
    registration_create(user=person, event=event)
    event.status = EventStatus.CANCELLED
    event.status_notice = "The speaker fell ill."
    event.save()
    client.force_login(person)
    html = panel_html(client, event)
    assert "This event has been cancelled." in html
    assert JOIN_URL not in html


def test_closed_registration_gives_the_reason(client, event):
    event.start = timezone.now() - datetime.timedelta(days=3)
    event.end = event.start + datetime.timedelta(hours=1)
    event.registration_deadline = None
    event.save()
    client.force_login(UserFactory())
    html = panel_html(client, event)
    assert "This event has already taken place." in html
    assert reverse("events:register", args=[event.pk]) not in html


def test_invitation_only_events_say_so_to_everyone(client, event):
    event.audience = EventAudience.INVITATION
    event.save()
    assert "by invitation only" in panel_html(client, event)
    client.force_login(UserFactory())
    assert "by invitation only" in panel_html(client, event)


def test_a_session_shows_its_conference_registration_and_its_own_join_link(client, calendar):
    conference = EventPageFactory(
        parent=calendar.index, title="Forum", kind=EventKind.CONFERENCE, registration_open=True
    )
    session = EventPageFactory(
        parent=conference,
        title="Forum session",
        kind=EventKind.SESSION,
        join_url="https://video.example.org/j/room-b",
        join_passcode="room-b",
    )
    person = UserFactory()
    client.force_login(person)
    html = panel_html(client, session)
    assert "people register for the conference as a whole" in html
    assert reverse("events:register", args=[conference.pk]) in html
    assert "room-b" not in html
    registration_create(user=person, event=conference)
    html = panel_html(client, session)
    assert "https://video.example.org/j/room-b" in html and "room-b" in html
    assert JOIN_URL not in html and PASSCODE not in html  # the conference's room is not this session's


def forum_in_one_room(calendar):
    """An online conference (JOIN_URL, PASSCODE) whose opening session has no link of its own."""
    conference = EventPageFactory(
        parent=calendar.index, title="Online forum", kind=EventKind.CONFERENCE, registration_open=True
    )
    session = EventPageFactory(
        parent=conference, title="Opening", kind=EventKind.SESSION, join_url="", join_passcode=""
    )
    return conference, session


# The join link in a page's text, or url-encoded in its add-to-calendar links.
JOIN_TRACES = (JOIN_URL, "j%2F8123456", PASSCODE)


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("anonymous", False), ("outsider", False), ("waitlisted", False), ("registered", True)],
)
def test_a_session_without_a_link_shows_its_conferences_to_registered_people_only(
    client, calendar, persona, sees
):
    conference, session = forum_in_one_room(calendar)
    conference.capacity = 1
    conference.save()
    registered, waitlisted = UserFactory(), UserFactory()
    registration_create(user=registered, event=conference)
    registration_create(user=waitlisted, event=conference)
    people = {
        "anonymous": None,
        "outsider": UserFactory(),
        "waitlisted": waitlisted,
        "registered": registered,
    }
    if people[persona]:
        client.force_login(people[persona])
    text = client.get(session.url).text
    html = panel_html(client, session)
    assert (JOIN_URL in html and PASSCODE in html) is sees
    # Nowhere else on the page either (the add-to-calendar links), and never on the conference's page
    # for someone without a place.
    assert any(trace in text.replace(html, "") for trace in JOIN_TRACES) is sees
    if not sees:
        assert not any(trace in client.get(conference.url).text for trace in JOIN_TRACES)


def test_the_inherited_link_costs_no_more_queries_than_a_sessions_own(
    client, calendar, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    conference, shared = forum_in_one_room(calendar)
    own = EventPageFactory(
        parent=conference, title="Room B", kind=EventKind.SESSION, join_url="https://video.example.org/j/b"
    )
    person = UserFactory()
    registration_create(user=person, event=conference)
    client.force_login(person)
    client.get(shared.url), client.get(own.url)  # warm the site root paths cache
    with CaptureQueriesContext(connection) as own_queries:
        assert "https://video.example.org/j/b" in client.get(own.url).text
    with django_assert_num_queries(len(own_queries.captured_queries)):
        assert JOIN_URL in client.get(shared.url).text


@pytest.mark.parametrize("role, sees_link", [(None, False), (Role.MEMBER, False), (Role.CHAIR, True)])
def test_organisers_get_a_link_to_the_attendee_list(client, calendar, role, sees_link):
    group = calendar.groups[Visibility.OPEN]
    meeting = EventPageFactory(
        parent=calendar.index, title="Group meeting", group=group, registration_open=True
    )
    person = UserFactory()
    if role:
        add_member(group, person, role=role)
    client.force_login(person)
    assert (reverse("events:attendees", args=[meeting.pk]) in panel_html(client, meeting)) is sees_link


def test_the_secretariat_gets_the_attendee_link(client, calendar, event):
    client.force_login(calendar.people["secretariat"])
    assert reverse("events:attendees", args=[event.pk]) in panel_html(client, event)
