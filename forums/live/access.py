"""Who may enter, post in and moderate a live room, built on the forums' and the events' access rules.

- Entering a room (a session's thread with a LiveRoom): signed in, able to read the thread (forums.access),
  able to see the session (its group and audience rules, live page), not removed from the room, and, when the
  session (or its conference) takes registrations or is by invitation, registered, organising, speaking or
  moderating. The same person may still read the thread afterwards on the thread page.
- Posting (chat and questions): entering, the room open (between its opening and closing time), and the
  forum's posting rule (forums.access.thread_posting_refusal).
- Moderating (answered, highlight, hide, slow mode, remove someone): the forum's moderators (the secretariat,
  the group's chairs), the event's organisers, and the session's speakers and moderators.

Every function reads fresh facts from the database: consumers call them at connect and on every recheck
(forums.live.access_watch), and the live services on every write.
What people are to one session (may see it, speak at it, were removed from its room, hold a place) is read for
many at once (`people_facts`): a crowd joining together costs the queries of one person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Value
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
class PersonFacts:
    """What the database says of one person and one session's room right now. `registered`: whether they
    hold a confirmed place (None: not read, asked when the room needs it)."""

    event_visible: bool
    session_host: bool
    removed: bool
    registered: bool | None = None


def people_facts(users, room: LiveRoom, restrictions: list | None = None) -> dict[int, PersonFacts]:
    """The facts of many signed-in people for one room, by account id: whether each may see the session
    (`EventPage.is_seen_by`, from roles and secretariat status read for all of them at once), speaks at it or
    was removed from its room (one query for everyone), and, when the room is for registered people, whether
    they are (one more). `room.thread.event` is read as loaded; `restrictions`: the site's view restrictions,
    read once (else read here)."""
    from events.models import Registration
    from working_groups.access import prime_people

    people = [user for user in users if user is not None and user.is_authenticated]
    if not people:
        return {}
    event = room.thread.event
    ids = {user.pk for user in people}
    if len(people) > 1:
        prime_people(people)  # one person's are read as their rules ask (two small queries)
    if restrictions is None:
        restrictions = EventPageQuerySet.view_restrictions()
    hosts = EventSpeaker.objects.filter(page_id=event.pk, speaker__user_id__in=ids).values_list(
        "speaker__user_id", Value(True)
    )
    removals = RoomRemoval.objects.filter(room_id=room.pk, user_id__in=ids)
    removals = removals.values_list("user_id", Value(False))
    host_ids, removed_ids = set(), set()
    for user_id, is_host in hosts.order_by().union(removals.order_by(), all=True):
        (host_ids if is_host else removed_ids).add(user_id)
    registered_ids = None
    if _needs_registration(event):
        target = event_access.registration_target(event)
        confirmed = Registration.objects.filter(event=target, user_id__in=ids).confirmed()
        registered_ids = set(confirmed.values_list("user_id", flat=True))
    return {
        user.pk: PersonFacts(
            event_visible=event.is_seen_by(user, restrictions=restrictions),
            session_host=user.pk in host_ids,
            removed=user.pk in removed_ids,
            registered=None if registered_ids is None else user.pk in registered_ids,
        )
        for user in people
    }


def person_facts(user, room: LiveRoom) -> PersonFacts:
    """The person's facts for the room's session (`people_facts` of one)."""
    return people_facts([user], room).get(user.pk, PersonFacts(False, False, False, False))


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


def can_moderate_room(
    user,
    thread: Thread,
    event: EventPage,
    session_host: bool | None = None,
    decided: forum_access.ForumAccess | None = None,
) -> bool:
    """`session_host`: is_session_host() when the caller has already read it (PersonFacts); `decided`: the
    person's access to the thread's forum, when the caller has decided it already."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return (
        (decided.moderate if decided is not None else forum_access.can_moderate_thread(user, thread))
        or event_access.can_organise(user, event)
        or (is_session_host(user, event) if session_host is None else session_host)
    )


def _needs_registration(event: EventPage) -> bool:
    target = event_access.registration_target(event)
    return target.registration_open or target.audience == EventAudience.INVITATION


def _registered(user, event: EventPage) -> bool:
    from events.registrations import is_registered

    return is_registered(user, event)


def room_access(
    user,
    room: LiveRoom,
    now: datetime | None = None,
    facts: PersonFacts | None = None,
    decided: forum_access.ForumAccess | None = None,
) -> RoomAccess:
    """The person's access to the room; `room.thread.forum` and `room.thread.event` are read as loaded, and
    so are `facts` when given (read for many people at once, `people_facts`), else read here. `decided`:
    the person's access to the thread's forum, decided once by the caller and used for reading, moderating
    and posting alike (else decided here, once)."""
    thread = room.thread
    event = thread.event
    if user is None or not user.is_authenticated or not user.is_active:
        return RoomAccess(False, False, False, _("Please sign in to enter the live room."))
    decided = decided or forum_access.forum_access(user, thread.forum)
    if event is None or not decided.read:
        return RoomAccess(False, False, False, _("You cannot enter this live room."))
    facts = facts or person_facts(user, room)
    if not facts.event_visible:
        return RoomAccess(False, False, False, _("You cannot enter this live room."))
    moderate = can_moderate_room(user, thread, event, session_host=facts.session_host, decided=decided)
    if not moderate:
        if facts.removed:
            return RoomAccess(False, False, False, _("A moderator has removed you from this live room."))
        if _needs_registration(event) and not (
            facts.registered if facts.registered is not None else _registered(user, event)
        ):
            return RoomAccess(
                False, False, False, _("The live room is for people registered for this session.")
            )
    state = room_state(room, event, now)
    posting_refusal = forum_access.thread_posting_refusal(user, thread, decided) or ""
    if not posting_refusal and state.not_yet_open:
        posting_refusal = _("The live room opens at %(time)s.") % {
            "time": timezone.localtime(state.opens_at).strftime("%H:%M")
        }
    elif not posting_refusal and state.read_only:
        posting_refusal = _(
            "The session is over: the live room is read-only. You can still reply in the thread."
        )
    return RoomAccess(True, not posting_refusal, moderate, "", posting_refusal)


def is_attendee(user, room: LiveRoom, room_access: RoomAccess | None = None) -> bool:
    """Registered for the session (or its conference), a member of the session's working group, or one of
    the room's moderators: people the session expects, who are not held to the new-account posting limit
    inside its room (people sign up on the day of a webinar). The room's flood limits and slow mode still
    apply to them."""
    from working_groups.access import user_group_roles

    event = room.thread.event
    if user is None or not user.is_authenticated or event is None:
        return False
    if room_access is not None and room_access.moderate:
        return True
    if event.group_id is not None and event.group_id in user_group_roles(user):
        return True
    return _registered(user, event)


def room_of(thread: Thread) -> LiveRoom | None:
    """The thread's live room, if it has one and belongs to a session."""
    if thread.event_id is None:
        return None
    try:
        room = thread.live_room  # read with the thread when it was loaded with select_related("live_room")
    except LiveRoom.DoesNotExist:
        return None
    room.thread = thread
    return room
