"""Views behind the routes of CommitmentRegisterPage: the filtered register, its exports, and one page per
commitment. The list and exports read the public register only; a commitment's own page answers 404 to
anyone who may not see it (group-only ones, drafts)."""

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.utils import timezone

from wagtail import hooks

from commitments import export as commitment_export
from commitments import selectors
from commitments.hooks import COMMITMENT_PAGE_SECTIONS_HOOK

#: Other apps add sections to a commitment's page (the library: resources cited as guidance or evidence);
#: each is called with (request, commitment) and returns HTML for what the visitor may see, or "".


def register(request, page):
    context = page.get_context(request)
    context.update(selectors.register_context(page, request))
    # An unknown choice (a party or group id that does not exist) is said beside its filter: 400, not a list.
    status = 400 if context["filterset"].errors else 200
    return TemplateResponse(request, page.get_template(request), context, status=status)


def export(request, page, fmt: str):
    rows = selectors.export_rows(request)
    page_url = request.build_absolute_uri(page.get_url(request))
    records = [
        commitment_export.commitment_record(
            row,
            page.commitment_url_for(row["pk"], row["title"], base=page_url),
            request.build_absolute_uri(row["plan_document"].url) if row["plan_document"] else "",
        )
        for row in rows
    ]
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(commitment_export.to_csv(records), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(commitment_export.to_json(records), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="commitments-{stamp}.{fmt}"'
    return response


def commitment_detail(request, page, pk: int, slug: str):
    commitment = selectors.commitment_for_page(pk, request.user)
    if commitment is None:
        raise Http404
    if slug != commitment.slug:
        return HttpResponsePermanentRedirect(page.commitment_url(commitment, request))
    context = page.get_context(request)
    context.update(selectors.commitment_page_context(commitment, request.user))
    context["register"] = page
    context["source_visible"] = commitment.source_visible_to(request.user)
    context["extra_sections"] = [
        html for fn in hooks.get_hooks(COMMITMENT_PAGE_SECTIONS_HOOK) if (html := fn(request, commitment))
    ]
    return TemplateResponse(request, "commitments/commitment_detail.html", context)
