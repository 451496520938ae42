"""Writes to registrations: register, cancel, promote from the waiting list, organisers adding people and
marking attendance, reminders, and telling people when the secretariat cancels an event.

A translated event is one event in two languages: every service works on events.access.registration_target
(the original in the default language), whichever translation it is given.

Every change to who holds a place runs inside one transaction that first locks the event's row
(`SELECT … FOR UPDATE OF events_eventpage`), so two people taking the last place at the same moment are
served one after the other and exactly one gets it. Each service validates first (raising RegistrationError
with a message for the person, changing nothing), then writes, then queues its e-mails on commit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.db import OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms import ratelimits
from events import access as event_access
from events import app_settings
from events.choices import EventStatus, RegistrationStatus
from events.emails import registration_email_on_commit
from events.models import EventPage, Registration

User = get_user_model()
T = TypeVar("T")

# SQLite refuses a second writer instead of queueing it: try the transaction again, for up to ~10 s.
SQLITE_RETRIES = 200
SQLITE_RETRY_PAUSE = 0.05


class RegistrationError(Exception):
    """A registration action was refused; `str(error)` is a clear, translated message for the person."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(RegistrationError):
    """The actor may not do this (e.g. someone who is not an organiser adding people)."""


class RateLimited(RegistrationError):
    """Too many registrations in a short time (cms.ratelimits, scope "event_registration")."""

    def __init__(self, message, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _check_rate(user) -> None:
    if user is None or not user.is_authenticated:
        return  # event_access.may_register refuses anonymous visitors with its own message
    try:
        ratelimits.hit("event_registration", user=user)
    except ratelimits.RateLimitExceeded as error:
        raise RateLimited(error.message, error.retry_after) from error


def _lock_event(event: EventPage) -> EventPage:
    """The event's row, locked until the transaction ends, with its current values."""
    return (
        EventPage.objects.select_for_update(of=("self",))
        .defer_streamfields()
        .select_related("group")
        .get(pk=event.pk)
    )


def _with_event_locked(event: EventPage, work: Callable[[EventPage], T]) -> T:
    """Run `work(locked_event)` in one transaction that holds the event's row lock.

    PostgreSQL queues the second of two concurrent transactions at the lock. SQLite has no row locks: it
    refuses the second writer ("database is locked") instead, so there the whole transaction is tried
    again after a short pause — unless it runs inside an outer transaction, which must fail as a whole.
    """
    retries = SQLITE_RETRIES if connection.vendor == "sqlite" and not connection.in_atomic_block else 0
    attempt = 0
    while True:
        try:
            with transaction.atomic():
                return work(_lock_event(event))
        except OperationalError as error:
            if attempt >= retries or "locked" not in str(error):
                raise
            attempt += 1
            time.sleep(SQLITE_RETRY_PAUSE)


def _confirmed_count(event: EventPage) -> int:
    return Registration.objects.filter(event=event).confirmed().count()


def _place_status(event: EventPage) -> str:
    """Confirmed while there is room; the waiting list once the event is full. Call with the event locked."""
    if event.capacity is None or _confirmed_count(event) < event.capacity:
        return RegistrationStatus.CONFIRMED
    return RegistrationStatus.WAITLISTED


def _check_required_answers(event: EventPage, answers: list[dict]) -> None:
    given = {item["question"] for item in answers if str(item.get("answer", "")).strip()}
    missing = [question.label for question in event.registration_questions.all() if question.required]
    missing = [label for label in missing if label not in given]
    if missing:
        raise RegistrationError(_("Please answer: %(questions)s.") % {"questions": ", ".join(missing)})


def _hold_place(event: EventPage, user, answers: list[dict], now: datetime) -> Registration:
    """Give `user` a place (or a spot on the waiting list) at the locked `event`, reusing a cancelled row."""
    status = _place_status(event)
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is None:
        registration = Registration(event=event, user=user)
    registration.status = status
    registration.answers = answers
    registration.cancelled_at = None
    registration.reminded_at = None
    registration.cancellation_notified_at = None
    registration.attended = None
    registration.confirmed_at = now if status == RegistrationStatus.CONFIRMED else None
    registration.waitlisted_at = now if status == RegistrationStatus.WAITLISTED else None
    registration.save()
    kind = "confirmed" if status == RegistrationStatus.CONFIRMED else "waitlisted"
    registration_email_on_commit(registration.pk, kind)
    return registration


def _already_registered(registration: Registration | None) -> str:
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return ""
    if registration.status == RegistrationStatus.WAITLISTED:
        return _("You are already on the waiting list for this event.")
    return _("You are already registered for this event.")


def registration_create(
    *, user, event: EventPage, answers: list[dict] | None = None, now: datetime | None = None
) -> Registration:
    """Register `user` for `event` (a session's conference when given a session).

    Confirmed while places are left, otherwise on the waiting list. `answers` is a list of
    {"question": label, "answer": text}; required questions must be answered.
    """
    now = now or timezone.now()
    answers = answers or []
    _check_rate(user)

    def register(event: EventPage) -> Registration:
        allowed, reason = event_access.may_register(user, event, now)
        if not allowed:
            raise NotAllowed(reason)
        duplicate = _already_registered(Registration.objects.filter(event=event, user=user).first())
        if duplicate:
            raise RegistrationError(duplicate)
        _check_required_answers(event, answers)
        # A place freed by a capacity change goes to the waiting list first, not to the newcomer.
        _promote(event, now)
        return _hold_place(event, user, answers, now)

    return _with_event_locked(event_access.registration_target(event), register)


def registration_cancel(*, user, event: EventPage, now: datetime | None = None) -> Registration:
    """Cancel the user's own registration (or leave the waiting list); the first person waiting moves up."""
    now = now or timezone.now()

    def cancel(event: EventPage) -> Registration:
        registration = (
            Registration.objects.filter(event=event, user_id=getattr(user, "pk", None)).active().first()
        )
        if registration is None:
            raise RegistrationError(_("You are not registered for this event."))
        allowed, reason = event_access.may_cancel(event, now)
        if not allowed:
            raise NotAllowed(reason)
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        registration_email_on_commit(registration.pk, "cancelled")
        _promote(event, now)
        return registration

    return _with_event_locked(event_access.registration_target(event), cancel)


def _promote(event: EventPage, now: datetime) -> list[Registration]:
    """Move people from the waiting list into free places, first come first served. Event locked."""
    if event.status == EventStatus.CANCELLED or event.start <= now:
        return []
    waiting = Registration.objects.filter(event=event).waitlisted().select_related("user")
    if event.capacity is not None:
        free = event.capacity - _confirmed_count(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at", "updated_at"])
        registration_email_on_commit(registration.pk, "promoted")
    return promoted


def registration_promote_from_waitlist(event: EventPage, now: datetime | None = None) -> list[Registration]:
    """Fill the places that are free (after the capacity grew) from the waiting list, in order."""
    now = now or timezone.now()
    return _with_event_locked(event_access.original_event(event), lambda locked: _promote(locked, now))


def _require_organiser(actor, event: EventPage) -> None:
    if not event_access.can_organise(actor, event):
        raise NotAllowed(_("Only the organisers of this event can do this."))


def registration_add(*, actor, event: EventPage, email: str, now: datetime | None = None) -> Registration:
    """An organiser adds a person with an account (by e-mail address), e.g. to an invitation-only event.

    Registration need not be open, but the event must not be cancelled or over; the capacity still holds (a
    full event puts the person on the waiting list).
    """
    now = now or timezone.now()
    event = event_access.registration_target(event)
    _require_organiser(actor, event)
    email = (email or "").strip()
    person = User.objects.filter(email__iexact=email, is_active=True).first() if email else None
    if person is None:
        raise RegistrationError(
            _("No account uses the address %(email)s: ask the person to sign up first.") % {"email": email}
        )
    if not EventPage.objects.seen_by(person).filter(pk=event.pk).exists():
        raise RegistrationError(_("This person may not see this event (it is for the group's members)."))

    def add(event: EventPage) -> Registration:
        if event.status == EventStatus.CANCELLED:
            raise RegistrationError(_("This event has been cancelled."))
        if event.start <= now:
            raise RegistrationError(_("This event has already started."))
        existing = Registration.objects.filter(event=event, user=person).first()
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            raise RegistrationError(_("This person is already registered or on the waiting list."))
        _promote(event, now)
        return _hold_place(event, person, [], now)

    return _with_event_locked(event, add)


def registration_mark_attended(
    *, actor, registration: Registration, attended: bool | None, now: datetime | None = None
) -> Registration:
    """An organiser records whether a registered person came (None: not recorded)."""
    now = now or timezone.now()
    _require_organiser(actor, registration.event)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationError(_("Only registered people can be marked as attended."))
    if registration.event.start > now:
        raise RegistrationError(_("Attendance can be recorded once the event has started."))
    registration.attended = attended
    registration.save(update_fields=["attended", "updated_at"])
    return registration


def _due_reminders_q(now: datetime) -> Q:
    """Confirmed registrations of live, scheduled events starting within a reminder window, not yet reminded
    in that window, and confirmed before the window opened (a late registrant has the confirmation)."""
    windows = Q(pk__in=[])
    for hours in app_settings.reminder_hours():
        window = timedelta(hours=hours)
        opens = F("event__start") - window
        windows |= Q(event__start__lte=now + window, confirmed_at__lt=opens) & (
            Q(reminded_at__isnull=True) | Q(reminded_at__lt=opens)
        )
    return (
        Q(status=RegistrationStatus.CONFIRMED, event__start__gt=now, event__live=True)
        & ~Q(event__status=EventStatus.CANCELLED)
        & windows
    )


def registration_send_due_reminders(now: datetime | None = None) -> int:
    """Send every reminder that is due, once per registration and window; returns how many were sent.

    Each registration is claimed with a conditional UPDATE (reminded_at), so two runs at the same time never
    send the same reminder twice.
    """
    now = now or timezone.now()
    due = Registration.objects.filter(_due_reminders_q(now)).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = Registration.objects.filter(_due_reminders_q(now), pk=pk).update(reminded_at=now) == 1
            if claimed:
                registration_email_on_commit(pk, "reminder")
                sent += 1
    return sent


def event_published(event: EventPage, now: datetime | None = None) -> None:
    """After the secretariat publishes an event: tell registered people once when it has been cancelled;
    otherwise fill places a larger capacity freed from the waiting list."""
    now = now or timezone.now()

    def follow(event: EventPage) -> None:
        registrations = Registration.objects.filter(event=event)
        if event.status == EventStatus.CANCELLED:
            to_tell = list(
                registrations.active()
                .filter(cancellation_notified_at__isnull=True)
                .values_list("pk", flat=True)
            )
            registrations.filter(pk__in=to_tell).update(cancellation_notified_at=now)
            for pk in to_tell:
                registration_email_on_commit(pk, "event_cancelled")
            return
        # Back on the calendar: a later cancellation is news again.
        registrations.filter(cancellation_notified_at__isnull=False).update(cancellation_notified_at=None)
        _promote(event, now)

    # A translation's registrations are its original's: publishing either looks after the same people.
    _with_event_locked(event_access.original_event(event), follow)
