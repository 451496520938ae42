"""Who is here, told cheaply: a join or a leave writes its row at once, but the room's presence broadcast
goes out at most once per interval (ROUNDTABLE_FORUMS_LIVE_PRESENCE_INTERVAL_SECONDS, 1 s by default).

Every join or leave calls `soon(room)`. The first in an interval schedules one broadcast at its end, which
reads who is here then (so it covers every join and leave committed before it); the others in the interval
find it scheduled and do nothing. Across server processes the shared cache (Redis in production) elects the
process that broadcasts: `cache.add` succeeds for one of them per interval. The joiner itself gets the full
presence frame at once from its own connection (forums.live.consumers).
"""

from __future__ import annotations

import asyncio
import logging
import weakref

from django.core.cache import cache

from channels.db import database_sync_to_async

from forums.live import app_settings, broadcast, services

logger = logging.getLogger(__name__)

_scheduled: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, set[int]] = weakref.WeakKeyDictionary()
_tasks: set[asyncio.Task] = set()


def _elected(room_id: int, seconds: float) -> bool:
    """The key lives exactly one interval, and the broadcast reads who is here only after it: a join that
    finds the key taken has committed before that read."""
    return cache.add(f"forums-live-presence:{room_id}", 1, timeout=seconds)


async def soon(room) -> None:
    """Make sure the room's presence is broadcast within one interval."""
    loop = asyncio.get_running_loop()
    pending = _scheduled.setdefault(loop, set())
    if room.pk in pending:
        return
    interval = app_settings.presence_interval_seconds()
    pending.add(room.pk)
    if not await database_sync_to_async(_elected)(room.pk, interval):
        pending.discard(room.pk)  # another process broadcasts this interval's presence
        return
    task = loop.create_task(_broadcast_later(room, interval, pending))
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


async def _broadcast_later(room, interval: float, pending: set[int]) -> None:
    try:
        await asyncio.sleep(interval)
        pending.discard(room.pk)
        message = await database_sync_to_async(services.presence_message)(room)
        await broadcast.presence_send(room.thread_id, message)
    except Exception:  # the next join, leave or heartbeat corrects the count
        logger.exception("Presence broadcast for room %s failed", room.pk)
    finally:
        pending.discard(room.pk)
