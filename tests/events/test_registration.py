"""Registering and cancelling: capacity and the waiting list, the refusals (each a clear message that
changes nothing), questions, sessions of a conference, and the registration actions over HTTP."""

import datetime

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

import pytest

from events.choices import EventAudience, EventKind, EventStatus, RegistrationStatus
from events.models import Registration, RegistrationQuestion
from events.registrations import is_registered, registered_event_ids, waitlist_position
from events.services.registrations import (
    RegistrationError,
    registration_cancel,
    registration_create,
    registration_promote_from_waitlist,
)
from tests.factories.events import EventPageFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member
from working_groups.choices import Visibility


@pytest.fixture
def open_event(calendar):
    """A public webinar (no group) open for registration, with two places."""
    return EventPageFactory(parent=calendar.index, title="Open webinar", registration_open=True, capacity=2)


def register(user, event, **kwargs):
    return registration_create(user=user, event=event, **kwargs)


def statuses(event):
    return dict(Registration.objects.filter(event=event).values_list("user_id", "status"))


def test_registering_confirms_while_places_are_left_then_waitlists(open_event):
    people = UserFactory.create_batch(4)
    results = [register(person, open_event) for person in people]
    assert [r.status for r in results] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [waitlist_position(r) for r in results] == [None, None, 1, 2]
    assert results[0].confirmed_at is not None and results[2].waitlisted_at is not None


def test_unlimited_capacity_confirms_everyone(open_event):
    open_event.capacity = None
    open_event.save()
    for person in UserFactory.create_batch(5):
        assert register(person, open_event).status == RegistrationStatus.CONFIRMED


def test_cancelling_a_confirmed_place_promotes_the_first_person_waiting(open_event):
    first, second, third, fourth = UserFactory.create_batch(4)
    for person in (first, second, third, fourth):
        register(person, open_event)
    registration_cancel(user=second, event=open_event)
    assert statuses(open_event) == {
        first.pk: "confirmed",
        second.pk: "cancelled",
        third.pk: "confirmed",
        fourth.pk: "waitlisted",
    }
    assert waitlist_position(Registration.objects.get(user=fourth)) == 1


def test_leaving_the_waiting_list_promotes_nobody(open_event):
    first, second, third, fourth = UserFactory.create_batch(4)
    for person in (first, second, third, fourth):
        register(person, open_event)
    registration_cancel(user=third, event=open_event)
    assert statuses(open_event)[fourth.pk] == "waitlisted"
    assert waitlist_position(Registration.objects.get(user=fourth)) == 1


def test_a_larger_capacity_fills_from_the_waiting_list_in_order(open_event):
    people = UserFactory.create_batch(5)
    for person in people:
        register(person, open_event)
    open_event.capacity = 4
    open_event.save()
    promoted = registration_promote_from_waitlist(open_event)
    assert [r.user_id for r in promoted] == [people[2].pk, people[3].pk]
    assert statuses(open_event)[people[4].pk] == "waitlisted"


def test_publishing_a_larger_capacity_promotes(open_event):
    people = UserFactory.create_batch(3)
    for person in people:
        register(person, open_event)
    open_event.capacity = 3
    open_event.save_revision().publish()
    assert statuses(open_event)[people[2].pk] == "confirmed"


def test_a_newcomer_does_not_jump_the_waiting_list(open_event):
    """A place freed by a capacity change (not yet handed out) goes to the first person waiting."""
    people = UserFactory.create_batch(3)
    for person in people:
        register(person, open_event)
    type(open_event).objects.filter(pk=open_event.pk).update(capacity=3)
    newcomer = register(UserFactory(), open_event)
    assert statuses(open_event)[people[2].pk] == "confirmed"
    assert newcomer.status == RegistrationStatus.WAITLISTED


def test_registering_again_after_cancelling_reuses_the_row(open_event):
    person = UserFactory()
    first = register(person, open_event, answers=[{"question": "Diet", "answer": "vegan"}])
    registration_cancel(user=person, event=open_event)
    again = register(person, open_event)
    assert again.pk == first.pk
    assert again.status == RegistrationStatus.CONFIRMED and again.cancelled_at is None
    assert again.answers == []


