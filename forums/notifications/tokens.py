"""Unsubscribe links that work without signing in: a signed token naming one person and what to stop
(a thread, a forum, or every forum e-mail). The signature (SECRET_KEY, own salt) is the only credential; a
token can do nothing but unsubscribe, and it expires (ROUNDTABLE_FORUMS_UNSUBSCRIBE_LINK_DAYS, default 60
days: every e-mail carries a fresh one), so a link in an old, forwarded or leaked message stops working."""

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

from forums import app_settings

SALT = "forums.unsubscribe"
SCOPES = ("thread", "forum", "all")


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    scope: str
    object_id: int | None


def make_token(user_id: int, scope: str, object_id: int | None = None) -> str:
    if scope not in SCOPES:
        raise ValueError(f"Unknown unsubscribe scope {scope!r}")
    return signing.dumps([user_id, scope, object_id], salt=SALT, compress=True)


class ExpiredLink(Exception):
    """The token was made by us, but longer ago than an unsubscribe link lives."""


def read_token(token: str) -> Unsubscribe | None:
    """What a token asks for, or None when it was not made by us (or was tampered with).
    Raises ExpiredLink for a genuine token that is too old."""
    try:
        user_id, scope, object_id = signing.loads(
            token, salt=SALT, max_age=app_settings.unsubscribe_link_max_age()
        )
    except signing.SignatureExpired as expired:
        raise ExpiredLink from expired
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if scope not in SCOPES or not isinstance(user_id, int):
        return None
    return Unsubscribe(user_id, scope, object_id if isinstance(object_id, int) else None)


def unsubscribe_path(user_id: int, scope: str, object_id: int | None = None) -> str:
    return reverse("forums:unsubscribe", kwargs={"token": make_token(user_id, scope, object_id)})
