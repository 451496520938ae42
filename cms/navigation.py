"""The header's account links and the account-settings menu, filled by the installed apps through hooks
(cms.hooks.HEADER_LINKS_HOOK and ACCOUNT_MENU_HOOK), so no template of cms or site names a later app's URL
and a host site without events or forums shows no dead link.

A hook function takes the request and returns a list of `NavLink`; the lists are merged and sorted by
`order`. cms contributes the links every host has (e-mail, password, two-factor, the admin); working_groups
the profile and "Your data"; events "My events" and "My calendar"; forums the notifications;
insights its link.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from wagtail import hooks

from cms.hooks import ACCOUNT_MENU_HOOK, HEADER_LINKS_HOOK


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    order: int = 50
    #: a count shown after the label (may be lazy, so a page that hides it costs no query)
    badge: object = None
    #: the aria-current value: "page" on the link's own page, "true" inside its section, else ""
    current: str = ""


def link_to(
    request, label, url_name: str, order: int, *, section: Iterable[str] = (), prefix: str = ""
) -> NavLink:
    """A link to the URL named `url_name`; current ("page") on that URL, "true" on a URL named in `section`
    or whose name starts with `prefix`."""
    match = getattr(request, "resolver_match", None)
    current_name = (match.view_name if match else "") or ""  # with its namespace ("events:my_calendar")
    if current_name == url_name:
        current = "page"
    elif current_name in section or (prefix and current_name.startswith(prefix)):
        current = "true"
    else:
        current = ""
    return NavLink(label=label, url=reverse(url_name), order=order, current=current)


def _collected(hook_name: str, request) -> list[NavLink]:
    links = [link for fn in hooks.get_hooks(hook_name) for link in fn(request)]
    return sorted(links, key=lambda link: link.order)


def header_links(request) -> list[NavLink]:
    return _collected(HEADER_LINKS_HOOK, request)


def account_menu_links(request) -> list[NavLink]:
    return _collected(ACCOUNT_MENU_HOOK, request)


def navigation(request):
    """Context processor: `header_links` and `account_menu_links`, computed only if a template asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"header_links": [], "account_menu_links": []}
    return {
        "header_links": SimpleLazyObject(lambda: header_links(request)),
        "account_menu_links": SimpleLazyObject(lambda: account_menu_links(request)),
    }
