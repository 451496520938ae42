"""The per-process frame cache: each post is read once per server process and serialised once per reader
*kind*, not per reader; and each room's recent history is held here for the people who join.

Posts. When a post is written or changes, every connection to its thread in this process is told (ids and
the post's change number only, forums.live.broadcast). The first connection that needs the post reads it
(forums.live.selectors.shared_bundle: the post, its author's and mentions' profiles, reaction counts, every
voter of a question) and the others wait for that same read. A frame depends on the reader only through
their kind (`reader_kind`): whether they moderate the room (a hidden post's text), whether the thread shows
them names (the Chatham House Rule), their language and time zone — and, for the few people a post is
personal to (its author, the people it mentions, the voters of a question: "mine", "@you", "I voted"), the
person. The first reader of a kind builds and serialises the post's frame (`post_json`); every other reader of
that kind sends the same text: a dictionary look-up per connection. A frame that carries many posts (a
joiner's replay, the room's questions) is those texts joined (`list_text`), not serialised again.

Entries are keyed by (thread, post, change): a change gives a new key, so an entry is never served for a
later state of the post than the one it holds. They live a few seconds (the TTL bounds how stale an author's
display name can be) and at most `SIZE` of them are kept.

History. `history(thread, last_sequence, last_change)` answers with the thread's most recent posts
(`app_settings.replay_limit()`) as of a position at least as new as the one asked for — the position a
joiner read *after* joining the thread's group — so a join serves its replay and questions from memory. A
history is read from the database when none is held or the one held is older than asked (one read shared by
everyone who joins meanwhile); the notices of new posts and changes move it forward in place when they are
the next ones (a post numbered last_sequence + 1, a change numbered last_change + 1), so a busy room does
not read it again. A notice the layer dropped leaves the history behind: the next joiner's position is then
newer, and the history is read afresh. A hidden or deleted post is never served from an older state: a hide
takes the thread's next change number, and a history older than the joiner's `last_change` is not used.

The cache belongs to one event loop: the waiting is done with that loop's futures.
"""

from __future__ import annotations

import asyncio
import json
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass

from django.utils import timezone, translation

from forums.live import app_settings, selectors
from forums.live.db import live_database_sync_to_async
from forums.models import Post
from forums.presenters import chatham_shown_types, chatham_types_known

SIZE = 256
TTL_SECONDS = 30.0
#: Rooms whose history a process holds at most (the least recently joined is dropped first).
HISTORIES = 32
#: Serialised frames kept per bundle (a history holds many posts; old changes' texts are dropped).
MAX_TEXTS = 4096


def reader_kind(post: Post, bundle: selectors.PostBundle, presenter, moderate: bool) -> tuple:
    """What a post's frame depends on for this reader (see the module's docstring)."""
    viewer_id = presenter.viewer_id
    personal = viewer_id is not None and viewer_id in selectors.personal_ids(bundle, post)
    return (
        moderate,
        presenter.reveal,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        viewer_id if personal else None,
    )


async def prepare(presenter) -> None:
    """Make sure building a frame for this reader reads nothing: in a Chatham House thread the stakeholder
    types it may show are read (in a worker thread) when the presenter's memo has none fresh enough. The
    live presenters of one process share their memo (forums.live.subscriptions), so this is one read per
    group a minute, not one per reader."""
    thread = presenter.thread
    anonymised = thread.chatham_house and not presenter.reveal
    if anonymised and not chatham_types_known(thread, presenter.chatham_memo):
        await live_database_sync_to_async(chatham_shown_types)(thread, presenter.chatham_memo)


def post_frame(post: Post, bundle: selectors.PostBundle, presenter, moderate: bool):
    """The reader's frame of one post (a dict), built in memory."""
    return selectors.reader_frame(post, bundle, presenter, moderate, embeds=False)


def post_json(post: Post, bundle: selectors.PostBundle, presenter, moderate: bool) -> str:
    """The JSON text of this reader's frame of `post`: serialised once per reader kind and kept with the
    bundle."""
    key = (post.pk, post.change, reader_kind(post, bundle, presenter, moderate))
    text = bundle.texts.get(key)
    if text is None:
        text = json.dumps(post_frame(post, bundle, presenter, moderate), separators=(",", ":"))
        if len(bundle.texts) >= MAX_TEXTS:
            bundle.texts.clear()
        bundle.texts[key] = text
    return text


def post_text(frame_type: str, post: Post, bundle: selectors.PostBundle, presenter, moderate: bool) -> str:
    """The JSON text of a `post.created` / `post.updated` frame of `post` for this reader: built once per
    reader kind and kept with the bundle, like the post's own text."""
    key = (frame_type, post.pk, post.change, reader_kind(post, bundle, presenter, moderate))
    text = bundle.texts.get(key)
    if text is None:
        text = bundle.texts[key] = one_post_text(frame_type, post_json(post, bundle, presenter, moderate))
    return text


