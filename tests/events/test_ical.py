"""The iCalendar builder (events.ical): valid RFC 5545, stable across regeneration, correct across
daylight-saving changes, and the join details only in a registered person's own copy."""

import datetime
import re
import zoneinfo

from django.conf import settings
from django.test import override_settings

import pytest

from events import ical
from events.access import effective_join_details
from events.choices import AttendanceMode, EventAudience, EventKind, EventStatus
from events.models import EventPage
from tests.events.ical_checks import check_calendar, check_structure, parse_both
from tests.factories.events import EventPageFactory, make_event_index

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
JOIN_URL = "https://video.example.org/j/8123456"
PASSCODE = "tin-2030"


@pytest.fixture
def events_index(db):
    return make_event_index()


def published(event: EventPage, **changes) -> EventPage:
    """Publish a revision of `event` with `changes`, as an editor does, and read it back."""
    for name, value in changes.items():
        setattr(event, name, value)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def without_dtstamp(text: bytes) -> bytes:
    return re.sub(rb"DTSTAMP:\d{8}T\d{6}Z\r\n", b"", text)


def test_one_event_calendar_is_valid_and_publishes_one_vevent(events_index):
    event = published(EventPageFactory(parent=events_index, title="Gender due diligence in practice"))
    text = ical.event_ics(event, join_details=None)
    root = check_calendar(text)
    assert root.value("METHOD") == "PUBLISH"
    (vevent,) = root.walk("VEVENT")
    assert vevent.value("UID") == f"event-{event.pk}@{ical.uid_domain()}"
    assert vevent.value("SUMMARY") == "Gender due diligence in practice"
    assert vevent.value("SEQUENCE") == "0"
    assert vevent.value("STATUS") == "CONFIRMED"
    assert vevent.value("LAST-MODIFIED") == event.last_published_at.astimezone(datetime.UTC).strftime(
        "%Y%m%dT%H%M%SZ"
    )


def test_the_page_address_is_in_url_and_in_the_description(events_index):
    event = published(EventPageFactory(parent=events_index))
    with_icalendar, _with_ical = parse_both(ical.event_ics(event, join_details=None))
    (vevent,) = with_icalendar.events
    page_url = f"{settings.BASE_URL}{event.url}"
    assert str(vevent["URL"]) == page_url
    assert page_url in str(vevent["DESCRIPTION"])


def test_join_details_only_in_the_registered_copy(events_index):
    event = published(EventPageFactory(parent=events_index, join_url=JOIN_URL, join_passcode=PASSCODE))
    public = ical.event_ics(event, join_details=None)
    own = ical.event_ics(event, join_details=effective_join_details(event))
    assert JOIN_URL.encode() not in public and PASSCODE.encode() not in public
    (vevent,) = check_calendar(public).walk("VEVENT")
    assert vevent.value("LOCATION") == "Online"
    with_icalendar, _with_ical = parse_both(own)
    (own_event,) = with_icalendar.events
    assert JOIN_URL in str(own_event["DESCRIPTION"]) and PASSCODE in str(own_event["DESCRIPTION"])
    assert str(own_event["LOCATION"]) == JOIN_URL


def test_a_session_without_a_link_writes_its_conferences_in_the_registered_copy_only(events_index):
    conference = EventPageFactory(parent=events_index, title="Forum", kind=EventKind.CONFERENCE)
    session = published(
        EventPageFactory(
            parent=conference, title="Plenary", kind=EventKind.SESSION, join_url="", join_passcode=""
        )
    )
    public = ical.event_ics(session, join_details=None)
    assert JOIN_URL.encode() not in public and PASSCODE.encode() not in public
    (own_event,) = parse_both(ical.event_ics(session, join_details=effective_join_details(session)))[0].events
    assert JOIN_URL in str(own_event["DESCRIPTION"]) and PASSCODE in str(own_event["DESCRIPTION"])
    assert str(own_event["LOCATION"]) == JOIN_URL


