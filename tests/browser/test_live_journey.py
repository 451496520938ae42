"""The live session walked end to end, in one walk, by three people in real browsers against a real ASGI
server (HTTP and WebSockets), e-mails written to files.

Nadia signs up today through the sign-up form and follows the link in her e-mail. She registers for a webinar
that is about to start, chooses e-mail "at once" for her notifications (the worst case for her mailbox),
follows "Live now — join the discussion" from the home page, chats (more than a new account's five posts an
hour), asks a question and votes in a poll (and changes her vote). Ama, a working-group member in a second
browser, sees each of them arrive with the same markup and controls as after a reload, and votes for the
question. Lotte of the
secretariat, in a third browser, prepared and opened that poll; she marks the question answered, closes the
poll and marks an action point on its result (owner: a party, due date); Nadia sees the answer, the closed
poll and the action point live. Nadia's mailbox then holds her e-mail confirmation and her registration
(with the room's address) and no e-mail per message; axe finds no serious or critical issue in the room,
for the moderator and the attendee, at 1280 px and on a 375 px phone (its tabs).

Screenshots of the key steps go to ROUNDTABLE_SCREENSHOT_DIR when it is set (else the test's tmp_path).

The thread page's own live path (a reply and a reaction on an ordinary thread page) is the second test; a
connection lost and resumed is in test_live_room.py.
"""

import datetime
import email
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from events.choices import AttendanceMode, EventAudience, EventKind
from events.models import Registration
from forums import services
from forums.live import services as live_services
from tests.browser.live import LiveServer, expect_connection, markup, sign_in, watch_policy
from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.forums import ForumFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import (
    OrganisationFactory,
    add_member,
    make_group,
    make_group_index,
    make_secretariat_user,
)
from working_groups.choices import Role
from working_groups.models import StakeholderType

LIVE_NOW = "Live now — join the discussion"
POLL = "Which metal should the next session cover?"
QUESTION = "Will the guidance accept recycled tin from small smelters?"
NADIA_EMAIL = "nadia.haddad@example.org"
NADIA_PASSWORD = "tin-smelter-audit-2026"
DESKTOP = {"width": 1280, "height": 720}  # a laptop
PHONE = {"width": 375, "height": 740}
AT_THE_LATEST_MESSAGE = """() => {
  const pane = document.getElementById("live-posts");
  return pane.scrollHeight - pane.scrollTop - pane.clientHeight < 2;
}"""
TABS_AT_THE_TOP = "() => Math.abs(document.getElementById('live-tabs').getBoundingClientRect().top) < 2"


def _mails(directory: Path) -> list:
    return [email.message_from_bytes(path.read_bytes()) for path in sorted(directory.glob("*.log"))]


def _body(message) -> str:
    if message.is_multipart():
        return "".join(
            part.get_payload(decode=True).decode()
            for part in message.walk()
            if part.get_content_type() == "text/plain"
        )
    return message.get_payload(decode=True).decode()


