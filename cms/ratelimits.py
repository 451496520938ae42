"""Rate limits on what people do (post, register, invite, ask to join, flag), counted in Django's cache.

One function, `hit(scope, user=…, request=…)`, counts an attempt and raises `RateLimitExceeded` (a clear,
translated message and the seconds to wait) when the person is over a limit. Services call it right before
they write, after their own checks, so refused or invalid input does not use up the allowance, and every
entry point (page, WebSocket, management code) meets the same limit. Views turn the exception into a form
error and HTTP 429, keeping what the person typed.

Counting: fixed windows. For each rate ("10/m") the key names the scope, the person and the window's number
(`now // period`); `cache.add` starts a window's count atomically and `cache.incr` adds to it, so parallel
workers never lose a hit. A fixed window may let up to twice the rate through around a window's edge; that is
the price of one atomic cache operation per rate instead of a lock. In production the cache is Redis
(config/settings.py, REDIS_URL), so every worker shares the counts; LocMem counts per process.

Limits come from `ROUNDTABLE_RATE_LIMITS` (a dict merged over DEFAULT_RATE_LIMITS; a scope set to "" or None
is not limited; the whole setting False turns every limit off, as the test settings do).
"""

from __future__ import annotations

import contextvars
import ipaddress
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import ngettext

DEFAULT_RATE_LIMITS: dict[str, str] = {
    # A post is a reply, a live-room message or a thread's first post: all go through post_create.
    "forum_post": "15/m,200/h",
    "forum_thread": "5/10m,30/d",
    "forum_flag": "10/h",
    "event_registration": "10/m,60/h",
    "group_invitation": "30/h,200/d",
    "group_join_request": "5/h,20/d",
    # Reads of the public API (api/), counted per client address.
    "api_read": "120/m,3000/h",
}

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

_suspended: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "roundtable_ratelimits_suspended", default=False
)


class RateLimitExceeded(Exception):
    """Too many attempts; `message` says so and when to try again, `retry_after` is in seconds."""

    def __init__(self, message, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class Rate:
    amount: int
    period: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """ "10/m", "5/10m", "200/d" → Rate(amount, period in seconds)."""
        try:
            amount, duration = text.strip().split("/")
            unit = duration[-1]
            return cls(int(amount), int(duration[:-1] or 1) * UNITS[unit])
        except (ValueError, KeyError, IndexError):
            raise ImproperlyConfigured(f"Rate limits look like '10/m' or '5/10m', not {text!r}.") from None


def rates(scope: str) -> list[Rate]:
    """The configured rates of a scope (none when limits are off or the scope is unlimited)."""
    configured = getattr(settings, "ROUNDTABLE_RATE_LIMITS", {})
    if configured is False:
        return []
    spec = {**DEFAULT_RATE_LIMITS, **(configured or {})}.get(scope)
    return [Rate.parse(part) for part in (spec or "").split(",") if part.strip()]


def _address(value: str) -> str | None:
    """A well-formed IP address (brackets and a port around IPv6 removed), or None."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _trusted_proxy(address: str | None) -> bool:
    if address is None:
        return False
    networks = getattr(settings, "ROUNDTABLE_TRUSTED_PROXY_IPS", ["127.0.0.1", "::1"])
    ip = ipaddress.ip_address(address)
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)


def client_ip(request) -> str:
    """The client's address, the ONE answer for every per-address limit (ours and allauth's, through
    working_groups.adapter.AccountAdapter.get_client_ip).

    REMOTE_ADDR, unless TRUSTED_PROXY_COUNT (ALLAUTH_TRUSTED_PROXY_COUNT) proxies are configured *and* the
    connection comes from one of them (TRUSTED_PROXY_IPS, default loopback): then the address the outermost
    trusted proxy saw, X-Forwarded-For's entry counted from the right. A client can only add entries to the
    left of what the proxies append, so nothing it writes is read; a direct connection that bypasses the
    proxy has its header ignored; a short or malformed header falls back to REMOTE_ADDR (never an error).
    """
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    if proxies and _trusted_proxy(remote):
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            chosen = _address(forwarded[-proxies])
            if chosen is not None:
                return chosen
    return remote or "unknown"


def identity(user=None, request=None) -> str:
    """Whom a limit counts: the signed-in user, else the client's IP address."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    if request is None:
        raise ValueError("An anonymous rate limit needs the request (its IP address).")
    return f"ip:{client_ip(request)}"


def _count(key: str, timeout: int) -> int:
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window's key expired between add() and incr(): this hit opens it again
        cache.add(key, 1, timeout=timeout)
        return 1


def hit(scope: str, *, user=None, request=None) -> None:
    """Count one attempt at `scope` by this person; raise RateLimitExceeded when it is over a limit."""
    if _suspended.get():
        return
    scope_rates = rates(scope)
    if not scope_rates:
        return
    who = identity(user, request)
    now = time.time()
    wait = 0
    for rate in scope_rates:
        window = int(now // rate.period)
        count = _count(f"rl:{scope}:{who}:{rate.period}:{window}", rate.period + 5)
        if count > rate.amount:
            wait = max(wait, math.ceil((window + 1) * rate.period - now))
    if wait:
        raise RateLimitExceeded(too_many_message(wait), wait)


def too_many_message(seconds: int) -> str:
    if seconds < 120:
        return ngettext(
            "You are doing this too often. Please wait %(count)d second and try again.",
            "You are doing this too often. Please wait %(count)d seconds and try again.",
            seconds,
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "You are doing this too often. Please wait %(count)d minute and try again.",
        "You are doing this too often. Please wait %(count)d minutes and try again.",
        minutes,
    ) % {"count": minutes}


@contextmanager
def suspended() -> Iterator[None]:
    """No limits inside this block (in this thread or task): for the operator's own bulk work, such as
    seeding demo data, which acts for many people at machine speed."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)
