"""Built calendar feeds are cached under their address, language and ETag: a poll without conditional headers
costs only the validator queries, and no change, private event or other person's feed ever shows through a
cached copy."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from events import feeds
from events.choices import EventAudience, EventKind, RegistrationStatus
from events.models import CalendarFeedKey, EventPage, Registration
from events.views import feeds as feed_views
from tests.events.ical_checks import check_calendar
from tests.factories.events import EventPageFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group
from working_groups.choices import Visibility

JOIN_URL = "https://video.example.org/j/8123456"
RESILIENT_REDIS_DOWN = {
    "default": {
        "BACKEND": "cms.cache_backend.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def personal_url(user) -> str:
    key, _created = CalendarFeedKey.objects.get_or_create(user=user)
    return reverse("events:personal_feed", args=[key.key])


def fetch(client, url, **kwargs):
    """The response and the number of queries it cost."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response, len(queries)


def summaries(response) -> list[str]:
    root = check_calendar(response.content)
    return sorted(event.value("SUMMARY").replace("\\", "") for event in root.walk("VEVENT"))


@pytest.fixture(autouse=True)
def built(monkeypatch) -> list[str]:
    """The keys of the feeds the views built since the list was last cleared (a cache hit builds none)."""
    keys = []
    build = feed_views.build_feed

    def build_and_record(info, *args, **kwargs):
        keys.append(info.key)
        return build(info, *args, **kwargs)

    monkeypatch.setattr(feed_views, "build_feed", build_and_record)
    return keys


def feed_urls(calendar) -> dict[str, str]:
    return {
        "public": reverse("events:public_feed"),
        "filtered": reverse("events:public_feed") + "?kind=webinar&language=en",
        "group": reverse("events:group_feed", args=[calendar.groups[Visibility.OPEN].slug]),
        "event": reverse("events:event_feed", args=[calendar.events["no group"].pk]),
        "personal": personal_url(calendar.people["member"]),
    }


@pytest.fixture
def warm(client, built):
    """Fetch once (filling the cache and the site root paths cache); the key's "last used" time is fresh."""

    def fetch_first(url, **kwargs):
        response, queries = fetch(client, url, **kwargs)
        CalendarFeedKey.objects.update(last_used_at=timezone.now())
        built.clear()
        return response, queries

    return fetch_first


# --- hits ---


@pytest.mark.parametrize("feed", ["public", "filtered", "group", "event", "personal"])
def test_a_second_request_is_served_from_the_cache(calendar, client, warm, built, feed):
    url = feed_urls(calendar)[feed]
    first, first_queries = warm(url)
    second, second_queries = fetch(client, url)
    assert not built
    assert second_queries < first_queries
    assert second.content == first.content
    assert second["ETag"] == first["ETag"] and second["Content-Type"] == "text/calendar; charset=utf-8"


def test_the_cached_path_costs_only_the_validator_queries_whatever_the_size(
    calendar, client, warm, django_assert_num_queries
):
    url = reverse("events:public_feed")
    warm(url)
    with CaptureQueriesContext(connection) as hit:
        client.get(url)
    for number in range(8):
        EventPageFactory(parent=calendar.index, title=f"Extra {number}")
    warm(url)
    with django_assert_num_queries(len(hit)):
        response = client.get(url)
    assert len(check_calendar(response.content).walk("VEVENT")) == 3 + 8


