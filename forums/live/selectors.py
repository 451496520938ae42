"""Reads of live delivery: posts as frames for one reader, a room's questions and who is here.

Every read costs a constant number of queries whatever the number of posts it returns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch
from django.utils import timezone

from forums.live import app_settings
from forums.live.serializers import AuthorFrame, PostFrame, QuestionFrame
from forums.models import LiveRoom, Mention, Post, Question, QuestionVote, Reaction, RoomPresence, Thread
from forums.presenters import ThreadPresenter, pk_url

AUTHOR_FIELDS = ("author__profile__organisation",)


def _posts(thread: Thread | int):
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


@dataclass
class PostBundle:
    """Posts loaded with what their frames are built from, for any reader: reaction counts, and the ids of
    the people who voted for each question (all of them, or only the one reader's vote: `voters_of`)."""

    posts: list[Post]
    reactions: dict[int, dict[str, int]]
    voters: dict[int, set[int]]
    voters_of: int | None = None
    #: Frames already serialised from these posts, per reader kind (forums.live.frames).
    texts: dict = field(default_factory=dict, repr=False, compare=False)
    #: Per post, the people its frame is built differently for (personal_ids), worked out once.
    personal: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def change(self) -> int:
        return max((post.change for post in self.posts), default=0)


def load_bundle(posts: list[Post], voters_of: int | None = None, all_voters: bool = False) -> PostBundle:
    """Two queries whatever the number of posts. `all_voters`: every voter (a bundle shared by readers);
    otherwise only the votes of the person `voters_of` (None: nobody's)."""
    ids = [post.pk for post in posts]
    voters: dict[int, set[int]] = defaultdict(set)
    if ids and (all_voters or voters_of is not None):
        votes = QuestionVote.objects.filter(question__post_id__in=ids)
        if not all_voters:
            votes = votes.filter(user_id=voters_of)
        for post_id, user_id in votes.values_list("question__post_id", "user_id"):
            voters[post_id].add(user_id)
    return PostBundle(posts, _reaction_counts(ids), dict(voters), None if all_voters else voters_of)


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


def personal_ids(bundle: PostBundle, post: Post) -> frozenset[int]:
    """The people a post's frame is built differently for (their own post, "@you", "I voted"): everyone
    else of the same kind of reader gets the same frame (forums.live.frames)."""
    key = (post.pk, post.change)
    found = bundle.personal.get(key)
    if found is None:
        ids = {mention.user_id for mention in post.mentions.all()} | bundle.voters.get(post.pk, set())
        if post.author_id is not None:
            ids.add(post.author_id)
        found = bundle.personal[key] = frozenset(ids)
    return found


def reader_frame(
    post: Post, bundle: PostBundle, presenter: ThreadPresenter, moderate: bool, post_url=None, embeds=True
) -> PostFrame:
    """One post of the bundle as one reader sees it, in memory (no query): a hidden post's text only for
    moderators, a deleted one's never; names only as the presenter (the Chatham House Rule) allows."""
    viewer_id = presenter.viewer_id
    deleted = post.is_deleted
    show = not deleted and (not post.hidden or moderate)
    author = presenter.author(post.author)
    mentioned = {mention.user_id: mention.user for mention in post.mentions.all()}
    return PostFrame(
        id=post.pk,
        sequence=post.sequence,
        change=post.change,
        url=(post_url or pk_url("forums:post"))(post.pk),
        created_at=timezone.localtime(post.created_at).isoformat(),
        edited=post.edited_at is not None,
        author=AuthorFrame(
            label=str(author.label),
            organisation=author.organisation,
            stakeholder=str(author.stakeholder_label) if not author.deleted else "",
            is_viewer=author.is_viewer,
        ),
        html=str(presenter.body_html(post.body_html, mentioned, embeds=embeds)) if show else "",
        reply_to=post.reply_to.sequence if post.reply_to_id else None,
        deleted=deleted,
        hidden=post.hidden,
        reactions=bundle.reactions.get(post.pk, {}),
        question=_question_frame(
            _question_of(post), viewer_id is not None and viewer_id in bundle.voters.get(post.pk, ())
        ),
    )


def reader_frames(
    bundle: PostBundle, presenter: ThreadPresenter, moderate: bool, embeds: bool = True
) -> list[PostFrame]:
    """The bundle's posts as one reader sees them (reader_frame), in memory."""
    post_url = pk_url("forums:post")  # one reversal, not one per post
    return [reader_frame(post, bundle, presenter, moderate, post_url, embeds) for post in bundle.posts]


def post_frames(
    posts: list[Post],
    thread: Thread,
    viewer,
    moderate: bool,
    presenter: ThreadPresenter | None = None,
    embeds: bool = True,
) -> list[PostFrame]:
    """Posts as the viewer sees them, read for this viewer alone (replays, fetches, question lists), with the
    cards of addresses pasted in them (forums.embeds) as the thread page shows them to this viewer.

    `embeds=False` for frames over the socket: their `html` is only what the polite live region reads, the
    markup comes from forums.live.fragments; it spares a read per reader and keeps a frame the same for
    every reader of one kind (forums.live.frames)."""
    presenter = presenter or ThreadPresenter(thread, viewer)
    if embeds:
        presenter.prepare_embeds(
            [post.body_html for post in posts if not post.is_deleted and (not post.hidden or moderate)]
        )
    bundle = load_bundle(posts, voters_of=presenter.viewer_id)
    return reader_frames(bundle, presenter, moderate, embeds)


def thread_posts_by_id(thread: Thread, ids: list[int]) -> list[Post]:
    """The thread's posts among `ids`, loaded for their frames (forums.live.fragments)."""
    return list(_posts(thread).filter(pk__in=ids))


def shared_bundle(thread_id: int, post_id: int) -> PostBundle | None:
    """One post of the thread with every reader's facts (the per-process frame cache, forums.live.frames)."""
    post = _posts(thread_id).filter(pk=post_id).first()
    return load_bundle([post], all_voters=True) if post is not None else None


def created_bundle(thread_id: int, post_id: int) -> PostBundle | None:
    """shared_bundle of a post just written, read in its own transaction: a post that has not changed since
    it was written (change 0) has no reactions and no votes yet (each would have taken a change number), so
    only the post and its mentions are read."""
    post = _posts(thread_id).filter(pk=post_id).first()
    if post is None or post.change:
        return shared_bundle(thread_id, post_id)
    return PostBundle([post], {}, {})


def recent_history(thread_id: int, limit: int) -> tuple[int, int, PostBundle]:
    """The thread's position (`last_sequence`, `last_change`) and its last `limit` posts up to that position
    with every reader's facts, for the per-process history cache (forums.live.frames). The position is read
    first, so the posts are at least as new as it says. A constant number of queries."""
    position = Thread.objects.filter(pk=thread_id).values_list("last_sequence", "last_change").first()
    if position is None:
        return 0, 0, PostBundle([], {}, {})
    last_sequence, last_change = position
    posts = list(_posts(thread_id).filter(sequence__lte=last_sequence).order_by("-sequence")[:limit])
    posts.reverse()
    return last_sequence, last_change, load_bundle(posts, all_voters=True)


def posts_between(thread_id: int, after: int, until: int) -> PostBundle:
    """The thread's posts numbered after `after` up to `until`, with every reader's facts: the gap a
    process's history has when a notice came ahead of the one before it (forums.live.frames)."""
    posts = list(_posts(thread_id).filter(sequence__gt=after, sequence__lte=until))
    return load_bundle(posts, all_voters=True)


def posts_after(
    thread: Thread,
    viewer,
    moderate: bool,
    after: int,
    until: int | None = None,
    presenter=None,
    embeds: bool = True,
) -> tuple[list[PostFrame], bool]:
    """The posts numbered after `after` (up to `until`), at most the replay limit; and whether more follow."""
    limit = app_settings.replay_limit()
    queryset = _posts(thread).filter(sequence__gt=after)
    if until is not None:
        queryset = queryset.filter(sequence__lte=until)
    posts = list(queryset[: limit + 1])
    more = len(posts) > limit
    return post_frames(posts[:limit], thread, viewer, moderate, presenter, embeds), more


def posts_changed(
    thread: Thread,
    viewer,
    moderate: bool,
    since_change: int,
    up_to_sequence: int,
    presenter=None,
    embeds: bool = True,
) -> tuple[list[PostFrame], bool]:
    """The posts numbered up to `up_to_sequence` that changed after the change number `since_change`, in
    the order of their changes, at most the replay limit; and whether more follow (ask again from the last
    frame's `change`)."""
    limit = app_settings.replay_limit()
    queryset = (
        _posts(thread)
        .filter(sequence__lte=up_to_sequence, change__gt=since_change)
        .order_by("change", "sequence")
    )
    posts = list(queryset[: limit + 1])
    return post_frames(posts[:limit], thread, viewer, moderate, presenter, embeds), len(posts) > limit


def room_questions(room: LiveRoom, viewer, moderate: bool, presenter=None, embeds=True) -> list[PostFrame]:
    """The room's questions, most votes first (hidden ones only for moderators)."""
    queryset = _posts(room.thread).filter(question__isnull=False, deleted_at__isnull=True)
    if not moderate:
        queryset = queryset.filter(question__hidden=False, hidden=False)
    posts = list(queryset.order_by("-question__highlighted", "-question__vote_count", "sequence"))
    return post_frames(posts, room.thread, viewer, moderate, presenter, embeds)


def room_questions_bundle(room: LiveRoom) -> PostBundle:
    """Every question of the room, hidden ones too, in room_questions' order, with every reader's facts: read
    once for everyone who joins together (forums.live.joins); each reader's frames are built from it in
    memory, hidden ones only for moderators."""
    queryset = _posts(room.thread).filter(question__isnull=False, deleted_at__isnull=True)
    posts = list(queryset.order_by("-question__highlighted", "-question__vote_count", "sequence"))
    return load_bundle(posts, all_voters=True)


def questions_seen(bundle: PostBundle, moderate: bool) -> list[Post]:
    """The questions of `bundle` a reader sees: hidden ones only for moderators (as room_questions)."""
    return [post for post in bundle.posts if moderate or not (post.hidden or _question_of(post).hidden)]


def _presence_name(display_name: str, first_name: str, last_name: str) -> str:
    return display_name or f"{first_name} {last_name}".strip() or "?"


def present_names(room: LiveRoom) -> dict[int, str]:
    """The people connected to the room now, by account id, with the name they are shown under."""
    since = timezone.now() - timedelta(seconds=app_settings.presence_timeout_seconds())
    rows = (
        RoomPresence.objects.filter(room=room, seen_at__gte=since)
        .order_by("user_id")
        .values_list("user_id", "user__profile__display_name", "user__first_name", "user__last_name")
    )
    return {row[0]: _presence_name(*row[1:]) for row in rows}  # values: no model built per person present


def joiners_facts(users) -> dict[int, tuple[str, str]]:
    """The language each of several joiners reads the room's fragments in (their profile's, else the site's)
    and the name they are shown under among the people present, by account id: one query for all of them."""
    rows = (
        get_user_model()
        .objects.filter(pk__in={user.pk for user in users})
        .values_list("pk", "profile__preferred_language", "profile__display_name", "first_name", "last_name")
        .order_by()
    )
    return {row[0]: (row[1] or settings.LANGUAGE_CODE, _presence_name(*row[2:])) for row in rows}


def people_present(names: dict[int, str]) -> tuple[int, list[str]]:
    return len(names), sorted(names.values(), key=str.casefold)


def present_people(room: LiveRoom) -> tuple[int, list[str]]:
    """How many people are connected to the room now, and their names (shown only where the rules allow)."""
    return people_present(present_names(room))
