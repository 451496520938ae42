"""django-filter set of the public event listing."""

from django.utils.translation import gettext_lazy as _

import django_filters

from events.choices import EventKind
from events.models import EventPage
from working_groups.models import WorkingGroupPage


class EventFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=EventKind.choices, empty_label=_("All types"))
    group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        to_field_name="slug",
        queryset=WorkingGroupPage.objects.none(),
        empty_label=_("All working groups"),
    )

    class Meta:
        model = EventPage
        fields = ["kind", "group"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = getattr(request, "user", None)
        # The facet offers only groups the visitor may see, so a private group's name never leaks through it.
        self.filters["group"].queryset = (
            WorkingGroupPage.objects.live().public().visible_to(user).defer_streamfields().order_by("title")
        )
