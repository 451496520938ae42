"""Who is connecting, read for a crowd at once (forums.live.crowd_auth): every session is answered as
Channels' own get_user answers it, alone. Adversary: a session signed out by a password change, an expired
one, an altered one, one naming a backend the site does not use, an inactive and a deleted account, all in
the same crowd as people signed in properly."""

import asyncio
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.functional import LazyObject

import pytest
from asgiref.sync import async_to_sync
from channels.auth import get_user
from channels.testing import WebsocketCommunicator

from forums.live import crowd_auth
from tests.factories.users import UserFactory
from tests.forums.live.conftest import make_session

MODEL_BACKEND, ALLAUTH_BACKEND = settings.AUTHENTICATION_BACKENDS


def _signed_in(person, backend: str = MODEL_BACKEND, session_hash: str | None = None) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = session_hash if session_hash is not None else person.get_session_auth_hash()
    store.create()
    return store.session_key


def _scope(session_key: str | None) -> dict:
    """A scope as Channels' SessionMiddleware leaves it: the store behind a lazy object, not read yet."""
    session = LazyObject()
    session._wrapped = SessionStore(session_key)
    return {"type": "websocket", "session": session}


def _cases() -> dict[str, str | None]:
    """One session key per kind of connection (a new set each call: some are spent when they are read)."""
    member, other, inactive, deleted, changed = (UserFactory() for _ in range(5))
    inactive.is_active = False
    inactive.save()
    cases = {
        "member": _signed_in(member),
        "through allauth": _signed_in(other, ALLAUTH_BACKEND),
        "inactive": _signed_in(inactive),
        "deleted": _signed_in(deleted),
        "password changed": _signed_in(changed),
        "no hash": _signed_in(member, session_hash=""),
        "unknown backend": _signed_in(member, "somewhere.else.Backend"),
        "expired": _signed_in(member),
        "unknown key": "x" * 32,
        "no cookie": None,
    }
    Session.objects.filter(pk=cases["expired"]).update(expire_date=timezone.now() - timedelta(seconds=1))
    altered = _signed_in(member)
    row = Session.objects.get(pk=altered)
    Session.objects.filter(pk=altered).update(session_data="tampered" + row.session_data[8:])
    cases["altered"] = altered
    changed.set_password("a new password for this test")
    changed.save()
    deleted.delete()
    return cases


def _who(user) -> str | int:
    return user.pk if user.is_authenticated else "anonymous"


@pytest.mark.django_db
def test_a_crowd_is_answered_as_channels_answers_each_connection_alone():
    alone = {name: _who(get_user.func(_scope(key))) for name, key in _cases().items()}
    crowd = _cases()
    found = crowd_auth.users_of([_scope(key) for key in crowd.values()])
    together = dict(zip(crowd, map(_who, found), strict=True))
    assert [name for name, who in alone.items() if who != "anonymous"] == ["member", "through allauth"]
    assert {name: who == "anonymous" for name, who in together.items()} == {
        name: who == "anonymous" for name, who in alone.items()
    }
    assert together["member"] != together["through allauth"]
    # As Channels does, a session whose hash no longer matches is signed out for good.
    assert not Session.objects.filter(pk=crowd["password changed"]).exists()


@pytest.mark.django_db
def test_a_crowd_of_twenty_costs_two_queries():
    keys = [_signed_in(UserFactory()) for _ in range(20)]
    scopes = [_scope(key) for key in keys]
    with CaptureQueriesContext(connection) as queries:
        users = crowd_auth.users_of(scopes)
    assert len(queries) == 2
    assert [user.pk for user in users] == [int(SessionStore(key).load()[SESSION_KEY]) for key in keys]


@pytest.mark.django_db
def test_two_tabs_of_one_person_get_a_user_each():
    person = UserFactory()
    first, second = crowd_auth.users_of([_scope(_signed_in(person)), _scope(_signed_in(person))])
    assert first.pk == second.pk == person.pk
    assert first is not second  # a connection that changes its user changes nobody else's


@pytest.mark.django_db
def test_an_error_in_one_connection_s_lookup_is_that_connection_s_alone(monkeypatch):
    good = _scope(_signed_in(UserFactory()))
    odd = _scope("y" * 32)

    class Failing:
        @staticmethod
        def func(scope):
            raise RuntimeError("this session store is broken")

    monkeypatch.setattr(crowd_auth, "get_user", Failing)
    found = crowd_auth.users_of([good, odd])
    assert found[0].is_authenticated
    assert isinstance(found[1], RuntimeError)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_connections_arriving_together_through_the_site_s_stack_are_each_let_in_or_refused():
    from config.asgi import application

    session = make_session()
    member = session.people["member"]
    signed_out = UserFactory()
    cookies = {
        "member": _signed_in(member),
        "password changed": _signed_in(member, session_hash="not the current hash"),
        "stranger": _signed_in(signed_out),
    }

    async def attempt(key):
        communicator = WebsocketCommunicator(
            application,
            f"/ws/forums/threads/{session.thread.pk}/?room=1",
            headers=[
                (b"host", b"testserver"),
                (b"origin", b"http://testserver"),
                (b"cookie", f"sessionid={key}".encode()),
            ],
        )
        connected, _code = await communicator.connect(timeout=5)
        if connected:
            await communicator.disconnect()
        return connected

    async def crowd():
        return await asyncio.gather(*(attempt(key) for key in cookies.values()))

    results = dict(zip(cookies, async_to_sync(crowd)(), strict=True))
    assert results == {"member": True, "password changed": False, "stranger": False}
