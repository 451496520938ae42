"""Ways into a session's live discussion, supplied by whichever app runs live rooms (forums) through Wagtail
hooks, so events never imports it.

- `roundtable_event_live_links(user, events, now) -> {event pk: path}`: among `events` (a listing, an event
  page), those whose live discussion is on now for this visitor, with the address to join it. A conference
  is live when one of its sessions is. Each function answers in a constant number of queries.
- `roundtable_event_discussion_urls(events) -> {event pk: path}`: the address of each event's live room, for
  a registered person's own copies (the confirmation e-mail, their calendar entries).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from wagtail import hooks

from events.hooks import EVENT_DISCUSSION_URLS_HOOK, EVENT_LIVE_LINKS_HOOK


def live_links(user, events: Iterable, now: datetime | None = None) -> dict[int, str]:
    events = list(events)
    found: dict[int, str] = {}
    if not events:
        return found
    now = now or timezone.now()
    for fn in hooks.get_hooks(EVENT_LIVE_LINKS_HOOK):
        for pk, url in fn(user, events, now).items():
            found.setdefault(pk, url)
    return found


def with_live_links(events: list, user, now: datetime | None = None) -> list:
    """Give each event `live_link`: the address of its live discussion while it is on, else ""."""
    links = live_links(user if user is not None else AnonymousUser(), events, now)
    for event in events:
        event.live_link = links.get(event.pk, "")
    return events


def discussion_urls(events: Iterable) -> dict[int, str]:
    events = list(events)
    found: dict[int, str] = {}
    if not events:
        return found
    for fn in hooks.get_hooks(EVENT_DISCUSSION_URLS_HOOK):
        for pk, url in fn(events).items():
            found.setdefault(pk, url)
    return found
