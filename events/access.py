"""Who may do what with an event, built on the one access policy (working_groups.access).

- Seeing an event: EventPage.objects.visible_to(user) and the page's own serve(); everything here assumes
  the caller already answered 404 to anyone who may not see it (`visible_event_or_404`).
- Organising (attendee list, export, adding people, marking attendance): the secretariat, or a chair of the
  event's working group.
- Registering: signed in, the event open for registration, not cancelled or over, before the deadline, and
  for members-only events someone who may read the group's content. Invitation-only events take no
  self-registration: organisers add people.

A session of a conference has no registration of its own: people register for the conference.
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from events.choices import EventAudience, EventKind, EventStatus
from events.models import EventPage, EventPageQuerySet
from working_groups import access


def invitation_only_message() -> str:
    return _("This event is by invitation only: the organisers add participants.")


def registration_target(event: EventPage) -> EventPage:
    """The event people register for: a session's conference, any other event itself."""
    if event.kind != EventKind.SESSION:
        return event
    parent = EventPage.objects.parent_of(event).filter(kind=EventKind.CONFERENCE).first()
    return parent or event


def visible_event_or_404(request, event_id: int) -> EventPage:
    """A live event the visitor may see (group and audience rules, and the page's view restrictions), or 404.

    For the registration and organiser addresses, which Wagtail does not serve itself.
    """
    event = (
        EventPage.objects.live()
        .filter(EventPageQuerySet.audience_q(request.user), pk=event_id)
        .select_related("group")
        .first()
    )
    if event is None:
        raise Http404
    for restriction in event.get_view_restrictions():
        if not restriction.accept_request(request):
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
