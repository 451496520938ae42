"""Sockets follow access at once (issue 14, finding 3): every change that can take access away reaches the
open connections within a second and closes them (4403), while the client sends nothing at all.

Each scenario opens its sockets, makes the change the way the site makes it (a service, the admin's save, a
sign-out through the real view), and then only listens."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator

from forums.services.moderation import thread_move
from tests.factories.forums import ForumFactory
from tests.factories.users import DEFAULT_PASSWORD, UserFactory
from tests.factories.working_groups import make_group
from tests.forums.live.conftest import LiveClient
from working_groups.access import SECRETARIAT_GROUP_NAME
from working_groups.choices import Role, Visibility

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

#: Within a second of the change, without the client sending anything.
WITHIN = 1.0


async def _opened(client: LiveClient) -> LiveClient:
    assert await client.connect()
    await client.receive_until("replay.done")
    return client


async def _closed_without_a_word_from_the_client(client: LiveClient) -> tuple[dict, dict]:
    """The error frame and the close, received within WITHIN seconds."""
    import json

    frame = json.loads(await client.communicator.receive_from(timeout=WITHIN))
    while frame["type"] != "error":
        frame = json.loads(await client.communicator.receive_from(timeout=WITHIN))
    close = await client.communicator.receive_output(timeout=WITHIN)
    return frame, close


def _assert_access_lost(frame: dict, close: dict) -> None:
    assert frame["code"] == "access_lost"
    assert close == {"type": "websocket.close", "code": 4403}


async def _move(session, thread) -> None:
    await sync_to_async(thread_move)(actor=session.people["secretariat"], thread=thread, target=session.forum)


def _public_thread(session):
    from forums import services

    forum = ForumFactory(title="Public square", group=None)
    return services.thread_create(
        author=session.people["member"],
        forum=forum,
        title="Open to all",
        body_markdown="Everyone reads this.",
    )


@pytest.mark.parametrize("persona", [None, "outsider"])
def test_a_thread_moved_into_a_closed_groups_forum_closes_the_outsiders_sockets(session, persona):
    thread = _public_thread(session)

    async def scenario():
        reader = await _opened(LiveClient(thread.pk, session.people.get(persona), room=False))
        member = await _opened(LiveClient(thread.pk, session.people["member"], room=False))
        await sync_to_async(thread_move)(
            actor=session.people["secretariat"], thread=thread, target=session.forum
        )
        lost = await _closed_without_a_word_from_the_client(reader)
        member_stays = await member.nothing_more()
        await member.close()
        return lost, member_stays

    (frame, close), member_stays = async_to_sync(scenario)()
    _assert_access_lost(frame, close)
    assert member_stays, "the group's member still reads the moved thread"


def test_a_member_still_hears_posts_of_a_thread_moved_into_their_forum_after_the_move(session):
    """The connection follows the thread into its new forum's group: news of that forum reaches it."""
    from forums import services

    thread = _public_thread(session)

    async def scenario():
        member = await _opened(LiveClient(thread.pk, session.people["member"], room=False))
        await sync_to_async(thread_move)(
            actor=session.people["secretariat"], thread=thread, target=session.forum
        )
        await member.nothing_more()
        session.group.visibility = Visibility.PRIVATE
        await sync_to_async(session.group.save)()  # members keep reading
        assert await member.nothing_more()
        await sync_to_async(services.post_create)(
            author=session.people["other"], thread=thread, body_markdown="After the move."
        )
        frames = await member.receive_until("post.created")
        await member.close()
        return frames[-1]

    assert "After the move." in async_to_sync(scenario)()["post"]["html"]


def test_a_thread_moved_in_the_admin_closes_the_outsiders_sockets(session):
    thread = _public_thread(session)

    async def scenario():
        reader = await _opened(LiveClient(thread.pk, None, room=False))
        thread.forum = session.forum
        await sync_to_async(thread.save)()
        return await _closed_without_a_word_from_the_client(reader)

    _assert_access_lost(*async_to_sync(scenario)())


def test_a_deleted_thread_closes_its_sockets(session):
    thread = _public_thread(session)

    async def scenario():
        reader = await _opened(LiveClient(thread.pk, None, room=False))
        await sync_to_async(thread.forum.delete)()
        return await _closed_without_a_word_from_the_client(reader)

    _assert_access_lost(*async_to_sync(scenario)())


def test_a_public_forum_given_to_a_closed_group_closes_the_anonymous_sockets(session):
    thread = _public_thread(session)

    async def scenario():
        reader = await _opened(LiveClient(thread.pk, None, room=False))
        forum = thread.forum
        forum.group = session.group
        await sync_to_async(forum.save)()
        return await _closed_without_a_word_from_the_client(reader)

    _assert_access_lost(*async_to_sync(scenario)())


