"""The live consumer's message loop: Channels' own (channels.utils.await_many_dispatch), except that a
consumer which has fallen behind takes the channel layer's messages already waiting in one go.

Channels waits for "the client's next message or the layer's next message" afresh after every message it
handles: one new task, one `asyncio.wait` over both and their callbacks per message. In a room of 200 that is
200 tasks and 200 waits per chat message, and when the process is busy every connection has a backlog of
notices the layer already holds. Here, after a layer message is handled, the ones waiting behind it (the
layer's `receive_nowait`, cms.channel_layers) are handled at once, in order, up to `BACKLOG` of them, and
only until a client frame has arrived: a disconnect is not kept waiting behind sends to a socket that is
gone. Messages are still handled one at a time, in the order each source gave them; a layer without
`receive_nowait` (Redis) is read exactly as Channels reads it.
"""

from __future__ import annotations

import asyncio
import contextlib

#: Layer messages handled in a row before the client's frames are looked at again (the in-memory layer's
#: channel capacity: one full backlog).
BACKLOG = 100


async def dispatch_loop(consumer, receive) -> None:
    """Pass the client's messages (`receive`) and the consumer's channel layer messages to
    `consumer.dispatch` until it raises (StopConsumer on disconnect)."""
    take_waiting = getattr(consumer.channel_layer, "receive_nowait", None)
    client = asyncio.ensure_future(receive())
    layer = asyncio.ensure_future(consumer.channel_receive())
    try:
        while True:
            await asyncio.wait((client, layer), return_when=asyncio.FIRST_COMPLETED)
            if client.done():
                message = client.result()
                await consumer.dispatch(message)
                client = asyncio.ensure_future(receive())
            if layer.done():
                await consumer.dispatch(layer.result())
                for _ in range(BACKLOG if take_waiting is not None else 0):
                    if client.done():  # the client's frame (a disconnect above all) comes first
                        break
                    waiting = take_waiting(consumer.channel_name)
                    if waiting is None:
                        break
                    await consumer.dispatch(waiting)
                layer = asyncio.ensure_future(consumer.channel_receive())
    finally:
        for task in (client, layer):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
