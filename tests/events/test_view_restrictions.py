"""Adversary: an event page under a Wagtail view restriction is revealed to nobody the restriction keeps out,
through any way in: the page's registration address, the registration e-mails with the join details, the
organisers' "add attendee", and the live room's facts. All ask the one rule, EventPage.objects.seen_by."""

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

import pytest

from events.emails import send_registration_email
from events.models import EventPage, Registration
from events.services.registrations import RegistrationError, registration_add
from tests.factories.events import EventPageFactory
from tests.factories.users import UserFactory


@pytest.fixture
def board(db):
    return Group.objects.create(name="Board")


@pytest.fixture
def restricted_event(calendar, board):
    event = EventPageFactory(
        parent=calendar.index, title="Board retreat", registration_open=True, join_url="https://v.example/j/1"
    )
    restriction = PageViewRestriction.objects.create(page=event, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(board)
    return event


def test_seen_by_keeps_out_whoever_the_restriction_keeps_out(restricted_event, board, calendar):
    outsider, insider = UserFactory(), UserFactory()
    insider.groups.add(board)

    def seen(user) -> bool:
        return EventPage.objects.seen_by(user).filter(pk=restricted_event.pk).exists()

    assert not seen(None)
    assert not seen(outsider)
    assert seen(insider)
    assert not seen(calendar.people["secretariat"])  # the Secretariat group is not the board
    assert seen(UserFactory(is_superuser=True))


def test_a_password_restriction_is_passed_only_by_the_session_that_entered_it(calendar):
    event = EventPageFactory(parent=calendar.index, title="Closed-door briefing")
    restriction = PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.PASSWORD, password="tin"
    )
    person = UserFactory()
    assert not EventPage.objects.seen_by(person).filter(pk=event.pk).exists()
    session = {PageViewRestriction.passed_view_restrictions_session_key: [restriction.pk]}
    assert EventPage.objects.seen_by(person, session).filter(pk=event.pk).exists()


def test_the_registration_address_answers_404(restricted_event, client):
    outsider = UserFactory()
    client.force_login(outsider)
    response = client.post(f"/events/{restricted_event.pk}/register/")
    assert response.status_code == 404
    assert not Registration.objects.filter(event=restricted_event).exists()


def test_the_join_details_e_mail_is_not_sent_to_someone_the_restriction_keeps_out(
    restricted_event, mailoutbox
):
    outsider = UserFactory()
    registration = Registration.objects.create(event=restricted_event, user=outsider, status="confirmed")
    assert send_registration_email.call(registration.pk, "confirmed") is False
    assert mailoutbox == []


def test_organisers_cannot_add_someone_the_restriction_keeps_out(restricted_event, calendar):
    with pytest.raises(RegistrationError):
        registration_add(
            actor=calendar.people["secretariat"], event=restricted_event, email=UserFactory().email
        )


def test_the_live_room_does_not_count_the_event_as_visible(db, board):
    from forums.live.access import person_facts
    from tests.forums.live.conftest import make_session

    session = make_session()
    member = session.people["member"]
    assert person_facts(member, session.room).event_visible
    restriction = PageViewRestriction.objects.create(
        page=session.event, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(board)
    assert not person_facts(member, session.room).event_visible
    member.groups.add(board)
    assert person_facts(member, session.room).event_visible
