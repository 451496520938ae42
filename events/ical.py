"""iCalendar (RFC 5545) as pure functions over icalendar 7: build one VEVENT, build a calendar, serialise.

Nothing here queries the database or decides who may see what: callers (events.feeds, the registration
e-mails) pass events they already selected, the page addresses, and — per event — how the reader takes part
and the join details to write (from events.access.join_details, given only for a confirmed place). A VEVENT
is stable across regenerations: the same UID, SEQUENCE from EventPage.ical_sequence (bumped only when the
time or place changes), LAST-MODIFIED from the last publication; only DTSTAMP moves.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from icalendar import Calendar, Component, Event, Timezone, TimezoneDaylight, TimezoneStandard, vDuration

from cms.links import absolute_url
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


def local_time(moment: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """`moment` as written in the event's zone, except in the repeated hour of an autumn change: RFC 5545
    reads such a local time as its first pass, ical.js (Thunderbird) as its second, so either pass is
    written in UTC, which every client reads the same."""
    local = moment.astimezone(zone)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return moment.astimezone(UTC).replace(microsecond=0)
    return local


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
        start=local_time(event.start, zone),
        end=local_time(event.end, zone),
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


# --- VTIMEZONE ---------------------------------------------------------------------------------------------
# Built here from zoneinfo rather than taken from icalendar.Timezone.from_tzid, whose output (7.3) puts the
# spring onset an hour late and lists every transition on one RDATE line that ical.js and vobject read as a
# single date. What every client reads the same: one observance per regular rule with an RRULE (as Outlook,
# Google and tzurl.org publish them), one observance per irregular transition, each onset written as local
# time in the offset in force *before* it (RFC 5545 §3.6.5), over a range of years that covers the events.

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The longest range of years one VTIMEZONE spells out (an event mistyped as in the year 9000 must not make the
# builder scan seven thousand years of transitions).
VTIMEZONE_MAX_YEARS = 40
SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class Transition:
    """One change of a zone's offset or name, at `utc` (an aware UTC datetime)."""

    utc: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    @property
    def onset(self) -> datetime:
        """The local wall-clock time of the change in the offset before it (naive)."""
        return (self.utc + self.offset_from).replace(tzinfo=None)

    def rule_parts(self) -> set[str]:
        """The ways a yearly rule can name this onset's day: "-1SU" (last Sunday), "2SU" (second Sunday),
        "=21" (the 21st of the month)."""
        day = self.onset
        weekday = WEEKDAYS[day.weekday()]
        parts = {f"{(day.day - 1) // 7 + 1}{weekday}", f"={day.day}"}
        following = day + timedelta(days=7)
        if following.month != day.month:
            parts.add(f"-1{weekday}")
        return parts

    def rule_key(self) -> tuple:
        """What two onsets must share to belong to one yearly rule."""
        onset = self.onset
        return (self.daylight, self.offset_from, self.offset_to, self.name, onset.month, onset.time())


def _zone_state(zone: zoneinfo.ZoneInfo, seconds: int) -> tuple[timedelta, timedelta, str]:
    moment = datetime.fromtimestamp(seconds, zone)
    return moment.utcoffset(), moment.dst(), moment.tzname()


def zone_transitions(tzid: str, start: datetime, end: datetime) -> list[Transition]:
    """Every transition of `tzid` between `start` and `end` (aware datetimes), from zoneinfo: the zone is
    sampled once a day and each change is then found to the second by bisection."""
    zone = zoneinfo.ZoneInfo(tzid)
    first, last = int(start.timestamp()), int(end.timestamp())
    found = []
    before = _zone_state(zone, first)
    for day in range(first + SECONDS_PER_DAY, last + SECONDS_PER_DAY, SECONDS_PER_DAY):
        after = _zone_state(zone, day)
        if after == before:
            continue
        low, high = day - SECONDS_PER_DAY, day  # the state changes in (low, high]
        while high - low > 1:
            middle = (low + high) // 2
            if _zone_state(zone, middle) == before:
                low = middle
            else:
                high = middle
        offset_to, dst, name = _zone_state(zone, high)
        found.append(
            Transition(
                utc=datetime.fromtimestamp(high, UTC),
                offset_from=before[0],
                offset_to=offset_to,
                name=name,
                daylight=bool(dst),
            )
        )
        before = after
    return found


def _observance(transition: Transition, offset_from: timedelta | None = None) -> Component:
    component = TimezoneDaylight() if transition.daylight else TimezoneStandard()
    component.add("DTSTART", transition.onset)
    component.add("TZOFFSETFROM", transition.offset_from if offset_from is None else offset_from)
    component.add("TZOFFSETTO", transition.offset_to)
    component.add("TZNAME", transition.name)
    return component


def _rule_runs(transitions: list[Transition]) -> list[tuple[list[Transition], str]]:
    """Groups the transitions of one rule key into runs of consecutive years that one yearly rule names,
    each with that rule's day part ("-1SU", "2SU" or "=21")."""
    runs: list[tuple[list[Transition], set[str]]] = []
    for transition in transitions:
        if runs:
            members, parts = runs[-1]
            common = parts & transition.rule_parts()
            if common and transition.onset.year == members[-1].onset.year + 1:
                members.append(transition)
                runs[-1] = (members, common)
                continue
        runs.append(([transition], transition.rule_parts()))
    return [(members, min(parts, key=lambda part: (part[0] == "=", part))) for members, parts in runs]


