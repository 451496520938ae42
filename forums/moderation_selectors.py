"""Reads for moderators: the flag queue, a forum's moderation log and where a thread may move to."""

from django.db.models import Prefetch, QuerySet

from forums import access
from forums.models import Flag, Forum, Mention, ModerationLogEntry


def flag_queue(user) -> QuerySet[Flag]:
    """Open flags on posts of the forums `user` moderates, oldest first (the longest waiting on top)."""
    return (
        Flag.objects.open()
        .filter(access.forum_moderated_q(user, "post__thread__forum"))
        .select_related(
            "reporter__profile__organisation",
            "post__author__profile__organisation",
            "post__thread__forum__group",
        )
        .prefetch_related(
            Prefetch("post__mentions", queryset=Mention.objects.select_related("user__profile__organisation"))
        )
        .order_by("created_at", "pk")
    )


def open_flag_count(user) -> int:
    """Open flags in the forums the person moderates (the desk's count)."""
    return Flag.objects.open().filter(access.forum_moderated_q(user, "post__thread__forum")).count()


def moderation_log(forum: Forum) -> QuerySet[ModerationLogEntry]:
    return (
        ModerationLogEntry.objects.filter(forum=forum)
        .select_related("actor__profile__organisation", "thread__forum__group", "post")
        .order_by("-created_at", "-pk")
    )


def move_targets(user, thread) -> QuerySet[Forum]:
    """The other forums the moderator also moderates."""
    return (
        Forum.objects.moderated_by(user).exclude(pk=thread.forum_id).select_related("group").order_by("title")
    )
