"""Settings of the commitments app, with defaults, so the app runs on any host Wagtail site."""

from django.conf import settings


def commitment_report_days() -> int:
    """How many days a commitment in progress may go without an approved progress update (then: overdue,
    and its contact person gets a reminder, at most once per period)."""
    return getattr(settings, "ROUNDTABLE_COMMITMENT_REPORT_DAYS", 180)


def commitments_per_page() -> int:
    return getattr(settings, "ROUNDTABLE_COMMITMENTS_PER_PAGE", 20)
