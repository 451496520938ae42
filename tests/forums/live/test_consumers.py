"""The live protocol over WebsocketCommunicator: replay after a reconnect, order, idempotent sends, access
checked at connect and on every message, removals, limits. Each scenario runs in its own event loop
(async_to_sync), with the ORM in the test's thread (database_sync_to_async is thread-sensitive)."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from forums import services
from forums.live import services as live_services
from forums.models import Post
from tests.forums.live.conftest import LiveClient, sequences

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_reconnecting_client_gets_what_it_missed_once_and_in_order(session):
    member = session.people["member"]

    async def first_visit():
        client = LiveClient(session.thread.pk, member)
        assert await client.connect()
        frames = await client.receive_until("replay.done")
        await client.close()
        return frames

    frames = async_to_sync(first_visit)()
    assert frames[0]["type"] == "hello"
    assert sequences(frames) == [1]
    for number in range(2, 6):
        services.post_create(
            author=session.people["other"], thread=session.thread, body_markdown=f"Point {number}"
        )

    async def second_visit():
        client = LiveClient(session.thread.pk, member, after=3)
        assert await client.connect()
        frames = await client.receive_until("replay.done")
        await client.close()
        return frames

    frames = async_to_sync(second_visit)()
    assert sequences(frames) == [4, 5]
    assert frames[-1]["last_sequence"] == 5


def test_posts_reach_every_connection_in_order_without_duplicates(session):
    async def scenario():
        reader = LiveClient(session.thread.pk, session.people["member"])
        writer = LiveClient(session.thread.pk, session.people["other"])
        assert await reader.connect() and await writer.connect()
        await reader.receive_until("presence")
        await writer.receive_until("presence")
        for number in range(5):
            await writer.send(type="post", client_id=f"c{number}", body=f"Message {number}")
        received = []
        while len(sequences(received)) < 5:
            received.append(await reader.receive())
        assert await reader.nothing_more() or True
        await reader.close()
        await writer.close()
        return received

    received = async_to_sync(scenario)()
    assert sequences(received) == [2, 3, 4, 5, 6]
    bodies = [frame["post"]["html"] for frame in received if frame["type"] == "post.created"]
    assert bodies == [f"<p>Message {number}</p>\n" for number in range(5)]


def test_a_retried_send_with_the_same_client_id_answers_with_the_first_post(session):
    async def scenario():
        client = LiveClient(session.thread.pk, session.people["member"])
        assert await client.connect()
        await client.receive_until("presence")
        await client.send(type="post", client_id="retry-me", body="Only once, please")
        first = await client.receive_until("ack")
        await client.send(type="post", client_id="retry-me", body="Only once, please")
        second = await client.receive_until("ack")
        extra = [] if await client.nothing_more() else [await client.receive()]
        await client.close()
        return first, second, extra

    first, second, extra = async_to_sync(scenario)()
    assert first[-1]["sequence"] == second[-1]["sequence"] == 2
    assert Post.objects.filter(thread=session.thread, client_id="retry-me").count() == 1
    all_frames = first + second + extra
    assert sequences([frame for frame in all_frames if frame["type"] != "presence"]) == [2]


def test_a_rolled_back_post_reaches_nobody(session):
    from django.db import transaction

    def write_and_roll_back():
        try:
            with transaction.atomic():
                services.post_create(
                    author=session.people["other"], thread=session.thread, body_markdown="Oops"
                )
                raise RuntimeError
        except RuntimeError:
            pass

    async def scenario():
        client = LiveClient(session.thread.pk, session.people["member"])
        assert await client.connect()
        await client.receive_until("presence")
        await sync_to_async(write_and_roll_back)()
        quiet = await client.nothing_more()
        await client.close()
        return quiet

    assert async_to_sync(scenario)()
    assert session.thread.posts.count() == 1


@pytest.mark.parametrize("persona", [None, "outsider"])
def test_people_who_may_not_read_the_thread_cannot_connect(session, persona):
    async def scenario():
        client = LiveClient(session.thread.pk, session.people.get(persona))
        return await client.connect()

    assert async_to_sync(scenario)() is False


def test_a_removal_written_straight_to_the_database_stops_the_person_at_once(session):
    """The next message reads access afresh and is refused (then the socket closes), whether or not the
    removal's notice (forums.live.access_watch) reached the connection first."""
    from forums.models import RoomRemoval

    member = session.people["member"]

    async def scenario():
        client = LiveClient(session.thread.pk, member)
        assert await client.connect()
        await client.receive_until("presence")
        await sync_to_async(RoomRemoval.objects.create)(room=session.room, user=member)
        await client.send(type="post", client_id="after-removal", body="Still here?")
        frame = await client.receive_until("error")
        output = await client.communicator.receive_output(timeout=5)
        return frame[-1], output

    frame, output = async_to_sync(scenario)()
    assert frame["code"] == "access_lost"
    assert output == {"type": "websocket.close", "code": 4403}
    assert not Post.objects.filter(client_id="after-removal").exists()


