"""The event pages a visitor opens: an event of an invisible group answers 404, the index lists and filters
only what the visitor may see, the home page shows the next events, and no join link is on a public page."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from events.choices import EventKind
from tests.factories.events import EventPageFactory
from working_groups.choices import Visibility

from .conftest import PERSONAS, SCOPES, SEES


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", SCOPES)
def test_event_page_answers_404_when_the_group_is_invisible(calendar, client_for, persona, scope):
    event = calendar.events[scope]
    response = client_for(calendar.people[persona]).get(event.url)
    if scope in SEES[persona]:
        assert response.status_code == 200
        assert event.title in response.text
    else:
        assert response.status_code == 404
        assert event.title not in response.text


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_join_link_and_passcode_are_never_on_the_event_page(calendar, client_for, persona):
    event = calendar.events["no group"]
    response = client_for(calendar.people[persona]).get(event.url)
    assert response.status_code == 200
    assert event.join_url not in response.text
    assert event.join_passcode not in response.text


@pytest.mark.parametrize("persona", PERSONAS)
def test_index_lists_the_upcoming_events_the_visitor_may_see(calendar, client_for, persona):
    past = EventPageFactory(
        parent=calendar.index,
        title="A webinar long gone",
        start=timezone.now() - datetime.timedelta(days=30),
        end=timezone.now() - datetime.timedelta(days=30, hours=-1),
    )
    response = client_for(calendar.people[persona]).get(calendar.index.url)
    assert response.status_code == 200
    listed = {event.pk for event in response.context["events"].object_list}
    assert listed == {calendar.events[scope].pk for scope in SEES[persona]}
    assert past.title not in response.text
    private = calendar.groups[Visibility.PRIVATE]
    assert (private.title in response.text) is (Visibility.PRIVATE in SEES[persona])


def test_index_filters_by_type_and_group(calendar, client_for):
    client = client_for(calendar.people["member"])
    workshop = EventPageFactory(
        parent=calendar.index,
        title="Grievance workshop",
        kind=EventKind.WORKSHOP,
        group=calendar.groups["open"],
    )
    by_kind = client.get(calendar.index.url, {"kind": EventKind.WORKSHOP})
    assert [event.pk for event in by_kind.context["events"].object_list] == [workshop.pk]
    open_group = calendar.groups[Visibility.OPEN]
    by_group = client.get(calendar.index.url, {"group": open_group.slug})
    assert {event.pk for event in by_group.context["events"].object_list} == {
        calendar.events[Visibility.OPEN].pk,
        workshop.pk,
    }


def test_outsiders_cannot_filter_by_a_private_group(calendar, client_for):
    """The facet does not offer the private group: its slug is refused like any unknown choice, the form says
    the filter was left out, and the list still shows only what the outsider may see."""
    private = calendar.groups[Visibility.PRIVATE]
    response = client_for(calendar.people["outsider"]).get(calendar.index.url, {"group": private.slug})
    # 400, as for a slug no group has: the answer does not tell that the group exists
    unknown = client_for(calendar.people["outsider"]).get(calendar.index.url, {"group": "no-such-group"})
    assert response.status_code == unknown.status_code == 400
    assert "This filter was left out." in response.text
    listed = {event.pk for event in response.context["events"].object_list}
    assert listed == {calendar.events[scope].pk for scope in SEES["outsider"]}
    assert calendar.events[Visibility.PRIVATE].title not in response.text
    assert private.title not in response.text


def test_index_costs_the_same_queries_for_few_and_many_events(
    calendar, client_for, django_assert_num_queries
):
    client = client_for(calendar.people["member"])
    client.get(calendar.index.url)  # warm the site root and settings caches
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(calendar.index.url).context["events"].object_list) == 4
    for number in range(15):
        EventPageFactory(
            parent=calendar.index, title=f"Extra session {number}", group=calendar.groups["closed"]
        )
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(calendar.index.url).context["events"].object_list) == 19


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_page_shows_the_next_events_the_visitor_may_see(calendar, client_for, persona):
    """The private group's meeting comes first, so it would show for everyone if it leaked."""
    private = calendar.events[Visibility.PRIVATE]
    private.start = calendar.events["no group"].start - datetime.timedelta(days=7)
    private.end = private.start + datetime.timedelta(hours=2)
    private.save_revision().publish()
    response = client_for(calendar.people[persona]).get(calendar.home.url)
    assert response.status_code == 200
    assert "Upcoming events" in response.text
    shown = {event.title for event in calendar.events.values() if event.title in response.text}
    visible = sorted((calendar.events[scope] for scope in SEES[persona]), key=lambda event: event.start)
    assert shown == {event.title for event in visible[:3]}
    assert calendar.index.url in response.text


