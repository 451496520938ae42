"""The live connection to one thread (and its room, if it has one):
`/ws/forums/threads/<id>/?after=<n>&changes=<c>` — `after` the last post number the client saw, `changes` the
resume cursor (`last_change`) of its last `replay.done` or `pong`.

The consumer authenticates (the session, through forums.live.crowd_auth), checks access, joins its groups,
replays what the client missed and then streams — nothing more; rules live in forums.live.access and writes
in forums.live.services. Whatever can take access away tells the connection at once (forums.live.
access_watch; read afresh on the heartbeat and when a service refuses a frame), and every frame passes
forums.live.frame_guard (size, parse, rate) before any database work.

Ordering and completeness: the consumer remembers the last sequence it sent and, on news of the next post,
sends it (serialised once per reader kind in the per-process frame cache, forums.live.frames); on any jump
it sends every post after the last one, from the room's history in memory as far as it holds them and then
from the database, in order. It joins the thread's group *before* it reads the thread's position, so a post
committed in between arrives through the group and is not sent twice, and the replay (from a history at
least as new as that position) covers everything before.

Changes (edits, hiding, deletions, reactions, votes and marks) carry the thread's change number
(forums.models.posts.post_change_record). The consumer keeps a cursor: every change up to it has been sent.
A resuming client gets the posts it had seen that changed after its cursor. A notice the channel layer
dropped is made good at the next heartbeat (the client's ping, every 25 s: access and the thread are read
afresh and whatever is missing is sent before the pong).
"""

from __future__ import annotations

import contextlib
import functools
import json
from urllib.parse import parse_qs

from django.db import transaction
from django.utils.translation import gettext as _

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer

from forums.live import (
    access_watch,
    app_settings,
    broadcast,
    dispatching,
    frame_guard,
    frames,
    joins,
    poll_frames,
    presence,
    selectors,
    services,
    subscriptions,
)
from forums.live.db import live_database_sync_to_async
from forums.live.serializers import Ack, Hello, Pong, Posts, PostUpdated, ReplayDone, error
from forums.services.errors import ForumError, InvalidPost, NotAllowed, RateLimited

#: Close codes the client understands: access lost (removed from the room or the group) or never given.
CLOSE_ACCESS_LOST = 4403

ERROR_CODES = {NotAllowed: "not_allowed", InvalidPost: "invalid", RateLimited: "rate_limited"}


def _int(value, default: int = 0) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return default