@pytest.mark.parametrize("already", ["confirmed", "waitlisted"])
def test_registering_twice_is_refused_and_changes_nothing(open_event, already):
    if already == "waitlisted":
        open_event.capacity = 0
        open_event.save()
    person = UserFactory()
    register(person, open_event)
    before = list(Registration.objects.values())
    with pytest.raises(RegistrationError, match="already"):
        register(person, open_event)
    assert list(Registration.objects.values()) == before


def _past(event):
    now = timezone.now()
    event.start, event.end = now - datetime.timedelta(days=2), now - datetime.timedelta(days=2, hours=-1)


def _running(event):
    now = timezone.now()
    event.start, event.end = now - datetime.timedelta(minutes=10), now + datetime.timedelta(hours=1)


REFUSALS = {
    "cancelled": (lambda e: setattr(e, "status", EventStatus.CANCELLED), "cancelled"),
    "past": (_past, "already taken place"),
    "running": (_running, "already started"),
    "registration closed": (lambda e: setattr(e, "registration_open", False), "not open"),
    "deadline passed": (
        lambda e: setattr(e, "registration_deadline", timezone.now() - datetime.timedelta(hours=1)),
        "deadline has passed",
    ),
    "invitation only": (lambda e: setattr(e, "audience", EventAudience.INVITATION), "invitation only"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_refusals_have_a_clear_message_and_change_nothing(open_event, case):
    change, message = REFUSALS[case]
    change(open_event)
    open_event.status_notice = "Notice."
    open_event.save()
    with pytest.raises(RegistrationError, match=message):
        register(UserFactory(), open_event)
    assert not Registration.objects.exists()


def test_a_postponed_event_still_takes_registrations(open_event):
    open_event.status = EventStatus.POSTPONED
    open_event.status_notice = "A new date follows."
    open_event.save()
    assert register(UserFactory(), open_event).status == RegistrationStatus.CONFIRMED


def test_anonymous_cannot_register(open_event):
    with pytest.raises(RegistrationError, match="sign in"):
        register(None, open_event)


def members_event(calendar, visibility):
    return EventPageFactory(
        parent=calendar.index,
        title=f"Members meeting {visibility}",
        group=calendar.groups[visibility],
        audience=EventAudience.MEMBERS,
        registration_open=True,
    )


@pytest.mark.parametrize("visibility", [Visibility.CLOSED, Visibility.PRIVATE])
def test_members_only_events_refuse_outsiders_and_take_members(calendar, visibility):
    event = members_event(calendar, visibility)
    with pytest.raises(RegistrationError):
        register(calendar.people["outsider"], event)
    assert register(calendar.people["member"], event).status == RegistrationStatus.CONFIRMED
    assert register(calendar.people["secretariat"], event).status == RegistrationStatus.CONFIRMED


def test_events_of_a_private_group_refuse_outsiders_whatever_the_audience(calendar):
    event = EventPageFactory(
        parent=calendar.index, group=calendar.groups[Visibility.PRIVATE], registration_open=True
    )
    with pytest.raises(RegistrationError, match="not open to you"):
        register(calendar.people["outsider"], event)
    assert register(calendar.people["member"], event).status == RegistrationStatus.CONFIRMED


def test_required_questions_must_be_answered(open_event):
    RegistrationQuestion.objects.create(page=open_event, label="Which party do you represent?", required=True)
    with pytest.raises(RegistrationError, match="Which party"):
        register(UserFactory(), open_event, answers=[])
    assert not Registration.objects.exists()


def conference_with_session(calendar):
    conference = EventPageFactory(
        parent=calendar.index,
        title="Yearly forum",
        kind=EventKind.CONFERENCE,
        registration_open=True,
        capacity=10,
    )
    session = EventPageFactory(
        parent=conference,
        title="Forum session on smelters",
        kind=EventKind.SESSION,
        join_url="https://video.example.org/j/session",
        join_passcode="",
    )
    return conference, session


def test_registering_for_a_session_registers_for_its_conference(calendar):
    conference, session = conference_with_session(calendar)
    person = UserFactory()
    registration = register(person, session)
    assert registration.event_id == conference.pk
    assert is_registered(person, session) and is_registered(person, conference)
    assert registered_event_ids(person) == {conference.pk, session.pk}
    assert not is_registered(UserFactory(), session)
    assert registered_event_ids(None) == set()


def test_cancelling_is_refused_once_the_event_started(open_event):
    person = UserFactory()
    register(person, open_event)
    _running(open_event)
    open_event.save()
    with pytest.raises(RegistrationError, match="already started"):
        registration_cancel(user=person, event=open_event)
    assert statuses(open_event)[person.pk] == "confirmed"


def test_cancelling_without_a_registration_is_refused(open_event):
    with pytest.raises(RegistrationError, match="not registered"):
        registration_cancel(user=UserFactory(), event=open_event)


# --- over HTTP ---------------------------------------------------------------------------------------


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_anonymous_visitors_are_sent_to_sign_in_and_back(client, open_event):
    response = client.post(reverse("events:register", args=[open_event.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert f"next={open_event.url}" in response.url.replace("%2F", "/")
    assert not Registration.objects.exists()


def test_register_needs_post(client, open_event):
    client.force_login(UserFactory())
    assert client.get(reverse("events:register", args=[open_event.pk])).status_code == 405
    assert not Registration.objects.exists()


def test_register_checks_csrf(open_event):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(UserFactory())
    assert csrf_client.post(reverse("events:register", args=[open_event.pk])).status_code == 403
    assert not Registration.objects.exists()


def test_registering_over_http_redirects_back_with_a_message(client, open_event):
    person = UserFactory()
    client.force_login(person)
    response = client.post(reverse("events:register", args=[open_event.pk]), {"next": open_event.url})
    assert response.status_code == 302 and response.url == open_event.url
    assert "You are registered" in _messages(response)[0]
    again = client.post(reverse("events:register", args=[open_event.pk]))
    assert "already registered" in _messages(again)[-1]
    assert Registration.objects.filter(user=person).count() == 1


def test_an_unsafe_next_address_is_ignored(client, open_event):
    client.force_login(UserFactory())
    response = client.post(
        reverse("events:register", args=[open_event.pk]), {"next": "https://evil.example.com/"}
    )
    assert response.url == open_event.url


def test_a_refusal_over_http_is_a_message(client, open_event):
    open_event.registration_open = False
    open_event.save()
    client.force_login(UserFactory())
    response = client.post(reverse("events:register", args=[open_event.pk]))
    assert _messages(response) == ["Registration for this event is not open."]
    assert not Registration.objects.exists()


def test_a_form_error_keeps_what_was_typed(client, open_event):
    required = RegistrationQuestion.objects.create(page=open_event, label="Your party", required=True)
    optional = RegistrationQuestion.objects.create(page=open_event, label="Dietary needs", sort_order=1)
    client.force_login(UserFactory())
    url = reverse("events:register", args=[open_event.pk])
    response = client.post(url, {f"question_{optional.pk}": "No nuts, please"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "No nuts, please" in html
    assert 'aria-invalid="true"' in html and "This field is required." in html
    assert not Registration.objects.exists()
    response = client.post(url, {f"question_{required.pk}": "Tin Traders BV", f"question_{optional.pk}": ""})
    registration = Registration.objects.get()
    assert registration.answers == [{"question": "Your party", "answer": "Tin Traders BV"}]


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_members_only_actions_answer_404_to_outsiders(calendar, client_for, persona):
    event = members_event(calendar, Visibility.CLOSED)
    client = client_for(calendar.people[persona])
    assert client.get(event.url).status_code == 404
    for name in ("register", "cancel"):
        assert client.post(reverse(f"events:{name}", args=[event.pk])).status_code == 404
    assert not Registration.objects.exists()


def test_unpublished_events_answer_404(client, open_event):
    open_event.unpublish()
    client.force_login(UserFactory())
    assert client.post(reverse("events:register", args=[open_event.pk])).status_code == 404


def test_cancelling_over_http(client, open_event):
    person = UserFactory()
    register(person, open_event)
    client.force_login(person)
    response = client.post(
        reverse("events:cancel", args=[open_event.pk]), {"next": reverse("events:my_events")}
    )
    assert response.url == reverse("events:my_events")
    assert "cancelled" in _messages(response)[0]
    assert statuses(open_event)[person.pk] == "cancelled"


def test_a_group_member_registers_for_a_members_only_event_over_http(calendar, client_for):
    event = members_event(calendar, Visibility.PRIVATE)
    newcomer = UserFactory()
    add_member(calendar.groups[Visibility.PRIVATE], newcomer)
    client = client_for(newcomer)
    response = client.post(reverse("events:register", args=[event.pk]))
    assert response.status_code == 302
    assert statuses(event) == {newcomer.pk: "confirmed"}
