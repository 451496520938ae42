"""Session rooms over the socket: questions with one vote per person and the moderators' marks, who may
enter (audience, registration, speakers), read-only after the session, the Chatham House Rule, and the real
ASGI stack (session cookie, origin)."""

import datetime

from django.utils import timezone

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from events.choices import SpeakerRole
from events.models import EventSpeaker, Registration, Speaker
from forums import services
from forums.models import Question
from tests.factories.users import UserFactory
from tests.forums.live.conftest import LiveClient, make_session, posts_in, sequences

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _updates(frames):
    return [frame["post"] for frame in frames if frame["type"] == "post.updated"]


def test_questions_get_one_vote_per_person_and_moderators_mark_them_answered(session):
    async def scenario():
        asker = LiveClient(session.thread.pk, session.people["member"])
        voter = LiveClient(session.thread.pk, session.people["other"])
        chair = LiveClient(session.thread.pk, session.people["chair"])
        for client in (asker, voter, chair):
            assert await client.connect()
            await client.receive_until("presence")
        await asker.send(type="post", client_id="q1", body="Will the audit results be public?", question=True)
        created = [
            frame for frame in await voter.receive_until("post.created") if frame["type"] == "post.created"
        ]
        post = created[0]["post"]
        await voter.send(type="vote", post=post["id"])
        voted = _updates(await voter.receive_until("post.updated"))[0]
        await voter.send(type="vote", post=post["id"])
        unvoted = _updates(await voter.receive_until("post.updated"))[0]
        await voter.send(type="vote", post=post["id"])
        await voter.receive_until("post.updated")
        await asker.send(type="vote", post=post["id"])
        own = (await asker.receive_until("error"))[-1]
        await voter.send(type="moderate", post=post["id"], action="answered")
        refused = (await voter.receive_until("error"))[-1]
        await chair.send(type="moderate", post=post["id"], action="answered")
        answered = _updates(await asker.receive_until("post.updated"))
        while not answered[-1]["question"]["answered"]:
            answered = _updates(await asker.receive_until("post.updated"))
        for client in (asker, voter, chair):
            await client.close()
        return post, voted, unvoted, own, refused, answered[-1]

    post, voted, unvoted, own, refused, answered = async_to_sync(scenario)()
    assert post["question"] == {
        "votes": 0,
        "voted": False,
        "answered": False,
        "highlighted": False,
        "hidden": False,
    }
    assert voted["question"]["votes"] == 1 and voted["question"]["voted"] is True
    assert unvoted["question"]["votes"] == 0
    assert own["code"] == "not_allowed"
    assert refused["code"] == "not_allowed"
    assert answered["question"]["answered"] is True and answered["question"]["votes"] == 1
    assert answered["question"]["voted"] is False  # the asker's own view
    assert Question.objects.get().vote_count == 1


def test_a_hidden_message_disappears_for_readers_but_not_for_moderators(session):
    post = services.post_create(
        author=session.people["other"], thread=session.thread, body_markdown="Leaked figures"
    )

    async def scenario():
        reader = LiveClient(session.thread.pk, session.people["member"])
        chair = LiveClient(session.thread.pk, session.people["chair"])
        for client in (reader, chair):
            assert await client.connect()
            await client.receive_until("presence")
        await chair.send(type="moderate", post=post.pk, action="hide")
        seen_by_reader = _updates(await reader.receive_until("post.updated"))[0]
        seen_by_chair = _updates(await chair.receive_until("post.updated"))[0]
        await reader.close()
        await chair.close()
        return seen_by_reader, seen_by_chair

    seen_by_reader, seen_by_chair = async_to_sync(scenario)()
    assert seen_by_reader["hidden"] is True and seen_by_reader["html"] == ""
    assert seen_by_chair["hidden"] is True and "Leaked figures" in seen_by_chair["html"]


def _connects(thread_id, user) -> bool:
    async def scenario():
        client = LiveClient(thread_id, user)
        connected = await client.connect()
        if connected:
            await client.close()
        return connected

    return async_to_sync(scenario)()


def test_a_session_taking_registrations_admits_registered_people_organisers_and_speakers(transactional_db):
    session = make_session(registration_open=True)
    registered, unregistered = session.people["member"], session.people["other"]
    Registration.objects.create(event=session.event, user=registered)
    speaker_account = UserFactory()
    from tests.factories.working_groups import add_member

    add_member(session.group, speaker_account)
    speaker = Speaker.objects.create(name="Dr. Speaker", user=speaker_account)
    EventSpeaker.objects.create(page=session.event, speaker=speaker, role=SpeakerRole.MODERATOR)

    assert _connects(session.thread.pk, registered)
    assert not _connects(session.thread.pk, unregistered)
    assert _connects(session.thread.pk, session.people["chair"])
    assert _connects(session.thread.pk, session.people["secretariat"])
    assert _connects(session.thread.pk, speaker_account)

    async def speaker_marks():
        client = LiveClient(session.thread.pk, speaker_account)
        assert await client.connect()
        room = next(frame for frame in await client.receive_until("presence") if frame["type"] == "room")
        await client.close()
        return room

    assert async_to_sync(speaker_marks)()["may_moderate"] is True


