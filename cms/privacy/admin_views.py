"""The secretariat deletes a member's account from the admin, with the same service a member uses."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wagtail import hooks

from cms.hooks import ACCOUNT_ERASERS_HOOK
from cms.privacy import account_directory
from cms.privacy.erasure import ErasureRefused, account_erase, account_erasure_blockers
from cms.privacy.forms import AccountDeleteForm

SEARCH_MIN_LENGTH = 3
SEARCH_LIMIT = 20
TEMPLATE = "cms/privacy/admin_delete.html"


def may_delete_accounts(user) -> bool:
    """Superusers, and whoever an installed app names on ACCOUNT_ERASERS_HOOK (working_groups: the
    secretariat)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(may_erase(user) for may_erase in hooks.get_hooks(ACCOUNT_ERASERS_HOOK))


def may_delete_account(actor, person) -> bool:
    """Nobody deletes their own account from here, and only a superuser deletes a superuser's account."""
    return person.pk != actor.pk and (actor.is_superuser or not person.is_superuser)


def account_delete_url(person) -> str:
    """The confirmation page for one account, identified by its primary key."""
    return f"{reverse('roundtable_admin_account_delete')}?{urlencode({'account': person.pk})}"


@dataclass(frozen=True)
class AccountMatch:
    """One line of the search result: what the secretariat needs to recognise a person, nothing more."""

    pk: int
    name: str
    email: str
    organisation: str
    date_joined: datetime
    deletable: bool


def _account_match(person, actor, directory) -> AccountMatch:
    return AccountMatch(
        pk=person.pk,
        name=directory.name(person),
        email=person.email,
        organisation=directory.organisation(person),
        date_joined=person.date_joined,
        deletable=bool(person.email) and may_delete_account(actor, person),
    )


def _search_context(request: HttpRequest) -> dict:
    """The search box's result: at most SEARCH_LIMIT matching accounts, in one query whatever the matches."""
    if "q" not in request.GET:
        return {"query": ""}
    query = request.GET["q"].strip()
    if len(query) < SEARCH_MIN_LENGTH:
        return {"query": query, "query_too_short": True}
    directory = account_directory()
    found = list(directory.accounts_matching(query)[: SEARCH_LIMIT + 1])
    return {
        "query": query,
        "searched": True,
        "organisation_heading": directory.organisation_heading,
        "matches": [_account_match(person, request.user, directory) for person in found[:SEARCH_LIMIT]],
        "more_matches": len(found) > SEARCH_LIMIT,
        "search_limit": SEARCH_LIMIT,
    }


def _person_looked_up(request: HttpRequest, looked_up: str, context: dict):
    """The account named by e-mail address (?email=, or the confirmation form's "lookup"), else by primary key
    (?account=); sets a "not found" flag in the context when the one given does not exist."""
    User = get_user_model()
    if looked_up:
        person = User.objects.filter(email__iexact=looked_up).first()
        context["not_found"] = person is None
        return person
    account = request.GET.get("account", "").strip()
    if not account:
        return None
    is_key = account.isascii() and account.isdigit() and len(account) <= 18
    person = User.objects.filter(pk=int(account)).first() if is_key else None
    context["account_not_found"] = person is None
    return person


def admin_account_delete(request: HttpRequest) -> HttpResponse:
    """Find an account by name or e-mail address (?q=), or open it by e-mail address (?email=) or primary key
    (?account=); show what blocks its deletion, and delete it once the secretariat types the address again.
    Only a superuser may delete a superuser's account."""
    if not may_delete_accounts(request.user):
        raise PermissionDenied
    looked_up = (request.GET.get("email") or request.POST.get("lookup") or "").strip()
    context = {
        "page_title": _("Delete a member's account"),
        "header_icon": "user",
        "lookup": looked_up,
        "search_min_length": SEARCH_MIN_LENGTH,
    }
    person = _person_looked_up(request, looked_up, context)
    if person is None:
        context.update(_search_context(request))
        return render(request, TEMPLATE, context)
    if not may_delete_account(request.user, person):
        context["refused"] = _("You cannot delete this account from here.")
        return render(request, TEMPLATE, context, status=403)
    if not person.email:
        context["refused"] = _(
            "This account has no e-mail address to confirm with. Delete it under Settings → Users instead."
        )
        return render(request, TEMPLATE, context)
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
    return render(request, TEMPLATE, context)
