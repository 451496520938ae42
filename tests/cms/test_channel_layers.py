"""The embedded channel layer: Channels' in-memory layer with its expiry sweep run at most once a second."""

import asyncio

from channels.layers import InMemoryChannelLayer

from cms import channel_layers
from cms.channel_layers import SweepingInMemoryChannelLayer


def test_the_sweep_runs_at_most_once_per_interval_however_many_receives(monkeypatch):
    sweeps = []
    monkeypatch.setattr(InMemoryChannelLayer, "_clean_expired", lambda self: sweeps.append(1))
    clock = [100.0]
    monkeypatch.setattr(channel_layers.time, "monotonic", lambda: clock[0])
    layer = SweepingInMemoryChannelLayer()
    for _ in range(200):
        layer._clean_expired()
    assert len(sweeps) == 1
    clock[0] += channel_layers.SWEEP_SECONDS
    layer._clean_expired()
    assert len(sweeps) == 2


def test_expired_messages_still_go_and_take_their_channel_out_of_its_groups():
    async def scenario():
        layer = SweepingInMemoryChannelLayer(expiry=0)
        await layer.group_add("room", "reader.two")
        await layer.send("reader.two", {"type": "old"})
        await asyncio.sleep(0.01)
        layer._last_sweep = 0.0  # the next receive sweeps
        layer._clean_expired()
        return layer.channels, layer.groups

    channels, groups = asyncio.run(scenario())
    assert "reader.two" not in channels
    assert not groups.get("room")
