"""The live connection to one thread (and its room, if it has one): `/ws/forums/threads/<id>/?after=<n>`.

The consumer authenticates (the session, through AuthMiddlewareStack), checks access, joins its groups,
replays what the client missed and then streams — nothing more; rules live in forums.live.access and writes
in forums.live.services. Ordering and completeness: the consumer remembers the last sequence it sent and, on
any news of a post, sends every post after it from the database, in order. It joins the thread's group
*before* it reads the replay, so a post committed in between arrives through the group and is not sent
twice.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from django.utils.translation import gettext as _

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from forums.live import app_settings, broadcast, selectors, services, subscriptions
from forums.live.serializers import Ack, Hello, PostCreated, PostUpdated, ReplayDone, error
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
    groups_joined: tuple[str, ...] = ()

    async def connect(self):
        thread_id = _int(self.scope["url_route"]["kwargs"]["thread_id"])
        query = parse_qs(self.scope.get("query_string", b"").decode())
        after = _int((query.get("after") or ["0"])[0])
        as_room = (query.get("room") or [""])[0] == "1"
        self.subscription = await database_sync_to_async(subscriptions.subscribe)(
            self.scope["user"], thread_id, as_room
        )
        if self.subscription is None:
            await self.close()
            return
        groups = [broadcast.thread_group(thread_id)]
        if self.subscription.user_id:
            groups.append(broadcast.user_group(self.subscription.user_id))
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined = tuple(groups)
        await self.accept()
        thread = self.subscription.thread
        self.last_sent = min(after, thread.last_sequence)
        await self.send_json(
            Hello(
                type="hello",
                thread=thread.pk,
                last_sequence=thread.last_sequence,
                chatham_house=thread.chatham_house,
                room=self.subscription.room is not None,
            )
        )
        await self.send_new_posts(replay=True)
        if self.subscription.room is not None:
            await self.send_room()
            await self.send_questions()
            if self.subscription.user_id:
                await database_sync_to_async(services.presence_join)(
                    room=self.subscription.room, user=self.subscription.user, channel_name=self.channel_name
                )

    async def disconnect(self, code):
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.subscription is not None and self.subscription.room is not None and self.subscription.user_id:
            await database_sync_to_async(services.presence_leave)(
                room=self.subscription.room, channel_name=self.channel_name
            )

    async def send_json(self, content) -> None:
        await self.send(text_data=json.dumps(content, separators=(",", ":")))

    # --- From the client -------------------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        raw = text_data if text_data is not None else (bytes_data or b"").decode("utf-8", "replace")
        if len(raw.encode("utf-8")) > app_settings.max_frame_bytes():
            limit = app_settings.max_frame_bytes()
            await self.send_json(
                error(
                    "too_large",
                    _("This message is too large (the limit is %(limit)d bytes).") % {"limit": limit},
                )
            )
            return
        try:
            frame = json.loads(raw)
        except ValueError:
            frame = None
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.send_json(error("bad_frame", _("The server did not understand this message.")))
            return
        allowed, retry_after = await database_sync_to_async(self._recheck)()
        if not allowed:
            await self.lose_access()
            return
        if retry_after:
            await self.send_json(
                error(
                    "rate_limited",
                    _("You are sending too fast: please wait %(seconds)d seconds.")
                    % {"seconds": retry_after},
                    retry_after=retry_after,
                    **self._client_id(frame),
                )
            )
            return
        handler = getattr(self, f"client_{frame['type'].replace('.', '_')}", None)
        if handler is None:
            await self.send_json(error("bad_frame", _("The server did not understand this message.")))
            return
        try:
            await handler(frame)
        except ForumError as refused:
            code = next((code for kind, code in ERROR_CODES.items() if isinstance(refused, kind)), "refused")
            await self.send_json(error(code, refused.message, **self._client_id(frame)))

    def _recheck(self) -> tuple[bool, int]:
        """Access read afresh (memberships, removals, the room's times), then the person's frame rate."""
        subscription = subscriptions.refresh(self.subscription)
        if subscription is None:
            return False, 0
        self.subscription = subscription
        return True, subscriptions.rate_limited(subscription.user_id, self.channel_name)

    @staticmethod
    def _client_id(frame: dict) -> dict:
        client_id = frame.get("client_id")
        return {"client_id": client_id[:64]} if isinstance(client_id, str) and client_id else {}

    async def client_ping(self, frame):
        if self.subscription.room is not None and self.subscription.user_id:
            await database_sync_to_async(services.presence_touch)(channel_name=self.channel_name)
        await self.send_json({"type": "pong"})

    async def client_fetch(self, frame):
        """The client saw a jump in sequence numbers: send the missing range again."""
        after, until = _int(frame.get("after")), _int(frame.get("until"), 0) or None
        frames, more = await database_sync_to_async(selectors.posts_after)(
            self.subscription.thread, self.subscription.user, self.subscription.moderate, after, until
        )
        await self.send_json({"type": "posts", "posts": frames, "more": more})

    async def client_post(self, frame):
        body, client_id = frame.get("body"), frame.get("client_id")
        if not isinstance(body, str) or not isinstance(client_id, str) or not client_id.strip():
            raise InvalidPost(_("A message needs a text and a client id."))
        post = await database_sync_to_async(self._post)(
            body, client_id.strip()[:64], bool(frame.get("question"))
        )
        await self.send_json(Ack(type="ack", client_id=client_id.strip()[:64], sequence=post.sequence))
        await self.send_new_posts()

    def _post(self, body: str, client_id: str, question: bool):
        from forums.services import post_create

        subscription = self.subscription
        if subscription.room is not None:
            post, _created = services.live_post_create(
                user=subscription.user,
                room=subscription.room,
                body_markdown=body,
                client_id=client_id,
                question=question,
            )
            return post
        if question or subscription.in_room_thread:
            raise NotAllowed(subscription.posting_refusal or _("Questions can be asked in a live room only."))
        return post_create(
            author=subscription.user, thread=subscription.thread, body_markdown=body, client_id=client_id
        )

    async def client_vote(self, frame):
        await database_sync_to_async(services.question_vote_toggle)(
            user=self.subscription.user, room=self._room(), post_id=_int(frame.get("post"))
        )

    async def client_moderate(self, frame):
        await database_sync_to_async(services.question_moderate)(
            user=self.subscription.user,
            room=self._room(),
            post_id=_int(frame.get("post")),
            action=str(frame.get("action")),
        )

    async def client_slow_mode(self, frame):
        await database_sync_to_async(services.slow_mode_set)(
            user=self.subscription.user, room=self._room(), seconds=frame.get("seconds")
        )

    async def client_remove(self, frame):
        await database_sync_to_async(services.room_remove)(
            user=self.subscription.user, room=self._room(), post_id=_int(frame.get("post"))
        )

    def _room(self):
        if self.subscription.room is None:
            raise InvalidPost(_("This thread has no live room."))
        return self.subscription.room

    # --- From the channel layer (ids only; content is read for this reader) ---------------------------

    async def live_posts(self, event):
        if event.get("sequence", 0) > self.last_sent:
            await self.send_new_posts()

    async def live_post_changed(self, event):
        frame = await database_sync_to_async(selectors.post_frame)(
            self.subscription.thread, event["post_id"], self.subscription.user, self.subscription.moderate
        )
        if frame is not None and frame["sequence"] <= self.last_sent:
            await self.send_json(PostUpdated(type="post.updated", post=frame))

    async def live_room_changed(self, event):
        self.subscription.room = await database_sync_to_async(self._reload_room)()
        await self.send_room()

    def _reload_room(self):
        room = self.subscription.room
        room.refresh_from_db(fields=["slow_mode_seconds", "opens_minutes_before", "closes_minutes_after"])
        return room

    async def live_presence(self, event):
        if self.subscription.room is not None:
            await self.send_json(
                subscriptions.presence_frame(self.subscription, event["count"], event["people"])
            )

    async def live_access_changed(self, event):
        subscription = await database_sync_to_async(subscriptions.refresh)(self.subscription)
        if subscription is None:
            await self.lose_access()
            return
        self.subscription = subscription
        await self.send_room()

    # --- Sending ----------------------------------------------------------------------------------------

    async def send_new_posts(self, replay: bool = False) -> None:
        """Every post after the last one sent, in order (in batches of the replay limit)."""
        while True:
            frames, more = await database_sync_to_async(selectors.posts_after)(
                self.subscription.thread, self.subscription.user, self.subscription.moderate, self.last_sent
            )
            for frame in frames:
                await self.send_json(PostCreated(type="post.created", post=frame))
                self.last_sent = frame["sequence"]
            if not more:
                break
        if replay:
            await self.send_json(ReplayDone(type="replay.done", last_sequence=self.last_sent, more=False))

    async def send_room(self) -> None:
        frame = subscriptions.room_frame(self.subscription)
        if frame is not None:
            await self.send_json(frame)

    async def send_questions(self) -> None:
        frames = await database_sync_to_async(selectors.room_questions)(
            self.subscription.room, self.subscription.user, self.subscription.moderate
        )
        await self.send_json({"type": "questions", "questions": frames})

    async def lose_access(self) -> None:
        await self.send_json(error("access_lost", _("You no longer have access to this discussion.")))
        await self.close(code=CLOSE_ACCESS_LOST)