def _rrule(day_part: str, month: int, until: datetime | None) -> dict:
    rule: dict = {"FREQ": "YEARLY", "BYMONTH": month}
    if day_part.startswith("="):
        rule["BYMONTHDAY"] = int(day_part[1:])
    else:
        rule["BYDAY"] = day_part
    if until is not None:
        rule["UNTIL"] = until
    return rule


@functools.lru_cache(maxsize=256)
def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone | None:
    """The VTIMEZONE of `tzid` for events from `first_year` to `last_year`, or None for a zone zoneinfo
    does not know. The observances start with the transitions of the year before `first_year` (so an event
    in January finds the rule in force since the autumn) and end with `last_year`, at most
    VTIMEZONE_MAX_YEARS on: a rule still in force then is written without an end, as zoneinfo extends it.
    Built in milliseconds and cached per zone and range; the component is shared between calendars and
    never modified after it is built."""
    try:
        zone = zoneinfo.ZoneInfo(tzid)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    first_year = min(max(first_year, 2), 9998)
    last_year = min(max(last_year, first_year), first_year + VTIMEZONE_MAX_YEARS, 9998)
    start = datetime(first_year - 1, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    transitions = zone_transitions(tzid, start, end)
    component = Timezone()
    component.add("TZID", tzid)
    offset, dst, name = _zone_state(zone, int(start.timestamp()))
    if not transitions or transitions[0].utc >= datetime(first_year, 1, 1, tzinfo=UTC):
        # No change in the lead-in year (a zone without daylight saving time, such as Africa/Nairobi or
        # Asia/Kolkata): the offset in force at the start of the range holds from then on.
        initial = Transition(utc=start, offset_from=offset, offset_to=offset, name=name, daylight=bool(dst))
        observance = _observance(initial)
        observance.add("RDATE", initial.onset)
        component.add_component(observance)
    by_rule: dict[tuple, list[Transition]] = {}
    for transition in transitions:
        by_rule.setdefault(transition.rule_key(), []).append(transition)
    observances = []
    for members_of_rule in by_rule.values():
        for members, day_part in _rule_runs(members_of_rule):
            observance = _observance(members[0])
            if len(members) == 1:
                # The onset again as an RDATE: the `ical` library reads no onset from a lone DTSTART.
                observance.add("RDATE", members[0].onset)
            else:
                # An open rule when it is still in force at the end of the range, as zoneinfo extends it.
                ongoing = members[-1].onset.year == last_year
                until = None if ongoing else members[-1].utc
                observance.add("RRULE", _rrule(day_part, members[0].onset.month, until))
            observances.append((members[0].utc, observance))
    for _utc, observance in sorted(observances, key=lambda item: item[0]):
        component.add_component(observance)
    return component


def event_zone_ranges(calendar: Calendar) -> dict[str, tuple[int, int]]:
    """TZID -> (first year, last year) of the local times written with that TZID in the calendar's events."""
    ranges: dict[str, tuple[int, int]] = {}
    for event in calendar.subcomponents:
        if event.name != "VEVENT":
            continue
        for name in ("DTSTART", "DTEND"):
            prop = event.get(name)
            tzid = prop.params.get("TZID") if prop is not None else None
            if not tzid:
                continue
            year = prop.dt.year
            low, high = ranges.get(tzid, (year, year))
            ranges[tzid] = (min(low, year), max(high, year))
    return ranges


def add_timezones(calendar: Calendar, default_tzid: str | None = None) -> None:
    """A VTIMEZONE for every TZID the calendar's events use, covering the years they fall in, before the
    events. A calendar without events gets the VTIMEZONE of `default_tzid` (the site's zone, also named in
    X-WR-TIMEZONE), so it still holds the one component RFC 5545 requires, and nothing made up."""
    position = len(calendar.timezones)
    ranges = event_zone_ranges(calendar)
    if not ranges and default_tzid and not calendar.walk("VEVENT"):
        ranges = {default_tzid: (timezone.now().year, timezone.now().year)}
    for tzid in sorted(ranges):
        component = vtimezone(tzid, *ranges[tzid])
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
    if not calendar.walk("VEVENT"):
        # An empty calendar: its one component is the site zone's VTIMEZONE, which X-WR-TIMEZONE names.
        calendar.add("X-WR-TIMEZONE", settings.TIME_ZONE)
    add_timezones(calendar, default_tzid=settings.TIME_ZONE)
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


def page_urls(events: Iterable[EventPage]) -> dict[int, str]:
    """pk -> the event page's absolute address on the site's public address (cms.links). Wagtail keeps the
    sites' root paths in the cache, so this costs no query per event."""
    return {event.pk: absolute_url(event.get_url()) for event in events}


def event_ics(event: EventPage, *, join_details: JoinDetails | None) -> bytes:
    """A complete VCALENDAR (METHOD:PUBLISH) holding one VEVENT for `event`. `join_details` (from
    events.access.effective_join_details) are written into DESCRIPTION and LOCATION: give them only for a
    registered person's own copy (the confirmation e-mail's attachment, their own download); None makes the
    public copy."""
    page_url = absolute_url(event.get_url())
    attendance = Attendance.REGISTERED if join_details is not None else Attendance.PUBLIC
    return build_feed(
        FeedInfo(key=f"event-{event.pk}", name=event.title, url=page_url),
        [event],
        page_urls={event.pk: page_url},
        attendance={event.pk: attendance},
        join_details={event.pk: join_details} if join_details is not None else None,
    )
