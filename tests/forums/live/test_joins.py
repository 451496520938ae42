"""People who connect to a room at the same moment are read together (forums.live.joins): a crowd costs the
queries of one person, and yet each person is decided alone. Adversary: an outsider, a removed person, an
unregistered person and a group's observer who arrive in the same crowd as members get nothing of what the
members get."""

import asyncio

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from forums.live import joins, subscriptions
from forums.models import RoomPresence, RoomRemoval
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member
from tests.forums.live.conftest import LiveClient, make_session
from working_groups.choices import Role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _socket_user(person):
    """The person as the socket's auth middleware loads them: nothing known yet about their roles."""
    return get_user_model().objects.get(pk=person.pk)


def _crowd(session) -> dict:
    removed, observer = UserFactory(), UserFactory()
    add_member(session.group, removed)
    add_member(session.group, observer, Role.OBSERVER)
    RoomRemoval.objects.create(room=session.room, user=removed, removed_by=session.people["chair"])
    return {**session.people, "removed": removed, "observer": observer}


def test_a_crowd_is_read_together_and_each_person_decided_alone(monkeypatch):
    session = make_session()
    crowd = _crowd(session)
    reads = []
    many = subscriptions.subscribe_many

    def counted(users, thread_id, as_room=False):
        reads.append(len(users))
        return many(users, thread_id, as_room)

    monkeypatch.setattr(subscriptions, "subscribe_many", counted)
    names = list(crowd)
    # The people are loaded before the crowd arrives (each socket's middleware loads its own).
    users = {name: _socket_user(person) for name, person in crowd.items()}
    users["signed out"] = AnonymousUser()  # a session that ended: the middleware's anonymous user
    names.append("signed out")

    async def arrive():
        arrivals = (joins.subscribe(users[name], session.thread.pk, True) for name in names)
        return await asyncio.gather(*arrivals)

    found = dict(zip(names, async_to_sync(arrive)(), strict=True))

    assert reads == [len(users)], "everyone who arrived while the first read was waiting is read with it"
    assert found["outsider"] is None
    assert found["signed out"] is None
    assert found["removed"] is None
    assert found["observer"] is not None and not found["observer"].may_post
    assert found["member"].may_post and not found["member"].moderate
    assert found["chair"].moderate and found["secretariat"].moderate
    assert {sub.user.pk for sub in found.values() if sub} == {
        crowd[name].pk for name in ("member", "other", "chair", "secretariat", "observer")
    }


def test_each_person_holds_a_thread_and_room_of_their_own():
    session = make_session()
    users = [_socket_user(session.people[name]) for name in ("member", "other", "chair")]
    first, second, third = subscriptions.subscribe_many(users, session.thread.pk, as_room=True)

    second.thread.last_sequence = 999  # as a service updates the thread it was given
    assert first.thread.last_sequence == third.thread.last_sequence != 999
    assert second.room.thread is second.thread and first.room.thread is first.thread
    assert first.room is not second.room
    assert first.thread.event is second.thread.event  # the session is read once and shared


def test_a_crowd_of_twenty_costs_the_queries_of_two():
    session = make_session()
    people = [UserFactory() for _ in range(20)]
    for person in people:
        add_member(session.group, person)

    def cost(count: int) -> int:
        users = [_socket_user(person) for person in people[:count]]
        with CaptureQueriesContext(connection) as queries:
            found = subscriptions.subscribe_many(users, session.thread.pk, as_room=True)
        assert all(found)
        return len(queries)

    cost(2)  # the first read of the process learns the site's languages
    assert cost(20) == cost(2)


def test_a_room_for_registered_people_admits_only_the_registered_of_a_crowd():
    from events.models import Registration

    session = make_session()
    session.event.registration_open = True
    session.event.save()
    registered, unregistered = session.people["member"], session.people["other"]
    Registration.objects.create(event=session.event, user=registered, status="confirmed")
    users = [_socket_user(registered), _socket_user(unregistered)]

    admitted, refused = subscriptions.subscribe_many(users, session.thread.pk, as_room=True)

    assert admitted is not None and refused is None


def test_people_who_enter_together_are_counted_in_and_shown_what_they_may_see_in_their_language():
    session = make_session()
    member, other, chair = session.people["member"], session.people["other"], session.people["chair"]
    member.profile.preferred_language = "nl"
    member.profile.save()

    async def scenario():
        clients = [LiveClient(session.thread.pk, person) for person in (member, other, chair)]
        assert all(await asyncio.gather(*(client.connect() for client in clients)))
        frames = [await client.receive_until("presence") for client in clients]
        # In the test's own thread, on its own connection (a worker thread's would be left open).
        present = await sync_to_async(lambda: set(RoomPresence.objects.values_list("user_id", flat=True)))()
        for client in clients:
            await client.close()
        return frames, present

    (member_frames, other_frames, chair_frames), present = async_to_sync(scenario)()

    assert present == {member.pk, other.pk, chair.pk}

    def polls(frames):
        return next(frame["html"] for frame in frames if frame["type"] == "polls")

    assert "Nog geen peilingen." in polls(member_frames)
    assert "No polls yet." in polls(other_frames) and "Prepare one below" not in polls(other_frames)
    assert "No polls yet. Prepare one below." in polls(chair_frames)


