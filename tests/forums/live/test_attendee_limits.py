"""Limits that fit attendees: a person who signed up today and is registered for the session (or is a member
of its group) is not held to the new-account posting limit inside the session's room; the room's flood
limit and slow mode still apply to everyone, and public forums keep the new-account limit."""

import datetime

from django.utils import timezone

import pytest

from events.choices import EventKind, RegistrationStatus
from events.models import Registration
from forums import services
from forums.live import services as live_services
from forums.services.errors import RateLimited
from tests.factories.events import EventPageFactory
from tests.factories.forums import ForumFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member
from tests.forums.live.conftest import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def new_account_limit(settings):
    settings.ROUNDTABLE_FORUMS_NEW_ACCOUNT_HOURS = 24
    settings.ROUNDTABLE_FORUMS_NEW_ACCOUNT_POSTS_PER_HOUR = 5


def public_webinar(registration_open: bool = True):
    """A public webinar running now with a live room in a public forum (anyone signed in takes part)."""
    session = make_session()
    now = timezone.now()
    webinar = EventPageFactory(
        parent=session.event.get_parent(),
        title="Recycled tin: live Q&A",
        kind=EventKind.WEBINAR,
        group=None,
        registration_open=registration_open,
        start=now - datetime.timedelta(minutes=5),
        end=now + datetime.timedelta(minutes=55),
    )
    forum = ForumFactory(title="Public consultation")
    thread = services.thread_create(
        author=session.people["secretariat"],
        forum=forum,
        title="Recycled tin: the live room",
        body_markdown="Welcome.",
        event=webinar,
    )
    room = live_services.live_room_open(thread=thread)
    return webinar, forum, thread, room


def signed_up_today(**fields):
    return UserFactory(date_joined=timezone.now() - datetime.timedelta(hours=1), **fields)


def send(person, room, count: int, prefix: str = "Message"):
    for number in range(count):
        live_services.live_post_create(
            user=person, room=room, body_markdown=f"{prefix} {number}", client_id=f"{prefix}-{number}"
        )


def test_a_registrant_who_signed_up_today_chats_past_the_new_account_limit(db):
    webinar, _forum, _thread, room = public_webinar()
    newcomer = signed_up_today()
    Registration.objects.create(event=webinar, user=newcomer, status=RegistrationStatus.CONFIRMED)
    send(newcomer, room, 5, "Chat")
    live_services.live_post_create(
        user=newcomer, room=room, body_markdown="And a question?", client_id="q", question=True
    )
    send(newcomer, room, 6, "More")
    assert room.thread.posts.filter(author=newcomer).count() == 12


def test_a_new_member_of_the_sessions_group_is_not_held_to_it_either(db):
    session = make_session()
    newcomer = signed_up_today()
    add_member(session.group, newcomer)
    send(newcomer, session.room, 8)
    assert session.thread.posts.filter(author=newcomer).count() == 8


def test_someone_the_session_does_not_expect_keeps_the_new_account_limit_in_the_room(db):
    """A webinar without registration: a newcomer who is neither registered nor a member may enter and post,
    but as any new account."""
    _webinar, _forum, _thread, room = public_webinar(registration_open=False)
    stranger = signed_up_today()
    send(stranger, room, 5)
    with pytest.raises(RateLimited):
        send(stranger, room, 1, "Sixth")


def test_public_forums_keep_the_new_account_limit_for_attendees_too(db):
    webinar, forum, _thread, _room = public_webinar()
    newcomer = signed_up_today()
    Registration.objects.create(event=webinar, user=newcomer, status=RegistrationStatus.CONFIRMED)
    ordinary = services.thread_create(
        author=webinar.owner or UserFactory(date_joined=timezone.now() - datetime.timedelta(days=30)),
        forum=forum,
        title="Recycling guidance: comments",
        body_markdown="Comments here.",
    )
    for number in range(5):
        services.post_create(author=newcomer, thread=ordinary, body_markdown=f"Comment {number}")
    with pytest.raises(RateLimited):
        services.post_create(author=newcomer, thread=ordinary, body_markdown="One more")


def test_slow_mode_still_applies_to_attendees(db):
    webinar, _forum, _thread, room = public_webinar()
    newcomer = signed_up_today()
    Registration.objects.create(event=webinar, user=newcomer, status=RegistrationStatus.CONFIRMED)
    room.slow_mode_seconds = 30
    room.save(update_fields=["slow_mode_seconds"])
    send(newcomer, room, 1)
    with pytest.raises(RateLimited, match="Slow mode"):
        send(newcomer, room, 1, "Again")


def test_the_forum_wide_flood_limit_still_applies_to_attendees(db, settings):
    settings.ROUNDTABLE_RATE_LIMITS = {"forum_post": "7/m"}
    webinar, _forum, _thread, room = public_webinar()
    newcomer = signed_up_today()
    Registration.objects.create(event=webinar, user=newcomer, status=RegistrationStatus.CONFIRMED)
    send(newcomer, room, 7)
    with pytest.raises(RateLimited):
        send(newcomer, room, 1, "Eighth")