@pytest.mark.parametrize("change", ["made private", "unpublished"])
def test_an_open_group_made_private_or_unpublished_closes_the_non_members_sockets(session, change):
    group = make_group(session.group.get_parent().specific, Visibility.OPEN, title="Open amber circle")
    from forums import services

    forum = ForumFactory(title="Amber forum", group=group)
    thread = services.thread_create(
        author=session.people["secretariat"], forum=forum, title="Amber", body_markdown="Open for now."
    )

    async def scenario():
        anonymous = await _opened(LiveClient(thread.pk, None, room=False))
        outsider = await _opened(LiveClient(thread.pk, session.people["outsider"], room=False))
        if change == "made private":
            group.visibility = Visibility.PRIVATE
            await sync_to_async(group.save)()
        else:
            await sync_to_async(group.unpublish)()
        return (
            await _closed_without_a_word_from_the_client(anonymous),
            await _closed_without_a_word_from_the_client(outsider),
        )

    for frame, close in async_to_sync(scenario)():
        _assert_access_lost(frame, close)


def test_a_session_unpublished_closes_its_live_room(session):
    async def scenario():
        member = await _opened(LiveClient(session.thread.pk, session.people["member"]))
        await sync_to_async(session.event.unpublish)()
        return await _closed_without_a_word_from_the_client(member)

    _assert_access_lost(*async_to_sync(scenario)())


def test_a_chair_made_member_stops_moderating_at_once(session):
    from working_groups.models import Membership

    chair = session.people["chair"]

    async def scenario():
        client = LiveClient(session.thread.pk, chair)
        assert await client.connect()
        first = next(frame for frame in await client.receive_until("presence") if frame["type"] == "room")
        await sync_to_async(Membership.objects.filter(user=chair, group=session.group).update)(
            role=Role.MEMBER
        )
        membership = await sync_to_async(Membership.objects.get)(user=chair, group=session.group)
        await sync_to_async(membership.save)()  # the role change as the membership services save it
        import json

        frame = json.loads(await client.communicator.receive_from(timeout=WITHIN))
        while frame["type"] != "room":
            frame = json.loads(await client.communicator.receive_from(timeout=WITHIN))
        await client.close()
        return first, frame

    first, after = async_to_sync(scenario)()
    assert first["may_moderate"] is True and after["may_moderate"] is False


def test_someone_taken_out_of_the_secretariat_is_disconnected_from_groups_they_do_not_belong_to(session):
    person = session.people["secretariat"]

    async def scenario():
        client = await _opened(LiveClient(session.thread.pk, person, room=False))
        secretariat = await sync_to_async(Group.objects.get)(name=SECRETARIAT_GROUP_NAME)
        await sync_to_async(person.groups.remove)(secretariat)
        return await _closed_without_a_word_from_the_client(client)

    _assert_access_lost(*async_to_sync(scenario)())


@pytest.mark.parametrize("change", ["deactivated", "deleted"])
def test_a_deactivated_or_deleted_account_is_disconnected_even_from_public_threads(session, change):
    """It does not go on as an anonymous reader: the connection was opened as that person."""
    person = session.people["member"]
    thread = _public_thread(session)

    async def scenario():
        public = await _opened(LiveClient(thread.pk, person, room=False))
        room = await _opened(LiveClient(session.thread.pk, person, room=False))
        if change == "deactivated":
            person.is_active = False
            await sync_to_async(person.save)()
        else:
            await sync_to_async(person.delete)()
        return (
            await _closed_without_a_word_from_the_client(public),
            await _closed_without_a_word_from_the_client(room),
        )

    for frame, close in async_to_sync(scenario)():
        _assert_access_lost(frame, close)


def test_a_cancelled_registration_closes_a_room_that_needs_one(session):
    """The secretariat cancels a place in the admin's registration list while the person is in the room."""
    from events.choices import RegistrationStatus
    from events.models import Registration

    session.event.registration_open = True
    session.event.save()
    member = session.people["member"]
    registration = Registration.objects.create(event=session.event, user=member)

    async def scenario():
        client = LiveClient(session.thread.pk, member)
        assert await client.connect()
        await client.receive_until("presence")
        registration.status = RegistrationStatus.CANCELLED
        await sync_to_async(registration.save)()
        return await _closed_without_a_word_from_the_client(client)

    _assert_access_lost(*async_to_sync(scenario)())


# --- Signing out (real sessions through the ASGI application) -----------------------------------------------


def _signed_in(user) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    return client, f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _socket(thread_id: int, cookie: str) -> WebsocketCommunicator:
    from config.asgi import application

    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver"), (b"cookie", cookie.encode())]
    return WebsocketCommunicator(application, f"/ws/forums/threads/{thread_id}/?after=0", headers=headers)


async def _open(communicator: WebsocketCommunicator) -> None:
    import json

    connected, _code = await communicator.connect(timeout=5)
    assert connected
    while json.loads(await communicator.receive_from(timeout=5))["type"] != "replay.done":
        pass


