"""The member's own profile page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from working_groups.forms.profile import ProfileForm
from working_groups.services.profile import member_preferences_remember, profile_get_or_create, profile_update


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = profile_get_or_create(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile_update(profile=profile, **{name: form.cleaned_data[name] for name in form.changed_data})
        member_preferences_remember(request.session, profile)
        messages.success(request, _("Your profile has been saved."))
        return redirect("profile")
    return render(request, "working_groups/profile.html", {"form": form, "profile": profile})
