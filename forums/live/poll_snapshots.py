"""A poll read once per process for every connection told of its change, and its fragment rendered once per
kind of reader.

A burst of votes reaches each connection of the room as notices (ids only, forums.live.broadcast); each
connection waits `poll_frames.COALESCE_SECONDS` and then sends its reader the poll as they see it. Read per
connection, a burst in a room of 500 cost 500 reads of the poll and 500 renderings a second on the database
thread every connection shares. Here the first connection to want the poll reads everything any reader's
view is built from (forums.live.polls.poll_facts: the votes per choice, each voter's choices, the names for
moderators of a named poll), the others of the process take the same read, and each fragment is rendered
once per kind of reader: their language, whether they moderate, whether they may vote, and their own
choices (most readers share "not voted yet" or one of a few choices).

Freshness: a connection asks for a read that started after it was told of the change (`since`), so the read
sees every vote committed before the notice was sent; a read already under way that started earlier is not
shared with it, and a new one is made. The process keeps the latest read of each poll (`SIZE` polls at
most) for the connections that wake after it.

The cache belongs to one event loop: the waiting is done with that loop's futures.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field

from forums.live import polls as live_polls
from forums.live.db import live_database_sync_to_async

#: Polls whose latest read a process keeps.
SIZE = 64


@dataclass
class Snapshot:
    """One read of one poll (`facts` None: the poll is gone) and the fragments rendered from it."""

    started: float
    facts: live_polls.PollFacts | None
    fragments: dict[tuple, str] = field(default_factory=dict)

    def fragment(self, subscription, language: str, render) -> str:
        """The reader's fragment of the poll ("" when they may not see it): rendered by `render(subscription,
        view, language)` once per kind of reader."""
        if self.facts is None:
            return ""
        view = self.facts.view(subscription.user_id, subscription.moderate, subscription.may_post)
        if view is None:
            return ""
        mine = frozenset(choice.id for choice in view.choices if choice.mine)
        kind = (language, view.moderate, view.may_vote, mine)
        html = self.fragments.get(kind)
        if html is None:
            html = self.fragments[kind] = render(subscription, view, language)
        return html


class PollSnapshots:
    def __init__(self) -> None:
        self._held: OrderedDict[int, Snapshot] = OrderedDict()
        self._reading: dict[int, tuple[float, asyncio.Future]] = {}

    async def snapshot(self, room, poll_id: int, since: float) -> Snapshot:
        """A read of the poll that started at `since` or later: the one held, the one under way, or a new
        one. The read runs on its own: a connection that goes away while waiting does not cancel it for
        the others."""
        held = self._held.get(poll_id)
        if held is not None and held.started >= since:
            return held
        reading = self._reading.get(poll_id)
        if reading is None or reading[0] < since:
            started = time.monotonic()
            task = asyncio.get_running_loop().create_task(self._read(room, poll_id, started))
            task.add_done_callback(lambda done: done.cancelled() or done.exception())  # waiters may be gone
            reading = self._reading[poll_id] = (started, task)
        return await asyncio.shield(reading[1])

    async def _read(self, room, poll_id: int, started: float) -> Snapshot:
        try:
            facts = await live_database_sync_to_async(live_polls.poll_facts)(room, poll_id)
        finally:
            if self._reading.get(poll_id, (0.0, None))[1] is asyncio.current_task():
                del self._reading[poll_id]
        snapshot = Snapshot(started=started, facts=facts)
        kept = self._held.get(poll_id)
        if kept is None or kept.started <= started:
            self._held[poll_id] = snapshot
            self._held.move_to_end(poll_id)
            while len(self._held) > SIZE:
                self._held.popitem(last=False)
        return snapshot


_caches: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, PollSnapshots] = weakref.WeakKeyDictionary()


def snapshots() -> PollSnapshots:
    """This event loop's poll reads."""
    loop = asyncio.get_running_loop()
    found = _caches.get(loop)
    if found is None:
        found = _caches[loop] = PollSnapshots()
    return found
