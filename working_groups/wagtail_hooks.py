"""Admin registration (one "Working groups" menu for the secretariat) and the hooks that apply the access
policy where Wagtail serves things itself (documents) or where other apps list pages (site search)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.visibility import HIDDEN_PAGES_HOOK
from working_groups import access
from working_groups.admin_filters import (
    InvitationAdminFilterSet,
    JoinRequestAdminFilterSet,
    MembershipAdminFilterSet,
    MembershipEventAdminFilterSet,
    OrganisationAdminFilterSet,
)
from working_groups.bulk_actions import ApproveJoinRequestsBulkAction, DeclineJoinRequestsBulkAction
from working_groups.models import (
    Invitation,
    JoinRequest,
    Membership,
    MembershipEvent,
    Organisation,
    Theme,
    WorkingGroupDocument,
)


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Parties")
    list_display = ["name", "stakeholder_type", "country", "party_status", "signatory_since"]
    list_export = ["name", "stakeholder_type", "country", "website", "party_status", "signatory_since"]
    filterset_class = OrganisationAdminFilterSet
    search_fields = ["name", "description"]
    ordering = ["name"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "slug"]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    inspect_view_enabled = True
    list_display = [
        UserColumn("user", label=_("Person")),
        Column("group", label=_("Working group")),
        Column("role", label=_("Role"), accessor="get_role_display"),
        Column("organisation", label=_("Party"), accessor="user.profile.organisation"),
        DateColumn("joined_at", label=_("Joined")),
    ]
    list_export = ["user", "group", "role", "joined_at"]
    filterset_class = MembershipAdminFilterSet
    ordering = ["group__title", "-joined_at"]

    def get_queryset(self, request):
        return Membership.objects.select_related(
            "group", "user__profile__organisation", "user__wagtail_userprofile"
        )


class JoinRequestViewSet(SnippetViewSet):
    model = JoinRequest
    icon = "mail"
    menu_label = _("Join requests")
    inspect_view_enabled = True
    list_display = [
        UserColumn("user", label=_("Person")),
        Column("group", label=_("Working group")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Requested")),
        UserColumn("decided_by", label=_("Decided by")),
    ]
    filterset_class = JoinRequestAdminFilterSet
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return JoinRequest.objects.select_related(
            "group", "user__wagtail_userprofile", "decided_by__wagtail_userprofile"
        )


class InvitationViewSet(SnippetViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    inspect_view_enabled = True
    list_display = [
        "email",
        Column("group", label=_("Working group")),
        Column("role", label=_("Role"), accessor="get_role_display"),
        Column("status", label=_("Status"), accessor="status_label"),
        DateColumn("expires_at", label=_("Expires")),
    ]
    filterset_class = InvitationAdminFilterSet
    search_fields = ["email"]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return Invitation.objects.select_related("group")


class MembershipEventViewSet(SnippetViewSet):
    model = MembershipEvent
    icon = "history"
    menu_label = _("Membership history")
    inspect_view_enabled = True
    list_display = [
        DateColumn("created_at", label=_("When")),
        UserColumn("actor", label=_("By")),
        Column("action", label=_("Action"), accessor="get_action_display"),
        Column("subject", label=_("Person"), accessor="subject"),
        Column("group", label=_("Working group")),
    ]
    filterset_class = MembershipEventAdminFilterSet
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return MembershipEvent.objects.select_related("group", "actor__wagtail_userprofile", "subject")


class WorkingGroupsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Working groups")
    menu_icon = "group"
    menu_order = 250
    items = (
        OrganisationViewSet,
        ThemeViewSet,
        MembershipViewSet,
        JoinRequestViewSet,
        InvitationViewSet,
        MembershipEventViewSet,
    )


register_snippet(WorkingGroupsViewSetGroup)

hooks.register("register_bulk_action", ApproveJoinRequestsBulkAction)
hooks.register("register_bulk_action", DeclineJoinRequestsBulkAction)


@hooks.register(HIDDEN_PAGES_HOOK)
def hidden_working_group_pages(user):
    """Pages of groups the user may not see (and everything below them), as a Q over Page."""
    return access.hidden_pages_q(user)


@hooks.register("before_serve_document")
def protect_group_documents(document, request):
    """A document attached to a group's members' area is served only to those who may read the group."""
    attachments = WorkingGroupDocument.objects.filter(document=document).select_related("group")
    groups = [attachment.group for attachment in attachments]
    if groups and not any(access.can_read_group_content(request.user, group) for group in groups):
        raise Http404
