"""Admin registration (one "Working groups" menu for the secretariat) and the hooks that apply the access
policy where Wagtail serves things itself (documents) or where other apps list pages (site search)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.hooks import (
    ACCOUNT_DIRECTORY_HOOK,
    ACCOUNT_ERASERS_HOOK,
    ACCOUNT_MENU_HOOK,
    AUDIT_ENTRIES_ABOUT_HOOK,
    ERASE_HOOK,
    ERASURE_BLOCKERS_HOOK,
    HIDDEN_PAGES_HOOK,
    MENU_DESTINATIONS_HOOK,
    PERSONAL_DATA_HOOK,
    SEARCH_PROVIDERS_HOOK,
)
from cms.navigation import NavLink, link_to
from working_groups import access, audit, desk
from working_groups.admin_filters import (
    InvitationAdminFilterSet,
    JoinRequestAdminFilterSet,
    MembershipAdminFilterSet,
    MembershipEventAdminFilterSet,
    OrganisationAdminFilterSet,
)
from working_groups.bulk_actions import ApproveJoinRequestsBulkAction, DeclineJoinRequestsBulkAction
from working_groups.desk_panel import DeskPanel
from working_groups.models import (
    Invitation,
    JoinRequest,
    Membership,
    MembershipEvent,
    Organisation,
    Theme,
    WorkingGroupDocument,
)
from working_groups.privacy import (
    ProfileAccountDirectory,
    WorkingGroupsPersonalData,
    working_groups_erase,
    working_groups_erasure_blockers,
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


hooks.register(PERSONAL_DATA_HOOK, WorkingGroupsPersonalData)
hooks.register(ERASURE_BLOCKERS_HOOK, working_groups_erasure_blockers)
hooks.register(ERASE_HOOK, working_groups_erase)
hooks.register(ACCOUNT_ERASERS_HOOK, access.is_secretariat)
hooks.register(ACCOUNT_DIRECTORY_HOOK, ProfileAccountDirectory)
hooks.register(AUDIT_ENTRIES_ABOUT_HOOK, audit.membership_entries_about)
hooks.register("register_log_actions", audit.register_log_actions)


@hooks.register(SEARCH_PROVIDERS_HOOK)
def parties_search_provider():
    from working_groups.search_providers import PartiesProvider

    return PartiesProvider()


@hooks.register(MENU_DESTINATIONS_HOOK)
def working_groups_menu_destinations():
    from working_groups.search_providers import menu_destinations

    return menu_destinations()


@hooks.register("construct_homepage_panels")
def waiting_for_you_panel(request, panels):
    """ "Waiting for you" on the dashboard, by role (working_groups.desk); nothing for people with no desk."""
    items = desk.desk_items(request.user)
    if items:
        panels.append(DeskPanel(items))


@hooks.register(ACCOUNT_MENU_HOOK)
def working_groups_account_menu(request) -> list[NavLink]:
    """The profile first, so the header's "My account" opens it ("Your data" is cms's, last)."""
    return [link_to(request, _("Profile"), "profile", 10)]
