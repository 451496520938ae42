"""What the library adds to other apps' pages: an event's slides and recording, a commitment's guidance and
evidence. Called through hooks those apps run (their pages never import the library); every list is cut to
what the visitor may see."""

from django.template.loader import render_to_string

from library import selectors
from library.models import Resource, ResourceCitation, ResourceUse


def _by_id(resource_ids, user) -> dict[int, Resource]:
    resources = selectors.with_list_relations(Resource.objects.visible_to(user).filter(pk__in=resource_ids))
    return {resource.pk: resource for resource in resources}


def page_resources_html(request, page) -> str:
    uses = list(ResourceUse.objects.filter(page_id=page.pk).order_by("sort_order", "pk"))
    if not uses:
        return ""
    library = selectors.library_page()
    resources = _by_id([use.resource_id for use in uses], request.user)
    items = []
    for use in uses:
        resource = resources.get(use.resource_id)
        if resource is None:
            continue
        item = selectors.resource_items([resource], library, request)[0]
        items.append({"item": item, "role": use.get_role_display(), "file_url": selectors.file_url(resource)})
    if not items:
        return ""
    return render_to_string(
        "library/includes/page_resources.html", {"items": items, "page": page}, request=request
    )


def commitment_citations_html(request, commitment) -> str:
    citations = list(
        ResourceCitation.objects.filter(commitment_id=commitment.pk)
        .select_related("progress_update")
        .order_by("sort_order", "pk")
    )
    citations = [
        citation
        for citation in citations
        if citation.progress_update is None or citation.progress_update.is_published
    ]
    if not citations:
        return ""
    library = selectors.library_page()
    resources = _by_id([citation.resource_id for citation in citations], request.user)
    rows = []
    for citation in citations:
        resource = resources.get(citation.resource_id)
        if resource is None:
            continue
        rows.append(
            {
                "item": selectors.resource_items([resource], library, request)[0],
                "purpose": citation.get_purpose_display(),
                "update": citation.progress_update,
            }
        )
    if not rows:
        return ""
    return render_to_string("library/includes/commitment_citations.html", {"rows": rows}, request=request)
