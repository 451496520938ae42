"""Settings of the working-groups app, with defaults, so the app runs on any host Wagtail site."""

from django.conf import settings


def invitation_days() -> int:
    """How long an e-mailed invitation stays valid."""
    return getattr(settings, "ROUNDTABLE_INVITATION_DAYS", 14)


def base_url() -> str:
    """Where links in e-mails point to: the site's one public address (cms.links.base_url)."""
    from cms.links import base_url

    return base_url()


def email_subject_prefix() -> str:
    return getattr(
        settings, "ROUNDTABLE_EMAIL_SUBJECT_PREFIX", getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    )


def members_per_page() -> int:
    return getattr(settings, "ROUNDTABLE_MEMBERS_PER_PAGE", 25)


def parties_per_page() -> int:
    return getattr(settings, "ROUNDTABLE_PARTIES_PER_PAGE", 24)
