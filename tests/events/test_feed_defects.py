"""The calendar defects of issue 16 (and the calendar 500s of issue 14), each made as the report made it."""

import datetime
import re

from django.core import mail
from django.urls import reverse

import pytest

from events import calendar_links
from events.choices import EventAudience
from events.models import EventPage
from events.views import feeds as feed_views
from tests.events.calendar_clients import PYTHON_PARSERS, icaljs_instants, isolate_tzids
from tests.events.ical_checks import check_calendar
from working_groups.choices import Visibility

PUBLIC_ADDRESS = "https://covenant.example.org"
HUGE_ID = "9" * 30


@pytest.fixture
def built(monkeypatch) -> list[str]:
    """The keys of the feeds the views built (a cache hit builds none)."""
    keys = []
    build = feed_views.build_feed

    def build_and_record(info, *args, **kwargs):
        keys.append(info.key)
        return build(info, *args, **kwargs)

    monkeypatch.setattr(feed_views, "build_feed", build_and_record)
    return keys


# --- extreme input: 400 / 404 with a message, never 500 ---


@pytest.mark.parametrize(
    "query", ["date_to=9999-12-31", "date_from=0001-01-01", "date_from=0001-01-01&date_to=9999-12-31"]
)
def test_extreme_dates_on_the_feed_answer_400_with_the_reason(calendar, client, query):
    response = client.get(reverse("events:public_feed") + "?" + query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert b"Enter a date between 1900-01-01 and 2999-12-31." in response.content


@pytest.mark.parametrize("query", ["date_to=9999-12-31", "date_from=0001-01-01"])
def test_extreme_dates_on_the_listing_answer_400_with_the_reason_beside_the_field(calendar, client, query):
    response = client.get(calendar.index.url + "?" + query)
    assert response.status_code == 400
    assert "Enter a date between 1900-01-01 and 2999-12-31." in response.content.decode()


def test_the_last_sensible_dates_still_filter(calendar, client):
    response = client.get(reverse("events:public_feed") + "?date_from=1900-01-01&date_to=2999-12-31")
    assert response.status_code == 200 and b"BEGIN:VEVENT" in response.content


@pytest.mark.parametrize("name", ["events:event_feed", "events:event_download"])
def test_a_30_digit_event_id_answers_404(calendar, client, name):
    path = reverse(name, args=[1]).replace("/1.ics", f"/{HUGE_ID}.ics").replace("/1/", f"/{HUGE_ID}/")
    assert HUGE_ID in path
    assert client.get(path).status_code == 404


# --- HEAD agrees with GET ---


@pytest.mark.parametrize("cached", [False, True])
def test_head_sends_the_length_get_sends(calendar, client, cached):
    url = reverse("events:public_feed")
    if cached:
        client.get(url)
    head = client.head(url)
    get = client.get(url)
    assert head.status_code == get.status_code == 200
    assert int(head["Content-Length"]) == len(get.content) == int(get["Content-Length"]) > 0
    assert head["ETag"] == get["ETag"] and head["Last-Modified"] == get["Last-Modified"]


# --- Last-Modified moves forward when an event leaves ---


@pytest.mark.parametrize("how", ["members only", "unpublished", "moved to a private group"])
def test_last_modified_moves_forward_when_an_event_leaves(calendar, client, how):
    url = reverse("events:public_feed")
    event = calendar.events[Visibility.OPEN if how == "members only" else "no group"]
    first = client.get(url)
    assert event.title.encode() in first.content
    assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    if how == "members only":
        event.audience = EventAudience.MEMBERS
        event.save_revision().publish()
    elif how == "unpublished":
        event.unpublish()
    else:
        EventPage.objects.filter(pk=event.pk).update(group=calendar.groups[Visibility.PRIVATE])
    again = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 200
    assert event.title.encode() not in again.content
    assert parse_http_date(again["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    # and the new version is revalidated by its own date
    assert client.get(url, headers={"If-Modified-Since": again["Last-Modified"]}).status_code == 304


def parse_http_date(value: str) -> datetime.datetime:
    return datetime.datetime.strptime(value, "%a, %d %b %Y %H:%M:%S GMT")


def test_last_modified_never_goes_back_when_the_newest_event_leaves(calendar, client):
    url = reverse("events:public_feed")
    newest = calendar.events["no group"]
    newest.save_revision().publish()  # now the newest publication in the feed
    first = client.get(url)
    newest.unpublish()
    assert parse_http_date(client.get(url)["Last-Modified"]) > parse_http_date(first["Last-Modified"])


# --- unknown parameters build nothing and cache nothing ---


def test_unknown_parameters_neither_build_the_feed_nor_take_a_cache_entry(calendar, client, built):
    url = reverse("events:public_feed")
    first = client.get(url)
    assert built == ["public"]
    for query in ("?x=1", "?utm_source=a", "?utm_source=b&x=2&y=", "?kind=webinar&x=1"):
        response = client.get(url + query)
        assert response.status_code == 200
    # the filtered feed is built once; the unknown parameters add nothing
    assert built == ["public", "public?kind=webinar"]
    assert client.get(url + "?kind=webinar&utm_source=z").status_code == 200
    assert client.get(url + "?utm_source=c")["ETag"] == first["ETag"]
    assert built == ["public", "public?kind=webinar"]


# --- SEQUENCE and UID ---


def sequence_of(event) -> int:
    return EventPage.objects.get(pk=event.pk).ical_sequence


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("room", "Room 2.14"),
        ("venue", "Hotel Metropole"),
        ("time_zone", "America/New_York"),
        ("join_url", "https://video.example.org/j/999"),
    ],
)
def test_a_change_of_place_room_or_zone_raises_the_sequence(calendar, field, value):
    event = calendar.events["no group"]
    before = sequence_of(event)
    setattr(event, field, value)
    event.save_revision().publish()
    assert sequence_of(event) == before + 1


def test_the_group_calendar_uid_never_changes(calendar, client):
    group = calendar.groups[Visibility.OPEN]
    url = reverse("events:group_feed", args=[group.slug])
    uid = check_calendar(client.get(url).content).value("UID")
    group.save_revision().publish()
    group.refresh_from_db()
    assert check_calendar(client.get(url).content).value("UID") == uid
    assert re.fullmatch(rf"calendar-group-{group.pk}@[^@]+", uid)


# --- an empty feed ---


def test_a_feed_without_events_holds_the_site_zone_and_every_parser_reads_it(db, client, settings):
    response = client.get(reverse("events:public_feed"))
    assert response.status_code == 200
    root = check_calendar(response.content)
    assert root.walk("VEVENT") == []
    (zone,) = root.walk("VTIMEZONE")
    assert zone.value("TZID") == settings.TIME_ZONE == root.value("X-WR-TIMEZONE")
    isolated = isolate_tzids(response.content)
    for name, parse in PYTHON_PARSERS.items():
        assert parse(isolated) == {}, name
    assert icaljs_instants([isolated]) == [{}]


# --- one public address ---


def test_every_calendar_link_uses_the_public_address(calendar, client, settings):
    """Not the Site record's hostname (`localhost` in the demo) nor the host the request came in on."""
    settings.BASE_URL = PUBLIC_ADDRESS
    event = calendar.events["no group"]
    texts = [
        client.get(reverse("events:public_feed"), HTTP_HOST="127.0.0.1").content.decode(),
        client.get(reverse("events:event_download", args=[event.pk])).content.decode(),
        client.get(event.url).content.decode(),
    ]
    request = client.get(event.url).wsgi_request
    context = calendar_links.calendar_context(event, request)
    texts += [context["add_to_calendar"]["google"], context["add_to_calendar"]["outlook"]]
    texts += [feed["url"] for feed in context["calendar_feeds"]]
    unfolded = [text.replace("\r\n ", "") for text in texts]
    page_url = f"{PUBLIC_ADDRESS}{event.url}"
    assert f"URL:{page_url}" in unfolded[0] and f"Event page: {page_url}" in unfolded[0]
    assert f"URL:{page_url}" in unfolded[1]
    assert "covenant.example.org" in unfolded[3] and "covenant.example.org" in unfolded[4]
    for text in unfolded:
        assert "localhost" not in text and "://testserver" not in text and "://127.0.0.1" not in text


def test_registration_emails_link_to_the_public_address(
    calendar, settings, django_capture_on_commit_callbacks
):
    from events.services.registrations import registration_create

    settings.BASE_URL = PUBLIC_ADDRESS
    event = calendar.events["no group"]
    EventPage.objects.filter(pk=event.pk).update(registration_open=True)
    event.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(user=calendar.people["outsider"], event=event)
    assert mail.outbox
    texts = "".join(message.body for message in mail.outbox)
    texts += "".join(
        attachment[1].decode() if isinstance(attachment[1], bytes) else str(attachment[1])
        for message in mail.outbox
        for attachment in message.attachments
    )
    texts = texts.replace("\r\n ", "")
    assert f"{PUBLIC_ADDRESS}{event.url}" in texts
    assert_links_on(texts, PUBLIC_ADDRESS)


def assert_links_on(text: str, address: str) -> None:
    """Every link in `text` is on `address` (or the event's own join link)."""
    links = re.findall(r"https?://[^\s\"'<>\\]+", text)
    assert links
    for link in links:
        assert link.startswith((address, "https://video.example.org/")), link
