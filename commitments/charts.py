"""A small line chart per indicator, computed on the server and drawn as inline SVG (no JavaScript).

The geometry is plain numbers the template writes into <svg>; the same data goes into a text alternative
(the SVG's <title> and <desc>) and a data table beside it.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from commitments.models.progress import number

WIDTH, HEIGHT = 320, 140
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 8, 8, 12, 12


@dataclass(frozen=True)
class ChartPoint:
    day: date
    value: Decimal
    progress: Decimal
    x: float
    y: float

    @property
    def value_text(self) -> str:
        return number(self.value)


@dataclass
class IndicatorChart:
    indicator: object
    points: list[ChartPoint] = field(default_factory=list)
    baseline_y: float = 0.0
    target_y: float = 0.0
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)

    @property
    def latest(self) -> ChartPoint | None:
        return self.points[-1] if self.points else None

    @property
    def description(self) -> str:
        """The text alternative: what a sighted reader takes from the chart."""
        indicator = self.indicator
        unit = indicator.unit
        text = _("Baseline %(baseline)s %(unit)s, target %(target)s %(unit)s.") % {
            "baseline": number(indicator.baseline),
            "target": number(indicator.target),
            "unit": unit,
        }
        if not self.points:
            return text + " " + _("No value has been reported yet.")
        latest = self.points[-1]
        return (
            text
            + " "
            + _(
                "%(count)s reported values; the latest, %(value)s %(unit)s on %(date)s, is %(progress)s%% of "
                "the way to the target."
            )
            % {
                "count": len(self.points),
                "value": number(latest.value),
                "unit": unit,
                "date": date_format(latest.day, "j F Y"),
                "progress": number(latest.progress),
            }
        )


Number = float | Decimal


def linear_position(value: Number, low: Number, high: Number, length: float) -> float:
    """Where `value` falls on an axis `length` long from `low` to `high` (shared with other charts)."""
    if high == low:
        return 0.0
    return length * float((value - low) / (high - low))


def indicator_chart(
    indicator, observations: list[tuple[date, Decimal]], start: date, end: date
) -> IndicatorChart:
    """The chart of one indicator from its published (date, value) observations, between start and end."""
    observations = sorted(observations)
    last_day = max([end, *(day for day, _value in observations)])
    span_days = max((last_day - start).days, 1)
    values = [indicator.baseline, indicator.target, *(value for _day, value in observations)]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def x_of(day: date) -> float:
        return PAD_LEFT + plot_w * max((day - start).days, 0) / span_days

    def y_of(value: Decimal) -> float:
        return PAD_TOP + plot_h - linear_position(value, low, high, plot_h)

    points = [
        ChartPoint(day, value, indicator.progress_for(value), x_of(day), y_of(value))
        for day, value in observations
    ]
    return IndicatorChart(
        indicator=indicator,
        points=points,
        baseline_y=y_of(indicator.baseline),
        target_y=y_of(indicator.target),
    )
