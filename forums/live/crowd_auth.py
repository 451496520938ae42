"""Who is connecting: Channels' AuthMiddleware, with the sessions and accounts of a crowd read together.

Channels reads each connection's session and then its account, two queries per connection on the one thread
the live connections share for the database, before the consumer runs. When a webinar opens its room, a few
hundred people connect within seconds and those reads queue up in front of everything else. Here the
connections that arrive while a read is under way are read together (forums.live.joins.together): one query
for their sessions, one for their accounts.

Only the plain case is decided here, and it is decided as `channels.auth.get_user` decides it: a database
session, unexpired, naming a configured backend that finds accounts as Django's ModelBackend does, an account
that may sign in, and the session's hash equal to the account's current one (a password change signs the
session out). Anything else — no session, an expired or altered one, an unknown backend, an inactive or
deleted account, a hash that does not match — is handed to Channels' own `get_user`, one connection at a
time, exactly as before.
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import LazyObject

from channels.auth import AuthMiddleware, CookieMiddleware, SessionMiddleware, get_user

from forums.live import joins


def users_of(scopes: list[dict]) -> list:
    """The user of each scope, as channels.auth.get_user finds it: two queries for the plain cases of any
    number of scopes (sessions, accounts), and Channels' own lookup for each of the others (an error there
    is that scope's answer, not the crowd's)."""
    sessions = [_store(scope["session"]) for scope in scopes]
    _load_sessions([session for session in sessions if _plain_store(session)])
    claimed = [_claim(session) for session in sessions]
    ids = {user_id for user_id, _backend in filter(None, claimed)}
    accounts = {account.pk: account for account in get_user_model()._default_manager.filter(pk__in=ids)}
    users = []
    for scope, session, claim in zip(scopes, sessions, claimed, strict=True):
        user = _verified(session, claim, accounts) if claim else None
        if user is None:
            try:
                user = get_user.func(scope)
            except Exception as problem:
                user = problem
        users.append(user)
    return users


def _store(session):
    """The session store behind Channels' lazy `scope["session"]`."""
    return session._wrapped if isinstance(session, LazyObject) else session


def _plain_store(session) -> bool:
    """A database session not read yet (a subclass may read differently: it takes Channels' way)."""
    return (
        type(session) is DatabaseSessionStore
        and bool(session.session_key)
        and not hasattr(session, "_session_cache")
    )


def _load_sessions(sessions: list) -> None:
    """Fill each store's data as SessionStore.load would, from one query (a missing or expired session is
    left unread: Channels' lookup reads it and finds nothing)."""
    if not sessions:
        return
    keys = {session.session_key for session in sessions}
    rows = dict(
        DatabaseSessionStore.get_model_class()
        .objects.filter(session_key__in=keys, expire_date__gt=timezone.now())
        .values_list("session_key", "session_data")
    )
    for session in sessions:
        data = rows.get(session.session_key)
        if data is not None:
            session._session_cache = session.decode(data)


def _claim(session) -> tuple | None:
    """The account id and backend a loaded session names, when its backend finds accounts as ModelBackend
    does; None otherwise."""
    if not hasattr(session, "_session_cache"):
        return None
    try:
        user_id = get_user_model()._meta.pk.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
    except (KeyError, ValidationError):
        return None
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    backend = load_backend(backend_path)
    if type(backend).get_user is not ModelBackend.get_user:
        return None
    return user_id, backend


def _verified(session, claim: tuple, accounts: dict):
    """The claimed account when it may sign in and the session's hash is its current one; else None."""
    user_id, backend = claim
    account = accounts.get(user_id)
    if account is None or not backend.user_can_authenticate(account):
        return None
    session_hash = session.get(HASH_SESSION_KEY)
    if not session_hash or not constant_time_compare(session_hash, account.get_session_auth_hash()):
        return None
    return copy.copy(account)  # each connection its own instance, as Channels gives it (two tabs, one person)


class CrowdAuthMiddleware(AuthMiddleware):
    async def resolve_scope(self, scope):
        user = await joins.together(("auth",), scope, users_of)
        if isinstance(user, Exception):
            raise user
        scope["user"]._wrapped = user


def CrowdAuthMiddlewareStack(inner):
    return CookieMiddleware(SessionMiddleware(CrowdAuthMiddleware(inner)))
