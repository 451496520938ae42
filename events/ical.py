"""iCalendar (RFC 5545) as pure functions over icalendar 7: build one VEVENT, build a calendar, serialise.

Nothing here queries the database or decides who may see what: callers (events.feeds, the registration
e-mails) pass events they already selected, the page addresses, and — per event — how the reader takes part
and the join details to write (from events.access.join_details, given only for a confirmed place). A VEVENT
is stable across regenerations: the same UID, SEQUENCE from EventPage.ical_sequence (bumped only when the
time or place changes), LAST-MODIFIED from the last publication; only DTSTAMP moves.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from icalendar import Calendar, Event, Timezone, vDuration

from events.choices import EventAudience, EventKind, EventStatus

if TYPE_CHECKING:
    from events.access import JoinDetails
    from events.models import EventPage

PRODID = "-//Roundtable//Events//EN"


class Attendance:
    """How the reader of a VEVENT takes part in the event, which decides STATUS and the join details."""

    PUBLIC = "public"  # a public or shared copy: never a join link
    REGISTERED = "registered"  # a confirmed registration: the join link and passcode are written
    WAITLISTED = "waitlisted"  # on the waiting list: STATUS:TENTATIVE, no join link


@dataclass(frozen=True)
class FeedInfo:
    """What a calendar says about itself. `key` names the feed for its UID (stable, like the events')."""

    key: str
    name: str
    description: str = ""
    url: str = ""


def uid_domain() -> str:
    """The right-hand side of every UID. It must not change once calendars subscribed, so it comes from a
    setting (ROUNDTABLE_EVENTS_ICAL_UID_DOMAIN) or the site's configured base address, never a request."""
    configured = getattr(settings, "ROUNDTABLE_EVENTS_ICAL_UID_DOMAIN", "")
    if configured:
        return configured
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or getattr(settings, "BASE_URL", "")
    return urlsplit(base_url).hostname or "roundtable.localhost"


def event_uid(event: EventPage, domain: str | None = None) -> str:
    return f"event-{event.pk}@{domain or uid_domain()}"


@dataclass(frozen=True)
class Wording:
    """The translated words of a calendar, looked up once per calendar rather than once per event (gettext
    and choice labels cost more than building the VEVENT itself), and the UID domain."""

    domain: str
    online: str
    waiting_list: str
    join_online: str
    passcode: str
    discussion: str
    do_not_share: str
    event_page: str
    kinds: dict[str, str]
    statuses: dict[str, str]

    @classmethod
    def current(cls) -> Wording:
        """In the active language."""
        return cls(
            domain=uid_domain(),
            online=_("Online"),
            waiting_list=_("You are on the waiting list."),
            join_online=_("Join online: %(url)s"),
            passcode=_("Passcode: %(passcode)s"),
            discussion=_("Live discussion during the session: %(url)s"),
            do_not_share=_("This link is for you alone: please do not share it."),
            event_page=_("Event page: %(url)s"),
            kinds={value: str(label) for value, label in EventKind.choices},
            statuses={value: str(label) for value, label in EventStatus.choices},
        )


def event_location(event: EventPage, join: JoinDetails | None = None, wording: Wording | None = None) -> str:
    """Room and venue of an in-person event, and "Online" (in a registered person's copy, given `join`: the
    join link)."""
    wording = wording or Wording.current()
    place = ", ".join(part for part in (event.room, event.venue) if part) if event.is_in_person else ""
    online = ""
    if event.is_online:
        online = join.url if join else wording.online
    return " · ".join(part for part in (place, online) if part)


def event_description(
    event: EventPage,
    page_url: str,
    attendance: str,
    wording: Wording | None = None,
    join: JoinDetails | None = None,
) -> str:
    """The status notice, the introduction, the join details `join` (written in a REGISTERED copy only) and
    the page's address (calendar applications ignore URL:, so it is repeated here)."""
    wording = wording or Wording.current()
    paragraphs = []
    if event.status != EventStatus.SCHEDULED:
        label = wording.statuses.get(event.status, event.status)
        paragraphs.append(f"{label}: {event.status_notice}" if event.status_notice else label)
    if event.introduction:
        paragraphs.append(event.introduction)
    if attendance == Attendance.WAITLISTED:
        paragraphs.append(wording.waiting_list)
    if attendance == Attendance.REGISTERED and event.is_online and join:
        lines = [wording.join_online % {"url": join.url}]
        if join.passcode:
            lines.append(wording.passcode % {"passcode": join.passcode})
        lines.append(wording.do_not_share)
        paragraphs.append("\n".join(lines))
    if attendance == Attendance.REGISTERED and join is not None and join.discussion_url:
        paragraphs.append(wording.discussion % {"url": join.discussion_url})
    if page_url:
        paragraphs.append(wording.event_page % {"url": page_url})
    return "\n\n".join(paragraphs)


def _status(event: EventPage, attendance: str) -> str:
    if event.status == EventStatus.CANCELLED:
        return "CANCELLED"
    if event.status == EventStatus.POSTPONED or attendance == Attendance.WAITLISTED:
        return "TENTATIVE"
    return "CONFIRMED"


def _utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC).replace(microsecond=0) if moment else None


