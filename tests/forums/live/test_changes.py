"""Every change a reader of a post would see takes the thread's next change number and moves
Post.updated_at (the cursor a resuming live client sends back); a change nobody sees moves nothing."""

import datetime

from django.utils import timezone

import pytest

from forums import services
from forums.live import services as live_services
from forums.live.handlers import broadcast_post_edited_in_admin
from forums.models import Post, Thread
from forums.services.moderation import post_hide, post_unhide
from tests.forums.live.conftest import make_session

pytestmark = pytest.mark.django_db


def _edit(session, post):
    services.post_edit(editor=session.people["other"], post=post, body_markdown="Changed text")


def _delete(session, post):
    services.post_delete(actor=session.people["other"], post=post)


def _hide(session, post):
    post_hide(actor=session.people["chair"], post=post, reason="Off topic")


def _unhide(session, post):
    Post.objects.filter(pk=post.pk).update(hidden=True)
    post.hidden = True
    post_unhide(actor=session.people["chair"], post=post)


def _react(session, post):
    services.reaction_toggle(user=session.people["member"], post=post, kind="agree")


def _take_back_reaction(session, post):
    services.reaction_toggle(user=session.people["member"], post=post, kind="agree")
    Post.objects.filter(pk=post.pk).update(change=0)
    Thread.objects.filter(pk=post.thread_id).update(last_change=0)
    services.reaction_toggle(user=session.people["member"], post=post, kind="agree")


def _vote(session, post):
    live_services.question_vote_toggle(user=session.people["member"], room=session.room, post_id=post.pk)


def _mark(action):
    def mark(session, post):
        live_services.question_moderate(
            user=session.people["chair"], room=session.room, post_id=post.pk, action=action
        )

    return mark


def _admin_edit(session, post):
    broadcast_post_edited_in_admin(None, post)


CHANGES = {
    "edit": _edit,
    "delete": _delete,
    "hide": _hide,
    "unhide": _unhide,
    "reaction": _react,
    "reaction taken back": _take_back_reaction,
    "vote": _vote,
    "answered": _mark("answered"),
    "highlight": _mark("highlight"),
    "hidden in the room": _mark("hide"),
    "admin edit": _admin_edit,
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_change_readers_see_takes_the_next_change_number(change):
    session = make_session()
    question, _created = live_services.live_post_create(
        user=session.people["other"],
        room=session.room,
        body_markdown="Who pays?",
        client_id="q",
        question=True,
    )
    other = services.post_create(author=session.people["chair"], thread=session.thread, body_markdown="Other")
    long_ago = timezone.now() - datetime.timedelta(days=1)
    Post.objects.filter(thread=session.thread).update(updated_at=long_ago)
    before = Thread.objects.get(pk=session.thread.pk).last_change

    CHANGES[change](session, question)

    question.refresh_from_db()
    thread = Thread.objects.get(pk=session.thread.pk)
    assert thread.last_change == (1 if change == "reaction taken back" else before + 1)
    assert question.change == thread.last_change
    assert question.updated_at > long_ago
    other.refresh_from_db()
    assert other.change == 0 and other.updated_at == long_ago


def test_change_numbers_count_up_per_thread():
    session = make_session()
    post = Post.objects.get(thread=session.thread, sequence=1)
    for number in range(1, 4):
        services.post_edit(editor=session.people["chair"], post=post, body_markdown=f"Version {number}")
        post.refresh_from_db()
        assert post.change == number
    elsewhere = services.thread_create(
        author=session.people["chair"], forum=session.forum, title="Elsewhere", body_markdown="Quiet here"
    )
    assert Thread.objects.get(pk=elsewhere.pk).last_change == 0
