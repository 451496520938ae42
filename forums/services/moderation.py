"""Moderation: thread states (pin, lock, close), moving a thread, hiding posts, and the flag queue.

Chairs moderate their group's forums and the secretariat moderates every forum (forums.access). Each
service checks permission and input first (raising ForumError with a message, changing nothing), then writes
the change and its ModerationLogEntry in one transaction; a post's hiding is announced after commit
(forums.hooks), so live delivery can take it off open pages.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forums import access, hooks
from forums.choices import FlagOutcome, FlagReason, ModerationAction
from forums.models import Flag, Forum, ModerationLogEntry, Post, Thread
from forums.models.posts import post_change_record
from forums.services.checks import check_rate, require_signed_in
from forums.services.errors import InvalidPost, NotAllowed

MAX_REASON_LENGTH = 300

#: action -> (field, value): the thread states a moderator switches.
THREAD_STATES = {
    ModerationAction.PIN: ("pinned", True),
    ModerationAction.UNPIN: ("pinned", False),
    ModerationAction.LOCK: ("locked", True),
    ModerationAction.UNLOCK: ("locked", False),
    ModerationAction.CLOSE: ("closed", True),
    ModerationAction.REOPEN: ("closed", False),
}


@dataclass(frozen=True)
class PostModerated:
    post_id: int
    thread_id: int
    actor_id: int
    hidden: bool


def _require_moderator(user, forum: Forum) -> None:
    require_signed_in(user)
    if not access.forum_access(user, forum).moderate:
        raise NotAllowed(_("Only the chairs of the group and the secretariat can moderate this forum."))


def _log(
    actor, action: str, *, forum: Forum, thread: Thread | None = None, post=None, detail: str = ""
) -> None:
    ModerationLogEntry.objects.create(
        actor=actor, action=action, forum=forum, thread=thread, post=post, detail=detail
    )


def _clean_reason(reason: str, *, required: bool) -> str:
    reason = " ".join((reason or "").split())
    if required and not reason:
        raise InvalidPost(_("Say why, in a few words: the author and the other moderators will see it."))
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidPost(_("Keep the reason under %(limit)d characters.") % {"limit": MAX_REASON_LENGTH})
    return reason


def thread_set_state(*, actor, thread: Thread, action: str) -> Thread:
    """Pin, unpin, lock, unlock, close or reopen a thread. Setting a state it already has changes nothing."""
    if action not in THREAD_STATES:
        raise InvalidPost(_("Unknown moderation action."))
    _require_moderator(actor, thread.forum)
    field, value = THREAD_STATES[action]
    with transaction.atomic():
        locked = Thread.objects.select_for_update(of=("self",)).get(pk=thread.pk)
        if getattr(locked, field) == value:
            setattr(thread, field, value)
            return thread
        Thread.objects.filter(pk=thread.pk).update(**{field: value})
        setattr(thread, field, value)
        _log(actor, action, forum=thread.forum, thread=thread)
    return thread


def thread_move(*, actor, thread: Thread, target: Forum) -> Thread:
    """Move a thread into another forum; the moderator must moderate both forums."""
    _require_moderator(actor, thread.forum)
    if target.pk == thread.forum_id:
        raise InvalidPost(_("The thread is already in this forum."))
    if not access.forum_access(actor, target).moderate:
        raise NotAllowed(_("You can only move a thread into a forum you moderate."))
    origin = thread.forum
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(forum=target)
        thread.forum = target
        detail = _("from “%(origin)s” to “%(target)s”") % {"origin": origin.title, "target": target.title}
        _log(actor, ModerationAction.MOVE, forum=origin, thread=thread, detail=detail)
        _log(actor, ModerationAction.MOVE, forum=target, thread=thread, detail=detail)
        hooks.announce(hooks.THREAD_MOVED_HOOK, hooks.ThreadMoved(thread.pk, origin.pk, target.pk, actor.pk))
    return thread


def post_hide(*, actor, post: Post, reason: str) -> Post:
    """Hide a post from everyone but moderators, with a reason shown in its place."""
    _require_moderator(actor, post.thread.forum)
    reason = _clean_reason(reason, required=True)
    if post.is_deleted:
        raise NotAllowed(_("This post has been deleted."))
    with transaction.atomic():
        post.change = post_change_record(thread_id=post.thread_id, post_id=post.pk)
        Post.objects.filter(pk=post.pk).update(hidden=True, hidden_reason=reason)
        post.hidden, post.hidden_reason = True, reason
        _log(
            actor,
            ModerationAction.HIDE_POST,
            forum=post.thread.forum,
            thread=post.thread,
            post=post,
            detail=reason,
        )
    _announce(post, actor, hidden=True)
    return post


def post_unhide(*, actor, post: Post) -> Post:
    _require_moderator(actor, post.thread.forum)
    if not post.hidden:
        return post
    with transaction.atomic():
        post.change = post_change_record(thread_id=post.thread_id, post_id=post.pk)
        Post.objects.filter(pk=post.pk).update(hidden=False, hidden_reason="")
        post.hidden, post.hidden_reason = False, ""
        _log(actor, ModerationAction.UNHIDE_POST, forum=post.thread.forum, thread=post.thread, post=post)
    _announce(post, actor, hidden=False)
    return post


def _announce(post: Post, actor, *, hidden: bool) -> None:
    hooks.announce(
        hooks.POST_MODERATED_HOOK,
        PostModerated(post_id=post.pk, thread_id=post.thread_id, actor_id=actor.pk, hidden=hidden),
    )


def flag_create(*, reporter, post: Post, reason: str, details: str = "") -> Flag:
    """A reader who may post in the forum reports a post to its moderators (once while the flag is open)."""
    require_signed_in(reporter)
    forum = post.thread.forum
    forum_access = access.forum_access(reporter, forum)
    if not forum_access.read:
        raise NotAllowed(_("You cannot take part in this discussion."))
    if not forum_access.post:
        raise NotAllowed(_("Only people who can post in this forum can flag its posts."))
    if post.is_deleted or post.hidden:
        raise NotAllowed(_("This post is no longer shown; there is nothing to flag."))
    if post.author_id == reporter.pk:
        raise NotAllowed(_("You cannot flag your own post."))
    if reason not in FlagReason.values:
        raise InvalidPost(_("Choose a reason."))
    details = (details or "").strip()
    if reason == FlagReason.OTHER and not details:
        raise InvalidPost(_("Tell the moderators what is wrong with this post."))
    if len(details) > 1000:
        raise InvalidPost(_("Keep the details under 1,000 characters."))
    already = _("You have already flagged this post; the moderators will look at it.")
    if Flag.objects.open().filter(post=post, reporter=reporter).exists():
        raise NotAllowed(already)
    check_rate("forum_flag", reporter)
    try:
        with transaction.atomic():
            return Flag.objects.create(post=post, reporter=reporter, reason=reason, details=details)
    except IntegrityError:
        raise NotAllowed(already) from None


def flag_resolve(*, moderator, flag: Flag, outcome: str, reason: str = "") -> Flag:
    """Resolve a flag: hide the post (with a reason; its other open flags are resolved too) or dismiss it."""
    post = flag.post
    _require_moderator(moderator, post.thread.forum)
    if flag.resolved_at is not None:
        raise NotAllowed(_("This flag has already been resolved."))
    if outcome not in FlagOutcome.values:
        raise InvalidPost(_("Unknown outcome."))
    now = timezone.now()
    with transaction.atomic():
        if outcome == FlagOutcome.HIDDEN:
            hide_reason = _clean_reason(reason, required=False) or str(flag.get_reason_display())
            if not post.hidden and not post.is_deleted:
                post_hide(actor=moderator, post=post, reason=hide_reason)
            flags = Flag.objects.open().filter(post=post)
        else:
            flags = Flag.objects.filter(pk=flag.pk)
        resolved = list(flags.values_list("pk", flat=True))
        flags.update(resolved_at=now, resolved_by=moderator, outcome=outcome)
        detail = ngettext("%(outcome)s (%(count)d flag)", "%(outcome)s (%(count)d flags)", len(resolved)) % {
            "outcome": FlagOutcome(outcome).label,
            "count": len(resolved),
        }
        _log(
            moderator,
            ModerationAction.RESOLVE_FLAG,
            forum=post.thread.forum,
            thread=post.thread,
            post=post,
            detail=detail,
        )
    flag.resolved_at, flag.resolved_by, flag.outcome = now, moderator, outcome
    return flag
