"""The VTIMEZONE builder (events.ical.vtimezone): rules as Outlook, Google and tzurl.org publish them, onsets
in the offset before the change (RFC 5545 §3.6.5), every transition of zoneinfo in the range and no other."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil import rrule
from icalendar import Calendar, Event

from events import ical
from tests.events.calendar_clients import disagreements

# Both hemispheres, zones without DST, half-hour offsets and DST, negative DST (Dublin), rule changes
# (Sao Paulo dropped DST in 2019, Casablanca pauses it every Ramadan), the date line.
VARIED_ZONES = (
    "Europe/Brussels",
    "America/New_York",
    "Australia/Sydney",
    "Africa/Nairobi",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Europe/Dublin",
    "America/Sao_Paulo",
    "Africa/Casablanca",
    "Pacific/Chatham",
    "America/Santiago",
    "Asia/Tehran",
    "Pacific/Apia",
    "America/St_Johns",
    "Europe/London",
)


def observances(component) -> list[dict]:
    """The observances of a VTIMEZONE read back from its text: kind, DTSTART, offsets, RRULE, RDATEs."""
    found = []
    for line in component.to_ical().decode().replace("\r\n ", "").split("\r\n"):
        name, _sep, value = line.partition(":")
        if line in ("BEGIN:STANDARD", "BEGIN:DAYLIGHT"):
            found.append({"kind": value, "RDATE": []})
        elif not found or line.startswith("END:"):
            continue
        elif name == "DTSTART":
            found[-1]["DTSTART"] = datetime.strptime(value, "%Y%m%dT%H%M%S")
        elif name in ("TZOFFSETFROM", "TZOFFSETTO"):
            sign = -1 if value[0] == "-" else 1
            found[-1][name] = sign * timedelta(hours=int(value[1:3]), minutes=int(value[3:5]))
        elif name == "RRULE":
            found[-1]["RRULE"] = value
        elif name == "RDATE":
            found[-1]["RDATE"] += [datetime.strptime(item, "%Y%m%dT%H%M%S") for item in value.split(",")]
        elif name == "TZNAME":
            found[-1]["TZNAME"] = value
    return found


def only(component, kind: str) -> dict:
    (found,) = [observance for observance in observances(component) if observance["kind"] == kind]
    return found


def rule(observance: dict) -> dict:
    return dict(part.split("=") for part in observance["RRULE"].split(";"))


def test_brussels_changes_at_one_utc_written_in_the_offset_before_it():
    zone = ical.vtimezone("Europe/Brussels", 2026, 2026)
    daylight, standard = only(zone, "DAYLIGHT"), only(zone, "STANDARD")
    # 01:00 UTC = 02:00 in +01:00 (icalendar.Timezone.from_tzid writes 03:00, an hour late)
    assert daylight["DTSTART"] == datetime(2025, 3, 30, 2, 0)
    assert daylight["TZOFFSETFROM"] == timedelta(hours=1) and daylight["TZOFFSETTO"] == timedelta(hours=2)
    assert rule(daylight) == {"FREQ": "YEARLY", "BYMONTH": "3", "BYDAY": "-1SU"}
    assert standard["DTSTART"] == datetime(2025, 10, 26, 3, 0)
    assert standard["TZOFFSETFROM"] == timedelta(hours=2)
    assert rule(standard) == {"FREQ": "YEARLY", "BYMONTH": "10", "BYDAY": "-1SU"}
    assert (daylight["TZNAME"], standard["TZNAME"]) == ("CEST", "CET")


def test_new_york_and_sydney_rules():
    new_york = ical.vtimezone("America/New_York", 2026, 2027)
    assert rule(only(new_york, "DAYLIGHT"))["BYDAY"] == "2SU"
    assert only(new_york, "DAYLIGHT")["DTSTART"] == datetime(2025, 3, 9, 2, 0)
    assert rule(only(new_york, "STANDARD"))["BYDAY"] == "1SU"
    assert only(new_york, "STANDARD")["DTSTART"] == datetime(2025, 11, 2, 2, 0)
    sydney = ical.vtimezone("Australia/Sydney", 2026, 2027)
    daylight, standard = only(sydney, "DAYLIGHT"), only(sydney, "STANDARD")
    assert rule(daylight) == {"FREQ": "YEARLY", "BYMONTH": "10", "BYDAY": "1SU"}
    assert daylight["DTSTART"] == datetime(2025, 10, 5, 2, 0)
    assert daylight["TZOFFSETFROM"] == timedelta(hours=10)
    assert rule(standard) == {"FREQ": "YEARLY", "BYMONTH": "4", "BYDAY": "1SU"}
    assert standard["DTSTART"] == datetime(2025, 4, 6, 3, 0)
    assert standard["TZOFFSETFROM"] == timedelta(hours=11)


@pytest.mark.parametrize(
    ("tzid", "offset", "name"), [("Africa/Nairobi", 3, "EAT"), ("Asia/Kolkata", 5.5, "IST")]
)
def test_zones_without_daylight_saving_time_have_one_standard_observance(tzid, offset, name):
    (standard,) = observances(ical.vtimezone(tzid, 2025, 2027))
    assert standard["kind"] == "STANDARD" and standard["TZNAME"] == name
    assert standard["TZOFFSETFROM"] == standard["TZOFFSETTO"] == timedelta(hours=offset)


def local_until(text: str, offset: timedelta) -> str:
    """An RRULE's UNTIL is UTC (RFC 5545); dateutil wants it in the naive local time of DTSTART."""
    match = re.search(r"UNTIL=(\d{8}T\d{6})Z", text)
    if not match:
        return text
    local = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S") + offset
    return text.replace(match.group(0), "UNTIL=" + local.strftime("%Y%m%dT%H%M%S"))


