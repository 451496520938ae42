"""Reads of the working-groups app. Every list is filtered by the access policy and costs a constant number
of queries whatever the number of members, groups or parties."""

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from wagtail import hooks

from cms.pagination import paginate, pagination_context
from working_groups import access, app_settings
from working_groups.choices import JoinRequestStatus, Role, Visibility
from working_groups.filters import GroupIndexFilterSet, MemberDirectoryFilterSet, PartyFilterSet
from working_groups.hooks import GROUP_PAGE_PANELS_HOOK, MEMBERS_AREA_PANELS_HOOK, PARTY_PAGE_PANELS_HOOK
from working_groups.models import (
    Invitation,
    JoinRequest,
    Membership,
    MembershipEvent,
    Organisation,
    StakeholderType,
    WorkingGroupPage,
)


@dataclass(frozen=True)
class BalanceRow:
    stakeholder_type: str
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class StakeholderBalance:
    rows: list[BalanceRow]
    total: int

    @property
    def missing(self) -> list[BalanceRow]:
        return [row for row in self.rows if row.count == 0 and row.stakeholder_type != StakeholderType.OTHER]


@dataclass(frozen=True)
class MembersAreaPanel:
    """A section other apps add to a group's members' area (upcoming sessions, latest threads, …).

    Register a function `(request, group) -> MembersAreaPanel | None` under the
    MEMBERS_AREA_PANELS_HOOK (working_groups/hooks.py).
    """

    heading: str
    html: str
    order: int = 100


@dataclass(frozen=True)
class GroupPagePanel:
    """A section other apps add to a group's front page, seen by anyone who may see the group (upcoming
    meetings, …); each app filters what it shows by the access policy itself.

    Register a function `(request, group) -> GroupPagePanel | None` under GROUP_PAGE_PANELS_HOOK (or
    `(request, organisation)` under PARTY_PAGE_PANELS_HOOK for a party's page; both in
    working_groups/hooks.py).
    `head_html` goes into the page's <head> (e.g. a <link rel="alternate"> to a feed); a panel with an empty
    `html` shows nothing in the page itself.
    """

    heading: str
    html: str
    order: int = 100
    head_html: str = ""


def stakeholder_balance(group: WorkingGroupPage) -> StakeholderBalance:
    """Member organisations per stakeholder type, in one query; every type is listed, zeros included."""
    counts = dict(
        Organisation.objects.filter(member_profiles__user__working_group_memberships__group=group)
        .values_list("stakeholder_type")
        .annotate(n=Count("pk", distinct=True))
        .values_list("stakeholder_type", "n")
    )
    highest = max(counts.values(), default=0)
    rows = [
        BalanceRow(
            stakeholder_type=value,
            label=str(label),
            count=counts.get(value, 0),
            percent=round(100 * counts.get(value, 0) / highest) if highest else 0,
        )
        for value, label in StakeholderType.choices
    ]
    return StakeholderBalance(rows=rows, total=sum(counts.values()))


def group_chairs(group: WorkingGroupPage) -> list[Membership]:
    return list(
        Membership.objects.filter(group=group, role=Role.CHAIR)
        .select_related("user__profile__organisation")
        .order_by("user__last_name", "user__first_name")
    )


def group_memberships(group: WorkingGroupPage) -> QuerySet[Membership]:
    """The group's members with their profile and organisation, chairs first."""
    role_order = {Role.CHAIR: 0, Role.MEMBER: 1, Role.OBSERVER: 2}
    return (
        Membership.objects.filter(group=group)
        .select_related("user__profile__organisation")
        .annotate(
            role_order=Case(
                *[When(role=role, then=Value(order)) for role, order in role_order.items()],
                output_field=IntegerField(),
            )
        )
        .order_by("role_order", "user__last_name", "user__first_name", "pk")
    )


