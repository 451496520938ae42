"""The secretariat's review page: submitted commitments and progress updates, approve or return with a
comment. Anyone else gets 404: the page does not exist for them."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commitments import links, selectors
from commitments.forms import ReviewForm
from commitments.models import Commitment, ProgressUpdate
from commitments.services import commitments
from commitments.services import updates as commitment_updates
from working_groups import access
from working_groups.services.errors import MembershipError


def _require_secretariat(request) -> None:
    if not access.is_secretariat(request.user):
        raise Http404


def review_queue(request):
    _require_secretariat(request)
    return TemplateResponse(
        request,
        "commitments/review.html",
        {**selectors.review_queue(), "register": links.register_page()},
    )


@require_POST
def review_decide(request, kind: str, pk: int, decision: str):
    _require_secretariat(request)
    if kind not in ("commitment", "update") or decision not in ("approve", "return"):
        raise Http404
    form = ReviewForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    register = links.register_page()
    try:
        if kind == "commitment":
            commitment = get_object_or_404(Commitment, pk=pk)
            url = links.commitment_url(commitment, register)
            if decision == "approve":
                commitments.commitment_approve(actor=request.user, commitment=commitment, url=url)
            else:
                commitments.commitment_return(
                    actor=request.user, commitment=commitment, comment=comment, url=reverse("commitment_mine")
                )
            title = commitment.title
        else:
            update = get_object_or_404(ProgressUpdate.objects.select_related("commitment"), pk=pk)
            url = links.commitment_url(update.commitment, register)
            if decision == "approve":
                commitment_updates.update_approve(actor=request.user, update=update, url=url)
            else:
                commitment_updates.update_return(
                    actor=request.user, update=update, comment=comment, url=reverse("commitment_mine")
                )
            title = update.commitment.title
    except MembershipError as error:
        messages.error(request, error.message)
    else:
        done = _("Published: %(title)s") if decision == "approve" else _("Returned to the party: %(title)s")
        messages.success(request, done % {"title": title})
    return HttpResponseRedirect(reverse("commitment_review"))