def expanded_onsets(component, end: datetime) -> set[tuple[datetime, timedelta]]:
    """(UTC instant, offset after) of every onset the VTIMEZONE names up to `end`, expanded here with
    dateutil's rrule, apart from the builder."""
    found = set()
    for observance in observances(component):
        start = observance["DTSTART"]
        onsets = {start, *observance["RDATE"]}
        if "RRULE" in observance:
            text = local_until(observance["RRULE"], observance["TZOFFSETFROM"])
            onsets |= set(rrule.rrulestr(text, dtstart=start).between(start, end, inc=True))
        for onset in onsets:
            if onset <= end:
                found.add(
                    ((onset - observance["TZOFFSETFROM"]).replace(tzinfo=UTC), observance["TZOFFSETTO"])
                )
    return found


@pytest.mark.parametrize("tzid", VARIED_ZONES)
def test_the_onsets_are_exactly_zoneinfos_transitions(tzid):
    zone = ZoneInfo(tzid)
    component = ical.vtimezone(tzid, 2017, 2027)
    end = datetime(2028, 1, 1)
    named = {(moment, offset) for moment, offset in expanded_onsets(component, end) if moment.year >= 2016}
    wanted = set()
    moment = datetime(2016, 1, 1, tzinfo=UTC)
    before = moment.astimezone(zone).utcoffset()
    while moment < end.replace(tzinfo=UTC):
        moment += timedelta(minutes=30)
        after = moment.astimezone(zone).utcoffset()
        if after != before:
            wanted.add((moment, after))
        before = after
    # offset changes only (a change of name alone, kept as an observance, moves no clock)
    named_changes = {item for item in named if item in wanted or item[0] not in {w[0] for w in wanted}}
    assert wanted <= named, f"missing onsets: {sorted(wanted - named)[:4]}"
    extra = {
        (moment, offset)
        for moment, offset in named_changes - wanted
        if (moment - timedelta(seconds=1)).astimezone(zone).utcoffset() != offset
    }
    assert not extra, f"onsets zoneinfo does not have: {sorted(extra)[:4]}"


# vobject takes a VTIMEZONE that matches UTC at its samples of 2000-2020 for UTC and then reads times in it
# as floating: so Europe/London (+00:00 in winter, our VTIMEZONE starting after 2020) can only be checked
# with its real TZID there, which vobject reads from pytz. Every other zone goes through all four parsers.
PARSER_ZONES = tuple(tzid for tzid in VARIED_ZONES if tzid != "Europe/London")


def test_every_parser_reads_monthly_events_in_varied_zones_as_zoneinfo():
    """Beyond the five zones of the feed test: one event a month for four years in each zone above."""
    calendar = Calendar.new(prodid="-//Roundtable//Test//EN")
    expected = {}
    for tzid in PARSER_ZONES:
        zone = ZoneInfo(tzid)
        for month in range(48):
            start = datetime(2024 + month // 12, month % 12 + 1, 15, 9, 30, tzinfo=zone)
            uid = f"{tzid}-{month}@test"
            calendar.add_component(
                Event.new(
                    uid=uid,
                    start=ical.local_time(start, zone),
                    end=ical.local_time(start + timedelta(hours=8), zone),
                )
            )
            expected[uid] = (int(start.timestamp()), int(start.timestamp()) + 8 * 3600)
    ical.add_timezones(calendar)
    assert disagreements([calendar.to_ical()], expected) == []


def test_a_time_in_the_repeated_hour_is_written_in_utc():
    zone = ZoneInfo("Europe/Brussels")
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = first + timedelta(hours=1)  # 02:30 CET
    assert ical.local_time(first, zone).tzinfo is UTC and ical.local_time(second, zone).tzinfo is UTC
    assert ical.local_time(first - timedelta(hours=1), zone).tzinfo is zone


def test_built_once_per_zone_and_range_whatever_the_number_of_events(monkeypatch):
    ical.vtimezone.cache_clear()
    calls = []
    transitions = ical.zone_transitions
    monkeypatch.setattr(ical, "zone_transitions", lambda *args: calls.append(args) or transitions(*args))
    zone = ZoneInfo("Europe/Brussels")
    for count in (1, 200):
        calendar = Calendar.new(prodid="-//Roundtable//Test//EN")
        for number in range(count):
            start = datetime(2026, 1, 1, 10, tzinfo=zone) + timedelta(days=number)
            calendar.add_component(
                Event.new(uid=f"{number}@test", start=start, end=start + timedelta(hours=1))
            )
        ical.add_timezones(calendar)
        assert len(calendar.walk("VTIMEZONE")) == 1
    assert calls == [("Europe/Brussels", datetime(2025, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))]
    assert ical.vtimezone("Europe/Brussels", 2026, 2026) is ical.vtimezone("Europe/Brussels", 2026, 2026)


def test_no_rdate_line_lists_more_than_one_date():
    """ical.js and vobject keep only the first date of a multi-valued RDATE."""
    for tzid in VARIED_ZONES:
        text = ical.vtimezone(tzid, 2016, 2027).to_ical().decode().replace("\r\n ", "")
        for line in text.split("\r\n"):
            if line.startswith("RDATE"):
                assert "," not in line, (tzid, line)


def test_a_far_future_event_does_not_make_the_builder_scan_millennia():
    """An end typed as the year 9000: the range stops VTIMEZONE_MAX_YEARS on, where the rules in force are
    written without an end, so they still reach that event."""
    component = ical.vtimezone("Europe/Brussels", 2026, 9000)
    for observance in observances(component):
        assert "UNTIL" not in observance.get("RRULE", "")
    assert only(component, "DAYLIGHT")["RRULE"] == "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
