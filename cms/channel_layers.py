"""The channel layer of the embedded configuration (no Redis): Channels' in-memory layer, with its expiry
sweep amortised.

Channels' InMemoryChannelLayer walks every channel and every group membership on *each* receive to drop
expired messages and memberships. With a room of 200 people, each in a few groups, that walk ran on every one
of the 200 deliveries of every message: its cost grew with the square of the room. Messages expire after a
minute and memberships after a day, so sweeping at most once per `SWEEP_SECONDS` changes nothing a client
can see.
"""

from __future__ import annotations

import time

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