def test_home_page_has_no_events_section_without_events(calendar, client_for):
    for event in calendar.events.values():
        event.unpublish()
    response = client_for(None).get(calendar.home.url)
    assert "Upcoming events" not in response.text


def test_event_times_are_shown_in_the_event_zone_not_the_site_zone(calendar, client_for):
    """A webinar announced for 9:00 in New York is 15:00 in Amsterdam (the site's zone): it says 9:00."""
    event = EventPageFactory(
        parent=calendar.index,
        title="Webinar with the US smelter initiative",
        start=datetime.datetime(2030, 6, 4, 13, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 6, 4, 14, 30, tzinfo=datetime.UTC),
        time_zone="America/New_York",
    )
    response = client_for(None).get(event.url)
    assert "Tuesday 4 June 2030, 09:00</time>" in response.text
    assert ">10:30</time>" in response.text
    assert "America/New_York" in response.text
    assert "15:00" not in response.text


# --- The event page itself ---------------------------------------------------------------------------------


def make_speaker(name, **fields):
    from events.models import Speaker

    return Speaker.objects.create(name=name, **fields)


def test_event_page_shows_type_facts_themes_and_people(calendar, client_for):
    from events.choices import SpeakerRole
    from events.models import EventSpeaker
    from tests.factories.working_groups import OrganisationFactory, ThemeFactory

    party = OrganisationFactory(name="Delta Circuit Components")
    speaker = make_speaker(
        "Amina Diallo", role="Head of responsible sourcing", organisation=party, bio="Maps smelters."
    )
    moderator = make_speaker("Marieke de Vries", role="Coordinator", organisation_name="Covenant secretariat")
    event = calendar.events[Visibility.OPEN]
    event.speakers = [
        EventSpeaker(speaker=speaker, role=SpeakerRole.SPEAKER),
        EventSpeaker(speaker=moderator, role=SpeakerRole.MODERATOR),
    ]
    event.themes = [ThemeFactory(name="Gender equality")]
    event.language = "nl"
    event.save_revision().publish()
    response = client_for(None).get(event.url)
    text = response.text
    assert response.status_code == 200
    assert '<span class="badge">Webinar</span>' in text
    assert "Gender equality" in text
    assert "Dutch" in text
    assert f'href="{calendar.groups[Visibility.OPEN].url}"' in text
    assert "Everyone" in text
    assert "Amina Diallo" in text and "Head of responsible sourcing, Delta Circuit Components" in text
    assert "Maps smelters." in text
    assert '<h2 id="event-moderators-heading">Moderators</h2>' in text
    assert "Coordinator, Covenant secretariat" in text
    assert text.index("event-speakers-heading") < text.index("event-moderators-heading")


@pytest.mark.parametrize(("status", "heading"), [("cancelled", "cancelled"), ("postponed", "postponed")])
def test_a_cancelled_or_postponed_event_stays_visible_with_its_notice(calendar, client_for, status, heading):
    event = calendar.events["no group"]
    event.status = status
    event.status_notice = "The speakers cannot travel. We will announce a new date."
    event.save_revision().publish()
    response = client_for(None).get(event.url)
    assert response.status_code == 200
    assert f"This event has been {heading}" in response.text
    assert "The speakers cannot travel. We will announce a new date." in response.text
    index = client_for(None).get(calendar.index.url)
    assert event.title in index.text
    assert f'<span class="badge badge--warning">{heading.capitalize()}</span>' in index.text


def past_event(calendar, **fields):
    start = timezone.now() - datetime.timedelta(days=10)
    return EventPageFactory(
        parent=calendar.index, start=start, end=start + datetime.timedelta(hours=1), **fields
    )


def test_a_youtube_recording_plays_from_youtube_nocookie_with_a_title(calendar, client_for):
    event = past_event(calendar, title="Smelter mapping", recording_url="https://youtu.be/dQw4w9WgXcQ")
    text = client_for(None).get(event.url).text
    assert '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in text
    assert 'title="Recording of Smelter mapping"' in text
    assert "After the event" in text


def test_an_unknown_recording_host_is_a_plain_link(calendar, client_for):
    event = past_event(calendar, recording_url="https://media.example.org/forum.mp4")
    text = client_for(None).get(event.url).text
    assert "<iframe" not in text
    assert '<a href="https://media.example.org/forum.mp4" rel="noopener">Watch the recording</a>' in text


