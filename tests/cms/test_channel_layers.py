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


def test_a_group_send_reaches_every_member_in_order_with_one_copy_the_sender_cannot_change():
    async def scenario():
        layer = SweepingInMemoryChannelLayer()
        for reader in ("reader.one", "reader.two", "reader.three"):
            await layer.group_add("room", reader)
        first = {"type": "live.posts", "names": {"1": "Ama"}}
        await layer.group_send("room", first)
        first["names"]["1"] = "changed by the sender afterwards"
        await layer.group_send("room", {"type": "live.presence", "count": 2})
        await layer.group_send("nobody.here", {"type": "lost"})
        received = {}
        for reader in ("reader.one", "reader.two", "reader.three"):
            received[reader] = [await layer.receive(reader), await layer.receive(reader)]
        return received

    received = asyncio.run(scenario())
    for messages in received.values():
        assert [message["type"] for message in messages] == ["live.posts", "live.presence"]
        assert messages[0]["names"] == {"1": "Ama"}
    assert received["reader.one"][0] is received["reader.three"][0]  # one copy, shared by the readers


def test_a_full_channel_misses_a_group_message_and_the_others_still_get_it():
    async def scenario():
        layer = SweepingInMemoryChannelLayer(capacity=1)
        await layer.group_add("room", "reader.full")
        await layer.group_add("room", "reader.free")
        await layer.send("reader.full", {"type": "waiting"})
        await layer.group_send("room", {"type": "live.posts"})
        full = [await layer.receive("reader.full")]
        queue = layer.channels.get("reader.full")  # the layer drops a channel's queue once it is empty
        return full, await layer.receive("reader.free"), queue.qsize() if queue else 0

    full, free, left = asyncio.run(scenario())
    assert [message["type"] for message in full] == ["waiting"] and left == 0
    assert free["type"] == "live.posts"


def test_a_channel_keeps_its_queue_while_read_and_the_sweep_drops_it_once_nobody_waits(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(channel_layers.time, "monotonic", lambda: clock[0])

    async def scenario():
        layer = SweepingInMemoryChannelLayer()
        await layer.group_add("room", "reader.one")
        await layer.group_send("room", {"type": "first"})
        queue = layer.channels["reader.one"]
        first = await layer.receive("reader.one")
        waiting = asyncio.ensure_future(layer.receive("reader.one"))
        await asyncio.sleep(0)
        clock[0] += channel_layers.SWEEP_SECONDS
        layer._clean_expired()  # a receive waits on the empty queue: it stays
        kept = layer.channels.get("reader.one") is queue
        await layer.group_send("room", {"type": "second"})
        second = await waiting
        clock[0] += channel_layers.SWEEP_SECONDS
        layer._clean_expired()  # empty, nobody waiting: dropped
        return first, second, kept, "reader.one" in layer.channels

    first, second, kept, still_there = asyncio.run(scenario())
    assert (first["type"], second["type"]) == ("first", "second")
    assert kept and not still_there


def test_receive_nowait_hands_over_what_waits_in_order_and_never_blocks():
    async def scenario():
        layer = SweepingInMemoryChannelLayer()
        await layer.group_add("room", "reader.one")
        nothing = layer.receive_nowait("reader.one")
        for number in range(3):
            await layer.group_send("room", {"type": "post", "number": number})
        taken = [layer.receive_nowait("reader.one") for _ in range(4)]
        return nothing, taken

    nothing, taken = asyncio.run(scenario())
    assert nothing is None
    assert [message["number"] for message in taken[:3]] == [0, 1, 2] and taken[3] is None


def test_a_channel_holds_a_busy_room_s_backlog():
    async def scenario():
        layer = SweepingInMemoryChannelLayer()
        await layer.group_add("room", "reader.behind")
        for number in range(channel_layers.CAPACITY):
            await layer.group_send("room", {"type": "post", "number": number})
        return layer.channels["reader.behind"].qsize()

    assert asyncio.run(scenario()) == channel_layers.CAPACITY > 100  # Channels' own default is 100
