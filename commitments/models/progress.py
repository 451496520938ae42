"""Progress arithmetic, as pure functions of numbers (no queries), shared by models, services and charts.

An indicator's progress is how far its value has moved from the baseline towards the target:
(value - baseline) / (target - baseline), clamped to 0..100 %. The sign of (target - baseline) carries the
direction, so the same formula serves indicators that should go down. When the target equals the baseline
there is no distance to cover: the indicator is at 100 % while the value is on the right side of the target
(at or above it for "increase", at or below it for "decrease") and at 0 % otherwise.
"""

from collections.abc import Iterable
from decimal import Decimal

HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")


def indicator_progress(baseline: Decimal, target: Decimal, direction: str, value: Decimal) -> Decimal:
    """Percentage 0..100 (one decimal) of the way from baseline to target that `value` has covered."""
    if target == baseline:
        reached = value >= target if direction == "increase" else value <= target
        return HUNDRED if reached else Decimal(0)
    share = (value - baseline) / (target - baseline)
    share = min(max(share, Decimal(0)), Decimal(1))
    return (share * HUNDRED).quantize(ONE_DECIMAL)


def mean_progress(percentages: Iterable[Decimal]) -> Decimal | None:
    """The mean of per-indicator percentages, or None when there is none."""
    values = list(percentages)
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(ONE_DECIMAL)


def number(value) -> str:
    """A decimal without trailing zeros and without an exponent (12.5000 → 12.5, 1E+2 → 100)."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return "" if value is None else str(value)
