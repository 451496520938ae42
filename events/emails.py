"""E-mails about registrations, sent as django-tasks tasks after the transaction commits.

Tasks take the registration's id and the kind of message, and read the registration when they run: a
message whose reason went away meanwhile (a confirmation for a place given up, a waitlist notice after a
promotion) is not sent. The join link and passcode go only into the registered person's own messages
(confirmation, promotion, reminder) and only while they still hold a confirmed place at an event they may
see; never into a waiting-list notice, a cancellation or anything addressed to someone else.
"""

from __future__ import annotations

from dataclasses import replace

from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from django_tasks import task

from cms.emails import absolute_url, page_in_language, recipient_language, render_mail
from events.choices import EventStatus, RegistrationStatus
from events.live_links import discussion_urls

#: kind -> the registration status the message needs when it is sent (None: any).
KINDS = {
    "confirmed": RegistrationStatus.CONFIRMED,
    "promoted": RegistrationStatus.CONFIRMED,
    "reminder": RegistrationStatus.CONFIRMED,
    "waitlisted": RegistrationStatus.WAITLISTED,
    "cancelled": RegistrationStatus.CANCELLED,
    "event_cancelled": None,
}
#: Messages to the registered person themself that carry the join details and the event's .ics.
WITH_JOIN_DETAILS = {"confirmed", "promoted", "reminder"}


def registration_email_on_commit(registration_id: int, kind: str) -> None:
    """Queue the message once the surrounding transaction commits, so nobody hears of a rolled-back change."""
    if kind not in KINDS:
        raise ValueError(f"Unknown registration e-mail {kind!r}")
    transaction.on_commit(lambda: send_registration_email.enqueue(registration_id, kind))


def _display_name(user) -> str:
    profile = getattr(user, "profile", None)
    return (profile and profile.display_name) or user.get_full_name() or user.email


def _when(event) -> str:
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        text = f"{date_format(start, 'DATETIME_FORMAT')} \N{EN DASH} {date_format(end, 'TIME_FORMAT')}"
    else:
        text = f"{date_format(start, 'DATETIME_FORMAT')} \N{EN DASH} {date_format(end, 'DATETIME_FORMAT')}"
    return f"{text} ({event.time_zone})"


def _may_still_see(registration) -> bool:
    from events.models import EventPage

    return EventPage.objects.seen_by(registration.user).filter(pk=registration.event_id).exists()


def _should_send(registration, kind: str) -> bool:
    needed = KINDS[kind]
    if needed is not None and registration.status != needed:
        return False
    if kind == "event_cancelled":
        return registration.event.status == EventStatus.CANCELLED
    if kind in WITH_JOIN_DETAILS:
        return registration.event.status != EventStatus.CANCELLED and _may_still_see(registration)
    return True


def _waitlist_position(registration) -> int:
    from events.registrations import waitlist_position

    return waitlist_position(registration)


def build_registration_email(registration, kind: str) -> EmailMessage:
    """The message for one registration (rendered in the person's preferred language)."""
    from events.access import effective_join_details

    event, user = registration.event, registration.user
    with_join = kind in WITH_JOIN_DETAILS
    join = effective_join_details(event) if with_join else None
    if join is not None:
        discussion = discussion_urls([event]).get(event.pk, "")
        if discussion:
            join = replace(join, discussion_url=absolute_url(discussion))
    language = recipient_language(user)
    with translation.override(language):
        shown = page_in_language(event, language)  # the Dutch page for a Dutch reader, when there is one
        context = {
            "name": _display_name(user),
            "event_title": shown.title,
            "event_url": absolute_url(shown.get_url() or ""),
            "when": _when(event),
            "venue": event.venue if event.is_in_person else "",
            "room": event.room,
            "online": event.is_online,
            "join_url": join.url if join else "",
            "join_passcode": join.passcode if join else "",
            "discussion_url": join.discussion_url if join is not None else "",
            "status_notice": event.status_notice,
            "waitlist_position": _waitlist_position(registration) if kind == "waitlisted" else None,
            "my_events_url": absolute_url(reverse("events:my_events")),
        }
        message = render_mail(f"events/email/{kind}", context, to=[user.email])
    if with_join or kind == "event_cancelled":
        from events.ical import event_ics

        message.attach("event.ics", event_ics(event, join_details=join), "text/calendar")
    return message


@task()
def send_registration_email(registration_id: int, kind: str) -> bool:
    """Send one registration message, if its reason still holds. Returns whether it was sent."""
    from events.models import Registration

    registration = (
        Registration.objects.select_related("user__profile", "event__group")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not _should_send(registration, kind):
        return False
    build_registration_email(registration, kind).send()
    return True
