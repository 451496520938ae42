"""What a 5,000-event calendar feed costs through our code, against serialising the same events with bare
icalendar (UID, DTSTAMP, SUMMARY, DTSTART, DTEND and the VTIMEZONE blocks, nothing else) in the same run.

Printed: the whole feed request with the feed cache off (query, conditional-request validator, building,
serialising), our builder alone over events already loaded, bare icalendar over the same events, a request
without conditional headers answered from the feed cache (the validator, then the cached body), a
conditional request answered 304, and the ratios against bare icalendar. Run with `make bench`; it builds its
own throw-away SQLite database.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django

django.setup()

import datetime  # noqa: E402
import zoneinfo  # noqa: E402

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Page  # noqa: E402

import icalendar  # noqa: E402

from bench.timing import median_seconds  # noqa: E402

SIZE = 5000
ROUNDS = 3
ZONES = [
    "Europe/Brussels",
    "Europe/Amsterdam",
    "America/New_York",
    "Asia/Jakarta",
    "Australia/Sydney",
    "Africa/Nairobi",
    "Asia/Kolkata",
]
TIMEZONE_SIZES = (10, 100, 1000, SIZE)


def populate(size: int) -> None:
    """`size` live events under one index. Creating Wagtail pages one by one takes ~50 ms each, so the
    pages are copied from one made the ordinary way: Page rows in bulk, then the event rows in one batch."""
    from events.models import EventPage
    from tests.factories.events import EventPageFactory, make_event_index

    index = make_event_index()
    template = EventPageFactory(parent=index, title="Template webinar", slug="template-webinar")
    template.save_revision().publish()
    template = EventPage.objects.get(pk=template.pk)
    now = timezone.now().replace(microsecond=0)
    first = now - datetime.timedelta(days=60)
    content_type = ContentType.objects.get_for_model(EventPage)
    pages = []
    for number in range(size - 1):
        slug = f"bench-event-{number}"
        pages.append(
            Page(
                title=f"Due diligence session {number}",
                draft_title=f"Due diligence session {number}",
                slug=slug,
                content_type=content_type,
                path=Page._get_path(index.path, index.depth + 1, number + 2),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                live=True,
                locale_id=template.locale_id,
                first_published_at=template.first_published_at,
                last_published_at=template.last_published_at,
            )
        )
    Page.objects.bulk_create(pages, batch_size=500)
    Page.objects.filter(pk=index.pk).update(numchild=size)
    fields = list(EventPage._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    rows = []
    for number, page in enumerate(Page.objects.filter(slug__startswith="bench-event-").order_by("path")):
        zone = zoneinfo.ZoneInfo(ZONES[number % len(ZONES)])
        start = (first + datetime.timedelta(hours=7 * number)).astimezone(zone)
        values = {
            "page_ptr_id": page.pk,
            "start": start,
            "end": start + datetime.timedelta(hours=1, minutes=30),
            "time_zone": str(zone),
        }
        rows.append(
            [
                field.get_db_prep_save(
                    values.get(field.attname, getattr(template, field.attname)), connection
                )
                for field in fields
            ]
        )
    table = connection.ops.quote_name(EventPage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608


def bare_icalendar(events) -> bytes:
    """The same events with nothing but icalendar: the floor any feed builder stands on."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bench//bare//EN")
    calendar.add("version", "2.0")
    stamp = timezone.now()
    for event in events:
        component = icalendar.Event()
        component.add("uid", f"event-{event.pk}@bench")
        component.add("dtstamp", stamp)
        component.add("summary", event.title)
        component.add("dtstart", event.start.astimezone(zoneinfo.ZoneInfo(event.time_zone)))
        component.add("dtend", event.end.astimezone(zoneinfo.ZoneInfo(event.time_zone)))
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def main() -> None:
    from events import feeds, ical

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    populate(SIZE)
    client = Client()
    url = reverse("events:public_feed")
    uncached = override_settings(ROUNDTABLE_EVENTS_FEED_CACHE_SECONDS=0)
    with uncached, CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    event_count = response.content.count(b"BEGIN:VEVENT")
    if event_count != SIZE:
        raise SystemExit(f"the feed holds {event_count} events, not {SIZE}")
    etag = response["ETag"]

    events = list(feeds.public_events())
    urls = ical.page_urls(events)
    with uncached:
        view_time = median_seconds(lambda: client.get(url), ROUNDS)
    client.get(url)  # fills the feed cache
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(url)
    if cached.content.count(b"BEGIN:VEVENT") != SIZE:
        raise SystemExit("the cached feed does not hold every event")
    cached_query_count = len(queries)
    cached_time = median_seconds(lambda: client.get(url), ROUNDS)
    not_modified_time = median_seconds(lambda: client.get(url, headers={"If-None-Match": etag}), ROUNDS)
    builder_time = median_seconds(
        lambda: ical.build_feed(ical.FeedInfo("bench", "Bench"), events, page_urls=urls), ROUNDS
    )
    bare_time = median_seconds(lambda: bare_icalendar(events), ROUNDS)

    print(f"Calendar feed of {SIZE} events (median of {ROUNDS} runs; ratio = time / bare icalendar)")
    rows = [
        ("feed request, our code (HTTP)", view_time, f"{query_count:3d} q"),
        ("feed request, from the feed cache", cached_time, f"{cached_query_count:3d} q"),
        ("our builder over loaded events", builder_time, ""),
        ("bare icalendar, same events", bare_time, ""),
        ("conditional request answered 304", not_modified_time, ""),
    ]
    for name, seconds, queries in rows:
        print(f"{name:<36} {seconds * 1000:9.1f} ms {queries:>5}   ratio {seconds / bare_time:5.2f}")
    print(f"feed size {len(response.content) / 1024:.0f} KiB")
    print_timezone_cost(events)


def print_timezone_cost(events) -> None:
    """What the VTIMEZONE blocks cost (events.ical.vtimezone, built from zoneinfo): built once per zone and
    range of years, whatever the number of events (it grows with the years the events span, not with their
    number), then taken from the per-process cache. The only part that grows with the events is the pass
    that finds which zones and years they use."""
    from events import ical

    print(f"VTIMEZONE blocks ({len(ZONES)} zones; median of {ROUNDS} runs)")
    for size in TIMEZONE_SIZES:
        calendar = icalendar.Calendar.new(prodid="-//bench//zones//EN")
        for event in events[:size]:
            zone = zoneinfo.ZoneInfo(event.time_zone)
            calendar.add_component(
                icalendar.Event.new(
                    uid=f"{event.pk}@bench",
                    start=event.start.astimezone(zone),
                    end=event.end.astimezone(zone),
                )
            )
        ranges = ical.event_zone_ranges(calendar)

        def build_cold(ranges=ranges):
            ical.vtimezone.cache_clear()
            for tzid, (first, last) in ranges.items():
                ical.vtimezone(tzid, first, last)

        build = median_seconds(build_cold, ROUNDS)
        scan = median_seconds(lambda calendar=calendar: ical.event_zone_ranges(calendar), ROUNDS)
        build_cold()
        cached = median_seconds(
            lambda ranges=ranges: [ical.vtimezone(tzid, *years) for tzid, years in ranges.items()], ROUNDS
        )
        years = f"{min(low for low, _high in ranges.values())}-{max(high for _low, high in ranges.values())}"
        print(
            f"{size:5d} events ({years}): building {len(ranges)} VTIMEZONEs {build * 1000:7.1f} ms (once per "
            f"zone and range of years), from the cache {cached * 1e6:6.1f} µs, finding zones and years "
            f"{scan * 1000:6.1f} ms"
        )


if __name__ == "__main__":
    main()
