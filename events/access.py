"""Who may do what with an event, built on the one access policy (working_groups.access).

- Seeing an event: EventPage.objects.visible_to(user) and the page's own serve(); everything here assumes
  the caller already answered 404 to anyone who may not see it (`visible_event_or_404`).
- Organising (attendee list, export, adding people, marking attendance): the secretariat, or a chair of the
  event's working group.
- Registering: signed in, the event open for registration, not cancelled or over, before the deadline, and
  for members-only events someone who may read the group's content. Invitation-only events take no
  self-registration: organisers add people.

A session of a conference has no registration of its own: people register for the conference. A
translation has none either: people register for the original event (registration_target).

- Join details: `join_details()` is the one rule for an event's join link and passcode (a session without a
  link of its own takes its conference's); `effective_join_details()` looks the conference up when the rule
  needs it. Neither decides who may see them: that stays with the readers (a confirmed place, see
  events.registrations.is_registered), never a public page or feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.i18n.translations import default_locale_id
from events.choices import EventAudience, EventKind, EventStatus
from events.models import EventPage
from working_groups import access


def invitation_only_message() -> str:
    return _("This event is by invitation only: the organisers add participants.")


def registration_page(event: EventPage) -> EventPage:
    """The page people register on, in the event's own language: a session's conference, any other event
    itself. What the visitor reads (titles, questions); the registrations themselves are
    registration_target()'s.

    Looked up once per instance (the event page, its calendar links and its join details all ask)."""
    if event.kind != EventKind.SESSION:
        return event
    cached = getattr(event, "_registration_page", None)
    if cached is None:
        parent = EventPage.objects.parent_of(event).filter(kind=EventKind.CONFERENCE).first()
        cached = event._registration_page = parent or event
    return cached


def original_event(event: EventPage) -> EventPage:
    """The event in the site's default language that `event` translates, or `event` itself (an original, or a
    page with no original in the default language). One event, two languages: registrations, capacity and
    the waiting list belong to the original. One query per translation instance, none for a page that is
    an original (the default language's, cms.i18n.translations.default_locale_id)."""
    cached = getattr(event, "_original_event", None)
    if cached is None:
        if event.pk is None or event.locale_id == default_locale_id():
            return event
        original = (
            EventPage.objects.filter(
                translation_key=event.translation_key, locale__language_code=settings.LANGUAGE_CODE
            )
            .select_related("group")
            .first()
        )
        cached = event._original_event = original or event
        cached._original_event = cached
    return cached


def registration_target(event: EventPage) -> EventPage:
    """The event whose registrations count for `event`: a session's conference, any other event itself — in
    the default language, so a registration made on a translation is a registration for the original (its
    capacity, its waiting list, its attendee list, the live room). Every read and write of registrations
    goes through this.

    Looked up once per instance."""
    cached = getattr(event, "_registration_target", None)
    if cached is None:
        cached = event._registration_target = original_event(registration_page(event))
    return cached


@dataclass(frozen=True)
class JoinDetails:
    """How to join an online event: the link and its passcode (if any). False when there is no link.
    `discussion_url`: the absolute address of the session's live discussion (events.live_links), written
    beside the join details in a registered person's own copies even when there is no link."""

    url: str = ""
    passcode: str = ""
    discussion_url: str = ""

    def __bool__(self) -> bool:
        return bool(self.url)


NO_JOIN_DETAILS = JoinDetails()


def join_details(event: EventPage, conference: EventPage | None = None) -> JoinDetails:
    """The join details of an online or hybrid event: its own link and passcode, or — for a session without
    a link of its own — its online conference's (organisers often run every session in one meeting room).
    Link and passcode always come from the same page. An in-person or cancelled event has none.

    `conference` is the page above a session, already at hand (no query here); anything else is ignored.
    This says nothing about who may see them: only someone holding a confirmed place does.
    """
    if not event.is_online or event.is_cancelled:
        return NO_JOIN_DETAILS
    if event.join_url:
        return JoinDetails(event.join_url, event.join_passcode)
    if (
        event.is_session
        and conference is not None
        and conference.pk != event.pk
        and conference.kind == EventKind.CONFERENCE
        and conference.is_online
        and not conference.is_cancelled
        and conference.join_url
    ):
        return JoinDetails(conference.join_url, conference.join_passcode)
    return NO_JOIN_DETAILS


def effective_join_details(event: EventPage) -> JoinDetails:
    """join_details() with the session's conference looked up when the rule needs it (one query, only for
    an online session without a link of its own, and none if registration_page() already found it)."""
    if event.is_session and event.is_online and not event.join_url:
        return join_details(event, registration_page(event))
    return join_details(event)


def visible_event_or_404(request, event_id: int) -> EventPage:
    """A live event the visitor may see (group and audience rules, and the page's view restrictions), or 404.

    For the registration and organiser addresses, which Wagtail does not serve itself.
    """
    session = getattr(request, "session", None)
    event = (
        EventPage.objects.seen_by(request.user, session).filter(pk=event_id).select_related("group").first()
    )
    if event is None:
        raise Http404
    return event


def can_organise(user, event: EventPage) -> bool:
    """The secretariat, or a chair of the event's working group."""
    if user is None or not user.is_authenticated:
        return False
    if access.is_secretariat(user):
        return True
    return event.group_id is not None and access.can_manage_group(user, event.group)


def registration_closed_reason(event: EventPage, now: datetime | None = None) -> str:
    """Why nobody can register for the event right now, or "" when registration is open.

    A postponed event keeps taking registrations (people hear the new date); a cancelled one does not.
    """
    now = now or timezone.now()
    if event.status == EventStatus.CANCELLED:
        return _("This event has been cancelled.")
    if event.end <= now:
        return _("This event has already taken place.")
    if event.start <= now:
        return _("This event has already started: registration is closed.")
    if not event.registration_open:
        return _("Registration for this event is not open.")
    if event.registration_deadline and event.registration_deadline <= now:
        return _("The registration deadline has passed.")
    return ""


def _belongs_to_group(user, event: EventPage) -> bool:
    grant = access.group_access(user, event.group)
    return grant.is_member or grant.secretariat


def may_register(user, event: EventPage, now: datetime | None = None) -> tuple[bool, str]:
    """May this user register themself for `event` (the registration target)? (allowed, reason if not)."""
    if user is None or not user.is_authenticated:
        return False, _("Please sign in to register.")
    reason = registration_closed_reason(event, now)
    if reason:
        return False, reason
    if event.group_id and not access.can_see_group(user, event.group):
        return False, _("This event is not open to you.")
    if event.audience == EventAudience.INVITATION:
        return False, invitation_only_message()
    if event.audience == EventAudience.MEMBERS and not (event.group_id and _belongs_to_group(user, event)):
        return False, _("This event is for members of the working group only.")
    return True, ""


def may_cancel(event: EventPage, now: datetime | None = None) -> tuple[bool, str]:
    """People may cancel (or leave the waiting list) until the event starts."""
    now = now or timezone.now()
    if event.start <= now:
        return False, _("This event has already started: your registration can no longer be cancelled.")
    return True, ""