@pytest.fixture
def walk(tmp_path):
    now = timezone.now()
    index = make_group_index()  # below a new home site
    moderator = make_secretariat_user()
    moderator.first_name, moderator.last_name = "Lotte", "Jansen"
    moderator.save(update_fields=["first_name", "last_name"])
    ama = UserFactory(first_name="Ama", last_name="Owusu", date_joined=now - datetime.timedelta(days=200))
    add_member(make_group(index, title="Tin and tungsten"), ama, Role.MEMBER)
    OrganisationFactory(name="Nordvik Mining", stakeholder_type=StakeholderType.COMPANY)
    webinar = EventPageFactory(
        parent=make_event_index(index.get_parent()),
        title="Recycled tin: live Q&A",
        kind=EventKind.WEBINAR,
        group=None,
        audience=EventAudience.PUBLIC,
        attendance=AttendanceMode.ONLINE,
        registration_open=True,
        start=now + datetime.timedelta(minutes=5),
        end=now + datetime.timedelta(minutes=65),
    )
    thread = services.thread_create(
        author=moderator,
        forum=ForumFactory(title="Public consultation"),
        title="Recycled tin: the live room",
        body_markdown="Welcome to the live Q&A.",
        event=webinar,
    )
    live_services.live_room_open(thread=thread)
    Registration.objects.create(event=webinar, user=ama, status="confirmed")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    server = LiveServer(
        tmp_path, "tests.browser.mail_to_files_settings", ROUNDTABLE_TEST_MAIL_DIR=str(mail_dir)
    )
    shots = Path(os.environ.get("ROUNDTABLE_SCREENSHOT_DIR") or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    yield {
        "webinar": webinar,
        "room": f"/forums/live/{thread.pk}/",
        "moderator": moderator,
        "ama": ama,
        "server": server,
        "mail_dir": mail_dir,
        "shots": shots,
    }
    server.stop()


def test_a_newcomer_walks_through_a_live_session_and_the_moderator_follows_it_up(
    browser, walk, assert_accessible
):
    server, room, shots = walk["server"], walk["room"], walk["shots"]
    base_url = server.base_url
    ama_context = sign_in(browser, base_url, walk["ama"], viewport=DESKTOP)
    moderator_context = sign_in(browser, base_url, walk["moderator"], viewport=DESKTOP)
    server.start()  # after the sign-ins: their sessions are in the database the server copies
    violations: list[str] = []
    ama, moderator = ama_context.new_page(), moderator_context.new_page()
    for page in (ama, moderator):
        watch_policy(page, violations)
        page.goto(room)
        expect_connection(page)

    # Before the session the moderator prepares a poll (only moderators see it), then opens it.
    moderator.get_by_text("Prepare a poll").click()
    moderator.get_by_label("Poll question").fill(POLL)
    moderator.get_by_label("Choices", exact=True).fill("Tin\nCobalt\nTungsten")
    moderator.get_by_role("button", name="Prepare the poll").click()
    moderator_poll = moderator.locator("#live-poll-list li.live-poll", has_text=POLL)
    expect(moderator_poll).to_contain_text("Prepared")
    expect(ama.locator("#live-poll-list")).not_to_contain_text(POLL)
    moderator_poll.get_by_role("button", name="Open the poll").click()
    expect(moderator_poll).to_contain_text("Open")
    expect(moderator_poll.get_by_role("heading", name=POLL)).to_be_focused()  # its button went: focus stays
    ama_poll = ama.locator("#live-poll-list li.live-poll", has_text=POLL)
    expect(ama_poll.get_by_role("radio", name="Cobalt")).to_be_visible()
    expect(ama_poll).to_contain_text("0 votes (0%)")

    # Nadia signs up today, through the form, and follows the link in her e-mail.
    nadia_context = browser.new_context(base_url=base_url, locale="en-GB", viewport=DESKTOP)
    nadia_context.set_default_timeout(15_000)
    nadia = nadia_context.new_page()
    watch_policy(nadia, violations)
    nadia.goto("/accounts/signup/")
    nadia.get_by_label("Email").fill(NADIA_EMAIL)
    nadia.get_by_label("Your name").fill("Nadia Haddad")
    nadia.get_by_label("Organisation").fill("Tunis Metal Recyclers")
    nadia.get_by_label("Password", exact=True).fill(NADIA_PASSWORD)
    nadia.get_by_label("Password (again)").fill(NADIA_PASSWORD)
    nadia.get_by_role("button", name="Create account").click()
    expect(nadia.locator("h1")).to_have_text("Check your e-mail")
    (verification,) = [m for m in _mails(walk["mail_dir"]) if NADIA_EMAIL in m["To"]]
    confirm_url = re.search(r"https?://\S+/accounts/confirm-email/\S+/", _body(verification)).group(0)
    nadia.goto(urlsplit(confirm_url).path)
    nadia.get_by_role("button", name="Confirm").click()
    expect(nadia.get_by_role("button", name="Sign out")).to_be_visible()

    # She wants every notification e-mailed at once: the worst case for her mailbox.
    nadia.goto("/forums/notifications/settings/")
    nadia.get_by_label("At once, one e-mail for each notification").check()
    nadia.get_by_role("button", name="Save settings").click()
    expect(nadia.get_by_text("Your notification settings are saved.")).to_be_visible()

    # She registers on the webinar's page, which already says it is live.
    nadia.goto(walk["webinar"].url)
    nadia.get_by_role("button", name="Register", exact=True).click()
    expect(nadia.get_by_text("You are registered.")).to_be_visible()
    nadia.screenshot(path=str(shots / "walk-event-registered-1280.png"))

    # "Live now" on the home page is a real link into the room.
    nadia.goto("/")
    live_now = nadia.get_by_role("link", name=LIVE_NOW).first
    live_now.scroll_into_view_if_needed()
    nadia.screenshot(path=str(shots / "walk-home-live-now-1280.png"))
    live_now.click()
    expect(nadia).to_have_url(re.compile(re.escape(base_url + room) + "$"))
    expect_connection(nadia)
    for control in (nadia.get_by_label("Your message"), nadia.get_by_role("button", name="Send")):
        expect(control).to_be_in_viewport()  # the page scrolled just enough to show the message box
    nadia.screenshot(path=str(shots / "walk-attendee-arrives-1280.png"))

    # Six messages: more than a new account's five an hour; as an attendee she is not held to that.
    for number in range(1, 7):
        nadia.get_by_label("Your message").fill(f"Hello from Tunis, message {number}")
        nadia.get_by_role("button", name="Send").click()
        expect(nadia.locator("#live-posts article", has_text=f"message {number}")).to_have_count(1)
        expect(nadia.locator("#live-composer-error")).to_have_text("")
    nadia.get_by_label("Your message").fill(QUESTION)
    nadia.get_by_label("Ask this as a question for the speakers").check()
    nadia.get_by_role("button", name="Send").click()

    # Ama sees each arrive, with the controls a member has.
    arrived = {}
    for number in range(1, 7):
        message = ama.locator("#live-posts article", has_text=f"message {number}")
        expect(message).to_have_count(1)
        arrived[f"message {number}"] = markup(message)
    question = ama.locator("#live-question-list li", has_text="small smelters")
    arrived["question"] = markup(ama.locator("#live-posts article", has_text="small smelters"))
    # Ama wants it answered too: her vote reaches Nadia live.
    question.get_by_role("button", name="Vote for this question").click()
    expect(nadia.locator("#live-question-list li", has_text="small smelters")).to_contain_text("Votes: 1")

    # Nadia votes, and changes her mind; Ama sees the bars follow.
    nadia_poll = nadia.locator("#live-poll-list li.live-poll", has_text=POLL)
    nadia_poll.get_by_role("radio", name="Cobalt").check()
    nadia_poll.get_by_role("button", name="Vote").click()
    expect(nadia_poll).to_contain_text("Your vote counts")
    expect(nadia_poll.get_by_role("button", name="Change my vote")).to_be_focused()  # keeps her place
    cobalt = ama_poll.locator(".live-poll__bar", has_text="Cobalt")
    expect(cobalt.locator(".live-poll__count")).to_have_text("1 vote (100%)")
    expect(cobalt.locator("meter")).to_have_attribute("value", "1")
    nadia_poll.get_by_role("radio", name="Tin").check()
    nadia_poll.get_by_role("button", name="Change my vote").click()
    tin = ama_poll.locator(".live-poll__bar", has_text="Tin")
    expect(tin.locator(".live-poll__count")).to_have_text("1 vote (100%)")
    expect(cobalt.locator(".live-poll__count")).to_have_text("0 votes (0%)")
    arrived["open poll"] = markup(ama_poll)

    # Ama answers in the chat (Nadia follows the thread since her first message: no e-mail for this either).
    ama.get_by_label("Your message").fill("Welcome Nadia, we saw the same in Rotterdam.")
    ama.get_by_role("button", name="Send").click()
    expect(nadia.locator("#live-posts article", has_text="Rotterdam")).to_have_count(1)

    # The moderator answers the question and closes the poll; Nadia and Ama see both live.
    moderator.locator("#live-question-list li", has_text="small smelters").get_by_role(
        "button", name="Mark answered"
    ).click()
    expect(nadia.locator("#live-question-list li", has_text="small smelters")).to_contain_text("Answered")
    expect(question).to_contain_text("Answered")
    moderator_poll.get_by_role("button", name="Close the poll").click()
    expect(nadia_poll).to_contain_text("Closed")
    expect(nadia_poll.locator("input[name=choice]")).to_have_count(0)
    expect(nadia_poll).to_contain_text("You voted for: Tin")
    expect(ama_poll).to_contain_text("Closed")
    arrived["answered item"], arrived["closed poll"] = markup(question), markup(ama_poll)
    assert_accessible(moderator)
    moderator.screenshot(path=str(shots / "walk-moderator-1280.png"))

    # ...and marks an action point on the poll's result: an owner party and a due date.
    moderator_poll.get_by_role("link", name="Mark an action point").click()
    expect(moderator.get_by_label("Comes from")).to_have_value(
        moderator.locator("#id_source option", has_text=POLL).get_attribute("value")
    )
    moderator.get_by_label("Action", exact=True).fill("Prepare a session on recycled tin")
    moderator.get_by_label("Owner (a party)").select_option(label="Nordvik Mining")
    due = timezone.localdate() + datetime.timedelta(days=30)
    moderator.get_by_label("Due date").fill(due.isoformat())
    assert_accessible(moderator)
    moderator.screenshot(path=str(shots / "walk-action-point-form-1280.png"), full_page=True)
    moderator.get_by_role("button", name="Mark the action point").click()
    expect(moderator.locator("#live-action-list")).to_contain_text("Prepare a session on recycled tin")
    for page in (nadia, ama):
        expect(page.locator("#live-action-list")).to_contain_text("Prepare a session on recycled tin")
        expect(page.locator("#live-action-list")).to_contain_text("Owner: Nordvik Mining")
    arrived["action points"] = markup(ama.locator("#live-action-list"))

    # After a reload Ama's page holds exactly the markup of everything that arrived live.
    ama.reload()
    expect_connection(ama)
    for number in range(1, 7):
        assert (
            markup(ama.locator("#live-posts article", has_text=f"message {number}"))
            == arrived[f"message {number}"]
        )
    assert markup(ama.locator("#live-posts article", has_text="small smelters")) == arrived["question"]
    assert markup(question) == arrived["answered item"]
    assert markup(ama_poll) == arrived["closed poll"]
    assert markup(ama.locator("#live-action-list")) == arrived["action points"]

    # Scrolled up in the messages pane: "jump to the latest message" takes her back to the end.
    nadia.locator("#live-posts").evaluate("pane => { pane.scrollTop = 0; }")
    jump = nadia.get_by_role("button", name="Jump to the latest message")
    expect(jump).to_be_visible()
    jump.click()
    expect(jump).to_be_hidden()
    nadia.wait_for_function(AT_THE_LATEST_MESSAGE, timeout=5_000)  # the whole last message, not short of it
    assert_accessible(nadia)
    nadia.screenshot(path=str(shots / "walk-attendee-1280.png"))

    # A window made as narrow as a phone: the room fills it, its parts behind tabs (arrow keys move between
    # them), the message box in view.
    nadia.set_viewport_size(PHONE)
    expect(nadia.get_by_role("tablist", name="Parts of the room")).to_be_in_viewport()
    expect(nadia.get_by_role("tab", name="Messages")).to_have_attribute("aria-selected", "true")
    for control in (nadia.get_by_label("Your message"), nadia.get_by_role("button", name="Send")):
        expect(control).to_be_in_viewport()
    assert_accessible(nadia)
    nadia.screenshot(path=str(shots / "walk-attendee-375-messages.png"))
    nadia.get_by_role("tab", name="Messages").focus()
    nadia.keyboard.press("ArrowRight")
    expect(nadia.get_by_role("tab", name="Questions")).to_be_focused()
    expect(nadia.locator("#live-question-list li", has_text="small smelters")).to_be_visible()
    # A short panel does not pull the page (and its tabs) down: they stay at the top of the window.
    nadia.wait_for_function(TABS_AT_THE_TOP, timeout=5_000)
    nadia.screenshot(path=str(shots / "walk-attendee-375-questions.png"))
    nadia.keyboard.press("ArrowRight")
    expect(nadia.get_by_role("tab", name="Polls")).to_be_focused()
    expect(nadia_poll).to_be_visible()
    expect(nadia.locator("#live-action-list")).to_be_visible()
    assert_accessible(nadia)
    nadia.screenshot(path=str(shots / "walk-attendee-375-polls.png"))

    # The moderator's phone: all four tabs in view ("People and tools" wraps onto a second row), the message
    # box too.
    moderator.goto(room)
    expect_connection(moderator)
    moderator.set_viewport_size(PHONE)
    for name in ("Messages", "Questions", "Polls", "People and tools"):
        expect(moderator.get_by_role("tab", name=name)).to_be_in_viewport(ratio=1)
    expect(moderator.get_by_role("button", name="Send")).to_be_in_viewport()
    assert_accessible(moderator)
    moderator.screenshot(path=str(shots / "walk-moderator-375.png"))

    # The mailbox: her e-mail confirmation, her registration with the room's address; no e-mail per message.
    mails = _mails(walk["mail_dir"])
    to_nadia = [message for message in mails if NADIA_EMAIL in message["To"]]
    assert len(to_nadia) == 2, [message["Subject"] for message in to_nadia]
    registered = [message for message in to_nadia if "registered" in message["Subject"].lower()]
    assert len(registered) == 1 and room in _body(registered[0])
    said = ("Tunis", "small smelters", "Rotterdam", POLL)
    assert not [message for message in mails if any(text in _body(message) for text in said)]
    assert violations == []
    for context in (nadia_context, ama_context, moderator_context):
        context.close()


@pytest.fixture
def thread_server(tmp_path):
    from tests.forums.live.conftest import make_session

    server = LiveServer(tmp_path)
    yield make_session(), server
    server.stop()


def test_on_a_thread_page_a_live_post_and_a_live_reaction_keep_every_control(browser, thread_server):
    """The defect: a post that arrived live had 0 of its 7 controls, a bare time and no "in reply to"; a
    reaction to an older post stripped that post in every other browser until a reload."""
    session, server = thread_server
    reader_context, chair_context, writer_context = (
        sign_in(browser, server.base_url, session.people[persona]) for persona in ("member", "chair", "other")
    )
    server.start()
    url = session.thread.get_absolute_url()
    reader, chair, writer = (
        context.new_page() for context in (reader_context, chair_context, writer_context)
    )
    for page in (reader, chair, writer):
        page.goto(url)
        expect_connection(page)
    writer.locator("#post-1").get_by_role("link", name="Reply").click()
    writer.get_by_label("Your post").fill("A reply that arrives live")
    writer.get_by_role("button", name="Send reply").click()
    for page in (reader, chair):
        arrived = page.locator("#post-2")
        expect(arrived).to_contain_text("A reply that arrives live")
        expect(arrived).to_contain_text("in reply to #1")
        expect(page.locator("#live-announcer")).to_contain_text("New message from Ama Owusu")
    reader_post = reader.locator("#post-2")
    for control in ("Reply", "Quote", "Flag"):
        expect(reader_post.get_by_role("link", name=re.compile(f"^{control}"))).to_have_count(1)
    expect(reader_post.locator("button.reaction")).to_have_count(4)
    expect(chair.locator("#post-2").get_by_role("link", name=re.compile("^Hide"))).to_have_count(1)
    live = {"reader": markup(reader_post), "chair": markup(chair.locator("#post-2"))}

    # A reaction to the older post: it keeps its controls everywhere, with the new count.
    writer.goto(url)
    writer.locator("#post-1").get_by_role("button", name=re.compile("Insightful")).click()
    for page in (reader, chair):
        expect(page.locator("#post-1 .reaction", has_text="Insightful")).to_contain_text("1")
    live_first = {"reader": markup(reader.locator("#post-1")), "chair": markup(chair.locator("#post-1"))}
    expect(reader.locator("#post-1").get_by_role("link", name=re.compile("^Reply"))).to_have_count(1)

    for name, page in (("reader", reader), ("chair", chair)):
        page.reload()
        assert markup(page.locator("#post-2")) == live[name], name
        assert markup(page.locator("#post-1")) == live_first[name], name
    for context in (reader_context, chair_context, writer_context):
        context.close()
