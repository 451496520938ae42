"""Filters of the Wagtail admin listings (secretariat)."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from working_groups.choices import JoinRequestStatus, Role
from working_groups.countries import COUNTRIES
from working_groups.models import (
    Invitation,
    JoinRequest,
    Membership,
    MembershipEvent,
    Organisation,
    StakeholderType,
    WorkingGroupPage,
)


def _groups(request):
    return WorkingGroupPage.objects.defer_streamfields().order_by("title")


class OrganisationAdminFilterSet(WagtailFilterSet):
    stakeholder_type = django_filters.ChoiceFilter(
        label=_("Stakeholder type"), choices=StakeholderType.choices
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=COUNTRIES)

    class Meta:
        model = Organisation
        fields = ["stakeholder_type", "country", "party_status"]


class MembershipAdminFilterSet(WagtailFilterSet):
    group = django_filters.ModelChoiceFilter(label=_("Working group"), queryset=_groups)
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices)
    stakeholder_type = django_filters.ChoiceFilter(
        label=_("Stakeholder type"),
        field_name="user__profile__organisation__stakeholder_type",
        choices=StakeholderType.choices,
    )

    class Meta:
        model = Membership
        fields = ["group", "role", "stakeholder_type"]


class JoinRequestAdminFilterSet(WagtailFilterSet):
    group = django_filters.ModelChoiceFilter(label=_("Working group"), queryset=_groups)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=JoinRequestStatus.choices)

    class Meta:
        model = JoinRequest
        fields = ["group", "status"]


class InvitationAdminFilterSet(WagtailFilterSet):
    group = django_filters.ModelChoiceFilter(label=_("Working group"), queryset=_groups)
    expiring = django_filters.BooleanFilter(label=_("Open and about to expire"), method="filter_expiring")

    class Meta:
        model = Invitation
        fields = ["group", "expiring"]

    def filter_expiring(self, queryset, name, value):
        from working_groups.desk import expiring_invitations

        expiring = expiring_invitations().values("pk")
        return queryset.filter(pk__in=expiring) if value else queryset.exclude(pk__in=expiring)


class MembershipEventAdminFilterSet(WagtailFilterSet):
    group = django_filters.ModelChoiceFilter(label=_("Working group"), queryset=_groups)

    class Meta:
        model = MembershipEvent
        fields = ["group", "action"]
