"""The public directory of covenant parties and a page per party."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from working_groups import selectors
from working_groups.models import Organisation


def party_list(request):
    filterset, parties = selectors.parties_directory(request)
    return TemplateResponse(
        request,
        "working_groups/party_list.html",
        {"filterset": filterset, "parties": parties, **selectors.pagination_context(parties, request)},
        status=400 if filterset.errors else 200,  # the form says which filter was not understood
    )


def party_detail(request, slug: str):
    organisation = get_object_or_404(Organisation.objects.select_related("logo"), slug=slug)
    return TemplateResponse(
        request,
        "working_groups/party_detail.html",
        {
            "organisation": organisation,
            "groups": list(selectors.party_groups(organisation, request.user)),
            "panels": selectors.party_page_panels(organisation, request),
        },
    )
