"""Writing posts: create (numbered under a row lock, idempotent on the client's id), edit with history,
soft delete, and the Markdown quote of a post for a reply.

Each service checks permission and input first (raising ForumError with a message for the person, changing
nothing), then writes in one transaction, then announces what happened on commit (forums.hooks).
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import access, hooks
from forums.choices import ModerationAction
from forums.mentions import resolve_mentions
from forums.models import Attachment, Mention, ModerationLogEntry, Post, PostRevision, Thread
from forums.models.posts import post_change_record
from forums.presenters import quote_markdown
from forums.rendering import render_markdown
from forums.services.checks import (
    check_posting_rate,
    check_rate,
    clean_attachments,
    clean_body,
    quoted_post_ids,
    require_signed_in,
    safe_filename,
)
from forums.services.errors import InvalidPost, NotAllowed


def _lock_thread(thread: Thread) -> Thread:
    locked = Thread.objects.select_for_update(of=("self",)).get(pk=thread.pk)
    locked.forum = thread.forum
    return locked


def _require_may_post(user, thread: Thread) -> None:
    refusal = access.thread_posting_refusal(user, thread)
    if refusal:
        raise NotAllowed(refusal)


def _existing_retry(thread: Thread, author, client_id: str | None) -> Post | None:
    if not client_id:
        return None
    return Post.objects.filter(thread=thread, author=author, client_id=client_id).first()


def post_create(
    *,
    author,
    thread: Thread,
    body_markdown: str,
    reply_to: Post | None = None,
    client_id: str | None = None,
    attachments=(),
    new_account_limit: bool = True,
    retry_checked: bool = False,
) -> Post:
    """Add a post to a thread and return it; sending the same `client_id` again returns the first post.

    `new_account_limit=False` lifts the new-account posting limit (forums.services.checks) for a caller
    that has vouched for the author (a live room, for the session's attendees); the forum-wide flood limit
    still applies. `retry_checked`: the caller has just looked the client id up itself (it is looked up
    again under the thread's lock either way)."""
    require_signed_in(author)
    client_id = (client_id or "").strip()[:64] or None
    existing = None if retry_checked else _existing_retry(thread, author, client_id)
    if existing is not None:
        return existing
    _require_may_post(author, thread)
    body = clean_body(body_markdown)
    if reply_to is not None and (reply_to.thread_id != thread.pk or reply_to.is_deleted):
        raise InvalidPost(_("The post you reply to is no longer in this thread."))
    files = clean_attachments(attachments)
    if new_account_limit:
        check_posting_rate(author)
    check_rate("forum_post", author)
    mentionable = resolve_mentions(body, thread, author)
    quoted = quoted_post_ids(body, thread)
    try:
        with transaction.atomic():
            post, mentioned = _write_post(author, thread, body, reply_to, client_id, files, mentionable)
    except IntegrityError:
        # A retry with the same client id raced this one past the check above: answer with its post.
        existing = _existing_retry(thread, author, client_id)
        if existing is None:
            raise
        return existing
    if mentioned is None:  # a retry that waited for the first attempt's lock: it was announced then
        return post
    hooks.announce(
        hooks.POST_CREATED_HOOK,
        hooks.PostCreated(
            post_id=post.pk,
            thread_id=thread.pk,
            forum_id=thread.forum_id,
            author_id=author.pk,
            sequence=post.sequence,
            reply_to_id=post.reply_to_id,
            mentioned_user_ids=tuple(mentioned),
            quoted_post_ids=quoted,
            is_first_post=post.sequence == 1,
        ),
    )
    return post


def _write_post(
    author, thread, body, reply_to, client_id, files, mentionable
) -> tuple[Post, list[int] | None]:
    """Number and save the post under the thread's row lock; mentioned ids, or None for a known retry."""
    locked = _lock_thread(thread)
    existing = _existing_retry(locked, author, client_id)
    if existing is not None:
        return existing, None
    _require_may_post(author, locked)
    rendered = render_markdown(body, mentionable)
    now = timezone.now()
    post = Post.objects.create(
        thread=locked,
        author=author,
        sequence=locked.last_sequence + 1,
        client_id=client_id,
        reply_to=reply_to,
        body_markdown=body,
        body_html=rendered.html,
        created_at=now,
    )
    Mention.objects.bulk_create([Mention(post=post, user_id=user_id) for user_id in rendered.mentioned_ids])
    for file in files:
        Attachment.objects.create(
            post=post,
            file=file,
            filename=safe_filename(file.name),
            size=file.size,
            content_type=(getattr(file, "content_type", "") or "")[:100],
        )
    Thread.objects.filter(pk=locked.pk).update(
        last_sequence=post.sequence, post_count=F("post_count") + 1, last_post_at=now, last_post=post
    )
    thread.last_sequence = post.sequence
    thread.post_count = locked.post_count + 1
    thread.last_post_at = now
    thread.last_post_id = post.pk
    return post, rendered.mentioned_ids


def _require_editable(user, post: Post, not_yours: str) -> bool:
    """May `user` change this post? Returns True when they do it as a moderator of someone else's post."""
    require_signed_in(user)
    thread = post.thread
    if post.is_deleted:
        raise NotAllowed(_("This post has been deleted."))
    moderator = access.can_moderate_thread(user, thread)
    if post.author_id == user.pk and not moderator:
        if not access.forum_access(user, thread.forum).read:
            raise NotAllowed(_("You cannot take part in this discussion."))
        if post.hidden:
            raise NotAllowed(_("A moderator has hidden this post; it cannot be changed."))
        if thread.locked or thread.closed:
            raise NotAllowed(_("This thread is locked or closed: posts cannot be changed any more."))
        return False
    if moderator:
        return post.author_id != user.pk
    raise NotAllowed(not_yours)


def post_edit(*, editor, post: Post, body_markdown: str) -> Post:
    """Change a post's text, keeping the previous text as a PostRevision (the history moderators see)."""
    as_moderator = _require_editable(editor, post, _("You can only edit your own posts."))
    body = clean_body(body_markdown)
    if body == post.body_markdown:
        return post
    thread = post.thread
    mentionable = resolve_mentions(body, thread, post.author)
    rendered = render_markdown(body, mentionable)
    with transaction.atomic():
        post.change = post_change_record(thread_id=thread.pk, post_id=post.pk)
        PostRevision.objects.create(post=post, body_markdown=post.body_markdown, editor=editor)
        before = set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
        after = set(rendered.mentioned_ids)
        Mention.objects.filter(post=post, user_id__in=before - after).delete()
        Mention.objects.bulk_create([Mention(post=post, user_id=user_id) for user_id in after - before])
        post.body_markdown = body
        post.body_html = rendered.html
        post.edited_at = timezone.now()
        post.save(update_fields=["body_markdown", "body_html", "edited_at"])
        if as_moderator:
            _log(editor, ModerationAction.EDIT_POST, post)
    hooks.announce(
        hooks.POST_EDITED_HOOK,
        hooks.PostEdited(
            post_id=post.pk,
            thread_id=thread.pk,
            editor_id=editor.pk,
            newly_mentioned_user_ids=tuple(
                user_id for user_id in rendered.mentioned_ids if user_id not in before
            ),
        ),
    )
    return post


def post_delete(*, actor, post: Post) -> Post:
    """Soft-delete a post: it stays in the thread as "deleted" so the numbering holds."""
    as_moderator = _require_editable(actor, post, _("You can only delete your own posts."))
    thread = post.thread
    with transaction.atomic():
        locked = _lock_thread(thread)
        post.deleted_at = timezone.now()
        post.save(update_fields=["deleted_at"])
        post.change = post_change_record(thread_id=thread.pk, post_id=post.pk)
        last = Post.objects.filter(thread=locked, deleted_at__isnull=True).order_by("-sequence").first()
        Thread.objects.filter(pk=locked.pk).update(
            post_count=F("post_count") - 1,
            last_post=last,
            last_post_at=last.created_at if last else locked.created_at,
        )
        if as_moderator:
            _log(actor, ModerationAction.DELETE_POST, post)
    hooks.announce(
        hooks.POST_DELETED_HOOK, hooks.PostDeleted(post_id=post.pk, thread_id=thread.pk, actor_id=actor.pk)
    )
    return post


def _log(actor, action: str, post: Post) -> None:
    ModerationLogEntry.objects.create(
        actor=actor, action=action, forum=post.thread.forum, thread=post.thread, post=post
    )


def post_quote(*, user, post: Post) -> str:
    """The Markdown a reply starts with when it quotes `post`, attributed as the Chatham House Rule allows."""
    thread = post.thread
    if not access.forum_access(user, thread.forum).read:
        raise NotAllowed(_("You cannot take part in this discussion."))
    if post.is_deleted or post.hidden:
        raise NotAllowed(_("This post cannot be quoted."))
    return quote_markdown(thread, post)
