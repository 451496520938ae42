"""`seed_demo` builds a year of events around today, through the registration service, and a second run
changes nothing."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

from django.core.management.color import no_style
from django.db import transaction
from django.utils import timezone

from wagtail.models import Site

import pytest

import cms.demo
import commitments.demo
import events.demo
import working_groups.demo
from cms.demo_context import DemoContext
from cms.models import MainMenu
from events.choices import AttendanceMode, EventAudience, EventKind, EventStatus, RegistrationStatus
from events.demo.calendar import (
    CANCELLED_WEBINAR_SLUG,
    FORUM_SLUG,
    FULL_WEBINAR_SLUG,
    GENDER_WEBINAR_SLUG,
    next_26_march,
)
from events.demo.dutch import DUTCH_REGISTRANT_EMAIL
from events.models import EventIndexPage, EventPage, Registration, Speaker
from working_groups.choices import Visibility
from working_groups.demo.accounts import DEMO_MEMBER_EMAIL
from working_groups.models import WorkingGroupPage

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


def counts() -> dict:
    menu = MainMenu.for_site(Site.objects.get(is_default_site=True))
    return {
        "indexes": EventIndexPage.objects.count(),
        "events": EventPage.objects.count(),
        "speakers": Speaker.objects.count(),
        "registrations": list(
            Registration.objects.order_by("pk").values_list("event_id", "user_id", "status")
        ),
        "menu": list(menu.items.values_list("title", flat=True)),
    }


def seed_up_to_events() -> None:
    """What `seed_demo` runs up to and including the events app (apps after it are not ours to wait for)."""
    context = DemoContext(password="roundtable-demo", stdout=StringIO(), style=no_style())
    for demo in (cms.demo, working_groups.demo, commitments.demo, events.demo):
        with transaction.atomic():
            demo.seed(context)


def test_next_26_march_is_this_year_until_the_day_itself():
    assert next_26_march(datetime.date(2027, 1, 5)) == datetime.date(2027, 3, 26)
    assert next_26_march(datetime.date(2027, 3, 26)) == datetime.date(2027, 3, 26)
    assert next_26_march(datetime.date(2027, 3, 27)) == datetime.date(2028, 3, 26)


def test_seed_demo_builds_a_year_of_events_once(client, settings, tmp_path):
    """One test, because seeding the whole demo site takes seconds."""
    settings.MEDIA_ROOT = tmp_path
    seed_up_to_events()
    first = counts()
    seed_up_to_events()
    assert counts() == first
    assert first["menu"].count("Events") == 1
    check_calendar()
    check_registrations()
    check_group_meetings()
    check_forum()
    check_pages(client)


def check_calendar():
    now = timezone.now()
    events = EventPage.objects.live()
    assert events.filter(start__lt=now - datetime.timedelta(days=200)).exists()
    assert events.filter(start__gt=now + datetime.timedelta(days=100)).exists()
    past_webinars = events.filter(kind=EventKind.WEBINAR, end__lt=now)
    assert past_webinars.count() >= 3
    for webinar in past_webinars:
        assert webinar.recording_url
        assert webinar.documents.exists()
        assert len(webinar.summary) >= 1
        assert webinar.speakers.exists()
    assert events.filter(language="nl").count() >= 2
    assert events.exclude(time_zone="Europe/Brussels").exists()
    cancelled = events.get(slug=CANCELLED_WEBINAR_SLUG)
    assert cancelled.status == EventStatus.CANCELLED and cancelled.status_notice
    assert events.filter(status=EventStatus.POSTPONED).exclude(status_notice="").exists()
    stakeholder_types = set(
        Speaker.objects.exclude(organisation=None).values_list("organisation__stakeholder_type", flat=True)
    )
    assert len(stakeholder_types) >= 4
    assert Speaker.objects.exclude(photo=None).count() == Speaker.objects.count()

    gender = events.get(slug=GENDER_WEBINAR_SLUG)
    assert gender.title == "Gender due diligence in practice"
    assert gender.time_zone == "Europe/Brussels"
    start = gender.start.astimezone(BRUSSELS)
    assert (start.month, start.day, start.hour, start.minute) == (3, 26, 14, 0)
    assert start.date() == next_26_march(timezone.localdate(timezone=BRUSSELS))
    assert gender.attendance == AttendanceMode.ONLINE
    assert gender.join_url and gender.join_passcode
    for event in events:
        event.full_clean()


def check_registrations():
    full = EventPage.objects.get(slug=FULL_WEBINAR_SLUG)
    registrations = Registration.objects.filter(event=full)
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == full.capacity
    assert registrations.filter(status=RegistrationStatus.WAITLISTED).count() >= 2
    gender = EventPage.objects.get(slug=GENDER_WEBINAR_SLUG)
    assert Registration.objects.filter(
        event=gender, user__email=DEMO_MEMBER_EMAIL, status=RegistrationStatus.CONFIRMED
    ).exists()
    # Registered on the Dutch page: one registration, the English event's.
    dutch = EventPage.objects.get(translation_key=gender.translation_key, locale__language_code="nl")
    assert dutch.title == "Gender in gepaste zorgvuldigheid: de praktijk"
    assert Registration.objects.filter(event=gender, user__email=DUTCH_REGISTRANT_EMAIL).exists()
    assert not Registration.objects.filter(event=dutch).exists()


def check_group_meetings():
    for group in WorkingGroupPage.objects.all():
        meetings = EventPage.objects.child_of(group).live()
        assert meetings.filter(end__lt=timezone.now()).exists()
        assert meetings.filter(start__gt=timezone.now()).exists()
        for meeting in meetings:
            assert meeting.group_id == group.pk
            expected = EventAudience.PUBLIC if group.visibility == Visibility.OPEN else EventAudience.MEMBERS
            assert meeting.audience == expected


def check_forum():
    forum = EventPage.objects.get(slug=FORUM_SLUG)
    assert forum.kind == EventKind.CONFERENCE
    assert (forum.local_end.date() - forum.local_start.date()).days == 1
    sessions = EventPage.objects.child_of(forum).live()
    assert sessions.count() >= 5
    assert len({session.local_start.date() for session in sessions}) == 2
    assert len({session.room for session in sessions}) >= 3
    for session in sessions:
        assert session.kind == EventKind.SESSION
        assert forum.start <= session.start and session.end <= forum.end
    assert Registration.objects.filter(event=forum).count() >= 3


def check_pages(client):
    index = EventIndexPage.objects.get(locale__language_code="en")
    dutch_index = EventIndexPage.objects.get(locale__language_code="nl")
    assert dutch_index.url == "/nl/evenementen/"
    assert "Smelters in kaart brengen in je tinketen" in client.get(dutch_index.url, {"when": "past"}).text
    response = client.get(index.url)
    assert response.status_code == 200
    assert "Traceability tools for small traders" in response.text
    assert client.get(index.url, {"when": "past"}).status_code == 200
    gender = EventPage.objects.get(slug=GENDER_WEBINAR_SLUG)
    response = client.get(gender.url)
    assert response.status_code == 200
    assert ", 14:00</time>" in response.text
    assert gender.join_passcode not in response.text
    forum = EventPage.objects.get(slug=FORUM_SLUG)
    response = client.get(forum.url)
    assert "Room Copper" in response.text
    private = WorkingGroupPage.objects.get(visibility=Visibility.PRIVATE)
    private_meeting = EventPage.objects.child_of(private).first()
    assert client.get(private_meeting.url).status_code == 404
