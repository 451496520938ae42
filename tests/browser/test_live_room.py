"""A session's live room in real browsers, served by a real ASGI server (uvicorn, HTTP and WebSockets): a
reader's browser goes offline, messages are sent and an earlier one is hidden, and back online it shows each
new message exactly once and the hidden one hidden.

The whole session walked by an attendee, a member and a moderator (questions, votes, polls, action points,
the same markup live as after a reload, the phone's tabs) is test_live_journey.py."""

import pytest
from playwright.sync_api import expect

from tests.browser.live import LiveServer, expect_connection, sign_in
from tests.forums.live.conftest import make_session


@pytest.fixture
def room_server(tmp_path):
    server = LiveServer(tmp_path)
    yield make_session(), server
    server.stop()


def test_nothing_is_lost_or_doubled_while_a_reader_is_offline(browser, room_server):
    session, server = room_server
    contexts = {
        persona: sign_in(browser, server.base_url, session.people[persona])
        for persona in ("member", "other", "chair")
    }
    server.start()  # after the sign-ins: their sessions are in the database the server copies
    pages = {persona: context.new_page() for persona, context in contexts.items()}
    for page in pages.values():
        page.goto(f"/forums/live/{session.thread.pk}/")
        expect_connection(page)
    writer, reader, chair = pages["member"], pages["other"], pages["chair"]

    writer.get_by_label("Your message").fill("A remark the chair will hide")
    writer.get_by_role("button", name="Send").click()
    remark = reader.locator("#live-posts article", has_text="A remark the chair will hide")
    expect(remark).to_have_count(1)
    remark_sequence = remark.get_attribute("data-sequence")

    reader.context.set_offline(True)
    expect_connection(reader, "Reconnecting")
    chair.locator("#live-posts article", has_text="A remark the chair will hide").get_by_role(
        "button", name="Hide"
    ).click()
    expect(chair.locator(f"#post-{remark_sequence}")).to_contain_text("A moderator has hidden this post.")
    messages = [f"Offline message {number}" for number in range(1, 4)]
    for text in messages:
        writer.get_by_label("Your message").fill(text)
        writer.get_by_role("button", name="Send").click()
        expect(writer.locator("#live-posts article", has_text=text)).to_have_count(1)
    reader.context.set_offline(False)
    for text in messages:
        expect(reader.locator("#live-posts article", has_text=text)).to_have_count(1)
    expect_connection(reader)
    # Hidden while the reader was away: replayed on resume (the change cursor), the text gone.
    hidden = reader.locator(f"#post-{remark_sequence}")
    expect(hidden).to_contain_text("A moderator has hidden this post.")
    expect(hidden).not_to_contain_text("A remark the chair will hide")
    for context in contexts.values():
        context.close()


def test_a_crowd_is_counted_whole_and_the_list_says_how_many_more_live_and_after_a_reload(browser, tmp_path):
    session = make_session()
    server = LiveServer(tmp_path, "tests.browser.few_names_settings")
    contexts = {
        persona: sign_in(browser, server.base_url, session.people[persona]) for persona in ("member", "other")
    }
    server.start()
    try:
        watcher = contexts["member"].new_page()
        watcher.goto(f"/forums/live/{session.thread.pk}/")
        expect_connection(watcher)
        expect(watcher.locator("#live-presence-count")).to_have_text("People here: 1")
        arriving = contexts["other"].new_page()
        arriving.goto(f"/forums/live/{session.thread.pk}/")
        expect_connection(arriving)

        people = watcher.locator("#live-presence-people li")
        expect(watcher.locator("#live-presence-count")).to_have_text("People here: 2")
        expect(people).to_have_text(["Ama Owusu", "and 1 more"])
        watcher.reload()
        expect_connection(watcher)
        expect(people).to_have_text(["Ama Owusu", "and 1 more"])
    finally:
        for context in contexts.values():
            context.close()
        server.stop()
