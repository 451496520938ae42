"""cms.cache_backend: while Redis is down, restarting or loading, the cache reads as empty, writes are
skipped with a warning, pages answer and rate limits let requests through; with Redis up it is the plain
RedisCache.

Redis is "down" on a port that was free a moment ago; a small fake server plays a Redis that is loading its
data, refuses the password, or never answers. The round trip against a running Redis uses DB 15 of the
server in REDIS_URL, and runs (failing, never skipping, if Redis is unreachable) whenever REDIS_URL is set.
"""

import contextlib
import os
import pickle
import socket
import threading
import time
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Site

import pytest
import redis
from asgiref.sync import async_to_sync

from cms import ratelimits
from cms.cache_backend import ResilientRedisCache
from cms.models import MainMenu, MainMenuItem
from tests.config.test_settings import settings_as_json
from tests.factories.cms import StandardPageFactory
from tests.factories.users import DEFAULT_PASSWORD, UserFactory

OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}  # as config/settings.py sets them
REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture(autouse=True)
def clear_cache():
    """Overrides tests/cms/conftest.py: these tests bring caches of their own and leave the default alone."""


@pytest.fixture(autouse=True)
def ask_redis_every_time(monkeypatch):
    """Every operation asks Redis (or fails to); the pause after a failure has a test of its own."""
    monkeypatch.setattr(ResilientRedisCache, "pause_seconds", 0.0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cache_settings(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "cms.cache_backend.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": OPTIONS,
        }
    }


@pytest.fixture
def redis_down():
    """The default cache is a ResilientRedisCache whose Redis does not listen."""
    with override_settings(CACHES=cache_settings(f"redis://127.0.0.1:{free_port()}/15")):
        yield caches["default"]


