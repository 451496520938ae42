"""django-filter sets of the public pages: group index, member directory, parties directory."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

import django_filters

from working_groups.choices import JoiningPolicy, Role
from working_groups.countries import COUNTRIES
from working_groups.models import Membership, Organisation, StakeholderType, Theme, WorkingGroupPage
from working_groups.themes import ThemeChoiceFilter


class GroupIndexFilterSet(django_filters.FilterSet):
    theme = ThemeChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("All themes"),
    )
    joining_policy = django_filters.ChoiceFilter(
        label=_("How to join"), choices=JoiningPolicy.choices, empty_label=_("Any way of joining")
    )

    class Meta:
        model = WorkingGroupPage
        fields = ["theme", "joining_policy"]


class MemberDirectoryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices, empty_label=_("All roles"))
    stakeholder_type = django_filters.ChoiceFilter(
        label=_("Stakeholder type"),
        field_name="user__profile__organisation__stakeholder_type",
        choices=StakeholderType.choices,
        empty_label=_("All stakeholder types"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Party"),
        field_name="user__profile__organisation",
        to_field_name="slug",
        queryset=Organisation.objects.none(),
        empty_label=_("All parties"),
    )

    class Meta:
        model = Membership
        fields = ["q", "role", "stakeholder_type", "organisation"]

    def __init__(self, data=None, queryset=None, *, group=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        if group is not None:
            self.filters["organisation"].queryset = Organisation.objects.in_group(group.pk).order_by("name")

    def filter_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(user__profile__display_name__icontains=value)
            | Q(user__first_name__icontains=value)
            | Q(user__last_name__icontains=value)
        )


class PartyFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search parties"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    stakeholder_type = django_filters.ChoiceFilter(
        label=_("Stakeholder type"), choices=StakeholderType.choices, empty_label=_("All stakeholder types")
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=[], empty_label=_("All countries"))
    working_group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        method="filter_working_group",
        queryset=WorkingGroupPage.objects.none(),
        empty_label=_("All working groups"),
    )

    class Meta:
        model = Organisation
        fields = ["q", "stakeholder_type", "country", "working_group"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = getattr(request, "user", None)
        self.filters["working_group"].queryset = (
            WorkingGroupPage.objects.live().public().visible_to(user).defer_streamfields().order_by("title")
        )
        used = set(Organisation.objects.values_list("country", flat=True).distinct())
        self.filters["country"].extra["choices"] = [(code, name) for code, name in COUNTRIES if code in used]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def filter_working_group(self, queryset, name, value):
        return queryset.in_group(value.pk)
