"""Checks every posting service runs first: the text, the files, and the limits of new accounts."""

import re
from datetime import timedelta
from pathlib import PurePath

from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
    allowed = {extension.lower() for extension in app_settings.attachment_extensions()}
    max_bytes = app_settings.attachment_max_bytes()
    for file in files:
        name = PurePath(file.name or "").name
        extension = PurePath(name).suffix.lower().lstrip(".")
        if extension not in allowed:
            raise InvalidPost(
                _("“%(name)s” cannot be attached: allowed file types are %(types)s.")
                % {"name": name, "types": ", ".join(sorted(allowed))}
            )
        if file.size > max_bytes:
            raise InvalidPost(
                _("“%(name)s” is larger than the limit of %(size)s MB.")
                % {"name": name, "size": max_bytes // (1024 * 1024)}
            )
    return files


def safe_filename(name: str) -> str:
    stem = get_valid_filename(PurePath(name or "").name) or "attachment"
    return stem[-200:]


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


def quoted_post_ids(body_markdown: str, thread) -> tuple[int, ...]:
    """Posts of this thread that the text quotes (through the permalink a quote's attribution carries)."""
    from forums.models import Post

    prefix = re.escape(reverse("forums:post", kwargs={"pk": 0})[:-2])
    ids = {int(found) for found in re.findall(rf"\]\({prefix}(\d+)/\)", body_markdown)}
    if not ids:
        return ()
    return tuple(sorted(Post.objects.filter(thread=thread, pk__in=ids).values_list("pk", flat=True)))