@contextlib.contextmanager
def fake_redis(reply: bytes | None):
    """A server that answers the first command of each connection with `reply` (None: never answers)."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def serve():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:  # the server socket was shut down
                return
            accepted.append(connection)
            if reply is not None:
                with contextlib.suppress(OSError):
                    connection.recv(65536)
                    connection.sendall(reply)
                if not reply:
                    connection.close()  # as a restarting Redis does

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/15"
    finally:
        server.shutdown(socket.SHUT_RDWR)
        server.close()
        thread.join(timeout=5)
        for connection in accepted:
            connection.close()


def cache_warnings(caplog) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "roundtable.cache" and r.levelname == "WARNING"
    ]


# --- the backend, Redis down ---


def test_reads_miss_and_writes_are_skipped_with_a_warning_each(redis_down, caplog):
    assert redis_down.get("chrome") is None
    assert redis_down.get("chrome", "fallback") == "fallback"
    assert redis_down.get_many(["a", "b"]) == {}
    assert redis_down.has_key("a") is False
    assert redis_down.get_or_set("version", 1) == 1
    redis_down.set("a", {"any": "value"})
    assert redis_down.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert redis_down.touch("a") is False
    assert redis_down.delete("a") is False
    redis_down.delete_many(["a", "b"])

    warnings = cache_warnings(caplog)
    # get_or_set is get, add, get: 12 operations, one warning each.
    assert len(warnings) == 12
    assert warnings[0].startswith(
        "Cache get skipped, Redis is unreachable: Error 111 connecting to 127.0.0.1:"
    )
    assert {w.split()[1] for w in warnings} == {
        "get", "get_many", "has_key", "add", "set", "set_many", "touch", "delete", "delete_many"
    }  # fmt: skip


def test_add_and_incr_answer_go_ahead_so_counters_let_the_hit_through(redis_down, caplog):
    assert redis_down.add("window", 1) is True
    assert redis_down.incr("window") == 1
    assert redis_down.incr("window", 5) == 5
    assert redis_down.decr("window") == -1
    assert len(cache_warnings(caplog)) == 4


def test_the_async_api_degrades_too(redis_down, caplog):
    async def use_the_cache():
        assert await redis_down.aget("a", "fallback") == "fallback"
        assert await redis_down.aadd("a", 1) is True
        await redis_down.aset("a", 1)
        # BaseCache's aincr is a get and a set (RedisCache has no async incr): the key is missing.
        with pytest.raises(ValueError, match="not found"):
            await redis_down.aincr("a")

    async_to_sync(use_the_cache)()
    assert len(cache_warnings(caplog)) == 4


def test_programming_errors_and_clear_still_raise(redis_down):
    with pytest.raises((pickle.PicklingError, AttributeError)):  # a lambda cannot be pickled
        redis_down.set("a", lambda: None)
    with pytest.raises(TypeError):
        redis_down.get_many(None)
    with pytest.raises(redis.exceptions.ConnectionError):
        redis_down.clear()  # an operator's action: they must see that it did not happen


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        (b"-LOADING Redis is loading the dataset in memory\r\n", "Redis is loading the dataset in memory"),
        (b"", "Connection closed by server."),  # a restart drops the connection
    ],
)
def test_a_loading_or_restarting_redis_is_a_miss(reply, problem, caplog):
    with fake_redis(reply) as location, override_settings(CACHES=cache_settings(location)):
        assert caches["default"].get("a", "fallback") == "fallback"
        assert caches["default"].add("a", 1) is True
    assert cache_warnings(caplog) == [
        f"Cache {op} skipped, Redis is unreachable: {problem}" for op in ("get", "add")
    ]


def test_a_redis_that_does_not_answer_costs_one_socket_timeout(caplog):
    with fake_redis(None) as location, override_settings(CACHES=cache_settings(location)):
        started = time.monotonic()
        assert caches["default"].get("a") is None
        elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 3  # socket_timeout=1, not redis-py's default of 5 s
    port = urlsplit(location).port
    assert cache_warnings(caplog) == [
        f"Cache get skipped, Redis is unreachable: Timeout reading from 127.0.0.1:{port}"
    ]


def test_after_a_failure_redis_is_left_alone_for_a_while(monkeypatch, caplog):
    """A Redis that does not answer costs one socket timeout, then nothing until the pause is over."""
    monkeypatch.setattr(ResilientRedisCache, "pause_seconds", 30.0)
    with fake_redis(None) as location, override_settings(CACHES=cache_settings(location)):
        cache = caches["default"]
        started = time.monotonic()
        assert cache.get("a") is None
        first = time.monotonic() - started
        started = time.monotonic()
        assert cache.get("a", "fallback") == "fallback" and cache.add("b", 1) is True
        assert cache.incr("c") == 1
        paused = time.monotonic() - started
        assert len(cache_warnings(caplog)) == 1
        monkeypatch.setattr("cms.cache_backend._paused_until", {})  # the pause is over
        assert cache.get("a") is None
        assert len(cache_warnings(caplog)) == 2
    assert first > 0.9 and paused < 0.1


def test_a_wrong_password_is_a_configuration_error_not_an_outage():
    reply = b"-WRONGPASS invalid username-password pair or user is disabled.\r\n"
    with fake_redis(reply) as location:
        backend = ResilientRedisCache(location.replace("//", "//:wrong@"), {"OPTIONS": OPTIONS})
        with pytest.raises(redis.exceptions.AuthenticationError):
            backend.get("a")


# --- configuration ---


def test_production_cache_is_the_resilient_backend_with_short_timeouts():
    values = settings_as_json(
        ["CACHES", "CHANNEL_LAYERS"], DEBUG="1", REDIS_URL="redis://cache.internal:6379/2"
    )
    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "cms.cache_backend.ResilientRedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"
    assert cache["OPTIONS"] == OPTIONS
    # The channel layer keeps its own, longer read timeout.
    [host] = values["CHANNEL_LAYERS"]["default"]["CONFIG"]["hosts"]
    assert host["socket_timeout"] == 15

    # Django hands OPTIONS to redis-py's connection pool, which gives them to every connection.
    backend = ResilientRedisCache(cache["LOCATION"], {"OPTIONS": cache["OPTIONS"]})
    pool = backend._cache._get_connection_pool(write=True)
    assert pool.connection_kwargs["socket_connect_timeout"] == 1
    assert pool.connection_kwargs["socket_timeout"] == 1


# --- the site, Redis down ---


@pytest.mark.django_db
def test_pages_answer_with_the_chrome_built_from_the_database(
    client, home, redis_down, caplog, django_assert_num_queries
):
    about = StandardPageFactory(parent=home, title="About", slug="about")
    menu = MainMenu.for_site(Site.objects.get(is_default_site=True))
    menu.items = [MainMenuItem(title="About us", link_page=about)]
    menu.save()
    client.get("/")

    # Nothing is cached, so every request builds the chrome again (and Wagtail looks up the sites' root
    # paths, which it keeps in the cache too, once per menu link, and once per language alternate of the
    # page: its translations and the pages hidden from the visitor): the same cost each time. (How many
    # queries a page costs depends on the apps installed: 21 with the whole suite.)
    with CaptureQueriesContext(connection) as first:
        response = client.get("/")
    assert len(first) <= 21
    with django_assert_num_queries(len(first)):
        assert client.get("/").status_code == 200

    assert response.status_code == 200
    assert '<a href="/about/">About us</a>' in response.content.decode()
    assert cache_warnings(caplog)


@pytest.mark.django_db
def test_rate_limits_let_requests_through_with_a_warning(redis_down, caplog):
    person = UserFactory()
    with override_settings(ROUNDTABLE_RATE_LIMITS={"forum_post": "1/m,2/h"}):
        for _attempt in range(4):
            ratelimits.hit("forum_post", user=person)
    assert len(cache_warnings(caplog)) == 8  # one add per rate and attempt


@pytest.mark.django_db
def test_sign_in_is_not_held_up_by_allauths_rate_limits(client, redis_down):
    person = UserFactory()
    with override_settings(ACCOUNT_RATE_LIMITS={"login": "1/m/ip", "login_failed": "1/m/ip"}):
        for _attempt in range(3):
            wrong = client.post(reverse("account_login"), {"login": person.email, "password": "wrong"})
            assert wrong.status_code == 200
        started = time.monotonic()
        right = client.post(reverse("account_login"), {"login": person.email, "password": DEFAULT_PASSWORD})
    assert time.monotonic() - started < 1  # allauth's cache lock is taken at once, not waited for
    assert right.status_code == 302
    assert right.wsgi_request.user == person


# --- Redis up ---


@pytest.mark.skipif(not REDIS_URL, reason="needs a running Redis in REDIS_URL (CI sets it)")
def test_values_round_trip_through_a_running_redis(caplog):
    location = urlsplit(REDIS_URL)._replace(path="/15").geturl()  # DB 15: other runs use other databases
    redis.Redis.from_url(location, socket_connect_timeout=2).ping()  # unreachable: fail, do not degrade
    backend = ResilientRedisCache(location, {"OPTIONS": OPTIONS, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        backend.set("chrome", {"site_name": "Covenant"})
        assert backend.get("chrome") == {"site_name": "Covenant"}
        assert backend.add("chrome", "other") is False
        assert backend.add("window", 1, timeout=60) is True
        assert backend.incr("window") == 2
        assert backend.decr("window", 2) == 0
        with pytest.raises(ValueError, match="not found"):
            backend.incr("missing")  # cms.ratelimits and cms.chrome rely on this
        assert backend.set_many({"a": 1, "b": 2}) == []
        assert backend.get_many(["a", "b", "missing"]) == {"a": 1, "b": 2}
        assert backend.has_key("a") is True
        assert backend.touch("a", 60) is True
        assert backend.delete("a") is True
        assert backend.get("a", "gone") == "gone"
    finally:
        backend.delete_many(["chrome", "window", "a", "b"])
    assert not cache_warnings(caplog)
    assert settings.CACHES["default"]["BACKEND"] == "cms.cache_backend.ResilientRedisCache"
