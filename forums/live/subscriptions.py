"""What one live connection may see and do, read from the database at connect.

The consumer holds a Subscription and asks `refresh()` again on the client's heartbeat, whenever something
that can take access away changes (forums.live.access_watch) and when a service refuses a frame as not
allowed; `None` means the connection must close.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from forums import access as forum_access
from forums.live import access, app_settings
from forums.live.serializers import PresenceFrame, RoomFrame
from forums.models import LiveRoom, Thread
from forums.presenters import ThreadPresenter
from working_groups.access import prime_people, with_secretariat_flag

#: The Chatham House types shown per group (forums.presenters.chatham_shown_types), shared by the live
#: connections of this process: read once a minute per group, not per connection.
LIVE_CHATHAM_MEMO: dict = {}


@dataclass
class Subscription:
    """`room` is set for a connection to the live room; a thread page's connection to a room's thread reads
    along (`in_room_thread`) but does not post over the socket: people take part in the room itself."""

    thread: Thread
    user: object
    room: LiveRoom | None
    moderate: bool
    may_post: bool
    posting_refusal: str
    in_room_thread: bool = False
    #: Whether the reader moderates the thread's forum (decided once, in `subscribe`).
    moderates_thread: bool | None = None
    #: How people appear to this reader (built once here: frames are then built in memory).
    presenter: ThreadPresenter = field(init=False)

    def __post_init__(self) -> None:
        self.presenter = ThreadPresenter(
            self.thread, self.user, LIVE_CHATHAM_MEMO, moderates_thread=self.moderates_thread
        )

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user.is_authenticated else None

    @property
    def names_visible(self) -> bool:
        """Who is here is shown to people who take part, never in a Chatham House room."""
        return not self.thread.chatham_house and self.may_post


def fresh_user(user_id: int | None):
    """The person as the database knows them now (an inactive or deleted account is anonymous)."""
    if user_id is None:
        return AnonymousUser()
    users = with_secretariat_flag(get_user_model().objects.filter(pk=user_id, is_active=True))
    return users.first() or AnonymousUser()


def subscribe(user, thread_id: int, as_room: bool = False) -> Subscription | None:
    """The subscription of `user` to a thread (`as_room`: to its live room), or None when they may not read
    it (or not enter the room): `subscribe_many` of one."""
    return subscribe_many([user], thread_id, as_room)[0]


def subscribe_many(users: list, thread_id: int, as_room: bool = False) -> list[Subscription | None]:
    """The subscriptions of several people to one thread (`as_room`: to its live room), in their order; None
    for each who may not read it (or not enter the room).

    People who connect together are read together (forums.live.joins): the thread with its forum, group,
    session and room once, and each kind of fact about the people (roles, secretariat status, speaking,
    removal, registration) in one query for all of them, so a crowd costs the queries of one person. Each
    person's access to the forum is decided once here and passed down (room entry, moderation, posting, how
    authors appear). Each subscription holds its own thread and room (services update the thread they are
    given); the forum, group and session are shared."""
    threads = Thread.objects.select_related("forum__group", "event", "live_room").filter(pk=thread_id)
    # One row by its key: unordered, so the compiler has no ORDER BY to build.
    thread = next(iter(threads.order_by()[:1]), None)
    if thread is None:
        return [None] * len(users)
    if thread.event is not None and thread.event.group_id and thread.event.group_id == thread.forum.group_id:
        thread.event.group = thread.forum.group  # a group's session in the group's forum: the same row
    if len(users) > 1:
        prime_people(users)
    room = access.room_of(thread)
    entering = [user for user in users if user.is_authenticated and user.is_active]
    facts = access.people_facts(entering, room) if as_room and room is not None and entering else {}
    subscriptions = []
    for number, user in enumerate(users):
        own = thread if number == 0 else _own_copy(thread)
        subscriptions.append(_decide(user, own, as_room, facts.get(user.pk)))
    return subscriptions


def _own_copy(thread: Thread) -> Thread:
    """The thread (and its room) as one more person's subscription holds it: instances of its own, sharing
    the forum, group and session read once."""
    copied = copy.copy(thread)
    room = access.room_of(thread)
    if room is not None:
        copied.live_room = copy.copy(room)  # the room's `thread` follows the copy
    return copied


def _decide(user, thread: Thread, as_room: bool, facts: access.PersonFacts | None) -> Subscription | None:
    readable = forum_access.forum_access(user, thread.forum)
    if not readable.read:
        return None
    room = access.room_of(thread)
    if room is None and as_room:
        return None
    if room is None or not as_room:
        refusal = forum_access.thread_posting_refusal(user, thread, readable) or ""
        if room is not None:
            refusal = _("Take part in the live room, or reply with the form.")
        return Subscription(
            thread, user, None, readable.moderate, not refusal, refusal, room is not None, readable.moderate
        )
    room_access = access.room_access(user, room, facts=facts, decided=readable)
    if not room_access.enter:
        return None
    return Subscription(
        thread,
        user,
        room,
        room_access.moderate or readable.moderate,
        room_access.post,
        room_access.posting_refusal,
        moderates_thread=readable.moderate,
    )


def refresh(subscription: Subscription) -> Subscription | None:
    return subscribe(fresh_user(subscription.user_id), subscription.thread.pk, subscription.room is not None)


def room_frame(subscription: Subscription) -> RoomFrame | None:
    room = subscription.room
    if room is None:
        return None
    state = access.room_state(room, subscription.thread.event)
    return RoomFrame(
        type="room",
        open=state.is_open,
        read_only=state.read_only,
        opens_at=state.opens_at.isoformat(),
        closes_at=state.closes_at.isoformat(),
        slow_mode_seconds=room.slow_mode_seconds,
        may_post=subscription.may_post,
        may_moderate=subscription.moderate,
        posting_refusal=str(subscription.posting_refusal),
    )


def presence_frame(subscription: Subscription, count: int, people: list[str]) -> PresenceFrame:
    """How many are here and, to readers who may see them, the first names of the list (`people`, sorted):
    the client says how many more there are."""
    frame = PresenceFrame(type="presence", count=count)
    if subscription.names_visible:
        frame["people"] = people[: app_settings.presence_names_shown()]
    return frame