def group_page_context(group: WorkingGroupPage, request) -> dict:
    """What the group's front page shows to this visitor (already known to be allowed to see it)."""
    user = request.user
    group_access = access.group_access(user, group)
    balance_public = group.visibility != Visibility.PRIVATE or group_access.read
    pending_request = None
    if user.is_authenticated and not group_access.is_member:
        pending_request = JoinRequest.objects.filter(
            group=group, user=user, status=JoinRequestStatus.PENDING
        ).first()
    return {
        "group": group,
        "access": group_access,
        "chairs": group_chairs(group),
        "member_count": Membership.objects.filter(group=group).count(),
        "balance": stakeholder_balance(group) if balance_public else None,
        "themes": list(group.themes.all()),
        "pending_request": pending_request,
        "panels": sorted(
            (panel for fn in hooks.get_hooks(GROUP_PAGE_PANELS_HOOK) if (panel := fn(request, group))),
            key=lambda panel: panel.order,
        ),
    }


def party_page_panels(organisation, request) -> list[GroupPagePanel]:
    """The sections other apps add to a party's page (its commitments, …), in their order."""
    panels = (panel for fn in hooks.get_hooks(PARTY_PAGE_PANELS_HOOK) if (panel := fn(request, organisation)))
    return sorted(panels, key=lambda panel: panel.order)


def members_area_context(group: WorkingGroupPage, request) -> dict:
    panels = [panel for fn in hooks.get_hooks(MEMBERS_AREA_PANELS_HOOK) if (panel := fn(request, group))]
    documents = list(group.documents.select_related("document").all())
    recent_members = list(group_memberships(group).order_by("-joined_at")[:8])
    return {
        "panels": sorted(panels, key=lambda panel: panel.order),
        "documents": documents,
        "recent_members": recent_members,
    }


def member_directory(group: WorkingGroupPage, request) -> tuple[MemberDirectoryFilterSet, PaginatorPage]:
    filterset = MemberDirectoryFilterSet(request.GET, queryset=group_memberships(group), group=group)
    memberships = filterset.qs if filterset.is_valid() else Membership.objects.none()
    return filterset, paginate(request, memberships, app_settings.members_per_page())


def group_management_context(group: WorkingGroupPage, request) -> dict:
    return {
        "pending_requests": list(
            JoinRequest.objects.filter(group=group, status=JoinRequestStatus.PENDING)
            .select_related("user__profile__organisation")
            .order_by("created_at")
        ),
        "open_invitations": list(Invitation.objects.open().filter(group=group).select_related("invited_by")),
        "members_page": paginate(request, group_memberships(group), app_settings.members_per_page()),
    }


def membership_history(group: WorkingGroupPage, request) -> PaginatorPage:
    events = (
        MembershipEvent.objects.filter(group=group)
        .select_related("actor__profile", "subject__profile")
        .order_by("-created_at", "-pk")
    )
    return paginate(request, events, 50)


def group_index_context(index_page, request) -> dict:
    groups = (
        WorkingGroupPage.objects.child_of(index_page)
        .live()
        .public()
        .visible_to(request.user)
        .defer_streamfields()
        .annotate(member_total=Count("memberships", distinct=True))
        .prefetch_related("themes")
        .order_by("title")
    )
    filterset = GroupIndexFilterSet(request.GET, queryset=groups)
    groups = filterset.qs if filterset.is_valid() else groups.none()
    roles = access.user_group_roles(request.user)
    page = paginate(request, groups, 20)
    for group in page.object_list:
        group.my_role_label = Role(roles[group.pk]).label if group.pk in roles else ""
    return {"filterset": filterset, "groups": page, **pagination_context(page, request)}


def parties_directory(request) -> tuple[PartyFilterSet, PaginatorPage]:
    """The public directory of covenant parties; the group facet offers only groups the visitor sees."""
    parties = Organisation.objects.select_related("logo").order_by("name")
    filterset = PartyFilterSet(request.GET, queryset=parties, request=request)
    parties = filterset.qs if filterset.is_valid() else parties.none()
    return filterset, paginate(request, parties, app_settings.parties_per_page())


def party_groups(organisation: Organisation, user) -> QuerySet[WorkingGroupPage]:
    """The groups people of this party take part in, limited to those the visitor may see."""
    return (
        WorkingGroupPage.objects.live()
        .public()
        .visible_to(user)
        .filter(memberships__user__profile__organisation=organisation)
        .distinct()
        .defer_streamfields()
        .order_by("title")
    )
