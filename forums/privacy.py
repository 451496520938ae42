"""The forums' part of a person's data (registered on cms.privacy's hooks in wagtail_hooks.py).

The download holds everything the person wrote — every post, edit and flag, also in groups they have left —
but nobody else's words. Titles and links of threads and forums appear only where the person may still see
them (or started the thread: its title is their own words); otherwise only the thread's number.

On erasure what is only about the person goes; their posts and threads stay with no author, which every page,
feed and e-mail shows as a deleted account (forums.presenters).
"""

from typing import Any

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cms.privacy import PersonalData
from forums.models import (
    Flag,
    Forum,
    Notification,
    NotificationSettings,
    Post,
    PostRevision,
    Reaction,
    Subscription,
    Thread,
    ThreadReadState,
)
from forums.models.live import Question, QuestionVote, RoomPresence, RoomRemoval
from forums.models.polls import PollVote


class _ThreadNames:
    """Title and link of the threads the person may still see (one query for all of them)."""

    def __init__(self, user, threads: dict[int, Thread]) -> None:
        self.user = user
        self.threads = threads
        self.visible = set(
            Thread.objects.visible_to(user).filter(pk__in=list(threads)).values_list("pk", flat=True)
        )

    def describe(self, thread_id: int | None) -> dict[str, Any]:
        thread = self.threads.get(thread_id)
        if thread is None:
            return {"thread_id": thread_id}
        shown = thread.pk in self.visible or thread.author_id == self.user.pk
        return {
            "thread_id": thread.pk,
            "thread_title": thread.title if shown else None,
            "thread_url": thread.get_absolute_url() if thread.pk in self.visible else None,
        }


