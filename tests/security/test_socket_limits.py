"""Socket limits (issue 14, findings 4 and 5): the Origin check compares scheme, host and port against the
site's own origins, read at every handshake; unknown socket paths and absurd frames are refused cleanly; a
rate-limited frame costs no database work; anonymous budgets are per address, not per connection; and the
server itself caps frame sizes."""

import json
import re
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from cms.websocket_origin import origin_allowed, parse_origin
from forums import services
from forums.live import access_watch, app_settings
from tests.factories.forums import ForumFactory
from tests.factories.users import UserFactory
from tests.forums.live.conftest import LiveClient

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def public_thread(transactional_db):
    forum = ForumFactory(title="Public square", group=None)
    return services.thread_create(
        author=UserFactory(), forum=forum, title="Open to all", body_markdown="Anyone reads this."
    )


@pytest.fixture(autouse=True)
def _fresh_layer_and_cache():
    from django.core.cache import cache

    from channels.layers import channel_layers

    channel_layers.backends.clear()
    cache.clear()
    yield
    channel_layers.backends.clear()


def _handshake(path: str, origin: str | None, host: str = "testserver", scheme: str = "ws") -> bool:
    from config.asgi import application

    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))

    async def connect():
        communicator = WebsocketCommunicator(application, path, headers=headers)
        communicator.scope["scheme"] = scheme
        connected, _code = await communicator.connect(timeout=5)
        if connected:
            await communicator.disconnect()
        return connected

    return async_to_sync(connect)()


# --- Origin: scheme, host and port --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "origin,host,scheme,accepted",
    [
        ("http://testserver", "testserver", "ws", True),
        ("https://testserver", "testserver", "wss", True),
        ("http://testserver:80", "testserver", "ws", True),
        ("http://testserver:8080", "testserver", "ws", False),  # another port of an allowed host
        ("https://testserver", "testserver", "ws", False),  # another scheme
        ("http://testserver", "testserver", "wss", False),
        ("http://localhost", "testserver", "ws", False),  # an allowed host, but not this one
        ("http://evil.example", "testserver", "ws", False),
        ("http://evil.example", "evil.example", "ws", False),  # a host outside ALLOWED_HOSTS
        ("http://127.0.0.1:8000", "testserver", "ws", True),  # BASE_URL
        ("http://127.0.0.1:8001", "testserver", "ws", False),
        ("null", "testserver", "ws", False),
        (None, "testserver", "ws", False),
    ],
)
def test_only_the_sites_own_origins_open_a_socket(public_thread, origin, host, scheme, accepted):
    path = f"/ws/forums/threads/{public_thread.pk}/?after=0"
    assert _handshake(path, origin, host, scheme) is accepted


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_origin_check_reads_the_settings_at_every_handshake(public_thread, settings):
    path = f"/ws/forums/threads/{public_thread.pk}/?after=0"
    settings.BASE_URL = "https://covenant.example"
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.covenant.example"]
    assert _handshake(path, "https://covenant.example")
    assert _handshake(path, "https://live.covenant.example")
    assert not _handshake(path, "http://covenant.example")
    assert not _handshake(path, "https://covenant.example:8443")
    assert not _handshake(path, "http://127.0.0.1:8000")  # the old BASE_URL
    settings.ALLOWED_HOSTS = ["localhost"]
    assert not _handshake(path, "http://testserver")


def test_origins_are_parsed_strictly():
    assert parse_origin("HTTPS://Example.org") == ("https", "example.org", 443)
    assert parse_origin("http://example.org:8080") == ("http", "example.org", 8080)
    for bad in ("", "null", "example.org", "ftp://example.org", "http://example.org:99999", "http://a@b.org"):
        assert parse_origin(bad) is None, bad
    scope = {"type": "websocket", "scheme": "ws", "headers": [(b"host", b"testserver")]}
    assert not origin_allowed(scope)


# --- Paths and frames the routing or the parser could not take ----------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "path",
    [
        "/ws/forums/threads/abc/",
        "/ws/forums/threads/1e3/",
        "/ws/forums/threads/-1/",
        f"/ws/forums/threads/{'1' * 30}/",
        "/ws/forums/threads/",
        "/ws/nothing-here/",
    ],
)
def test_a_socket_path_no_route_can_serve_is_refused_in_the_handshake(path):
    assert _handshake(path, "http://testserver") is False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_deeply_nested_frame_is_refused_and_the_connection_goes_on(public_thread):
    async def scenario():
        client = LiveClient(public_thread.pk, None, room=False)
        assert await client.connect()
        await client.receive_until("replay.done")
        replies = []
        for depth in (2000, 9):
            await client.send_raw('{"type":"ping","x":' + "[" * depth + "]" * depth + "}")
            replies.append((await client.receive_until("error"))[-1])
        await client.send(type="ping")
        pong = (await client.receive_until("pong"))[-1]
        await client.close()
        return replies, pong

    replies, pong = async_to_sync(scenario)()
    assert [reply["code"] for reply in replies] == ["bad_frame", "bad_frame"]
    assert pong["type"] == "pong"