def test_people_who_leave_together_are_counted_out_in_one_write_and_a_second_tab_stays(monkeypatch):
    from forums.live import services

    session = make_session()
    writes = []
    leave = services.presence_leave

    def counted(*, channel_names):
        writes.append(len(channel_names))
        leave(channel_names=channel_names)

    monkeypatch.setattr(services, "presence_leave", counted)
    people = [session.people[name] for name in ("member", "other", "chair", "secretariat")]

    def present():
        return sorted(RoomPresence.objects.values_list("user_id", flat=True))

    async def scenario():
        clients = [LiveClient(session.thread.pk, person) for person in people]
        second_tab = LiveClient(session.thread.pk, people[0])
        assert all(await asyncio.gather(*(client.connect() for client in [*clients, second_tab])))
        for client in [*clients, second_tab]:
            await client.receive_until("presence")
        await asyncio.gather(*(client.close() for client in clients))
        after_the_crowd = await sync_to_async(present)()
        await second_tab.close()
        return after_the_crowd, await sync_to_async(present)()

    after_the_crowd, after_all = async_to_sync(scenario)()

    assert after_the_crowd == [people[0].pk], "the member's second tab keeps them present"
    assert after_all == []
    assert sum(writes) == 5 and len(writes) <= 3, writes  # the crowd of four in at most two writes


@pytest.fixture
def question_reads(monkeypatch) -> list[int]:
    """The rooms whose questions were read for joiners (forums.live.selectors.room_questions_bundle)."""
    from forums.live import selectors

    reads = []
    bundle_of = selectors.room_questions_bundle

    def counted(room):
        reads.append(room.pk)
        return bundle_of(room)

    monkeypatch.setattr(selectors, "room_questions_bundle", counted)
    return reads


def test_a_room_whose_thread_outgrew_its_history_shows_each_joiner_the_questions_they_may_see(
    settings, question_reads
):
    from forums import services as forum_services
    from forums.live import services as live_services

    settings.ROUNDTABLE_FORUMS_LIVE_REPLAY_LIMIT = 3
    settings.ROUNDTABLE_FORUMS_LIVE_PRESENCE_INTERVAL_SECONDS = 60
    session = make_session()
    member, other, chair = (session.people[name] for name in ("member", "other", "chair"))

    def ask(text: str):
        post, _created = live_services.live_post_create(
            user=other, room=session.room, body_markdown=text, client_id=text, question=True
        )
        return post

    ask("An early question?")
    hidden = ask("A question the chair hides?")
    live_services.question_moderate(user=chair, room=session.room, post_id=hidden.pk, action="hide")
    for number in range(5):  # the early questions fall out of the three posts the history holds
        forum_services.post_create(author=chair, thread=session.thread, body_markdown=f"Point {number}.")

    async def scenario():
        clients = [LiveClient(session.thread.pk, person) for person in (member, chair)]
        assert all(await asyncio.gather(*(client.connect() for client in clients)))
        frames = [await client.receive_until("questions") for client in clients]
        for client in clients:
            await client.close()
        return frames

    member_frames, chair_frames = async_to_sync(scenario)()

    def asked(frames) -> list[str]:
        questions = next(frame for frame in frames if frame["type"] == "questions")["questions"]
        return [question["html"] for question in questions]

    assert len(asked(member_frames)) == 1 and "An early question?" in asked(member_frames)[0]
    assert any("A question the chair hides?" in html for html in asked(chair_frames))
    assert 1 <= len(question_reads) <= 2


def test_people_who_ask_for_the_questions_together_share_one_read(question_reads):
    session = make_session()

    async def ask_together():
        return await asyncio.gather(*(joins.room_questions(session.room) for _ in range(5)))

    bundles = async_to_sync(ask_together)()
    assert question_reads == [session.room.pk]
    assert all(bundle is bundles[0] for bundle in bundles)


def test_a_read_cut_short_leaves_nobody_waiting_for_it():
    """The server shuts down while a crowd's read is under way: everyone in it, and everyone waiting for the
    next read, is told at once (their connections close) instead of waiting for ever."""
    import time

    def slow(items: list) -> list:
        time.sleep(0.3)
        return items

    async def scenario():
        key = ("a read cut short", 1)
        reading = [asyncio.ensure_future(joins.together(key, item, slow)) for item in ("a", "b")]
        await asyncio.sleep(0.1)  # their read is under way
        waiting = asyncio.ensure_future(joins.together(key, "c", slow))
        await asyncio.sleep(0)
        loop = asyncio.get_running_loop()
        for task in [task for task in joins._tasks if task.get_loop() is loop]:
            task.cancel()
        return await asyncio.wait_for(asyncio.gather(*reading, waiting, return_exceptions=True), 2)

    outcomes = async_to_sync(scenario)()
    assert [type(outcome) for outcome in outcomes] == [asyncio.CancelledError] * 3