def forums_personal_data(user) -> dict[str, Any]:
    posts = list(
        Post.objects.filter(author=user)
        .select_related("thread", "question")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    revisions = list(PostRevision.objects.filter(post__author=user, editor=user).order_by("created_at", "pk"))
    started = list(Thread.objects.filter(author=user).order_by("created_at", "pk"))
    reactions = list(Reaction.objects.filter(user=user).select_related("post__thread").order_by("created_at"))
    flags = list(Flag.objects.filter(reporter=user).select_related("post__thread").order_by("created_at"))
    votes = list(
        QuestionVote.objects.filter(user=user).select_related("question__post__thread").order_by("created_at")
    )
    poll_votes = list(
        PollVote.objects.filter(user=user)
        .select_related("poll__room__thread")
        .prefetch_related("choices__choice")
        .order_by("created_at")
    )
    removals = list(
        RoomRemoval.objects.filter(user=user).select_related("room__thread").order_by("created_at")
    )
    subscriptions = list(
        Subscription.objects.filter(user=user).select_related("thread", "forum").order_by("created_at")
    )
    threads = {thread.pk: thread for thread in started}
    threads.update({post.thread.pk: post.thread for post in posts})
    threads.update({item.post.thread.pk: item.post.thread for item in [*reactions, *flags]})
    threads.update({vote.question.post.thread.pk: vote.question.post.thread for vote in votes})
    threads.update({removal.room.thread.pk: removal.room.thread for removal in removals})
    threads.update({vote.poll.room.thread.pk: vote.poll.room.thread for vote in poll_votes})
    threads.update({item.thread.pk: item.thread for item in subscriptions if item.thread_id})
    names = _ThreadNames(user, threads)
    visible_forums = set(
        Forum.objects.visible_to(user)
        .filter(pk__in=[item.forum_id for item in subscriptions if item.forum_id])
        .values_list("pk", flat=True)
    )
    settings = NotificationSettings.objects.filter(user=user).first()

    def post_link(post: Post) -> dict[str, Any]:
        visible = post.thread_id in names.visible
        return {**names.describe(post.thread_id), "post_url": post.get_absolute_url() if visible else None}

    return {
        "threads_started": [
            {**names.describe(thread.pk), "started_at": thread.created_at} for thread in started
        ],
        "posts": [
            {
                **post_link(post),
                "number": post.sequence,
                "text": post.body_markdown,
                "posted_at": post.created_at,
                "edited_at": post.edited_at,
                "hidden_by_moderator": post.hidden,
                "reason_for_hiding": post.hidden_reason,
                "deleted_at": post.deleted_at,
                "attachments": [
                    {"file_name": item.filename, "size": item.size} for item in post.attachments.all()
                ],
                "live_question": _question(post),
            }
            for post in posts
        ],
        "earlier_versions_of_your_posts": [
            {"post_id": item.post_id, "text": item.body_markdown, "replaced_at": item.created_at}
            for item in revisions
        ],
        "poll_votes": [
            {
                **names.describe(vote.poll.room.thread_id),
                "poll": vote.poll.question if vote.poll.room.thread_id in names.visible else None,
                "choices": [item.choice.label for item in vote.choices.all()]
                if vote.poll.room.thread_id in names.visible
                else None,
                "voted_at": vote.created_at,
                "changed_at": vote.updated_at,
            }
            for vote in poll_votes
        ],
        "reactions": [
            {**post_link(item.post), "kind": item.kind, "at": item.created_at} for item in reactions
        ],
        "flags_raised": [
            {
                **post_link(item.post),
                "reason": item.reason,
                "details": item.details,
                "at": item.created_at,
                "resolved_at": item.resolved_at,
                "outcome": item.outcome,
            }
            for item in flags
        ],
        "question_votes": [{**post_link(vote.question.post), "at": vote.created_at} for vote in votes],
        "live_room_removals": [
            {**names.describe(removal.room.thread_id), "at": removal.created_at} for removal in removals
        ],
        "subscriptions": [_subscription(item, names, visible_forums) for item in subscriptions],
        "notification_settings": {
            "email_enabled": settings.email_enabled,
            "daily_digest": settings.daily_digest,
        }
        if settings
        else None,
    }


def _question(post: Post) -> dict[str, Any] | None:
    question = getattr(post, "question", None)
    if question is None:
        return None
    return {"votes": question.vote_count, "answered_at": question.answered_at}


def _subscription(item: Subscription, names: _ThreadNames, visible_forums: set[int]) -> dict[str, Any]:
    if item.thread_id:
        return {**names.describe(item.thread_id), "level": item.level, "since": item.created_at}
    return {
        "forum_id": item.forum_id,
        "forum_title": item.forum.title if item.forum_id in visible_forums else None,
        "level": item.level,
        "since": item.created_at,
    }


class ForumsPersonalData(PersonalData):
    title = _("Forums and live rooms")
    sections = {
        "threads_started": _("The threads you started"),
        "posts": _("What you wrote in the forums and live rooms, with the names of your attachments"),
        "earlier_versions_of_your_posts": _("The earlier versions of posts you edited"),
        "poll_votes": _("Your votes in live-room polls"),
        "reactions": _("Your reactions to posts"),
        "flags_raised": _("The posts you flagged to the moderators, with your reasons"),
        "question_votes": _("Your up-votes of live-room questions"),
        "live_room_removals": _("The times a moderator removed you from a live room"),
        "subscriptions": _("The threads and forums you follow"),
        "notification_settings": _("Your e-mail notification settings"),
    }
    erased = (
        _(
            "Your reactions, your votes on questions and in polls, your subscriptions, notifications and "
            "settings."
        ),
    )
    kept = (
        _(
            "Your posts and the threads you started stay, so the discussions still make sense. They are "
            "shown as written by a “Deleted account”, never with your name."
        ),
        _(
            "Other people's posts stay as they wrote them, even where they mention you: we do not rewrite "
            "other people's words."
        ),
    )

    def export(self, user) -> dict[str, Any]:
        return forums_personal_data(user)


def forums_erase(user) -> None:
    """What is only about the person goes (most of it would cascade; deleting it here keeps the list explicit
    and the votes counted right). Posts, threads, flags they raised and moderation history stay, unlinked."""
    Question.objects.filter(votes__user=user, vote_count__gt=0).update(vote_count=F("vote_count") - 1)
    QuestionVote.objects.filter(user=user).delete()
    PollVote.objects.filter(user=user).delete()
    Reaction.objects.filter(user=user).delete()
    Subscription.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    NotificationSettings.objects.filter(user=user).delete()
    ThreadReadState.objects.filter(user=user).delete()
    RoomPresence.objects.filter(user=user).delete()
