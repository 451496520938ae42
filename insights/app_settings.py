"""Settings of the insights app, with defaults, so the plugin works on another host site."""

from django.conf import settings


def min_cell() -> int:
    """The smallest number of people a shown cell may hold (ROUNDTABLE_INSIGHTS_MIN_CELL, default 5)."""
    return int(getattr(settings, "ROUNDTABLE_INSIGHTS_MIN_CELL", 5))


def rounding_base() -> int:
    """Shown counts are rounded to a multiple of this (ROUNDTABLE_INSIGHTS_ROUND_TO, default 5)."""
    return int(getattr(settings, "ROUNDTABLE_INSIGHTS_ROUND_TO", 5))


FIRST_YEAR = int(getattr(settings, "ROUNDTABLE_INSIGHTS_FIRST_YEAR", 2020))
