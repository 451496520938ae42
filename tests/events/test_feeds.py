"""Calendar feeds over HTTP: who gets which feed (access matrix), what each holds, valid text, conditional
requests and a constant number of queries."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from events.choices import EventAudience, EventKind, EventStatus, RegistrationStatus
from events.models import CalendarFeedKey, EventPage, Registration
from tests.events.conftest import PERSONAS, SCOPES, SEES
from tests.events.ical_checks import check_calendar
from tests.factories.events import EventPageFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import ThemeFactory, add_member
from working_groups.choices import Visibility

JOIN_URL = "https://video.example.org/j/8123456"
PASSCODE = "tin-2030"


def summaries(response) -> list[str]:
    root = check_calendar(response.content)
    return sorted(event.value("SUMMARY").replace("\\", "") for event in root.walk("VEVENT"))


def vevents(response) -> dict:
    root = check_calendar(response.content)
    return {event.value("SUMMARY").replace("\\", ""): event for event in root.walk("VEVENT")}


def title(scope) -> str:
    return f"Meeting ({scope})"


def assert_no_join_details(response) -> None:
    assert JOIN_URL.encode() not in response.content
    assert PASSCODE.encode() not in response.content


# --- the public calendar ---


def test_public_feed_holds_what_anonymous_visitors_see_and_no_join_link(calendar, client_for):
    members_only = EventPageFactory(
        parent=calendar.index,
        title="Members only",
        group=calendar.groups[Visibility.OPEN],
        audience=EventAudience.MEMBERS,
    )
    for persona in PERSONAS:
        response = client_for(calendar.people[persona]).get(reverse("events:public_feed"))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        # The same for everyone: a public feed never depends on who asks.
        assert summaries(response) == sorted(title(scope) for scope in SEES["anonymous"])
        assert members_only.title not in summaries(response)
        assert_no_join_details(response)


def test_public_feed_keeps_cancelled_events_and_recent_past_ones(calendar, client):
    cancelled = EventPageFactory(
        parent=calendar.index, title="Cancelled webinar", status=EventStatus.CANCELLED, status_notice="Ill."
    )
    now = timezone.now()
    EventPageFactory(
        parent=calendar.index,
        title="Last month",
        start=now - datetime.timedelta(days=30),
        end=now - datetime.timedelta(days=30, hours=-1),
    )
    EventPageFactory(
        parent=calendar.index,
        title="Years ago",
        start=now - datetime.timedelta(days=800),
        end=now - datetime.timedelta(days=800, hours=-1),
    )
    events = vevents(client.get(reverse("events:public_feed")))
    assert events[cancelled.title].value("STATUS") == "CANCELLED"
    assert "Last month" in events and "Years ago" not in events


def test_the_feed_describes_itself(calendar, client, settings):
    settings.ROUNDTABLE_EVENTS_FEED_REFRESH_HOURS = 3
    root = check_calendar(client.get(reverse("events:public_feed")).content)
    assert root.value("X-WR-CALNAME") == "Roundtable events"
    assert root.value("REFRESH-INTERVAL") == "PT3H"
    event = calendar.events["no group"]
    (vevent,) = [item for item in root.walk("VEVENT") if item.value("UID").startswith(f"event-{event.pk}@")]
    # On the site's public address (BASE_URL), not the Site record's hostname ("localhost").
    assert vevent.value("URL") == f"{settings.BASE_URL}{event.url}" != event.get_full_url()
    assert vevent.value("LOCATION") == "Online"


# --- filtered feeds ---


def test_filtered_feed_applies_the_listing_filters_to_the_public_calendar(calendar, client):
    EventPageFactory(parent=calendar.index, title="Atelier", kind=EventKind.WORKSHOP, language="fr")
    EventPageFactory(parent=calendar.index, title="Workshop", kind=EventKind.WORKSHOP, language="en")
    url = reverse("events:public_feed")
    assert summaries(client.get(url, {"kind": "workshop"})) == ["Atelier", "Workshop"]
    assert summaries(client.get(url, {"kind": "workshop", "language": "fr"})) == ["Atelier"]
    open_group = calendar.groups[Visibility.OPEN]
    assert summaries(client.get(url, {"group": open_group.slug})) == [title(Visibility.OPEN)]
    root = check_calendar(client.get(url, {"language": "fr"}).content)
    assert root.value("X-WR-CALNAME") == "Roundtable events: French"


def test_filtered_feed_by_theme_is_named_after_it(calendar, client):
    theme = ThemeFactory(name="Tin smelters")
    event = EventPageFactory(parent=calendar.index, title="Smelter mapping")
    event.themes.set([theme])
    event.save()
    response = client.get(reverse("events:public_feed"), {"theme": theme.slug})
    assert summaries(response) == ["Smelter mapping"]
    assert check_calendar(response.content).value("X-WR-CALNAME") == "Roundtable events: Tin smelters"
    theme.name = "Tin and tantalum smelters"
    theme.save()
    renamed = client.get(
        reverse("events:public_feed"), {"theme": theme.slug}, headers={"If-None-Match": response["ETag"]}
    )
    assert renamed.status_code == 200


def test_the_listings_upcoming_or_past_switch_is_not_a_feed_filter(calendar, client):
    url = reverse("events:public_feed")
    assert client.get(url, {"when": "past"})["ETag"] == client.get(url)["ETag"]


def test_filtered_feed_never_reaches_beyond_public_events(calendar, client_for):
    """Even a member filtering by their private group gets nothing from it in a public feed."""
    private = calendar.groups[Visibility.PRIVATE]
    response = client_for(calendar.people["member"]).get(
        reverse("events:public_feed"), {"group": private.slug}
    )
    assert response.status_code == 200
    assert summaries(response) == []
    # For anyone else the private group is not a valid choice at all: 400 with the reason, word for word as
    # for an unknown group, so the answer does not tell that the group exists.
    private_answer = client_for(None).get(reverse("events:public_feed"), {"group": private.slug})
    unknown_answer = client_for(None).get(reverse("events:public_feed"), {"group": "no-such-group"})
    assert private_answer.status_code == unknown_answer.status_code == 400
    assert private_answer.content == unknown_answer.content
    assert b"Select a valid choice" in private_answer.content
    assert client_for(None).get(reverse("events:public_feed"), {"kind": "party"}).status_code == 400


def test_filtered_feed_ignores_the_listings_upcoming_or_past_switch(calendar, client):
    now = timezone.now()
    EventPageFactory(
        parent=calendar.index,
        title="Last week",
        kind=EventKind.WORKSHOP,
        start=now - datetime.timedelta(days=7),
        end=now - datetime.timedelta(days=7, hours=-1),
    )
    EventPageFactory(parent=calendar.index, title="Next year", kind=EventKind.WORKSHOP)
    assert summaries(client.get(reverse("events:public_feed"), {"kind": "workshop"})) == [
        "Last week",
        "Next year",
    ]


# --- group feeds ---


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("visibility", [Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE])
def test_group_feed_access_matrix(calendar, client_for, persona, visibility):
    """Only groups anonymous visitors may see have a (public) feed: a private group's is 404 for everyone,
    its members included (they find their group's events in their personal feed)."""
    group = calendar.groups[visibility]
    response = client_for(calendar.people[persona]).get(reverse("events:group_feed", args=[group.slug]))
    if visibility == Visibility.PRIVATE:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert summaries(response) == [title(visibility)]
    assert_no_join_details(response)


def test_group_feed_leaves_out_members_only_events_and_unknown_groups_are_404(calendar, client_for):
    group = calendar.groups[Visibility.OPEN]
    EventPageFactory(parent=calendar.index, title="Members only", group=group, audience=EventAudience.MEMBERS)
    response = client_for(calendar.people["member"]).get(reverse("events:group_feed", args=[group.slug]))
    assert summaries(response) == [title(Visibility.OPEN)]
    assert client_for(None).get(reverse("events:group_feed", args=["no-such-group"])).status_code == 404


# --- per event ---


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", SCOPES)
def test_event_feed_and_download_access_matrix(calendar, client_for, persona, scope):
    event = calendar.events[scope]
    client = client_for(calendar.people[persona])
    for name in ("events:event_feed", "events:event_download"):
        response = client.get(reverse(name, args=[event.pk]))
        if scope in SEES[persona]:
            assert response.status_code == 200
            assert summaries(response) == [event.title]
            assert_no_join_details(response)  # nobody here registered
        else:
            assert response.status_code == 404


def test_members_only_event_feed_is_404_for_outsiders(calendar, client_for):
    event = EventPageFactory(
        parent=calendar.index, group=calendar.groups[Visibility.CLOSED], audience=EventAudience.MEMBERS
    )
    url = reverse("events:event_feed", args=[event.pk])
    assert client_for(None).get(url).status_code == 404
    assert client_for(calendar.people["outsider"]).get(url).status_code == 404
    assert client_for(calendar.people["member"]).get(url).status_code == 200


def test_an_unpublished_event_has_no_feed(calendar, client_for):
    event = calendar.events["no group"]
    event.unpublish()
    assert (
        client_for(calendar.people["secretariat"])
        .get(reverse("events:event_feed", args=[event.pk]))
        .status_code
        == 404
    )


def test_download_carries_join_details_only_for_a_confirmed_place(calendar, client_for):
    event = calendar.events["no group"]
    person = calendar.people["outsider"]
    url = reverse("events:event_download", args=[event.pk])
    registration = Registration.objects.create(event=event, user=person, status=RegistrationStatus.WAITLISTED)
    response = client_for(person).get(url)
    assert_no_join_details(response)
    registration.status = RegistrationStatus.CONFIRMED
    registration.save()
    response = client_for(person).get(url)
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert JOIN_URL.encode() in response.content and PASSCODE.encode() in response.content
    check_calendar(response.content)
    # The shareable event feed never carries them, even for the registered person.
    assert_no_join_details(client_for(person).get(reverse("events:event_feed", args=[event.pk])))
    assert_no_join_details(client_for(calendar.people["member"]).get(url))


# --- the personal feed ---


def personal_url(user) -> str:
    key, _created = CalendarFeedKey.objects.get_or_create(user=user)
    return reverse("events:personal_feed", args=[key.key])


def test_personal_feed_holds_registrations_and_group_events_with_join_details_only_when_registered(
    calendar, client
):
    member = calendar.people["member"]
    registered = EventPageFactory(parent=calendar.index, title="Registered webinar")
    waiting = EventPageFactory(
        parent=calendar.index, title="Full webinar", join_url="https://video.example.org/j/2"
    )
    EventPageFactory(parent=calendar.index, title="Not for me")
    Registration.objects.create(event=registered, user=member, status=RegistrationStatus.CONFIRMED)
    Registration.objects.create(event=waiting, user=member, status=RegistrationStatus.WAITLISTED)
    cancelled_place = EventPageFactory(parent=calendar.index, title="Changed my mind")
    Registration.objects.create(event=cancelled_place, user=member, status=RegistrationStatus.CANCELLED)
    response = client.get(personal_url(member))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    events = vevents(response)
    group_events = {title(scope) for scope in (Visibility.OPEN, Visibility.CLOSED, Visibility.PRIVATE)}
    assert set(events) == {"Registered webinar", "Full webinar"} | group_events
    assert JOIN_URL in events["Registered webinar"].value("DESCRIPTION")
    assert PASSCODE in events["Registered webinar"].value("DESCRIPTION")
    assert events["Registered webinar"].value("STATUS") == "CONFIRMED"
    assert events["Full webinar"].value("STATUS") == "TENTATIVE"
    assert "video.example.org/j/2" not in response.content.decode()
    for name in group_events:
        assert JOIN_URL not in events[name].value("DESCRIPTION")
        assert JOIN_URL not in events[name].value("LOCATION")


def test_personal_feed_leaves_out_what_its_owner_may_no_longer_see(calendar, client):
    outsider = calendar.people["outsider"]
    private_event = calendar.events[Visibility.PRIVATE]
    # A registration left over from a membership that ended.
    Registration.objects.create(event=private_event, user=outsider, status=RegistrationStatus.CONFIRMED)
    response = client.get(personal_url(outsider))
    assert summaries(response) == []
    assert_no_join_details(response)


def test_a_registered_conference_brings_its_sessions_with_the_join_link(calendar, client):
    person = calendar.people["outsider"]
    forum = EventPageFactory(parent=calendar.index, title="Forum", kind=EventKind.CONFERENCE)
    EventPageFactory(
        parent=forum,
        title="Opening session",
        kind=EventKind.SESSION,
        join_url="https://video.example.org/j/s1",
    )
    EventPageFactory(parent=calendar.index, title="Other", kind=EventKind.CONFERENCE)
    Registration.objects.create(event=forum, user=person, status=RegistrationStatus.CONFIRMED)
    events = vevents(client.get(personal_url(person)))
    assert set(events) == {"Forum", "Opening session"}
    assert "https://video.example.org/j/s1" in events["Opening session"].value("DESCRIPTION")


def forum_in_one_room(calendar, sessions: int = 1):
    """An online conference (JOIN_URL, PASSCODE) whose sessions have no link of their own, and one session
    with its own room."""
    forum = EventPageFactory(parent=calendar.index, title="Online forum", kind=EventKind.CONFERENCE)
    shared = [
        EventPageFactory(
            parent=forum, title=f"Shared room {number}", kind=EventKind.SESSION, join_url="", join_passcode=""
        )
        for number in range(sessions)
    ]
    EventPageFactory(
        parent=forum,
        title="Room B",
        kind=EventKind.SESSION,
        join_url="https://video.example.org/j/room-b",
        join_passcode="",
    )
    return forum, shared[0]


def test_a_session_without_a_link_carries_its_conferences_in_registered_copies_only(calendar, client_for):
    forum, session = forum_in_one_room(calendar)
    registered, waiting, outsider = UserFactory(), UserFactory(), calendar.people["outsider"]
    Registration.objects.create(event=forum, user=registered, status=RegistrationStatus.CONFIRMED)
    Registration.objects.create(event=forum, user=waiting, status=RegistrationStatus.WAITLISTED)
    # The personal feed of someone holding a place: the conference's link and passcode for the shared room,
    # the session's own link (and not the conference's passcode) for Room B.
    events = vevents(client_for(None).get(personal_url(registered)))
    description = events["Shared room 0"].value("DESCRIPTION")
    assert JOIN_URL in description and PASSCODE in description
    assert events["Shared room 0"].value("LOCATION") == JOIN_URL
    room_b = events["Room B"].value("DESCRIPTION")
    assert "https://video.example.org/j/room-b" in room_b
    assert JOIN_URL not in room_b and PASSCODE not in room_b
    assert_no_join_details(client_for(None).get(personal_url(waiting)))
    # Their own .ics download of the session.
    download = reverse("events:event_download", args=[session.pk])
    response = client_for(registered).get(download)
    assert JOIN_URL.encode() in response.content and PASSCODE.encode() in response.content
    for person in (None, outsider, waiting):
        assert_no_join_details(client_for(person).get(download))
    # Shareable and public feeds never, whoever asks.
    for person in (None, outsider, registered):
        client = client_for(person)
        assert_no_join_details(client.get(reverse("events:event_feed", args=[session.pk])))
        assert_no_join_details(client.get(reverse("events:event_feed", args=[forum.pk])))
        response = client.get(reverse("events:public_feed"))
        assert "Shared room 0" in summaries(response)
        assert_no_join_details(response)


@pytest.mark.parametrize("key", ["no-such-key", "x" * 43])
def test_an_unknown_key_is_404(calendar, client, key):
    assert client.get(reverse("events:personal_feed", args=[key])).status_code == 404


def test_a_reset_key_stops_working_at_once(calendar, client_for):
    member = calendar.people["member"]
    client = client_for(member)
    old = personal_url(member)
    assert client.get(old).status_code == 200
    response = client.post(reverse("events:my_calendar"), follow=True)
    assert "The old one no longer works" in response.text
    assert client.get(old).status_code == 404
    new = personal_url(member)
    assert new != old
    assert client_for(None).get(new).status_code == 200


def test_an_inactive_owners_key_is_404(calendar, client):
    member = calendar.people["member"]
    url = personal_url(member)
    member.is_active = False
    member.save()
    assert client.get(url).status_code == 404


def test_the_key_records_when_it_was_last_used(calendar, client):
    member = calendar.people["member"]
    client.get(personal_url(member))
    assert CalendarFeedKey.objects.get(user=member).last_used_at is not None


# --- conditional requests ---


def test_public_feed_answers_304_until_something_changes(calendar, client):
    event = calendar.events["no group"]
    event.save_revision().publish()
    url = reverse("events:public_feed")
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"')
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": 'W/"other"'}).status_code == 200
    event.title = "Renamed"
    event.save_revision().publish()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    etag = changed["ETag"]
    EventPageFactory(parent=calendar.index, title="Added")
    added = client.get(url, headers={"If-None-Match": etag})
    assert added.status_code == 200 and "Added" in summaries(added)


def test_the_etag_changes_when_an_event_leaves_the_feed(calendar, client):
    url = reverse("events:public_feed")
    etag = client.get(url)["ETag"]
    calendar.events["no group"].unpublish()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_the_etag_changes_when_an_event_moves(calendar, client):
    url = reverse("events:group_feed", args=[calendar.groups[Visibility.OPEN].slug])
    etag = client.get(url)["ETag"]
    EventPage.objects.filter(pk=calendar.events[Visibility.OPEN].pk).update(ical_sequence=5)
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_personal_feed_etag_follows_the_owners_registrations(calendar, client):
    member = calendar.people["member"]
    url = personal_url(member)
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    Registration.objects.create(
        event=calendar.events["no group"], user=member, status=RegistrationStatus.CONFIRMED
    )
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200 and JOIN_URL.encode() in response.content


# --- queries ---


def add_events(calendar, count: int, first: int = 0) -> None:
    for number in range(first, first + count):
        group = calendar.groups[[Visibility.OPEN, Visibility.PRIVATE][number % 2]]
        event = EventPageFactory(parent=calendar.index, title=f"Extra {number}", group=group)
        if number % 3 == 0:
            Registration.objects.create(
                event=event, user=calendar.people["member"], status=RegistrationStatus.CONFIRMED
            )


@pytest.mark.parametrize(
    "feed",
    ["public", "filtered", "group", "personal"],
)
def test_feeds_cost_the_same_number_of_queries_for_one_or_many_events(
    calendar, client, django_assert_num_queries, feed, settings
):
    settings.ROUNDTABLE_EVENTS_FEED_CACHE_SECONDS = (
        0  # every request builds (test_feed_cache: the cached path)
    )
    member = calendar.people["member"]
    urls = {
        "public": reverse("events:public_feed"),
        "filtered": reverse("events:public_feed") + "?kind=webinar&language=en",
        "group": reverse("events:group_feed", args=[calendar.groups[Visibility.OPEN].slug]),
        "personal": personal_url(member),
    }
    url = urls[feed]
    add_events(calendar, 1)  # one event with a place (a personal feed also reads its live rooms), then many
    client.get(url)  # warm the site root paths cache
    CalendarFeedKey.objects.update(last_used_at=timezone.now())

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count_queries()
    add_events(calendar, 12, first=1)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert len(check_calendar(response.content).walk("VEVENT")) > 6


@pytest.mark.parametrize("feed", ["personal", "download"])
def test_inherited_join_links_cost_no_queries_per_session(
    calendar, client, django_assert_num_queries, feed, settings
):
    settings.ROUNDTABLE_EVENTS_FEED_CACHE_SECONDS = 0  # every request builds
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = calendar.people["outsider"]
    forum, session = forum_in_one_room(calendar, sessions=1)
    own = EventPage.objects.get(title="Room B")
    Registration.objects.create(event=forum, user=person, status=RegistrationStatus.CONFIRMED)
    client.force_login(person)
    # The personal feed with one session, then with many; the download of a session with its own link, then
    # of one without.
    before, after = {
        "personal": (personal_url(person), personal_url(person)),
        "download": (
            reverse("events:event_download", args=[own.pk]),
            reverse("events:event_download", args=[session.pk]),
        ),
    }[feed]
    client.get(before), client.get(after)  # warm the site root paths cache
    CalendarFeedKey.objects.update(last_used_at=timezone.now())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(before).status_code == 200
    if feed == "personal":
        for number in range(1, 8):
            EventPageFactory(
                parent=forum, title=f"Later {number}", kind=EventKind.SESSION, join_url="", join_passcode=""
            )
    with django_assert_num_queries(len(queries.captured_queries)):
        response = client.get(after)
    assert JOIN_URL.encode() in response.content
    if feed == "personal":
        assert len(check_calendar(response.content).walk("VEVENT")) == 3 + 7


def test_a_second_member_sees_only_their_own_registrations(calendar, client):
    other = UserFactory()
    add_member(calendar.groups[Visibility.OPEN], other)
    Registration.objects.create(
        event=calendar.events["no group"], user=calendar.people["member"], status=RegistrationStatus.CONFIRMED
    )
    response = client.get(personal_url(other))
    assert summaries(response) == [title(Visibility.OPEN)]
    assert_no_join_details(response)