def one_post_text(frame_type: str, post_text: str) -> str:
    """The JSON text of a frame of one post serialised already: {"type": frame_type, "post": ...}."""
    return f'{{"type":"{frame_type}","post":{post_text}}}'


def list_text(frame_type: str, field: str, items: list[str], **more) -> str:
    """The JSON text of a frame that lists frames serialised already: {"type": frame_type, field: [...],
    **more} (a replay's posts, a room's questions)."""
    rest = "".join(f",{json.dumps(name)}:{json.dumps(value)}" for name, value in more.items())
    return f'{{"type":{json.dumps(frame_type)},{json.dumps(field)}:[{",".join(items)}]{rest}}}'


@dataclass
class History:
    """A thread's recent posts as of (`last_sequence`, `last_change`): every post numbered above
    `held_after` up to `last_sequence`, each in a state at least as new as `last_change`."""

    last_sequence: int
    last_change: int
    held_after: int
    bundle: selectors.PostBundle

    @classmethod
    def of(cls, last_sequence: int, last_change: int, bundle: selectors.PostBundle, limit: int) -> History:
        posts = bundle.posts
        held_after = posts[0].sequence - 1 if len(posts) >= limit and posts else 0
        return cls(last_sequence, last_change, held_after, bundle)

    def covers(self, last_sequence: int, last_change: int) -> bool:
        return self.last_sequence >= last_sequence and self.last_change >= last_change

    def posts_after(self, after: int) -> list[Post]:
        """The held posts numbered after `after` (a copy: the history moves on while a join sends them)."""
        return [post for post in self.bundle.posts if post.sequence > after]

    def questions(self, moderate: bool) -> list[Post] | None:
        """The room's questions as selectors.room_questions orders them; None when the history does not
        hold the whole thread (the questions are then read from the database)."""
        if self.held_after:
            return None
        found = []
        for post in self.bundle.posts:
            question = selectors._question_of(post)
            if question is None or post.is_deleted:
                continue
            if not moderate and (question.hidden or post.hidden):
                continue
            found.append(post)
        found.sort(key=lambda post: (-post.question.highlighted, -post.question.vote_count, post.sequence))
        return found

    def _take(self, post: Post, bundle: selectors.PostBundle) -> None:
        self.bundle.reactions[post.pk] = bundle.reactions.get(post.pk, {})
        self.bundle.voters[post.pk] = bundle.voters.get(post.pk, set())

    def extend(self, bundle: selectors.PostBundle, limit: int) -> None:
        """Append the posts of `bundle` that follow on from the last one held (read after it, so at least as
        new as `last_change`)."""
        for post in bundle.posts:
            if post.sequence <= self.last_sequence:
                continue
            if post.sequence != self.last_sequence + 1:
                break
            self._take(post, bundle)
            self.bundle.posts.append(post)
            self.last_sequence = post.sequence
        posts = self.bundle.posts
        if len(posts) > limit:
            del posts[: len(posts) - limit]
            self.held_after = posts[0].sequence - 1

    def advance(self, notice_change: int, bundle: selectors.PostBundle, limit: int) -> None:
        """Apply the notice whose post `bundle` holds, when it is the next one (else leave it: the next
        joiner reads the history afresh)."""
        if not bundle.posts:
            return
        post = bundle.posts[0]
        posts = self.bundle.posts
        if notice_change == 0:
            if post.sequence != self.last_sequence + 1:
                return
            self._take(post, bundle)
            posts.append(post)
            self.last_sequence = post.sequence
            if len(posts) > limit:
                del posts[: len(posts) - limit]
                self.held_after = posts[0].sequence - 1
            return
        if notice_change != self.last_change + 1 or post.sequence > self.last_sequence:
            return
        if post.sequence > self.held_after:
            index = post.sequence - posts[0].sequence if posts else -1
            if not (0 <= index < len(posts)) or posts[index].pk != post.pk:
                return  # not where it should be: leave it to a fresh read
            if posts[index].change > post.change:
                return
            self._take(post, bundle)
            posts[index] = post
        self.last_change = notice_change