def test_a_head_request_is_answered_from_the_cache_without_a_body(calendar, client, warm, built):
    url = reverse("events:public_feed")
    first, first_queries = warm(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.head(url)
    assert response.status_code == 200 and response.content == b"" and response["ETag"] == first["ETag"]
    assert not built and len(queries) < first_queries


def test_the_same_filters_in_another_order_share_one_copy(calendar, client, warm, built):
    warm(reverse("events:public_feed") + "?kind=webinar&language=en")
    fetch(client, reverse("events:public_feed") + "?language=en&kind=webinar")
    assert not built


# --- never stale ---


def test_an_event_edit_shows_at_once(calendar, client, warm, built):
    url = reverse("events:public_feed")
    event = calendar.events["no group"]
    event.save_revision().publish()
    warm(url)
    event.title = "Renamed meeting"
    event.save_revision().publish()
    response, _queries = fetch(client, url)
    assert built
    assert "Renamed meeting" in summaries(response) and "Meeting (no group)" not in summaries(response)


def test_a_cancellation_shows_at_once(calendar, client, warm):
    url = reverse("events:event_feed", args=[calendar.events["no group"].pk])
    warm(url)
    event = EventPage.objects.get(pk=calendar.events["no group"].pk)
    event.status, event.status_notice = "cancelled", "The speaker is ill."
    event.save_revision().publish()
    response, _queries = fetch(client, url)
    (vevent,) = check_calendar(response.content).walk("VEVENT")
    assert vevent.value("STATUS") == "CANCELLED" and "The speaker is ill." in vevent.value("DESCRIPTION")


def test_a_sequence_bump_shows_at_once(calendar, client, warm):
    url = reverse("events:group_feed", args=[calendar.groups[Visibility.OPEN].slug])
    warm(url)
    EventPage.objects.filter(pk=calendar.events[Visibility.OPEN].pk).update(ical_sequence=5)
    response, _queries = fetch(client, url)
    (vevent,) = check_calendar(response.content).walk("VEVENT")
    assert vevent.value("SEQUENCE") == "5"


def test_moving_an_event_changes_its_address_at_once(calendar, client, warm):
    """A move changes the event's url_path without re-publishing it (nor the index, whose address is in the
    feed's own identity)."""
    forum = EventPageFactory(parent=calendar.index, title="Forum", kind=EventKind.CONFERENCE)
    url = reverse("events:public_feed")
    first, _queries = warm(url)
    assert b"/events/meeting-no-group/" in first.content.replace(b"\r\n ", b"")
    calendar.events["no group"].move(forum, pos="last-child")
    response, _queries = fetch(client, url)
    unfolded = response.content.replace(b"\r\n ", b"")
    assert b"/events/forum/meeting-no-group/" in unfolded and b"/events/meeting-no-group/" not in unfolded


def test_an_event_switched_to_members_only_leaves_the_public_feeds_at_once(calendar, client, warm):
    event = calendar.events[Visibility.OPEN]
    urls = [
        reverse("events:public_feed"),
        reverse("events:group_feed", args=[calendar.groups[Visibility.OPEN].slug]),
    ]
    for url in urls:
        first, _queries = warm(url)
        assert "Meeting (open)" in summaries(first)
    event.audience = EventAudience.MEMBERS
    event.save_revision().publish()
    for url in urls:
        response, _queries = fetch(client, url)
        assert "Meeting (open)" not in summaries(response)
    assert client.get(reverse("events:event_feed", args=[event.pk])).status_code == 404


def test_a_group_going_private_takes_its_events_out_of_the_public_feed_at_once(calendar, client, warm):
    url = reverse("events:public_feed")
    warm(url)
    group = calendar.groups[Visibility.OPEN]
    group.visibility = Visibility.PRIVATE
    group.save_revision().publish()
    response, _queries = fetch(client, url)
    assert "Meeting (open)" not in summaries(response)
    group_url = reverse("events:group_feed", args=[group.slug])
    assert client.get(group_url).status_code == 404


def test_two_groups_swapping_visibility_never_serve_the_old_copy(calendar, client, warm):
    """Events 1 and 4 leave while 2 and 3 arrive: the same number of events, the same sum of ids, the same
    last publication and SEQUENCE — a count-and-sum validator would not see it."""
    group_index = calendar.groups[Visibility.OPEN].get_parent()
    opening = make_group(group_index, Visibility.PRIVATE, title="Opening group")
    closing = make_group(group_index, Visibility.OPEN, title="Closing group")
    events = [
        EventPageFactory(parent=calendar.index, title=f"Swap {number}", group=group)
        for number, group in enumerate((closing, opening, opening, closing), start=1)
    ]
    pks = [event.pk for event in events]
    assert pks[0] + pks[3] == pks[1] + pks[2]
    url = reverse("events:public_feed")
    first, _queries = warm(url)
    assert {"Swap 1", "Swap 4"} <= set(summaries(first)) and "Swap 2" not in summaries(first)
    for group, visibility in ((opening, Visibility.OPEN), (closing, Visibility.PRIVATE)):
        # Visibility is a setting of the live group, changed without touching the events.
        type(group).objects.filter(pk=group.pk).update(visibility=visibility)
    response, _queries = fetch(client, url)
    assert {"Swap 2", "Swap 3"} <= set(summaries(response))
    assert not {"Swap 1", "Swap 4"} & set(summaries(response))


def test_a_language_never_gets_another_languages_copy(calendar, client, warm, built):
    url = reverse("events:public_feed")
    dutch, _queries = warm(url, headers={"Accept-Language": "nl"})
    english, _queries = fetch(client, url, headers={"Accept-Language": "en"})
    assert built and dutch["ETag"] != english["ETag"]
    assert (
        b"Pagina van de bijeenkomst" in dutch.content and b"Pagina van de bijeenkomst" not in english.content
    )


def test_two_filters_get_their_own_copies(calendar, client, warm, built):
    calendar.events["no group"].kind = "conference"
    calendar.events["no group"].save_revision().publish()
    base = reverse("events:public_feed")
    webinars, _queries = warm(base + "?kind=webinar")
    conferences, _queries = fetch(client, base + "?kind=conference")
    assert built
    assert summaries(conferences) == ["Meeting (no group)"]
    assert "Meeting (no group)" not in summaries(webinars) and summaries(webinars)


# --- people ---


def test_two_peoples_personal_feeds_never_share_a_copy(calendar, client, warm, built):
    member = calendar.people["member"]
    other = UserFactory()
    for group in calendar.groups.values():
        add_member(group, other)
    Registration.objects.create(
        event=calendar.events[Visibility.OPEN], user=member, status=RegistrationStatus.CONFIRMED
    )
    mine, _queries = warm(personal_url(member))
    theirs, _queries = fetch(client, personal_url(other))
    assert built
    assert JOIN_URL.encode() in mine.content and JOIN_URL.encode() not in theirs.content
    assert f"personal-{other.pk}@".encode() in theirs.content
    assert f"personal-{member.pk}@".encode() not in theirs.content


def test_a_registration_shows_in_the_personal_feed_at_once(calendar, client, warm):
    member = calendar.people["member"]
    url = personal_url(member)
    registration = Registration.objects.create(
        event=calendar.events["no group"], user=member, status=RegistrationStatus.WAITLISTED
    )
    first, _queries = warm(url)
    assert JOIN_URL.encode() not in first.content
    registration.status = RegistrationStatus.CONFIRMED
    registration.save()
    response, _queries = fetch(client, url)
    assert JOIN_URL.encode() in response.content


def test_a_reset_key_is_404_although_its_feed_was_cached(calendar, client, warm):
    member = calendar.people["member"]
    url = personal_url(member)
    warm(url)
    CalendarFeedKey.objects.filter(user=member).delete()
    assert client.get(url).status_code == 404


def test_the_cache_key_holds_neither_the_personal_key_nor_its_prefix(calendar):
    member = calendar.people["member"]
    url = personal_url(member)
    secret = CalendarFeedKey.objects.get(user=member).key
    key = feeds.feed_cache_key(RequestFactory().get(url), feeds.FeedState(etag='W/"x"', last_modified=None))
    assert secret[: feeds.FEED_KEY_SELECTOR_LENGTH] not in key


@pytest.mark.parametrize("feed", ["event", "filtered"])
def test_signed_in_visitors_feeds_that_read_the_session_are_not_cached(calendar, client, built, feed):
    """The event feed (who may fetch a members-only event) and the filtered feed (the groups offered) read
    the session; calendar clients never send one."""
    client.force_login(calendar.people["member"])
    url = feed_urls(calendar)[feed]
    client.get(url)
    built.clear()
    fetch(client, url)
    assert built


def test_a_members_only_event_feed_fetched_by_a_member_never_reaches_an_outsider(calendar, client_for):
    event = calendar.events[Visibility.PRIVATE]
    url = reverse("events:event_feed", args=[event.pk])
    assert client_for(calendar.people["member"]).get(url).status_code == 200
    assert client_for(None).get(url).status_code == 404
    assert client_for(calendar.people["outsider"]).get(url).status_code == 404


# --- limits and failures ---


def test_a_feed_above_the_size_cap_is_not_cached(calendar, client, warm, built, settings):
    settings.ROUNDTABLE_EVENTS_FEED_CACHE_MAX_BYTES = 100
    url = reverse("events:public_feed")
    warm(url)
    fetch(client, url)
    assert built


def test_caching_can_be_turned_off(calendar, client, warm, built, settings):
    settings.ROUNDTABLE_EVENTS_FEED_CACHE_SECONDS = 0
    url = reverse("events:public_feed")
    warm(url)
    fetch(client, url)
    assert built


@pytest.mark.parametrize("caches", [RESILIENT_REDIS_DOWN, DUMMY], ids=["redis-down", "dummy"])
def test_the_feed_is_served_while_the_cache_is_down(calendar, client, built, settings, caches):
    settings.CACHES = caches
    url = reverse("events:public_feed")
    for _attempt in range(2):
        built.clear()
        response, _queries = fetch(client, url)
        assert built and "Meeting (open)" in summaries(response)
    assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304
