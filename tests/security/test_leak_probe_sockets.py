"""The leak probe's live part: every thread's socket (and room socket) as each persona of the crawl.

The demo is seeded and committed here (a transactional test), not inside the crawl's rolled-back
transaction: the consumer reads and writes (presence rows) on whatever connection its thread has, and on
PostgreSQL a write that refers to rows another connection has not committed waits for that connection, so a
socket probed inside the crawl's transaction could wait for ever.
"""

from __future__ import annotations

import io
import json
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

import pytest
from asgiref.sync import async_to_sync

from forums.models import Thread
from tests.security.leak_crawl import Crawl
from tests.security.leak_secrets import collect
from tests.security.test_leak_probe import PERSONAS, _leak_report, _user, chatham_scope
from working_groups.choices import Visibility

#: Frames one connection may send before the probe calls it runaway (the demo's threads are short).
MAX_FRAMES = 400
LISTEN_SECONDS = 30


def _readable(thread, user) -> bool:
    group = thread.forum.group
    if group is None or group.visibility == Visibility.OPEN:
        return True
    return user is not None and group.memberships.filter(user=user).exists()


async def _listen(path: str, cookie: str) -> tuple[bool, list[str]]:
    """Connect as the cookie's session, ask for a replay and a catch-up, and collect every frame until the
    socket has been quiet for 0.3 s."""
    from channels.testing import WebsocketCommunicator

    from config.asgi import application

    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _code = await communicator.connect(timeout=5)
    frames: list[str] = []
    if not connected:
        return False, frames
    for request in ('{"type":"fetch","after":0}', '{"type":"ping"}'):
        await communicator.send_to(text_data=request)
    deadline = time.monotonic() + LISTEN_SECONDS
    while not await communicator.receive_nothing(timeout=0.3):
        frames.append(await communicator.receive_from(timeout=5))
        assert len(frames) <= MAX_FRAMES and time.monotonic() < deadline, f"{path} does not stop sending"
    await communicator.disconnect()
    return True, frames


async def _stops(communicator, then) -> bool:
    """After `then()` (a change made elsewhere), the socket closes within a second without the client sending
    anything, and nothing else arrives: True when it did."""
    await then()
    frames = []
    while True:
        output = await communicator.receive_output(timeout=1)
        if output["type"] == "websocket.close":
            break
        frames.append(json.loads(output["text"]))
    return output.get("code") == 4403 and [frame["type"] for frame in frames] == ["error"]


async def _open_socket(path: str, cookie: str):
    from channels.testing import WebsocketCommunicator

    from config.asgi import application

    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _code = await communicator.connect(timeout=5)
    assert connected, path
    while json.loads(await communicator.receive_from(timeout=5))["type"] != "replay.done":
        pass
    return communicator


def _sockets_stop_when_access_ends(threads) -> dict[str, int]:
    """The socket cases of issue 14: sockets opened as an anonymous visitor and as a signed-in outsider on
    a public thread stop when a moderator moves it into a private group's forum; a member's socket stops when
    that member signs out (on another tab: the socket's own session)."""
    from django.urls import reverse

    from asgiref.sync import sync_to_async

    from forums.models import Forum
    from forums.services.moderation import thread_move
    from working_groups.access import SECRETARIAT_GROUP_NAME

    secretariat = get_user_model().objects.filter(groups__name=SECRETARIAT_GROUP_NAME).first()
    private_forum = Forum.objects.filter(group__visibility=Visibility.PRIVATE).first()
    public = next(thread for thread in threads if thread.forum.group_id is None and thread.event_id is None)
    outsider = _user(PERSONAS[1][1])
    member_email = PERSONAS[2][1]
    member = _user(member_email)
    members_thread = next(
        thread
        for thread in threads
        if thread.forum.group_id and thread.forum.group.memberships.filter(user=member).exists()
    )
    stopped = {"moved into a private forum": 0, "signed out": 0}
    outsider_cookie = _session_cookie(Client(), outsider)
    member_client = Client()
    member_cookie = _session_cookie(member_client, member)

    async def scenario():
        path = f"/ws/forums/threads/{public.pk}/?after=0"
        anonymous = await _open_socket(path, "")
        signed_in = await _open_socket(path, outsider_cookie)

        async def move():
            await sync_to_async(thread_move)(actor=secretariat, thread=public, target=private_forum)

        async def nothing():
            return None

        stopped["moved into a private forum"] += await _stops(anonymous, move)
        stopped["moved into a private forum"] += await _stops(signed_in, nothing)

        members = await _open_socket(f"/ws/forums/threads/{members_thread.pk}/?after=0", member_cookie)

        async def sign_out():
            await sync_to_async(member_client.post)(reverse("account_logout"))

        stopped["signed out"] += await _stops(members, sign_out)

    async_to_sync(scenario)()
    return stopped


def _session_cookie(client: Client, user) -> str:
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_live_sockets_refuse_unreadable_threads_and_send_no_secrets(tmp_path):
    with override_settings(
        MEDIA_ROOT=str(tmp_path), ROUNDTABLE_FORUMS_ATTACHMENT_ROOT=str(tmp_path / "attachments")
    ):
        call_command("seed_demo", stdout=io.StringIO())
        chatham_paths, chatham_titles, _queries = chatham_scope()
        threads = list(Thread.objects.select_related("forum__group"))
        leaks, refused_wrongly, chatham_frames, connected_count = [], [], [], 0
        for persona, email in PERSONAS:
            user = _user(email)
            client = Client()
            cookie = _session_cookie(client, user) if user is not None else ""
            crawl = Crawl(persona, client, collect(persona, user), chatham_paths, chatham_titles)
            for thread in threads:
                for suffix in ("", "&room=1"):
                    path = f"/ws/forums/threads/{thread.pk}/?after=0{suffix}"
                    connected, frames = async_to_sync(_listen)(path, cookie)
                    if connected and not _readable(thread, user):
                        refused_wrongly.append(f"{persona}: {path}")
                    connected_count += connected
                    for frame in frames:
                        crawl.check_text(f"ws:/ws/forums/threads/{thread.pk}/", frame)
                    if thread.pk in crawl.secrets.chatham_names:
                        chatham_frames += [frame for frame in frames if '"type":"post' in frame]
            leaks += crawl.leaks
        stopped = _sockets_stop_when_access_ends(threads)
    print(f"{connected_count} socket connections accepted")
    assert stopped == {"moved into a private forum": 2, "signed out": 1}, stopped
    assert not refused_wrongly, "\n".join(refused_wrongly)
    assert not leaks, _leak_report(leaks)
    assert connected_count >= len(PERSONAS) * 3
    assert chatham_frames, "the member read the Chatham House thread's posts through its socket"
