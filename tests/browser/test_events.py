"""Events in a real browser: a visitor finds and fetches the public calendar feed, a member registers for a
webinar, sees the join link and finds the webinar in their personal feed, and a cancelled event shows up as
cancelled in the feed and on its page. Plus axe-core checks of the event index and an event page."""

import datetime
from urllib.parse import urljoin

from django.utils import timezone

import pytest
from icalendar import Calendar

from events.choices import AttendanceMode, EventAudience, EventKind, EventStatus
from events.models import Registration
from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group, make_group_index
from working_groups.choices import Visibility

JOIN_URL = "https://video.example.org/j/5550123"
PASSCODE = "gender-2030"
NOTICE = "Two of the tenders are still running. We will announce a new date once they are awarded."


@pytest.fixture
def calendar(db):
    group_index = make_group_index()
    home = group_index.get_parent().specific
    index = make_event_index(home)
    group = make_group(group_index, Visibility.OPEN, title="Gender lens in mineral supply chains")
    member = UserFactory(first_name="Samuel", last_name="Mensah", email="samuel@example.org")
    add_member(group, member)
    soon = timezone.now().replace(microsecond=0) + datetime.timedelta(days=20)
    webinar = EventPageFactory(
        parent=index,
        title="Gender due diligence in practice",
        slug="gender-due-diligence-in-practice",
        start=soon,
        end=soon + datetime.timedelta(hours=1, minutes=30),
        join_url=JOIN_URL,
        join_passcode=PASSCODE,
        registration_open=True,
        capacity=50,
    )
    members_meeting = EventPageFactory(
        parent=group,
        title="Members meeting on the gender guidance",
        kind=EventKind.MEETING,
        group=group,
        audience=EventAudience.MEMBERS,
        start=soon + datetime.timedelta(days=3),
        end=soon + datetime.timedelta(days=3, hours=1),
    )
    workshop = EventPageFactory(
        parent=index,
        title="Tender clauses: the first results",
        kind=EventKind.WORKSHOP,
        attendance=AttendanceMode.IN_PERSON,
        venue="Covenant office, The Hague",
        join_url="",
        join_passcode="",
        start=soon + datetime.timedelta(days=7),
        end=soon + datetime.timedelta(days=7, hours=2),
    )
    return {
        "index": index,
        "group": group,
        "member": member,
        "webinar": webinar,
        "members_meeting": members_meeting,
        "workshop": workshop,
    }


def unfolded(body: bytes) -> str:
    """The feed's text with folded lines joined again (RFC 5545 folds lines longer than 75 octets)."""
    return body.decode().replace("\r\n ", "").replace("\r\n\t", "")


def vevents_by_summary(body: bytes) -> dict:
    return {str(event["SUMMARY"]): event for event in Calendar.from_ical(body).walk("VEVENT")}


def test_a_visitor_subscribes_to_the_public_calendar(page, calendar, assert_accessible):
    page.goto(calendar["index"].url)
    assert page.get_by_role("heading", name="Upcoming events").is_visible()
    assert page.get_by_role("link", name="Gender due diligence in practice").is_visible()
    # The open group's members-only meeting is for its members: not listed for a visitor, not in the feed.
    assert page.get_by_role("link", name="Members meeting on the gender guidance").count() == 0
    feed_link = page.locator('link[rel="alternate"][type="text/calendar"]').first
    feed_url = urljoin(page.url, feed_link.get_attribute("href"))
    webcal = page.locator('a[href^="webcal://"]').first
    assert webcal.is_visible()
    assert webcal.get_attribute("href").split("://", 1)[1] == feed_url.split("://", 1)[1]
    assert_accessible(page)

    response = page.request.get(feed_url)
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    events = vevents_by_summary(response.body())
    assert "Gender due diligence in practice" in events
    assert "Tender clauses: the first results" in events
    assert "Members meeting on the gender guidance" not in events
    assert JOIN_URL not in unfolded(response.body())
    assert PASSCODE not in unfolded(response.body())


