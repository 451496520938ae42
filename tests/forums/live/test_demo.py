"""The live demo: a past webinar's archived room with questions, and a room open now — every time the demo
is seeded — and a second run adds nothing."""

from io import StringIO

import pytest

import cms.demo
import commitments.demo
import events.demo
import forums.demo
import working_groups.demo
from cms.demo_context import DemoContext
from forums.demo.live import NOW_SLUG
from forums.live import access
from forums.models import LiveRoom, Post, Question, QuestionVote

pytestmark = pytest.mark.django_db


def seed() -> None:
    context = DemoContext(password="demo-password-for-tests", stdout=StringIO(), style=None)
    for app_demo in (cms.demo, working_groups.demo, commitments.demo, events.demo, forums.demo):
        app_demo.seed(context)


def test_the_demo_has_an_archived_room_and_one_open_now(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROUNDTABLE_FORUMS_ATTACHMENT_ROOT = str(tmp_path / "attachments")
    seed()
    rooms = {room.thread.event.slug: room for room in LiveRoom.objects.select_related("thread__event")}
    assert len(rooms) == 2
    now_room = rooms.pop(NOW_SLUG)
    past_room = rooms.popitem()[1]
    assert access.room_state(now_room, now_room.thread.event).is_open
    assert access.room_state(past_room, past_room.thread.event).read_only
    assert Question.objects.filter(room=past_room, answered_at__isnull=False).count() == 2
    assert Question.objects.filter(room=now_room).count() == 2
    totals = (Post.objects.count(), Question.objects.count(), QuestionVote.objects.count())

    seed()
    assert (Post.objects.count(), Question.objects.count(), QuestionVote.objects.count()) == totals
    assert LiveRoom.objects.count() == 2
