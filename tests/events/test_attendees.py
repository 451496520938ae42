"""The organisers' attendee pages: who may open them, the lists with answers, the CSV export (with its
formula-injection guard), adding a person by e-mail, marking attendance, and constant query counts."""

import csv
import datetime
import io

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from events.choices import EventAudience, RegistrationStatus
from events.models import Registration, RegistrationQuestion
from events.services.registrations import (
    RegistrationError,
    registration_add,
    registration_cancel,
    registration_create,
    registration_mark_attended,
)
from tests.cms.utils import assert_scroll_boxes_named
from tests.factories.events import EventPageFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member
from working_groups.choices import Role, Visibility


@pytest.fixture
def chair(calendar):
    person = UserFactory()
    add_member(calendar.groups[Visibility.CLOSED], person, role=Role.CHAIR)
    return person


@pytest.fixture
def meeting(calendar):
    """A public meeting of the closed group, two places, one question."""
    event = EventPageFactory(
        parent=calendar.index,
        title="Closed group meeting",
        group=calendar.groups[Visibility.CLOSED],
        registration_open=True,
        capacity=2,
    )
    RegistrationQuestion.objects.create(page=event, label="Dietary needs")
    return event


def urls(event):
    return {
        "list": reverse("events:attendees", args=[event.pk]),
        "csv": reverse("events:attendees_csv", args=[event.pk]),
    }


@pytest.mark.parametrize(
    "persona, expected",
    [("outsider", 404), ("member", 404), ("chair", 200), ("secretariat", 200)],
)
def test_only_organisers_open_the_attendee_pages(calendar, client_for, chair, meeting, persona, expected):
    people = {**calendar.people, "chair": chair}
    client = client_for(people[persona])
    for url in urls(meeting).values():
        assert client.get(url).status_code == expected


def test_anonymous_visitors_are_asked_to_sign_in(client, meeting):
    for url in urls(meeting).values():
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_a_chair_of_another_group_is_no_organiser(calendar, client_for, meeting):
    other_chair = UserFactory()
    add_member(calendar.groups[Visibility.OPEN], other_chair, role=Role.CHAIR)
    assert client_for(other_chair).get(urls(meeting)["list"]).status_code == 404


def test_the_list_shows_confirmed_waiting_and_cancelled_with_answers(client_for, chair, meeting):
    first, second, waiting, gone = UserFactory.create_batch(4)
    registration_create(user=gone, event=meeting)
    registration_cancel(user=gone, event=meeting)
    registration_create(
        user=first, event=meeting, answers=[{"question": "Dietary needs", "answer": "Vegetarian"}]
    )
    registration_create(user=second, event=meeting)
    registration_create(user=waiting, event=meeting)
    html = client_for(chair).get(urls(meeting)["list"]).content.decode()
    confirmed_part = html[html.index('id="confirmed-heading"') : html.index('id="waitlist-heading"')]
    waiting_part = html[html.index('id="waitlist-heading"') : html.index('id="cancelled-heading"')]
    cancelled_part = html[html.index('id="cancelled-heading"') : html.index('id="add-heading"')]
    assert first.email in confirmed_part and second.email in confirmed_part
    assert "Vegetarian" in confirmed_part
    assert waiting.email in waiting_part and first.email not in waiting_part
    assert gone.email in cancelled_part
    # Three tables, each scrolling sideways in a focusable region named by its heading.
    assert len(assert_scroll_boxes_named(html, minimum=3)) == 3


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_csv_export_has_a_row_per_registration_and_a_column_per_question(client_for, chair, meeting):
    person = UserFactory(first_name="Ada", last_name="Tin")
    registration_create(user=person, event=meeting, answers=[{"question": "Dietary needs", "answer": "None"}])
    rows = read_csv(client_for(chair).get(urls(meeting)["csv"]))
    assert rows[0][:4] == ["Name", "E-mail", "Party or organisation", "Status"]
    assert rows[0][-1] == "Dietary needs"
    assert len(rows) == 2
    assert rows[1][1] == person.email and rows[1][3] == "Registered" and rows[1][-1] == "None"


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)"])
def test_the_csv_export_defuses_formulas(client_for, chair, meeting, dangerous):
    person = UserFactory()
    person.profile.display_name = dangerous
    person.profile.save()
    registration_create(
        user=person, event=meeting, answers=[{"question": "Dietary needs", "answer": dangerous}]
    )
    rows = read_csv(client_for(chair).get(urls(meeting)["csv"]))
    assert rows[1][0] == "'" + dangerous
    assert rows[1][-1] == "'" + dangerous