def test_location_names_the_venue_and_room_of_an_in_person_event(events_index):
    event = EventPageFactory(
        parent=events_index,
        attendance=AttendanceMode.HYBRID,
        venue="Résidence Palace, Rue de la Loi 155, Brussels",
        room="Room 3",
    )
    with_icalendar, with_ical = parse_both(ical.event_ics(event, join_details=None))
    assert str(with_icalendar.events[0]["LOCATION"]) == (
        "Room 3, Résidence Palace, Rue de la Loi 155, Brussels · Online"
    )
    assert with_ical.events[0].location == str(with_icalendar.events[0]["LOCATION"])


def test_an_event_on_the_day_summer_time_starts_keeps_its_wall_clock_time(events_index):
    """31 March 2030 is the last Sunday of March: Brussels moves from UTC+1 to UTC+2 at 02:00."""
    before = EventPageFactory(
        parent=events_index,
        start=datetime.datetime(2030, 3, 30, 14, tzinfo=BRUSSELS),
        end=datetime.datetime(2030, 3, 30, 15, 30, tzinfo=BRUSSELS),
    )
    on_the_day = EventPageFactory(
        parent=events_index,
        start=datetime.datetime(2030, 3, 31, 14, tzinfo=BRUSSELS),
        end=datetime.datetime(2030, 3, 31, 15, 30, tzinfo=BRUSSELS),
    )
    text = ical.build_feed(ical.FeedInfo(key="test", name="Test"), [before, on_the_day], page_urls={})
    root = check_calendar(text)
    assert [zone.value("TZID") for zone in root.walk("VTIMEZONE")] == ["Europe/Brussels"]
    starts = [vevent.values("DTSTART") for vevent in root.walk("VEVENT")]
    assert starts == [["20300330T140000"], ["20300331T140000"]]
    with_icalendar, with_ical = parse_both(text)
    for parsed in (
        [event.start for event in with_icalendar.events],
        [event.dtstart for event in with_ical.events],
    ):
        assert [start.hour for start in parsed] == [14, 14]
        assert [start.astimezone(datetime.UTC).hour for start in parsed] == [13, 12]
    # The independent parser applies the VTIMEZONE we wrote, not only its own zone database.
    (vtimezone,) = with_ical.timezones
    assert vtimezone.tz_id == "Europe/Brussels"


