"""The forums' plugin interface: what happened, told after the transaction commits.

Services never call notification, e-mail or live-delivery code themselves. They describe what happened in a
small frozen dataclass of ids and hand it to `announce()`, which runs every function registered under the
hook's name with `@wagtail.hooks.register(...)` once the surrounding transaction commits, so a rolled-back
post reaches nobody. Handlers receive ids only and read what they need (through forums.presenters, so a
Chatham House thread never reveals a speaker's name).
"""

from dataclasses import dataclass

from django.db import transaction

from wagtail import hooks

THREAD_CREATED_HOOK = "roundtable_forums_thread_created"
POST_CREATED_HOOK = "roundtable_forums_post_created"
POST_EDITED_HOOK = "roundtable_forums_post_edited"
POST_DELETED_HOOK = "roundtable_forums_post_deleted"
REACTION_ADDED_HOOK = "roundtable_forums_reaction_added"
REACTION_REMOVED_HOOK = "roundtable_forums_reaction_removed"
THREAD_MOVED_HOOK = "roundtable_forums_thread_moved"
#: fn(event: PostModerated) — a moderator hid, restored or removed a post (forums.services.moderation).
POST_MODERATED_HOOK = "roundtable_forums_post_moderated"
#: fn(post_views) -> dict — cards embedded under posts (library resources, …), see forums.embeds.
POST_EMBEDS_HOOK = "roundtable_forums_post_embeds"


@dataclass(frozen=True)
class ThreadCreated:
    thread_id: int
    forum_id: int
    first_post_id: int
    author_id: int


@dataclass(frozen=True)
class PostCreated:
    post_id: int
    thread_id: int
    forum_id: int
    author_id: int
    sequence: int
    reply_to_id: int | None
    #: People newly mentioned (each may read the thread).
    mentioned_user_ids: tuple[int, ...]
    #: Posts of the same thread this post quotes.
    quoted_post_ids: tuple[int, ...]
    is_first_post: bool


@dataclass(frozen=True)
class PostEdited:
    post_id: int
    thread_id: int
    editor_id: int
    #: People mentioned by the edit who were not mentioned before.
    newly_mentioned_user_ids: tuple[int, ...]


@dataclass(frozen=True)
class PostDeleted:
    post_id: int
    thread_id: int
    actor_id: int


@dataclass(frozen=True)
class ReactionAdded:
    post_id: int
    thread_id: int
    user_id: int
    kind: str


@dataclass(frozen=True)
class ReactionRemoved:
    post_id: int
    thread_id: int
    user_id: int
    kind: str


@dataclass(frozen=True)
class ThreadMoved:
    """A moderator moved a thread into another forum: who may read it may have changed."""

    thread_id: int
    origin_forum_id: int
    target_forum_id: int
    actor_id: int


def dispatch(hook_name: str, event) -> None:
    for handler in hooks.get_hooks(hook_name):
        handler(event)


def announce(hook_name: str, event) -> None:
    """Run the hook's handlers with `event` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: dispatch(hook_name, event))
