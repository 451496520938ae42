"""Live polls in real browsers, served by a real ASGI server (uvicorn, HTTP and WebSockets): the moderator
prepares and opens a poll, an attendee votes, a second attendee sees the bar move live, the moderator closes
the poll and marks an action point on its result, which the attendees see arrive; axe finds no serious or
critical issue in the room, for the moderator and for an attendee, on a wide screen and on a phone."""

import datetime
import os

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from tests.browser.test_live_room import open_room
from tests.factories.working_groups import OrganisationFactory
from tests.forums.live.conftest import make_session
from tests.forums.live.test_multiprocess import Server, _free_port
from working_groups.models import StakeholderType

QUESTION = "Which metal should the next session cover?"


@pytest.fixture
def poll_server(tmp_path):
    session = make_session()
    OrganisationFactory(name="Nordvik Mining", stakeholder_type=StakeholderType.COMPANY)
    port = _free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    server = Server(port, environment, tmp_path / "server.log")
    yield session, server, f"http://127.0.0.1:{port}", tmp_path
    server.stop()


def test_a_poll_opened_voted_on_live_closed_and_marked_as_an_action_point(
    browser, poll_server, assert_accessible
):
    tmp_path = poll_server[3]
    pages = open_room(browser, poll_server, ("chair", "member", "other"))
    chair, voter, watcher = pages["chair"], pages["member"], pages["other"]

    # The moderator prepares a poll; only moderators see it until it opens.
    chair.get_by_text("Prepare a poll").click()
    chair.get_by_label("Poll question").fill(QUESTION)
    chair.get_by_label("Choices", exact=True).fill("Tin\nCobalt\nTungsten")
    chair.get_by_role("button", name="Prepare the poll").click()
    poll = chair.locator("#live-poll-list li.live-poll", has_text=QUESTION)
    expect(poll).to_contain_text("Prepared")
    expect(watcher.locator("#live-poll-list")).not_to_contain_text(QUESTION)
    assert_accessible(chair)
    poll.get_by_role("button", name="Open the poll").click()
    expect(poll).to_contain_text("Open")
    expect(poll.get_by_role("heading", name=QUESTION)).to_be_focused()  # its button went: focus stays near

    # An attendee votes; the second attendee sees the bar and the numbers move without a reload.
    voting = voter.locator("#live-poll-list li.live-poll", has_text=QUESTION)
    expect(voting.get_by_role("radio", name="Cobalt")).to_be_visible()
    watching = watcher.locator("#live-poll-list li.live-poll", has_text=QUESTION)
    expect(watching).to_contain_text("0 votes (0%)")
    voting.get_by_role("radio", name="Cobalt").check()
    voting.get_by_role("button", name="Vote").click()
    expect(voting).to_contain_text("Your vote counts")
    # The poll was rendered again: keyboard users keep their place on its button.
    expect(voting.get_by_role("button", name="Change my vote")).to_be_focused()
    cobalt_count = watching.locator(".live-poll__bar", has_text="Cobalt").locator(".live-poll__count")
    expect(cobalt_count).to_have_text("1 vote (100%)")
    expect(watching.locator(".live-poll__bar", has_text="Cobalt").locator("meter")).to_have_attribute(
        "value", "1"
    )
    assert_accessible(watcher)
    # The attendee changes their mind: the bars follow.
    voting.get_by_role("radio", name="Tin").check()
    voting.get_by_role("button", name="Change my vote").click()
    expect(watching.locator(".live-poll__bar", has_text="Tin").locator(".live-poll__count")).to_have_text(
        "1 vote (100%)"
    )
    expect(cobalt_count).to_have_text("0 votes (0%)")

    # The moderator closes it: nobody can vote any more, everyone sees the result.
    poll.get_by_role("button", name="Close the poll").click()
    expect(watching).to_contain_text("Closed")
    expect(voting.locator("input[name=choice]")).to_have_count(0)
    expect(voting).to_contain_text("You voted for: Tin")

    # ...and marks an action point on its result.
    poll.get_by_role("link", name="Mark an action point").click()
    expect(chair.get_by_label("Comes from")).to_have_value(
        chair.locator("#id_source option", has_text=QUESTION).get_attribute("value")
    )
    chair.get_by_label("Action", exact=True).fill("Prepare a session on tin")
    chair.get_by_label("Owner (a party)").select_option(label="Nordvik Mining")
    chair.get_by_label("Due date").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    assert_accessible(chair)
    chair.get_by_role("button", name="Mark the action point").click()
    expect(chair.locator("#live-action-list")).to_contain_text("Prepare a session on tin")
    expect(watcher.locator("#live-action-list")).to_contain_text("Prepare a session on tin")
    expect(watcher.locator("#live-action-list")).to_contain_text("Owner: Nordvik Mining")

    for persona, page in (("chair", chair), ("member", voter)):
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            if width == 375:  # a phone shows one panel at a time, behind tabs
                page.get_by_role("tab", name="Polls").click()
            expect(page.locator("#live-polls")).to_be_visible()
            page.locator("#live-polls").scroll_into_view_if_needed()
            page.screenshot(path=str(tmp_path / f"polls-{persona}-{width}.png"), full_page=True)
    assert_accessible(voter)
    for context in (page.context for page in pages.values()):
        context.close()
