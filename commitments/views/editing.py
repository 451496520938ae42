"""Pages where people of a party draft, edit and submit commitments and progress updates.

Only commitments the person may work on are found here (anything else answers 404); every change goes
through commitments.services.commitments / .commitment_updates.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commitments import links, selectors
from commitments.forms import (
    CommitmentForm,
    IndicatorFormSet,
    IndicatorValuesForm,
    ProgressUpdateForm,
    indicator_initial,
    indicator_inputs,
)
from commitments.models import Commitment, ProgressUpdate
from commitments.models.commitment import party_organisation_id
from commitments.services import commitments
from commitments.services import updates as commitment_updates
from working_groups import access
from working_groups.services.errors import MembershipError


def _editable(user, pk: int) -> Commitment:
    return get_object_or_404(
        Commitment.objects.editable_by(user).prefetch_related("parties", "indicators"), pk=pk
    )


def _page_url(commitment: Commitment) -> str:
    return links.commitment_url(commitment, links.register_page())


def _mine() -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("commitment_mine"))


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def my_commitments(request):
    return TemplateResponse(
        request,
        "commitments/my_commitments.html",
        {
            "commitments": list(selectors.my_commitments(request.user)),
            "register": links.register_page(),
            "has_party": party_organisation_id(request.user) is not None,
        },
    )


def _commitment_form(request, commitment: Commitment | None):
    form = CommitmentForm(request.POST or None, request.FILES or None, instance=commitment, user=request.user)
    formset = IndicatorFormSet(
        request.POST or None, initial=indicator_initial(commitment), prefix="indicators"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                if commitment is None:
                    commitment = commitments.commitment_create(
                        actor=request.user,
                        fields=form.service_fields(),
                        indicators=indicator_inputs(formset),
                        plan_file=form.cleaned_data.get("plan_file"),
                    )
                else:
                    commitments.commitment_update(
                        actor=request.user,
                        commitment=commitment,
                        fields=form.service_fields(),
                        indicators=indicator_inputs(formset),
                        plan_file=form.cleaned_data.get("plan_file"),
                    )
        except ValidationError as error:
            _form_errors(form, error)
        except MembershipError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your draft is saved. Submit it when it is ready for review."))
            return _mine()
    return TemplateResponse(
        request,
        "commitments/commitment_form.html",
        {
            "form": form,
            "formset": formset,
            "commitment": commitment,
            "source_visible": commitment is not None and commitment.source_visible_to(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def commitment_create(request):
    if party_organisation_id(request.user) is None and not access.is_secretariat(request.user):
        messages.error(request, _("Link your profile to your party first: only parties make commitments."))
        return HttpResponseRedirect(reverse("profile"))
    return _commitment_form(request, None)


@login_required
def commitment_edit(request, pk: int):
    commitment = _editable(request.user, pk)
    if not commitment.is_editable and not access.is_secretariat(request.user):
        messages.info(
            request, _("This commitment is with the secretariat or published; report progress instead.")
        )
        return _mine()
    return _commitment_form(request, commitment)


@login_required
@require_POST
def commitment_submit(request, pk: int):
    commitment = _editable(request.user, pk)
    try:
        commitments.commitment_submit(
            actor=request.user, commitment=commitment, review_url=reverse("commitment_review")
        )
    except MembershipError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Submitted. The secretariat will review it and let you know by e-mail."))
    return _mine()


def _update_form(request, commitment: Commitment, update: ProgressUpdate | None):
    indicators = list(commitment.indicators.all())
    initial_values = (
        {value.indicator_id: value.value.normalize() for value in update.values.all()} if update else {}
    )
    form = ProgressUpdateForm(request.POST or None, request.FILES or None, instance=update)
    values_form = IndicatorValuesForm(
        request.POST or None, indicators=indicators, initial_values=initial_values, prefix="values"
    )
    if request.method == "POST" and form.is_valid() and values_form.is_valid():
        try:
            if update is None:
                commitment_updates.update_create(
                    actor=request.user,
                    commitment=commitment,
                    fields=form.service_fields(),
                    values=values_form.values(),
                    evidence_file=form.cleaned_data.get("evidence_file"),
                )
            else:
                commitment_updates.update_edit(
                    actor=request.user,
                    update=update,
                    fields=form.service_fields(),
                    values=values_form.values(),
                    evidence_file=form.cleaned_data.get("evidence_file"),
                )
        except ValidationError as error:
            _form_errors(form, error)
        except MembershipError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Your progress update is saved as a draft. Submit it when it is ready.")
            )
            return _mine()
    return TemplateResponse(
        request,
        "commitments/update_form.html",
        {"form": form, "values_form": values_form, "commitment": commitment, "update": update},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def update_create(request, pk: int):
    return _update_form(request, _editable(request.user, pk), None)


def _editable_update(user, pk: int) -> ProgressUpdate:
    editable = Commitment.objects.editable_by(user).values("pk")
    return get_object_or_404(
        ProgressUpdate.objects.select_related("commitment").prefetch_related("values"),
        pk=pk,
        commitment__in=editable,
    )


@login_required
def update_edit(request, pk: int):
    update = _editable_update(request.user, pk)
    if not update.is_editable:
        messages.info(
            request, _("This update is with the secretariat or published and can no longer change.")
        )
        return _mine()
    return _update_form(request, update.commitment, update)


@login_required
@require_POST
def update_submit(request, pk: int):
    update = _editable_update(request.user, pk)
    try:
        commitment_updates.update_submit(
            actor=request.user, update=update, review_url=reverse("commitment_review")
        )
    except MembershipError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Submitted. The secretariat will review it and let you know by e-mail."))
    return _mine()
