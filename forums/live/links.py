"""The live rooms' answers to the events' hooks (events.live_links): which listed events are live now for a
visitor, with the room's address, and the room addresses a registered person's e-mail and calendar carry.

"Live now" runs from the room's opening (by default 15 minutes before the start) until the session ends;
between the end and the room's closing the event page still leads into the room, but listings no longer call
the session live. A room that opens more than `LOOKAHEAD` before its session is announced as live from then
on only, so listings with no session near now cost no query at all.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.db.models import Q

from events.choices import EventKind
from events.models import EventPage
from forums.live.access import room_state
from forums.models import Thread
from forums.presenters import pk_url

LOOKAHEAD = timedelta(days=1)


def _near_now(event, now: datetime) -> bool:
    return event.end > now and event.start - LOOKAHEAD <= now


def live_now_links(user, events: list, now: datetime) -> dict[int, str]:
    """{pk: room path} for the `events` (or, for a conference, one of its sessions) whose room the visitor
    may read and that are live now. One query, none when no listed event is near now."""
    candidates = [event for event in events if _near_now(event, now)]
    if not candidates:
        return {}
    conferences = {event.path: event.pk for event in candidates if event.kind == EventKind.CONFERENCE}
    where = Q(event_id__in=[event.pk for event in candidates])
    if conferences:
        where |= reduce(or_, (Q(event__path__startswith=path) for path in conferences))
    threads = (
        Thread.objects.visible_to(user)
        .filter(where, live_room__isnull=False, event__end__gt=now, event__start__lte=now + LOOKAHEAD)
        .filter(event_id__in=EventPage.objects.visible_to(user).values("pk"))
        .select_related("live_room", "event")
        .order_by("event__start", "pk")
    )
    room_url = pk_url("forums:live:room")
    links: dict[int, str] = {}
    for thread in threads:
        event = thread.event
        state = room_state(thread.live_room, event, now)
        if not (state.is_open and now < event.end):
            continue
        links.setdefault(event.pk, room_url(thread.pk))
        conference = conferences.get(event.path[: -EventPage.steplen])
        if conference is not None:
            links.setdefault(conference, room_url(thread.pk))
    return links


def discussion_urls(events: list) -> dict[int, str]:
    """{pk: room path} of each event's live room (the first, when a session has several), and of the
    sessions of the conferences among `events`, in one query."""
    room_url = pk_url("forums:live:room")
    where = Q(event_id__in=[event.pk for event in events])
    for event in events:
        if event.kind == EventKind.CONFERENCE:
            where |= Q(event__path__startswith=event.path)
    rows = (
        Thread.objects.filter(where, live_room__isnull=False)
        .order_by("created_at", "pk")
        .values_list("event_id", "pk")
    )
    found: dict[int, str] = {}
    for event_id, thread_id in rows:
        found.setdefault(event_id, room_url(thread_id))
    return found


def live_rooms_of_group(user, group, now: datetime) -> list[tuple[Thread, str]]:
    """The rooms live now of the group's sessions or in the group's forums that the visitor may read, with
    their addresses (the members' area's "Live now" panel). One query."""
    threads = (
        Thread.objects.visible_to(user)
        .filter(Q(forum__group=group) | Q(event__group=group), live_room__isnull=False)
        .filter(event__end__gt=now, event__start__lte=now + LOOKAHEAD)
        .filter(event_id__in=EventPage.objects.visible_to(user).values("pk"))
        .select_related("live_room", "event")
        .order_by("event__start", "pk")
    )
    room_url = pk_url("forums:live:room")
    return [
        (thread, room_url(thread.pk))
        for thread in threads
        if room_state(thread.live_room, thread.event, now).is_open and now < thread.event.end
    ]
