"""Fixtures of the live tests: a closed group's forum with a session running now, its discussion thread and
live room, and people of every kind; plus a WebSocket client speaking the live protocol."""

import datetime
import json
from dataclasses import dataclass

from django.utils import timezone

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from events.choices import EventKind
from forums import services
from forums.live import services as live_services
from forums.live.routing import websocket_urlpatterns
from tests.factories.events import EventPageFactory, make_event_index
from tests.factories.forums import ForumFactory
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group, make_group_index, make_secretariat_user
from working_groups.choices import Role, Visibility

TIMEOUT = 5


@dataclass
class Session:
    group: object
    forum: object
    event: object
    thread: object
    room: object
    people: dict


def make_session(*, chatham_house: bool = False, **event_fields) -> Session:
    index = make_group_index()
    group = make_group(index, Visibility.CLOSED, title="Closed cobalt circle")
    people = {
        "outsider": UserFactory(first_name="Olga", last_name="Outsider"),
        "member": UserFactory(first_name="Samuel", last_name="Mensah"),
        "other": UserFactory(first_name="Ama", last_name="Owusu"),
        "chair": UserFactory(first_name="Lotte", last_name="Jansen"),
        "secretariat": make_secretariat_user(),
    }
    now = timezone.now()
    for person in people.values():  # long-standing accounts: no new-account posting limit
        person.date_joined = now - datetime.timedelta(days=90)
        person.save(update_fields=["date_joined"])
    for persona, role in (("member", Role.MEMBER), ("other", Role.MEMBER), ("chair", Role.CHAIR)):
        add_member(group, people[persona], role)
    fields = {
        "kind": EventKind.MEETING,
        "group": group,
        "start": now - datetime.timedelta(minutes=10),
        "end": now + datetime.timedelta(minutes=50),
        **event_fields,
    }
    event = EventPageFactory(parent=make_event_index(index.get_parent()), title="Cobalt session", **fields)
    forum = ForumFactory(title="Cobalt forum", group=group)
    thread = services.thread_create(
        author=people["chair"],
        forum=forum,
        title="Cobalt session: live discussion",
        body_markdown="Welcome to the session's discussion.",
        event=event,
        chatham_house=chatham_house,
    )
    room = live_services.live_room_open(thread=thread)
    return Session(group, forum, event, thread, room, people)


@pytest.fixture
def session(transactional_db):
    return make_session()


class LiveClient:
    """A WebSocket client of one thread, as a given person (the scope's user, as the auth middleware sets)."""

    def __init__(
        self, thread_id: int, user, after: int = 0, application=None, room: bool = True, changes=None
    ):
        from django.contrib.auth.models import AnonymousUser

        path = f"/ws/forums/threads/{thread_id}/?after={after}" + ("&room=1" if room else "")
        if changes is not None:
            path += f"&changes={changes}"
        self.communicator = WebsocketCommunicator(application or URLRouter(websocket_urlpatterns), path)
        self.communicator.scope["user"] = user or AnonymousUser()

    async def connect(self) -> bool:
        connected, _code = await self.communicator.connect(timeout=TIMEOUT)
        return connected

    async def send(self, **frame) -> None:
        await self.communicator.send_to(text_data=json.dumps(frame))

    async def send_raw(self, text: str) -> None:
        await self.communicator.send_to(text_data=text)

    async def receive(self) -> dict:
        return json.loads(await self.communicator.receive_from(timeout=TIMEOUT))

    async def receive_until(self, frame_type: str) -> list[dict]:
        """Frames up to and including the first of `frame_type`."""
        frames = []
        while True:
            frame = await self.receive()
            frames.append(frame)
            if frame["type"] == frame_type:
                return frames

    async def nothing_more(self) -> bool:
        return await self.communicator.receive_nothing(timeout=0.3)

    async def close(self) -> None:
        await self.communicator.disconnect()


def same_instant(frame: dict) -> dict:
    """A post frame with `created_at` as an aware datetime: the same instant compares equal whichever time
    zone was active where the frame was built (a test's thread and the consumer's event loop can differ when
    an earlier test left a zone activated)."""
    import datetime

    return {**frame, "created_at": datetime.datetime.fromisoformat(frame["created_at"])}


def posts_in(frames: list[dict]) -> list[dict]:
    """The posts the frames deliver, in order: a replay's `posts` frames and the `post.created` of each new
    post."""
    found = []
    for frame in frames:
        if frame["type"] == "post.created":
            found.append(frame["post"])
        elif frame["type"] == "posts":
            found.extend(frame["posts"])
    return found


def sequences(frames: list[dict]) -> list[int]:
    return [post["sequence"] for post in posts_in(frames)]


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """A new channel layer and cache per test: the in-memory layer's queues belong to the event loop that
    made them."""
    from django.core.cache import cache

    from channels.layers import channel_layers

    channel_layers.backends.clear()
    cache.clear()  # the presence broadcasts' election keys and the rate-limit counters
    yield
    channel_layers.backends.clear()
