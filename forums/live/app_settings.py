"""Settings of live delivery, with defaults, so the app runs on any host site."""

from django.conf import settings


def opens_minutes_before() -> int:
    """How long before a session starts its room opens (a room may set its own)."""
    return getattr(settings, "ROUNDTABLE_FORUMS_LIVE_OPENS_MINUTES_BEFORE", 15)


def closes_minutes_after() -> int:
    """How long after a session ends its room becomes read-only (a room may set its own)."""
    return getattr(settings, "ROUNDTABLE_FORUMS_LIVE_CLOSES_MINUTES_AFTER", 15)


def max_frame_bytes() -> int:
    """The largest WebSocket frame a client may send; larger frames are refused with an error frame."""
    return getattr(settings, "ROUNDTABLE_FORUMS_LIVE_MAX_FRAME_BYTES", 8 * 1024)


def max_message_length() -> int:
    """The longest chat message or question, in characters."""
    return getattr(settings, "ROUNDTABLE_FORUMS_LIVE_MAX_MESSAGE_LENGTH", 2000)


def rate_limit() -> tuple[int, int]:
    """(frames, seconds): how many frames one person may send in a window, across all their connections."""
    return getattr(settings, "ROUNDTABLE_FORUMS_LIVE_RATE_LIMIT", (20, 10))


def address_rate_limit() -> tuple[int, int]:
    """(frames, seconds): how many frames the anonymous connections from one address may send together in a
    window (people behind one network share it: readers send a heartbeat every 25 s)."""
    return getattr(settings, "ROUNDTABLE_FORUMS_LIVE_ADDRESS_RATE_LIMIT", (30, 10))


def replay_limit() -> int:
    """The most posts one replay or fetch sends; a client further behind asks again from the last it got."""
    return getattr(settings, "ROUNDTABLE_FORUMS_LIVE_REPLAY_LIMIT", 200)


def presence_timeout_seconds() -> int:
    """A connection not heard from for this long no longer counts as present (clients ping every 25 s)."""
    return getattr(settings, "ROUNDTABLE_FORUMS_LIVE_PRESENCE_TIMEOUT_SECONDS", 75)


def presence_interval_seconds() -> float:
    """At most one presence broadcast per room in this time (joins and leaves in between are coalesced)."""
    return getattr(settings, "ROUNDTABLE_FORUMS_LIVE_PRESENCE_INTERVAL_SECONDS", 1.0)


def presence_names_shown() -> int:
    """How many names the room's "Who is here" lists at most (alphabetically; the count is always whole and
    the list ends with how many more are here): a webinar of 500 is not a list anyone reads, and sending it
    to all 500 every second is most of what their arrival costs."""
    return getattr(settings, "ROUNDTABLE_FORUMS_LIVE_PRESENCE_NAMES_SHOWN", 50)


def max_slow_mode_seconds() -> int:
    return getattr(settings, "ROUNDTABLE_FORUMS_LIVE_MAX_SLOW_MODE_SECONDS", 600)


def connection_seconds() -> int:
    """How long the live consumers' database connection (one per server process) is kept open and reused
    when the site's CONN_MAX_AGE is 0 (forums.live.db)."""
    return getattr(settings, "ROUNDTABLE_FORUMS_LIVE_CONNECTION_SECONDS", 60)
