"""Django's Redis cache, degrading instead of failing while Redis is down, restarting or loading its data.

Everything the site keeps in the cache can be rebuilt or done without: the site chrome is rebuilt from the
database and the rate limits let the request through. So while Redis cannot be reached a read is a miss and
a write is skipped, and each failed operation logs one WARNING on the `roundtable.cache` logger (without the
key, which may hold an IP address).

Only connection-level errors degrade: redis-py raises ConnectionError when the server refuses or drops the
connection (a restart), TimeoutError when it does not answer within the socket timeouts, and
BusyLoadingError (a ConnectionError) while it loads its data set after a restart. A wrong password
(AuthenticationError, AuthorizationError), a wrong reply, a value that cannot be pickled or a wrong argument
still raise, as does `clear()`, which an operator runs on purpose. The socket timeouts come from the cache's
OPTIONS (config/settings.py), so an unreachable Redis costs about a second, not five; after a failure the
process leaves that Redis alone for `pause_seconds` (5 s), so a host that is gone without refusing connections
slows one operation, not every operation of every request.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from redis import exceptions as redis_errors

logger = logging.getLogger("roundtable.cache")

# BusyLoadingError is a ConnectionError; so are the authentication errors, which are let through first.
UNREACHABLE = (redis_errors.ConnectionError, redis_errors.TimeoutError)
MISCONFIGURED = (redis_errors.AuthenticationError, redis_errors.AuthorizationError)

#: Per Redis location: until when (time.monotonic()) this process does not ask it. Shared by the threads,
#: which each have their own cache object.
_paused_until: dict[tuple[str, ...], float] = {}


class ResilientRedisCache(RedisCache):
    """RedisCache whose operations answer as if the cache were empty and read-only while Redis is away.

    `add` answers True, "go ahead", although nothing was stored: every caller uses it to take a key first,
    and going ahead is what failing open means for each. cms.ratelimits and forums.live.subscriptions count
    the first hit of a fresh window and let it through; allauth's rate limits take their lock, read an empty
    history and let the request through (with False they would retry for a second and then refuse with 429);
    forums.live.presence lets every process broadcast the room's presence, which fails with the channel
    layer on the same Redis and duplicates a harmless frame otherwise. allauth's guard against a TOTP code
    being used twice is off until Redis is back (with False no two-factor sign-in would succeed at all).

    `incr` answers `delta`, as if the count started afresh with this hit; cms.chrome's version bump is then
    skipped. `decr` goes through `incr`, `get_or_set` through `get` and `add`, and the async methods through
    the sync ones (BaseCache), so they degrade too; BaseCache's `aincr` is a get and a set, so it raises
    ValueError, as for a missing key.
    """

    pause_seconds = 5.0

    def _degrade(self, fallback, operation, *args, **kwargs):
        location = tuple(self._servers)
        if time.monotonic() < _paused_until.get(location, 0.0):
            return fallback
        try:
            return operation(*args, **kwargs)
        except MISCONFIGURED:
            raise
        except UNREACHABLE as error:
            _paused_until[location] = time.monotonic() + self.pause_seconds
            logger.warning("Cache %s skipped, Redis is unreachable: %s", operation.__name__, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._degrade(default, super().get, key, default=default, version=version)

    def get_many(self, keys, version=None):
        return self._degrade({}, super().get_many, keys, version=version)

    def has_key(self, key, version=None):
        return self._degrade(False, super().has_key, key, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._degrade(None, super().set, key, value, timeout=timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade(True, super().add, key, value, timeout=timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """The keys that were not stored: all of them while Redis is away."""
        return self._degrade(list(data), super().set_many, data, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade(False, super().touch, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._degrade(False, super().delete, key, version=version)

    def delete_many(self, keys, version=None):
        self._degrade(None, super().delete_many, keys, version=version)

    def incr(self, key, delta=1, version=None):
        return self._degrade(delta, super().incr, key, delta=delta, version=version)