def test_after_the_session_the_room_is_read_only(transactional_db):
    now = timezone.now()
    session = make_session(start=now - datetime.timedelta(hours=3), end=now - datetime.timedelta(hours=2))

    async def scenario():
        client = LiveClient(session.thread.pk, session.people["member"])
        assert await client.connect()
        frames = await client.receive_until("presence")
        await client.send(type="post", client_id="late", body="Anyone still here?")
        refused = (await client.receive_until("error"))[-1]
        await client.close()
        return frames, refused

    frames, refused = async_to_sync(scenario)()
    room = next(frame for frame in frames if frame["type"] == "room")
    assert room["read_only"] is True and room["may_post"] is False
    assert sequences(frames) == [1]
    assert refused["code"] == "not_allowed"


def test_a_chatham_house_room_reveals_no_names(transactional_db):
    session = make_session(chatham_house=True)
    services.post_create(
        author=session.people["other"], thread=session.thread, body_markdown="Our audit failed"
    )

    async def scenario():
        client = LiveClient(session.thread.pk, session.people["member"])
        assert await client.connect()
        frames = await client.receive_until("presence")
        await client.close()
        return frames

    frames = async_to_sync(scenario)()
    text = str(frames)
    for person in ("other", "chair", "member"):
        assert session.people[person].last_name not in text
    authors = [post["author"] for post in posts_in(frames)]
    assert {author["label"] for author in authors} == {"A participant"}
    presence = [frame for frame in frames if frame["type"] == "presence"][-1]
    assert presence["count"] == 1 and "people" not in presence


def _second_comes_and_goes(session) -> tuple[dict, dict]:
    """What the member is told when a second member joins the room, and when they leave again."""

    async def scenario():
        first = LiveClient(session.thread.pk, session.people["member"])
        second = LiveClient(session.thread.pk, session.people["other"])
        assert await first.connect()
        await first.receive_until("presence")
        assert await second.connect()
        presence = (await first.receive_until("presence"))[-1]
        await second.close()
        after_leaving = (await first.receive_until("presence"))[-1]
        await first.close()
        return presence, after_leaving

    return async_to_sync(scenario)()


def test_members_see_who_is_here_in_an_open_room(session):
    presence, after_leaving = _second_comes_and_goes(session)
    assert presence["count"] == 2 and presence["people"] == ["Ama Owusu", "Samuel Mensah"]
    assert after_leaving["count"] == 1


def test_the_real_stack_authenticates_by_session_and_checks_the_origin(session, client):
    from config.asgi import application

    client.force_login(session.people["member"])
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()

    async def attempt(headers):
        from channels.testing import WebsocketCommunicator

        communicator = WebsocketCommunicator(
            application,
            f"/ws/forums/threads/{session.thread.pk}/?room=1",
            headers=[(b"host", b"testserver"), *headers],
        )
        connected, _code = await communicator.connect(timeout=5)
        if connected:
            await communicator.disconnect()
        return connected

    good_origin = (b"origin", b"http://testserver")
    assert async_to_sync(attempt)([good_origin, (b"cookie", cookie)]) is True
    assert async_to_sync(attempt)([(b"origin", b"https://evil.example"), (b"cookie", cookie)]) is False
    assert (
        async_to_sync(attempt)([good_origin]) is False
    )  # no session: anonymous, and the room is members-only


def test_the_thread_page_of_a_room_reads_along_without_entering(transactional_db):
    """Someone who may read the thread but not enter the room (not registered) still sees it live on the
    thread page; they take part through the room or the reply form, never through the thread's socket."""
    session = make_session(registration_open=True)
    unregistered = session.people["other"]

    async def scenario():
        assert not await LiveClient(session.thread.pk, unregistered).connect()
        reader = LiveClient(session.thread.pk, unregistered, room=False)
        assert await reader.connect()
        hello = await reader.receive_until("replay.done")
        await reader.send(type="post", client_id="sneaky", body="Via the thread socket")
        refused = (await reader.receive_until("error"))[-1]
        await sync_to_async(services.post_create)(
            author=session.people["chair"], thread=session.thread, body_markdown="From the room"
        )
        created = (await reader.receive_until("post.created"))[-1]
        await reader.close()
        return hello, refused, created

    hello, refused, created = async_to_sync(scenario)()
    assert hello[0]["room"] is False
    assert refused["code"] == "not_allowed"
    assert created["post"]["sequence"] == 2


def test_a_crowd_is_counted_whole_and_listed_by_its_first_names(session, settings):
    settings.ROUNDTABLE_FORUMS_LIVE_PRESENCE_NAMES_SHOWN = 1
    presence, after_leaving = _second_comes_and_goes(session)
    assert presence == {"type": "presence", "count": 2, "people": ["Ama Owusu"]}
    assert after_leaving == {"type": "presence", "count": 1, "people": ["Samuel Mensah"]}
