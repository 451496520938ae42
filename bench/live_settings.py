"""Settings of bench/bench_live.py (its own process and the servers it starts): the test suite's settings with
the live room's per-person frame limit lifted, so a few people can send hundreds of messages a minute.

Everything else is as the site runs: sessions in the database, access read afresh on the heartbeat and on
every change, the per-person frame count still kept in the cache (only its limit is lifted), and
notifications queued with the production task backend (the database), no worker running. On SQLite, a
writer waits up to 30 s for the write lock (the site's own setting: 20 s): two busy server processes share
one database file.
"""

from tests.settings import *  # noqa: F403

ROUNDTABLE_FORUMS_LIVE_RATE_LIMIT = (1_000_000, 1)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        **DATABASES["default"].get("OPTIONS", {}),  # noqa: F405
        "timeout": 30,
    }
