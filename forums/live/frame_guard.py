"""What a client's frame must pass before the server does any work for it: the size limit (before parsing),
a parse that cannot recurse without bound, and the rate limit (before any database read).

The rate limit counts in the shared cache (Redis in production), so every connection of one person, and
every anonymous connection from one address, share one budget: opening 20 sockets does not give 20 budgets.
"""

from __future__ import annotations

import json

from django.core.cache import cache

from forums.live import app_settings

#: The deepest nesting a frame may have. The protocol's frames are flat objects; a frame nested deeper is
#: refused before the JSON parser recurses into it.
MAX_FRAME_DEPTH = 8


def too_large(raw: str) -> bool:
    return len(raw.encode("utf-8")) > app_settings.max_frame_bytes()


def _nesting_depth(raw: str) -> int:
    """How deep the brackets of a JSON text nest (brackets inside strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in raw:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def parse(raw: str) -> dict | None:
    """The frame as a dict with a string `type`, or None for anything else (not JSON, nested deeper than
    MAX_FRAME_DEPTH, not an object)."""
    if _nesting_depth(raw) > MAX_FRAME_DEPTH:
        return None
    try:
        frame = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
        return None
    return frame


def client_address(scope) -> str | None:
    """The client's address as the server saw it (behind a proxy: as the trusted proxy reported it)."""
    client = scope.get("client")
    if client and client[0]:
        return str(client[0])
    return None


def rate_key(user_id: int | None, address: str | None, channel_name: str) -> str:
    """One budget per person; for anonymous connections one per address (per connection only when the
    server did not say where the client is)."""
    if user_id:
        return f"forums-live-rate:user:{int(user_id)}"
    if address:
        return f"forums-live-rate:address:{address}"
    return f"forums-live-rate:channel:{channel_name}"


def rate_limited(user_id: int | None, address: str | None, channel_name: str) -> int:
    """Count one frame; the seconds to wait when over the limit (0 when fine). Reads the cache only."""
    per_address = not user_id and address
    frames, seconds = app_settings.address_rate_limit() if per_address else app_settings.rate_limit()
    key = rate_key(user_id, address, channel_name)
    if cache.add(key, 1, timeout=seconds):
        return 0
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=seconds)
        return 0
    return seconds if count > frames else 0
