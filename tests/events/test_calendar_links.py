"""Links to people's calendars: add-to-calendar (Google, Outlook on the web, .ics), the feeds each page
advertises in its head and as webcal:// subscribe links, and the member's own calendar page."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

import pytest

from events.calendar_links import calendar_context, index_feed_context, webcal_url
from events.choices import AttendanceMode, EventAudience, RegistrationStatus
from events.models import CalendarFeedKey, Registration
from tests.factories.events import BRUSSELS, EventPageFactory
from working_groups.choices import Visibility

PUBLIC_ADDRESS = "https://covenant.example.org"


@pytest.fixture(autouse=True)
def public_address(settings):
    """Links are built on BASE_URL, not on the host the request came in on (the test client's
    "testserver")."""
    settings.BASE_URL = PUBLIC_ADDRESS


JOIN_URL = "https://video.example.org/j/8123456"
ALTERNATE = re.compile(r'<link rel="alternate" type="text/calendar" title="([^"]*)" href="([^"]*)">')


def request_for(user=None, path="/", **params):
    request = RequestFactory().get(path, params)
    request.user = user or AnonymousUser()
    return request


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
def webinar(calendar):
    return EventPageFactory(
        parent=calendar.index,
        title="Gender due diligence in practice",
        start=datetime.datetime(2030, 3, 26, 14, tzinfo=BRUSSELS),
        end=datetime.datetime(2030, 3, 26, 15, 30, tzinfo=BRUSSELS),
        attendance=AttendanceMode.HYBRID,
        venue="Covenant office, The Hague",
    )


def test_google_and_outlook_links_carry_the_event_in_utc_and_its_zone(webinar):
    links = calendar_context(webinar, request_for())["add_to_calendar"]
    google = urlsplit(links["google"])
    assert f"{google.scheme}://{google.netloc}{google.path}" == "https://calendar.google.com/calendar/render"
    params = query(links["google"])
    assert params["action"] == "TEMPLATE"
    assert params["text"] == "Gender due diligence in practice"
    assert params["dates"] == "20300326T130000Z/20300326T143000Z"
    assert params["ctz"] == "Europe/Brussels"
    assert params["location"] == "Covenant office, The Hague · Online"
    assert f"https://covenant.example.org{webinar.url}" in params["details"]
    outlook = query(links["outlook"])
    assert links["outlook"].startswith("https://outlook.live.com/calendar/0/action/compose?")
    assert (outlook["startdt"], outlook["enddt"]) == ("2030-03-26T13:00:00Z", "2030-03-26T14:30:00Z")
    assert outlook["subject"] == webinar.title
    assert links["ics"] == reverse("events:event_download", args=[webinar.pk])


@pytest.mark.parametrize("status", [None, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED])
def test_add_to_calendar_links_hold_no_join_link_without_a_confirmed_place(calendar, webinar, status):
    person = calendar.people["outsider"]
    if status:
        Registration.objects.create(event=webinar, user=person, status=status)
    links = calendar_context(webinar, request_for(person))["add_to_calendar"]
    assert not links["with_join_details"]
    assert JOIN_URL not in links["google"] + links["outlook"]


def test_a_registered_person_gets_the_join_link_in_their_add_to_calendar_links(calendar, webinar):
    person = calendar.people["outsider"]
    Registration.objects.create(event=webinar, user=person, status=RegistrationStatus.CONFIRMED)
    links = calendar_context(webinar, request_for(person))["add_to_calendar"]
    assert links["with_join_details"]
    assert JOIN_URL in query(links["google"])["details"]
    assert JOIN_URL in query(links["outlook"])["body"]


def test_a_public_event_advertises_its_own_and_its_groups_feed(calendar):
    event = EventPageFactory(parent=calendar.index, group=calendar.groups[Visibility.CLOSED])
    context = calendar_context(event, request_for())
    urls = [feed["url"] for feed in context["calendar_feeds"]]
    group = calendar.groups[Visibility.CLOSED]
    assert urls == [
        f"https://covenant.example.org/calendar/events/{event.pk}.ics",
        f"https://covenant.example.org/calendar/groups/{group.slug}.ics",
    ]
    assert [feed["webcal_url"] for feed in context["calendar_feeds"]] == [webcal_url(url) for url in urls]
    assert context["personal_calendar_url"] == ""


@pytest.mark.parametrize(
    ("visibility", "audience"),
    [(Visibility.PRIVATE, EventAudience.PUBLIC), (Visibility.OPEN, EventAudience.MEMBERS)],
)
def test_an_event_outside_public_feeds_advertises_only_the_personal_calendar(calendar, visibility, audience):
    event = EventPageFactory(parent=calendar.index, group=calendar.groups[visibility], audience=audience)
    context = calendar_context(event, request_for(calendar.people["member"]))
    assert context["calendar_feeds"] == []
    assert context["personal_calendar_url"] == reverse("events:my_calendar")


def test_webcal_url_swaps_the_scheme():
    assert webcal_url("https://example.org/calendar/events.ics?kind=webinar") == (
        "webcal://example.org/calendar/events.ics?kind=webinar"
    )


def test_index_offers_the_public_feed_and_the_filtered_one(calendar):
    plain = index_feed_context(calendar.index, request_for())
    assert plain["calendar_feed_url"] == "https://covenant.example.org/calendar/events.ics"
    assert len(plain["calendar_feeds"]) == 1
    filtered = index_feed_context(
        calendar.index, request_for(path="/events/", kind="webinar", language="fr", page="2", q="x")
    )
    assert (
        filtered["calendar_feed_url"]
        == "https://covenant.example.org/calendar/events.ics?kind=webinar&language=fr"
    )
    assert [feed["url"] for feed in filtered["calendar_feeds"]][1] == plain["calendar_feed_url"]


def test_event_page_renders_head_link_subscribe_and_add_to_calendar_links(calendar, client, webinar):
    response = client.get(webinar.url)
    assert response.status_code == 200
    html = response.text
    feed_url = f"https://covenant.example.org/calendar/events/{webinar.pk}.ics"
    assert (webinar.title, feed_url) in ALTERNATE.findall(html)
    assert f'href="{webcal_url(feed_url)}"' in html
    assert "https://calendar.google.com/calendar/render?" in html
    assert "https://outlook.live.com/calendar/0/action/compose?" in html
    assert reverse("events:event_download", args=[webinar.pk]) in html
    assert JOIN_URL not in html


def test_event_index_advertises_the_public_feed(calendar, client):
    html = client.get(calendar.index.url).text
    assert ("Roundtable events", "https://covenant.example.org/calendar/events.ics") in ALTERNATE.findall(
        html
    )
    assert 'href="webcal://covenant.example.org/calendar/events.ics"' in html


@pytest.mark.parametrize(
    ("visibility", "advertised"),
    [(Visibility.OPEN, True), (Visibility.CLOSED, True), (Visibility.PRIVATE, False)],
)
def test_group_page_advertises_the_groups_public_feed(calendar, client_for, visibility, advertised):
    group = calendar.groups[visibility]
    html = client_for(calendar.people["member"]).get(group.url).text
    feed_url = f"https://covenant.example.org/calendar/groups/{group.slug}.ics"
    assert (feed_url in [url for _title, url in ALTERNATE.findall(html)]) is advertised
    assert (f'href="{webcal_url(feed_url)}"' in html) is advertised


def test_my_calendar_needs_signing_in(client):
    response = client.get(reverse("events:my_calendar"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_my_calendar_shows_the_address_and_resets_it(calendar, client_for):
    member = calendar.people["member"]
    client = client_for(member)
    response = client.get(reverse("events:my_calendar"))
    assert response.status_code == 200
    key = CalendarFeedKey.objects.get(user=member).key
    feed_url = f"https://covenant.example.org/calendar/personal/{key}.ics"
    assert f'value="{feed_url}"' in response.text
    assert f'href="{webcal_url(feed_url)}"' in response.text
    assert 'aria-current="page">My calendar<' in response.text
    response = client.post(reverse("events:my_calendar"), follow=True)
    new_key = CalendarFeedKey.objects.get(user=member).key
    assert new_key != key
    assert new_key in response.text and key not in response.text
    assert "Your calendar has a new address." in response.text


def test_the_account_pages_link_to_my_calendar(calendar, client_for):
    html = client_for(calendar.people["member"]).get(reverse("profile")).text
    assert f'href="{reverse("events:my_calendar")}"' in html
