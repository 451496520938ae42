"""django-filter set of the public event listing: upcoming or past, type, theme, working group, online or in
person, language and a date range."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import django_filters

from events.choices import EVENT_LANGUAGES, AttendanceMode, EventKind
from events.models import EventPage
from working_groups.models import Theme, WorkingGroupPage
from working_groups.themes import ThemeChoiceFilter

UPCOMING = "upcoming"
PAST = "past"
WHEN_CHOICES = [(UPCOMING, _("Upcoming events")), (PAST, _("Past events"))]

ONLINE = "online"
IN_PERSON = "in_person"
ATTENDANCE_CHOICES = [(ONLINE, _("Online")), (IN_PERSON, _("In person"))]

# Sessions are listed on their conference's page, not in the calendar itself.
LISTED_KINDS = [(value, label) for value, label in EventKind.choices if value != EventKind.SESSION]


# The dates a filter accepts: far enough either way for any calendar, near enough that the day's start in any
# time zone (and the day after the last) is a datetime every database and Python can hold.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the visitor's active time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class EventFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        for name in ("date_from", "date_to"):
            value = cleaned.get(name)
            if value and not EARLIEST_DATE <= value <= LATEST_DATE:
                self.add_error(
                    name,
                    _("Enter a date between %(earliest)s and %(latest)s.")
                    % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
                )
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The “until” date must not come before the “from” date."))
        return cleaned


class EventFilterSet(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label=_("Show"), choices=WHEN_CHOICES, empty_label=None, method="filter_when"
    )
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=LISTED_KINDS, empty_label=_("All types"))
    theme = ThemeChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("All themes"),
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        to_field_name="slug",
        queryset=WorkingGroupPage.objects.none(),
        empty_label=_("All working groups"),
    )
    attendance = django_filters.ChoiceFilter(
        label=_("Online or in person"),
        choices=ATTENDANCE_CHOICES,
        empty_label=_("Online and in person"),
        method="filter_attendance",
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=EVENT_LANGUAGES, empty_label=_("All languages")
    )
    date_from = django_filters.DateFilter(label=_("From"), method="filter_date_from", widget=DateInput)
    date_to = django_filters.DateFilter(label=_("Until"), method="filter_date_to", widget=DateInput)

    class Meta:
        model = EventPage
        fields = ["when", "kind", "theme", "group", "attendance", "language", "date_from", "date_to"]
        form = EventFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, now=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self.now = now or timezone.now()
        user = getattr(request, "user", None)
        # The facet offers only groups the visitor may see, so a private group's name never leaks through it.
        self.filters["group"].queryset = (
            WorkingGroupPage.objects.live().public().visible_to(user).defer_streamfields().order_by("title")
        )

    @property
    def showing_past(self) -> bool:
        return self.form.is_bound and self.form.is_valid() and self.form.cleaned_data.get("when") == PAST

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("when") == PAST:
            return queryset.past(self.now)
        return queryset.upcoming(self.now)

    def filter_when(self, queryset, name, value):
        # Applied last, in filter_queryset, because it also orders the list.
        return queryset

    def filter_attendance(self, queryset, name, value):
        if value == ONLINE:
            return queryset.filter(attendance__in=[AttendanceMode.ONLINE, AttendanceMode.HYBRID])
        return queryset.filter(attendance__in=[AttendanceMode.IN_PERSON, AttendanceMode.HYBRID])

    def filter_date_from(self, queryset, name, value):
        """Events still running on or after the day."""
        return queryset.filter(end__gte=_day_start(value))

    def filter_date_to(self, queryset, name, value):
        """Events that start on or before the day."""
        return queryset.filter(start__lt=_day_start(value + datetime.timedelta(days=1)))


def without_invalid_filters(filterset: EventFilterSet, **kwargs) -> EventFilterSet:
    """A copy of a filter set that leaves out the filters whose values were refused (the form says so beside
    each of them), so the list still honours the valid ones."""
    data = filterset.data.copy()
    for name in filterset.form.errors:
        data.pop(name, None)
    return type(filterset)(data, filterset.queryset, **kwargs)