# --- Rate limits: before the database, per person and per address -------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rate_limited_frame_is_refused_before_any_access_check(public_thread, settings, monkeypatch):
    settings.ROUNDTABLE_FORUMS_LIVE_RATE_LIMIT = (3, 60)
    checks = []
    real_recheck = access_watch.recheck

    def counting_recheck(*args, **kwargs):
        checks.append(1)
        return real_recheck(*args, **kwargs)

    monkeypatch.setattr(access_watch, "recheck", counting_recheck)
    person = UserFactory()

    async def scenario():
        client = LiveClient(public_thread.pk, person, room=False)
        assert await client.connect()
        await client.receive_until("replay.done")
        for _number in range(10):
            await client.send(type="ping")
        frames = [await client.receive() for _number in range(10)]
        await client.close()
        return frames

    frames = async_to_sync(scenario)()
    assert [frame["type"] for frame in frames].count("pong") == 3
    assert [frame.get("code") for frame in frames].count("rate_limited") == 7
    assert len(checks) == 3, "only the frames within the limit read access from the database"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_anonymous_connections_from_one_address_share_one_budget(public_thread, settings):
    settings.ROUNDTABLE_FORUMS_LIVE_ADDRESS_RATE_LIMIT = (5, 60)

    def client_from(address: str, port: int) -> LiveClient:
        client = LiveClient(public_thread.pk, None, room=False)
        client.communicator.scope["client"] = [address, port]
        return client

    async def scenario():
        flood = [client_from("203.0.113.9", 40000 + number) for number in range(20)]
        for client in flood:
            assert await client.connect()
            await client.receive_until("replay.done")
        for client in flood:
            await client.send(type="ping")
        replies = [(await client.receive())["type"] for client in flood]
        neighbour = client_from("198.51.100.7", 50000)
        assert await neighbour.connect()
        await neighbour.receive_until("replay.done")
        await neighbour.send(type="ping")
        neighbour_reply = (await neighbour.receive())["type"]
        for client in [*flood, neighbour]:
            await client.close()
        return replies, neighbour_reply

    replies, neighbour_reply = async_to_sync(scenario)()
    assert replies.count("pong") == 5 and replies.count("error") == 15
    assert neighbour_reply == "pong", "another address has its own budget"


# --- The server's own frame limit ------------------------------------------------------------------------


def _ws_max_sizes(text: str) -> list[int]:
    return [int(value) for value in re.findall(r"--ws-max-size[ =](\d+)", text)]


def test_the_server_refuses_frames_far_beyond_the_apps_limit():
    """uvicorn accepts 16 MiB frames unless told otherwise: every uvicorn command we give (the Makefile, the
    README and every page of docs/) sets a limit just above the app's own (which answers frames between the
    two with a clear message)."""
    makefile = (ROOT / "Makefile").read_text()
    serve = re.search(r"^serve:.*?\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    documentation = "\n".join(
        path.read_text() for path in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    )
    uvicorn_commands = re.findall(r"uvicorn config\.asgi:application[^`]*`", documentation)
    assert uvicorn_commands, "the production command in docs/operations.md"
    limits = _ws_max_sizes(serve) + [size for command in uvicorn_commands for size in _ws_max_sizes(command)]
    assert len(limits) == 1 + len(uvicorn_commands), "a uvicorn command without --ws-max-size"
    for limit in limits:
        assert app_settings.max_frame_bytes() <= limit <= 64 * 1024


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_apps_own_limit_is_checked_before_parsing(public_thread, monkeypatch):
    parsed = []
    real_loads = json.loads
    monkeypatch.setattr(
        json, "loads", lambda text, *a, **k: parsed.append(len(text)) or real_loads(text, *a, **k)
    )

    async def scenario():
        client = LiveClient(public_thread.pk, None, room=False)
        assert await client.connect()
        await client.receive_until("replay.done")
        await client.send_raw('{"type":"ping","pad":"' + "x" * 9000 + '"}')
        reply = (await client.receive_until("error"))[-1]
        await client.close()
        return reply

    assert async_to_sync(scenario)()["code"] == "too_large"
    assert not [size for size in parsed if size > 9000]
