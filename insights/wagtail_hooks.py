"""Links to the insights from the header and a group's members' area (for its chairs and the secretariat),
and the admin's listing of published figures."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail import hooks

from cms.hooks import HEADER_LINKS_HOOK
from cms.navigation import NavLink
from insights.access import may_see_insights
from working_groups.access import chaired_group_ids, is_secretariat
from working_groups.hooks import MEMBERS_AREA_PANELS_HOOK
from working_groups.selectors import MembersAreaPanel


@hooks.register(MEMBERS_AREA_PANELS_HOOK)
def group_insights_panel(request, group):
    """A link to the group's participation insights; nothing for anyone who may not see them."""
    user = request.user
    if not (is_secretariat(user) or group.pk in chaired_group_ids(user)):
        return None
    html = render_to_string("insights/includes/members_panel.html", {"group": group}, request=request)
    return MembersAreaPanel(heading=str(_("Participation insights")), html=html, order=90)


@hooks.register("register_admin_viewset")
def register_published_figures_admin():
    from insights.admin_viewsets import FiguresSnapshotViewSet

    return FiguresSnapshotViewSet("published_figures")


@hooks.register(HEADER_LINKS_HOOK)
def insights_link(request) -> list[NavLink]:
    """For the secretariat and chairs who use the admin (their roles are cached on the user: no query)."""
    user = request.user
    if not (user.has_perm("wagtailadmin.access_admin") and may_see_insights(user)):
        return []
    return [NavLink(label=_("Insights"), url=reverse("insights:overview"), order=50)]
