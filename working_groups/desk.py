"""The secretariat's desk: what waits for a person, by role, with a count and a link to act on it.

Shown as "Waiting for you" on the Wagtail admin dashboard and sent as a daily e-mail to the secretariat
members who ask for it (working_groups.desk_email). Each app adds its own items through the hook
`DESK_ITEMS_HOOK` (working_groups.hooks): a function `(user, scope) -> Iterable[DeskItem]`.
This module holds the working groups' items (join requests, invitations about to expire); commitments
(reviews, overdue reports), events and forums register theirs from their own apps.

Who sees what (DeskScope): the secretariat everything; a chair the items of the groups they chair (and only
what a chair can act on); everybody else nothing. Each provider costs a constant number of queries, however
many items wait.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wagtail import hooks

from working_groups import access, app_settings
from working_groups.choices import JoinRequestStatus, Role
from working_groups.hooks import DESK_ITEMS_HOOK


@dataclass(frozen=True)
class DeskScope:
    """Whose desk it is: the secretariat's (everything) or a chair's (the groups in `group_ids`)."""

    secretariat: bool
    group_ids: tuple[int, ...]

    @property
    def empty(self) -> bool:
        return not self.secretariat and not self.group_ids


@dataclass(frozen=True)
class DeskRow:
    """One line under an item (an upcoming event with its registrations)."""

    label: str
    detail: str
    url: str = ""


@dataclass(frozen=True)
class DeskItem:
    key: str
    label: str
    count: int
    url: str
    order: int = 100
    rows: tuple[DeskRow, ...] = field(default=())


def desk_scope(user) -> DeskScope:
    if access.is_secretariat(user):
        return DeskScope(secretariat=True, group_ids=())
    chaired = sorted(
        group_id for group_id, role in access.user_group_roles(user).items() if role == Role.CHAIR
    )
    return DeskScope(secretariat=False, group_ids=tuple(chaired))


def desk_items(user) -> list[DeskItem]:
    """Everything on this person's desk, in order; empty for people who may see none of it."""
    scope = desk_scope(user)
    if scope.empty:
        return []
    items: list[DeskItem] = []
    for provider in hooks.get_hooks(DESK_ITEMS_HOOK):
        items.extend(provider(user, scope) or ())
    return sorted(items, key=lambda item: (item.order, item.key))


def total(items: list[DeskItem]) -> int:
    return sum(item.count for item in items)


def _scoped(queryset, scope: DeskScope, group_field: str = "group_id"):
    return queryset if scope.secretariat else queryset.filter(**{f"{group_field}__in": scope.group_ids})


def snippet_list_url(model_name: str, app_label: str = "working_groups", **filters) -> str:
    """The admin list of a snippet model, filtered (the place a desk item's work is done)."""
    url = reverse(f"wagtailsnippets_{app_label}_{model_name}:list")
    return f"{url}?{urlencode(filters)}" if filters else url


def _manage_urls(group_ids) -> dict[int, tuple[str, str]]:
    """{group id: (title, the group's manage page)} for a chair's groups (one query, plus Wagtail's cached
    site root paths)."""
    from working_groups.models import WorkingGroupPage

    groups = WorkingGroupPage.objects.filter(pk__in=group_ids).only("title", "url_path", "path", "depth")
    return {group.pk: (group.title, f"{group.url}manage/") for group in groups if group.url}


def _per_group_items(key, label, counts: dict[int, int], group_ids, order) -> list[DeskItem]:
    """A chair's item per group that has something waiting, each linking to that group's manage page."""
    waiting = {group_id: count for group_id, count in counts.items() if count}
    if not waiting:
        return [DeskItem(key, label, 0, "", order)]
    urls = _manage_urls(waiting)
    return [
        DeskItem(f"{key}-{group_id}", f"{label}: {urls[group_id][0]}", count, urls[group_id][1], order)
        for group_id, count in sorted(waiting.items())
        if group_id in urls
    ]


def join_request_items(user, scope: DeskScope) -> list[DeskItem]:
    from working_groups.models import JoinRequest

    label = _("Join requests")
    pending = _scoped(JoinRequest.objects.filter(status=JoinRequestStatus.PENDING), scope)
    if scope.secretariat:
        url = snippet_list_url("joinrequest", status=JoinRequestStatus.PENDING)
        return [DeskItem("join-requests", label, pending.count(), url, order=10)]
    counts = dict(pending.order_by().values_list("group_id").annotate(n=Count("pk")))
    return _per_group_items("join-requests", label, counts, scope.group_ids, order=10)


def expiring_invitations(now=None):
    from working_groups.models import Invitation

    now = now or timezone.now()
    soon = now + timedelta(days=app_settings.desk_expiring_invitation_days())
    return Invitation.objects.open().filter(expires_at__lte=soon)


def invitation_items(user, scope: DeskScope) -> list[DeskItem]:
    label = _("Invitations about to expire")
    expiring = _scoped(expiring_invitations(), scope)
    if scope.secretariat:
        url = snippet_list_url("invitation", expiring="true")
        return [DeskItem("invitations", label, expiring.count(), url, order=40)]
    counts = dict(expiring.order_by().values_list("group_id").annotate(n=Count("pk")))
    return _per_group_items("invitations", label, counts, scope.group_ids, order=40)


hooks.register(DESK_ITEMS_HOOK, join_request_items)
hooks.register(DESK_ITEMS_HOOK, invitation_items)
