"""The live consumer's message loop (forums.live.dispatching): a backlog is taken in one go, in order, and the
client's frames still get their turn."""

import asyncio
import contextlib

from channels.exceptions import StopConsumer

from cms.channel_layers import SweepingInMemoryChannelLayer
from forums.live import dispatching


class Recorder:
    """A consumer that notes what it is given; the client's "stop" ends it as a disconnect does."""

    def __init__(self, layer, channel_name):
        self.channel_layer, self.channel_name = layer, channel_name
        self.handled: list[str] = []

    async def channel_receive(self):
        return await self.channel_layer.receive(self.channel_name)

    async def dispatch(self, message):
        self.handled.append(message["type"])
        if message["type"] == "stop":
            raise StopConsumer


def _run(layer_messages: int, client_frames: list[str], backlog: int | None = None, monkeypatch=None):
    if backlog is not None:
        monkeypatch.setattr(dispatching, "BACKLOG", backlog)

    async def scenario():
        layer = SweepingInMemoryChannelLayer()
        await layer.group_add("room", "reader.one")
        for number in range(layer_messages):
            await layer.group_send("room", {"type": f"post.{number}"})
        client: asyncio.Queue = asyncio.Queue()
        for frame in client_frames:
            client.put_nowait({"type": frame})
        consumer = Recorder(layer, "reader.one")
        with contextlib.suppress(StopConsumer):
            await asyncio.wait_for(dispatching.dispatch_loop(consumer, client.get), timeout=5)
        return consumer.handled

    return asyncio.run(scenario())


def _posts(count: int) -> list[str]:
    return [f"post.{number}" for number in range(count)]


def test_a_backlog_is_handled_in_order_in_one_go():
    # The client's frame and the layer's first message are ready together; the 100 waiting behind that
    # message follow at once; then the client's next frame.
    assert _run(150, ["ping", "stop"]) == ["ping", *_posts(1 + dispatching.BACKLOG), "stop"]


def test_the_client_waits_at_most_one_backlog_behind_the_layer(monkeypatch):
    assert _run(30, ["ping", "stop"], backlog=5, monkeypatch=monkeypatch) == ["ping", *_posts(6), "stop"]


def test_without_a_backlog_to_take_each_message_is_waited_for_as_channels_does(monkeypatch):
    assert _run(30, ["ping", "stop"], backlog=0, monkeypatch=monkeypatch) == ["ping", "post.0", "stop"]


def test_a_client_frame_that_arrives_during_a_backlog_is_handled_next():
    async def scenario():
        layer = SweepingInMemoryChannelLayer()
        await layer.group_add("room", "reader.one")
        for number in range(10):
            await layer.group_send("room", {"type": f"post.{number}"})
        client: asyncio.Queue = asyncio.Queue()
        consumer = Recorder(layer, "reader.one")
        handle = consumer.dispatch

        async def dispatch(message):
            await handle(message)
            if message["type"] == "post.1":  # the socket closes while the backlog is being sent
                client.put_nowait({"type": "stop"})
                await asyncio.sleep(0)

        consumer.dispatch = dispatch
        with contextlib.suppress(StopConsumer):
            await asyncio.wait_for(dispatching.dispatch_loop(consumer, client.get), timeout=5)
        return consumer.handled

    assert asyncio.run(scenario()) == ["post.0", "post.1", "stop"]
