"""Settings of the events app, with defaults, so the app runs on any host Wagtail site."""

from django.conf import settings


def reminder_hours() -> list[int]:
    """How long before the start registered people are reminded (one e-mail per entry)."""
    return list(getattr(settings, "ROUNDTABLE_EVENTS_REMINDER_HOURS", [24]))


def events_per_page() -> int:
    return getattr(settings, "ROUNDTABLE_EVENTS_PER_PAGE", 20)


def feed_refresh_hours() -> int:
    """The REFRESH-INTERVAL calendar clients are asked to respect."""
    return getattr(settings, "ROUNDTABLE_EVENTS_FEED_REFRESH_HOURS", 6)


def feed_past_days() -> int:
    """How far back feeds reach, so a subscribed calendar keeps recent history without growing forever."""
    return getattr(settings, "ROUNDTABLE_EVENTS_FEED_PAST_DAYS", 365)


def feed_cache_seconds() -> int:
    """How long a built feed is kept in the cache (0: not cached). The cache key holds the feed's ETag, so a
    change shows at once; the timeout only bounds how long an unused copy takes up room."""
    return getattr(settings, "ROUNDTABLE_EVENTS_FEED_CACHE_SECONDS", 300)


def feed_cache_max_bytes() -> int:
    """A built feed larger than this is not cached (a 5,000-event feed is about 3 MB)."""
    return getattr(settings, "ROUNDTABLE_EVENTS_FEED_CACHE_MAX_BYTES", 5 * 1024 * 1024)


def desk_upcoming_event_days() -> int:
    """How far ahead the secretariat's desk looks for events (events/admin_desk.py)."""
    return getattr(settings, "ROUNDTABLE_DESK_UPCOMING_EVENT_DAYS", 30)


def desk_event_rows() -> int:
    """How many upcoming events the desk names one by one (the count covers all of them)."""
    return getattr(settings, "ROUNDTABLE_DESK_EVENT_ROWS", 8)