def test_slides_and_summary_are_shown_after_the_event(calendar, client_for):
    from django.core.files.base import ContentFile

    from wagtail.documents.models import Document

    from events.models import EventDocument

    document = Document.objects.create(title="deck", file=ContentFile(b"%PDF-1.4", name="deck.pdf"))
    event = past_event(
        calendar,
        summary=[("paragraph", "<p>Participants asked for a shared template.</p>")],
    )
    event.documents = [EventDocument(document=document, title="Smelter mapping slides")]
    event.save_revision().publish()
    text = client_for(None).get(event.url).text
    assert "Smelter mapping slides" in text and document.url in text
    assert "Participants asked for a shared template." in text


def test_a_conference_lists_its_sessions_and_a_session_links_back(calendar, client_for):
    conference = EventPageFactory(
        parent=calendar.index,
        title="Covenant Forum",
        kind=EventKind.CONFERENCE,
        start=datetime.datetime(2030, 5, 12, 9, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 5, 13, 16, tzinfo=datetime.UTC),
    )
    later = EventPageFactory(
        parent=conference,
        title="Closing plenary",
        kind=EventKind.SESSION,
        room="Main hall",
        start=datetime.datetime(2030, 5, 13, 14, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 5, 13, 15, tzinfo=datetime.UTC),
    )
    first = EventPageFactory(
        parent=conference,
        title="Opening plenary",
        kind=EventKind.SESSION,
        room="Room Tin",
        start=datetime.datetime(2030, 5, 12, 9, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 5, 12, 10, tzinfo=datetime.UTC),
    )
    text = client_for(None).get(conference.url).text
    assert "Programme" in text
    assert text.index("Opening plenary") < text.index("Closing plenary")
    assert "Room: Room Tin" in text and "Room: Main hall" in text
    assert f'href="{later.url}"' in text
    session_text = client_for(None).get(first.url).text
    assert f'Part of <a href="{conference.url}">Covenant Forum</a>' in session_text
    assert "Room: Room Tin" in session_text


def test_the_page_includes_registration_and_calendar_links(calendar, client_for):
    event = calendar.events["no group"]
    text = client_for(None).get(event.url).text
    assert 'rel="alternate" type="text/calendar"' in text
    assert "Add to your calendar" in text


# --- Times in the visitor's own zone ---------------------------------------------------------------------


def brussels_webinar(calendar, **fields):
    """26 March 2030, 14:00 in Brussels (UTC+1, before the switch to summer time on 31 March)."""
    return EventPageFactory(
        parent=calendar.index,
        title="Gender due diligence in practice",
        start=datetime.datetime(2030, 3, 26, 13, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 3, 26, 14, 30, tzinfo=datetime.UTC),
        time_zone="Europe/Brussels",
        **fields,
    )


def test_a_member_sees_the_time_in_their_profile_zone_too(calendar, client_for):
    """New York is already on summer time on 26 March 2030 (UTC-4) while Brussels is not (UTC+1): 09:00."""
    from tests.factories.users import UserFactory

    event = brussels_webinar(calendar)
    member = UserFactory(profile__time_zone="America/New_York")
    text = client_for(member).get(event.url).text
    assert "Tuesday 26 March 2030, 14:00</time>" in text
    assert "Your time:" in text
    assert "Tuesday 26 March 2030, 09:00</time>" in text
    assert ">10:30</time> (America/New_York)" in text
    assert "data-local-time" not in text


def test_the_visitor_time_follows_daylight_saving_on_both_sides(calendar, client_for):
    """On 2 April 2030 both zones are on summer time: 14:00 in Brussels is 08:00 in New York."""
    from tests.factories.users import UserFactory

    event = EventPageFactory(
        parent=calendar.index,
        start=datetime.datetime(2030, 4, 2, 12, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 4, 2, 13, tzinfo=datetime.UTC),
        time_zone="Europe/Brussels",
    )
    member = UserFactory(profile__time_zone="America/New_York")
    text = client_for(member).get(event.url).text
    assert "Tuesday 2 April 2030, 14:00</time>" in text
    assert "Tuesday 2 April 2030, 08:00</time>" in text


def test_no_second_time_when_the_member_clock_reads_the_same(calendar, client_for):
    """Amsterdam and Brussels keep the same time: nothing to add, and no script placeholder either."""
    from tests.factories.users import UserFactory

    event = brussels_webinar(calendar)
    member = UserFactory(profile__time_zone="Europe/Amsterdam")
    text = client_for(member).get(event.url).text
    assert "Your time:" not in text
    assert "data-local-time" not in text


def test_visitors_get_the_event_zone_and_a_placeholder_for_the_browser(calendar, client_for):
    event = brussels_webinar(calendar)
    text = client_for(None).get(event.url).text
    assert "Tuesday 26 March 2030, 14:00</time>" in text
    assert f'data-local-time data-start="{int(event.start.timestamp())}"' in text
    assert 'data-event-zone="Europe/Brussels"' in text
    assert "events/events.js" in text
    assert "events/events.css" in text
