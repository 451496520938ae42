"""The insights filters (django-filter): period, group, event type and theme — all deliberately coarse.

A period is a whole calendar year or one whole quarter of it; there are no free date ranges, so two views can
never differ by a few days (and so by one person). A group is a whole group, an event type and a theme come
from fixed lists. The filter set filters the events; the selectors read period and group from the form.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import django_filters

from events.choices import EventKind
from events.models import EventPage
from insights.app_settings import FIRST_YEAR
from working_groups.models import Theme, WorkingGroupPage
from working_groups.themes import ThemeChoiceFilter

QUARTERS = [
    (1, _("January to March")),
    (2, _("April to June")),
    (3, _("July to September")),
    (4, _("October to December")),
]


def year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year, FIRST_YEAR - 1, -1)]


@dataclass(frozen=True)
class Period:
    """A whole year, one quarter of it, or (`through`) the year so far: January to the end of a quarter."""

    year: int
    quarter: int | None = None
    through: int | None = None

    @property
    def start(self) -> datetime.datetime:
        month = 1 if self.quarter is None else 3 * self.quarter - 2
        return timezone.make_aware(datetime.datetime(self.year, month, 1))

    @property
    def end(self) -> datetime.datetime:
        """The first moment after the period."""
        if self.through is not None:
            return Period(self.year, self.through).end
        if self.quarter in (None, 4):
            return timezone.make_aware(datetime.datetime(self.year + 1, 1, 1))
        return timezone.make_aware(datetime.datetime(self.year, 3 * self.quarter + 1, 1))

    def quarter_ends(self) -> list[tuple[int, datetime.datetime]]:
        """(quarter, first moment after it) for every quarter of the year (up to `through`)."""
        last = self.through or 4
        return [(quarter, Period(self.year, quarter).end) for quarter in range(1, last + 1)]

    @property
    def key(self) -> str:
        if self.through is not None:
            return f"{self.year}-Q1-Q{self.through}"
        return str(self.year) if self.quarter is None else f"{self.year}-Q{self.quarter}"

    @property
    def label(self) -> str:
        if self.through is not None:
            return str(_("%(year)s Q1 to Q%(quarter)s") % {"year": self.year, "quarter": self.through})
        if self.quarter is None:
            return str(self.year)
        return f"{self.year} Q{self.quarter}"


class InsightsFilter(django_filters.FilterSet):
    """Filters the events the event figures count; `period`, `groups` and `theme` feed the other figures."""

    year = django_filters.TypedChoiceFilter(
        label=_("Year"), choices=year_choices, coerce=int, method="filter_period", required=True
    )
    quarter = django_filters.TypedChoiceFilter(
        label=_("Quarter"),
        choices=lambda: [("", _("Whole year")), *QUARTERS],
        coerce=int,
        empty_value=None,
        method="filter_period",
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        queryset=WorkingGroupPage.objects.none(),
        method="filter_group",
        empty_label=_("All groups"),
        to_field_name="slug",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Event type"), choices=EventKind.choices, empty_label=_("All types")
    )
    theme = ThemeChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )

    class Meta:
        model = EventPage
        fields = ["year", "quarter", "group", "kind", "theme"]

    def __init__(self, data=None, *args, groups=None, **kwargs):
        """`groups`: the groups the viewer may choose from; None when the view is fixed to one group."""
        data = data.copy() if data is not None else None
        if data is not None and not data.get("year"):
            data["year"] = str(timezone.localdate().year)
        super().__init__(data, *args, **kwargs)
        if groups is None:
            del self.filters["group"]
            self.form.fields.pop("group", None)
        else:
            self.filters["group"].queryset = groups
            self.form.fields["group"].queryset = groups

    def filter_period(self, queryset, name, value):
        return queryset  # applied once in `qs` below, from year and quarter together

    def filter_group(self, queryset, name, value):
        return queryset.filter(group=value) if value else queryset

    @property
    def period(self) -> Period:
        data = self.form.cleaned_data
        return Period(data["year"], data.get("quarter") or None)

    @property
    def chosen_group(self) -> WorkingGroupPage | None:
        return self.form.cleaned_data.get("group")

    @property
    def qs(self):
        events = super().qs
        if self.is_bound and self.form.is_valid():
            period = self.period
            events = events.filter(start__gte=period.start, start__lt=period.end)
        return events
