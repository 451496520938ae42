"""Writes of the forums app (see forums.services.threads, .posts and .reactions)."""

from forums.services.errors import ForumError, InvalidPost, NotAllowed, RateLimited
from forums.services.posts import post_create, post_delete, post_edit, post_quote
from forums.services.reactions import reaction_toggle
from forums.services.threads import thread_create

__all__ = [
    "ForumError",
    "InvalidPost",
    "NotAllowed",
    "RateLimited",
    "post_create",
    "post_delete",
    "post_edit",
    "post_quote",
    "reaction_toggle",
    "thread_create",
]
