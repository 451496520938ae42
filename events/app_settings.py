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