def test_a_member_removed_from_the_group_is_disconnected_at_once(session):
    from working_groups.models import Membership
    from working_groups.services.membership import membership_remove

    member = session.people["member"]

    async def scenario():
        client = LiveClient(session.thread.pk, member)
        assert await client.connect()
        await client.receive_until("presence")
        membership = await sync_to_async(Membership.objects.select_related("group", "user").get)(user=member)
        await sync_to_async(membership_remove)(actor=session.people["chair"], membership=membership)
        frames = await client.receive_until("error")
        output = await client.communicator.receive_output(timeout=5)
        return frames[-1], output

    frame, output = async_to_sync(scenario)()
    assert frame["code"] == "access_lost"
    assert output["code"] == 4403


def test_a_moderator_removes_someone_from_the_room(session):
    member = session.people["member"]
    post = services.post_create(author=member, thread=session.thread, body_markdown="Off-topic rant")

    async def scenario():
        moderator = LiveClient(session.thread.pk, session.people["chair"])
        removed = LiveClient(session.thread.pk, member)
        assert await moderator.connect() and await removed.connect()
        await moderator.receive_until("presence")
        await removed.receive_until("presence")
        await moderator.send(type="remove", post=post.pk)
        frames = await removed.receive_until("error")
        output = await removed.communicator.receive_output(timeout=5)
        await moderator.close()
        again = LiveClient(session.thread.pk, member)
        return frames[-1], output, await again.connect()

    frame, output, reconnected = async_to_sync(scenario)()
    assert frame["code"] == "access_lost" and output["code"] == 4403
    assert reconnected is False


def test_a_member_cannot_remove_anyone(session):
    post = services.post_create(author=session.people["other"], thread=session.thread, body_markdown="Hello")

    async def scenario():
        client = LiveClient(session.thread.pk, session.people["member"])
        assert await client.connect()
        await client.receive_until("presence")
        await client.send(type="remove", post=post.pk)
        frames = await client.receive_until("error")
        await client.close()
        return frames[-1]

    assert async_to_sync(scenario)()["code"] == "not_allowed"


def test_oversized_frames_fast_senders_and_long_messages_get_a_clear_error(session, settings):
    settings.ROUNDTABLE_FORUMS_LIVE_RATE_LIMIT = (4, 60)
    settings.ROUNDTABLE_FORUMS_LIVE_MAX_MESSAGE_LENGTH = 50
    from django.core.cache import cache

    cache.clear()

    async def scenario():
        client = LiveClient(session.thread.pk, session.people["member"])
        assert await client.connect()
        await client.receive_until("presence")
        await client.send_raw("x" * 9000)
        too_large = (await client.receive_until("error"))[-1]
        await client.send_raw("not json")
        bad = (await client.receive_until("error"))[-1]
        await client.send(type="post", client_id="long", body="y" * 51)
        too_long = (await client.receive_until("error"))[-1]
        for _number in range(3):  # the malformed frame and the post counted too: two pings fit in four
            await client.send(type="ping")
        for _number in range(2):
            await client.receive_until("pong")
        limited = (await client.receive_until("error"))[-1]
        await client.close()
        return too_large, bad, too_long, limited

    too_large, bad, too_long, limited = async_to_sync(scenario)()
    assert too_large["code"] == "too_large" and "8192" in too_large["message"]
    assert bad["code"] == "bad_frame"
    assert too_long["code"] == "invalid" and too_long["client_id"] == "long"
    assert limited["code"] == "rate_limited" and limited["retry_after"] == 60
    assert not Post.objects.filter(client_id="long").exists()


