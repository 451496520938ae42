"""The live room's way from the event loop to the database.

Channels' `database_sync_to_async` closes the thread's connection after every call unless CONN_MAX_AGE keeps
it, and the site runs with CONN_MAX_AGE 0: under ASGI every HTTP request runs in a thread of its own, where a
kept connection would never be used again. The live consumers' calls are different: they all run in one
thread per process (thread-sensitive, outside any request), so a connection kept there serves every call
that follows. Opening and closing one per call was a third of a join's cost on SQLite (closing the last
connection to a WAL database checkpoints it) and a round trip per call on PostgreSQL.

`live_database_sync_to_async` therefore keeps that thread's connections open for
`ROUNDTABLE_FORUMS_LIVE_CONNECTION_SECONDS` after they were opened, as CONN_MAX_AGE would; Django's own
checks still run before and after each call, so a connection that broke (health checks, an error, autocommit
left off) is dropped and the next call opens a fresh one.
"""

from __future__ import annotations

import threading
import time

from django.db import close_old_connections, connections

from asgiref.sync import SyncToAsync

from forums.live import app_settings

_opened = threading.local()


def _keep_open() -> None:
    """Give this thread's connections that CONN_MAX_AGE 0 would close now the live thread's lifetime."""
    seen = getattr(_opened, "connections", None)
    if seen is None:
        seen = _opened.connections = {}
    keep = app_settings.connection_seconds()
    for connection in connections.all(initialized_only=True):
        if connection.connection is None or connection.settings_dict.get("CONN_MAX_AGE") != 0:
            continue
        raw = id(connection.connection)
        known = seen.get(connection.alias)
        if known is None or known[0] != raw:
            known = seen[connection.alias] = (raw, time.monotonic())
        # Django's close_if_unusable_or_obsolete() closes a connection once monotonic() passes close_at.
        connection.close_at = known[1] + keep


class LiveDatabaseSyncToAsync(SyncToAsync):
    def thread_handler(self, loop, *args, **kwargs):
        close_old_connections()
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            _keep_open()
            close_old_connections()


live_database_sync_to_async = LiveDatabaseSyncToAsync
