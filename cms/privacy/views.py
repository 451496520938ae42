"""A member's own data: the "Your data" page, the download, and deleting the account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from allauth.account.decorators import reauthentication_required

from cms.privacy.erasure import ErasureRefused, account_erase, account_erasure_blockers
from cms.privacy.export import personal_data_json, personal_data_parts
from cms.privacy.forms import AccountDeleteForm


@login_required
@never_cache
def privacy_overview(request: HttpRequest) -> HttpResponse:
    """What the download holds on this site: the sections of cms's and each installed app's part."""
    return render(request, "cms/privacy/overview.html", {"parts": personal_data_parts()})


@require_POST
@login_required
@reauthentication_required
def privacy_download(request: HttpRequest) -> HttpResponse:
    """All the person's data as one JSON file (POST, so no link or prefetch can start it)."""
    response = HttpResponse(personal_data_json(request.user), content_type="application/json; charset=utf-8")
    filename = f"roundtable-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
@reauthentication_required(allow_get=True)
def account_delete(request: HttpRequest) -> HttpResponse:
    """What goes and what stays (said by cms's and each installed app's part), then the confirmation."""
    user = request.user
    form = AccountDeleteForm(request.POST or None, user=user)
    blockers = account_erasure_blockers(user)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            account_erase(user=user, actor=user)
        except ErasureRefused as refused:
            blockers = refused.reasons
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data have been deleted."))
            return redirect("/")
    status = 409 if request.method == "POST" and blockers else 200
    context = {"form": form, "blockers": blockers, "parts": personal_data_parts()}
    return render(request, "cms/privacy/delete.html", context, status=status)
