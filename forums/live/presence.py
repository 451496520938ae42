"""Who is here, told cheaply: a join or a leave writes its row at once, but the room's presence broadcast
goes out at most once per interval (ROUNDTABLE_FORUMS_LIVE_PRESENCE_INTERVAL_SECONDS, 1 s by default).

Every join or leave calls `soon(room)`. The first in an interval schedules one broadcast at its end, which
reads who is here then (so it covers every join and leave committed before it); the others in the interval
find it scheduled and do nothing. Across server processes the shared cache (Redis in production) elects the
process that broadcasts: `cache.add` succeeds for one of them per interval. The joiner itself gets a
presence frame at once from its own connection (`joined`): the room's last broadcast in this process and the
people who joined through it since, itself included, without reading the whole room for every joiner.
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref

from django.core.cache import cache

from forums.live import app_settings, broadcast, selectors, services, subscriptions
from forums.live.db import live_database_sync_to_async

logger = logging.getLogger(__name__)

#: Who is here per room (account id as text → name) as the last presence broadcast this process (its event
#: loop) saw told, with the people who joined through this process since: what a joiner is shown first.
_latest: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, dict[str, str]]] = (
    weakref.WeakKeyDictionary()
)
#: Rooms whose presence a process remembers at most (the oldest dropped first).
LATEST_ROOMS = 256


def _known() -> dict[int, dict[str, str]]:
    return _latest.setdefault(asyncio.get_running_loop(), {})


def remember(room_id: int, message: dict) -> None:
    """Keep the room's latest presence broadcast (called for each connection that passes one on)."""
    known = _known()
    names = message.get("names")
    if names is None or known.get(room_id) is names:
        return
    known[room_id] = names
    if len(known) > LATEST_ROOMS:
        del known[next(iter(known))]


#: The last presence frame written out per room and reader kind (names shown or not), with what it was made
#: of: a broadcast to 500 connections is encoded twice, not 500 times.
_written: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple[int, bool], tuple]] = (
    weakref.WeakKeyDictionary()
)


def frame_text(subscription, count: int, people: list[str]) -> str:
    """The presence frame for this reader as sent over the socket, written once per broadcast and kind of
    reader in this process (the same people, as one shared list or an equal one, reuse the text)."""
    written = _written.setdefault(asyncio.get_running_loop(), {})
    key = (subscription.room.pk, subscription.names_visible)
    held = written.get(key)
    if held is not None and held[0] == count and (held[1] is people or held[1] == people):
        return held[2]
    frame = subscriptions.presence_frame(subscription, count, people)
    text = json.dumps(frame, separators=(",", ":"))
    written.pop(key, None)
    written[key] = (count, people, text)
    if len(written) > 2 * LATEST_ROOMS:
        del written[next(iter(written))]
    return text


async def joined(room, user_id: int, name: str) -> tuple[int, list[str]]:
    """Who is here for a person who just joined: the room's last broadcast in this process and the people
    who joined here since, the joiner included; read from the database only when the process has seen no
    broadcast of the room yet (its first joiner). Leaves and other processes' joins arrive with the
    broadcast the join brings about (`soon`)."""
    known = _known()
    names = known.get(room.pk)
    if names is None:
        found = await live_database_sync_to_async(selectors.present_names)(room)
        names = {str(key): value for key, value in found.items()}
    names = {**names, str(user_id): name}
    known[room.pk] = names
    return selectors.people_present(names)


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
    if not await live_database_sync_to_async(_elected)(room.pk, interval):
        pending.discard(room.pk)  # another process broadcasts this interval's presence
        return
    task = loop.create_task(_broadcast_later(room, interval, pending))
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


async def _broadcast_later(room, interval: float, pending: set[int]) -> None:
    try:
        await asyncio.sleep(interval)
        pending.discard(room.pk)
        message = await live_database_sync_to_async(services.presence_message)(room)
        remember(room.pk, message)
        await broadcast.presence_send(room.thread_id, message)
    except Exception:  # the next join, leave or heartbeat corrects the count
        logger.exception("Presence broadcast for room %s failed", room.pk)
    finally:
        pending.discard(room.pk)
