"""Settings of the cms base app that every plugin shares, with defaults, so each plugin runs on any host
Wagtail site."""

from django.conf import settings


def base_url() -> str:
    """The site's one public address, on which links in e-mails and feeds are built (cms.links.base_url)."""
    from cms.links import base_url

    return base_url()


def email_subject_prefix() -> str:
    """Put in front of every e-mail subject of every app (ROUNDTABLE_EMAIL_SUBJECT_PREFIX, else allauth's)."""
    return getattr(
        settings, "ROUNDTABLE_EMAIL_SUBJECT_PREFIX", getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    )
