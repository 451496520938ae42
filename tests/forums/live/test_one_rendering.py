"""One rendering of a post: whatever path a post takes (arrival, edit, reaction, hiding, a vote, a replay
after a reconnect), the markup the page puts in place comes from forums.live.fragments, rendered for the
reader by the same template and presenter as the page; after every change it is identical to what a reload
of the page shows that reader — a member, a moderator and a Chatham House reader, each in their own zone."""

import re

from django.middleware.csrf import _unmask_cipher_token
from django.urls import reverse

import pytest

from forums import services
from forums.live import services as live_services
from forums.services import moderation
from tests.forums.live.conftest import make_session

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def same_csrf(html: str) -> str:
    """A CSRF token is masked afresh for every response: compare the secret it carries."""
    return CSRF.sub(
        lambda found: f'name="csrfmiddlewaretoken" value="{_unmask_cipher_token(found[1])}"', html
    )


def article(page: str, sequence: int) -> str:
    found = re.search(rf'<article [^>]*id="post-{sequence}"[\s\S]*?</article>', page)
    assert found, f"post {sequence} is not on the page"
    return same_csrf(found[0])


def question_item(page: str, post_id: int) -> str | None:
    found = re.search(rf'<li class="live-question[^"]*" data-post="{post_id}">[\s\S]*?</li>', page)
    return same_csrf(found[0]) if found else None


def fragment(client, thread, post, view: str) -> dict:
    url = reverse("forums:live:fragments", args=[thread.pk])
    response = client.get(url, {"view": view, "posts": str(post.pk)})
    assert response.status_code == 200
    (found,) = response.json()["posts"]
    return found


def assert_same_as_reload(client, session, post):
    thread = session.thread
    post.refresh_from_db()
    thread_page = client.get(thread.get_absolute_url()).content.decode()
    live = fragment(client, thread, post, "thread")
    assert live["change"] == post.change and live["sequence"] == post.sequence
    assert same_csrf(live["html"].strip()) == article(thread_page, post.sequence)
    room_page = client.get(reverse("forums:live:room", args=[thread.pk])).content.decode()
    live = fragment(client, thread, post, "room")
    assert same_csrf(live["html"].strip()) == article(room_page, post.sequence)
    expected = question_item(room_page, post.pk)
    assert (same_csrf(live["question_html"].strip()) if live["question_html"] else None) == expected


@pytest.mark.parametrize(
    ("reader", "chatham_house"),
    [("member", False), ("chair", False), ("member", True)],
    ids=["member", "moderator", "Chatham House reader"],
)
def test_after_each_live_change_the_post_is_the_same_as_after_a_reload(client, reader, chatham_house):
    session = make_session(chatham_house=chatham_house)
    people = session.people
    person = people[reader]
    person.profile.time_zone = "America/Sao_Paulo"  # not the site's zone: times are the reader's
    person.profile.save(update_fields=["time_zone"])
    client.force_login(person)
    first = services.post_create(author=people["chair"], thread=session.thread, body_markdown="Welcome all")
    # Arrival: a reply that mentions someone, asked as a question in the room.
    post, _created = live_services.live_post_create(
        user=people["other"],
        room=session.room,
        body_markdown="Who checks the smelters, @[Samuel Mensah]?",
        client_id="q",
        question=True,
    )
    post.reply_to = first
    post.save(update_fields=["reply_to"])
    assert_same_as_reload(client, session, post)
    services.post_edit(editor=people["other"], post=post, body_markdown="Who audits the smelters?")
    assert_same_as_reload(client, session, post)
    services.reaction_toggle(user=people["secretariat"], post=post, kind="insightful")
    assert_same_as_reload(client, session, post)
    live_services.question_vote_toggle(user=people["secretariat"], room=session.room, post_id=post.pk)
    assert_same_as_reload(client, session, post)
    live_services.question_moderate(
        user=people["chair"], room=session.room, post_id=post.pk, action="answered"
    )
    assert_same_as_reload(client, session, post)
    moderation.post_hide(actor=people["chair"], post=post, reason="Off topic")
    assert_same_as_reload(client, session, post)
    moderation.post_unhide(actor=people["chair"], post=post)
    assert_same_as_reload(client, session, post)
    services.post_delete(actor=people["other"], post=post)
    assert_same_as_reload(client, session, post)


def test_the_thread_fragment_has_every_control_of_the_page(client):
    """The defect: a post that arrived live had none of the 7 controls (reply, quote, flag, 3 reactions…)."""
    session = make_session()
    client.force_login(session.people["member"])
    post = services.post_create(author=session.people["other"], thread=session.thread, body_markdown="Hi")
    html = fragment(client, session.thread, post, "thread")["html"]
    assert "?reply_to=" in html and "?quote=" in html and "/flag/" in html
    assert html.count('name="kind"') >= 3
    assert "<time" in html


def test_fragments_answer_only_readers_and_only_posts_of_the_thread(client):
    session = make_session()
    elsewhere = services.thread_create(
        author=session.people["chair"], forum=session.forum, title="Another thread", body_markdown="Elsewhere"
    )
    foreign = elsewhere.posts.get()
    url = reverse("forums:live:fragments", args=[session.thread.pk])
    client.force_login(session.people["outsider"])
    assert client.get(url, {"posts": "1"}).status_code == 404
    client.force_login(session.people["member"])
    assert client.get(url, {"posts": str(foreign.pk)}).json() == {"posts": []}
    for bad in ("", "x", ",".join(str(number) for number in range(1, 60)), "1;2"):
        assert client.get(url, {"posts": bad}).status_code == 400
    assert client.get(url, {"posts": "1", "view": "other"}).status_code == 400


@pytest.mark.parametrize("view", ["thread", "room"])
def test_fragments_cost_the_same_queries_for_one_or_many_posts(client, django_assert_num_queries, view):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    session = make_session()
    client.force_login(session.people["member"])
    posts = [
        services.post_create(author=session.people["other"], thread=session.thread, body_markdown=f"Post {n}")
        for n in range(12)
    ]
    url = reverse("forums:live:fragments", args=[session.thread.pk])
    client.get(url, {"view": view, "posts": str(posts[0].pk)})
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"view": view, "posts": str(posts[0].pk)})
    with django_assert_num_queries(len(one)):
        response = client.get(url, {"view": view, "posts": ",".join(str(post.pk) for post in posts)})
    assert len(response.json()["posts"]) == 12
