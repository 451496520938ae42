"""Reminders before the start (ROUNDTABLE_EVENTS_REMINDER_HOURS): sent once per registration and window,
only to confirmed people of scheduled events, from the management command and the task."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

import pytest

from events.choices import EventStatus
from events.models import Registration
from events.services.registrations import registration_create, registration_send_due_reminders
from events.tasks import send_due_event_reminders
from tests.factories.events import EventPageFactory
from tests.factories.users import UserFactory

JOIN_URL = "https://video.example.org/j/8123456"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def event_starting_in(calendar, hours: float, **fields):
    start = timezone.now() + datetime.timedelta(hours=hours)
    return EventPageFactory(
        parent=calendar.index,
        start=start,
        end=start + datetime.timedelta(hours=1),
        registration_open=True,
        **fields,
    )


def registered_days_ago(event, days: float = 7, person=None):
    registration = registration_create(user=person or UserFactory(), event=event)
    Registration.objects.filter(pk=registration.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=days)
    )
    return registration


def test_a_due_reminder_is_sent_once_with_the_join_details(calendar, mailoutbox, committed):
    event = event_starting_in(calendar, 20, title="Smelter webinar")
    registration = registered_days_ago(event)
    with committed():
        assert registration_send_due_reminders() == 1
    (message,) = mailoutbox
    assert message.to == [registration.user.email]
    assert message.subject == "[Roundtable] Reminder: Smelter webinar"
    assert JOIN_URL in message.body
    assert message.attachments and message.attachments[0][0] == "event.ics"
    registration.refresh_from_db()
    assert registration.reminded_at is not None
    with committed():
        assert registration_send_due_reminders() == 0
    assert len(mailoutbox) == 1


def test_nothing_is_due_before_the_window_or_after_the_start(calendar, mailoutbox, committed):
    registered_days_ago(event_starting_in(calendar, 30))
    started = EventPageFactory(
        parent=calendar.index,
        start=timezone.now() - datetime.timedelta(minutes=5),
        end=timezone.now() + datetime.timedelta(hours=1),
    )
    Registration.objects.create(
        event=started, user=UserFactory(), confirmed_at=timezone.now() - datetime.timedelta(days=3)
    )
    with committed():
        assert registration_send_due_reminders() == 0
    assert mailoutbox == []


def test_late_registrants_waitlisted_cancelled_and_cancelled_events_get_no_reminder(
    calendar, committed, mailoutbox
):
    late = event_starting_in(calendar, 20, capacity=1)
    registration_create(user=UserFactory(), event=late)  # confirmed inside the window: has the confirmation
    waiting = registration_create(user=UserFactory(), event=late)
    Registration.objects.filter(pk=waiting.pk).update(
        waitlisted_at=timezone.now() - datetime.timedelta(days=3)
    )
    cancelled_event = event_starting_in(calendar, 20)
    registered_days_ago(cancelled_event)
    cancelled_event.status = EventStatus.CANCELLED
    cancelled_event.status_notice = "Cancelled."
    cancelled_event.save()
    mailoutbox.clear()
    with committed():
        assert registration_send_due_reminders() == 0
    assert mailoutbox == []


def test_several_windows_send_one_reminder_each(calendar, settings, mailoutbox, committed):
    settings.ROUNDTABLE_EVENTS_REMINDER_HOURS = [48, 2]
    event = event_starting_in(calendar, 47)
    registered_days_ago(event)
    now = timezone.now()
    with committed():
        assert registration_send_due_reminders(now) == 1
        assert registration_send_due_reminders(now + datetime.timedelta(hours=1)) == 0
        assert registration_send_due_reminders(now + datetime.timedelta(hours=45, minutes=30)) == 1
        assert registration_send_due_reminders(now + datetime.timedelta(hours=46)) == 0
    assert len(mailoutbox) == 2


def test_the_management_command_and_the_task_send_due_reminders(calendar, mailoutbox, committed):
    registered_days_ago(event_starting_in(calendar, 10))
    out = io.StringIO()
    with committed():
        call_command("send_event_reminders", stdout=out)
    assert out.getvalue().strip() == "1 reminder(s) queued."
    registered_days_ago(event_starting_in(calendar, 12))
    with committed():
        assert send_due_event_reminders.call() == 1
    assert len(mailoutbox) == 2
