"""Settings of the working-groups app, with defaults, so the app runs on any host Wagtail site."""

from django.conf import settings


def invitation_days() -> int:
    """How long an e-mailed invitation stays valid."""
    return getattr(settings, "ROUNDTABLE_INVITATION_DAYS", 14)


def members_per_page() -> int:
    return getattr(settings, "ROUNDTABLE_MEMBERS_PER_PAGE", 25)


def parties_per_page() -> int:
    return getattr(settings, "ROUNDTABLE_PARTIES_PER_PAGE", 24)


def desk_expiring_invitation_days() -> int:
    """An open invitation expiring within this many days is "about to expire" on the secretariat's desk."""
    return getattr(settings, "ROUNDTABLE_DESK_EXPIRING_INVITATION_DAYS", 7)
