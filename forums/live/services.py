"""Writes of live rooms: messages and questions, votes, the moderators' marks, slow mode, removals, presence.

Each service reads the person's access afresh, checks the input, writes in one transaction and broadcasts
on commit (forums.live.broadcast). Messages are the thread's posts, written by forums.services.post_create,
so they are numbered, sanitised and idempotent on the client's id like every other post.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forums.choices import ModerationAction
from forums.live import access, app_settings, broadcast
from forums.live.selectors import people_present, present_names
from forums.models import (
    LiveRoom,
    ModerationLogEntry,
    Post,
    Question,
    QuestionVote,
    RoomPresence,
    RoomRemoval,
)
from forums.models.posts import post_change_record
from forums.services import post_create
from forums.services.errors import InvalidPost, NotAllowed, RateLimited

QUESTION_ACTIONS = ("answered", "unanswered", "highlight", "unhighlight")
POST_ACTIONS = ("hide", "unhide")


def _require_enter(user, room: LiveRoom) -> access.RoomAccess:
    room_access = access.room_access(user, room)
    if not room_access.enter:
        raise NotAllowed(room_access.refusal)
    return room_access


def _require_moderator(user, room: LiveRoom) -> None:
    if not _require_enter(user, room).moderate:
        raise NotAllowed(_("Only the session's moderators can do this."))


def _existing(room: LiveRoom, user, client_id: str | None) -> Post | None:
    client_id = (client_id or "").strip()[:64]
    if not client_id:
        return None
    return Post.objects.filter(thread=room.thread, author_id=user.pk, client_id=client_id).first()


def _check_slow_mode(user, room: LiveRoom) -> None:
    seconds = room.slow_mode_seconds
    if not seconds:
        return
    since = timezone.now() - timedelta(seconds=seconds)
    last = (
        Post.objects.filter(thread=room.thread, author_id=user.pk, created_at__gt=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is not None:
        wait = max(1, int((last + timedelta(seconds=seconds) - timezone.now()).total_seconds()) + 1)
        raise RateLimited(
            ngettext(
                "Slow mode is on: you can send your next message in %(count)d second.",
                "Slow mode is on: you can send your next message in %(count)d seconds.",
                wait,
            )
            % {"count": wait}
        )


def live_post_create(
    *,
    user,
    room: LiveRoom,
    body_markdown: str,
    client_id: str | None,
    question: bool = False,
) -> tuple[Post, bool]:
    """Send a message (or ask a question) in the room. Returns (post, created): sending the same client id
    again answers with the first post and creates nothing. The person's access is read afresh: a message
    sent a moment after a removal is refused, whether or not its notice has reached the connection."""
    if user is None or not user.is_authenticated:
        raise NotAllowed(_("Please sign in to enter the live room."))
    existing = _existing(room, user, client_id)
    if existing is not None:
        return existing, False
    room_access = _require_enter(user, room)
    if not room_access.post:
        raise NotAllowed(room_access.posting_refusal)
    limit = app_settings.max_message_length()
    if len((body_markdown or "").strip()) > limit:
        raise InvalidPost(
            _("Messages in the live room can be at most %(limit)s characters long.") % {"limit": f"{limit:,}"}
        )
    if not room_access.moderate:
        _check_slow_mode(user, room)
    with transaction.atomic():
        post = post_create(
            author=user,
            thread=room.thread,
            body_markdown=body_markdown,
            client_id=client_id,
            new_account_limit=not access.is_attendee(user, room, room_access),
            retry_checked=True,
        )
        if question:
            Question.objects.get_or_create(post=post, defaults={"room": room})
    return post, True


def _room_post(room: LiveRoom, post_id: int) -> Post:
    post = Post.objects.filter(thread=room.thread, pk=post_id, deleted_at__isnull=True).first()
    if post is None:
        raise InvalidPost(_("This message is no longer in the room."))
    return post


def question_vote_toggle(*, user, room: LiveRoom, post_id: int) -> bool:
    """Vote for a question, or take the vote back. One vote per person; returns True when the vote counts."""
    room_access = _require_enter(user, room)
    if access.room_state(room, room.thread.event).read_only:
        raise NotAllowed(_("The session is over: votes are closed."))
    if not room_access.post:
        raise NotAllowed(room_access.posting_refusal)
    post = _room_post(room, post_id)
    question = Question.objects.filter(post=post, hidden=False).first()
    if question is None or post.hidden:
        raise InvalidPost(_("Only questions can get votes."))
    if post.author_id == user.pk:
        raise NotAllowed(_("You cannot vote for your own question."))
    with transaction.atomic():
        change = post_change_record(thread_id=room.thread_id, post_id=post.pk)  # the thread's lock first
        Question.objects.select_for_update(of=("self",)).filter(pk=question.pk).first()
        removed, _details = QuestionVote.objects.filter(question=question, user_id=user.pk).delete()
        if not removed:
            QuestionVote.objects.create(question=question, user_id=user.pk)
        Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + (-1 if removed else 1))
        broadcast.post_changed(room.thread_id, post.pk, change)
    return not removed


def question_moderate(*, user, room: LiveRoom, post_id: int, action: str) -> Post:
    """Mark a question answered (or not), highlight it (or not), or hide / show any message of the room."""
    _require_moderator(user, room)
    if action not in QUESTION_ACTIONS + POST_ACTIONS:
        raise InvalidPost(_("Unknown action."))
    post = _room_post(room, post_id)
    question = Question.objects.filter(post=post).first()
    if action in QUESTION_ACTIONS and question is None:
        raise InvalidPost(_("Only questions can be marked answered or highlighted."))
    with transaction.atomic():
        post.change = post_change_record(thread_id=room.thread_id, post_id=post.pk)  # the thread's lock first
        if action in POST_ACTIONS:
            hide = action == "hide"
            Post.objects.filter(pk=post.pk).update(hidden=hide)
            post.hidden = hide
            if question is not None:
                Question.objects.filter(pk=question.pk).update(hidden=hide)
            ModerationLogEntry.objects.create(
                actor=user,
                action=ModerationAction.HIDE_POST if hide else ModerationAction.UNHIDE_POST,
                forum=room.thread.forum,
                thread=room.thread,
                post=post,
            )
        elif action in ("answered", "unanswered"):
            Question.objects.filter(pk=question.pk).update(
                answered_at=timezone.now() if action == "answered" else None
            )
        else:
            Question.objects.filter(pk=question.pk).update(highlighted=action == "highlight")
        broadcast.post_changed(room.thread_id, post.pk, post.change)
    return post


def slow_mode_set(*, user, room: LiveRoom, seconds: int) -> LiveRoom:
    _require_moderator(user, room)
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        raise InvalidPost(_("Give slow mode as a number of seconds.")) from None
    if not 0 <= seconds <= app_settings.max_slow_mode_seconds():
        raise InvalidPost(
            _("Slow mode can be between 0 and %(max)d seconds.")
            % {"max": app_settings.max_slow_mode_seconds()}
        )
    with transaction.atomic():
        LiveRoom.objects.filter(pk=room.pk).update(slow_mode_seconds=seconds)
        room.slow_mode_seconds = seconds
        broadcast.room_changed(room.thread_id)
    return room


def room_remove(*, user, room: LiveRoom, post_id: int) -> None:
    """Remove the author of a message from the room (identified by the message, so a Chatham House room
    never needs a name). Their connections are closed at once; moderators cannot be removed."""
    _require_moderator(user, room)
    post = _room_post(room, post_id)
    person = post.author
    if person is None or person.pk == user.pk:
        raise InvalidPost(_("This person cannot be removed."))
    if access.can_moderate_room(person, room.thread, room.thread.event):
        raise NotAllowed(_("Moderators cannot be removed from the room."))
    with transaction.atomic():
        RoomRemoval.objects.get_or_create(room=room, user=person, defaults={"removed_by": user})
        RoomPresence.objects.filter(room=room, user=person).delete()
        broadcast.access_changed(person.pk)
    presence_broadcast(room)


def presence_message(room: LiveRoom) -> dict:
    """What a presence broadcast carries: how many people are here and their names (each connection
    passes the names on only to readers who may see them)."""
    names = present_names(room)
    count, people = people_present(names)
    # Keys as text: the Redis layer's msgpack reads only text keys back.
    return {"count": count, "people": people, "names": {str(key): name for key, name in names.items()}}


def presence_broadcast(room: LiveRoom) -> None:
    broadcast.presence_changed(room.thread_id, presence_message(room))


def presence_join_many(*, room: LiveRoom, people: list[tuple[object, str]]) -> None:
    """Count connections in (people, with their connection's channel): one statement. Everyone, the joiners
    included, hears of it through forums.live.presence, at most once per interval."""
    now = timezone.now()
    RoomPresence.objects.bulk_create(
        [RoomPresence(channel_name=channel, room=room, user=user, seen_at=now) for user, channel in people],
        update_conflicts=True,
        unique_fields=["channel_name"],
        update_fields=["room", "user", "seen_at"],
    )


def presence_touch(*, channel_name: str) -> None:
    RoomPresence.objects.filter(channel_name=channel_name).update(seen_at=timezone.now())


def presence_leave(*, channel_names: list[str]) -> None:
    """Count these connections out of the rooms they were present in (one statement for a crowd)."""
    RoomPresence.objects.filter(channel_name__in=channel_names).delete()


def live_room_open(
    *, thread, opens_minutes_before: int | None = None, closes_minutes_after: int | None = None
):
    """Give a session's thread its live room (idempotent)."""
    if thread.event_id is None:
        raise InvalidPost(_("Only the discussion of an event session can have a live room."))
    room, _created = LiveRoom.objects.get_or_create(
        thread=thread,
        defaults={"opens_minutes_before": opens_minutes_before, "closes_minutes_after": closes_minutes_after},
    )
    return room
