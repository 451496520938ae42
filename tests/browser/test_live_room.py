"""A session's live room in real browsers, served by a real ASGI server (uvicorn, HTTP and WebSockets):
one person asks a question, another sees it appear and up-votes it, a moderator marks it answered — all
live; then the voter's browser goes offline, messages are sent and an earlier one is hidden, and back online
it shows each new message exactly once and the hidden one hidden."""

import os
import re

from django.conf import settings
from django.test import Client

import pytest
from playwright.sync_api import expect

from tests.forums.live.conftest import make_session
from tests.forums.live.test_multiprocess import Server, _database_url, _free_port

#: A connection changes state within a heartbeat; a loaded machine may need longer than expect()'s 5 s.
CONNECTION_TIMEOUT_MS = 15_000


def _expect_connection(page, state: str) -> None:
    expect(page.locator("#live-connection")).to_have_text(re.compile(state), timeout=CONNECTION_TIMEOUT_MS)


def _sign_in(browser, base_url: str, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(15_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    return context


def open_room(browser, room_server, personas: tuple[str, ...]) -> dict:
    """Sign each persona in, start the server on the signed-in database and open the room in a page each,
    connected."""
    session, server, base_url, tmp_path = room_server
    contexts = {persona: _sign_in(browser, base_url, session.people[persona]) for persona in personas}
    server.environment["DATABASE_URL"] = _database_url(
        tmp_path
    )  # after the sign-ins: they live in the database
    server.start()
    pages = {}
    for persona, context in contexts.items():
        pages[persona] = context.new_page()
        pages[persona].goto(f"/forums/live/{session.thread.pk}/")
        _expect_connection(pages[persona], "Live")
    return pages


@pytest.fixture
def room_server(tmp_path):
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


def test_questions_votes_and_answers_live_and_nothing_lost_offline(browser, room_server, assert_accessible):
    pages = open_room(browser, room_server, ("member", "other", "chair"))
    asker, voter, chair = pages["member"], pages["other"], pages["chair"]
    assert_accessible(asker)

    asker.get_by_label("Your message").fill("Will the audit results be public?")
    asker.get_by_label("Ask this as a question for the speakers").check()
    asker.get_by_role("button", name="Send").click()
    question = voter.locator("#live-question-list li", has_text="Will the audit results be public?")
    expect(question).to_be_visible()
    question.get_by_role("button", name="Vote for this question").click()
    expect(asker.locator("#live-question-list li", has_text="audit results")).to_contain_text("Votes: 1")
    chair.locator("#live-question-list li", has_text="audit results").get_by_role(
        "button", name="Mark answered"
    ).click()
    expect(question).to_contain_text("Answered")
    expect(asker.locator("#live-question-list li", has_text="audit results")).to_contain_text("Answered")

    asker.get_by_label("Your message").fill("A remark the chair will hide")
    asker.get_by_role("button", name="Send").click()
    remark = voter.locator("#live-posts article", has_text="A remark the chair will hide")
    expect(remark).to_have_count(1)
    remark_sequence = remark.get_attribute("data-sequence")

    voter.context.set_offline(True)
    _expect_connection(voter, "Reconnecting")
    chair.locator("#live-posts article", has_text="A remark the chair will hide").get_by_role(
        "button", name="Hide"
    ).click()
    expect(chair.locator(f"#post-{remark_sequence}")).to_contain_text("A moderator has hidden this post.")
    messages = [f"Offline message {number}" for number in range(1, 4)]
    for text in messages:
        asker.get_by_label("Your message").fill(text)
        asker.get_by_role("button", name="Send").click()
        expect(asker.locator("#live-posts article", has_text=text)).to_have_count(1)
    voter.context.set_offline(False)
    for text in messages:
        expect(voter.locator("#live-posts article", has_text=text)).to_have_count(1)
    _expect_connection(voter, "Live")
    # Hidden while the voter was away: replayed on resume (the change cursor), the text gone.
    hidden = voter.locator(f"#post-{remark_sequence}")
    expect(hidden).to_contain_text("A moderator has hidden this post.")
    expect(hidden).not_to_contain_text("A remark the chair will hide")
    for context in (page.context for page in pages.values()):
        context.close()


def test_a_thread_page_shows_a_reply_from_another_browser_live(browser, room_server):
    session, server, base_url, tmp_path = room_server
    reader_context = _sign_in(browser, base_url, session.people["member"])
    writer_context = _sign_in(browser, base_url, session.people["other"])
    server.environment["DATABASE_URL"] = _database_url(tmp_path)
    server.start()
    reader = reader_context.new_page()
    reader.goto(session.thread.get_absolute_url())
    _expect_connection(reader, "Live")
    writer = writer_context.new_page()
    writer.goto(session.thread.get_absolute_url())
    writer.get_by_label("Your post").fill("A reply sent with the ordinary form")
    writer.get_by_role("button", name="Send reply").click()
    expect(reader.locator("#post-2")).to_contain_text("A reply sent with the ordinary form")
    expect(reader.locator("#live-announcer")).to_contain_text("New message from Ama Owusu")
    reader_context.close()
    writer_context.close()