def _fill(event, number):
    event.capacity = None
    event.save()
    for person in UserFactory.create_batch(number):
        Registration.objects.create(
            event=event,
            user=person,
            status=RegistrationStatus.CONFIRMED,
            answers=[{"question": "Dietary needs", "answer": "Vegan"}],
        )


@pytest.mark.parametrize("page", ["list", "csv"])
def test_the_attendee_pages_cost_the_same_queries_for_1_and_200(
    calendar, client_for, chair, meeting, django_assert_num_queries, page
):
    client = client_for(chair)
    url = urls(meeting)[page]
    _fill(meeting, 1)
    client.get(url)  # warm the site root cache and the session
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _fill(meeting, 199)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    if page == "csv":
        assert len(read_csv(response)) == 201


def test_organisers_add_an_existing_account_to_an_invitation_only_event(
    client_for, chair, meeting, mailoutbox
):
    meeting.audience = EventAudience.INVITATION
    meeting.registration_open = False
    meeting.save()
    guest = UserFactory(email="guest@example.org")
    client = client_for(chair)
    add_url = reverse("events:add_attendee", args=[meeting.pk])
    response = client.post(add_url, {"email": "GUEST@example.org"})
    assert response.status_code == 302
    assert Registration.objects.get(user=guest).status == RegistrationStatus.CONFIRMED
    response = client.post(add_url, {"email": "nobody@example.org"})
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert "No account uses the address nobody@example.org" in messages[-1]
    assert Registration.objects.count() == 1
    assert client.post(add_url, {"email": "not an address"}).status_code == 400


def test_adding_refuses_someone_who_may_not_see_a_members_only_event(calendar, chair):
    event = EventPageFactory(
        parent=calendar.index,
        group=calendar.groups[Visibility.CLOSED],
        audience=EventAudience.MEMBERS,
    )
    with pytest.raises(RegistrationError, match="may not see"):
        registration_add(actor=chair, event=event, email=calendar.people["outsider"].email)
    assert not Registration.objects.exists()


def test_only_organisers_may_add_people(calendar, meeting):
    with pytest.raises(RegistrationError, match="Only the organisers"):
        registration_add(
            actor=calendar.people["member"], event=meeting, email=calendar.people["outsider"].email
        )


def test_self_registration_is_refused_for_invitation_only_events_over_http(client_for, meeting):
    meeting.audience = EventAudience.INVITATION
    meeting.save()
    response = client_for(UserFactory()).post(reverse("events:register", args=[meeting.pk]))
    assert "by invitation only" in str(list(get_messages(response.wsgi_request))[-1])
    assert not Registration.objects.exists()


def test_marking_attendance_after_the_start(client_for, chair, meeting):
    person = UserFactory()
    registration = registration_create(user=person, event=meeting)
    with pytest.raises(RegistrationError, match="once the event has started"):
        registration_mark_attended(actor=chair, registration=registration, attended=True)
    meeting.start = timezone.now() - datetime.timedelta(hours=1)
    meeting.end = timezone.now() + datetime.timedelta(hours=1)
    meeting.save()
    url = reverse("events:mark_attended", args=[meeting.pk, registration.pk])
    client_for(chair).post(url, {"attended": "yes"})
    registration.refresh_from_db()
    assert registration.attended is True
    client_for(chair).post(url, {"attended": "no"})
    registration.refresh_from_db()
    assert registration.attended is False
    assert client_for(person).post(url, {"attended": "yes"}).status_code == 404
    registration.refresh_from_db()
    assert registration.attended is False
