"""The demo's people who talk in the room that is open now are registered for its session, so a visitor
who signs in as one of them (accounts minutes old) takes part beyond the new-account limit of five posts an
hour — the limit that the issue's "new attendees fall silent" is about. Found walking the integrated demo:
member@example.org was refused after one message."""

from io import StringIO

from django.contrib.auth import get_user_model

import pytest

import cms.demo
import commitments.demo
import events.demo
import forums.demo
import working_groups.demo
from cms.demo_context import DemoContext
from forums.demo.live import NOW_SLUG
from forums.live import access
from forums.live import services as live_services
from forums.models import LiveRoom

pytestmark = pytest.mark.django_db


def seed() -> None:
    context = DemoContext(password="demo-password-for-tests", stdout=StringIO(), style=None)
    for app_demo in (cms.demo, working_groups.demo, commitments.demo, events.demo, forums.demo):
        app_demo.seed(context)


def test_the_demo_attendees_keep_talking_in_the_room_open_now(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROUNDTABLE_FORUMS_ATTACHMENT_ROOT = str(tmp_path / "attachments")
    seed()
    settings.ROUNDTABLE_FORUMS_NEW_ACCOUNT_HOURS = 24
    settings.ROUNDTABLE_FORUMS_NEW_ACCOUNT_POSTS_PER_HOUR = 5
    settings.ROUNDTABLE_RATE_LIMITS = {}
    room = LiveRoom.objects.select_related("thread__event", "thread__forum").get(thread__event__slug=NOW_SLUG)
    room.thread.live_room = room
    for email in ("member@example.org", "registered@example.org"):
        person = get_user_model().objects.get(email=email)
        assert access.is_attendee(person, room), email
        for number in range(7):
            _post, created = live_services.live_post_create(
                user=person, room=room, body_markdown=f"Message {number} of {email}", client_id=None
            )
            assert created

    seed()  # a second run registers nobody twice
