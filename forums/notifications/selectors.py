"""Reads for following: a person's notifications and unread count, what they watch, and unread markers on
thread lists. Each costs a constant number of queries however many rows it shows."""

from dataclasses import dataclass

from django.db.models import QuerySet

from forums import access
from forums.choices import SubscriptionLevel
from forums.models import Notification, Subscription, ThreadReadState
from forums.presenters import AuthorDisplay, ThreadPresenter


def notifications_of(user) -> QuerySet[Notification]:
    """The person's notifications about threads they may still read, newest first."""
    return (
        Notification.objects.filter(user=user)
        .filter(access.forum_readable_q(user, "thread__forum"))
        .select_related("actor__profile__organisation", "thread__forum__group", "post")
        .order_by("-created_at", "-pk")
    )


def unread_notification_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return (
        Notification.objects.filter(user=user, read_at__isnull=True)
        .filter(access.forum_readable_q(user, "thread__forum"))
        .count()
    )


@dataclass(frozen=True)
class NotificationRow:
    notification: Notification
    actor: AuthorDisplay
    hidden_post: bool


def notification_rows(notifications, user) -> list[NotificationRow]:
    """Each notification with its actor shown as the thread's rule allows this reader to see them."""
    presenters: dict[int, ThreadPresenter] = {}
    chatham_memo: dict = {}
    rows = []
    for notification in notifications:
        thread = notification.thread
        if thread.pk not in presenters:
            presenters[thread.pk] = ThreadPresenter(thread, user, chatham_memo)
        post = notification.post
        rows.append(
            NotificationRow(
                notification=notification,
                actor=presenters[thread.pk].author(notification.actor),
                hidden_post=post is None or post.is_deleted or post.hidden,
            )
        )
    return rows


def subscription_of(user, thread=None, forum=None) -> Subscription | None:
    if user is None or not user.is_authenticated:
        return None
    if thread is not None:
        return Subscription.objects.filter(user=user, thread=thread).first()
    return Subscription.objects.filter(user=user, forum=forum).first()


def watched(user) -> tuple[list[Subscription], list[Subscription]]:
    """(threads, forums) the person watches, limited to those they may still read."""
    subscriptions = Subscription.objects.filter(user=user, level=SubscriptionLevel.WATCHING)
    threads = list(
        subscriptions.filter(thread__isnull=False)
        .filter(access.forum_readable_q(user, "thread__forum"))
        .select_related("thread__forum")
        .order_by("-thread__last_post_at")
    )
    forums = list(
        subscriptions.filter(forum__isnull=False)
        .filter(access.forum_readable_q(user, "forum"))
        .select_related("forum")
        .order_by("forum__title")
    )
    return threads, forums


def mark_unread(threads, user) -> None:
    """Set `unread_posts` (posts after the person's read marker) and `never_read` on each thread (one query).

    Anonymous readers get neither marker. A thread never opened counts all its posts as unread.
    """
    threads = list(threads)
    if user is None or not user.is_authenticated or not threads:
        for thread in threads:
            thread.unread_posts, thread.never_read = 0, False
        return
    read = dict(
        ThreadReadState.objects.filter(user=user, thread__in=[thread.pk for thread in threads]).values_list(
            "thread_id", "last_read_sequence"
        )
    )
    for thread in threads:
        last_read = read.get(thread.pk)
        thread.never_read = last_read is None and thread.author_id != user.pk
        thread.unread_posts = (
            max(thread.last_sequence - (last_read or 0), 0)
            if last_read is not None
            else (thread.post_count if thread.never_read else 0)
        )
