"""The room without JavaScript (page, form, buttons), exports for moderators, the thread page's live hook
and the event page's include."""

import csv
import io

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.html import parse_html
from django.urls import reverse

import pytest

from forums import services
from forums.live import services as live_services
from forums.models import Post, Question, RoomRemoval
from tests.forums.live.conftest import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    return make_session()


def room_url(session):
    return reverse("forums:live:room", args=[session.thread.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [(None, 302), ("outsider", 404), ("member", 200), ("chair", 200), ("secretariat", 200)],
)
def test_who_sees_the_room_page(session, client, persona, status):
    if persona:
        client.force_login(session.people[persona])
    response = client.get(room_url(session))
    assert response.status_code == status
    if status == 200:
        assert b"Welcome to the session" in response.content
        assert b'id="forums-live-config"' in response.content
        assert b'aria-live="polite"' in response.content


def test_a_removed_member_sees_why_and_a_link_to_the_thread(session, client):
    RoomRemoval.objects.create(room=session.room, user=session.people["member"])
    client.force_login(session.people["member"])
    response = client.get(room_url(session))
    assert response.status_code == 403
    assert b"removed you from this live room" in response.content
    assert b"forums-live-config" not in response.content


def test_without_javascript_the_form_posts_a_question_and_the_buttons_vote(session, client):
    client.force_login(session.people["member"])
    response = client.post(
        reverse("forums:live:post", args=[session.thread.pk]),
        {"body": "Who audits the auditors?", "question": "on", "client_id": "form-1"},
    )
    post = Post.objects.get(client_id="form-1")
    assert response.status_code == 302 and response["Location"].endswith(f"#post-{post.sequence}")
    assert Question.objects.filter(post=post).exists()
    client.force_login(session.people["other"])
    client.post(reverse("forums:live:action", args=[session.thread.pk]), {"action": "vote", "post": post.pk})
    assert Question.objects.get(post=post).vote_count == 1
    page = client.get(room_url(session)).content.decode()
    assert "Who audits the auditors?" in page and "Take your vote back" in page


def test_without_javascript_a_refused_message_comes_back_as_typed(session, client, settings):
    settings.ROUNDTABLE_RATE_LIMITS = {"forum_post": "1/m"}
    client.force_login(session.people["member"])
    url = reverse("forums:live:post", args=[session.thread.pk])
    client.post(url, {"body": "First", "client_id": "form-a"})
    response = client.post(url, {"body": "Second, <kept> as typed", "question": "on", "client_id": "form-b"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Second, &lt;kept&gt; as typed</textarea>" in page
    assert 'aria-invalid="true"' in page and " checked>" in page
    assert not Post.objects.filter(client_id="form-b").exists()

    empty = client.post(url, {"body": "", "client_id": "form-c"})
    assert empty.status_code == 400 and 'aria-invalid="true"' in empty.content.decode()


def test_moderator_buttons_work_without_javascript(session, client):
    post, _created = live_services.live_post_create(
        user=session.people["member"],
        room=session.room,
        body_markdown="A question",
        client_id="q",
        question=True,
    )
    client.force_login(session.people["chair"])
    action = reverse("forums:live:action", args=[session.thread.pk])
    client.post(action, {"action": "answered", "post": post.pk})
    client.post(action, {"action": "slow_mode", "seconds": "30"})
    client.post(action, {"action": "remove", "post": post.pk})
    session.room.refresh_from_db()
    assert Question.objects.get(post=post).answered
    assert session.room.slow_mode_seconds == 30
    assert RoomRemoval.objects.filter(room=session.room, user=session.people["member"]).exists()


def test_exports_are_for_moderators_and_guard_against_formulas(session, client):
    live_services.live_post_create(
        user=session.people["member"],
        room=session.room,
        body_markdown='=HYPERLINK("http://x")',
        client_id="f",
    )
    markdown_url = reverse("forums:live:export", args=[session.thread.pk, "markdown"])
    csv_url = reverse("forums:live:export", args=[session.thread.pk, "csv"])
    client.force_login(session.people["member"])
    assert client.get(csv_url).status_code == 404
    client.force_login(session.people["chair"])
    assert client.get(reverse("forums:live:export", args=[session.thread.pk, "xlsx"])).status_code == 404
    rows = list(csv.reader(io.StringIO(client.get(csv_url).content.decode())))
    assert rows[2][-1] == '\'=HYPERLINK("http://x")'
    assert rows[2][2] == "Samuel Mensah"
    markdown = client.get(markdown_url).content.decode()
    assert markdown.startswith(f"# {session.thread.title}") and "Samuel Mensah" in markdown


def test_a_chatham_house_export_names_nobody(db, client):
    session = make_session(chatham_house=True)
    services.post_create(author=session.people["member"], thread=session.thread, body_markdown="Our view")
    client.force_login(session.people["chair"])
    for fmt in ("csv", "markdown"):
        content = client.get(reverse("forums:live:export", args=[session.thread.pk, fmt])).content.decode()
        assert "Mensah" not in content and "Jansen" not in content and "A participant" in content


def test_the_thread_page_subscribes_and_points_to_the_live_room(session, client):
    client.force_login(session.people["member"])
    page = client.get(session.thread.get_absolute_url()).content.decode()
    assert 'id="forums-live-config"' in page and "forums/live.js" in page
    assert room_url(session) in page


def test_the_event_page_include_shows_the_open_room_to_readers_only(session):
    request = RequestFactory().get("/")
    request.user = session.people["member"]
    html = render_to_string(
        "forums/includes/event_discussion.html", {"page": session.event, "request": request}
    )
    assert "Live room" in html and room_url(session) in html
    request.user = session.people["outsider"]
    html = render_to_string(
        "forums/includes/event_discussion.html", {"page": session.event, "request": request}
    )
    assert room_url(session) not in html


def test_the_event_page_itself_leads_members_to_the_open_room(session, client):
    client.force_login(session.people["member"])
    page = client.get(session.event.url).content.decode()
    assert "Live now — join the discussion" in page and room_url(session) in page


def test_the_secretariat_opens_a_room_in_the_admin(session, client):
    from forums.models import LiveRoom

    plain = services.thread_create(
        author=session.people["chair"], forum=session.forum, title="No session here", body_markdown="Hello"
    )
    session.room.delete()
    client.force_login(session.people["secretariat"])
    add_url = reverse("wagtailsnippets_forums_liveroom:add")
    fields = {"opens_minutes_before": "30", "closes_minutes_after": "", "slow_mode_seconds": "0"}
    refused = client.post(add_url, {"thread": plain.pk, **fields})
    assert refused.status_code == 200 and not LiveRoom.objects.exists()
    client.post(add_url, {"thread": session.thread.pk, **fields})
    room = LiveRoom.objects.get()
    assert room.thread == session.thread and room.opens_minutes_before == 30
    listing = client.get(reverse("wagtailsnippets_forums_liveroom:list"))
    assert listing.status_code == 200 and session.thread.title in listing.content.decode()


def _find(element, css_class: str):
    """The first element under `element` (a django.test.html tree) with the class `css_class`."""
    for child in element.children:
        if isinstance(child, str):
            continue
        if css_class in dict(child.attributes).get("class", "").split():
            return child
        found = _find(child, css_class)
        if found is not None:
            return found
    return None


@pytest.mark.parametrize("persona", ["member", "chair"])
def test_every_part_of_the_side_column_is_a_panel_a_phone_shows_under_its_own_tab(session, client, persona):
    """On a phone room_tabs.js shows one [data-live-panel] at a time; a part of the side column outside every
    panel showed under each tab, below the messages and their message box (the action points did)."""
    client.force_login(session.people[persona])
    side = _find(parse_html(client.get(room_url(session)).content.decode()), "live-side")
    parts = [child for child in side.children if not isinstance(child, str)]
    assert [dict(part.attributes).get("data-live-panel") for part in parts] == [
        "questions",
        "polls",
        "people",
    ]
    polls = parts[1]
    assert _find(polls, "live-actions") is not None  # the action points show under the Polls tab


def test_the_room_page_lists_the_first_names_and_says_how_many_more_are_here(session, client, settings):
    from django.utils import timezone

    from forums.models import RoomPresence

    settings.ROUNDTABLE_FORUMS_LIVE_PRESENCE_NAMES_SHOWN = 1
    for number, persona in enumerate(("other", "chair", "secretariat")):
        RoomPresence.objects.create(
            room=session.room, user=session.people[persona], channel_name=f"c{number}", seen_at=timezone.now()
        )
    client.force_login(session.people["member"])
    page = client.get(room_url(session)).content.decode()
    people = page.split('id="live-presence-people"', 1)[1].split("</ul>", 1)[0]
    assert people.count("<li") == 2
    assert "<li>Ama Owusu</li>" in people and '<li class="meta">and 2 more</li>' in people
