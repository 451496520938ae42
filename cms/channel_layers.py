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
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from copy import deepcopy

from channels.layers import InMemoryChannelLayer

SWEEP_SECONDS = 1.0


class SweepingInMemoryChannelLayer(InMemoryChannelLayer):
    _last_sweep = 0.0

    def _clean_expired(self):
        now = time.monotonic()
        if now - self._last_sweep < SWEEP_SECONDS:
            return
        self._last_sweep = now
        super()._clean_expired()

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
            queue = self.channels.setdefault(channel, asyncio.Queue(maxsize=self.get_capacity(channel)))
            # As Channels does: a full channel misses the message (the client's heartbeat repairs it).
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait((expires, shared))
