"""Notifications that fit live talk: messages in a live room never send a per-message e-mail; followers of the
room's thread get one summary after the session; people who never chose get the daily digest."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

import pytest

from forums import services
from forums.live import services as live_services
from forums.models import Notification, NotificationSettings, Post
from forums.services import notifications as notification_services
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member
from tests.forums.live.conftest import make_session
from working_groups.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run a service and what it schedules after commit (the fan-out task, e-mails), as in production."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def run_command(name: str, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # tasks are queued on commit
        call_command(name, stdout=StringIO())


def end_the_session(session, minutes_ago: int = 30):
    """Move the session, and the messages written in it, back in time: it ended `minutes_ago` minutes ago."""
    event = session.event
    shift = (event.end - timezone.now()) + datetime.timedelta(minutes=minutes_ago)
    event.start -= shift
    event.end -= shift
    event.save_revision().publish()
    Post.objects.filter(thread=session.thread).update(created_at=F("created_at") - shift)
    session.thread.refresh_from_db()


def summaries_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address] and "in short" in message.subject]


def test_a_100_message_session_sends_each_follower_at_most_one_email(
    run_on_commit, settings, django_capture_on_commit_callbacks
):
    settings.ROUNDTABLE_FORUMS_DIGEST_BY_DEFAULT = False  # the worst case: everyone wants e-mail at once
    session = make_session()
    people = session.people
    member, other, chair = people["member"], people["other"], people["chair"]
    for person in (other, chair):
        run_on_commit(notification_services.thread_watch, user=person, thread=session.thread)
    run_on_commit(notification_services.forum_watch, user=people["secretariat"], forum=session.forum)
    NotificationSettings.objects.create(user=chair, daily_digest=False)
    mail.outbox.clear()
    for number in range(100):
        author = member if number % 2 else other
        body = f"Message {number}" + (" — @[Lotte Jansen] what do you think?" if number == 10 else "")
        run_on_commit(
            live_services.live_post_create,
            user=author,
            room=session.room,
            body_markdown=body,
            client_id=f"m{number}",
            question=number % 25 == 0,
        )
    assert session.thread.posts.count() == 101
    assert mail.outbox == [], "a live room's messages are never e-mailed one by one"
    # The mention is still on the site.
    assert Notification.objects.filter(user=chair, kind="mention").exists()

    end_the_session(session)
    run_command("send_live_summaries", django_capture_on_commit_callbacks)
    run_command("send_live_summaries", django_capture_on_commit_callbacks)  # a second run sends nothing more
    followers = [member, other, chair, people["secretariat"]]
    for person in followers:
        assert len(summaries_to(person.email)) == 1, person
    per_person = {}
    for message in mail.outbox:
        per_person[message.to[0]] = per_person.get(message.to[0], 0) + 1
    assert max(per_person.values()) == 1
    assert people["outsider"].email not in per_person
    summary = summaries_to(chair.email)[0].body
    assert "101 messages" in summary or "100 messages" in summary
    assert "Message 0" in summary and "votes" in summary
    # What the summary covered is not e-mailed again by a digest.
    NotificationSettings.objects.filter(user=chair).update(daily_digest=True)
    mail.outbox.clear()
    run_command("send_forum_digests", django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_chatham_house_summary_names_nobody(run_on_commit, django_capture_on_commit_callbacks):
    session = make_session(chatham_house=True)
    member = session.people["member"]
    run_on_commit(
        live_services.live_post_create,
        user=member,
        room=session.room,
        body_markdown="Who audits the smelters?",
        client_id="q1",
        question=True,
    )
    end_the_session(session)
    mail.outbox.clear()
    run_command("send_live_summaries", django_capture_on_commit_callbacks)
    bodies = " ".join(message.body for message in mail.outbox)
    assert "Who audits the smelters?" in bodies
    assert "Mensah" not in bodies and "Jansen" not in bodies


def test_a_session_still_open_is_not_summarised(run_on_commit, django_capture_on_commit_callbacks):
    session = make_session()
    run_on_commit(
        live_services.live_post_create,
        user=session.people["member"],
        room=session.room,
        body_markdown="Hello",
        client_id="h",
    )
    end_the_session(session, minutes_ago=5)  # ended, but the room stays open 15 minutes after the end
    mail.outbox.clear()
    run_command("send_live_summaries", django_capture_on_commit_callbacks)
    assert mail.outbox == []
    session.room.refresh_from_db()
    assert session.room.summary_sent_at is None


def test_after_the_session_the_thread_is_an_ordinary_thread_again(
    run_on_commit, settings, django_capture_on_commit_callbacks
):
    settings.ROUNDTABLE_FORUMS_DIGEST_BY_DEFAULT = False
    session = make_session()
    run_on_commit(notification_services.thread_watch, user=session.people["chair"], thread=session.thread)
    end_the_session(session, minutes_ago=120)
    mail.outbox.clear()
    run_on_commit(
        services.post_create,
        author=session.people["member"],
        thread=session.thread,
        body_markdown="A follow-up after the session.",
    )
    assert [message.to for message in mail.outbox] == [[session.people["chair"].email]]


def test_new_followers_default_to_the_daily_digest(run_on_commit, django_capture_on_commit_callbacks):
    session = make_session()
    newcomer = UserFactory()
    add_member(session.group, newcomer, Role.MEMBER)
    run_on_commit(notification_services.thread_watch, user=newcomer, thread=session.thread)
    assert notification_services.settings_for(newcomer).daily_digest is True
    end_the_session(session, minutes_ago=120)
    mail.outbox.clear()
    for number in range(3):
        run_on_commit(
            services.post_create,
            author=session.people["member"],
            thread=session.thread,
            body_markdown=f"After the session {number}",
        )
    assert [m for m in mail.outbox if m.to == [newcomer.email]] == []
    run_command("send_forum_digests", django_capture_on_commit_callbacks)
    digests = [m for m in mail.outbox if m.to == [newcomer.email]]
    assert len(digests) == 1 and "3 new posts" in digests[0].subject