def test_a_member_registers_sees_the_join_link_and_finds_the_webinar_in_their_feed(
    new_page, login, calendar, assert_accessible
):
    member, webinar = calendar["member"], calendar["webinar"]
    page = new_page()
    login(page, member, next_url=webinar.url)
    page.goto(webinar.url)
    assert page.get_by_role("link", name="Join the online event").count() == 0
    assert_accessible(page)
    page.get_by_role("button", name="Register", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("You are registered.").is_visible()
    join = page.get_by_role("link", name="Join the online event")
    assert join.get_attribute("href") == JOIN_URL
    assert page.get_by_text(PASSCODE).is_visible()
    assert Registration.objects.filter(event=webinar, user=member, status="confirmed").exists()

    page.goto("/calendar/mine/")
    feed_url = page.get_by_label("Your calendar address").input_value()
    calendar_app = new_page()  # a calendar application has no session: the secret address is all it needs
    response = calendar_app.request.get(feed_url)
    assert response.ok
    events = vevents_by_summary(response.body())
    assert "Gender due diligence in practice" in events
    assert "Members meeting on the gender guidance" in events  # an event of the member's group
    assert JOIN_URL in str(events["Gender due diligence in practice"]["DESCRIPTION"]).replace("\n", "")
    assert JOIN_URL not in str(events["Members meeting on the gender guidance"].get("DESCRIPTION", ""))


def test_a_cancelled_event_turns_up_as_cancelled_in_the_feed_and_on_its_page(
    page, calendar, assert_accessible
):
    workshop = calendar["workshop"]
    workshop.status = EventStatus.CANCELLED
    workshop.status_notice = NOTICE
    workshop.save_revision().publish()

    page.goto(workshop.url)
    assert page.get_by_role("heading", name="This event has been cancelled").is_visible()
    assert page.get_by_text(NOTICE).is_visible()
    assert_accessible(page)

    page.goto(calendar["index"].url)
    feed_url = urljoin(
        page.url, page.locator('link[rel="alternate"][type="text/calendar"]').first.get_attribute("href")
    )
    events = vevents_by_summary(page.request.get(feed_url).body())
    assert str(events["Tender clauses: the first results"]["STATUS"]) == "CANCELLED"
    assert str(events["Gender due diligence in practice"].get("STATUS", "CONFIRMED")) != "CANCELLED"


def test_a_visitor_sees_the_time_in_their_own_zone_next_to_the_event_zone(browser, live_server):
    """26 March 2030, 14:00 in Brussels is 09:00 in New York (already on summer time): the browser works it
    out. In Amsterdam the clock reads the same, so nothing is added."""
    index = make_event_index()
    webinar = EventPageFactory(
        parent=index,
        title="Gender due diligence in practice",
        start=datetime.datetime(2030, 3, 26, 13, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 3, 26, 14, 30, tzinfo=datetime.UTC),
        time_zone="Europe/Brussels",
    )
    for zone, expected in (("America/New_York", "09:00"), ("Europe/Amsterdam", None)):
        context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id=zone)
        try:
            page = context.new_page()
            page.goto(webinar.url)
            facts = page.locator(".event-facts")
            assert facts.get_by_text("Tuesday 26 March 2030, 14:00").is_visible()
            yours = facts.locator("[data-local-time]")
            if expected:
                assert yours.is_visible()
                assert expected in yours.inner_text() and zone in yours.inner_text()
            else:
                assert yours.is_hidden()
        finally:
            context.close()


def test_a_past_conference_page_with_programme_people_and_materials_is_accessible(
    page, calendar, assert_accessible
):
    from events.choices import SpeakerRole
    from events.models import EventSpeaker, Speaker

    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=30)
    speaker = Speaker.objects.create(
        name="Esther Mwangi", role="Founder", organisation_name="Women in Mining"
    )
    moderator = Speaker.objects.create(
        name="Marieke de Vries", role="Coordinator", bio="Runs the secretariat."
    )
    forum = EventPageFactory(
        parent=calendar["index"],
        title="Covenant Forum",
        kind=EventKind.CONFERENCE,
        start=start,
        end=start + datetime.timedelta(days=1, hours=8),
        recording_url="https://media.example.org/forum.mp4",
        agenda=[("item", {"time": "09:30", "title": "Opening", "detail": "Welcome by the secretariat"})],
        summary=[("paragraph", "<p>The parties agreed on next year's commitments.</p>")],
    )
    forum.speakers = [
        EventSpeaker(speaker=speaker, role=SpeakerRole.SPEAKER),
        EventSpeaker(speaker=moderator, role=SpeakerRole.MODERATOR),
    ]
    forum.save_revision().publish()
    EventPageFactory(
        parent=forum,
        title="Gender and grievance",
        kind=EventKind.SESSION,
        room="Room Copper",
        start=start + datetime.timedelta(hours=1),
        end=start + datetime.timedelta(hours=2),
    )
    page.goto(forum.url)
    assert page.get_by_role("heading", name="Programme").is_visible()
    assert page.get_by_role("link", name="Gender and grievance").is_visible()
    assert page.get_by_role("link", name="Watch the recording").is_visible()
    assert_accessible(page)
    page.goto(calendar["index"].url + "?when=past")
    assert page.get_by_text("Recording available").is_visible()
    assert_accessible(page)