def test_every_zone_used_gets_its_vtimezone_and_the_block_is_built_once(events_index):
    brussels = EventPageFactory(parent=events_index)
    new_york = EventPageFactory(
        parent=events_index,
        time_zone="America/New_York",
        start=datetime.datetime(2030, 11, 3, 9, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
        end=datetime.datetime(2030, 11, 3, 10, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
    )
    utc = EventPageFactory(parent=events_index, time_zone="UTC")
    text = ical.build_feed(ical.FeedInfo(key="test", name="Test"), [brussels, new_york, utc], page_urls={})
    root = check_calendar(text)
    assert sorted(zone.value("TZID") for zone in root.walk("VTIMEZONE")) == [
        "America/New_York",
        "Europe/Brussels",
    ]
    assert ical.vtimezone("Europe/Brussels", 2030, 2030) is ical.vtimezone("Europe/Brussels", 2030, 2030)
    assert parse_both(text)[0].get_missing_tzids() == set()


@pytest.mark.parametrize(
    ("status", "attendance", "expected"),
    [
        (EventStatus.SCHEDULED, ical.Attendance.PUBLIC, "CONFIRMED"),
        (EventStatus.POSTPONED, ical.Attendance.PUBLIC, "TENTATIVE"),
        (EventStatus.CANCELLED, ical.Attendance.PUBLIC, "CANCELLED"),
        (EventStatus.CANCELLED, ical.Attendance.REGISTERED, "CANCELLED"),
        (EventStatus.SCHEDULED, ical.Attendance.WAITLISTED, "TENTATIVE"),
    ],
)
def test_status_follows_the_event_and_the_readers_place(events_index, status, attendance, expected):
    event = EventPageFactory(parent=events_index, status=status, status_notice="The speaker fell ill.")
    text = ical.build_feed(
        ical.FeedInfo(key="test", name="Test"),
        [event],
        page_urls={},
        attendance={event.pk: attendance},
        join_details={event.pk: effective_join_details(event)},
    )
    (vevent,) = check_calendar(text).walk("VEVENT")
    assert vevent.value("STATUS") == expected
    # A cancelled event has no join details, not even in a registered person's copy.
    shows_join = attendance == ical.Attendance.REGISTERED and status != EventStatus.CANCELLED
    assert (JOIN_URL in text.decode()) == shows_join
    if status != EventStatus.SCHEDULED:
        assert "The speaker fell ill." in parse_both(text)[0].events[0]["DESCRIPTION"]


def test_members_only_events_are_classified_private(events_index):
    event = EventPageFactory.build(audience=EventAudience.MEMBERS)
    assert (
        ical.build_event(event, page_url="", stamp=datetime.datetime.now(datetime.UTC))["CLASS"] == "PRIVATE"
    )


def test_regenerating_changes_nothing_but_dtstamp(events_index):
    event = published(EventPageFactory(parent=events_index))
    first = ical.event_ics(event, join_details=None)
    second = ical.event_ics(EventPage.objects.get(pk=event.pk), join_details=None)
    assert without_dtstamp(first) == without_dtstamp(second)
    assert b"DTSTAMP:" in first


def test_moving_the_event_bumps_sequence_and_editing_the_text_does_not(events_index):
    event = published(EventPageFactory(parent=events_index))
    reworded = published(event, introduction="A new introduction.", title="A better title")
    assert reworded.ical_sequence == 0
    moved = published(reworded, start=reworded.start + datetime.timedelta(hours=1), end=reworded.end)
    assert moved.ical_sequence == 1
    cancelled = published(moved, status=EventStatus.CANCELLED, status_notice="Postponed to autumn.")
    (vevent,) = check_structure(ical.event_ics(cancelled, join_details=None)).walk("VEVENT")
    assert (vevent.value("SEQUENCE"), vevent.value("STATUS")) == ("2", "CANCELLED")
    assert vevent.value("UID") == f"event-{event.pk}@{ical.uid_domain()}"


@override_settings(
    ROUNDTABLE_EVENTS_FEED_REFRESH_HOURS=12, ROUNDTABLE_EVENTS_ICAL_UID_DOMAIN="calendar.example.org"
)
def test_calendar_properties_name_refresh_and_uid_domain(events_index):
    event = EventPageFactory(parent=events_index)
    text = ical.build_feed(
        ical.FeedInfo(key="public", name="Roundtable events", description="All of them"),
        [event],
        page_urls={},
    )
    root = check_calendar(text)
    assert root.value("X-WR-CALNAME") == root.value("NAME") == "Roundtable events"
    assert root.value("X-WR-CALDESC") == "All of them"
    assert ("REFRESH-INTERVAL", ";VALUE=DURATION", "PT12H") in root.properties
    assert root.value("X-PUBLISHED-TTL") == "PT12H"
    assert root.value("UID") == "calendar-public@calendar.example.org"
    assert root.walk("VEVENT")[0].value("UID") == f"event-{event.pk}@calendar.example.org"


def test_long_and_non_ascii_text_is_folded_within_75_octets(events_index):
    event = EventPageFactory(
        parent=events_index,
        title="Séance plénière — " + "évaluation des risques liés aux fonderies " * 4,
        introduction="Überblick über die Sorgfaltspflichten; " * 10,
    )
    text = ical.event_ics(event, join_details=None)
    check_calendar(text)
    assert parse_both(text)[0].events[0]["SUMMARY"] == event.title