class ThreadConsumer(AsyncWebsocketConsumer):
    subscription: subscriptions.Subscription | None = None
    last_sent = 0
    #: Every change numbered up to this has been sent to the client (or is of a post it has not got yet).
    change_cursor = 0
    #: The highest change number the connection has heard of (sent or not): a history that fills a gap must
    #: be at least this new, so a post is never sent as it was before a change whose notice came first.
    seen_change = 0
    groups_joined: tuple[str, ...] = ()
    session_key: str | None = None
    #: Who the connection was opened as (it closes rather than go on as anyone else).
    user_id: int | None = None

    async def __call__(self, scope, receive, send):
        """As Channels' AsyncConsumer.__call__, with a loop that takes a backlog in one go
        (forums.live.dispatching)."""
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        if self.channel_layer is None:
            await super().__call__(scope, receive, send)
            return
        self.scope, self.base_send = scope, send
        self.channel_name = await self.channel_layer.new_channel()
        self.channel_receive = functools.partial(self.channel_layer.receive, self.channel_name)
        with contextlib.suppress(StopConsumer):
            await dispatching.dispatch_loop(self, receive)

    async def connect(self):
        thread_id = _int(self.scope["url_route"]["kwargs"]["thread_id"])
        query = parse_qs(self.scope.get("query_string", b"").decode())
        after = _int((query.get("after") or ["0"])[0])
        since_change = _int(query["changes"][0], -1) if "changes" in query else -1  # -1: no cursor
        as_room = (query.get("room") or [""])[0] == "1"
        self.sent_changes: dict[int, int] = {}
        # The thread's group first: the subscription below then reads the thread's position after it, so
        # whatever is committed later arrives through the group, and the replay covers everything before.
        # (Group messages wait until connect() returns; a refused connection leaves the group at once.)
        await self.channel_layer.group_add(broadcast.thread_group(thread_id), self.channel_name)
        self.groups_joined = (broadcast.thread_group(thread_id),)
        self.subscription = await joins.subscribe(self.scope["user"], thread_id, as_room)
        if self.subscription is None:
            await self.channel_layer.group_discard(broadcast.thread_group(thread_id), self.channel_name)
            self.groups_joined = ()
            await self.close()
            return
        self.session_key = access_watch.session_key_of(self.scope)
        self.user_id = self.subscription.user_id
        await self.follow_groups()
        await self.accept()
        thread = self.subscription.thread
        self.last_sent = min(after, thread.last_sequence)
        self.change_cursor = self.seen_change = thread.last_change
        await self.send_json(
            Hello(
                type="hello",
                thread=thread.pk,
                last_sequence=thread.last_sequence,
                last_change=thread.last_change,
                chatham_house=thread.chatham_house,
                room=self.subscription.room is not None,
            )
        )
        if since_change >= 0:
            await self.send_changes(since_change)
        history = await frames.cache().history(thread.pk, thread.last_sequence, thread.last_change)
        await self.send_new_posts(replay=True, history=history)
        room = self.subscription.room
        if room is not None:
            await self.send_room()
            await self.send_questions(history)
            entered = await joins.enter_room(self.subscription, self.channel_name)
            self.poll_language, room_frames, name = entered
            for frame in room_frames:
                await self.send_json(frame)
            if self.subscription.user_id:
                count, people = await presence.joined(room, self.subscription.user_id, name)
                await self.send_json(subscriptions.presence_frame(self.subscription, count, people))
                await presence.soon(room)

    async def dispatch(self, message):
        """As Channels dispatches, without its hop to the database thread before every message (to close
        stale connections): this consumer reaches the database only through live_database_sync_to_async,
        which checks the connection itself, so a frame passed on to 200 people costs no 200 hops."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def disconnect(self, code):
        poll_frames.cancel(self)
        # Counted out first, then the groups: people who leave together reach leave_room together and are
        # deleted in one write, rather than each after its own round trips to the channel layer.
        room = self.subscription.room if self.subscription is not None else None
        if room is not None and self.subscription.user_id:
            await joins.leave_room(room, self.channel_name)
            await presence.soon(room)
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def send_json(self, content) -> None:
        await self.send(text_data=json.dumps(content, separators=(",", ":")))

    # --- From the client -------------------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        raw = text_data if text_data is not None else (bytes_data or b"").decode("utf-8", "replace")
        if frame_guard.too_large(raw):
            limit = app_settings.max_frame_bytes()
            await self.send_json(
                error(
                    "too_large",
                    _("This message is too large (the limit is %(limit)d bytes).") % {"limit": limit},
                )
            )
            return
        frame = frame_guard.parse(raw)
        # Counted before any database work: a flood costs the cache one increment per frame, nothing more.
        retry_after = await sync_to_async(frame_guard.rate_limited, thread_sensitive=False)(
            self.user_id, frame_guard.client_address(self.scope), self.channel_name
        )
        if retry_after:
            await self.send_json(
                error(
                    "rate_limited",
                    _("You are sending too fast: please wait %(seconds)d seconds.")
                    % {"seconds": retry_after},
                    retry_after=retry_after,
                    **self._client_id(frame or {}),
                )
            )
            return
        if frame is None:
            await self.send_json(error("bad_frame", _("The server did not understand this message.")))
            return
        handler = getattr(self, f"client_{frame['type'].replace('.', '_')}", None)
        if handler is None:
            await self.send_json(error("bad_frame", _("The server did not understand this message.")))
            return
        # The heartbeat reads access afresh (and makes good a notice the layer dropped); other frames act on
        # the access decided at connect and kept current by forums.live.access_watch, and the services they
        # call read the person's access to the room again themselves.
        if frame["type"] == "ping" and not await self.recheck_access():
            return
        try:
            await handler(frame)
        except ForumError as refused:
            if isinstance(refused, NotAllowed) and not await self.recheck_access():
                return  # refused because access is gone (a change nobody announced): close now
            code = next((code for kind, code in ERROR_CODES.items() if isinstance(refused, kind)), "refused")
            await self.send_json(error(code, refused.message, **self._client_id(frame)))

    async def recheck_access(self) -> bool:
        """Access read afresh (memberships, removals, the room's times, the session still signed in); on
        loss the connection closes (4403). Groups follow a thread that moved to another forum. Run on the
        heartbeat, on every notice of forums.live.access_watch, and when a service refused a frame."""
        subscription = await live_database_sync_to_async(access_watch.recheck)(
            self.subscription, self.session_key, self.user_id
        )
        if subscription is None:
            await self.lose_access()
            return False
        self.subscription = subscription
        await self.follow_groups()
        return True

    async def follow_groups(self) -> None:
        """Join the groups the connection listens to (forums.live.access_watch.connection_groups) and leave
        the ones it no longer needs."""
        groups = access_watch.connection_groups(self.subscription, self.session_key)
        for group in set(self.groups_joined) - set(groups):
            await self.channel_layer.group_discard(group, self.channel_name)
        for group in groups:
            if group not in self.groups_joined:
                await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined = groups

    @staticmethod
    def _client_id(frame: dict) -> dict:
        client_id = frame.get("client_id")
        return {"client_id": client_id[:64]} if isinstance(client_id, str) and client_id else {}

    async def client_ping(self, frame):
        """The heartbeat: the thread was just read afresh (`_recheck`), so whatever notice the channel layer
        dropped is made good here, before the pong tells the client where the thread is.

        It also joins the connection's groups again: a restarted Redis has forgotten them, and channels-redis
        lets a membership lapse after `group_expiry` (a day); joining is idempotent and costs one command."""
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        if self.subscription.room is not None and self.subscription.user_id:
            await live_database_sync_to_async(services.presence_touch)(channel_name=self.channel_name)
        thread = self.subscription.thread
        await self.catch_up(thread.last_sequence, thread.last_change)
        await self.send_json(Pong(type="pong", last_sequence=self.last_sent, last_change=self.change_cursor))

    async def client_fetch(self, frame):
        """The client saw a jump in sequence numbers: send the missing range again."""
        after, until = _int(frame.get("after")), _int(frame.get("until"), 0) or None
        subscription = self.subscription
        posts, more = await live_database_sync_to_async(selectors.posts_after)(
            subscription.thread,
            subscription.user,
            subscription.moderate,
            after,
            until,
            subscription.presenter,
            embeds=False,
        )
        await self.send_json(Posts(type="posts", posts=posts, more=more))

    async def client_post(self, frame):
        body, client_id = frame.get("body"), frame.get("client_id")
        if not isinstance(body, str) or not isinstance(client_id, str) or not client_id.strip():
            raise InvalidPost(_("A message needs a text and a client id."))
        post = await live_database_sync_to_async(self._post)(
            body, client_id.strip()[:64], bool(frame.get("question")), frames.cache()
        )
        await self.send_json(Ack(type="ack", client_id=client_id.strip()[:64], sequence=post.sequence))
        await self.live_posts({"sequence": post.sequence, "post_id": post.pk, "change": post.change})

    def _post(self, body: str, client_id: str, question: bool, cache: frames.FrameCache):
        from forums.services import post_create

        subscription = self.subscription
        if subscription.room is not None:
            read: list = []
            with transaction.atomic():
                # Handed to the process's frame cache once the message has committed, before its notice
                # goes out (on-commit work runs in order): no connection here reads it again. Nothing is
                # handed over if the write rolls back.
                transaction.on_commit(lambda: read and cache.offer(subscription.thread.pk, read[0]))
                post, created = services.live_post_create(
                    user=subscription.user,
                    room=subscription.room,
                    body_markdown=body,
                    client_id=client_id,
                    question=question,
                )
                if created:
                    read.extend(filter(None, [selectors.created_bundle(subscription.thread.pk, post.pk)]))
            return post
        if question or subscription.in_room_thread:
            raise NotAllowed(subscription.posting_refusal or _("Questions can be asked in a live room only."))
        return post_create(
            author=subscription.user, thread=subscription.thread, body_markdown=body, client_id=client_id
        )

    async def client_vote(self, frame):
        await live_database_sync_to_async(services.question_vote_toggle)(
            user=self.subscription.user, room=self._room(), post_id=_int(frame.get("post"))
        )

    async def client_moderate(self, frame):
        await live_database_sync_to_async(services.question_moderate)(
            user=self.subscription.user,
            room=self._room(),
            post_id=_int(frame.get("post")),
            action=str(frame.get("action")),
        )

    async def client_slow_mode(self, frame):
        await live_database_sync_to_async(services.slow_mode_set)(
            user=self.subscription.user, room=self._room(), seconds=frame.get("seconds")
        )

    async def client_remove(self, frame):
        await live_database_sync_to_async(services.room_remove)(
            user=self.subscription.user, room=self._room(), post_id=_int(frame.get("post"))
        )

    async def client_poll(self, frame):
        """Polls: votes and the moderators' actions (forums.live.poll_frames)."""
        await poll_frames.client_poll(self, frame)

    def _room(self):
        if self.subscription.room is None:
            raise InvalidPost(_("This thread has no live room."))
        return self.subscription.room

    # --- From the channel layer (ids only; frames are built for this reader) -------------------------

    async def _shared_post(self, event):
        """The notice's post and its bundle from the per-process cache (None: not in this thread)."""
        if self.subscription is None:
            return None
        bundle = await frames.cache().bundle(
            self.subscription.thread.pk, _int(event.get("post_id")), _int(event.get("change"))
        )
        if bundle is None or not bundle.posts:
            return None
        return bundle.posts[0], bundle

    async def _send_post(self, frame_type: str, post, bundle) -> None:
        """The post's frame for this reader: serialised once per reader kind (forums.live.frames)."""
        presenter, moderate = self.subscription.presenter, self.subscription.moderate
        await frames.prepare(presenter)
        await self.send(text_data=frames.post_text(frame_type, post, bundle, presenter, moderate))
        self.sent_changes[post.pk] = post.change

    async def live_posts(self, event):
        sequence = _int(event.get("sequence"))
        if self.subscription is None or sequence <= self.last_sent:
            return
        if sequence == self.last_sent + 1 and event.get("post_id"):
            found = await self._shared_post(event)
            if found is not None and found[0].sequence == sequence and sequence == self.last_sent + 1:
                await self._send_post("post.created", *found)
                self.last_sent = sequence
                return
        await self.send_new_posts(until=sequence)

    async def live_post_changed(self, event):
        if self.subscription is None:
            return
        self.seen_change = max(self.seen_change, _int(event.get("change")))
        if self.sent_changes.get(_int(event.get("post_id")), -1) >= _int(event.get("change")):
            return  # already sent (by a catch-up or the post's own creation frame)
        found = await self._shared_post(event)
        if found is None:
            return
        post, bundle = found
        if post.sequence <= self.last_sent and self.sent_changes.get(post.pk, -1) < post.change:
            await self._send_post("post.updated", post, bundle)

    async def live_room_changed(self, event):
        self.subscription.room = await live_database_sync_to_async(self._reload_room)()
        await self.send_room()

    def _reload_room(self):
        room = self.subscription.room
        room.refresh_from_db(fields=["slow_mode_seconds", "opens_minutes_before", "closes_minutes_after"])
        return room

    async def live_poll_changed(self, event):
        await poll_frames.poll_changed(self, event)

    async def live_actions_changed(self, event):
        await poll_frames.actions_changed(self, event)

    async def live_presence(self, event):
        """Who is here (coalesced, forums.live.presence); names only to readers who may see them."""
        if self.subscription.room is not None:
            presence.remember(self.subscription.room.pk, event)
            await self.send(text_data=presence.frame_text(self.subscription, event["count"], event["people"]))

    async def live_access_changed(self, event):
        """Something that can take access away changed (forums.live.access_watch): read it afresh now."""
        if await self.recheck_access():
            await self.send_room()

    async def live_signed_out(self, event):
        """The session this connection was opened with signed out."""
        await self.lose_access(_("You signed out."))

    # --- Sending ----------------------------------------------------------------------------------------

    async def send_new_posts(
        self, replay: bool = False, history: frames.History | None = None, until: int | None = None
    ) -> None:
        """Every post after the last one sent, in order: from the room's history in memory as far as it
        holds them (forums.live.frames), then from the database (in batches of the replay limit) — unless
        the history already reaches `until` (or, on a join, the thread's position it was read for). A
        replay goes out as one `posts` frame per batch; a gap filled as the room goes on, a `post.created`
        frame per post."""
        subscription = self.subscription
        presenter, moderate = subscription.presenter, subscription.moderate
        if history is None and until is not None:
            # A notice came ahead of the one before it (two processes' commits reach the layer out of
            # order, or the layer dropped one): the gap is filled from the process's history, read once for
            # every connection that saw the jump rather than from the database by each of them.
            history = await frames.cache().gap(subscription.thread.pk, until, self.seen_change)
        if history is not None and self.last_sent >= history.held_after:
            await frames.prepare(presenter)
            held = []
            for post in history.posts_after(self.last_sent):
                if post.sequence != self.last_sent + len(held) + 1:
                    break
                held.append(post)
            await self._send_posts(
                [frames.post_json(post, history.bundle, presenter, moderate) for post in held], replay
            )
            for post in held:
                self.sent_changes[post.pk] = post.change
            if held:
                self.last_sent = held[-1].sequence
        target = subscription.thread.last_sequence if replay else until
        if target is None or self.last_sent < target:
            while True:
                posts, more = await live_database_sync_to_async(selectors.posts_after)(
                    subscription.thread,
                    subscription.user,
                    moderate,
                    self.last_sent,
                    None,
                    presenter,
                    embeds=False,
                )
                await self._send_posts([json.dumps(frame, separators=(",", ":")) for frame in posts], replay)
                for frame in posts:
                    self.sent_changes[frame["id"]] = frame["change"]
                if posts:
                    self.last_sent = posts[-1]["sequence"]
                if not more:
                    break
        if replay:
            await self.send_json(
                ReplayDone(
                    type="replay.done",
                    last_sequence=self.last_sent,
                    last_change=self.change_cursor,
                    more=False,
                )
            )

    async def _send_posts(self, texts: list[str], replay: bool) -> None:
        """Posts serialised already, in order: as one `posts` frame in a replay, else one frame each."""
        if replay:
            if texts:
                await self.send(text_data=frames.list_text("posts", "posts", texts, more=False))
            return
        for text in texts:
            await self.send(text_data=frames.one_post_text("post.created", text))

    async def send_changes(self, since_change: int, cursor: int | None = None) -> None:
        """The posts already sent (sequence up to the last sent) that changed after `since_change`, as
        updates; then the cursor moves to `cursor` (a `last_change` read before this query)."""
        subscription = self.subscription
        since = since_change
        while True:
            posts, more = await live_database_sync_to_async(selectors.posts_changed)(
                subscription.thread,
                subscription.user,
                subscription.moderate,
                since,
                self.last_sent,
                subscription.presenter,
                embeds=False,
            )
            for frame in posts:
                await self.send_update(frame)
                since = frame["change"]
            if not more:
                break
        if cursor is not None:
            self.change_cursor = max(self.change_cursor, cursor)

    async def send_update(self, frame) -> None:
        if self.sent_changes.get(frame["id"], -1) >= frame["change"]:
            return
        self.sent_changes[frame["id"]] = frame["change"]
        await self.send_json(PostUpdated(type="post.updated", post=frame))

    async def catch_up(self, last_sequence: int, last_change: int) -> None:
        """The thread is at `last_sequence` / `last_change` (read from the database): send what is missing."""
        if last_sequence > self.last_sent:
            await self.send_new_posts()
        if last_change > self.change_cursor:
            await self.send_changes(self.change_cursor, cursor=last_change)

    async def send_room(self) -> None:
        frame = subscriptions.room_frame(self.subscription)
        if frame is not None:
            await self.send_json(frame)

    async def send_questions(self, history: frames.History | None = None) -> None:
        """The room's questions: from the history when it holds the whole thread, else read from the database
        once for everyone joining meanwhile (forums.live.joins); this reader's frames are built in memory."""
        subscription = self.subscription
        presenter, moderate = subscription.presenter, subscription.moderate
        held = history.questions(moderate) if history is not None else None
        bundle = history.bundle if held is not None else await joins.room_questions(subscription.room)
        if held is None:
            held = selectors.questions_seen(bundle, moderate)
        await frames.prepare(presenter)
        questions = [frames.post_json(post, bundle, presenter, moderate) for post in held]
        await self.send(text_data=frames.list_text("questions", "questions", questions))

    async def lose_access(self, message: str = "") -> None:
        message = message or _("You no longer have access to this discussion.")
        await self.send_json(error("access_lost", message))
        await self.close(code=CLOSE_ACCESS_LOST)
