"""The per-process frame cache: each post's shared facts are read once per server process, not per reader.

When a post is written or changes, every connection to its thread in this process is told (ids and the
post's change number only, forums.live.broadcast). The first connection that needs the post reads it
(forums.live.selectors.shared_bundle: the post, its author's and mentions' profiles, reaction counts, every
voter of a question) and the others wait for that same read; each then builds its own frame in memory
(selectors.reader_frames), so the reader's rights still decide what it gets: a hidden post's text only for
moderators, names as the Chatham House Rule allows, "is it mine" and "have I voted".

Entries are keyed by (thread, post, change): a change gives a new key, so an entry is never served for a
later state of the post than the one it holds. They live a few seconds (the TTL bounds how stale an author's
display name can be) and at most `SIZE` of them are kept. The cache belongs to one event loop: the waiting
is done with that loop's futures.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections import OrderedDict

from channels.db import database_sync_to_async

from forums.live import selectors

SIZE = 256
TTL_SECONDS = 30.0


class FrameCache:
    def __init__(self, size: int = SIZE, ttl: float = TTL_SECONDS) -> None:
        self.size, self.ttl = size, ttl
        self.entries: OrderedDict[tuple[int, int, int], tuple[float, asyncio.Future]] = OrderedDict()
        self.loads = 0

    async def bundle(self, thread_id: int, post_id: int, change: int) -> selectors.PostBundle | None:
        """The post's shared facts as of change `change` or later; None when it is not in the thread."""
        key = (thread_id, post_id, change)
        now = time.monotonic()
        entry = self.entries.get(key)
        if entry is not None and now - entry[0] < self.ttl:
            self.entries.move_to_end(key)
            return await asyncio.shield(entry[1])
        self.loads += 1
        task = asyncio.ensure_future(database_sync_to_async(selectors.shared_bundle)(thread_id, post_id))
        self._store(key, now, task)
        try:
            bundle = await asyncio.shield(task)
        except Exception:
            self.entries.pop(key, None)
            raise
        if bundle is not None and bundle.change != change:
            # Read after a later change had committed: it also answers for that change.
            self._store((thread_id, post_id, bundle.change), now, task)
        return bundle

    def _store(self, key, now: float, task: asyncio.Future) -> None:
        self.entries[key] = (now, task)
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


_caches: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, FrameCache] = weakref.WeakKeyDictionary()


def cache() -> FrameCache:
    """The running event loop's cache (one per server process; a test's loop gets its own)."""
    loop = asyncio.get_running_loop()
    found = _caches.get(loop)
    if found is None:
        found = _caches[loop] = FrameCache()
    return found