class FrameCache:
    def __init__(self, size: int = SIZE, ttl: float = TTL_SECONDS) -> None:
        self.size, self.ttl = size, ttl
        self.entries: OrderedDict[tuple[int, int, int], tuple[float, asyncio.Future]] = OrderedDict()
        self.loads = 0
        self.histories: OrderedDict[int, History] = OrderedDict()
        self.history_loads: dict[int, asyncio.Future] = {}
        self.history_reads = 0
        self.gap_loads: dict[tuple[int, int], asyncio.Future] = {}
        #: Bundles of posts this process just wrote, put here by the database thread when the write has
        #: committed and before its notice goes out (`offer`), so the notice finds its post read already.
        self.offered: dict[tuple[int, int, int], selectors.PostBundle] = {}

    def offer(self, thread_id: int, bundle: selectors.PostBundle) -> None:
        """Keep the bundle of a post just written (called from the database thread: plain dictionary
        writes, no futures)."""
        post = bundle.posts[0]
        self.offered[(thread_id, post.pk, post.change)] = bundle
        while len(self.offered) > self.size:
            self.offered.pop(next(iter(self.offered)), None)

    async def bundle(self, thread_id: int, post_id: int, change: int) -> selectors.PostBundle | None:
        """The post's shared facts as of change `change` or later; None when it is not in the thread."""
        key = (thread_id, post_id, change)
        now = time.monotonic()
        entry = self.entries.get(key)
        if entry is not None and now - entry[0] < self.ttl:
            self.entries.move_to_end(key)
            read = entry[1]
            # Read already (every connection but the first): no shield, no wait.
            bundle = read.result() if read.done() else await asyncio.shield(read)
            self._advance(thread_id, change, bundle)
            return bundle
        offered = self.offered.pop(key, None)
        if offered is not None:
            read = asyncio.get_running_loop().create_future()
            read.set_result(offered)
            self._store(key, now, read)
            self._advance(thread_id, change, offered)
            return offered
        self.loads += 1
        task = asyncio.ensure_future(live_database_sync_to_async(selectors.shared_bundle)(thread_id, post_id))
        self._store(key, now, task)
        try:
            bundle = await asyncio.shield(task)
        except Exception:
            self.entries.pop(key, None)
            raise
        if bundle is not None and bundle.change != change:
            # Read after a later change had committed: it also answers for that change.
            self._store((thread_id, post_id, bundle.change), now, task)
        self._advance(thread_id, change, bundle)
        return bundle

    def _advance(self, thread_id: int, change: int, bundle: selectors.PostBundle | None) -> None:
        history = self.histories.get(thread_id)
        if history is not None and bundle is not None:
            history.advance(change, bundle, app_settings.replay_limit())

    def _store(self, key, now: float, task: asyncio.Future) -> None:
        self.entries[key] = (now, task)
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)

    async def history(self, thread_id: int, last_sequence: int, last_change: int) -> History:
        """The thread's recent history as of (`last_sequence`, `last_change`) or later."""
        held = self.histories.get(thread_id)
        if held is not None and held.covers(last_sequence, last_change):
            self.histories.move_to_end(thread_id)
            return held
        pending = self.history_loads.get(thread_id)
        if pending is not None:
            loaded = await asyncio.shield(pending)
            if loaded.covers(last_sequence, last_change):
                return loaded
            pending = self.history_loads.get(thread_id)
            if pending is not None:  # another joiner started a newer read meanwhile
                loaded = await asyncio.shield(pending)
                if loaded.covers(last_sequence, last_change):
                    return loaded
        task = asyncio.ensure_future(self._read_history(thread_id))
        self.history_loads[thread_id] = task
        try:
            return await asyncio.shield(task)
        finally:
            if self.history_loads.get(thread_id) is task:
                del self.history_loads[thread_id]

    async def gap(self, thread_id: int, until: int, last_change: int) -> History:
        """The thread's history reaching post `until`, for connections that heard of `until` before the
        posts ahead of it: the missing posts are read once per process and appended to the history held
        (a history that is missing, or older than `last_change`, is read afresh)."""
        held = self.histories.get(thread_id)
        if held is None or held.last_change < last_change:
            return await self.history(thread_id, until, last_change)
        if held.last_sequence >= until:
            return held
        key = (thread_id, until)
        pending = self.gap_loads.get(key)
        if pending is None:
            pending = asyncio.ensure_future(
                live_database_sync_to_async(selectors.posts_between)(thread_id, held.last_sequence, until)
            )
            self.gap_loads[key] = pending
            pending.add_done_callback(lambda _done: self.gap_loads.pop(key, None))
        bundle = await asyncio.shield(pending)
        held.extend(bundle, app_settings.replay_limit())
        return held

    async def _read_history(self, thread_id: int) -> History:
        limit = app_settings.replay_limit()
        self.history_reads += 1
        last_sequence, last_change, bundle = await live_database_sync_to_async(selectors.recent_history)(
            thread_id, limit
        )
        history = History.of(last_sequence, last_change, bundle, limit)
        held = self.histories.get(thread_id)
        if held is None or history.covers(held.last_sequence, held.last_change):
            self.histories[thread_id] = history
            self.histories.move_to_end(thread_id)
            while len(self.histories) > HISTORIES:
                self.histories.popitem(last=False)
        return history


_caches: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, FrameCache] = weakref.WeakKeyDictionary()


def cache() -> FrameCache:
    """The running event loop's cache (one per server process; a test's loop gets its own)."""
    loop = asyncio.get_running_loop()
    found = _caches.get(loop)
    if found is None:
        found = _caches[loop] = FrameCache()
    return found
