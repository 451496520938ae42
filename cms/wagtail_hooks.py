"""cms's own registrations: the account links every host site has, the audit log's account and permission
actions, and the secretariat's account deletion in the admin (cms.privacy)."""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from cms import audit
from cms.hooks import ACCOUNT_MENU_HOOK, HEADER_LINKS_HOOK
from cms.navigation import NavLink, account_menu_links, link_to
from cms.privacy.admin_views import (
    account_delete_url,
    admin_account_delete,
    may_delete_account,
    may_delete_accounts,
)


@hooks.register(ACCOUNT_MENU_HOOK)
def account_settings_links(request) -> list[NavLink]:
    """allauth's settings: every host site has them."""
    return [
        link_to(request, _("E-mail addresses"), "account_email", 20),
        link_to(request, _("Password"), "account_change_password", 30, section=("account_set_password",)),
        link_to(request, _("Two-factor authentication"), "mfa_index", 40, prefix="mfa_"),
        link_to(request, _("Your data"), "privacy_overview", 90, section=("account_delete",)),
    ]


@hooks.register(HEADER_LINKS_HOOK)
def account_and_admin_links(request) -> list[NavLink]:
    """ "My account" opens the first page of the account menu (the profile where working_groups is installed);
    the admin link for those who may use it."""
    menu = account_menu_links(request)
    links = [NavLink(label=_("My account"), url=menu[0].url, order=30)] if menu else []
    if request.user.has_perm("wagtailadmin.access_admin"):
        links.append(NavLink(label=_("Admin"), url=reverse("wagtailadmin_home"), order=40))
    return links


hooks.register("register_log_actions", audit.register_log_actions)


@hooks.register("before_delete_user")
def delete_users_through_the_erasure_service(request, user):
    """Wagtail's own "Delete user" leads to the account deletion page, so the same rules and clean-up apply
    (the last chair is asked to hand over, e-mail addresses leave the history, sessions end, …)."""
    if user.email:
        return redirect(f"{reverse('roundtable_admin_account_delete')}?{urlencode({'email': user.email})}")
    return None


@hooks.register("register_admin_urls")
def privacy_admin_urls():
    return [path("accounts/delete/", admin_account_delete, name="roundtable_admin_account_delete")]


class AccountDeleteMenuItem(MenuItem):
    def is_shown(self, request):
        return may_delete_accounts(request.user)


@hooks.register("register_settings_menu_item")
def account_delete_menu_item():
    return AccountDeleteMenuItem(
        _("Delete an account"), reverse("roundtable_admin_account_delete"), icon_name="user", order=900
    )


@hooks.register("register_user_listing_buttons")
def account_delete_listing_button(user, request_user):
    """In Settings → Users, each account the person may delete from the privacy page gets a link to it (in the
    row's "More" menu), also for those who may not use Wagtail's own "Delete"."""
    if user.email and may_delete_accounts(request_user) and may_delete_account(request_user, user):
        yield Button(
            _("Delete account and personal data"), url=account_delete_url(user), icon_name="bin", priority=40
        )
