"""Published figures in the Wagtail admin (Reports → Published figures): the secretariat sees what is frozen,
when, for which scope, period and filters, and may withdraw a snapshot (after correcting a party link, say);
the next request, or `manage.py freeze_insights`, freezes the figures afresh. Nobody edits a snapshot."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from insights.models import FiguresSnapshot

READ_AND_WITHDRAW = ("view", "delete")


class ReadAndWithdrawPermissionPolicy(ModelPermissionPolicy):
    """Only "view" and "delete" are ever granted (also to superusers): figures are never written by hand."""

    def user_has_permission(self, user, action):
        return action in READ_AND_WITHDRAW and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action in READ_AND_WITHDRAW]
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)


register_permission_policy(FiguresSnapshot, ReadAndWithdrawPermissionPolicy(FiguresSnapshot))


class FiguresSnapshotViewSet(ModelViewSet):
    model = FiguresSnapshot
    icon = "table"
    menu_label = _("Published figures")
    add_to_reports_menu = True
    inspect_view_enabled = True
    inspect_view_fields = ["scope", "period", "filters", "frozen_at"]
    form_fields = ["filters"]  # never offered: the permission policy grants no "add" or "change"
    list_display = [
        Column("scope", label=_("Scope")),
        Column("period", label=_("Period")),
        Column("filters", label=_("Filters")),
        DateColumn("frozen_at", label=_("Frozen at")),
    ]
    list_filter = ["period"]
    ordering = ["-frozen_at"]
