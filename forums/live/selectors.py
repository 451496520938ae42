"""Reads of live delivery: posts as frames for one reader, a room's questions and who is here.

Every read costs a constant number of queries whatever the number of posts it returns.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Prefetch
from django.utils import timezone

from forums.live import app_settings
from forums.live.serializers import AuthorFrame, PostFrame, QuestionFrame
from forums.models import LiveRoom, Mention, Post, Question, QuestionVote, Reaction, RoomPresence, Thread
from forums.presenters import ThreadPresenter

AUTHOR_FIELDS = ("author__profile__organisation",)


def _posts(thread: Thread):
    return (
        Post.objects.filter(thread=thread)
        .select_related(*AUTHOR_FIELDS, "reply_to", "question")
        .prefetch_related(
            Prefetch("mentions", queryset=Mention.objects.select_related("user__profile__organisation"))
        )
        .order_by("sequence")
    )


def _reaction_counts(ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = Reaction.objects.filter(post_id__in=ids).values_list("post_id", "kind").annotate(total=Count("pk"))
    for post_id, kind, total in rows:
        counts[post_id][kind] = total
    return counts


def _my_votes(ids: list[int], viewer) -> set[int]:
    if viewer is None or not viewer.is_authenticated or not ids:
        return set()
    return set(
        QuestionVote.objects.filter(question__post_id__in=ids, user_id=viewer.pk).values_list(
            "question__post_id", flat=True
        )
    )


def _question_frame(question: Question | None, voted: bool) -> QuestionFrame | None:
    if question is None:
        return None
    return QuestionFrame(
        votes=question.vote_count,
        voted=voted,
        answered=question.answered,
        highlighted=question.highlighted,
        hidden=question.hidden,
    )


def _question_of(post: Post) -> Question | None:
    try:
        return post.question
    except Question.DoesNotExist:
        return None


def post_frames(posts: list[Post], thread: Thread, viewer, moderate: bool) -> list[PostFrame]:
    """Posts as the viewer sees them: a hidden post's text only for moderators, a deleted one's never."""
    presenter = ThreadPresenter(thread, viewer)
    ids = [post.pk for post in posts]
    reactions = _reaction_counts(ids)
    voted = _my_votes(ids, viewer)
    frames = []
    for post in posts:
        deleted = post.is_deleted
        show = not deleted and (not post.hidden or moderate)
        author = presenter.author(post.author)
        mentioned = {mention.user_id: mention.user for mention in post.mentions.all()}
        frames.append(
            PostFrame(
                id=post.pk,
                sequence=post.sequence,
                url=post.get_absolute_url(),
                created_at=timezone.localtime(post.created_at).isoformat(),
                edited=post.edited_at is not None,
                author=AuthorFrame(
                    label=str(author.label),
                    organisation=author.organisation,
                    stakeholder=str(author.stakeholder_label) if not author.deleted else "",
                    is_viewer=author.is_viewer,
                ),
                html=str(presenter.body_html(post.body_html, mentioned)) if show else "",
                reply_to=post.reply_to.sequence if post.reply_to_id else None,
                deleted=deleted,
                hidden=post.hidden,
                reactions=reactions.get(post.pk, {}),
                question=_question_frame(_question_of(post), post.pk in voted),
            )
        )
    return frames


def posts_after(
    thread: Thread, viewer, moderate: bool, after: int, until: int | None = None
) -> tuple[list[PostFrame], bool]:
    """The posts numbered after `after` (up to `until`), at most the replay limit; and whether more follow."""
    limit = app_settings.replay_limit()
    queryset = _posts(thread).filter(sequence__gt=after)
    if until is not None:
        queryset = queryset.filter(sequence__lte=until)
    posts = list(queryset[: limit + 1])
    more = len(posts) > limit
    return post_frames(posts[:limit], thread, viewer, moderate), more


def post_frame(thread: Thread, post_id: int, viewer, moderate: bool) -> PostFrame | None:
    post = _posts(thread).filter(pk=post_id).first()
    return post_frames([post], thread, viewer, moderate)[0] if post else None


def room_questions(room: LiveRoom, viewer, moderate: bool) -> list[PostFrame]:
    """The room's questions, most votes first (hidden ones only for moderators)."""
    queryset = _posts(room.thread).filter(question__isnull=False, deleted_at__isnull=True)
    if not moderate:
        queryset = queryset.filter(question__hidden=False, hidden=False)
    posts = list(queryset.order_by("-question__highlighted", "-question__vote_count", "sequence"))
    return post_frames(posts, room.thread, viewer, moderate)


def present_people(room: LiveRoom) -> tuple[int, list[str]]:
    """How many people are connected to the room now, and their names (shown only where the rules allow)."""
    since = timezone.now() - timedelta(seconds=app_settings.presence_timeout_seconds())
    rows = (
        RoomPresence.objects.filter(room=room, seen_at__gte=since)
        .select_related("user__profile")
        .order_by("user_id")
    )
    names: dict[int, str] = {}
    for row in rows:
        profile = getattr(row.user, "profile", None)
        names[row.user_id] = (profile.display_name if profile else "") or row.user.get_full_name() or "?"
    return len(names), sorted(names.values(), key=str.casefold)