def build_event(
    event: EventPage,
    *,
    page_url: str,
    stamp: datetime,
    attendance: str = Attendance.PUBLIC,
    join: JoinDetails | None = None,
    wording: Wording | None = None,
) -> Event:
    """One VEVENT. The join link and passcode `join` are written only when `attendance` is REGISTERED."""
    wording = wording or Wording.current()
    zone = event.zone
    join = join if attendance == Attendance.REGISTERED else None
    return Event.new(
        uid=event_uid(event, wording.domain),
        stamp=_utc(stamp),
        summary=event.title,
        start=event.start.astimezone(zone),
        end=event.end.astimezone(zone),
        sequence=event.ical_sequence,
        status=_status(event, attendance),
        description=event_description(event, page_url, attendance, wording, join),
        location=event_location(event, join, wording),
        categories=[wording.kinds.get(event.kind, event.kind)],
        classification="PRIVATE" if event.audience == EventAudience.MEMBERS else "PUBLIC",
        created=_utc(event.first_published_at),
        last_modified=_utc(event.last_published_at or event.first_published_at),
        url=page_url or None,
    )


@functools.lru_cache(maxsize=64)
def vtimezone(tzid: str) -> Timezone | None:
    """The VTIMEZONE of a zone. Building one takes milliseconds, so it is built once per process. The
    component is shared between calendars and never modified after it is built."""
    try:
        return Timezone.from_tzid(tzid)
    except ValueError:
        return None


def add_timezones(calendar: Calendar) -> None:
    """A VTIMEZONE for every TZID the calendar uses, before the events (calendar.add_missing_timezones()
    with a per-process cache)."""
    position = len(calendar.timezones)
    for tzid in sorted(calendar.get_missing_tzids()):
        component = vtimezone(tzid)
        if component is not None:
            calendar.subcomponents.insert(position, component)
            position += 1


def build_calendar(info: FeedInfo, events: Iterable[Event], *, refresh_hours: int | None = None) -> Calendar:
    """A VCALENDAR (METHOD:PUBLISH) holding `events` and the VTIMEZONE blocks they need."""
    from events import app_settings

    hours = app_settings.feed_refresh_hours() if refresh_hours is None else refresh_hours
    calendar = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        uid=f"calendar-{info.key}@{uid_domain()}",
        name=info.name,
        description=info.description or None,
        url=info.url or None,
        refresh_interval=timedelta(hours=hours),
        subcomponents=list(events),
    )
    # RFC 7986 requires the value type on REFRESH-INTERVAL.
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    # NAME and DESCRIPTION come with their older X-WR-* twins; Outlook reads the refresh from X-PUBLISHED-TTL.
    calendar.add("X-PUBLISHED-TTL", vDuration(timedelta(hours=hours)))
    add_timezones(calendar)
    return calendar


def serialise(calendar: Calendar) -> bytes:
    """The calendar as RFC 5545 text: CRLF line ends, lines folded at 75 octets."""
    return calendar.to_ical()


def build_feed(
    info: FeedInfo,
    events: Iterable[EventPage],
    *,
    page_urls: Mapping[int, str],
    attendance: Mapping[int, str] | None = None,
    join_details: Mapping[int, JoinDetails] | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """A whole feed: `page_urls`, `attendance` and `join_details` are keyed by event pk (attendance defaults
    to PUBLIC; join details are written only for REGISTERED events)."""
    stamp = stamp or timezone.now()
    attendance = attendance or {}
    join_details = join_details or {}
    wording = Wording.current()
    components = (
        build_event(
            event,
            page_url=page_urls.get(event.pk, ""),
            stamp=stamp,
            attendance=attendance.get(event.pk, Attendance.PUBLIC),
            join=join_details.get(event.pk),
            wording=wording,
        )
        for event in events
    )
    return serialise(build_calendar(info, components))


def event_ics(event: EventPage, *, join_details: JoinDetails | None) -> bytes:
    """A complete VCALENDAR (METHOD:PUBLISH) holding one VEVENT for `event`. `join_details` (from
    events.access.effective_join_details) are written into DESCRIPTION and LOCATION: give them only for a
    registered person's own copy (the confirmation e-mail's attachment, their own download); None makes the
    public copy."""
    page_url = event.get_full_url() or ""
    attendance = Attendance.REGISTERED if join_details is not None else Attendance.PUBLIC
    return build_feed(
        FeedInfo(key=f"event-{event.pk}", name=event.title, url=page_url),
        [event],
        page_urls={event.pk: page_url},
        attendance={event.pk: attendance},
        join_details={event.pk: join_details} if join_details is not None else None,
    )
