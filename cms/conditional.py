"""Last-Modified dates that only move forward, for responses whose content can also lose parts.

A feed's newest item date is no Last-Modified: when an item leaves the feed (unpublished, made private) the
newest remaining date stays or even goes back, and a client revalidating with If-Modified-Since is told
nothing changed. So a response's Last-Modified is the time this version of it (named by its ETag) was first
served: a marker kept in the cache per response identity. When the ETag differs from the marker's, the
version is new and its Last-Modified is now (never before the previous version's, nor before the content's
own newest date). Losing the marker (cache cleared or evicted) only moves the date forward to now, which
costs a client one full download and never serves it a stale 304. Caches shared by every process (Redis)
give every process the same date; per-process caches each keep their own first-seen time, which is still
always later than any version a client saw before the change.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

# How long an unused marker is kept: a client polling less often than this gets one full download.
MARKER_SECONDS = 60 * 60 * 24 * 90


def version_last_modified(identity: str, etag: str, *, floor: datetime | None = None) -> datetime:
    """The Last-Modified of the response `identity` (what it is: its path, canonical parameters, language)
    in its version `etag`, at least `floor` (the content's own newest change), to the second."""
    key = "cms:last-modified:" + hashlib.sha256(identity.encode()).hexdigest()
    stored = cache.get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == etag:
        return stored[1]
    moment = timezone.now().replace(microsecond=0)
    if isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[1], datetime):
        # HTTP dates count whole seconds: a new version must show a later second than the one it replaces.
        moment = max(moment, stored[1] + timedelta(seconds=1))
    if floor is not None:
        moment = max(moment, floor.replace(microsecond=0))
    cache.set(key, (etag, moment), MARKER_SECONDS)
    return moment
