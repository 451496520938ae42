"""Checks every posting service runs first: the text, the files, and the limits of new accounts."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms import ratelimits, uploads
from forums import app_settings
from forums.services.errors import InvalidPost, NotAllowed, RateLimited
from working_groups import access


def require_signed_in(user) -> None:
    if user is None or not user.is_authenticated or not user.is_active:
        raise NotAllowed(_("Please sign in to take part."))


def clean_body(body_markdown: str) -> str:
    body = (body_markdown or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if not body:
        raise InvalidPost(_("Write something before you send your post."))
    limit = app_settings.max_post_length()
    if len(body) > limit:
        raise InvalidPost(
            _(
                "Your post is %(length)s characters long; the limit is %(limit)s. "
                "Please shorten it or split it into several posts."
            )
            % {"length": f"{len(body):,}", "limit": f"{limit:,}"}
        )
    return body


def clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) < 5:
        raise InvalidPost(_("Give the thread a title of at least five characters."))
    if len(title) > 200:
        raise InvalidPost(_("Keep the title under 200 characters."))
    return title


def clean_attachments(files) -> list:
    files = [file for file in (files or []) if file]
    limit = app_settings.max_attachments_per_post()
    if len(files) > limit:
        raise InvalidPost(
            ngettext(
                "You can attach at most %(count)d file to a post.",
                "You can attach at most %(count)d files to a post.",
                limit,
            )
            % {"count": limit}
        )
    for file in files:
        try:
            file.content_type = uploads.check_upload(
                file,
                extensions=app_settings.attachment_extensions(),
                max_bytes=app_settings.attachment_max_bytes(),
            )
        except uploads.UploadRefused as refused:
            raise InvalidPost(refused.message) from None
    return files


def safe_filename(name: str) -> str:
    return uploads.safe_filename(name, fallback="attachment")


def check_posting_rate(author) -> None:
    """Accounts younger than the configured hours may send only a few posts an hour."""
    from forums.models import Post

    if access.is_secretariat(author):
        return
    now = timezone.now()
    if author.date_joined <= now - timedelta(hours=app_settings.new_account_hours()):
        return
    limit = app_settings.new_account_posts_per_hour()
    if Post.objects.filter(author=author, created_at__gte=now - timedelta(hours=1)).count() >= limit:
        raise RateLimited(
            ngettext(
                "New accounts can send %(count)d post an hour. Your text is kept: please send it a "
                "little later.",
                "New accounts can send %(count)d posts an hour. Your text is kept: please send it a "
                "little later.",
                limit,
            )
            % {"count": limit}
        )


def check_rate(scope: str, user) -> None:
    """Count one attempt at `scope` (cms.ratelimits) and refuse it as RateLimited when over the limit."""
    try:
        ratelimits.hit(scope, user=user)
    except ratelimits.RateLimitExceeded as error:
        raise RateLimited(error.message, error.retry_after) from error


def quoted_post_ids(body_markdown: str, thread) -> tuple[int, ...]:
    """Posts of this thread that the text quotes (through the permalink a quote's attribution carries)."""
    from forums.models import Post

    prefix = re.escape(reverse("forums:post", kwargs={"pk": 0})[:-2])
    ids = {int(found) for found in re.findall(rf"\]\({prefix}(\d+)/\)", body_markdown)}
    if not ids:
        return ()
    return tuple(sorted(Post.objects.filter(thread=thread, pk__in=ids).values_list("pk", flat=True)))
