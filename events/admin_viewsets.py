"""The "Events" menu of the Wagtail admin: speakers (a snippet) and registrations (a read-only listing with
filters, search and export; changes to registrations go through the services, from the event's attendee
page, so capacity and the waiting list always hold)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from events.admin_listing import EventListingViewSet
from events.choices import RegistrationStatus
from events.models import EventPage, Registration, Speaker
from events.registrations import csv_safe


def _events(request):
    return EventPage.objects.defer_streamfields().order_by("-start")


class RegistrationAdminFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(label=_("Event"), queryset=_events)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RegistrationStatus.choices)

    class Meta:
        model = Registration
        fields = ["event", "status"]


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Only "view" is ever granted (also to superusers): the admin may look, the services write."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["view"])


register_permission_policy(Registration, ViewOnlyPermissionPolicy(Registration))


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_label = _("Speakers")
    list_display = ["name", "role", Column("affiliation", label=_("Organisation"))]
    search_fields = ["name", "role"]
    ordering = ["name"]

    def get_queryset(self, request):
        return Speaker.objects.select_related("organisation")


class RegistrationIndexView(IndexView):
    def preprocess_field_value(self, field, value, export_format):
        """Names and answers are typed by people: no cell of the CSV export may run as a formula."""
        value = super().preprocess_field_value(field, value, export_format)
        return csv_safe(value) if export_format == self.FORMAT_CSV else value


class RegistrationViewSet(ModelViewSet):
    model = Registration
    index_view_class = RegistrationIndexView
    icon = "tasks"
    menu_label = _("Registrations")
    add_to_admin_menu = False
    inspect_view_enabled = True
    # Read-only (ViewOnlyPermissionPolicy): registering, cancelling and the waiting list go through the
    # services, from the event's attendee page. The edit form is never offered.
    form_fields = ["attended"]
    list_display = [
        UserColumn("user", label=_("Person")),
        Column("email", label=_("E-mail"), accessor="user.email"),
        Column("event", label=_("Event")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Registered at")),
    ]
    list_export = ["user", "user.email", "event", "status", "created_at", "attended", "answers"]
    export_headings = {"user.email": _("E-mail")}
    filterset_class = RegistrationAdminFilterSet
    search_fields = ["user__email", "user__first_name", "user__last_name", "user__profile__display_name"]
    search_backend_name = None
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return Registration.objects.select_related("event", "user__wagtail_userprofile")


class EventsViewSetGroup(ViewSetGroup):
    menu_label = _("Events")
    menu_icon = "date"
    menu_order = 260
    items = (EventListingViewSet, SpeakerViewSet, RegistrationViewSet)
