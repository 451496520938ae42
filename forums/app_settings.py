"""Settings of the forums app, with defaults, so the app runs on any host Wagtail site."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings


def max_post_length() -> int:
    """The longest post (in characters of Markdown) anyone may send."""
    return getattr(settings, "ROUNDTABLE_FORUMS_MAX_POST_LENGTH", 20_000)


def posts_per_page() -> int:
    return getattr(settings, "ROUNDTABLE_FORUMS_POSTS_PER_PAGE", 20)


def threads_per_page() -> int:
    return getattr(settings, "ROUNDTABLE_FORUMS_THREADS_PER_PAGE", 25)


def new_account_hours() -> int:
    """Accounts younger than this many hours count as new and post under a limit."""
    return getattr(settings, "ROUNDTABLE_FORUMS_NEW_ACCOUNT_HOURS", 24)


def digest_by_default() -> bool:
    """What people who never chose get: the daily digest (True) or an e-mail each time (False)."""
    return getattr(settings, "ROUNDTABLE_FORUMS_DIGEST_BY_DEFAULT", True)


def new_account_posts_per_hour() -> int:
    """How many posts (a new thread counts as one) a new account may send in one hour."""
    return getattr(settings, "ROUNDTABLE_FORUMS_NEW_ACCOUNT_POSTS_PER_HOUR", 5)


def max_mentions_per_post() -> int:
    return getattr(settings, "ROUNDTABLE_FORUMS_MAX_MENTIONS_PER_POST", 20)


def attachment_root() -> Path:
    """Where attachments are stored: outside MEDIA_ROOT, so no public /media/ URL ever serves them."""
    configured = getattr(settings, "ROUNDTABLE_FORUMS_ATTACHMENT_ROOT", None)
    if configured:
        return Path(configured)
    return Path(settings.MEDIA_ROOT).resolve().with_name("private-media") / "forums"


def attachment_extensions() -> list[str]:
    return getattr(
        settings,
        "ROUNDTABLE_FORUMS_ATTACHMENT_EXTENSIONS",
        getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or ["pdf", "txt", "csv", "docx", "xlsx", "odt"],
    )


def attachment_max_bytes() -> int:
    return getattr(settings, "ROUNDTABLE_FORUMS_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)


def max_attachments_per_post() -> int:
    return getattr(settings, "ROUNDTABLE_FORUMS_MAX_ATTACHMENTS_PER_POST", 3)


def unsubscribe_link_max_age() -> timedelta:
    """How long an e-mail's unsubscribe link works (ROUNDTABLE_FORUMS_UNSUBSCRIBE_LINK_DAYS, default 60)."""
    return timedelta(days=int(getattr(settings, "ROUNDTABLE_FORUMS_UNSUBSCRIBE_LINK_DAYS", 60)))


def chatham_min_organisations() -> int:
    """A Chatham House thread shows a speaker's stakeholder type only where at least this many member
    organisations of that type could have written it (ROUNDTABLE_FORUMS_CHATHAM_MIN_ORGANISATIONS, 5)."""
    return int(getattr(settings, "ROUNDTABLE_FORUMS_CHATHAM_MIN_ORGANISATIONS", 5))
