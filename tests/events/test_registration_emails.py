"""The registration e-mails: sent after commit as tasks, in the right cases, with an .ics attachment where it
belongs, and with the join details only in the registered person's own messages."""

from django.utils import translation

import pytest

from events.choices import EventStatus
from events.emails import send_registration_email
from events.models import Registration
from events.services.registrations import registration_cancel, registration_create
from tests.factories.events import EventPageFactory
from tests.factories.users import UserFactory
from working_groups.models import MemberProfile

JOIN_URL = "https://video.example.org/j/8123456"
PASSCODE = "tin-2030"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the e-mail tasks) of the block when it ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def event(calendar):
    return EventPageFactory(
        parent=calendar.index,
        title="Gender due diligence in practice",
        registration_open=True,
        capacity=1,
        venue="",
    )


def ics_of(message) -> str:
    (attachment,) = message.attachments
    name, content, mimetype = attachment
    assert name == "event.ics" and mimetype == "text/calendar"
    return content if isinstance(content, str) else content.decode()


def test_nothing_is_sent_before_commit(event, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration_create(user=UserFactory(), event=event)
    assert callbacks, "the confirmation waits for the commit"
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


def test_confirmation_carries_the_join_details_and_an_ics(event, mailoutbox, committed):
    person = UserFactory()
    with committed():
        registration_create(user=person, event=event)
    (message,) = mailoutbox
    assert message.to == [person.email]
    assert message.subject == "[Roundtable] You are registered: Gender due diligence in practice"
    assert JOIN_URL in message.body and PASSCODE in message.body
    assert "(Europe/Brussels)" in message.body
    ics = ics_of(message)
    assert "BEGIN:VCALENDAR" in ics and "BEGIN:VEVENT" in ics
    assert JOIN_URL in ics.replace("\r\n ", "")


def test_a_waitlist_notice_has_the_position_and_no_join_details(event, mailoutbox, committed):
    with committed():
        registration_create(user=UserFactory(), event=event)
        registration_create(user=UserFactory(), event=event)
    notice = mailoutbox[1]
    assert "waiting list, at position 1" in notice.body
    assert JOIN_URL not in notice.body and PASSCODE not in notice.body
    assert notice.attachments == []


def test_a_promotion_is_e_mailed_with_the_join_details(event, mailoutbox, committed):
    first, waiting = UserFactory(), UserFactory()
    registration_create(user=first, event=event)
    registration_create(user=waiting, event=event)
    with committed():
        registration_cancel(user=first, event=event)
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {first.email, waiting.email}
    cancelled, promoted = by_recipient[first.email], by_recipient[waiting.email]
    assert "has been cancelled" in cancelled.body and JOIN_URL not in cancelled.body
    assert cancelled.attachments == []
    assert promoted.subject.startswith("[Roundtable] A place came free")
    assert JOIN_URL in promoted.body and PASSCODE in promoted.body
    assert JOIN_URL in ics_of(promoted).replace("\r\n ", "")


def test_a_message_whose_reason_went_away_is_not_sent(event, mailoutbox):
    """E.g. a confirmation queued on the database backend for someone who cancelled before it ran."""
    person = UserFactory()
    registration = registration_create(user=person, event=event)
    registration_cancel(user=person, event=event)
    assert send_registration_email.call(registration.pk, "confirmed") is False
    assert send_registration_email.call(registration.pk, "waitlisted") is False
    assert mailoutbox == []
    assert send_registration_email.call(registration.pk, "cancelled") is True


def test_no_join_details_once_the_person_may_no_longer_see_the_event(calendar, mailoutbox):
    from events.choices import EventAudience
    from working_groups.choices import Visibility
    from working_groups.models import Membership

    group = calendar.groups[Visibility.PRIVATE]
    meeting = EventPageFactory(
        parent=calendar.index, group=group, audience=EventAudience.MEMBERS, registration_open=True
    )
    member = calendar.people["member"]
    registration = registration_create(user=member, event=meeting)
    Membership.objects.filter(group=group, user=member).delete()
    assert send_registration_email.call(registration.pk, "reminder") is False
    assert mailoutbox == []


def test_cancelling_the_event_tells_registered_people_once(event, mailoutbox, committed):
    confirmed, waiting, gone = UserFactory(), UserFactory(), UserFactory()
    event.capacity = 2
    event.save()
    registration_create(user=gone, event=event)
    registration_cancel(user=gone, event=event)
    registration_create(user=confirmed, event=event)
    registration_create(user=UserFactory(), event=event)
    registration_create(user=waiting, event=event)
    mailoutbox.clear()
    event.status = EventStatus.CANCELLED
    event.status_notice = "The speaker fell ill; a new date follows."
    with committed():
        event.save_revision().publish()
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert gone.email not in recipients
    assert confirmed.email in recipients and waiting.email in recipients and len(recipients) == 3
    notice = next(m for m in mailoutbox if m.to == [confirmed.email])
    assert notice.subject == "[Roundtable] Cancelled: Gender due diligence in practice"
    assert "The speaker fell ill" in notice.body
    assert JOIN_URL not in notice.body and PASSCODE not in notice.body
    assert "STATUS:CANCELLED" in ics_of(notice)
    assert JOIN_URL not in ics_of(notice).replace("\r\n ", "")
    # Publishing again (e.g. a typo fixed in the notice) tells nobody twice.
    mailoutbox.clear()
    event.status_notice = "The speaker fell ill. A new date follows soon."
    with committed():
        event.save_revision().publish()
    assert mailoutbox == []
    assert Registration.objects.filter(cancellation_notified_at__isnull=False).count() == 3


def test_a_cancelled_event_promotes_nobody(event, mailoutbox):
    first, waiting = UserFactory(), UserFactory()
    registration_create(user=first, event=event)
    registration_create(user=waiting, event=event)
    event.status = EventStatus.CANCELLED
    event.status_notice = "Cancelled."
    event.capacity = 5
    event.save_revision().publish()
    assert Registration.objects.get(user=waiting).status == "waitlisted"


def test_the_confirmation_is_in_the_registered_persons_language(event, mailoutbox, committed):
    """A Dutch member registering while the site speaks English gets a Dutch message (and vice versa)."""
    dutch, english = UserFactory(), UserFactory()
    MemberProfile.objects.filter(user=dutch).update(preferred_language="nl")
    MemberProfile.objects.filter(user=english).update(preferred_language="en")
    with translation.override("en"), committed():
        registration_create(user=dutch, event=event)
    with translation.override("nl"), committed():
        registration_create(user=english, event=event)
    by_recipient = {message.to[0]: message for message in mailoutbox}
    dutch_subject = by_recipient[dutch.email].subject
    assert dutch_subject == "[Roundtable] U bent aangemeld: Gender due diligence in practice"
    assert by_recipient[english.email].subject.startswith("[Roundtable] You are on the waiting list")
