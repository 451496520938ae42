"""Who may enter, post in and moderate a live room, built on the forums' and the events' access rules.

- Entering a room (a session's thread with a LiveRoom): signed in, able to read the thread (forums.access),
  able to see the session (its group and audience rules, live page), not removed from the room, and, when the
  session (or its conference) takes registrations or is by invitation, registered, organising, speaking or
  moderating. The same person may still read the thread afterwards on the thread page.
- Posting (chat and questions): entering, the room open (between its opening and closing time), and the
  forum's posting rule (forums.access.thread_posting_refusal).
- Moderating (answered, highlight, hide, slow mode, remove someone): the forum's moderators (the secretariat,
  the group's chairs), the event's organisers, and the session's speakers and moderators.

Every function reads fresh facts from the database: consumers call them at connect and on every message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from events import access as event_access
from events.choices import EventAudience
from events.models import EventPage, EventPageQuerySet, EventSpeaker
from forums import access as forum_access
from forums.models import LiveRoom, RoomRemoval, Thread


@dataclass(frozen=True)
class RoomState:
    """Where a room is in its life: before it opens, open, or read-only after the session."""

    opens_at: datetime
    closes_at: datetime
    now: datetime

    @property
    def is_open(self) -> bool:
        return self.opens_at <= self.now < self.closes_at

    @property
    def not_yet_open(self) -> bool:
        return self.now < self.opens_at

    @property
    def read_only(self) -> bool:
        return self.now >= self.closes_at


@dataclass(frozen=True)
class RoomAccess:
    """What one person may do in one room; `refusal` says why they may not enter (empty when they may)."""

    enter: bool
    post: bool
    moderate: bool
    refusal: str = ""
    posting_refusal: str = ""


def room_state(room: LiveRoom, event: EventPage, now: datetime | None = None) -> RoomState:
    return RoomState(room.opens_at(event), room.closes_at(event), now or timezone.now())


def is_session_host(user, event: EventPage) -> bool:
    """A speaker or moderator of the session, through their linked account."""
    if user is None or not user.is_authenticated:
        return False
    return EventSpeaker.objects.filter(page=event, speaker__user_id=user.pk).exists()


def can_moderate_room(user, thread: Thread, event: EventPage) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return (
        forum_access.can_moderate_thread(user, thread)
        or event_access.can_organise(user, event)
        or is_session_host(user, event)
    )


def _event_visible(user, event: EventPage) -> bool:
    return EventPage.objects.live().filter(EventPageQuerySet.audience_q(user), pk=event.pk).exists()


def _needs_registration(event: EventPage) -> bool:
    target = event_access.registration_target(event)
    return target.registration_open or target.audience == EventAudience.INVITATION


def _registered(user, event: EventPage) -> bool:
    from events.registrations import is_registered

    return is_registered(user, event)


def room_access(user, room: LiveRoom, now: datetime | None = None) -> RoomAccess:
    """The person's access to the room; `room.thread.forum` and `room.thread.event` are read as loaded."""
    thread = room.thread
    event = thread.event
    if user is None or not user.is_authenticated or not user.is_active:
        return RoomAccess(False, False, False, _("Please sign in to enter the live room."))
    if (
        event is None
        or not forum_access.forum_access(user, thread.forum).read
        or not _event_visible(user, event)
    ):
        return RoomAccess(False, False, False, _("You cannot enter this live room."))
    moderate = can_moderate_room(user, thread, event)
    if not moderate:
        if RoomRemoval.objects.filter(room=room, user_id=user.pk).exists():
            return RoomAccess(False, False, False, _("A moderator has removed you from this live room."))
        if _needs_registration(event) and not _registered(user, event):
            return RoomAccess(
                False, False, False, _("The live room is for people registered for this session.")
            )
    state = room_state(room, event, now)
    posting_refusal = forum_access.thread_posting_refusal(user, thread) or ""
    if not posting_refusal and state.not_yet_open:
        posting_refusal = _("The live room opens at %(time)s.") % {
            "time": timezone.localtime(state.opens_at).strftime("%H:%M")
        }
    elif not posting_refusal and state.read_only:
        posting_refusal = _(
            "The session is over: the live room is read-only. You can still reply in the thread."
        )
    return RoomAccess(True, not posting_refusal, moderate, "", posting_refusal)


def room_of(thread: Thread) -> LiveRoom | None:
    """The thread's live room, if it has one and belongs to a session."""
    if thread.event_id is None:
        return None
    room = LiveRoom.objects.filter(thread=thread).first()
    if room is not None:
        room.thread = thread
    return room
