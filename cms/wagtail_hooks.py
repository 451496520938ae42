"""cms's own registrations in the hooks it offers: the account links every host site has."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from cms.hooks import ACCOUNT_MENU_HOOK, HEADER_LINKS_HOOK
from cms.navigation import NavLink, account_menu_links, link_to


@hooks.register(ACCOUNT_MENU_HOOK)
def account_settings_links(request) -> list[NavLink]:
    """allauth's settings: every host site has them."""
    return [
        link_to(request, _("E-mail addresses"), "account_email", 20),
        link_to(request, _("Password"), "account_change_password", 30, section=("account_set_password",)),
        link_to(request, _("Two-factor authentication"), "mfa_index", 40, prefix="mfa_"),
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
