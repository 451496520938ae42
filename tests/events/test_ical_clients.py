"""Every event of a feed reads the same in real calendar parsers as in zoneinfo, from its own VTIMEZONE.

Events sit on and around every daylight-saving change of 2025-2027 in both hemispheres (Europe/Brussels,
America/New_York, Australia/Sydney) and in zones without one (Africa/Nairobi, Asia/Kolkata): just before,
across, at the second occurrence of a repeated hour, a day and a week either side. The feeds are fetched over
HTTP and read by ical.js (Node.js), vobject, icalendar and `ical` with every TZID renamed to one no time zone
database knows (tests/events/calendar_clients.py), so each parser can only use the VTIMEZONE in the file.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse

import pytest

from events.ical import event_uid
from events.models import EventPage
from tests.events.calendar_clients import disagreements, icaljs_instants, isolate_tzids, readings
from tests.factories.events import EventPageFactory, make_event_index

DST_ZONES = ("Europe/Brussels", "America/New_York", "Australia/Sydney")
FIXED_ZONES = ("Africa/Nairobi", "Asia/Kolkata")
YEARS = (2025, 2026, 2027)


def offset_changes(zone: ZoneInfo, year: int) -> list[datetime]:
    """The UTC hours at which `zone` changes its offset in `year` (from zoneinfo, hour by hour)."""
    changes = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    before = moment.astimezone(zone).utcoffset()
    while moment.year == year:
        moment += timedelta(hours=1)
        after = moment.astimezone(zone).utcoffset()
        if after != before:
            changes.append(moment)
        before = after
    return changes


def moments_around(change: datetime) -> list[tuple[datetime, timedelta]]:
    """(UTC start, duration) of the events placed around one change."""
    return [
        (change - timedelta(minutes=90), timedelta(hours=3)),  # across the change
        (change - timedelta(minutes=30), timedelta(minutes=30)),  # ends on it
        (change + timedelta(minutes=30), timedelta(hours=1)),  # in autumn: the repeated hour, second time
        (change - timedelta(days=1), timedelta(hours=1)),
        (change + timedelta(days=1), timedelta(hours=1)),
        (change + timedelta(days=7), timedelta(hours=1)),
    ]


@pytest.fixture
def zone_events(db, settings):
    settings.ROUNDTABLE_EVENTS_FEED_PAST_DAYS = 20 * 365
    index = make_event_index()
    created = []
    brussels_changes = [
        change for year in YEARS for change in offset_changes(ZoneInfo("Europe/Brussels"), year)
    ]
    for tzid in DST_ZONES + FIXED_ZONES:
        zone = ZoneInfo(tzid)
        changes = [change for year in YEARS for change in offset_changes(zone, year)]
        assert bool(changes) == (tzid in DST_ZONES)
        for change in changes or brussels_changes:
            for start, duration in moments_around(change):
                created.append(
                    EventPageFactory(
                        parent=index,
                        title=f"{tzid} {start:%Y-%m-%d %H:%M}",
                        time_zone=tzid,
                        start=start,
                        end=start + duration,
                    )
                )
    return created


def expected_instants(events) -> dict[str, tuple[int, int]]:
    stored = EventPage.objects.filter(pk__in=[event.pk for event in events])
    return {event_uid(event): (int(event.start.timestamp()), int(event.end.timestamp())) for event in stored}


def test_every_parser_reads_every_event_as_zoneinfo_does(client, zone_events):
    public = client.get(reverse("events:public_feed"))
    assert public.status_code == 200
    files = [public.content]
    # Single-event files carry a VTIMEZONE for that event's year only.
    for event in zone_events[::9]:
        files.append(client.get(reverse("events:event_feed", args=[event.pk])).content)
        files.append(client.get(reverse("events:event_download", args=[event.pk])).content)
    expected = expected_instants(zone_events)
    assert public.content.count(b"BEGIN:VEVENT") == len(expected) > 150
    found = readings(files)
    assert set(found) == {"ical.js", "vobject", "icalendar", "ical"}
    for parser, per_file in found.items():
        assert set(per_file[0]) == set(expected), f"{parser} did not read every event of the public feed"
    assert disagreements(files, expected) == []


def test_the_check_catches_a_wrong_vtimezone(db):
    """The same check fails on the VTIMEZONE icalendar.Timezone.from_tzid writes (a summer event comes out an
    hour late in ical.js and vobject), so agreement above is not for want of looking."""
    from icalendar import Calendar, Event, Timezone

    brussels = ZoneInfo("Europe/Brussels")
    start = datetime(2026, 7, 29, 14, 0, tzinfo=brussels)
    calendar = Calendar.new(prodid="-//Roundtable//Test//EN")
    calendar.add_component(Timezone.from_tzid("Europe/Brussels"))
    calendar.add_component(Event.new(uid="summer@test", start=start, end=start + timedelta(hours=1)))
    expected = {"summer@test": (int(start.timestamp()), int(start.timestamp()) + 3600)}
    problems = disagreements([calendar.to_ical()], expected)
    assert any(problem.startswith("ical.js") for problem in problems)
    assert any(problem.startswith("vobject") for problem in problems)


def test_a_tzid_no_vtimezone_defines_fails_in_ical_js(db):
    """ical.js would read such a time as floating; the helper refuses instead of guessing."""
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Roundtable//Test//EN\r\nBEGIN:VEVENT\r\nUID:a@test\r\n"
        "DTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Brussels:20260729T140000\r\n"
        "DTEND;TZID=Europe/Brussels:20260729T150000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(AssertionError, match="no VTIMEZONE"):
        icaljs_instants([isolate_tzids(text.encode())])


def test_every_feed_of_the_demo_reads_as_zoneinfo(db, client, settings, tmp_path):
    """The demo's public, group and single-event feeds and downloads, including the summer webinar at 14:00
    CEST that the library's VTIMEZONE put at 15:00 in ical.js and vobject."""
    from django.contrib.auth import get_user_model

    from events.models import CalendarFeedKey
    from tests.events.test_demo import seed_up_to_events
    from working_groups.demo.accounts import DEMO_MEMBER_EMAIL
    from working_groups.models import WorkingGroupPage

    settings.MEDIA_ROOT = tmp_path
    seed_up_to_events()
    events = list(EventPage.objects.live())
    urls = [reverse("events:public_feed")]
    urls += [
        reverse("events:group_feed", args=[slug])
        for slug in WorkingGroupPage.objects.values_list("slug", flat=True)
    ]
    for event in events:
        urls += [
            reverse("events:event_feed", args=[event.pk]),
            reverse("events:event_download", args=[event.pk]),
        ]
    # and the demo member's own calendar (registrations, waiting list, the group's meetings)
    member = get_user_model().objects.get(email=DEMO_MEMBER_EMAIL)
    key, _created = CalendarFeedKey.objects.get_or_create(user=member)
    urls.append(reverse("events:personal_feed", args=[key.key]))
    files = [response.content for response in map(client.get, urls) if response.status_code == 200]
    assert files[-1].count(b"BEGIN:VEVENT") >= 3
    assert len(files) > len(events)
    zones = {event.time_zone for event in events}
    assert {"Europe/Brussels", "Africa/Nairobi", "Australia/Sydney", "Asia/Kolkata"} <= zones
    assert disagreements(files, expected_instants(events)) == []
    summer = EventPage.objects.get(slug="remediation-when-children-are-found")
    local = summer.start.astimezone(ZoneInfo("Europe/Brussels"))
    # (in summer when the demo is seeded in December, as on 6 December 2026: 2026-07-29 14:00 CEST)
    assert (local.hour, local.minute) == (14, 0)
