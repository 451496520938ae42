"""A burst of votes: one read of the poll per process for every connection told of it, its fragment rendered
once per kind of reader, and never a read older than the notice (forums.live.poll_snapshots)."""

import asyncio
import threading
import time

import pytest
from asgiref.sync import async_to_sync

from forums.live import poll_snapshots
from forums.live import polls as live_polls
from tests.forums.live.conftest import LiveClient


async def _poll_frame(client: LiveClient, needle: str) -> dict:
    while True:
        frame = await client.receive()
        if frame["type"] == "poll" and needle in frame["html"]:
            return frame


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_everyone_told_of_a_vote_gets_the_poll_from_one_read_each_as_they_see_it(session, monkeypatch):
    chair = session.people["chair"]
    poll = live_polls.poll_create(
        user=chair, room=session.room, question="Which metal next?", choices=["Tin", "Cobalt"]
    )
    live_polls.poll_open(user=chair, room=session.room, poll_id=poll.pk)
    tin = poll.choices.get(label="Tin")
    reads = []
    read = live_polls.poll_facts
    monkeypatch.setattr(
        live_polls, "poll_facts", lambda room, poll_id: reads.append(poll_id) or read(room, poll_id)
    )

    async def scenario():
        clients = {
            name: LiveClient(session.thread.pk, session.people[name]) for name in ("chair", "member", "other")
        }
        for client in clients.values():
            assert await client.connect()
            await client.receive_until("presence")
        await clients["member"].send(
            type="poll", action="vote", poll=poll.pk, choices=[tin.pk], client_id="v-1"
        )
        own = await _poll_frame(clients["member"], "Change my vote")  # the voter's own, at once
        told = {name: await _poll_frame(client, "1 vote (100%)") for name, client in clients.items()}
        for client in clients.values():
            await client.close()
        return own, told

    own, told = async_to_sync(scenario)()

    assert reads == [poll.pk]  # three connections told of the vote, one read
    assert "your choice" in own["html"] and "your choice" in told["member"]["html"]
    assert "your choice" not in told["other"]["html"] and 'name="choice"' in told["other"]["html"]
    assert "Samuel Mensah" in told["chair"]["html"]  # a named poll: the moderators see who voted
    assert "Samuel Mensah" not in told["other"]["html"] and "Samuel Mensah" not in told["member"]["html"]
    assert "Close the poll" in told["chair"]["html"] and "Close the poll" not in told["other"]["html"]


class _Reads:
    """poll_facts stand-in: each read returns a new object, and waits for `release` when it is set."""

    def __init__(self) -> None:
        self.count, self.release = 0, None
        self.lock = threading.Lock()

    def __call__(self, room, poll_id):
        if self.release is not None:
            self.release.wait(5)
        with self.lock:
            self.count += 1
            return object()


def test_a_read_is_shared_only_by_connections_told_before_it_started(monkeypatch):
    reads = _Reads()
    monkeypatch.setattr(live_polls, "poll_facts", reads)

    async def scenario():
        cache = poll_snapshots.PollSnapshots()
        told = time.monotonic()
        first = await cache.snapshot(None, 7, told)
        again = await cache.snapshot(None, 7, told)  # told before the read held: no new read
        later = await cache.snapshot(None, 7, time.monotonic())  # told after it started: a new read
        return first, again, later

    first, again, later = asyncio.run(scenario())
    assert again is first and later is not first and later.facts is not first.facts
    assert reads.count == 2


def test_a_read_under_way_is_not_given_to_a_connection_told_after_it_began_nor_cancelled_by_one_leaving(
    monkeypatch,
):
    reads = _Reads()
    monkeypatch.setattr(live_polls, "poll_facts", reads)

    async def scenario():
        cache = poll_snapshots.PollSnapshots()
        reads.release = threading.Event()
        told_early = time.monotonic()
        leaving = asyncio.create_task(cache.snapshot(None, 7, told_early))
        staying = asyncio.create_task(cache.snapshot(None, 7, told_early))
        await asyncio.sleep(0.05)  # the first read is under way
        told_late = asyncio.create_task(cache.snapshot(None, 7, time.monotonic()))
        await asyncio.sleep(0.05)
        leaving.cancel()
        reads.release.set()
        return await staying, await told_late, leaving.cancelled()

    staying, told_late, cancelled = asyncio.run(scenario())
    assert cancelled
    assert staying.facts is not None and told_late.facts is not staying.facts
    assert reads.count == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_read_of_a_poll_costs_the_same_queries_for_one_voter_or_many(session):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    chair = session.people["chair"]
    poll = live_polls.poll_create(user=chair, room=session.room, question="Ready?", choices=["Yes", "No"])
    live_polls.poll_open(user=chair, room=session.room, poll_id=poll.pk)
    yes, no = poll.choices.get(label="Yes"), poll.choices.get(label="No")

    def cost() -> tuple[int, live_polls.PollFacts]:
        with CaptureQueriesContext(connection) as queries:
            facts = live_polls.poll_facts(session.room, poll.pk)
        return len(queries), facts

    live_polls.poll_vote(
        user=session.people["member"], room=session.room, poll_id=poll.pk, choice_ids=[yes.pk]
    )
    one, _facts = cost()
    for name, choice in (("other", no), ("chair", yes)):
        live_polls.poll_vote(
            user=session.people[name], room=session.room, poll_id=poll.pk, choice_ids=[choice.pk]
        )
    many, facts = cost()

    assert one == many == 4  # the poll, its choices, every vote's choices, the voters' names (a named poll)
    assert facts.voters == 3 and facts.counts == {yes.pk: 2, no.pk: 1}
    member_view = facts.view(session.people["member"].pk, moderate=False, may_vote=True)
    assert [choice.mine for choice in member_view.choices] == [True, False]
    assert facts.view(None, moderate=False, may_vote=False).voted is False


def test_the_frame_for_a_burst_is_read_after_the_last_notice_it_covers(monkeypatch):
    """Notices that come while a connection waits are covered by its one frame: so the read it takes must
    have started after the last of them, not only after the first (a vote committed meanwhile would be
    missing from the frame, with no other frame coming)."""
    from types import SimpleNamespace

    from forums.live import poll_frames

    asked = []

    class Snapshots:
        async def snapshot(self, room, poll_id, since):
            asked.append(since)
            return SimpleNamespace(fragment=lambda subscription, language, render: "<li>poll</li>")

    class Consumer:
        subscription = SimpleNamespace(room=object())
        poll_language = "en"
        sent: list = []

        async def send_json(self, frame):
            self.sent.append(frame)

    monkeypatch.setattr(poll_frames, "COALESCE_SECONDS", 0.2)
    monkeypatch.setattr(poll_snapshots, "snapshots", Snapshots)

    async def scenario():
        consumer = Consumer()
        await poll_frames.poll_changed(consumer, {"poll": 5})
        await asyncio.sleep(0.1)
        second = time.monotonic()
        await poll_frames.poll_changed(consumer, {"poll": 5})  # coalesced into the frame already waiting
        await asyncio.sleep(0.3)
        return consumer.sent, second

    sent, second = asyncio.run(scenario())
    assert sent == [{"type": "poll", "id": 5, "html": "<li>poll</li>"}]
    assert len(asked) == 1 and asked[0] >= second
