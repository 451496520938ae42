"""Live delivery at scale and after losses: one read per post per process (the frame cache) with each
reader's rights applied in memory, coalesced presence, dropped notices made good at the next heartbeat, and
changes made while a client was away replayed when it resumes."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from forums import services
from forums.live import broadcast, frames, selectors, subscriptions
from forums.live import services as live_services
from forums.live.consumers import ThreadConsumer
from forums.models import Post, Thread
from forums.services.moderation import post_hide
from tests.forums.live.conftest import LiveClient, make_session, same_instant, sequences

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _updates(frames: list[dict]) -> dict[int, dict]:
    return {frame["post"]["sequence"]: frame["post"] for frame in frames if frame["type"] == "post.updated"}


@pytest.fixture
def counted(monkeypatch):
    """How often the shared read (once per post per process) and the per-reader reads run."""
    calls = {"shared": 0, "per_reader": 0}
    shared, per_reader = selectors.shared_bundle, selectors.posts_after

    def counting_shared(*args):
        calls["shared"] += 1
        return shared(*args)

    def counting_per_reader(*args, **kwargs):
        calls["per_reader"] += 1
        return per_reader(*args, **kwargs)

    monkeypatch.setattr(selectors, "shared_bundle", counting_shared)
    monkeypatch.setattr(selectors, "posts_after", counting_per_reader)
    return calls


async def _connected(session, readers: dict, counted: dict) -> dict:
    """A client per reader, each in the room, with the read counters back at zero."""
    clients = {persona: LiveClient(session.thread.pk, person) for persona, person in readers.items()}
    for client in clients.values():
        assert await client.connect()
        await client.receive_until("presence")
    counted["shared"] = counted["per_reader"] = 0
    return clients


def test_a_new_post_is_read_once_per_process_and_shown_to_each_reader_by_their_rights(counted):
    """Chatham House room: the moderator (the chair) sees names and hidden text, members see neither, and
    each gets exactly the frame a reader-by-reader database read gives them."""
    session = make_session(chatham_house=True)
    readers = {persona: session.people[persona] for persona in ("member", "other", "chair")}

    async def scenario():
        clients = await _connected(session, readers, counted)
        post = await sync_to_async(services.post_create)(
            author=session.people["other"],
            thread=session.thread,
            body_markdown="We missed the target, @[Samuel Mensah]",
        )
        created = {
            persona: (await client.receive_until("post.created"))[-1] for persona, client in clients.items()
        }
        await sync_to_async(live_services.question_moderate)(
            user=session.people["chair"], room=session.room, post_id=post.pk, action="hide"
        )
        hidden = {
            persona: (await client.receive_until("post.updated"))[-1] for persona, client in clients.items()
        }
        for client in clients.values():
            await client.close()
        return created, hidden

    created, hidden = async_to_sync(scenario)()
    assert counted == {"shared": 2, "per_reader": 0}  # one read for the post, one for its hiding
    thread = Thread.objects.get(pk=session.thread.pk)
    for persona, person in readers.items():
        moderate = persona == "chair"
        expected, _more = selectors.posts_after(thread, person, moderate, 1)
        assert same_instant(hidden[persona]["post"]) == same_instant(expected[0])
        assert created[persona]["post"]["html"].startswith("<p>We missed the target")
    assert created["member"]["post"]["author"]["label"] == "A participant"
    assert created["other"]["post"]["author"]["is_viewer"] is True
    assert "@you" in created["member"]["post"]["html"] and "Mensah" not in str(created["other"])
    assert created["chair"]["post"]["author"]["label"] == "Ama Owusu"
    assert "@Samuel Mensah" in created["chair"]["post"]["html"]
    assert hidden["member"]["post"]["html"] == "" and hidden["member"]["post"]["hidden"] is True
    assert hidden["chair"]["post"]["html"].startswith("<p>We missed the target")


def test_a_message_sent_in_the_room_is_read_by_its_writer_and_by_nobody_else(counted):
    """The writer's hop to the database reads the new post in its own transaction and hands it over on
    commit (forums.live.frames.offer): the notice finds it read, and every reader still gets exactly their
    own frame."""
    session = make_session(chatham_house=True)
    readers = {persona: session.people[persona] for persona in ("member", "other", "chair")}

    async def scenario():
        clients = await _connected(session, readers, counted)
        await clients["other"].send(type="post", client_id="from-the-floor", body="A point, @[Samuel Mensah]")
        created = {
            persona: (await client.receive_until("post.created"))[-1] for persona, client in clients.items()
        }
        for client in clients.values():
            await client.close()
        return created

    created = async_to_sync(scenario)()
    assert counted == {"shared": 0, "per_reader": 0}
    thread = Thread.objects.get(pk=session.thread.pk)
    for persona, person in readers.items():
        expected, _more = selectors.posts_after(thread, person, persona == "chair", 1, embeds=False)
        assert same_instant(created[persona]["post"]) == same_instant(expected[0])
    assert created["member"]["post"]["author"]["label"] == "A participant"
    assert "@you" in created["member"]["post"]["html"]
    assert created["other"]["post"]["author"]["is_viewer"] is True


def test_a_message_whose_write_rolls_back_hands_nothing_to_the_frame_cache(monkeypatch):
    """What is handed over is what committed: a write that fails after its post was read leaves no post and
    nothing in the cache (on SQLite a rolled-back id is given to the next post)."""
    session = make_session()
    consumer = ThreadConsumer()
    consumer.subscription = subscriptions.subscribe(session.people["member"], session.thread.pk, as_room=True)
    cache = frames.FrameCache()
    post = consumer._post("Committed.", "kept-1", False, cache)
    assert list(cache.offered) == [(session.thread.pk, post.pk, 0)]
    cache.offered.clear()
    read = selectors.created_bundle

    def read_then_fail(*args):
        read(*args)
        raise RuntimeError("the write fails after the read")

    monkeypatch.setattr(selectors, "created_bundle", read_then_fail)
    with pytest.raises(RuntimeError):
        consumer._post("Rolled back.", "lost-1", False, cache)
    assert cache.offered == {}
    assert not Post.objects.filter(client_id="lost-1").exists()


def test_the_joiner_gets_who_is_here_at_once_and_the_others_a_coalesced_update(
    session, settings, monkeypatch
):
    settings.ROUNDTABLE_FORUMS_LIVE_PRESENCE_INTERVAL_SECONDS = 3.0
    sent = []
    original = broadcast.presence_send

    async def counting_send(thread_id, message):
        sent.append(message["count"])
        await original(thread_id, message)

    monkeypatch.setattr(broadcast, "presence_send", counting_send)

    async def scenario():
        first = LiveClient(session.thread.pk, session.people["member"])
        assert await first.connect()
        own = (await first.receive_until("presence"))[-1]
        joiners = [
            LiveClient(session.thread.pk, session.people[p]) for p in ("other", "secretariat", "chair")
        ]
        for joiner in joiners:
            assert await joiner.connect()
        last_joiner = (await joiners[-1].receive_until("presence"))[-1]
        seen = [own]
        while seen[-1]["count"] < 4:
            seen.append((await first.receive_until("presence"))[-1])
        for client in [first, *joiners]:
            await client.close()
        return own, last_joiner, seen

    own, last_joiner, seen = async_to_sync(scenario)()
    assert own == {"type": "presence", "count": 1, "people": ["Samuel Mensah"]}
    assert last_joiner["count"] == 4 and "Lotte Jansen" in last_joiner["people"]
    # Four joins: the first member heard of the other three in fewer broadcasts than joins.
    assert len(seen) - 1 < 3
    assert len(sent) < 4


def test_presence_broadcasts_are_coalesced_per_room(session, settings, monkeypatch):
    from forums.live import presence

    settings.ROUNDTABLE_FORUMS_LIVE_PRESENCE_INTERVAL_SECONDS = 0.3
    sent = []

    async def recording_send(thread_id, message):
        sent.append((thread_id, message["count"]))

    monkeypatch.setattr(broadcast, "presence_send", recording_send)

    async def scenario():
        import asyncio

        for _ in range(20):
            await presence.soon(session.room)
        await asyncio.sleep(0.6)
        await presence.soon(session.room)
        await asyncio.sleep(0.6)

    async_to_sync(scenario)()
    assert sent == [(session.thread.pk, 0), (session.thread.pk, 0)]


@pytest.fixture
def dropping(monkeypatch):
    """Make the channel layer lose the next notice of the given type, as a full channel would."""
    original = broadcast._send
    to_drop = []

    def lossy_send(group, message):
        if message["type"] in to_drop:
            to_drop.remove(message["type"])
            return
        original(group, message)

    monkeypatch.setattr(broadcast, "_send", lossy_send)
    return to_drop


def test_a_dropped_notice_is_made_good_at_the_next_heartbeat(session, dropping):
    first = services.post_create(author=session.people["other"], thread=session.thread, body_markdown="First")

    async def scenario():
        client = LiveClient(session.thread.pk, session.people["member"], room=False)  # no presence frames
        assert await client.connect()
        await client.receive_until("replay.done")
        dropping.extend(["live.posts", "live.post_changed"])
        await sync_to_async(services.post_create)(
            author=session.people["chair"], thread=session.thread, body_markdown="Lost in the layer"
        )
        await sync_to_async(services.post_edit)(
            editor=session.people["other"], post=first, body_markdown="First, edited"
        )
        quiet = await client.nothing_more()
        await client.send(type="ping")
        caught_up = await client.receive_until("pong")
        await client.close()
        return quiet, caught_up

    quiet, caught_up = async_to_sync(scenario)()
    assert quiet and dropping == []
    assert sequences(caught_up) == [3]
    assert _updates(caught_up)[2]["html"] == "<p>First, edited</p>\n"
    thread = Thread.objects.get(pk=session.thread.pk)
    assert caught_up[-1] == {"type": "pong", "last_sequence": 3, "last_change": thread.last_change}


def test_a_connection_the_layer_forgot_rejoins_its_group_at_the_next_heartbeat(session, settings):
    """A restarted Redis (or an expired group membership) forgets who listens: the heartbeat joins again, so
    posts after it arrive live instead of at the following heartbeat. The in-memory layer stands in for Redis
    here because its groups can be emptied in place."""
    from channels.layers import get_channel_layer

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

    async def scenario():
        client = LiveClient(session.thread.pk, session.people["member"], room=False)
        assert await client.connect()
        await client.receive_until("replay.done")
        layer = get_channel_layer()
        layer.groups.clear()  # what a Redis restart does to every group
        await sync_to_async(services.post_create)(
            author=session.people["chair"], thread=session.thread, body_markdown="Unheard"
        )
        quiet = await client.nothing_more()
        await client.send(type="ping")
        await client.receive_until("pong")
        await sync_to_async(services.post_create)(
            author=session.people["chair"], thread=session.thread, body_markdown="Heard live"
        )
        live = await client.receive_until("post.created")
        await client.close()
        return quiet, live

    quiet, live = async_to_sync(scenario)()
    assert quiet
    assert live[-1]["post"]["html"] == "<p>Heard live</p>\n"


def test_changes_made_while_away_are_replayed_on_resume_once(session):
    people = session.people
    question, _created = live_services.live_post_create(
        user=people["other"], room=session.room, body_markdown="Who pays?", client_id="q", question=True
    )
    plain = services.post_create(author=people["other"], thread=session.thread, body_markdown="Plain")
    untouched = services.post_create(author=people["chair"], thread=session.thread, body_markdown="Same")

    first = async_to_sync(_resume)(session.thread.pk, people["member"], 0, 0)
    cursor = first[-1]["last_change"]
    assert first[0]["last_change"] == cursor and first[-1]["last_sequence"] == 4

    services.post_edit(editor=people["other"], post=question, body_markdown="Who pays, and when?")
    services.reaction_toggle(user=people["chair"], post=question, kind="agree")
    live_services.question_vote_toggle(user=people["member"], room=session.room, post_id=question.pk)
    live_services.question_moderate(
        user=people["chair"], room=session.room, post_id=question.pk, action="answered"
    )
    post_hide(actor=people["chair"], post=plain, reason="Off topic")
    services.post_create(author=people["chair"], thread=session.thread, body_markdown="New while away")

    resumed = async_to_sync(_resume)(session.thread.pk, people["member"], 4, cursor)
    updates = [frame for frame in resumed if frame["type"] == "post.updated"]
    assert [frame["post"]["sequence"] for frame in updates] == [2, 3]  # in the order of their last change
    by_sequence = _updates(resumed)
    assert by_sequence[2]["html"] == "<p>Who pays, and when?</p>\n" and by_sequence[2]["edited"] is True
    assert by_sequence[2]["reactions"] == {"agree": 1}
    assert by_sequence[2]["question"] == {
        "votes": 1,
        "voted": True,
        "answered": True,
        "highlighted": False,
        "hidden": False,
    }
    assert by_sequence[3]["hidden"] is True and by_sequence[3]["html"] == ""
    assert untouched.sequence not in by_sequence
    assert sequences(resumed) == [5]
    thread = Thread.objects.get(pk=session.thread.pk)
    assert resumed[-1]["last_change"] == thread.last_change > cursor

    again = async_to_sync(_resume)(session.thread.pk, people["member"], 5, resumed[-1]["last_change"])
    assert [frame["type"] for frame in again] == ["hello", "replay.done"]


async def _resume(thread_id: int, user, after: int, changes: int) -> list[dict]:
    client = LiveClient(thread_id, user, after=after, room=False, changes=changes)
    assert await client.connect()
    frames = await client.receive_until("replay.done")
    await client.close()
    return frames


def test_a_resume_without_a_cursor_replays_new_posts_only(session):
    post = Post.objects.get(thread=session.thread, sequence=1)
    services.post_edit(editor=session.people["chair"], post=post, body_markdown="Welcome, edited")
    frames = async_to_sync(_resume_plain)(session.thread.pk, session.people["member"])
    assert [frame["type"] for frame in frames] == ["hello", "replay.done"]


async def _resume_plain(thread_id: int, user) -> list[dict]:
    client = LiveClient(thread_id, user, after=1, room=False)
    assert await client.connect()
    frames = await client.receive_until("replay.done")
    await client.close()
    return frames
