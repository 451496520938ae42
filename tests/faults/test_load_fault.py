"""The load-and-fault run of bench/bench_load_fault.py at CI scale: 20 signed-in people in one live room over
two real uvicorn workers and a Redis server of the test's own, an HTTP stream alongside, one worker killed
(SIGKILL) and restarted and Redis restarted while 40 messages go out. Every message must be stored once and
shown exactly once, in order, by every client (bench/faults_run.py judges and prints the report).

The workers need a database they can share with this process: the suite's PostgreSQL test database when
DATABASE_URL names PostgreSQL (as CI runs), else a copy of the in-memory SQLite test database in a WAL file.
With ROUNDTABLE_REQUIRE_FAULT_TEST=1 the test fails instead of falling back to SQLite. It needs the
`redis-server` program (it fails, never skips, without it); the machine's own Redis is not touched.
"""

import datetime
import os
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

import pytest

from bench.faults_run import Options, Site, http_targets, run
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member
from tests.forums.live.conftest import make_session

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REQUIRE_POSTGRES = "ROUNDTABLE_REQUIRE_FAULT_TEST"
OPTIONS = Options(clients=20, messages=40, rate=4, http_rate=4, drain=40)


def _database_url(directory: Path) -> tuple[str, str]:
    """The URL the workers use, and how the report names the database."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        credentials = quote(db["USER"] or "")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"])
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        return f"postgres://{credentials}@{host}/{db['NAME']}", "PostgreSQL"
    if os.environ.get(REQUIRE_POSTGRES):
        pytest.fail(
            f"{REQUIRE_POSTGRES} is set, so the load-and-fault test must run on PostgreSQL: set DATABASE_URL "
            f"to a postgres:// URL (the suite runs on {connection.vendor})."
        )
    connection.ensure_connection()
    path = directory / "faults.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    return f"sqlite:///{path}?timeout=30&transaction_mode=IMMEDIATE", "SQLite (WAL)"


def _signed_in_members(group, count: int) -> list[str]:
    """Long-standing members (no new-account posting limit), each with a session cookie."""
    joined = timezone.now() - datetime.timedelta(days=90)
    cookies = []
    for _ in range(count):
        person = UserFactory(date_joined=joined)
        add_member(group, person)
        client = Client()
        client.force_login(person)
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
    return cookies


def test_killing_a_worker_and_restarting_redis_loses_and_duplicates_nothing(tmp_path, capsys):
    if shutil.which("redis-server") is None:
        pytest.fail(
            "The load-and-fault test starts its own Redis: install redis-server (apt-get install redis)."
        )
    session = make_session()
    cookies = _signed_in_members(session.group, OPTIONS.clients)
    thread = session.thread
    thread.refresh_from_db()
    database_url, label = _database_url(tmp_path)
    site = Site(
        thread_id=thread.pk,
        start_sequence=thread.last_sequence,
        cookies=cookies,
        targets=http_targets(thread, cookies[0]),
        database_url=database_url,
        secret_key=settings.SECRET_KEY,
    )

    code = run(site, OPTIONS, tmp_path, label)

    report = capsys.readouterr().out
    print(report)  # shown with `pytest -rP` (and on failure)
    assert code == 0, report
    assert "OK: every message stored once" in report, report
    assert "0 missing, 0 duplicated, 0 out of order" in report, report
