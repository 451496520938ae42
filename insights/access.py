"""Who may see the insights, on top of working_groups.access: the secretariat sees every group and the
covenant-wide figures; a chair sees the figures of the groups they chair; everyone else gets 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from working_groups.access import chaired_group_ids, is_secretariat
from working_groups.models import WorkingGroupPage


def may_see_insights(user) -> bool:
    return is_secretariat(user) or bool(chaired_group_ids(user))


def insights_groups(user) -> QuerySet[WorkingGroupPage]:
    """The groups whose figures the user may see: all for the secretariat, the chaired ones for a chair."""
    groups = WorkingGroupPage.objects.order_by("title")
    if is_secretariat(user):
        return groups
    return groups.filter(pk__in=chaired_group_ids(user))


def require_insights_group(user, slug: str) -> WorkingGroupPage:
    """The group, if the user may see its figures; 404 otherwise (also for groups that do not exist)."""
    if not may_see_insights(user):
        raise Http404
    return get_object_or_404(insights_groups(user), slug=slug)
