"""The commitments app's admin menu and the hooks through which it adds itself to lower apps' pages: the
panels on a working group's and a party's page, the person's data download, the e-mail labels, the guard
on plan and evidence documents, and the site search."""

from django.http import Http404
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.hooks import MENU_DESTINATIONS_HOOK, PERSONAL_DATA_HOOK, SEARCH_PROVIDERS_HOOK
from commitments import links
from commitments.admin_viewsets import COMMITMENT_VIEWSETS
from commitments.desk import commitment_items
from commitments.models import Commitment, ProgressUpdate
from commitments.privacy import CommitmentsPersonalData
from commitments.services.review import ReviewSubject
from working_groups.hooks import (
    DESK_ITEMS_HOOK,
    EMAIL_LABELLED_CODES_HOOK,
    GROUP_PAGE_PANELS_HOOK,
    PARTY_PAGE_PANELS_HOOK,
)
from working_groups.selectors import GroupPagePanel


class CommitmentsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Commitments")
    menu_icon = "tasks"
    menu_order = 260
    items = COMMITMENT_VIEWSETS


register_snippet(CommitmentsViewSetGroup)


@hooks.register("before_serve_document")
def protect_commitment_documents(document, request):
    """A plan or evidence document is served only to those who may see a commitment or update it belongs to
    (a published public gender action plan's document is public)."""
    commitments = Commitment.objects.filter(plan_document=document)
    updates = ProgressUpdate.objects.filter(evidence_document=document)
    if not commitments.exists() and not updates.exists():
        return
    if commitments.visible_to(request.user).exists() or updates.visible_to(request.user).exists():
        return
    raise Http404


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def refresh_commitment_after_admin_edit(request, instance):
    """Edits in the admin bypass the services: bring the register's figures and search index up to date."""
    from commitments.services.commitments import commitment_after_admin_save

    if isinstance(instance, Commitment | ProgressUpdate):
        commitment_after_admin_save(instance)


def _links_html(commitments, request) -> str:
    return render_to_string(
        "commitments/includes/commitment_links.html", {"commitments": commitments}, request
    )


@hooks.register(GROUP_PAGE_PANELS_HOOK)
def group_commitments_panel(request, group):
    """The group's published commitments the visitor may see, on the group's front page."""
    commitments = links.group_commitments(group, request)
    if not commitments:
        return None
    return GroupPagePanel(heading=str(_("Commitments")), html=_links_html(commitments, request), order=50)


@hooks.register(PARTY_PAGE_PANELS_HOOK)
def party_commitments_panel(request, organisation):
    """The party's commitments in the public register, on its page (said so when it has none yet)."""
    commitments = links.party_commitments(organisation, request)
    if commitments:
        html = _links_html(commitments, request)
    else:
        html = render_to_string("commitments/includes/no_party_commitments.html", {}, request)
    return GroupPagePanel(heading=str(_("Commitments")), html=html, order=50)


@hooks.register(EMAIL_LABELLED_CODES_HOOK)
def review_subject_labels():
    return {"kind": ReviewSubject}


hooks.register(PERSONAL_DATA_HOOK, CommitmentsPersonalData)
hooks.register(DESK_ITEMS_HOOK, commitment_items)


@hooks.register(SEARCH_PROVIDERS_HOOK)
def commitments_search_provider():
    from commitments.search_providers import CommitmentsProvider

    return CommitmentsProvider()


@hooks.register(MENU_DESTINATIONS_HOOK)
def commitments_menu_destinations():
    from commitments.search_providers import menu_destinations

    return menu_destinations()
