"""The live session walked end to end in real browsers against a real ASGI server (HTTP and WebSockets).

Nadia signed up today. She registers for a webinar that is about to start, finds "Live now — join the
discussion" on the home page, chats (more than a new account's five posts an hour) and asks a question. Ama,
in another browser, sees each of them arrive with the same markup and controls as after a reload. The
moderator marks the question answered, and Nadia sees it. Nadia's mailbox then holds her registration
confirmation (with the room's address) and no e-mail per message, although she chose e-mail "at once";
axe finds no serious or critical issue in the room, at 1280 px and on a 375 px phone (with its tabs).
Screenshots of the room at both widths go to ROUNDTABLE_SCREENSHOT_DIR when it is set.
"""

import datetime
import email
import os
import re
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from events.choices import AttendanceMode, EventAudience, EventKind
from forums import services
from forums.live import services as live_services
from forums.models import NotificationSettings
from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.forums import ForumFactory
from tests.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.factories.working_groups import make_secretariat_user
from tests.forums.live.test_multiprocess import Server, _database_url, _free_port

CONNECTION_TIMEOUT_MS = 15_000
LIVE_NOW = "Live now — join the discussion"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _sign_in(browser, base_url: str, user, **context_options):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=base_url, locale="en-GB", **context_options)
    context.set_default_timeout(15_000)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])
    return context


def _watch_policy(page, violations: list) -> None:
    """Collect what Chromium reports against the Content-Security-Policy (nothing may be blocked)."""
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if re.search(r"Content Security Policy|Refused to", message.text)
            else None
        ),
    )


def _expect_live(page) -> None:
    expect(page.locator("#live-connection")).to_have_text(re.compile("Live"), timeout=CONNECTION_TIMEOUT_MS)


def _markup(locator) -> str:
    """A post's markup as the browser holds it, without the per-response CSRF mask."""
    return CSRF.sub('name="csrfmiddlewaretoken"', locator.evaluate("element => element.outerHTML"))


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
def journey(tmp_path):
    now = timezone.now()
    moderator = make_secretariat_user()
    ama = UserFactory(first_name="Ama", last_name="Owusu", date_joined=now - datetime.timedelta(days=200))
    nadia = UserFactory(first_name="Nadia", last_name="Haddad", date_joined=now - datetime.timedelta(hours=2))
    assert EmailAddress.objects.filter(user=nadia, verified=True).exists()  # the factory verified it
    # The worst case for the mailbox: Nadia wants every notification e-mailed at once.
    NotificationSettings.objects.create(user=nadia, daily_digest=False)
    from tests.factories.cms import make_home_site

    home = make_home_site()
    webinar = EventPageFactory(
        parent=make_event_index(home),
        title="Recycled tin: live Q&A",
        kind=EventKind.WEBINAR,
        group=None,
        audience=EventAudience.PUBLIC,
        attendance=AttendanceMode.ONLINE,
        registration_open=True,
        start=now + datetime.timedelta(minutes=5),
        end=now + datetime.timedelta(minutes=65),
    )
    forum = ForumFactory(title="Public consultation")
    thread = services.thread_create(
        author=moderator,
        forum=forum,
        title="Recycled tin: the live room",
        body_markdown="Welcome to the live Q&A.",
        event=webinar,
    )
    live_services.live_room_open(thread=thread)
    from events.models import Registration

    Registration.objects.create(event=webinar, user=ama, status="confirmed")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    port = _free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.browser.mail_to_files_settings",
        "ROUNDTABLE_TEST_MAIL_DIR": str(mail_dir),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    server = Server(port, environment, tmp_path / "server.log")
    yield {
        "webinar": webinar,
        "thread": thread,
        "people": {"moderator": moderator, "ama": ama, "nadia": nadia},
        "server": server,
        "base_url": f"http://127.0.0.1:{port}",
        "tmp_path": tmp_path,
        "mail_dir": mail_dir,
    }
    server.stop()


