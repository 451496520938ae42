"""The "My events" page: a person's upcoming registrations (with cancel buttons) and past events."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from events.choices import EventAudience
from events.models import Registration
from events.services.registrations import registration_cancel, registration_create
from tests.factories.events import EventPageFactory
from tests.factories.users import UserFactory
from working_groups.choices import Visibility
from working_groups.models import Membership

URL = "/my-events/"


def test_the_address(db):
    assert reverse("events:my_events") == URL


def test_anonymous_visitors_are_asked_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_upcoming_and_past_registrations(calendar, client):
    person = UserFactory()
    upcoming = EventPageFactory(
        parent=calendar.index, title="Coming webinar", registration_open=True, capacity=1
    )
    full = EventPageFactory(parent=calendar.index, title="Full webinar", registration_open=True, capacity=0)
    dropped = EventPageFactory(parent=calendar.index, title="Dropped webinar", registration_open=True)
    past = EventPageFactory(
        parent=calendar.index,
        title="Last year's webinar",
        start=timezone.now() - datetime.timedelta(days=200),
        end=timezone.now() - datetime.timedelta(days=200, hours=-1),
    )
    registration_create(user=person, event=upcoming)
    registration_create(user=person, event=full)
    registration_create(user=person, event=dropped)
    registration_cancel(user=person, event=dropped)
    Registration.objects.create(event=past, user=person, status="confirmed")
    registration_create(
        user=UserFactory(),
        event=EventPageFactory(parent=calendar.index, title="Not mine", registration_open=True),
    )
    client.force_login(person)
    html = client.get(URL).content.decode()
    coming = html[html.index('id="upcoming-heading"') : html.index('id="past-heading"')]
    gone = html[html.index('id="past-heading"') :]
    assert "Coming webinar" in coming and "Full webinar" in coming
    assert "Leave the waiting list" in coming and "Cancel my registration" in coming
    assert reverse("events:cancel", args=[upcoming.pk]) in coming
    assert "Dropped webinar" not in html and "Not mine" not in html
    assert "Last year&#x27;s webinar" in gone or "Last year's webinar" in gone


def test_events_the_person_may_no_longer_see_are_left_out(calendar, client):
    member = calendar.people["member"]
    group = calendar.groups[Visibility.PRIVATE]
    meeting = EventPageFactory(
        parent=calendar.index,
        title="Private meeting",
        group=group,
        audience=EventAudience.MEMBERS,
        registration_open=True,
    )
    registration_create(user=member, event=meeting)
    client.force_login(member)
    assert "Private meeting" in client.get(URL).content.decode()
    Membership.objects.filter(group=group, user=member).delete()
    assert "Private meeting" not in client.get(URL).content.decode()


def test_my_events_cost_the_same_queries_for_1_and_many(calendar, client, django_assert_num_queries):
    person = UserFactory()
    client.force_login(person)

    def add(number):
        for _ in range(number):
            Registration.objects.create(
                event=EventPageFactory(parent=calendar.index, registration_open=True), user=person
            )

    add(1)
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    add(15)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(URL)
    assert response.content.decode().count("Cancel my registration") == 16


@pytest.mark.parametrize("method", ["put", "delete"])
def test_my_events_is_read_only(client, user, method):
    client.force_login(user)
    assert getattr(client, method)(URL).status_code == 405
