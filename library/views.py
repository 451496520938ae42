"""Views of the library: the routes of LibraryPage (the list and one page per resource) and the file view.

Whatever a visitor may not see answers 404, the file view included: a group-only file has no public address
and is sent only after the access policy says yes.
"""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.uploads import disposition_type
from library import selectors, services
from library.choices import Audience
from library.models import Resource


def library_index(request, page):
    context = page.get_context(request)
    context.update(selectors.library_context(page, request))
    return TemplateResponse(request, page.get_template(request), context)


def resource_detail(request, page, pk: int, slug: str):
    resource = selectors.resource_or_404(pk, request.user)
    # The title's slug in any of its languages is the resource's address (a Dutch link keeps working for an
    # English reader, and the other way round); any other slug is sent to the reader's.
    if slug not in resource.known_slugs():
        text = resource.text_in(selectors.reader_language())
        return HttpResponsePermanentRedirect(page.resource_url_for(resource.pk, text.title, request))
    context = page.get_context(request)
    context.update(selectors.resource_page_context(resource, request.user, page, request))
    context["library"] = page
    return TemplateResponse(request, "library/resource_detail.html", context)


def resource_file(request, pk: int, name: str):
    """The file of a resource, for those who may see the resource; 404 for everyone else and for any other
    name than the file's own (so an old or guessed address finds nothing)."""
    resource = Resource.objects.visible_to(request.user).filter(pk=pk).exclude(file="").first()
    if resource is None or resource.file_name != name:
        raise Http404
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=resource.file_type or "application/octet-stream",
        as_attachment=disposition_type(resource.file_type) == "attachment",
        filename=resource.file_name,
    )
    # A file is never a page of ours: it may run nothing and load nothing (as Wagtail serves documents).
    response["Content-Security-Policy"] = "default-src 'none'"
    if resource.audience == Audience.PUBLIC:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
@login_required
def resource_cite(request, pk: int):
    """Cite a resource in one of the person's commitments (target `c<id>`) or progress updates (`u<id>`)."""
    resource = selectors.resource_or_404(pk, request.user)
    page = selectors.library_page()
    title = resource.text_in(selectors.reader_language()).title
    back = page.resource_url_for(resource.pk, title, request) if page else "/"
    target = request.POST.get("target", "")
    commitment_id, update_id = None, None
    with contextlib.suppress(ValueError):
        kind, _colon, ids = target.partition(":")
        numbers = [int(part) for part in ids.split("/")] if ids else []
        if kind == "c" and len(numbers) == 1:
            commitment_id = numbers[0]
        elif kind == "u" and len(numbers) == 2:
            commitment_id, update_id = numbers
    try:
        if commitment_id is None:
            raise services.CitationRefused(_("Choose one of your party's commitments."))
        services.resource_cite(
            user=request.user,
            resource=resource,
            commitment_id=commitment_id,
            update_id=update_id,
            purpose=request.POST.get("purpose", ""),
        )
    except services.CitationRefused as refusal:
        messages.error(request, refusal.message)
        return HttpResponseRedirect(back)
    messages.success(request, _("The commitment now cites this resource."))
    return HttpResponseRedirect(back)
