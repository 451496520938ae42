"""Polls and action points over a room's live connection: what the consumer (forums.live.consumers) hands
on to this module, so that the room's socket carries them without the consumer knowing their rules.

Frames carry server-rendered fragments built for the reader — the same templates the page renders
(forums/live/includes/poll.html, action_points.html) — so a poll looks the same after a live change as after
a reload, and a reader never receives what they may not see (hidden results, voters' names).

- `polls` {html}: every poll of the room, sent when the connection joins;
- `poll` {id, html}: one poll changed (html "" when a prepared poll was deleted);
- `actions` {html}: the room's action points changed.

From the client: `{"type": "poll", "action": "vote", "poll": id, "choices": [ids]}` and, for moderators,
`create` (question, choices, multiple, anonymous, hide_results), `open`, `close`, `show`, `delete`.
A burst of votes is told to each connection at most once per COALESCE_SECONDS per poll, from one read of
the poll per process rendered once per kind of reader (forums.live.poll_snapshots); the voter's own
connection gets its poll back at once. A notice the channel layer dropped is made good by the next change of
the poll, a reconnect, or the client's `refresh` (live_polls.js asks every fourth heartbeat, about every
100 s: every poll afresh from the database).
"""

from __future__ import annotations

import asyncio
import logging
import time

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from forums.live import actions as live_actions
from forums.live import poll_snapshots
from forums.live import polls as live_polls
from forums.live.db import live_database_sync_to_async
from forums.models import ActionPoint, Poll
from forums.services.errors import InvalidPost

logger = logging.getLogger(__name__)

COALESCE_SECONDS = 1.0
MODERATOR_ACTIONS = {
    "open": live_polls.poll_open,
    "close": live_polls.poll_close,
    "show": live_polls.poll_show_results,
    "delete": live_polls.poll_delete,
}


def reader_language(user) -> str:
    from working_groups.models import MemberProfile

    if not user.is_authenticated:
        return settings.LANGUAGE_CODE
    language = (
        MemberProfile.objects.filter(user_id=user.pk).values_list("preferred_language", flat=True).first()
    )
    return language or settings.LANGUAGE_CODE


def _context(subscription) -> dict:
    return {
        "thread": subscription.thread,
        "room": subscription.room,
        "moderate": subscription.moderate,
        "csrf_token": "",  # the page's own token is filled in by live_polls.js
    }


def render_poll(subscription, view, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "forums/live/includes/poll.html", {**_context(subscription), "poll": view}
        ).strip()


def polls_frame(subscription, language: str, views: list | None = None) -> dict:
    """Every poll of the room as this reader sees them (`views`: read already, else read here)."""
    room = subscription.room
    if views is None:
        views = live_polls.poll_views(room, subscription.user, subscription.moderate, subscription.may_post)
    with translation.override(language):
        html = render_to_string(
            "forums/live/includes/poll_list.html", {**_context(subscription), "polls": views}
        ).strip()
    return {"type": "polls", "html": html}


def poll_frame(subscription, poll_id: int, language: str) -> dict:
    view = live_polls.poll_view(
        subscription.room, poll_id, subscription.user, subscription.moderate, subscription.may_post
    )
    return {"type": "poll", "id": poll_id, "html": render_poll(subscription, view, language) if view else ""}


def actions_frame(subscription, language: str, rows: list | None = None) -> dict:
    """The room's action points as this reader sees them (`rows`: read already, else read here)."""
    if rows is None:
        rows = live_actions.room_action_points(subscription.room, subscription.user)
    with translation.override(language):
        html = render_to_string(
            "forums/live/includes/action_points.html", {**_context(subscription), "actions": rows}
        ).strip()
    return {"type": "actions", "html": html}


# --- The consumer's side ---------------------------------------------------------------------------------


async def _language(consumer) -> str:
    language = getattr(consumer, "poll_language", None)
    if language is None:
        language = await live_database_sync_to_async(reader_language)(consumer.subscription.user)
        consumer.poll_language = language
    return language


def initial_frames_many(subscriptions: list, languages: list[str]) -> list[list[dict]]:
    """At join: the room's polls and action points for each of the people entering it, in their language
    (forums.live.joins reads it with their other facts). Most rooms have no polls or action
    points yet when people join: then each empty list is one query for everyone and is written once per kind
    of reader (language, moderating, taking part); otherwise each person's are read as theirs."""
    room = subscriptions[0].room
    any_polls = Poll.objects.filter(room=room).exists()
    any_actions = ActionPoint.objects.filter(room=room).exists()
    written: dict[tuple, list[dict]] = {}
    frames = []
    for subscription, language in zip(subscriptions, languages, strict=True):
        kind = (language, subscription.moderate, subscription.may_post)
        if kind not in written or any_polls or any_actions:
            written[kind] = [
                polls_frame(subscription, language, None if any_polls else []),
                actions_frame(subscription, language, None if any_actions else []),
            ]
        frames.append(written[kind])
    return frames


