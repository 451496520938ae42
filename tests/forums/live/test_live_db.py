"""The live thread's database connection (forums.live.db): kept between the consumers' calls."""

import time

from django.contrib.auth import get_user_model
from django.db import connection

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async

from forums.live import db as live_db
from forums.live.db import live_database_sync_to_async

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # Channels closes connections


@pytest.fixture(autouse=True)
def fresh_connection_lifetime():
    """As a connection CONN_MAX_AGE 0 just opened: due to close now, not yet seen by the live thread."""
    connection.close_at = time.monotonic()
    live_db._opened.__dict__.clear()


def _read():
    get_user_model().objects.exists()
    return connection.close_at


def test_a_live_call_keeps_the_connection_where_channels_would_close_it(settings):
    settings.ROUNDTABLE_FORUMS_LIVE_CONNECTION_SECONDS = 60
    assert connection.settings_dict["CONN_MAX_AGE"] == 0
    channels_close_at = async_to_sync(database_sync_to_async(_read))()
    assert channels_close_at is not None and channels_close_at <= time.monotonic()  # closed after the call

    live_close_at = async_to_sync(live_database_sync_to_async(_read))()
    assert connection.close_at > time.monotonic() + 30
    assert live_close_at <= connection.close_at


def test_the_kept_connection_ends_when_its_lifetime_is_over(settings):
    settings.ROUNDTABLE_FORUMS_LIVE_CONNECTION_SECONDS = 0
    async_to_sync(live_database_sync_to_async(_read))()
    assert connection.close_at <= time.monotonic()


def test_a_site_that_sets_conn_max_age_keeps_its_own_lifetime(settings):
    settings.ROUNDTABLE_FORUMS_LIVE_CONNECTION_SECONDS = 3600
    connection.settings_dict["CONN_MAX_AGE"] = 5
    try:
        connection.close()
        async_to_sync(live_database_sync_to_async(_read))()
        assert connection.close_at <= time.monotonic() + 5
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = 0
