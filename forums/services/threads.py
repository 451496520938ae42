"""Starting a thread: the thread and its first post, in one transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from forums import access, hooks
from forums.models import Forum, Thread
from forums.services.checks import (
    check_posting_rate,
    check_rate,
    clean_body,
    clean_title,
    require_signed_in,
)
from forums.services.errors import InvalidPost, NotAllowed
from forums.services.posts import post_create

MAX_TAGS = 5


def clean_tags(tags) -> list[str]:
    cleaned: list[str] = []
    for tag in tags or []:
        tag = " ".join(str(tag).split())[:100]
        if tag and tag.casefold() not in {existing.casefold() for existing in cleaned}:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise InvalidPost(_("Use at most %(count)d tags.") % {"count": MAX_TAGS})
    return cleaned


def _check_event(forum: Forum, event) -> None:
    if event is not None and event.group_id is not None and event.group_id != forum.group_id:
        raise InvalidPost(_("A session's discussion belongs in the forum of the session's own group."))


def thread_create(
    *,
    author,
    forum: Forum,
    title: str,
    body_markdown: str,
    tags=(),
    chatham_house: bool = False,
    event=None,
    client_id: str | None = None,
    attachments=(),
) -> Thread:
    """Start a thread in a forum with its first post; a retry with the same `client_id` returns the thread
    the first attempt started."""
    require_signed_in(author)
    if not access.forum_access(author, forum).read:
        raise NotAllowed(_("You cannot take part in this discussion."))
    if not access.forum_access(author, forum).post:
        if forum.group_id is None:
            raise NotAllowed(_("Please confirm your e-mail address before you post."))
        raise NotAllowed(_("Only members of this working group can start threads here."))
    client_id = (client_id or "").strip()[:64] or None
    if client_id:
        retried = Thread.objects.filter(
            forum=forum, posts__sequence=1, posts__author=author, posts__client_id=client_id
        ).first()
        if retried is not None:
            return retried
    title = clean_title(title)
    body = clean_body(body_markdown)
    tag_names = clean_tags(tags)
    _check_event(forum, event)
    check_posting_rate(author)
    check_rate("forum_thread", author)
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            forum=forum,
            title=title,
            slug=slugify(title)[:200] or "thread",
            author=author,
            event=event,
            chatham_house=chatham_house,
            created_at=now,
            last_post_at=now,
        )
        thread.forum = forum
        if tag_names:
            thread.tags.set(tag_names)
        first_post = post_create(
            author=author, thread=thread, body_markdown=body, client_id=client_id, attachments=attachments
        )
    hooks.announce(
        hooks.THREAD_CREATED_HOOK,
        hooks.ThreadCreated(
            thread_id=thread.pk, forum_id=forum.pk, first_post_id=first_post.pk, author_id=author.pk
        ),
    )
    return thread
