"""Places of the site that are not Wagtail pages (the forums, the parties directory) or that another app owns
(the library, the commitment register), offered by name to the menus the secretariat edits.

cms names no app above it: each app registers a function under `roundtable_menu_destinations` returning
`Destination`s. A destination whose app is not installed, or whose page is gone, is left out of the menu.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

from cms.hooks import MENU_DESTINATIONS_HOOK


@dataclass(frozen=True)
class Destination:
    key: str
    label: str
    #: The address on a site, or "" when there is none (the page was deleted); may query the database.
    resolve: Callable[[object], str]


def destinations() -> dict[str, Destination]:
    found = {}
    for register in hooks.get_hooks(MENU_DESTINATIONS_HOOK):
        for destination in register():
            found[destination.key] = destination
    return found


def destination_choices() -> list[tuple[str, str]]:
    return sorted(((key, str(d.label)) for key, d in destinations().items()), key=lambda choice: choice[1])


def destination_url(key: str, site) -> str:
    destination = destinations().get(key)
    return destination.resolve(site) if destination else ""


def page_url_resolver(model) -> Callable[[object], str]:
    """A resolver for the first live page of `model` (a page type an app allows once)."""

    def resolve(site) -> str:
        page = model.objects.live().order_by("path").first()
        return (page.get_url(current_site=site) or "") if page else ""

    return resolve