async def _lost(communicator: WebsocketCommunicator) -> tuple[dict, dict]:
    import json

    frame = json.loads(await communicator.receive_from(timeout=WITHIN))
    return frame, await communicator.receive_output(timeout=WITHIN)


def test_signing_out_closes_that_sessions_sockets_and_no_other(session):
    member = session.people["member"]
    laptop, laptop_cookie = _signed_in(member)
    _phone, phone_cookie = _signed_in(member)

    async def scenario():
        on_laptop, on_phone = (
            _socket(session.thread.pk, laptop_cookie),
            _socket(session.thread.pk, phone_cookie),
        )
        await _open(on_laptop)
        await _open(on_phone)
        response = await sync_to_async(laptop.post)(reverse("account_logout"))
        assert response.status_code == 302
        lost = await _lost(on_laptop)
        phone_stays = await on_phone.receive_nothing(timeout=0.5)
        await on_phone.disconnect()
        return lost, phone_stays

    (frame, close), phone_stays = async_to_sync(scenario)()
    assert frame["code"] == "access_lost" and frame["message"] == "You signed out."
    assert close["code"] == 4403
    assert phone_stays


def test_a_new_password_signs_out_every_other_session_and_the_browser_reconnects_with_its_new_one(session):
    """Django gives the session that changed the password a new key (`update_session_auth_hash` cycles it),
    so every socket opened before the change closes; the browser that changed it connects again at once."""
    member = session.people["member"]
    laptop, laptop_cookie = _signed_in(member)
    _phone, phone_cookie = _signed_in(member)

    async def scenario():
        on_laptop = _socket(session.thread.pk, laptop_cookie)
        on_phone = _socket(session.thread.pk, phone_cookie)
        await _open(on_laptop)
        await _open(on_phone)
        new = "a-brand-new-passphrase-42"
        response = await sync_to_async(laptop.post)(
            reverse("account_change_password"),
            {"oldpassword": DEFAULT_PASSWORD, "password1": new, "password2": new},
        )
        assert response.status_code == 302, response.content
        lost = [await _lost(on_phone), await _lost(on_laptop)]
        cookie = f"{settings.SESSION_COOKIE_NAME}={laptop.cookies[settings.SESSION_COOKIE_NAME].value}"
        assert cookie != laptop_cookie
        again = _socket(session.thread.pk, cookie)
        await _open(again)
        await again.disconnect()
        return lost

    for frame, close in async_to_sync(scenario)():
        assert frame["code"] == "access_lost" and close["code"] == 4403


def test_a_session_ended_behind_the_sockets_back_is_noticed_at_the_next_heartbeat(session):
    """A dropped notice (or a session store emptied by hand) still ends the connection at its next frame."""
    from django.contrib.sessions.models import Session

    member = session.people["member"]
    _laptop, cookie = _signed_in(member)

    async def scenario():
        socket = _socket(session.thread.pk, cookie)
        await _open(socket)
        await sync_to_async(Session.objects.all().delete)()
        await socket.send_to(text_data='{"type":"ping"}')
        return await _lost(socket)

    frame, close = async_to_sync(scenario)()
    assert frame["code"] == "access_lost" and close["code"] == 4403


def test_an_outsiders_socket_opened_with_a_session_reads_a_public_thread_until_it_moves(session):
    outsider = UserFactory()
    thread = _public_thread(session)
    _browser, cookie = _signed_in(outsider)

    async def scenario():
        socket = _socket(thread.pk, cookie)
        await _open(socket)
        await sync_to_async(thread_move)(
            actor=session.people["secretariat"], thread=thread, target=session.forum
        )
        return await _lost(socket)

    frame, close = async_to_sync(scenario)()
    assert frame["code"] == "access_lost" and close["code"] == 4403


def test_changes_that_cannot_take_access_away_make_no_socket_recheck(session, monkeypatch):
    """A draft of the group's page, a sign-in elsewhere (last_login) and a new post are not access changes:
    the room's connections are not made to read their access again."""
    from django.contrib.auth.signals import user_logged_in
    from django.test import RequestFactory

    from forums import services
    from forums.live import access_watch

    checks = []
    real = access_watch.recheck

    def counting(*args, **kwargs):
        checks.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(access_watch, "recheck", counting)
    member = session.people["member"]

    async def scenario():
        client = LiveClient(session.thread.pk, member)
        assert await client.connect()
        await client.receive_until("presence")
        group = session.group
        group.title = "Closed cobalt circle (draft)"
        await sync_to_async(group.save_revision)()

        def sign_in_elsewhere():
            request = RequestFactory().get("/")
            user_logged_in.send(sender=type(member), request=request, user=member)

        await sync_to_async(sign_in_elsewhere)()
        await sync_to_async(services.post_create)(
            author=session.people["other"], thread=session.thread, body_markdown="Just a post."
        )
        await client.receive_until("post.created")
        await client.communicator.receive_nothing(timeout=0.5)  # time for any notice to be acted on
        await client.close()

    async_to_sync(scenario)()
    assert checks == []