def _act(subscription, frame: dict) -> int:
    """Run the client's poll action through the services; returns the poll's id."""
    user, room = subscription.user, subscription.room
    action = frame.get("action")
    if action == "vote":
        choices = frame.get("choices")
        vote = live_polls.poll_vote(user=user, room=room, poll_id=frame.get("poll"), choice_ids=choices or [])
        return vote.poll_id
    if action == "create":
        raw = frame.get("choices")
        choices = [str(label) for label in raw] if isinstance(raw, list) else str(raw or "").splitlines()
        poll = live_polls.poll_create(
            user=user,
            room=room,
            question=str(frame.get("question") or ""),
            choices=choices,
            multiple=bool(frame.get("multiple")),
            anonymous=bool(frame.get("anonymous")),
            hide_results=bool(frame.get("hide_results")),
        )
        return poll.pk
    service = MODERATOR_ACTIONS.get(action)
    if service is None:
        raise InvalidPost(_("Unknown action."))
    service(user=user, room=room, poll_id=frame.get("poll"))
    try:
        return int(frame.get("poll"))
    except (TypeError, ValueError):
        return 0


async def client_poll(consumer, frame: dict) -> None:
    """A poll action from the client (refusals raise ForumError: the consumer answers with an error frame)."""
    subscription = consumer.subscription
    if subscription.room is None:
        raise InvalidPost(_("This thread has no live room."))
    language = await _language(consumer)
    if frame.get("action") == "refresh":  # the client's occasional check: every poll afresh from the database
        await consumer.send_json(await live_database_sync_to_async(polls_frame)(subscription, language))
        return
    poll_id = await live_database_sync_to_async(_act)(subscription, frame)
    # The person's own connection sees the result at once; the others hear of it through the group.
    await consumer.send_json(await live_database_sync_to_async(poll_frame)(subscription, poll_id, language))


async def poll_changed(consumer, event: dict) -> None:
    """A poll changed: send it within COALESCE_SECONDS (one frame for a burst of votes)."""
    if consumer.subscription is None or consumer.subscription.room is None:
        return
    try:
        poll_id = int(event.get("poll"))
    except (TypeError, ValueError):
        return
    # When each poll's latest notice came: the frame sent for a burst is read after the last one it covers.
    consumer.__dict__.setdefault("polls_noticed", {})[poll_id] = time.monotonic()
    pending = consumer.__dict__.setdefault("polls_pending", set())
    if poll_id in pending:
        return
    pending.add(poll_id)
    task = asyncio.get_running_loop().create_task(_send_later(consumer, poll_id, pending))
    tasks = consumer.__dict__.setdefault("poll_tasks", set())
    tasks.add(task)
    task.add_done_callback(tasks.discard)


async def _send_later(consumer, poll_id: int, pending: set[int]) -> None:
    """The poll as this reader sees it, from a read of the poll that started after the last notice this
    frame covers, shared by the process's connections and rendered once per kind of reader
    (forums.live.poll_snapshots)."""
    try:
        await asyncio.sleep(COALESCE_SECONDS)
        pending.discard(poll_id)  # a vote committed from now on gets a frame of its own
        since = consumer.__dict__["polls_noticed"][poll_id]
        language = await _language(consumer)
        subscription = consumer.subscription
        snapshot = await poll_snapshots.snapshots().snapshot(subscription.room, poll_id, since)
        html = snapshot.fragment(subscription, language, render_poll)
        await consumer.send_json({"type": "poll", "id": poll_id, "html": html})
    except asyncio.CancelledError:
        raise
    except Exception:  # the connection closed meanwhile, or the read failed: the next change corrects it
        logger.debug("Poll frame for poll %s not sent", poll_id, exc_info=True)
    finally:
        pending.discard(poll_id)


async def actions_changed(consumer, event: dict) -> None:
    if consumer.subscription is None or consumer.subscription.room is None:
        return
    language = await _language(consumer)
    await consumer.send_json(
        await live_database_sync_to_async(actions_frame)(consumer.subscription, language)
    )


def cancel(consumer) -> None:
    """On disconnect: drop the poll frames still waiting."""
    for task in list(consumer.__dict__.get("poll_tasks", ())):
        task.cancel()
