"""People who connect to one thread at the same moment are read together.

A webinar opens its room and a few hundred people connect within seconds. Each connection's access is read
from the database after it joined the thread's group (forums.live.consumers), and every joiner needs the same
rows (the thread, its forum, group, session and room) and the same few facts about themselves. Read once
per person, the ORM built the same queries hundreds of times over on the one thread the live connections
share for the database, and the crowd queued behind it.

So the joins to one thread form a queue: while a read is under way, whoever connects waits for the next one,
which reads everyone waiting at once (at most `BATCH_LIMIT` people). A lone join is read at once and waits
for nothing. Three reads are made this way: the access (`subscribe`: forums.live.subscriptions.
subscribe_many), the room's questions when the room's history does not hold them all (`room_questions`:
each reader's frames are then built from them in memory), and, for those who entered the room, what they
are shown first (`enter_room`: their language and name, their presence counted in, the room's polls and
action points). Before all that, forums.live.crowd_auth reads who is connecting the same way (`together`);
and when a crowd leaves, its presence rows are deleted the same way (`leave_room`).
Every read starts after each of its people joined the thread's group, so the consumer's
guarantees (order, nothing lost, nothing sent twice) hold as before, and each person's access is still
decided from the database as it is then.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable

from django.conf import settings

from forums.live import poll_frames, selectors, services, subscriptions
from forums.live.db import live_database_sync_to_async

#: People read in one go at most (the queries carry their ids).
BATCH_LIMIT = 200

#: Per event loop: the people waiting for the next read of each kind and thread or room.
_waiting: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple, list]] = (
    weakref.WeakKeyDictionary()
)
_tasks: set[asyncio.Task] = set()


async def subscribe(user, thread_id: int, as_room: bool) -> subscriptions.Subscription | None:
    """`subscriptions.subscribe`, read together with everyone else who joins the thread meanwhile."""

    def read(users: list) -> list:
        return subscriptions.subscribe_many(users, thread_id, as_room)

    return await together(("subscribe", thread_id, as_room), user, read)


async def room_questions(room) -> selectors.PostBundle:
    """The room's questions with every reader's facts (selectors.room_questions_bundle), read once for
    everyone who joins the room meanwhile."""

    def read(rooms: list) -> list:
        return [selectors.room_questions_bundle(rooms[0])] * len(rooms)

    return await together(("questions", room.pk), room, read)


async def enter_room(subscription, channel_name: str) -> tuple[str, list[dict], str]:
    """For a connection that entered the room: the language its reader reads the room's fragments in, the
    room's polls and action points for them, and the name they are shown under among the people present;
    a signed-in reader is counted in (forums.live.presence broadcasts it). Read together with everyone
    else who enters the room meanwhile."""
    return await together(("enter", subscription.room.pk), (subscription, channel_name), _enter_many)


def _enter_many(entries: list[tuple]) -> list[tuple[str, list[dict], str]]:
    room = entries[0][0].room
    present = [(subscription.user, channel) for subscription, channel in entries if subscription.user_id]
    facts = selectors.joiners_facts([user for user, _channel in present]) if present else {}
    if present:
        services.presence_join_many(room=room, people=present)
    known = [facts.get(subscription.user_id) for subscription, _channel in entries]
    languages = [fact[0] if fact else settings.LANGUAGE_CODE for fact in known]
    frames = poll_frames.initial_frames_many([subscription for subscription, _channel in entries], languages)
    return [
        (language, room_frames, fact[1] if fact else "")
        for language, room_frames, fact in zip(languages, frames, known, strict=True)
    ]


async def leave_room(room, channel_name: str) -> None:
    """Count a connection that closed out of the room, with everyone else who leaves it meanwhile (a
    webinar's crowd leaves at its end as it came)."""
    await together(("leave", room.pk), channel_name, _leave_many)


def _leave_many(channel_names: list[str]) -> list[None]:
    services.presence_leave(channel_names=channel_names)
    return [None] * len(channel_names)


async def together(key: tuple, item, read_many: Callable[[list], list]):
    """`read_many([item, ...])[0]`, read with the other items that wait for the same key meanwhile."""
    loop = asyncio.get_running_loop()
    queues = _waiting.setdefault(loop, {})
    answer = loop.create_future()
    queue = queues.get(key)
    if queue is not None:  # a read is under way or about to start: join the next
        queue.append((item, answer))
        return await answer
    queues[key] = [(item, answer)]
    task = loop.create_task(_read_until_nobody_waits(queues, key, read_many))
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)
    return await answer


async def _read_until_nobody_waits(queues: dict, key: tuple, read_many: Callable[[list], list]) -> None:
    batch: list = []
    try:
        while queue := queues[key]:
            batch, queues[key] = queue[:BATCH_LIMIT], queue[BATCH_LIMIT:]
            batch = [(item, answer) for item, answer in batch if not answer.done()]  # gone meanwhile
            if not batch:
                continue
            try:
                found = await live_database_sync_to_async(read_many)([item for item, _answer in batch])
            except Exception as problem:  # each waiting connection fails as its own read would have
                for _item, answer in batch:
                    if not answer.done():
                        answer.set_exception(problem)
                continue
            for (_item, answer), result in zip(batch, found, strict=True):
                if not answer.done():
                    answer.set_result(result)
    finally:
        # Only if this task itself was cancelled (the server shutting down) is anyone left without an
        # answer: they are cancelled too rather than wait for a read that will not come.
        for _item, answer in [*batch, *queues.pop(key, ())]:
            if not answer.done():
                answer.cancel()
