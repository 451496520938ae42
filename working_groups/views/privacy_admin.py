"""The secretariat deletes a member's account from the admin, with the same service a member uses."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from working_groups import access
from working_groups.forms.privacy import AccountDeleteForm
from working_groups.privacy.erasure import ErasureRefused, account_erase, account_erasure_blockers


def may_delete_accounts(user) -> bool:
    return user.is_authenticated and (user.is_superuser or access.is_secretariat(user))


def admin_account_delete(request: HttpRequest) -> HttpResponse:
    """Find an account by its e-mail address (?email=), show what blocks its deletion, and delete it once
    the secretariat types the address again. Only a superuser may delete a superuser's account."""
    if not may_delete_accounts(request.user):
        raise PermissionDenied
    looked_up = (request.GET.get("email") or request.POST.get("lookup") or "").strip()
    person = None
    if looked_up:
        person = get_user_model().objects.filter(email__iexact=looked_up).first()
    context = {"page_title": _("Delete a member's account"), "header_icon": "user", "lookup": looked_up}
    if person is None:
        if looked_up:
            context["not_found"] = True
        return render(request, "working_groups/privacy/admin_delete.html", context)
    if person.pk == request.user.pk or (person.is_superuser and not request.user.is_superuser):
        context["refused"] = _("You cannot delete this account from here.")
        return render(request, "working_groups/privacy/admin_delete.html", context, status=403)
    form = AccountDeleteForm(request.POST or None, user=person)
    blockers = account_erasure_blockers(person)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            account_erase(user=person, actor=request.user)
        except ErasureRefused as refused:
            blockers = refused.reasons
        else:
            messages.success(request, _("The account and its personal data have been deleted."))
            return redirect(reverse("roundtable_admin_account_delete"))
    context.update({"person": person, "form": form, "blockers": blockers})
    return render(request, "working_groups/privacy/admin_delete.html", context)