def test_a_newcomer_registers_follows_live_now_chats_and_asks_and_others_see_it_whole(
    browser, journey, assert_accessible
):
    people, base_url, thread = journey["people"], journey["base_url"], journey["thread"]
    ama_context = _sign_in(browser, base_url, people["ama"])
    moderator_context = _sign_in(browser, base_url, people["moderator"])
    phone_context = _sign_in(browser, base_url, people["ama"], viewport={"width": 375, "height": 740})
    journey["server"].environment["DATABASE_URL"] = _database_url(journey["tmp_path"])
    journey["server"].start()
    room = f"/forums/live/{thread.pk}/"

    # Nadia, not signed in, signs in on her way to the webinar and registers.
    nadia_context = browser.new_context(
        base_url=base_url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    nadia_context.set_default_timeout(15_000)
    nadia = nadia_context.new_page()
    violations: list[str] = []
    _watch_policy(nadia, violations)
    webinar_path = journey["webinar"].url
    nadia.goto(f"/accounts/login/?next={webinar_path}")
    nadia.get_by_label("Email").fill(people["nadia"].email)
    nadia.get_by_label("Password").fill(DEFAULT_PASSWORD)
    nadia.get_by_role("button", name="Sign in").click()
    expect(nadia).to_have_url(re.compile(re.escape(base_url + webinar_path) + "$"))
    nadia.get_by_role("button", name="Register", exact=True).click()
    expect(nadia.get_by_text("You are registered.")).to_be_visible()

    # "Live now" on the home page is a real link into the room.
    nadia.goto("/")
    nadia.get_by_role("link", name=LIVE_NOW).first.click()
    expect(nadia).to_have_url(re.compile(re.escape(base_url + room) + "$"))
    _expect_live(nadia)

    ama = ama_context.new_page()
    ama.set_viewport_size({"width": 1280, "height": 900})
    ama.goto(room)
    _expect_live(ama)
    moderator = moderator_context.new_page()
    moderator.goto(room)
    _expect_live(moderator)

    # Six messages: more than a new account's five an hour, as an attendee she is not held to that.
    for number in range(1, 7):
        nadia.get_by_label("Your message").fill(f"Hello from Tunis, message {number}")
        nadia.get_by_role("button", name="Send").click()
        expect(nadia.locator("#live-posts article", has_text=f"message {number}")).to_have_count(1)
        expect(nadia.locator("#live-composer-error")).to_have_text("")
    nadia.get_by_label("Your message").fill("Will the guidance accept recycled tin from small smelters?")
    nadia.get_by_label("Ask this as a question for the speakers").check()
    nadia.get_by_role("button", name="Send").click()

    arrived = {}
    for number in range(1, 7):
        message = ama.locator("#live-posts article", has_text=f"message {number}")
        expect(message).to_have_count(1)
        arrived[number] = _markup(message)
    question = ama.locator("#live-question-list li", has_text="small smelters")
    expect(question).to_be_visible()
    expect(question.get_by_role("button", name="Vote for this question")).to_be_visible()
    question_message = ama.locator("#live-posts article", has_text="small smelters")
    expect(question_message).to_have_count(1)
    arrived["question"], arrived["question item"] = _markup(question_message), _markup(question)

    # The moderator sees it with the moderators' controls, and marks it answered; everyone sees that live.
    moderator_question = moderator.locator("#live-question-list li", has_text="small smelters")
    moderator_question.get_by_role("button", name="Mark answered").click()
    expect(question).to_contain_text("Answered")
    expect(nadia.locator("#live-question-list li", has_text="small smelters")).to_contain_text("Answered")
    expect(
        moderator.locator("#live-posts article", has_text="message 6").get_by_role("button", name="Hide")
    ).to_be_visible()
    arrived["answered item"] = _markup(question)

    # After a reload Ama's page holds exactly the same markup for every post that arrived live.
    ama.reload()
    _expect_live(ama)
    for number in range(1, 7):
        assert _markup(ama.locator("#live-posts article", has_text=f"message {number}")) == arrived[number]
    assert _markup(ama.locator("#live-posts article", has_text="small smelters")) == arrived["question"]
    assert (
        _markup(ama.locator("#live-question-list li", has_text="small smelters")) == arrived["answered item"]
    )

    # Scrolled up in the messages pane: "jump to the latest message" takes Ama back to the end.
    ama.locator("#live-posts").evaluate("pane => { pane.scrollTop = 0; }")
    jump = ama.get_by_role("button", name="Jump to the latest message")
    expect(jump).to_be_visible()
    jump.click()
    expect(jump).to_be_hidden()

    assert_accessible(nadia)
    shots = os.environ.get("ROUNDTABLE_SCREENSHOT_DIR")
    if shots:
        nadia.screenshot(path=f"{shots}/room-1280.png")

    # On a phone: tabs for the room's panels, keyboard included.
    phone = phone_context.new_page()
    _watch_policy(phone, violations)
    phone.goto(room)
    _expect_live(phone)
    tabs = phone.get_by_role("tablist", name="Parts of the room")
    expect(tabs).to_be_visible()
    expect(phone.get_by_role("tab", name="Messages")).to_have_attribute("aria-selected", "true")
    expect(phone.locator("#live-question-list")).to_be_hidden()
    phone.get_by_role("tab", name="Messages").focus()
    phone.keyboard.press("ArrowRight")
    expect(phone.get_by_role("tab", name="Questions")).to_be_focused()
    expect(phone.locator("#live-question-list li", has_text="small smelters")).to_be_visible()
    assert_accessible(phone)
    if shots:
        phone.screenshot(path=f"{shots}/room-375-questions.png")
    phone.keyboard.press("ArrowLeft")
    expect(phone.get_by_label("Your message")).to_be_visible()
    assert_accessible(phone)
    if shots:
        phone.screenshot(path=f"{shots}/room-375-messages.png")

    # The mailbox: a confirmation with the room's address, and not one e-mail per message.
    mails = _mails(journey["mail_dir"])
    to_nadia = [message for message in mails if people["nadia"].email in message["To"]]
    assert len(to_nadia) == 1 and "registered" in to_nadia[0]["Subject"].lower()
    assert f"{room}" in _body(to_nadia[0])
    assert not [message for message in mails if "message" in _body(message) and "Tunis" in _body(message)]
    assert violations == []
    for context in (nadia_context, ama_context, moderator_context, phone_context):
        context.close()


@pytest.fixture
def thread_server(tmp_path):
    from tests.forums.live.conftest import make_session

    session = make_session()
    port = _free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    server = Server(port, environment, tmp_path / "server.log")
    yield session, server, f"http://127.0.0.1:{port}", tmp_path
    server.stop()


def test_on_a_thread_page_a_live_post_and_a_live_reaction_keep_every_control(browser, thread_server):
    """The defect: a post that arrived live had 0 of its 7 controls, a bare time and no "in reply to"; a
    reaction to an older post stripped that post in every other browser until a reload."""
    session, server, base_url, tmp_path = thread_server
    reader_context = _sign_in(browser, base_url, session.people["member"])
    chair_context = _sign_in(browser, base_url, session.people["chair"])
    writer_context = _sign_in(browser, base_url, session.people["other"])
    server.environment["DATABASE_URL"] = _database_url(tmp_path)
    server.start()
    url = session.thread.get_absolute_url()
    reader, chair, writer = (
        context.new_page() for context in (reader_context, chair_context, writer_context)
    )
    for page in (reader, chair, writer):
        page.goto(url)
        _expect_live(page)
    writer.locator("#post-1").get_by_role("link", name="Reply").click()
    writer.get_by_label("Your post").fill("A reply that arrives live")
    writer.get_by_role("button", name="Send reply").click()
    for page in (reader, chair):
        arrived = page.locator("#post-2")
        expect(arrived).to_contain_text("A reply that arrives live")
        expect(arrived).to_contain_text("in reply to #1")
    reader_post = reader.locator("#post-2")
    for control in ("Reply", "Quote", "Flag"):
        expect(reader_post.get_by_role("link", name=re.compile(f"^{control}"))).to_have_count(1)
    expect(reader_post.locator("button.reaction")).to_have_count(4)
    expect(chair.locator("#post-2").get_by_role("link", name=re.compile("^Hide"))).to_have_count(1)
    live = {"reader": _markup(reader_post), "chair": _markup(chair.locator("#post-2"))}

    # A reaction to the older post: it keeps its controls everywhere, with the new count.
    writer.goto(url)
    writer.locator("#post-1").get_by_role("button", name=re.compile("Insightful")).click()
    for page in (reader, chair):
        expect(page.locator("#post-1 .reaction", has_text="Insightful")).to_contain_text("1")
    live_first = {"reader": _markup(reader.locator("#post-1")), "chair": _markup(chair.locator("#post-1"))}
    expect(reader.locator("#post-1").get_by_role("link", name=re.compile("^Reply"))).to_have_count(1)

    for name, page in (("reader", reader), ("chair", chair)):
        page.reload()
        assert _markup(page.locator("#post-2")) == live[name], name
        assert _markup(page.locator("#post-1")) == live_first[name], name
    for context in (reader_context, chair_context, writer_context):
        context.close()
