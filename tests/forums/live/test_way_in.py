"""The way into a session's live room: the event page's link is a real link (not escaped text), "Live now"
from 15 minutes before the start until the end on the event page, the event cards and the members' area,
the room's address in the registrant's e-mail and calendar, and sign-in that leads back into the room."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

import pytest

from tests.factories.users import DEFAULT_PASSWORD
from tests.forums.live.conftest import make_session

pytestmark = pytest.mark.django_db

LIVE_NOW = "Live now — join the discussion"


@pytest.fixture
def session(db):
    return make_session()


def room_url(session):
    return reverse("forums:live:room", args=[session.thread.pk])


def live_links(html: str) -> list[str]:
    """The href of every real `<a>` whose text is "Live now — join the discussion"."""
    return re.findall(r'<a [^>]*href="([^"]+)"[^>]*>\s*' + LIVE_NOW + r"\s*</a>", html)


def test_the_event_page_shows_the_room_link_as_a_link_not_as_escaped_text(session, client):
    client.force_login(session.people["member"])
    page = client.get(session.event.url).content.decode()
    assert "&lt;section" not in page and "&lt;a href" not in page
    assert '<section class="event-discussion"' in page
    assert live_links(page) == [room_url(session)]


def move(session, start_in_minutes: float, minutes: float = 60):
    event = session.event
    event.start = timezone.now() + datetime.timedelta(minutes=start_in_minutes)
    event.end = event.start + datetime.timedelta(minutes=minutes)
    event.save_revision().publish()
    event.refresh_from_db()


@pytest.mark.parametrize(
    ("start_in", "live"),
    [(20, False), (14, True), (-30, True), (-61, False)],
    ids=["20 minutes before", "14 minutes before", "running", "after the end"],
)
def test_live_now_runs_from_15_minutes_before_until_the_end(session, client, start_in, live):
    move(session, start_in)
    client.force_login(session.people["member"])
    home = client.get("/").content.decode()
    index = client.get(session.event.get_parent().url).content.decode()
    event_page = client.get(session.event.url).content.decode()
    members_area = client.get(session.group.url + "members/").content.decode()
    expected = [room_url(session)] if live else []
    assert live_links(home) == expected, "home page card"
    assert live_links(index) == expected, "events index card"
    assert live_links(event_page) == expected, "event page"
    # The members' area: the "Live now" panel and the group's upcoming meetings.
    assert live_links(members_area) == expected * 2


def test_live_now_shows_only_to_people_who_may_read_the_room(session, client):
    client.force_login(session.people["outsider"])
    for url in ("/", session.event.get_parent().url):
        assert live_links(client.get(url).content.decode()) == []


def test_after_the_session_the_event_page_links_the_read_only_discussion(session, client):
    move(session, -120)
    client.force_login(session.people["member"])
    page = client.get(session.event.url).content.decode()
    assert live_links(page) == []
    assert f'href="{session.thread.get_absolute_url()}"' in page
    assert "Read the session&#x27;s discussion" in page or "Read the session's discussion" in page
    room = client.get(room_url(session)).content.decode()
    assert "read-only" in room and 'id="live-composer"' not in room


def test_a_registrant_who_is_not_signed_in_goes_through_sign_in_and_back_into_the_room(session, client):
    response = client.get(room_url(session))
    login = reverse("account_login")
    assert response.status_code == 302
    assert response["Location"] == f"{login}?next={room_url(session)}"
    member = session.people["member"]
    signed_in = client.post(
        f"{login}?next={room_url(session)}", {"login": member.email, "password": DEFAULT_PASSWORD}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == room_url(session)
    room = client.get(signed_in["Location"])
    assert room.status_code == 200 and b'id="live-composer"' in room.content


def test_an_unknown_room_also_sends_an_anonymous_visitor_to_sign_in(session, client):
    """The same answer as for a real room: nothing tells an anonymous visitor which rooms exist."""
    response = client.get(reverse("forums:live:room", args=[session.thread.pk + 1000]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def unfold(ics: bytes | str) -> str:
    text = ics.decode() if isinstance(ics, bytes) else ics
    return text.replace("\r\n ", "")


def test_the_confirmation_email_and_the_personal_calendar_carry_the_rooms_address(session, client):
    from cms.emails import absolute_url
    from events.choices import RegistrationStatus
    from events.emails import build_registration_email
    from events.models import CalendarFeedKey, Registration

    member = session.people["member"]
    registration = Registration.objects.create(
        event=session.event, user=member, status=RegistrationStatus.CONFIRMED
    )
    address = absolute_url(room_url(session))
    message = build_registration_email(registration, "confirmed")
    assert f"Live discussion during the session (chat and questions): {address}" in message.body
    attachment = next(content for name, content, _type in message.attachments if name == "event.ics")
    assert f"Live discussion during the session: {address}" in unfold(attachment).replace("\\n", "\n")
    key, _created = CalendarFeedKey.objects.get_or_create(user=member)
    feed = unfold(client.get(reverse("events:personal_feed", args=[key.key])).content)
    assert f"Live discussion during the session: {address}" in feed
    # A waiting-list notice and other people's copies never carry it.
    waiting = build_registration_email(registration, "waitlisted")
    assert address not in waiting.body
    other = session.people["other"]
    other_key, _created = CalendarFeedKey.objects.get_or_create(user=other)
    assert address not in unfold(client.get(reverse("events:personal_feed", args=[other_key.key])).content)


def test_the_demo_webinar_is_moved_to_now_whenever_the_demo_is_seeded(db):
    """A demo seeded yesterday (or last month) has its live webinar running again after `seed_demo`."""
    from events.models import EventIndexPage
    from forums.demo.live import NOW_SLUG, _now_webinar
    from tests.factories.events import make_event_index

    index = make_event_index()
    first = _now_webinar(index)
    assert first.start <= timezone.now() < first.end
    first.start -= datetime.timedelta(days=30)
    first.end -= datetime.timedelta(days=30)
    first.save_revision().publish()
    again = _now_webinar(EventIndexPage.objects.get(pk=index.pk))
    assert again.pk == first.pk and again.slug == NOW_SLUG
    now = timezone.now()
    assert again.start <= now - datetime.timedelta(minutes=5) and again.end >= now + datetime.timedelta(
        hours=1
    )
