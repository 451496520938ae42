"""The channel layer of the embedded configuration (no Redis): Channels' in-memory layer, with its expiry
sweep amortised and its group sends made once.

Channels' InMemoryChannelLayer walks every channel and every group membership on *each* receive to drop
expired messages and memberships. With a room of 200 people, each in a few groups, that walk ran on every one
of the 200 deliveries of every message: its cost grew with the square of the room. Messages expire after a
minute and memberships after a day, so sweeping at most once per `SWEEP_SECONDS` changes nothing a client
can see.

Its group send also starts one task and makes one deep copy per member: a presence message naming 500
people cost 500 copies of 500 names. Here a group send copies the message once (the sender may change its
own dict afterwards) and queues that copy for every member, in the group's order, at once. Receivers share
it and only read it, as with every consumer of this site (a handler that changed a message it was given
would change it for the others in this process).

Channels' layer also builds a new queue (and its event) for every member on every group send and on every
receive, to throw it away when the channel already has one, and drops a channel's queue whenever a receive
empties it, so the next message builds one again. Here a queue is built only for a channel that has none,
and an empty queue nobody is waiting on is dropped by the sweep. A channel holds up to `CAPACITY` messages
(Channels: 100): a connection that fell a few seconds behind in a busy room should catch up from its queue,
not miss notices it would then have to read back from the database. `receive_nowait` hands over a message
already waiting without a task: a consumer that falls behind (forums.live.dispatching) takes its backlog in
one go instead of one task and one wait per message.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from copy import deepcopy

from channels.layers import InMemoryChannelLayer

SWEEP_SECONDS = 1.0
CAPACITY = 1000


class SweepingInMemoryChannelLayer(InMemoryChannelLayer):
    _last_sweep = 0.0

    def __init__(self, capacity: int = CAPACITY, **kwargs) -> None:
        super().__init__(capacity=capacity, **kwargs)
        #: Channels with a receive waiting on them, and how many (their queue must stay).
        self._receiving: dict[str, int] = {}

    def _clean_expired(self):
        now = time.monotonic()
        if now - self._last_sweep < SWEEP_SECONDS:
            return
        self._last_sweep = now
        super()._clean_expired()
        for channel, queue in list(self.channels.items()):
            if queue.empty() and channel not in self._receiving:
                del self.channels[channel]

    async def group_send(self, group, message):
        assert isinstance(message, dict), "Message is not a dict"  # noqa: S101 (Channels' own check)
        self.require_valid_group_name(group)
        self._clean_expired()
        members = self.groups.get(group)
        if not members:
            return
        shared = deepcopy(message)
        expires = time.time() + self.expiry
        for channel in list(members):
            # As Channels does: a full channel misses the message (the client's heartbeat repairs it).
            with contextlib.suppress(asyncio.QueueFull):
                self._queue(channel).put_nowait((expires, shared))

    def _queue(self, channel: str) -> asyncio.Queue:
        queue = self.channels.get(channel)
        if queue is None:
            queue = self.channels[channel] = asyncio.Queue(maxsize=self.get_capacity(channel))
        return queue

    async def receive(self, channel):
        self.require_valid_channel_name(channel)
        self._clean_expired()
        queue = self._queue(channel)
        self._receiving[channel] = self._receiving.get(channel, 0) + 1
        try:
            _expires, message = await queue.get()
        finally:
            waiting = self._receiving.pop(channel) - 1
            if waiting:
                self._receiving[channel] = waiting
        return message

    def receive_nowait(self, channel: str) -> dict | None:
        """The channel's next message if one is waiting, else None (as `receive`, without waiting)."""
        queue = self.channels.get(channel)
        if queue is None or queue.empty():
            return None
        _expires, message = queue.get_nowait()
        return message
