"""One e-mail per follower after a live session, instead of one per message.

Messages written in a live room while it is open send no e-mail at all (forums.services.notifications): the
people a message concerns (mentions, replies, quotes) see it on the site. When the room has closed, everyone
who follows its thread (or its forum) and anyone a message of the session concerns gets one summary: how many
messages, the questions with their votes and whether they were answered, what concerned them, and the
address of the discussion, which goes on in the thread.

`send_due_live_summaries` (a django-tasks task; `manage.py send_live_summaries` from cron every 15 minutes,
like the event reminders) claims each room whose session ended within `LOOKBACK` and whose room has closed,
once (`LiveRoom.summary_sent_at`, set under the room's row lock), and queues one `send_live_summary` per
recipient. Each e-mail is checked when it is sent: a person who can no longer read the thread, muted it or
turned forum e-mails off gets nothing. Questions are quoted without speakers, so a Chatham House room names
nobody, and hidden or deleted messages never reach an e-mail.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator

from django_tasks import task

from cms.emails import absolute_url, recipient_language, render_mail
from forums.choices import SubscriptionLevel
from forums.emails import _unsubscribe_headers, email_presenter, post_text
from forums.notifications.tokens import unsubscribe_path

#: Sessions that ended longer ago than this get no summary (a room added to an old session, a first run).
LOOKBACK = timedelta(days=2)
TOP_QUESTIONS = 10


def _session_posts(room):
    from forums.models import Post

    event = room.thread.event
    return Post.objects.filter(
        thread_id=room.thread_id, created_at__gte=room.opens_at(event), created_at__lt=room.closes_at(event)
    )


def due_room_ids(now=None) -> list[int]:
    from forums.models import LiveRoom

    now = now or timezone.now()
    rooms = LiveRoom.objects.filter(
        summary_sent_at__isnull=True,
        thread__event__end__lt=now,
        thread__event__end__gte=now - LOOKBACK,
    ).select_related("thread__event")
    return [room.pk for room in rooms if room.closes_at(room.thread.event) <= now]


def summary_recipient_ids(room) -> list[int]:
    """Followers of the room's thread or forum (not muted) and people the session's messages concern."""
    from forums.models import Notification, Subscription

    thread = room.thread
    followers = Subscription.objects.filter(
        Q(thread_id=thread.pk) | Q(forum_id=thread.forum_id), level=SubscriptionLevel.WATCHING
    ).values_list("user_id", flat=True)
    concerned = Notification.objects.filter(post__in=_session_posts(room)).values_list("user_id", flat=True)
    muted = set(
        Subscription.objects.filter(thread_id=thread.pk, level=SubscriptionLevel.MUTED).values_list(
            "user_id", flat=True
        )
    )
    return sorted((set(followers) | set(concerned)) - muted)


def claim_room(room_id: int, now=None) -> bool:
    """Mark the room's summary as sent; False when another run already did (at most one per session)."""
    from forums.models import LiveRoom

    with transaction.atomic():
        room = LiveRoom.objects.select_for_update().filter(pk=room_id, summary_sent_at__isnull=True).first()
        if room is None:
            return False
        room.summary_sent_at = now or timezone.now()
        room.save(update_fields=["summary_sent_at"])
    return True


@task()
def send_due_live_summaries() -> int:
    """Queue the summary of every live session that is over and was not summarised; returns how many
    e-mails were queued."""
    from forums.models import LiveRoom

    queued = 0
    for room_id in due_room_ids():
        if not claim_room(room_id):
            continue
        room = LiveRoom.objects.select_related("thread__forum", "thread__event").get(pk=room_id)
        for user_id in summary_recipient_ids(room):
            send_live_summary.enqueue(room_id, user_id)
            queued += 1
    return queued


def _wants_forum_email(user) -> bool:
    from forums.models import NotificationSettings

    user_settings = NotificationSettings.objects.filter(user=user).first()
    return user_settings is None or user_settings.email_enabled


def summary_context(room, user) -> dict | None:
    """What the person's summary says, or None when there is nothing they may read."""
    from forums.models import Notification, Post, Thread

    thread = (
        Thread.objects.visible_to(user).filter(pk=room.thread_id).select_related("forum", "event").first()
    )
    if thread is None:
        return None
    event = thread.event
    posts = _session_posts(room).filter(deleted_at__isnull=True, hidden=False)
    count = posts.count()
    if not count:
        return None
    presenter = email_presenter(thread, user)
    questions = (
        posts.filter(question__isnull=False, question__hidden=False)
        .select_related("question")
        .prefetch_related("mentions__user__profile")
        .order_by("-question__vote_count", "sequence")
    )
    concerning = (
        Post.objects.visible_to(user)
        .filter(pk__in=posts.values("pk"), notifications__user=user)
        .distinct()
        .order_by("sequence")
    )
    return {
        "thread_title": thread.title,
        "event_title": event.title,
        "message_count": count,
        "question_count": questions.count(),
        "questions": [
            {
                "text": Truncator(post_text(presenter, post)).chars(300),
                "votes": post.question.vote_count,
                "answered": post.question.answered,
            }
            for post in questions[:TOP_QUESTIONS]
        ],
        "concerning_count": len(concerning),
        "thread_url": absolute_url(thread.get_absolute_url()),
        "room_url": absolute_url(reverse("forums:live:room", args=[thread.pk])),
        "chatham_house": thread.chatham_house,
        "notification_ids": list(
            Notification.objects.filter(user=user, post__in=posts).values_list("pk", flat=True)
        ),
    }


def build_summary_email(room, user, context: dict) -> EmailMessage:
    unsubscribe_url = absolute_url(unsubscribe_path(user.pk, "thread", room.thread_id))
    with translation.override(recipient_language(user)):
        context = {
            **context,
            "unsubscribe_url": unsubscribe_url,
            "unsubscribe_all_url": absolute_url(unsubscribe_path(user.pk, "all")),
            "settings_url": absolute_url(reverse("forums:notification_settings")),
        }
        return render_mail(
            "forums/email/live_summary",
            context,
            to=[user.email],
            headers=_unsubscribe_headers(unsubscribe_url),
        )


@task()
def send_live_summary(room_id: int, user_id: int) -> bool:
    """One person's summary of one session, if they may still read it and want forum e-mail."""
    from forums.models import LiveRoom, Notification, Subscription

    user = get_user_model().objects.select_related("profile").filter(pk=user_id, is_active=True).first()
    room = LiveRoom.objects.select_related("thread__event").filter(pk=room_id).first()
    if user is None or room is None or not user.email or not _wants_forum_email(user):
        return False
    muted = Subscription.objects.filter(user=user, thread_id=room.thread_id, level=SubscriptionLevel.MUTED)
    if muted.exists():
        return False
    with translation.override(recipient_language(user)):
        context = summary_context(room, user)
    if context is None:
        return False
    # What the summary covers is not e-mailed again by a digest.
    Notification.objects.filter(pk__in=context.pop("notification_ids"), emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    build_summary_email(room, user, context).send()
    return True
