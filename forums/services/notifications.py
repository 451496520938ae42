"""Following and being told: watching threads and forums, the notifications a new post causes, read markers,
per-user settings and one-click unsubscribing.

The fan-out of a new post runs in a background task (forums.tasks) after the post is committed; it checks that
each recipient may still read the thread and queues the e-mails (forums.emails) once its own writes commit.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import access
from forums.choices import NotificationKind, SubscriptionLevel
from forums.models import (
    Forum,
    Notification,
    NotificationSettings,
    Post,
    Subscription,
    Thread,
    ThreadReadState,
)
from forums.services.checks import require_signed_in
from forums.services.errors import NotAllowed

User = get_user_model()

#: When one post concerns a person for several reasons, they hear of it once, for the first reason here.
KIND_PRIORITY = (
    NotificationKind.MENTION,
    NotificationKind.REPLY,
    NotificationKind.QUOTE,
    NotificationKind.NEW_THREAD,
    NotificationKind.NEW_POST,
)


# --- Watching -------------------------------------------------------------------------------------------


def _require_reader(user, forum: Forum) -> None:
    require_signed_in(user)
    if not access.forum_access(user, forum).read:
        raise NotAllowed(_("You cannot follow this discussion."))


def thread_watch(*, user, thread: Thread) -> Subscription:
    """Be told of every new post in a thread."""
    _require_reader(user, thread.forum)
    subscription, _created = Subscription.objects.update_or_create(
        user=user, thread=thread, defaults={"level": SubscriptionLevel.WATCHING}
    )
    return subscription


def thread_unwatch(*, user, thread: Thread) -> Subscription:
    """Stop hearing of a thread: it is muted, so replying or watching its forum does not bring it back."""
    require_signed_in(user)
    subscription, _created = Subscription.objects.update_or_create(
        user=user, thread=thread, defaults={"level": SubscriptionLevel.MUTED}
    )
    return subscription


def forum_watch(*, user, forum: Forum) -> Subscription:
    """Be told of every new thread and post in a forum."""
    _require_reader(user, forum)
    subscription, _created = Subscription.objects.update_or_create(
        user=user, forum=forum, defaults={"level": SubscriptionLevel.WATCHING}
    )
    return subscription


def forum_unwatch(*, user, forum: Forum) -> None:
    require_signed_in(user)
    Subscription.objects.filter(user=user, forum=forum).delete()


def _watch_automatically(user_id: int, thread_id: int) -> None:
    """Authors watch their threads and repliers the thread they replied in, unless they muted it."""
    try:
        with transaction.atomic():
            Subscription.objects.get_or_create(
                user_id=user_id, thread_id=thread_id, defaults={"level": SubscriptionLevel.WATCHING}
            )
    except IntegrityError:
        pass  # a concurrent post of the same person created it


# --- Notifications of a new post ------------------------------------------------------------------------


@dataclass(frozen=True)
class NewPost:
    post_id: int
    mentioned_user_ids: tuple[int, ...] = ()
    quoted_post_ids: tuple[int, ...] = ()


def _candidates(post: Post, event: NewPost, watchers: bool = True) -> dict[int, str]:
    """{user id: kind} of everyone the post may concern, before the checks of who may read it; without
    the thread's and forum's watchers when `watchers` is False (a live room's message)."""
    thread = post.thread
    reasons: dict[int, set[str]] = {}

    def add(user_id, kind):
        if user_id is not None and user_id != post.author_id:
            reasons.setdefault(user_id, set()).add(kind)

    for user_id in event.mentioned_user_ids:
        add(user_id, NotificationKind.MENTION)
    if post.reply_to_id:
        add(post.reply_to.author_id if post.reply_to else None, NotificationKind.REPLY)
    if event.quoted_post_ids:
        for author_id in Post.objects.filter(pk__in=event.quoted_post_ids, thread=thread).values_list(
            "author_id", flat=True
        ):
            add(author_id, NotificationKind.QUOTE)
    new_kind = NotificationKind.NEW_THREAD if post.sequence == 1 else NotificationKind.NEW_POST
    if watchers:
        for user_id in Subscription.objects.filter(
            Q(thread=thread) | Q(forum_id=thread.forum_id), level=SubscriptionLevel.WATCHING
        ).values_list("user_id", flat=True):
            add(user_id, new_kind)
    muted = set(
        Subscription.objects.filter(thread=thread, level=SubscriptionLevel.MUTED).values_list(
            "user_id", flat=True
        )
    )
    return {
        user_id: next(kind for kind in KIND_PRIORITY if kind in kinds)
        for user_id, kinds in reasons.items()
        if user_id not in muted
    }


def notify_new_post(event: NewPost) -> list[Notification]:
    """Create the on-site notifications a new post causes and queue their e-mails. Runs after commit."""
    from forums import emails

    post = (
        Post.objects.select_related("thread__forum__group", "reply_to")
        .filter(pk=event.post_id, deleted_at__isnull=True, hidden=False)
        .first()
    )
    if post is None:
        return []
    if post.author_id:
        _watch_automatically(post.author_id, post.thread_id)
    # A message of a live session: no "new post" for the followers and no e-mail for anyone; the people
    # it concerns are told on the site, and followers get one summary after the session
    # (forums.live.summaries).
    live = in_live_session(post)
    candidates = _candidates(post, event, watchers=not live)
    if not candidates:
        return []
    recipients = User.objects.filter(pk__in=candidates, is_active=True)
    forum = post.thread.forum
    notifications = [
        Notification(
            user=recipient,
            kind=candidates[recipient.pk],
            actor_id=post.author_id,
            thread_id=post.thread_id,
            post=post,
        )
        for recipient in recipients
        if access.forum_access(recipient, forum).read
    ]
    with transaction.atomic():
        created = Notification.objects.bulk_create(notifications)
        if not live:
            emails.email_notifications_on_commit(created)
    return created


def in_live_session(post: Post) -> bool:
    """Was the post written in its thread's live room while the room was open?"""
    from forums.models import LiveRoom

    room = LiveRoom.objects.filter(thread_id=post.thread_id).select_related("thread__event").first()
    event = room.thread.event if room is not None else None
    return event is not None and room.opens_at(event) <= post.created_at < room.closes_at(event)


def notify_edit_mentions(event: NewPost) -> list[Notification]:
    """Tell the people an edit newly mentions (who may read the thread and did not mute it)."""
    from forums import emails

    post = (
        Post.objects.select_related("thread__forum__group")
        .filter(pk=event.post_id, deleted_at__isnull=True, hidden=False)
        .first()
    )
    if post is None:
        return []
    muted = Subscription.objects.filter(thread=post.thread, level=SubscriptionLevel.MUTED).values("user_id")
    recipients = (
        User.objects.filter(pk__in=event.mentioned_user_ids, is_active=True)
        .exclude(pk=post.author_id)
        .exclude(pk__in=muted)
        .exclude(forum_notifications__post=post, forum_notifications__kind=NotificationKind.MENTION)
    )
    forum = post.thread.forum
    notifications = [
        Notification(
            user=recipient,
            kind=NotificationKind.MENTION,
            actor_id=post.author_id,
            thread_id=post.thread_id,
            post=post,
        )
        for recipient in recipients
        if access.forum_access(recipient, forum).read
    ]
    with transaction.atomic():
        created = Notification.objects.bulk_create(notifications)
        if not in_live_session(post):
            emails.email_notifications_on_commit(created)
    return created


# --- Reading --------------------------------------------------------------------------------------------


def notification_mark_read(*, user, notification: Notification) -> None:
    if notification.user_id != user.pk:
        raise NotAllowed(_("This is not your notification."))
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, user) -> int:
    require_signed_in(user)
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def thread_mark_read(*, user, thread: Thread, sequence: int) -> None:
    """Remember that the person has read the thread up to post number `sequence` (never moving backwards),
    and mark their notifications about the posts they have now seen as read."""
    if user is None or not user.is_authenticated or sequence <= 0:
        return
    updated = ThreadReadState.objects.filter(
        user=user, thread=thread, last_read_sequence__lt=sequence
    ).update(last_read_sequence=sequence, updated_at=timezone.now())
    if not updated:
        try:
            with transaction.atomic():
                ThreadReadState.objects.get_or_create(
                    user=user, thread=thread, defaults={"last_read_sequence": sequence}
                )
        except IntegrityError:
            pass
    Notification.objects.filter(
        user=user, thread=thread, read_at__isnull=True, post__sequence__lte=sequence
    ).update(read_at=timezone.now())


# --- Settings and unsubscribing -------------------------------------------------------------------------


def settings_for(user) -> NotificationSettings:
    """The person's settings (the defaults, unsaved, when they never changed them)."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def settings_update(*, user, email_enabled: bool, daily_digest: bool) -> NotificationSettings:
    require_signed_in(user)
    settings, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults={"email_enabled": email_enabled, "daily_digest": daily_digest}
    )
    return settings


def unsubscribe(*, user_id: int, scope: str, object_id: int | None) -> bool:
    """Apply a one-click unsubscribe from an e-mail: mute a thread, stop watching a forum, or stop every
    forum e-mail. Returns False when there was nothing (any more) to apply it to."""
    if scope == "thread":
        if not Thread.objects.filter(pk=object_id).exists():
            return False
        Subscription.objects.update_or_create(
            user_id=user_id, thread_id=object_id, defaults={"level": SubscriptionLevel.MUTED}
        )
        return True
    if scope == "forum":
        Subscription.objects.filter(user_id=user_id, forum_id=object_id).delete()
        return Forum.objects.filter(pk=object_id).exists()
    if scope == "all":
        NotificationSettings.objects.update_or_create(user_id=user_id, defaults={"email_enabled": False})
        return True
    return False