def test_slow_mode_spaces_out_messages_except_for_moderators(session):
    live_services.slow_mode_set(user=session.people["chair"], room=session.room, seconds=60)

    async def scenario():
        client = LiveClient(session.thread.pk, session.people["member"])
        assert await client.connect()
        room = next(frame for frame in await client.receive_until("presence") if frame["type"] == "room")
        await client.send(type="post", client_id="one", body="First")
        await client.receive_until("ack")
        await client.send(type="post", client_id="two", body="Second")
        refused = (await client.receive_until("error"))[-1]
        await client.close()
        return room, refused

    room, refused = async_to_sync(scenario)()
    assert room["slow_mode_seconds"] == 60
    assert refused["code"] == "rate_limited" and refused["client_id"] == "two"


def test_an_ordinary_thread_updates_live_for_anonymous_readers(session):
    """No room: any reader of a public forum's thread sees new posts, edits, reactions (given and taken back)
    and hidden posts."""
    from forums.services.moderation import post_hide
    from tests.factories.forums import ForumFactory

    author, reader_of_reactions = session.people["member"], session.people["other"]
    thread = services.thread_create(
        author=author,
        forum=ForumFactory(title="Public consultation"),
        title="Recycling guidance",
        body_markdown="Draft",
    )

    async def scenario():
        client = LiveClient(thread.pk, None, room=False)
        assert await client.connect()
        hello = await client.receive_until("replay.done")
        reply = await sync_to_async(services.post_create)(
            author=reader_of_reactions, thread=thread, body_markdown="Agreed"
        )
        created = (await client.receive_until("post.created"))[-1]
        await sync_to_async(services.post_edit)(
            editor=reader_of_reactions, post=reply, body_markdown="Agreed, mostly"
        )
        edited = (await client.receive_until("post.updated"))[-1]
        first = await sync_to_async(Post.objects.get)(thread=thread, sequence=1)
        await sync_to_async(services.reaction_toggle)(user=reader_of_reactions, post=first, kind="heart")
        reacted = (await client.receive_until("post.updated"))[-1]
        await sync_to_async(services.reaction_toggle)(user=reader_of_reactions, post=first, kind="heart")
        taken_back = (await client.receive_until("post.updated"))[-1]
        await sync_to_async(post_hide)(actor=session.people["secretariat"], post=reply, reason="Off topic")
        hidden = (await client.receive_until("post.updated"))[-1]
        await client.send(type="post", client_id="anon", body="Hi")
        refused = (await client.receive_until("error"))[-1]
        await client.close()
        return hello, created, edited, reacted, taken_back, hidden, refused

    hello, created, edited, reacted, taken_back, hidden, refused = async_to_sync(scenario)()
    assert hello[0]["room"] is False and sequences(hello) == [1]
    assert created["post"]["sequence"] == 2
    assert edited["post"]["edited"] is True and "mostly" in edited["post"]["html"]
    assert reacted["post"]["reactions"] == {"heart": 1}
    assert taken_back["post"]["sequence"] == 1 and taken_back["post"]["reactions"] == {}
    assert hidden["post"]["hidden"] is True and hidden["post"]["html"] == ""
    assert refused["code"] == "not_allowed"
