"""The member's own profile page, and withdrawing the optional answer about gender."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from working_groups.forms.profile import ProfileForm
from working_groups.services.profile import member_preferences_remember, profile_get_or_create, profile_update
from working_groups.services.profile_gender import GenderChange, profile_gender_save, profile_gender_withdraw


def _gender_message(change: GenderChange) -> str:
    if change == GenderChange.GIVEN:
        return _("Your profile has been saved. Thank you: your answer about gender is counted anonymously.")
    if change == GenderChange.WITHDRAWN:
        return _(
            "Your profile has been saved. Your answer about gender has been deleted and is no longer counted."
        )
    return _("Your profile has been saved.")


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = profile_get_or_create(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            profile_update(profile=profile, **form.profile_changes())
            change = profile_gender_save(profile=profile, **form.gender_answer())
        member_preferences_remember(request.session, profile)
        messages.success(request, _gender_message(change))
        return redirect("profile")
    return render(request, "working_groups/profile.html", {"form": form, "profile": profile})


@login_required
@require_POST
def profile_gender_withdraw_view(request: HttpRequest) -> HttpResponse:
    """The "withdraw" button of the gender question: deletes the answer, whatever else the form held."""
    if profile_gender_withdraw(profile=profile_get_or_create(request.user)):
        messages.success(request, _("Your answer about gender has been deleted and is no longer counted."))
    else:
        messages.info(request, _("There was no answer about gender to withdraw."))
    return redirect("profile")
