"""Telling connections that something changed — only after the change committed, and with ids only.

Each process reads the change once from the database and each connection builds its reader's frame from it
(forums.live.frames), so the channel layer carries no post text (presence messages carry the names of the
people here; each connection passes them on only to readers who may see them). A message the layer drops
(the in-memory layer swallows "channel full"; Redis channels expire) is made good by the next one, or at
the latest by the next heartbeat: a connection always sends every post after the last it sent, and every
change after the last change number it knows complete.
"""

from __future__ import annotations

import asyncio
import logging

from django.db import transaction

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def thread_group(thread_id: int) -> str:
    return f"forums-thread-{int(thread_id)}"


def user_group(user_id: int) -> str:
    return f"forums-user-{int(user_id)}"


_pending: set[asyncio.Task] = set()


def _send(group: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    try:
        if loop is None:
            async_to_sync(layer.group_send)(group, message)
        else:
            # Sync code running inside an event loop's own thread (a test harness, an embedding host):
            # hand the send to that loop rather than block it.
            task = loop.create_task(layer.group_send(group, message))
            _pending.add(task)
            task.add_done_callback(_pending.discard)
    except Exception:  # the database already holds the change: clients catch up on their next message
        logger.exception("Live broadcast to %s failed", group)


def on_commit(group: str, message: dict) -> None:
    """Send `message` to `group` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: _send(group, message))


def post_created(thread_id: int, post_id: int, sequence: int) -> None:
    on_commit(
        thread_group(thread_id),
        {"type": "live.posts", "sequence": sequence, "post_id": post_id, "change": 0},
    )


def post_changed(thread_id: int, post_id: int, change: int | None = None) -> None:
    """A post's text, visibility, reactions or question marks changed; `change` is its change number
    (read from the database on commit when the caller does not know it)."""

    def send() -> None:
        number = change
        if number is None:
            from forums.models import Post

            number = Post.objects.filter(pk=post_id).values_list("change", flat=True).first() or 0
        _send(thread_group(thread_id), {"type": "live.post_changed", "post_id": post_id, "change": number})

    transaction.on_commit(send)


def room_changed(thread_id: int) -> None:
    """The room's settings (slow mode) changed."""
    on_commit(thread_group(thread_id), {"type": "live.room_changed"})


def presence_changed(thread_id: int, message: dict) -> None:
    """Who is here (forums.live.presence builds `message`: the count, the names, where the thread is)."""
    on_commit(thread_group(thread_id), {"type": "live.presence", **message})


async def presence_send(thread_id: int, message: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        await layer.group_send(thread_group(thread_id), {"type": "live.presence", **message})


def access_changed(user_id: int) -> None:
    """The person's memberships or room removals changed: their connections check their access again."""
    on_commit(user_group(user_id), {"type": "live.access_changed"})
